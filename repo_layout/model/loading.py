"""Reading one file: YAML problems as values (`load_document`), a meeting checked and loaded (`load_meeting`, which
raises MeetingLoadError with the problems), or all of a meeting's problems (`meeting_problems`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout import boundary
from repo_layout.model.checks import check_meeting_document
from repo_layout.model.meeting import Meeting
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio


@dataclass(frozen=True)
class FileProblem(Problem):
    """A file that could not be read as YAML, or that a save would change (BOM, CRLF): a kind a UI words for people.

    `message` is English (for programs and logs); the app and the CLI say `kind` with `values` in their language
    (tui/problem_words.py, the i18n key "yaml_" + kind): the kinds of YamlLoadError, and unreadable, bom, crlf, tag, anchor.
    """

    kind: str = "syntax"
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: Path, error: yamlio.YamlLoadError) -> FileProblem:
        """The problem of a YamlLoadError, at its line and column."""
        return cls(path, error.line, error.column, error.message, "error", error.kind, tuple(error.values.items()))

    def relative_to(self, root: Path) -> Problem:
        try:
            return dataclasses.replace(self, path=self.path.relative_to(root))
        except ValueError:
            return self


class MeetingLoadError(Exception):
    """A meeting file could not be loaded; `problems` says where and why."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


def load_document(path: Path) -> tuple[Any, str, list[Problem]]:
    """Read and parse a YAML file; problems instead of exceptions. The document is None on failure."""
    linked = boundary.link_problem(path)
    if linked is not None:
        return None, "", [Problem(path, 1, 1, linked)]
    try:
        text = yamlio.read_text(path)
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot read the file: {reason}"
        return None, "", [FileProblem(path, 1, 1, message, "error", "unreadable", (("reason", reason),))]
    except yamlio.YamlLoadError as error:
        return None, "", [FileProblem.of(path, error)]
    try:
        document = yamlio.load_text(text)
    except yamlio.YamlLoadError as error:
        return None, text, [FileProblem.of(path, error)]
    special: list[Problem] = [
        FileProblem(path, line, column, message, "error", "tag" if "tags are not allowed" in message else "anchor")
        for line, column, message in yamlio.special_features(document)
    ]
    problems = special + _text_problems(path, text)
    return (None if special else document), text, problems


def _text_problems(path: Path, text: str) -> list[Problem]:
    problems = []
    if text.startswith("\ufeff"):
        message = "file starts with a byte-order mark; save it as UTF-8 without BOM"
        problems.append(FileProblem(path, 1, 1, message, "warning", "bom"))
    if "\r\n" in text:
        line = text[: text.index("\r\n")].count("\n") + 1
        problems.append(FileProblem(path, line, 1, "file has CRLF line endings; `minutes fmt` writes LF", "warning", "crlf"))
    return problems


def document_to_check(document: Any, problems: list[Problem]) -> Any:
    """The document to check: an empty file that read without errors is checked as an empty mapping."""
    if document is None and not any(problem.is_error for problem in problems):
        return CommentedMap()
    return document


def load_meeting(path: Path) -> Meeting:
    """Parse and check one meeting; raise MeetingLoadError when it has errors."""
    document, text, problems = load_document(path)
    document = document_to_check(document, problems)
    if document is not None:
        problems.extend(check_meeting_document(path, document))
    errors = [problem for problem in problems if problem.is_error]
    if document is None or errors:
        raise MeetingLoadError(path, errors or problems)
    return Meeting(path, document, text, yamlio.guess_layout(text))


def meeting_problems(path: Path) -> list[Problem]:
    """Every problem (errors and warnings) of one meeting file."""
    document, _, problems = load_document(path)
    document = document_to_check(document, problems)
    if document is not None:
        problems.extend(check_meeting_document(path, document))
    return problems
