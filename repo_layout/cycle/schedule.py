"""When and where a forum's next meeting is: forum.yaml's usual weekday, time and place, else its newest meeting's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from repo_layout import boundary
from repo_layout.editing.creating import usual_start
from repo_layout.editing.values import InvalidValue, check_time
from repo_layout.model.discover import Forum
from repo_layout.words import LANGUAGES, words
from repo_layout.yaml import yamlio


@dataclass(frozen=True)
class Schedule:
    """A new meeting's defaults: its date, start, end and place ("" when nothing says one)."""

    date: dt.date
    start: str = ""
    end: str = ""
    location: str = ""


def weekday_number(name: str | None) -> int | None:
    """Monday 0 .. Sunday 6 from a weekday's name in any language the library knows, or from 1..7; None if unknown."""
    if not name:
        return None
    text = name.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text) - 1
    for language in LANGUAGES:
        names = words(language)["cycle"]["weekdays"]
        for number, weekday in enumerate(names):
            if text in (weekday, weekday[:3]):
                return number
    return None


def _newest_header(forum: Forum) -> dict[str, object]:
    """The newest meeting's header as plain data ({} when there is none or it cannot be read)."""
    for ref in forum.meetings()[:1]:
        try:
            document = None if boundary.is_link(ref.path) else yamlio.load_fast(yamlio.read_text(ref.path))
        except (OSError, yamlio.YamlLoadError):
            return {}
        return document if isinstance(document, dict) else {}
    return {}


def _time_or_empty(value: object) -> str:
    try:
        return check_time(value) if isinstance(value, str) and value.strip() else ""
    except InvalidValue:
        return ""


def next_meeting(forum: Forum, today: dt.date | None = None, date: dt.date | None = None) -> Schedule:
    """The forum's next meeting: on its usual weekday, the first such day from today on and after its newest meeting.

    `date` fixes the day; the time and place still come from the forum.
    """
    today = today or dt.date.today()
    info = forum.info
    refs = forum.meetings()
    newest = refs[0].date if refs else None
    header = _newest_header(forum)
    if date is None:
        weekday = weekday_number(info.weekday)
        if weekday is None and newest is not None:
            weekday = newest.weekday()
        earliest = max(today, newest + dt.timedelta(days=1)) if newest is not None else today
        date = earliest if weekday is None else earliest + dt.timedelta(days=(weekday - earliest.weekday()) % 7)
    start = _time_or_empty(info.start) or usual_start(forum)
    end = _time_or_empty(info.end) or _time_or_empty(header.get("end"))
    location = info.location or str(header.get("location") or "")
    return Schedule(date, start, end, location)
