"""The schema checks of a parsed document: problems as values, never an exception on bad input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout.model.fields import ACTION_KEYS, MEETING_KEYS, POINT_KEYS, STATUSES
from repo_layout.model.file_names import meeting_date_from_name
from repo_layout.model.problems import Problem
from repo_layout.yaml import styles, yamlio

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
TIME_RANGE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:.]([0-5]\d)$")
TEXT_KEYS_MEETING = ("title", "start", "end", "location", "status", "minute_taker", "information")
TEXT_KEYS_POINT = ("title", "case", "time", "presenter", "decision_heading", "decision")


class Checker:
    """Collects problems for one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, container: Any, key: Any, message: str, severity: str = "error") -> None:
        line, column = yamlio.position_of(container, key) if container is not None else (1, 1)
        self.problems.append(Problem(self.path, line, column, message, severity))

    def unknown_keys(self, mapping: CommentedMap, known: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if str(key) not in known:
                self.add(mapping, key, f"unknown key '{key}' in {what} (kept as it is)", "warning")

    def text(self, mapping: CommentedMap, key: str, what: str) -> None:
        if key in mapping and mapping[key] is not None and not isinstance(mapping[key], str):
            value = mapping[key]
            kind = type(value).__name__
            hint = ' (quote it: "..." )' if isinstance(value, (int, float, bool, dt.date)) else ""
            self.add(mapping, key, f"{what}{key} must be text, not {kind} {value!r}{hint}")

    def string_list(self, mapping: CommentedMap, key: str, what: str) -> None:
        value = mapping.get(key)
        if key in mapping and value is not None:
            if not isinstance(value, list):
                self.add(mapping, key, f"{what}{key} must be a list of names")
                return
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    self.add(value, index, f"{what}{key} item {index + 1} must be text, not {item!r}")


def ambiguous_plain(checker: Checker, document: Any) -> None:
    """Plain scalars that YAML 1.1 readers (PyYAML) read as something other than text."""
    for container, key, value in yamlio.walk(document):
        if styles.is_plain(value) and not styles.resolves_as_string(str(value)):
            checker.add(
                container,
                key,
                f"'{value}' is read as a number, boolean or date by some YAML readers; quote it: \"{value}\"",
            )


def _not_literal_blocks(checker: Checker, document: Any) -> None:
    """Multi-line text written other than as a literal block (`|`): a diff of it would not show its lines."""
    for container, key, value in yamlio.walk(document):
        if styles.needs_literal_block(value):
            message = "multi-line text is not a literal block (|), so a diff cannot show its lines; `minutes fmt` rewrites it"
            checker.add(container, key, message, "warning")


def check_meeting_document(path: Path, document: Any) -> list[Problem]:
    """Schema problems of one parsed meeting document."""
    checker = Checker(path)
    if not isinstance(document, CommentedMap):
        checker.problems.append(Problem(path, 1, 1, "a meeting file must be a mapping of fields (title, date, points, ...)"))
        return checker.problems
    checker.unknown_keys(document, MEETING_KEYS, "the meeting")
    date = document.get("date")
    parsed_name = meeting_date_from_name(path.name)
    if "date" not in document:
        checker.add(None, None, "the meeting has no date: add `date: YYYY-MM-DD`")
    elif not isinstance(date, dt.date):
        checker.add(document, "date", f"date must be a date written YYYY-MM-DD without quotes, not {date!r}")
    elif parsed_name is None:
        checker.add(None, None, "the file name must be YYYY-MM-DD.yaml (or YYYY-MM-DD-2.yaml for a second meeting that day)")
    elif parsed_name[0] != (date.date() if isinstance(date, dt.datetime) else date):
        checker.add(document, "date", f"date {date} does not match the file name {path.name}")
    for key in TEXT_KEYS_MEETING:
        checker.text(document, key, "")
    for key in ("start", "end"):
        value = document.get(key)
        if isinstance(value, str) and not TIME.match(value):
            checker.add(document, key, f'{key} must be a time like "09:00", not {value!r}')
    status = document.get("status")
    if isinstance(status, str) and status not in STATUSES:
        checker.add(document, "status", f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    checker.string_list(document, "present", "")
    checker.string_list(document, "absent", "")
    points = document.get("points")
    if "points" in document and points is not None:
        if not isinstance(points, list):
            checker.add(document, "points", "points must be a list of points (each starting with `- number:`)")
        else:
            for index, point in enumerate(points):
                _check_point(checker, points, index, point)
            _check_repeated_numbers(checker, points)
            _check_number_order(checker, points)
    _not_literal_blocks(checker, document)
    ambiguous_plain(checker, document)
    return checker.problems


def _check_repeated_numbers(checker: Checker, points: list) -> None:
    """A number that two points carry is a warning (renumber with R in the app); minutes may skip numbers, not repeat them."""
    seen: set[int] = set()
    for point in points:
        number = point.get("number") if isinstance(point, CommentedMap) else None
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in seen:
            checker.add(point, "number", f"point {number}: another point has the number {number} too", "warning")
        seen.add(number)


def _check_number_order(checker: Checker, points: list) -> None:
    """A point whose number is lower than a number printed before it is a warning: moving a point in the app keeps
    increasing numbers increasing, and R renumbers them all."""
    highest: int | None = None
    for point in points:
        number = point.get("number") if isinstance(point, CommentedMap) else None
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if highest is not None and number < highest:
            message = f"point {number} comes after point {highest}: the point numbers are not in increasing order (R renumbers)"
            checker.add(point, "number", message, "warning")
        highest = number if highest is None else max(highest, number)


def _check_point(checker: Checker, points: list, index: int, point: Any) -> None:
    where = f"point {index + 1}: "
    if not isinstance(point, CommentedMap):
        checker.add(points, index, f"{where}a point must be a mapping with at least a title")
        return
    number = point.get("number")
    if number is not None:
        if not isinstance(number, int) or isinstance(number, bool):
            checker.add(point, "number", f"{where}number must be a whole number, not {number!r}")
        else:
            where = f"point {number}: "
    if not point.get("title"):
        checker.add(points, index, f"{where}the point has no title")
    checker.unknown_keys(point, POINT_KEYS, f"{where.rstrip(': ')}")
    for key in TEXT_KEYS_POINT:
        checker.text(point, key, where)
    time = point.get("time")
    if isinstance(time, str) and not (TIME_RANGE.match(time) or TIME.match(time)):
        checker.add(point, "time", f'{where}time must look like "09:30-09:45", not {time!r}')
    sections = point.get("sections")
    if sections is not None:
        if not isinstance(sections, dict):
            checker.add(point, "sections", f"{where}sections must be a mapping of heading: text")
        else:
            for heading, text in sections.items():
                if text is not None and not isinstance(text, str):
                    checker.add(sections, heading, f"{where}section '{heading}' must be text")
    attachments = _list_of(checker, point, "attachments", where)
    for position, item in enumerate(attachments):
        if not isinstance(item, (str, dict)) or (isinstance(item, dict) and not item.get("title")):
            checker.add(attachments, position, f"{where}attachment {position + 1} must be a title or {{title, file}}")
    actions = _list_of(checker, point, "actions", where)
    for position, action in enumerate(actions):
        _check_action(checker, actions, position, action, where)


def _list_of(checker: Checker, point: Any, key: str, where: str) -> list:
    """The point's list under `key` (empty when absent); a problem, and an empty list, when it is not a list."""
    value = point.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        checker.add(point, key, f"{where}{key} must be a list")
        return []
    return value


def _check_action(checker: Checker, actions: list, position: int, action: Any, where: str) -> None:
    label = f"{where}action {position + 1}: "
    if not isinstance(action, CommentedMap) or not action.get("task"):
        checker.add(actions, position, f"{label}an action needs a task")
        return
    checker.unknown_keys(action, ACTION_KEYS, label.rstrip(": "))
    checker.text(action, "task", label)
    checker.text(action, "owner", label)
    if action.get("due") is not None and not isinstance(action.get("due"), dt.date):
        checker.add(action, "due", f"{label}due must be a date written YYYY-MM-DD")
    if "done" in action and not isinstance(action.get("done"), bool):
        checker.add(action, "done", f"{label}done must be true or false")
