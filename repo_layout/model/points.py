"""The parts of a meeting: Point (one agenda point), its Sections and its Actions, as views over the document.

A view reads and writes its fields in the ruamel map it wraps, so that comments, key
order, unknown keys and the style of untouched values survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
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


@dataclass(frozen=True)
class PointLink:
    """A point of another meeting of the same forum: the meeting's file name without .yaml, and the point's number."""

    meeting: str
    point: int | None

    @classmethod
    def read(cls, value: Any) -> PointLink | None:
        if not isinstance(value, dict) or not isinstance(value.get("meeting"), (str, dt.date)):
            return None
        number = value.get("point")
        meeting = value["meeting"]
        name = meeting.isoformat() if isinstance(meeting, dt.date) else str(meeting)
        return cls(name, number if isinstance(number, int) and not isinstance(number, bool) else None)

    def as_map(self) -> CommentedMap:
        mapping = CommentedMap()
        mapping["meeting"] = styles.styled(self.meeting)
        if self.point is not None:
            mapping["point"] = self.point
        return mapping


@dataclass(frozen=True)
class FollowUp:
    """An open action listed on a follow-up point: where it was decided, and what it says."""

    link: PointLink
    task: str
    owner: str | None = None
    due: dt.date | None = None

    @classmethod
    def read(cls, value: Any) -> FollowUp | None:
        link = PointLink.read(value)
        if link is None or not isinstance(value, dict):
            return None
        due = value.get("due")
        return cls(link, get_text(value, "task") or "", get_text(value, "owner"), due if isinstance(due, dt.date) else None)

    def as_map(self) -> CommentedMap:
        mapping = self.link.as_map()
        mapping["task"] = styles.restyle_keep(None, self.task)
        if self.owner:
            mapping["owner"] = styles.restyle_keep(None, self.owner)
        if self.due:
            mapping["due"] = self.due
        return mapping


@dataclass(frozen=True)
class Attachment:
    """An attachment (Bilag): its title, and the kept file relative to the forum folder (None when only named)."""

    title: str
    file: str | None


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

    # the meeting's cycle (docs/schema.md, "The meeting's cycle")
    @property
    def closed(self) -> bool:
        """A closed point ("lukket punkt"): published as its number and "Lukket punkt" only."""
        return self.data.get("closed") is True

    @closed.setter
    def closed(self, value: bool) -> None:
        set_key(self.data, "closed", True if value else None, POINT_KEYS)

    @property
    def postponed(self) -> bool:
        return isinstance(self.data.get("postponed"), dict) or self.data.get("postponed") is True

    @property
    def postponed_reason(self) -> str | None:
        value = self.data.get("postponed")
        return get_text(value, "reason") if isinstance(value, dict) else None

    def postpone(self, reason: str | None) -> None:
        """Mark the point postponed ("udsat") with its reason; a later agenda carries it."""
        mapping = CommentedMap()
        if reason:
            mapping["reason"] = styles.restyle_keep(None, reason)
        place_key(self.data, "postponed", mapping, POINT_KEYS)

    def take_back_postponement(self) -> None:
        set_key(self.data, "postponed", None, POINT_KEYS)

    @property
    def carried_from(self) -> PointLink | None:
        """Where this point was postponed, when it was carried here from an earlier meeting."""
        return PointLink.read(self.data.get("carried_from"))

    @carried_from.setter
    def carried_from(self, link: PointLink | None) -> None:
        set_key(self.data, "carried_from", link.as_map() if link else None, POINT_KEYS)

    @property
    def approves(self) -> str | None:
        """The meeting (by file name) whose minutes this point approves."""
        return get_text(self.data, "approves")

    @approves.setter
    def approves(self, meeting: str | None) -> None:
        set_key(self.data, "approves", styles.styled(meeting) if meeting else None, POINT_KEYS)

    @property
    def follow_up(self) -> list[FollowUp]:
        value = self.data.get("follow_up")
        if not isinstance(value, list):
            return []
        return [item for item in (FollowUp.read(entry) for entry in value) if item is not None]

    @follow_up.setter
    def follow_up(self, items: list[FollowUp]) -> None:
        sequence = CommentedSeq(item.as_map() for item in items)
        set_key(self.data, "follow_up", sequence if items else None, POINT_KEYS)

    @property
    def attachment_entries(self) -> list[Attachment]:
        """Every attachment as title and file (None when only its title is known)."""
        value = self.data.get("attachments")
        if not isinstance(value, list):
            return []
        entries = []
        for item in value:
            if isinstance(item, dict):
                title, file = get_text(item, "title"), get_text(item, "file")
                if title or file:
                    entries.append(Attachment(title or PurePosixPath(file or "").name, file))
            elif item is not None:
                entries.append(Attachment(str(item), None))
        return entries

    def add_attachment(self, title: str, file: str) -> None:
        """Add a kept file to the point's attachments (after the ones it has)."""
        sequence = self.data.get("attachments")
        if not isinstance(sequence, CommentedSeq):
            sequence = CommentedSeq()
            place_key(self.data, "attachments", sequence, POINT_KEYS)
        entry = CommentedMap()
        entry["title"] = styles.restyle_keep(None, title)
        entry["file"] = styles.restyle_keep(None, file)
        sequence.append(entry)

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
