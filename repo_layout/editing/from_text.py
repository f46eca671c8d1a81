"""Text a person wrote (in $EDITOR) back into the model: a point or a whole meeting, or the problems that stop it.

Only errors stop a result; warnings (an unknown key) are kept for `minutes validate` to name, as on load.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.model.checks import check_meeting_document
from repo_layout.model.loading import FileProblem
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio

POINT_PATH = Path("point")
"""The path a point's problems name: a point edited on its own is not a file."""


def point_text(meeting: Meeting, index: int) -> str:
    """The point at `index` as YAML text to edit on its own, in the meeting file's own layout."""
    return yamlio.dump_text(meeting.points[index].data, meeting.layout)


def point_from_text(text: str) -> Point | list[Problem]:
    """The point a text holds, checked as the only point of a meeting (its date aside), or what is wrong with it."""
    try:
        document = yamlio.load_text(text)
    except yamlio.YamlLoadError as error:
        return [FileProblem.of(POINT_PATH, error)]
    if not isinstance(document, CommentedMap):
        return [Problem(POINT_PATH, 1, 1, "a point must be a mapping with at least a title")]
    special = yamlio.special_features(document)
    if special:
        return [Problem(POINT_PATH, line, column, message) for line, column, message in special]
    wrapper = CommentedMap()
    wrapper["points"] = CommentedSeq([document])
    problems = check_meeting_document(POINT_PATH, wrapper)
    errors = [problem for problem in problems if problem.is_error and "date" not in problem.message]
    return errors or Point(document)


def meeting_from_text(path: Path, text: str, base_text: str) -> Meeting | list[Problem]:
    """The meeting a text holds, to be saved over the file whose text was `base_text`, or what is wrong with it.

    The meeting splices into `text` (its source), so what the person wrote around the values (comments) is kept.
    """
    try:
        document = yamlio.load_text(text)
    except yamlio.YamlLoadError as error:
        return [FileProblem.of(path, error)]
    problems = [Problem(path, line, column, message) for line, column, message in yamlio.special_features(document)]
    problems += [problem for problem in check_meeting_document(path, document) if problem.is_error]
    if problems:
        return problems
    return Meeting(path, document, base_text, yamlio.guess_layout(text), source_text=text)


def file_text(path: Path) -> str:
    """A meeting file's text to hand to an editor: as read for a save, else its bytes with bad UTF-8 replaced."""
    try:
        return yamlio.read_text(path)
    except (OSError, yamlio.YamlLoadError):
        return path.read_bytes().decode("utf-8", errors="replace")


def meeting_to_read(path: Path, text: str) -> Meeting | Problem | None:
    """The meeting a text holds as it is (an old version, to read, problems or not), the YAML error that stops it,
    or None when it is YAML but not a meeting's mapping of fields."""
    try:
        document = yamlio.load_text(text)
    except yamlio.YamlLoadError as error:
        return FileProblem.of(path, error)
    if not isinstance(document, dict):
        return None
    return Meeting(path, document, text, yamlio.guess_layout(text))
