"""A file's problem in the UI's language: the YAML parser's, the file's own and the schema checks' problems, by kind.

The library keeps a problem's `message` in English (for programs and logs) and gives each problem a person can make
a kind: the parser's and the file's (repo_layout.model.loading.FileProblem) and the schema checks'
(repo_layout.model.problems.CheckProblem). The app and the CLI say that kind with the words of tui/i18n
("yaml_" + kind, "check_" + kind, the latter after the point and action it is in). A problem without a worded kind
is shown as the library words it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repo_layout.model.loading import FileProblem
from repo_layout.model.problems import CheckProblem, Problem
from tui.i18n import CATALOGUE, word

if TYPE_CHECKING:
    from repo_layout.model.validate import OpenItem


def _key(problem: Problem) -> str | None:
    """The i18n key that words `problem`, or None when it has no worded kind."""
    if isinstance(problem, FileProblem):
        key = f"yaml_{problem.kind}"
    elif isinstance(problem, CheckProblem):
        key = f"check_{problem.kind}"
    else:
        return None
    return key if key in CATALOGUE["en"] else None


def problem_words(problem: Problem, language: str) -> str:
    """What is wrong, for a person reading `language` (without the line and column, which the caller shows)."""
    key = _key(problem)
    if key is None:
        return problem.message
    values = dict(problem.values)  # type: ignore[attr-defined]
    where = ""
    if isinstance(problem, CheckProblem):
        where = "".join(word(language, f"check_at_{name}", **values) for name in ("point", "action") if name in values)
    return where + word(language, key, **values)


def problem_line(problem: Problem, language: str, path: object = None) -> str:
    """The problem as validate prints it, `path:line:column: [warning: ]words`, in `language` when its kind is worded.

    A problem without a worded kind is printed as the library words it, so that a line is never half in one language
    and half in another.
    """
    where = problem.path if path is None else path
    if _key(problem) is None:
        return f"{where}:{problem.line}:{problem.column}: {'warning: ' if not problem.is_error else ''}{problem.message}"
    prefix = f"{word(language, 'problem_warning')}: " if not problem.is_error else ""
    return f"{where}:{problem.line}:{problem.column}: {prefix}{problem_words(problem, language)}"


def open_item_line(item: OpenItem, language: str) -> str:
    """A postponed point no later meeting took up, as validate lists it: `path:line:column: point 5 (title) postponed`."""
    point = item.point if item.point is not None else "-"
    said = word(language, "open_item_postponed", point=point, title=item.title)
    if item.reason:
        said += word(language, "open_item_reason", reason=item.reason)
    return f"{item.path}:{item.line}:{item.column}: {said}"
