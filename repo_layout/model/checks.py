"""The schema checks of a parsed document: problems as values, never an exception on bad input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout.model.fields import (
    ACTION_KEYS,
    CORRECTION_KEYS,
    FOLLOW_UP_KEYS,
    LINK_KEYS,
    MEETING_KEYS,
    POINT_KEYS,
    STATUSES,
)
from repo_layout.model.file_names import meeting_date_from_name
from repo_layout.model.problems import CheckProblem, Problem
from repo_layout.yaml import styles, yamlio

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
TIME_RANGE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:.]([0-5]\d)$")
TEXT_KEYS_MEETING = ("title", "start", "end", "location", "status", "minute_taker", "information")
TEXT_KEYS_POINT = ("title", "case", "time", "presenter", "decision_heading", "decision")


At = dict[str, str]
"""Where in a meeting a problem is: {"point": "3"} or {"point": "3", "action": "2"}; {} for the meeting itself."""


def english_at(at: At) -> str:
    """The English prefix of a problem at `at`: "point 3: action 2: " (empty for the meeting itself)."""
    return "".join(f"{name} {at[name]}: " for name in ("point", "action") if name in at)


class Checker:
    """Collects problems for one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(
        self, container: Any, key: Any, message: str, /, severity: str = "error", kind: str = "", at: At | None = None,
        **values: object,
    ) -> None:
        """A problem at `container[key]` (line 1 without a container): `message` in English, `kind` and `values` to word."""
        line, column = yamlio.position_of(container, key) if container is not None else (1, 1)
        words = tuple((name, str(value)) for name, value in {**(at or {}), **values}.items())
        self.problems.append(CheckProblem(self.path, line, column, english_at(at or {}) + message, severity, kind, words))

    def unknown_keys(self, mapping: CommentedMap, known: tuple[str, ...], what: str, at: At | None = None) -> None:
        for key in mapping:
            if str(key) not in known:
                self.problems.append(
                    CheckProblem(
                        self.path, *yamlio.position_of(mapping, key), f"unknown key '{key}' in {what} (kept as it is)",
                        "warning", "unknown_key", tuple({**(at or {}), "field": str(key)}.items()),
                    )
                )

    def text(self, mapping: CommentedMap, key: str, at: At | None = None) -> None:
        if key in mapping and mapping[key] is not None and not isinstance(mapping[key], str):
            value = mapping[key]
            kind = type(value).__name__
            quote = isinstance(value, (int, float, bool, dt.date))
            hint = ' (quote it: "..." )' if quote else ""
            message = f"{key} must be text, not {kind} {value!r}{hint}"
            self.add(mapping, key, message, kind="not_text_quote" if quote else "not_text", at=at, field=key, value=repr(value))

    def string_list(self, mapping: CommentedMap, key: str) -> None:
        value = mapping.get(key)
        if key in mapping and value is not None:
            if not isinstance(value, list):
                self.add(mapping, key, f"{key} must be a list of names", kind="not_name_list", field=key)
                return
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    message = f"{key} item {index + 1} must be text, not {item!r}"
                    self.add(value, index, message, kind="name_not_text", field=key, item=index + 1, value=repr(item))


def ambiguous_plain(checker: Checker, document: Any) -> None:
    """Plain scalars that YAML 1.1 readers (PyYAML) read as something other than text."""
    for container, key, value in yamlio.walk(document):
        if styles.is_plain(value) and not styles.resolves_as_string(str(value)):
            checker.add(
                container,
                key,
                f"'{value}' is read as a number, boolean or date by some YAML readers; quote it: \"{value}\"",
                kind="ambiguous",
                value=value,
            )


def _not_literal_blocks(checker: Checker, document: Any) -> None:
    """Multi-line text written other than as a literal block (`|`): a diff of it would not show its lines."""
    for container, key, value in yamlio.walk(document):
        if styles.needs_literal_block(value):
            message = "multi-line text is not a literal block (|), so a diff cannot show its lines; `minutes fmt` rewrites it"
            checker.add(container, key, message, "warning", "not_literal")


