"""Reading one file: YAML problems as values (`load_document`), a meeting checked and loaded (`load_meeting`, which
raises MeetingLoadError with the problems), or all of a meeting's problems (`meeting_problems`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout import boundary
from repo_layout.model.checks import check_meeting_document
from repo_layout.model.meeting import Meeting
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio


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
        return None, "", [Problem(path, 1, 1, f"cannot read the file: {error.strerror}")]
    except yamlio.YamlLoadError as error:
        return None, "", [Problem(path, error.line, error.column, error.message)]
    try:
        document = yamlio.load_text(text)
    except yamlio.YamlLoadError as error:
        return None, text, [Problem(path, error.line, error.column, error.message)]
    special = [Problem(path, line, column, message) for line, column, message in yamlio.special_features(document)]
    problems = special + _text_problems(path, text)
    return (None if special else document), text, problems


def _text_problems(path: Path, text: str) -> list[Problem]:
    problems = []
    if text.startswith("\ufeff"):
        problems.append(Problem(path, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM", "warning"))
    if "\r\n" in text:
        line = text[: text.index("\r\n")].count("\n") + 1
        problems.append(Problem(path, line, 1, "file has CRLF line endings; `minutes fmt` writes LF", "warning"))
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
