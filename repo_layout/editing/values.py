"""Edits as values: what an editor form holds for a point or a meeting header, checked and applied.

A front end collects `PointValues` / `HeaderValues`, checks them with the
`check_*` functions, and applies them to the typed views; nothing here knows a UI.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.model.discover import Forum
from repo_layout.model.fields import POINT_KEYS, set_key
from repo_layout.model.file_names import meeting_date_from_name
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


# what each kind of invalid value says, in English; the app words the same kinds in its own language (tui.i18n)
INVALID_WORDS = {
    "time_format": "{value!r} is not a time; write it like 09:30",
    "time_of_day": "{value!r} is not a time of day (00:00-23:59)",
    "slot_format": "{value!r} is not a time slot; write it like 09:30-09:45",
    "slot_order": "{value!r} ends before it starts",
    "date_format": "{value!r} is not a date; write it like 2021-02-28",
    "date_missing": "{value!r} is not a date that exists",
    "whole_number": "{value!r} is not a whole number",
    "title_missing": "a point needs a title",
    "heading_missing": "every section needs a heading",
    "heading_twice": "the heading {value!r} is used twice",
    "task_missing": "every action needs a task",
}


class InvalidValue(ValueError):
    """A value typed into a field that cannot be accepted: its `kind` (a key of INVALID_WORDS) and the value."""

    def __init__(self, kind: str, value: str = "") -> None:
        self.kind, self.value = kind, value
        super().__init__(INVALID_WORDS[kind].format(value=value))


def check_time(text: str) -> str:
    """A time "HH:MM" (also "9.30", "9:30"); returns it zero-padded, raises InvalidValue otherwise."""
    match = _TIME.match(text.strip())
    if not match:
        raise InvalidValue("time_format", text)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise InvalidValue("time_of_day", text)
    return f"{hours:02d}:{minutes:02d}"


def check_time_or_range(text: str) -> str:
    """A time or a slot "HH:MM-HH:MM"; returns it normalised, raises InvalidValue otherwise."""
    parts = [part.strip() for part in text.split("-")]
    if len(parts) == 1:
        return check_time(parts[0])
    if len(parts) != 2:
        raise InvalidValue("slot_format", text)
    start, end = check_time(parts[0]), check_time(parts[1])
    if end < start:
        raise InvalidValue("slot_order", text)
    return f"{start}-{end}"


def check_date(text: str) -> dt.date:
    """A date "YYYY-MM-DD" (or "DD-MM-YYYY"); raises InvalidValue for 31-02-2021 and the like."""
    value = text.strip()
    match = _DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DANISH_DATE.match(value)
        if not match:
            raise InvalidValue("date_format", text)
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidValue("date_missing", text) from None


def check_number(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise InvalidValue("whole_number", text)
    return int(value)


@dataclass
class ActionValues:
    """One action as a form holds it."""

    task: str
    owner: str = ""
    due: dt.date | None = None
    done: bool = False


@dataclass
class PointValues:
    """Every field of a point as a form holds it."""

    number: int | None
    title: str
    case: str = ""
    time: str = ""
    presenter: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    decision_heading: str = ""
    decision: str = ""
    attachments: list[str] = field(default_factory=list)
    actions: list[ActionValues] = field(default_factory=list)

    @classmethod
    def from_point(cls, point: Point) -> PointValues:
        return cls(
            number=point.number,
            title=point.title,
            case=point.case or "",
            time=point.time or "",
            presenter=point.presenter or "",
            sections=point.sections.items(),
            decision_heading=point.decision_heading or "",
            decision=point.decision or "",
            attachments=point.attachments,
            actions=[ActionValues(a.task, a.owner or "", a.due, a.done) for a in point.actions],
        )

    def problems(self) -> list[tuple[str, InvalidValue]]:
        """(field, what is wrong) for every value that cannot be saved."""
        found: list[tuple[str, InvalidValue]] = []
        if not self.title.strip():
            found.append(("title", InvalidValue("title_missing")))
        if self.time.strip():
            try:
                check_time_or_range(self.time)
            except InvalidValue as error:
                found.append(("time", error))
        headings = [heading for heading, _ in self.sections]
        for heading in headings:
            if not heading.strip():
                found.append(("sections", InvalidValue("heading_missing")))
            elif headings.count(heading) > 1:
                found.append(("sections", InvalidValue("heading_twice", heading)))
        for action in self.actions:
            if not action.task.strip():
                found.append(("actions", InvalidValue("task_missing")))
        unique: dict[tuple[str, str], tuple[str, InvalidValue]] = {}
        for where, error in found:
            unique.setdefault((where, str(error)), (where, error))
        return list(unique.values())

    def apply(self, point: Point) -> None:
        """Write these values into a point, leaving what did not change as it was."""
        point.number = self.number
        point.title = self.title
        point.case = self.case.strip() or None
        point.time = check_time_or_range(self.time) if self.time.strip() else None
        point.presenter = self.presenter.strip() or None
        point.sections.replace_all([(heading, _block(text)) for heading, text in self.sections])
        point.decision_heading = self.decision_heading.strip() or None
        point.decision = _block(self.decision) or None
        point.attachments = [item.strip() for item in self.attachments if item.strip()]
        _apply_actions(point, self.actions)


def _block(text: str) -> str:
    """Text from a text area as stored: no trailing blank lines, one final newline when multi-line."""
    stripped = text.rstrip()
    if not stripped:
        return ""
    return stripped + "\n" if "\n" in stripped or text.endswith("\n") else stripped


def _apply_actions(point: Point, values: list[ActionValues]) -> None:
    existing = point.actions
    if [ActionValues(a.task, a.owner or "", a.due, a.done) for a in existing] == values:
        return
    sequence = CommentedSeq()
    for index, value in enumerate(values):
        action = existing[index] if index < len(existing) else Action(CommentedMap())
        action.task = value.task
        action.owner = value.owner.strip() or None
        action.due = value.due
        action.done = value.done
        sequence.append(action.data)
    set_key(point.data, "actions", sequence if values else None, POINT_KEYS)


@dataclass
class HeaderValues:
    """The meeting's own fields as a form holds them."""

    date: dt.date | None
    title: str = ""
    start: str = ""
    end: str = ""
    location: str = ""
    status: str = ""
    minute_taker: str = ""
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    information: str = ""

    @classmethod
    def from_meeting(cls, meeting: Meeting) -> HeaderValues:
        return cls(
            date=meeting.date,
            title=meeting.title or "",
            start=meeting.start or "",
            end=meeting.end or "",
            location=meeting.location or "",
            status=meeting.status or "",
            minute_taker=meeting.minute_taker or "",
            present=meeting.present,
            absent=meeting.absent,
            information=meeting.information or "",
        )

    def apply(self, meeting: Meeting) -> None:
        if self.date is not None:
            meeting.date = self.date
        meeting.title = self.title.strip() or None
        meeting.start = check_time(self.start) if self.start.strip() else None
        meeting.end = check_time(self.end) if self.end.strip() else None
        meeting.location = self.location.strip() or None
        meeting.status = self.status or None
        meeting.minute_taker = self.minute_taker.strip() or None
        meeting.present = [name.strip() for name in self.present if name.strip()]
        meeting.absent = [name.strip() for name in self.absent if name.strip()]
        meeting.information = _block(self.information) or None


