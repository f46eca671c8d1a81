"""Typed views over round-trip YAML documents: Meeting, Point, Action, Forum settings.

A view reads and writes its fields in the ruamel document it wraps, so that
comments, key order, unknown keys and the style of untouched values survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.yaml import splice, styles, yamlio

MEETING_KEYS = (
    "title",
    "date",
    "start",
    "end",
    "location",
    "status",
    "minute_taker",
    "present",
    "absent",
    "information",
    "points",
)
POINT_KEYS = (
    "number",
    "title",
    "case",
    "time",
    "presenter",
    "sections",
    "decision_heading",
    "decision",
    "attachments",
    "actions",
)
ACTION_KEYS = ("task", "owner", "due", "done")
FORUM_KEYS = ("name", "organisation", "description", "location", "members", "standing_points")
REPOSITORY_KEYS = ("schema", "name", "language")
GROUP_KEYS = ("name",)
STATUSES = ("draft", "held", "approved")


def _set_key(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set, replace or (for None/empty) remove a key, inserting a new key in schema order."""
    if value is None or value == "" or value == []:
        if key in mapping:
            del mapping[key]
        return
    _place_key(mapping, key, value, order)


def _place_key(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key (even to an empty container), inserting a new key in schema order."""
    if key in mapping:
        mapping[key] = value
        return
    position = len(mapping)
    if key in order:
        later = set(order[order.index(key) + 1 :])
        for index, existing in enumerate(mapping):
            if existing in later:
                position = index
                break
    mapping.insert(position, key, value)


def _text(mapping: Mapping[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    return str(value)


def _set_text(mapping: CommentedMap, key: str, value: str | None, order: tuple[str, ...]) -> None:
    if value is None or value == "":
        _set_key(mapping, key, None, order)
        return
    _set_key(mapping, key, styles.restyle_keep(mapping.get(key), value), order)


def _string_list(mapping: Mapping[str, Any], key: str) -> list[str]:
    value = mapping.get(key)
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if item is not None and not isinstance(item, (dict, list))]


def _set_string_list(mapping: CommentedMap, key: str, values: list[str], order: tuple[str, ...]) -> None:
    if not values:
        _set_key(mapping, key, None, order)
        return
    old = mapping.get(key)
    if isinstance(old, list) and [str(item) for item in old] == list(values):
        return
    sequence = old if isinstance(old, CommentedSeq) else CommentedSeq()
    previous = list(sequence)
    sequence.clear()
    for index, item in enumerate(values):
        sequence.append(styles.restyle_keep(previous[index] if index < len(previous) else None, item))
    _set_key(mapping, key, sequence, order)


class Action:
    """A follow-up named in a decision: task, owner, due date, done."""

    def __init__(self, data: CommentedMap) -> None:
        self.data = data

    @classmethod
    def new(cls, task: str, owner: str | None = None, due: dt.date | None = None, done: bool = False) -> Action:
        action = cls(CommentedMap())
        action.task = task
        action.owner = owner
        action.due = due
        action.done = done
        return action

    @property
    def task(self) -> str:
        return _text(self.data, "task") or ""

    @task.setter
    def task(self, value: str) -> None:
        _set_text(self.data, "task", value, ACTION_KEYS)

    @property
    def owner(self) -> str | None:
        return _text(self.data, "owner")

    @owner.setter
    def owner(self, value: str | None) -> None:
        _set_text(self.data, "owner", value, ACTION_KEYS)

    @property
    def due(self) -> dt.date | None:
        value = self.data.get("due")
        return value if isinstance(value, dt.date) else None

    @due.setter
    def due(self, value: dt.date | None) -> None:
        _set_key(self.data, "due", value, ACTION_KEYS)

    @property
    def done(self) -> bool:
        return self.data.get("done") is True

    @done.setter
    def done(self, value: bool) -> None:
        _set_key(self.data, "done", bool(value), ACTION_KEYS)


class Sections:
    """The ordered `heading -> text` mapping of a point, as a small mutable view."""

    def __init__(self, point: Point) -> None:
        self._point = point

    def _map(self) -> CommentedMap | None:
        value = self._point.data.get("sections")
        return value if isinstance(value, CommentedMap) else None

    def items(self) -> list[tuple[str, str]]:
        mapping = self._map()
        if mapping is None:
            return []
        return [(str(key), "" if value is None else str(value)) for key, value in mapping.items()]

    def headings(self) -> list[str]:
        return [heading for heading, _ in self.items()]

    def get(self, heading: str) -> str | None:
        return dict(self.items()).get(heading)

    def __len__(self) -> int:
        return len(self.items())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.items())

    def set(self, heading: str, text: str) -> None:
        """Set a section's text; a new heading is added at the end."""
        mapping = self._map()
        if mapping is None:
            mapping = CommentedMap()
            _set_key(self._point.data, "sections", mapping, POINT_KEYS)
        key = styles.styled(heading) if heading not in mapping else _existing_key(mapping, heading)
        mapping[key] = styles.restyle_keep(mapping.get(heading), text)

    def remove(self, heading: str) -> None:
        mapping = self._map()
        if mapping is not None and heading in mapping:
            del mapping[heading]
            if not mapping:
                _set_key(self._point.data, "sections", None, POINT_KEYS)

    def replace_all(self, items: list[tuple[str, str]]) -> None:
        """Make the sections exactly `items`, in order, keeping unchanged values' style."""
        if self.items() == items:
            return
        old = self._map() or CommentedMap()
        previous = {str(key): value for key, value in old.items()}
        fresh = CommentedMap()
        for heading, text in items:
            key = _existing_key(old, heading) if heading in old else styles.styled(heading)
            fresh[key] = styles.restyle_keep(previous.get(heading), text)
        _set_key(self._point.data, "sections", fresh if items else None, POINT_KEYS)


def _attachment_title(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("title") or item.get("file") or "")
    return str(item)


def _existing_key(mapping: CommentedMap, heading: str) -> Any:
    for key in mapping:
        if str(key) == heading:
            return key
    return heading


class Point:
    """One agenda point of a meeting."""

    def __init__(self, data: CommentedMap) -> None:
        self.data = data

    @classmethod
    def new(cls, number: int, title: str) -> Point:
        point = cls(CommentedMap())
        point.number = number
        point.title = title
        return point

    @property
    def number(self) -> int | None:
        value = self.data.get("number")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @number.setter
    def number(self, value: int | None) -> None:
        _set_key(self.data, "number", value, POINT_KEYS)

    @property
    def title(self) -> str:
        return _text(self.data, "title") or ""

    @title.setter
    def title(self, value: str) -> None:
        _set_text(self.data, "title", value, POINT_KEYS)

    @property
    def case(self) -> str | None:
        return _text(self.data, "case")

    @case.setter
    def case(self, value: str | None) -> None:
        _set_text(self.data, "case", value, POINT_KEYS)

    @property
    def time(self) -> str | None:
        return _text(self.data, "time")

    @time.setter
    def time(self, value: str | None) -> None:
        _set_text(self.data, "time", value, POINT_KEYS)

    @property
    def presenter(self) -> str | None:
        return _text(self.data, "presenter")

    @presenter.setter
    def presenter(self, value: str | None) -> None:
        _set_text(self.data, "presenter", value, POINT_KEYS)

    @property
    def sections(self) -> Sections:
        return Sections(self)

    @property
    def decision_heading(self) -> str | None:
        return _text(self.data, "decision_heading")

    @decision_heading.setter
    def decision_heading(self, value: str | None) -> None:
        _set_text(self.data, "decision_heading", value, POINT_KEYS)

    @property
    def decision(self) -> str | None:
        return _text(self.data, "decision")

    @decision.setter
    def decision(self, value: str | None) -> None:
        _set_text(self.data, "decision", value, POINT_KEYS)

    @property
    def attachments(self) -> list[str]:
        """Attachment titles; `{title, file}` entries give their title."""
        value = self.data.get("attachments")
        if not isinstance(value, list):
            return []
        return [_attachment_title(item) for item in value if item is not None]

    @attachments.setter
    def attachments(self, values: list[str]) -> None:
        """Set the titles; a `{title, file}` entry whose title stays is kept whole (its file too)."""
        if self.attachments == list(values):
            return
        old = self.data.get("attachments")
        entries = {_attachment_title(item): item for item in old if isinstance(item, dict)} if isinstance(old, list) else {}
        _set_string_list(self.data, "attachments", values, POINT_KEYS)
        sequence = self.data.get("attachments")
        for index, title in enumerate(values if entries and isinstance(sequence, list) else []):
            if title in entries:
                sequence[index] = entries[title]

    @property
    def actions(self) -> list[Action]:
        value = self.data.get("actions")
        if not isinstance(value, list):
            return []
        return [Action(item) for item in value if isinstance(item, CommentedMap)]

    def add_action(self, action: Action) -> None:
        sequence = self.data.get("actions")
        if not isinstance(sequence, CommentedSeq):
            sequence = CommentedSeq()
            _place_key(self.data, "actions", sequence, POINT_KEYS)
        sequence.append(action.data)


class Meeting:
    """One meeting file: its parsed document, the text it was read from, and typed fields."""

    def __init__(
        self, path: Path, document: CommentedMap, original_text: str, layout: yamlio.Layout, source_text: str | None = None
    ) -> None:
        self.path = Path(path)
        self.data = document
        self.original_text = original_text
        self.source_text = original_text if source_text is None else source_text
        self.layout = layout

    @classmethod
    def new(cls, path: Path, date: dt.date) -> Meeting:
        meeting = cls(path, CommentedMap(), "", yamlio.CANONICAL)
        meeting.date = date
        meeting.data["points"] = CommentedSeq()
        return meeting

    # header fields
    @property
    def title(self) -> str | None:
        return _text(self.data, "title")

    @title.setter
    def title(self, value: str | None) -> None:
        _set_text(self.data, "title", value, MEETING_KEYS)

    @property
    def date(self) -> dt.date | None:
        value = self.data.get("date")
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None

    @date.setter
    def date(self, value: dt.date) -> None:
        if self.date != value:
            _set_key(self.data, "date", value, MEETING_KEYS)

    @property
    def start(self) -> str | None:
        return _text(self.data, "start")

    @start.setter
    def start(self, value: str | None) -> None:
        _set_text(self.data, "start", value, MEETING_KEYS)

    @property
    def end(self) -> str | None:
        return _text(self.data, "end")

    @end.setter
    def end(self, value: str | None) -> None:
        _set_text(self.data, "end", value, MEETING_KEYS)

    @property
    def location(self) -> str | None:
        return _text(self.data, "location")

    @location.setter
    def location(self, value: str | None) -> None:
        _set_text(self.data, "location", value, MEETING_KEYS)

    @property
    def status(self) -> str | None:
        return _text(self.data, "status")

    @status.setter
    def status(self, value: str | None) -> None:
        _set_text(self.data, "status", value, MEETING_KEYS)

    @property
    def minute_taker(self) -> str | None:
        return _text(self.data, "minute_taker")

    @minute_taker.setter
    def minute_taker(self, value: str | None) -> None:
        _set_text(self.data, "minute_taker", value, MEETING_KEYS)

    @property
    def present(self) -> list[str]:
        return _string_list(self.data, "present")

    @present.setter
    def present(self, values: list[str]) -> None:
        _set_string_list(self.data, "present", values, MEETING_KEYS)

    @property
    def absent(self) -> list[str]:
        return _string_list(self.data, "absent")

    @absent.setter
    def absent(self, values: list[str]) -> None:
        _set_string_list(self.data, "absent", values, MEETING_KEYS)

    @property
    def information(self) -> str | None:
        return _text(self.data, "information")

    @information.setter
    def information(self, value: str | None) -> None:
        _set_text(self.data, "information", value, MEETING_KEYS)

    # points
    @property
    def points(self) -> list[Point]:
        value = self.data.get("points")
        if not isinstance(value, list):
            return []
        return [Point(item) for item in value if isinstance(item, CommentedMap)]

    def _point_sequence(self) -> CommentedSeq:
        sequence = self.data.get("points")
        if not isinstance(sequence, CommentedSeq):
            sequence = CommentedSeq()
            _place_key(self.data, "points", sequence, MEETING_KEYS)
        return sequence

    def insert_point(self, index: int, point: Point) -> None:
        self._point_sequence().insert(index, point.data)

    def remove_point(self, index: int) -> Point:
        return Point(self._point_sequence().pop(index))

    def move_point(self, index: int, new_index: int) -> None:
        sequence = self._point_sequence()
        item = sequence.pop(index)
        sequence.insert(new_index, item)

    def renumber_points(self, start: int = 1) -> None:
        for offset, point in enumerate(self.points):
            point.number = start + offset

    # text
    @property
    def original_text(self) -> str:
        """The text the meeting was read from (or last saved as)."""
        return self._original_text

    @original_text.setter
    def original_text(self, text: str) -> None:
        self._original_text = text
        self.source_text = text
        self._original_redumped: str | None = None

    def dump(self) -> str:
        """The file's text for the document as it now is: the text it was read from, with only the changed values rewritten.

        `source_text` is the text the document was parsed from (the file, or a
        draft or an external editor's result based on it); when a change cannot
        be spliced into it and proven, the whole document is dumped.
        """
        if self.source_text:
            spliced = splice.splice(self.source_text, self.data, self.layout)
            if spliced is not None:
                return spliced
        text = yamlio.dump_text(self.data, self.layout)
        if self.original_text and (text == self.original_text or text == self._redumped_original()):
            return self.original_text
        return text

    def _redumped_original(self) -> str | None:
        """The original text parsed and dumped again, computed once: what "unchanged" dumps to."""
        if self._original_redumped is None:
            try:
                self._original_redumped = yamlio.dump_text(yamlio.load_text(self.original_text), self.layout)
            except yamlio.YamlLoadError:
                self._original_redumped = ""
        return self._original_redumped or None

    def is_changed(self) -> bool:
        return self.dump() != self.original_text


@dataclass
class RepositoryConfig:
    """What minutes.yaml says: schema version, display name and language."""

    name: str
    language: str = "da"
    schema: int = 1


@dataclass
class ForumInfo:
    """What forum.yaml says; missing keys are empty."""

    name: str
    organisation: str | None = None
    description: str | None = None
    location: str | None = None
    members: list[str] = field(default_factory=list)
    standing_points: list[str] = field(default_factory=list)

    @classmethod
    def from_document(cls, document: Any, fallback_name: str) -> ForumInfo:
        if not isinstance(document, dict):
            return cls(name=fallback_name)
        return cls(
            name=_text(document, "name") or fallback_name,
            organisation=_text(document, "organisation"),
            description=_text(document, "description"),
            location=_text(document, "location"),
            members=_string_list(document, "members"),
            standing_points=_string_list(document, "standing_points"),
        )
