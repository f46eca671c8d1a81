"""A file's problem in the UI's language: the YAML parser's and the file's own problems are worded here, by kind.

The library keeps a problem's `message` in English (for programs and logs) and gives the problems people make
while writing YAML by hand a kind (repo_layout.model.loading.FileProblem); the app and the CLI say that kind with
the words of tui/i18n ("yaml_" + kind). Other problems (the schema's) are shown as the library words them.
"""

from __future__ import annotations

from repo_layout.model.loading import FileProblem
from repo_layout.model.problems import Problem
from tui.i18n import CATALOGUE, word


def problem_words(problem: Problem, language: str) -> str:
    """What is wrong, for a person reading `language` (without the line and column, which the caller shows)."""
    if isinstance(problem, FileProblem) and f"yaml_{problem.kind}" in CATALOGUE["en"]:
        return word(language, f"yaml_{problem.kind}", **dict(problem.values))
    return problem.message


def problem_line(problem: Problem, language: str, path: object = None) -> str:
    """The problem as validate prints it, `path:line:column: [warning: ]words`, in `language` when its kind is worded.

    A problem without a worded kind (the schema's) is printed as the library words it, so that a line is never half
    in one language and half in another.
    """
    where = problem.path if path is None else path
    if not isinstance(problem, FileProblem) or f"yaml_{problem.kind}" not in CATALOGUE["en"]:
        return f"{where}:{problem.line}:{problem.column}: {'warning: ' if not problem.is_error else ''}{problem.message}"
    prefix = f"{word(language, 'problem_warning')}: " if not problem.is_error else ""
    return f"{where}:{problem.line}:{problem.column}: {prefix}{problem_words(problem, language)}"