def meeting_path_for(forum: Forum, date: dt.date) -> Path:
    """The file name for a new meeting on `date`: YYYY-MM-DD.yaml, or -2, -3 when the day is taken."""
    taken = {meeting_date_from_name(ref.name) for ref in forum.meetings()}
    sequence = 1
    while (date, sequence) in taken:
        sequence += 1
    name = f"{date.isoformat()}.yaml" if sequence == 1 else f"{date.isoformat()}-{sequence}.yaml"
    return forum.path / name


def new_meeting(forum: Forum, date: dt.date, start: str = "", location: str = "") -> Meeting:
    """A new meeting in `forum`: standing points as its agenda, place from forum.yaml unless given."""
    meeting = Meeting.new(meeting_path_for(forum, date), date)
    if start.strip():
        meeting.start = check_time(start)
    meeting.location = location.strip() or forum.info.location
    meeting.status = "draft"
    for index, title in enumerate(forum.info.standing_points, start=1):
        meeting.insert_point(index - 1, Point.new(index, title))
    return meeting


def make_room_after(meeting: Meeting, index: int) -> list[int]:
    """Raise the numbers of the points after `index` that would repeat or precede its number; the indexes changed.

    A point put in as number 4 before the old point 4 pushes it to 5 (and a 5 after it to 6), and stops
    at the first gap: numbers that already leave room are not touched.
    """
    changed = []
    previous = meeting.points[index].number
    for later in range(index + 1, len(meeting.points)):
        point = meeting.points[later]
        if previous is None or point.number is None or point.number > previous:
            break
        point.number = previous + 1
        previous = point.number
        changed.append(later)
    return changed


def renumber_points(meeting: Meeting) -> bool:
    """Number the points 1, 2, 3 in their order; True when any number changed."""
    before = [point.number for point in meeting.points]
    meeting.renumber_points(1)
    return before != [point.number for point in meeting.points]


def numbers_in_order(meeting: Meeting) -> bool:
    """True when the numbered points, in printed order, have increasing numbers (points without a number are skipped)."""
    numbers = [point.number for point in meeting.points if point.number is not None]
    return all(earlier < later for earlier, later in pairwise(numbers))


def move_point(meeting: Meeting, index: int, target: int) -> bool:
    """Move the point at `index` to `target`; True when the numbers followed it.

    The rule: when the numbered points were in increasing order before the move, they keep the same numbers in
    printed order after it (the moved point and the ones it passed trade numbers, gaps stay); numbers that were
    out of order on purpose are left as they are.
    """
    follow = numbers_in_order(meeting)
    numbers = [point.number for point in meeting.points if point.number is not None]
    meeting.move_point(index, target)
    if not follow:
        return False
    numbered = [point for point in meeting.points if point.number is not None]
    for point, number in zip(numbered, numbers, strict=True):
        if point.number != number:
            point.number = number
    return True
