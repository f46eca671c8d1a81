"""The parts of a meeting: Point (one agenda point), its Sections and its Actions, as views over the document.

A view reads and writes its fields in the ruamel map it wraps, so that comments, key
order, unknown keys and the style of untouched values survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.model.fields import (
    ACTION_KEYS,
    POINT_KEYS,
    existing_key,
    get_text,
    place_key,
    set_key,
    set_string_list,
    set_text,
)
from repo_layout.yaml import styles


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
        return get_text(self.data, "task") or ""

    @task.setter
    def task(self, value: str) -> None:
        set_text(self.data, "task", value, ACTION_KEYS)

    @property
    def owner(self) -> str | None:
        return get_text(self.data, "owner")

    @owner.setter
    def owner(self, value: str | None) -> None:
        set_text(self.data, "owner", value, ACTION_KEYS)

    @property
    def due(self) -> dt.date | None:
        value = self.data.get("due")
        return value if isinstance(value, dt.date) else None

    @due.setter
    def due(self, value: dt.date | None) -> None:
        set_key(self.data, "due", value, ACTION_KEYS)

    @property
    def done(self) -> bool:
        return self.data.get("done") is True

    @done.setter
    def done(self, value: bool) -> None:
        set_key(self.data, "done", bool(value), ACTION_KEYS)


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
            set_key(self._point.data, "sections", mapping, POINT_KEYS)
        key = styles.styled(heading) if heading not in mapping else existing_key(mapping, heading)
        mapping[key] = styles.restyle_keep(mapping.get(heading), text)

    def remove(self, heading: str) -> None:
        mapping = self._map()
        if mapping is not None and heading in mapping:
            del mapping[heading]
            if not mapping:
                set_key(self._point.data, "sections", None, POINT_KEYS)

    def replace_all(self, items: list[tuple[str, str]]) -> None:
        """Make the sections exactly `items`, in order, keeping unchanged values' style."""
        if self.items() == items:
            return
        old = self._map() or CommentedMap()
        previous = {str(key): value for key, value in old.items()}
        fresh = CommentedMap()
        for heading, text in items:
            key = existing_key(old, heading) if heading in old else styles.styled(heading)
            fresh[key] = styles.restyle_keep(previous.get(heading), text)
        set_key(self._point.data, "sections", fresh if items else None, POINT_KEYS)


def _attachment_title(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("title") or item.get("file") or "")
    return str(item)


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
        set_key(self.data, "number", value, POINT_KEYS)

    @property
    def title(self) -> str:
        return get_text(self.data, "title") or ""

    @title.setter
    def title(self, value: str) -> None:
        set_text(self.data, "title", value, POINT_KEYS)

    @property
    def case(self) -> str | None:
        return get_text(self.data, "case")

    @case.setter
    def case(self, value: str | None) -> None:
        set_text(self.data, "case", value, POINT_KEYS)

    @property
    def time(self) -> str | None:
        return get_text(self.data, "time")

    @time.setter
    def time(self, value: str | None) -> None:
        set_text(self.data, "time", value, POINT_KEYS)

    @property
    def presenter(self) -> str | None:
        return get_text(self.data, "presenter")

    @presenter.setter
    def presenter(self, value: str | None) -> None:
        set_text(self.data, "presenter", value, POINT_KEYS)

    @property
    def sections(self) -> Sections:
        return Sections(self)

    @property
    def decision_heading(self) -> str | None:
        return get_text(self.data, "decision_heading")

    @decision_heading.setter
    def decision_heading(self, value: str | None) -> None:
        set_text(self.data, "decision_heading", value, POINT_KEYS)

    @property
    def decision(self) -> str | None:
        return get_text(self.data, "decision")

    @decision.setter
    def decision(self, value: str | None) -> None:
        set_text(self.data, "decision", value, POINT_KEYS)

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
        set_string_list(self.data, "attachments", values, POINT_KEYS)
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
            place_key(self.data, "actions", sequence, POINT_KEYS)
        sequence.append(action.data)