def check_meeting_document(path: Path, document: Any) -> list[Problem]:
    """Schema problems of one parsed meeting document."""
    checker = Checker(path)
    if not isinstance(document, CommentedMap):
        checker.add(
            None, None, "a meeting file must be a mapping of fields (title, date, points, ...)", kind="not_mapping_meeting",
        )
        return checker.problems
    checker.unknown_keys(document, MEETING_KEYS, "the meeting")
    date = document.get("date")
    parsed_name = meeting_date_from_name(path.name)
    if "date" not in document:
        checker.add(None, None, "the meeting has no date: add `date: YYYY-MM-DD`", kind="no_date")
    elif not isinstance(date, dt.date):
        message = f"date must be a date written YYYY-MM-DD without quotes, not {date!r}"
        checker.add(document, "date", message, kind="date_not_date", value=repr(date))
    elif parsed_name is None:
        message = "the file name must be YYYY-MM-DD.yaml (or YYYY-MM-DD-2.yaml for a second meeting that day)"
        checker.add(None, None, message, kind="file_name")
    elif parsed_name[0] != (date.date() if isinstance(date, dt.datetime) else date):
        checker.add(
            document, "date", f"date {date} does not match the file name {path.name}",
            kind="date_mismatch", date=date, name=path.name,
        )
    for key in TEXT_KEYS_MEETING:
        checker.text(document, key)
    for key in ("start", "end"):
        value = document.get(key)
        if isinstance(value, str) and not TIME.match(value):
            checker.add(
                document, key, f'{key} must be a time like "09:00", not {value!r}', kind="bad_time", field=key, value=repr(value),
            )
    status = document.get("status")
    if isinstance(status, str) and status not in STATUSES:
        message = f"status must be one of {', '.join(STATUSES)}, not {status!r}"
        checker.add(document, "status", message, kind="bad_status", statuses=", ".join(STATUSES), value=repr(status))
    checker.string_list(document, "present")
    checker.string_list(document, "absent")
    _check_corrections(checker, document)
    points = document.get("points")
    if "points" in document and points is not None:
        if not isinstance(points, list):
            checker.add(
                document, "points", "points must be a list of points (each starting with `- number:`)", kind="points_not_list",
            )
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
            message = f"another point has the number {number} too"
            checker.add(point, "number", message, "warning", "repeated_number", {"point": str(number)})
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
            checker.add(point, "number", message, "warning", "number_order", number=number, highest=highest)
        highest = number if highest is None else max(highest, number)


def _check_point(checker: Checker, points: list, index: int, point: Any) -> None:
    at: At = {"point": str(index + 1)}
    if not isinstance(point, CommentedMap):
        checker.add(points, index, "a point must be a mapping with at least a title", kind="point_not_mapping", at=at)
        return
    number = point.get("number")
    if number is not None:
        if not isinstance(number, int) or isinstance(number, bool):
            message = f"number must be a whole number, not {number!r}"
            checker.add(point, "number", message, kind="number_not_whole", at=at, value=repr(number))
        else:
            at = {"point": str(number)}
    if not point.get("title"):
        checker.add(points, index, "the point has no title", kind="no_title", at=at)
    checker.unknown_keys(point, POINT_KEYS, english_at(at).rstrip(": "), at)
    for key in TEXT_KEYS_POINT:
        checker.text(point, key, at)
    time = point.get("time")
    if isinstance(time, str) and not (TIME_RANGE.match(time) or TIME.match(time)):
        checker.add(
            point, "time", f'time must look like "09:30-09:45", not {time!r}', kind="bad_point_time", at=at, value=repr(time),
        )
    sections = point.get("sections")
    if sections is not None:
        if not isinstance(sections, dict):
            checker.add(point, "sections", "sections must be a mapping of heading: text", kind="sections_not_mapping", at=at)
        else:
            for heading, text in sections.items():
                if text is not None and not isinstance(text, str):
                    checker.add(
                        sections, heading, f"section '{heading}' must be text", kind="section_not_text", at=at, heading=heading,
                    )
    attachments = _list_of(checker, point, "attachments", at)
    for position, item in enumerate(attachments):
        if not isinstance(item, (str, dict)) or (isinstance(item, dict) and not (item.get("title") or item.get("file"))):
            message = f"attachment {position + 1} must be a title or {{title, file}}"
            checker.add(attachments, position, message, kind="bad_attachment", at=at, position=position + 1)
        elif isinstance(item, CommentedMap):
            checker.unknown_keys(item, ("title", "file"), f"{english_at(at)}attachment {position + 1}", at)
            checker.text(item, "title", at)
            checker.text(item, "file", at)
    _check_cycle_marks(checker, point, at)
    actions = _list_of(checker, point, "actions", at)
    for position, action in enumerate(actions):
        _check_action(checker, actions, position, action, at)


def _list_of(checker: Checker, point: Any, key: str, at: At) -> list:
    """The point's list under `key` (empty when absent); a problem, and an empty list, when it is not a list."""
    value = point.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        checker.add(point, key, f"{key} must be a list", kind="not_list", at=at, field=key)
        return []
    return value


