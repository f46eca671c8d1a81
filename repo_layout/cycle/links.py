"""Links between a forum's meetings, read from the files: postponed points not yet taken up, open actions, and where a
postponed point was taken up again (the link back is in the file; the link forward is found)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repo_layout import boundary
from repo_layout.model.discover import Forum, MeetingRef
from repo_layout.model.points import FollowUp, PointLink
from repo_layout.yaml import yamlio

SETTLED = ("held", "approved", "draft")
"""The statuses of a meeting that took place (a file without one counts too): its minutes exist."""


@dataclass(frozen=True)
class ForumMeeting:
    """One meeting of a forum as plain data: its file, its name (`2019-10-24`) and its document ({} when unreadable)."""

    ref: MeetingRef
    document: dict[str, Any]

    @property
    def name(self) -> str:
        return meeting_name(self.ref.path)

    @property
    def status(self) -> str | None:
        value = self.document.get("status")
        return value if isinstance(value, str) else None

    def points(self) -> list[dict[str, Any]]:
        points = self.document.get("points")
        return [point for point in points if isinstance(point, dict)] if isinstance(points, list) else []


def meeting_name(path: Path) -> str:
    """A meeting's name as links write it: the file name without .yaml."""
    return path.name.removesuffix(".yaml").removesuffix(".yml")


def forum_meetings(forum: Forum, linked_only: bool = False) -> list[ForumMeeting]:
    """Every meeting of the forum, oldest first, as plain data (a link or unreadable file gives an empty document).

    `linked_only`: a file whose bytes show it can hold no open action, postponed point or link is not parsed (its
    document is {}): what an agenda needs from a forum of hundreds of meetings, at a third of the parses.
    """
    found = []
    for ref in reversed(forum.meetings()):
        try:
            data = None if boundary.is_link(ref.path) else ref.path.read_bytes()
            if data is None or (linked_only and not _may_link(data)):
                document = None
            else:
                document = yamlio.load_fast(yamlio.decode_text(data))
        except (OSError, yamlio.YamlLoadError):
            document = None
        found.append(ForumMeeting(ref, document if isinstance(document, dict) else {}))
    return found


def _may_link(data: bytes) -> bool:
    """False only when the file's bytes cannot hold an open action, a postponed or carried point, or an approval link:
    every "task" in it is matched by a "done: true", no other key of the cycle is named anywhere, and it is not a
    meeting still to be held (its status decides which minutes the next agenda approves)."""
    if any(word in data for word in (b"postponed", b"carried_from", b"approves", b"follow_up", b"planned", b"agenda_sent")):
        return True
    return data.count(b"task") > data.count(b"done: true")


def _number(point: dict[str, Any]) -> int | None:
    number = point.get("number")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _is_postponed(point: dict[str, Any]) -> bool:
    return isinstance(point.get("postponed"), dict) or point.get("postponed") is True


def _carried_links(meetings: list[ForumMeeting]) -> set[PointLink]:
    return {
        link
        for meeting in meetings
        for point in meeting.points()
        if (link := PointLink.read(point.get("carried_from"))) is not None
    }


@dataclass(frozen=True)
class PostponedPoint:
    """A point postponed at a meeting and not taken up since: where it stands, and its data to carry."""

    link: PointLink
    data: dict[str, Any]


def postponed_not_taken_up(forum: Forum, meetings: list[ForumMeeting] | None = None) -> list[PostponedPoint]:
    """The points marked postponed that no later meeting of the forum carried, oldest first."""
    meetings = forum_meetings(forum) if meetings is None else meetings
    carried = _carried_links(meetings)
    found = []
    for meeting in meetings:
        for point in meeting.points():
            link = PointLink(meeting.name, _number(point))
            if _is_postponed(point) and link not in carried:
                found.append(PostponedPoint(link, point))
    return found


def open_actions(forum: Forum, meetings: list[ForumMeeting] | None = None) -> list[FollowUp]:
    """The forum's actions not marked done, oldest first, each with the point that decided it."""
    meetings = forum_meetings(forum) if meetings is None else meetings
    found = []
    for meeting in meetings:
        for point in meeting.points():
            actions = point.get("actions")
            for action in actions if isinstance(actions, list) else []:
                if not isinstance(action, dict) or action.get("done") is True or not action.get("task"):
                    continue
                due = action.get("due")
                owner = action.get("owner")
                found.append(
                    FollowUp(
                        PointLink(meeting.name, _number(point)),
                        str(action["task"]),
                        str(owner) if owner else None,
                        due if isinstance(due, dt.date) else None,
                    )
                )
    return found


def taken_up_at(forum: Forum, link: PointLink, meetings: list[ForumMeeting] | None = None) -> PointLink | None:
    """Where the postponed point `link` was carried to (the first later point that names it), or None."""
    meetings = forum_meetings(forum) if meetings is None else meetings
    for meeting in meetings:
        for point in meeting.points():
            if PointLink.read(point.get("carried_from")) == link:
                return PointLink(meeting.name, _number(point))
    return None


def meeting_path(forum: Forum, name: str) -> Path | None:
    """The file of the forum's meeting called `name`, or None when the forum has none (a link never leaves the forum)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    for ref in forum.meetings():
        if meeting_name(ref.path) == name:
            return ref.path
    return None


def previous_meeting(forum: Forum, date: dt.date, meetings: list[ForumMeeting] | None = None) -> ForumMeeting | None:
    """The newest meeting before `date` that took place (its minutes are the ones to approve), or None."""
    meetings = forum_meetings(forum) if meetings is None else meetings
    earlier = [meeting for meeting in meetings if meeting.ref.date < date]
    held = [meeting for meeting in earlier if meeting.status in SETTLED or meeting.status is None]
    return held[-1] if held else None
