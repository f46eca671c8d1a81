"""The next meeting's agenda: the approval of the previous minutes, the standing points, every postponed point not
taken up (with its link back), and a follow-up point listing the forum's open actions; written and committed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout.cycle.links import forum_meetings, open_actions, postponed_not_taken_up, previous_meeting
from repo_layout.cycle.schedule import Schedule, next_meeting
from repo_layout.editing.saving import SaveResult, save_meeting
from repo_layout.editing.values import check_time, meeting_path_for
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import FollowUp, Point, PointLink
from repo_layout.words import LANGUAGES, words
from repo_layout.yaml import styles

CARRIED_KEYS = ("title", "case", "presenter", "sections", "attachments", "closed")
"""What a carried point takes from the postponed one: its preparation, never its decision or actions."""

CLOSING_STEMS = ("eventuelt", "evt.", "any other business", "aob")
"""A last standing point with one of these in its title stays last, after the carried points."""


def _approval_index(titles: list[str], language: str) -> int | None:
    stems = words(language)["cycle"]["approval_stems"]
    for index, title in enumerate(titles):
        if any(stem in title.lower() for stem in stems):
            return index
    return None


def follow_up_text(items: list[FollowUp], language: str) -> str:
    """The follow-up point's text: one line per open action (task, owner and due date, where it was decided)."""
    cycle = words(language)["cycle"]
    lines = []
    for item in items:
        who = item.owner or "-"
        if item.due:
            who = cycle["follow_up_due"].format(who=who, due=item.due.isoformat())
        point = item.link.point if item.link.point is not None else "-"
        lines.append("- " + cycle["follow_up_line"].format(task=item.task, who=who, meeting=item.link.meeting, point=point))
    return "\n".join(lines) + "\n"


def own_sections(point: Point) -> list[tuple[str, str]]:
    """The point's sections less the follow-up list an agenda wrote into one (in any language): a reader that knows
    `follow_up` shows that list from it, once."""
    if not point.follow_up:
        return point.sections.items()
    written = {follow_up_text(point.follow_up, language).strip() for language in LANGUAGES}
    return [(heading, text) for heading, text in point.sections if text.strip() not in written]


def _carried_point(data: dict[str, Any], link: PointLink) -> Point:
    point = Point(CommentedMap())
    for key in CARRIED_KEYS:
        if data.get(key) not in (None, "", [], {}):
            point.data[key] = _copied(data[key])
    point.carried_from = link
    return point


def _copied(value: Any) -> Any:
    """A plain value from another file, made ready for this document (strings restyled, containers copied)."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[styles.styled(str(key))] = _copied(item)
        return mapping
    if isinstance(value, list):
        from ruamel.yaml.comments import CommentedSeq

        return CommentedSeq(_copied(item) for item in value)
    if isinstance(value, str):
        return styles.styled(styles.edited_text(value))
    return value


def plan_agenda(forum: Forum, language: str, schedule: Schedule) -> Meeting:
    """The next meeting of `forum` with status planned and its agenda, not yet written."""
    meetings = forum_meetings(forum, linked_only=True)
    cycle = words(language)["cycle"]
    meeting = Meeting.new(meeting_path_for(forum, schedule.date), schedule.date)
    meeting.start = check_time(schedule.start) if schedule.start else None
    meeting.end = check_time(schedule.end) if schedule.end else None
    meeting.location = schedule.location or None
    meeting.status = "planned"
    titles = list(forum.info.standing_points)
    closing = titles.pop() if titles and any(s in titles[-1].lower() for s in CLOSING_STEMS) else None
    points: list[Point] = []
    previous = previous_meeting(forum, schedule.date, meetings)
    approval = _approval_index(titles, language)
    if previous is not None:
        if approval is None:
            titles.insert(0, cycle["approval_point"].format(meeting=previous.name))
        else:
            titles.insert(0, titles.pop(approval) + cycle["approval_of"].format(meeting=previous.name))
    for title in titles:
        points.append(Point.new(0, title))
    if previous is not None:
        points[0].approves = previous.name
    points.extend(_carried_point(item.data, item.link) for item in postponed_not_taken_up(forum, meetings))
    actions = open_actions(forum, meetings)
    if actions:
        follow = Point.new(0, cycle["follow_up_point"])
        follow.follow_up = actions
        follow.sections.set(words(language)["labels"]["actions"], follow_up_text(actions, language))
        points.append(follow)
    if closing is not None:
        points.append(Point.new(0, closing))
    for index, point in enumerate(points):
        point.number = index + 1
        meeting.insert_point(index, point)
    return meeting


def create_agenda(
    repository: Repository,
    forum: Forum,
    language: str,
    date: dt.date | None = None,
    today: dt.date | None = None,
    writer: str = "",
    start: str | None = None,
    location: str | None = None,
) -> tuple[Meeting, SaveResult]:
    """Make the forum's next meeting (`plan_agenda`) on `date` or its usual day, and commit it ("dagsorden oprettet");
    `start` and `location`, when given, replace the forum's usual ones.

    Raises what `saving.save_meeting` raises (IdentityMissingError, GitError, OSError, ...).
    """
    schedule = next_meeting(forum, today=today, date=date)
    if start is not None or location is not None:
        schedule = dataclasses.replace(
            schedule,
            start=schedule.start if start is None else start,
            location=schedule.location if location is None else location,
        )
    meeting = plan_agenda(forum, language, schedule)
    message = words(language)["cycle"]["commit_agenda"].format(forum=forum.name, meeting=meeting.name)
    return meeting, save_meeting(repository, meeting, forum.name, language, message=message, writer=writer)