def _check_action(checker: Checker, actions: list, position: int, action: Any, point_at: At) -> None:
    at: At = {**point_at, "action": str(position + 1)}
    if not isinstance(action, CommentedMap) or not action.get("task"):
        checker.add(actions, position, "an action needs a task", kind="no_task", at=at)
        return
    checker.unknown_keys(action, ACTION_KEYS, english_at(at).rstrip(": "), at)
    checker.text(action, "task", at)
    checker.text(action, "owner", at)
    if action.get("due") is not None and not isinstance(action.get("due"), dt.date):
        checker.add(action, "due", "due must be a date written YYYY-MM-DD", kind="bad_due", at=at)
    if "done" in action and not isinstance(action.get("done"), bool):
        checker.add(action, "done", "done must be true or false", kind="bad_done", at=at)


def _check_corrections(checker: Checker, document: CommentedMap) -> None:
    """`corrections`: a list of mappings of date, by, what and why (changes made after approval)."""
    value = document.get("corrections")
    if value is None:
        return
    if not isinstance(value, list):
        checker.add(document, "corrections", "corrections must be a list", kind="not_list", field="corrections")
        return
    for position, item in enumerate(value):
        if not isinstance(item, CommentedMap):
            message = f"correction {position + 1} must be a mapping of date, by, what and why"
            checker.add(value, position, message, kind="bad_correction", position=position + 1)
            continue
        checker.unknown_keys(item, CORRECTION_KEYS, f"correction {position + 1}")
        if item.get("date") is not None and not isinstance(item.get("date"), dt.date):
            message = f"correction {position + 1}: date must be a date written YYYY-MM-DD"
            checker.add(item, "date", message, kind="correction_date", position=position + 1)
        for key in ("by", "what", "why"):
            checker.text(item, key)


def _check_cycle_marks(checker: Checker, point: CommentedMap, at: At) -> None:
    """The cycle's marks of a point: closed, postponed, and its links to other meetings (approves, carried_from,
    follow_up)."""
    closed = point.get("closed")
    if closed is not None and not isinstance(closed, bool):
        checker.add(point, "closed", "closed must be true or false", kind="not_bool", at=at, field="closed")
    postponed = point.get("postponed")
    if postponed is not None and not isinstance(postponed, (bool, dict)):
        message = "postponed must be true or a mapping with its reason (reason: ...)"
        checker.add(point, "postponed", message, kind="bad_postponed", at=at)
    elif isinstance(postponed, CommentedMap):
        checker.unknown_keys(postponed, ("reason",), f"{english_at(at)}postponed", at)
        checker.text(postponed, "reason", at)
    if point.get("approves") is not None:
        _link_meeting(checker, point, "approves", "approves", at)
    if point.get("carried_from") is not None:
        _check_link(checker, point, "carried_from", LINK_KEYS, at)
    follow_up = _list_of(checker, point, "follow_up", at)
    for position in range(len(follow_up)):
        if _check_link(checker, follow_up, position, FOLLOW_UP_KEYS, at, "follow_up"):
            item = follow_up[position]
            checker.text(item, "task", at)
            checker.text(item, "owner", at)
            if item.get("due") is not None and not isinstance(item.get("due"), dt.date):
                checker.add(item, "due", "due must be a date written YYYY-MM-DD", kind="bad_due", at=at)


def _check_link(
    checker: Checker, container: Any, key: Any, known: tuple[str, ...], at: At, field: str | None = None
) -> bool:
    """A link to a point of another meeting (`meeting:` its name in quotes, `point:` a whole number); True when it is a
    mapping."""
    field = field or str(key)
    link = container[key]
    if not isinstance(link, CommentedMap):
        message = f'{field} must be a mapping of meeting: "YYYY-MM-DD" and point: NUMBER'
        checker.add(container, key, message, kind="bad_link", at=at, field=field)
        return False
    checker.unknown_keys(link, known, f"{english_at(at)}{field}", at)
    if link.get("meeting") is None:
        checker.add(container, key, f"{field} names no meeting (meeting: \"YYYY-MM-DD\")", kind="link_no_meeting", at=at,
                    field=field)
    else:
        _link_meeting(checker, link, "meeting", field, at)
    number = link.get("point")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        message = f"{field}: point must be a whole number, not {number!r}"
        checker.add(link, "point", message, kind="bad_link_point", at=at, field=field, value=repr(number))
    return True


def _link_meeting(checker: Checker, container: CommentedMap, key: str, field: str, at: At) -> None:
    """A link's meeting: its file name without .yaml, in quotes ("2019-10-24"); a date without quotes works but is warned."""
    value = container[key]
    if isinstance(value, dt.date):
        message = f'{field}: write the meeting\'s name in quotes: "{value.isoformat()}"'
        checker.add(container, key, message, "warning", "link_unquoted", at=at, field=field, value=value.isoformat())
    elif not isinstance(value, str) or not value.strip():
        message = f'{field} must name a meeting by its file name in quotes, like "2019-10-24", not {value!r}'
        checker.add(container, key, message, kind="bad_link_meeting", at=at, field=field, value=repr(value))
