"""What every export format shares: the labels (from repo_layout.words), dates in words, titles, times, attendance checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from repo_layout.importing.header import point_info_presenter
from repo_layout.importing.text import title_time_and_presenter
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.fields import STATUSES
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.words import LANGUAGES, LibraryWords, words

_TIME_RANGE = re.compile(r"(?<!\d)(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})(?!\d)")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _words(language: str) -> LibraryWords:
    """The words of a language an export can be written in; an unknown language is a ValueError."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    return words(language)


def labels(language: str) -> dict[str, str]:
    """The label table for a language; an unknown language is a ValueError."""
    return _words(language)["labels"]


def long_date(date: dt.date, language: str) -> str:
    """A date in words: "Torsdag d. 24. oktober 2019" or "Thursday 24 October 2019"."""
    dates = _words(language)["dates"]
    weekday, month = dates["weekdays"][date.weekday()], dates["months"][date.month - 1]
    return dates["long"].format(weekday=weekday, day=date.day, month=month, year=date.year)


def short_date(date: dt.date) -> str:
    """A date as the minutes write it in titles: DD-MM-YYYY."""
    return date.strftime("%d-%m-%Y")


def meeting_title(meeting: Meeting, forum: ForumInfo | None, language: str, kind: str = "minutes") -> str:
    """The meeting's title, or "REFERAT <forum> d. DD-MM-YYYY" when it has none ("DAGSORDEN ..." for kind "agenda")."""
    if meeting.title and meeting.title.strip():
        return meeting.title.strip()
    parts = [labels(language)[kind]]
    if forum is not None and forum.name:
        parts.append(forum.name)
    if meeting.date is not None:
        parts.append(_words(language)["dates"]["in_title"].format(date=short_date(meeting.date)))
    return " ".join(parts)


def meeting_time(meeting: Meeting) -> str | None:
    """The meeting's start and end as "09:00 - 11:15", or the start alone, or None."""
    if meeting.start and meeting.end:
        return f"{meeting.start} - {meeting.end}"
    return meeting.start or None


def meeting_facts(meeting: Meeting, language: str, approved: str | None = None) -> list[tuple[str, str | None]]:
    """The facts of a meeting's header as (label, value) pairs: date, time, place, minute-taker, attendance, status.

    `approved` ("godkendt 2019-11-07 af Ida", from the approval tag) stands for the status when given.
    """
    words = labels(language)
    return [
        (words["date"], long_date(meeting.date, language) if meeting.date else None),
        (words["time"], meeting_time(meeting)),
        (words["place"], meeting.location),
        (words["minute_taker"], meeting.minute_taker),
        (words["present"], ", ".join(meeting.present)),
        (words["absent"], ", ".join(meeting.absent)),
        (words["status"], approved or status_label(meeting.status, language)),
    ]


def point_marks(point: Point, language: str) -> list[str]:
    """A point's marks of the cycle in words: closed, postponed (with its reason), carried from an earlier meeting."""
    cycle = _words(language)["cycle"]
    marks = [cycle["closed"]] if point.closed else []
    if point.postponed:
        reason = " ".join((point.postponed_reason or "").split())
        marks.append(cycle["postponed"].format(reason=reason) if reason else cycle["postponed_bare"])
    link = point.carried_from
    if link is not None:
        marks.append(cycle["carried_from"].format(meeting=link.meeting, point=link.point if link.point is not None else "-"))
    return marks


def hidden(point: Point, public: bool) -> bool:
    """True when only the point's number and "Lukket punkt" may be shown: a closed point in a publication."""
    return public and point.closed


def closed_words(language: str) -> str:
    """What a publication shows of a closed point besides its number: "Lukket punkt"."""
    return _words(language)["cycle"]["closed"]


def correction_lines(meeting: Meeting, language: str) -> list[str]:
    """The meeting's corrections after approval, oldest first: "Rettet DATE af WHO: WHAT. Begrundelse: WHY"."""
    template = _words(language)["cycle"]["correction"]
    return [
        template.format(date=item.date.isoformat(), who=item.by or "-", what=item.what.rstrip(".") or "-", why=item.why or "-")
        for item in meeting.corrections
    ]


def time_slot(value: str) -> str:
    """A point's time written as the seeds do: "09:30-09:45" becomes "09:30 - 09:45"."""
    match = _TIME_RANGE.fullmatch(value.strip())
    if match is None:
        return value.strip()
    start_hour, start_minute, end_hour, end_minute = match.groups()
    return f"{int(start_hour):02d}:{start_minute} - {int(end_hour):02d}:{end_minute}"


def _normal_ranges(text: str) -> set[str]:
    return {
        f"{int(a):02d}:{b}-{int(c):02d}:{d}" for a, b, c, d in _TIME_RANGE.findall(text)
    }


def time_in_title(point: Point) -> bool:
    """True when the point's time slot is already written in its title ("... (9:30-9:45)")."""
    if not point.time:
        return False
    wanted = _normal_ranges(point.time)
    if wanted:
        return bool(wanted & _normal_ranges(point.title))
    single = _TIME.match(point.time)
    if single is None:
        return point.time.strip() in point.title
    hour, minute = int(single.group(1)), single.group(2)
    return any(f"{form}{minute}" in point.title for form in (f"{hour}:", f"{hour:02d}:", f"{hour}.", f"{hour:02d}."))


def point_facts(point: Point, language: str) -> list[tuple[str, str | None]]:
    """A point's case number, time slot and presenter as (label, value) pairs."""
    words = labels(language)
    return [
        (words["case"], point.case),
        (words["point_time"], time_slot(point.time) if point.time else None),
        (words["presenter"], point.presenter),
    ]


def number_label(point: Point, position: int) -> int:
    """The point's number as printed, or its 1-based position when it has none."""
    return point.number if point.number is not None else position


def point_anchors(meeting: Meeting) -> list[str]:
    """A unique HTML id per point, "punkt-3" from its number (suffixed when a number repeats)."""
    anchors: list[str] = []
    for position, point in enumerate(meeting.points, start=1):
        base = f"punkt-{number_label(point, position)}"
        anchor, count = base, 1
        while anchor in anchors:
            count += 1
            anchor = f"{base}-{count}"
        anchors.append(anchor)
    return anchors


def status_label(status: str | None, language: str) -> str | None:
    """The meeting's status in words ("Godkendt"), an unknown status as written, or None."""
    if status in STATUSES:
        return labels(language)[status]
    return status


def decision_heading(point: Point, language: str) -> str:
    """The decision's heading as written, or "Beslutning" / "Decision"."""
    heading = (point.decision_heading or "").strip()
    return heading or labels(language)["decision"]


def clean_text(text: str | None) -> str:
    """Text with LF line endings and no trailing blank lines or spaces at the end."""
    if not text:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def paragraphs(text: str | None) -> list[list[str]]:
    """Text cut into paragraphs (at blank lines), each a list of its lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in clean_text(text).split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def all_texts(meeting: Meeting) -> Iterator[str]:
    """Every free text of the meeting: information, point titles, sections, decisions."""
    if meeting.information:
        yield meeting.information
    for point in meeting.points:
        yield point.title
        for _, text in point.sections:
            yield text
        if point.decision:
            yield point.decision


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def says_absent(meeting: Meeting, name: str) -> bool:
    """True when a text of the meeting already says that `name` was absent."""
    wanted = [_squash(f"{name} deltog ikke"), _squash(f"{name} did not attend")]
    return any(phrase in _squash(text) for text in all_texts(meeting) for phrase in wanted)


def says_minute_taker(meeting: Meeting, name: str) -> bool:
    """True when a text of the meeting already names `name` as the minute-taker."""
    who = re.escape(_squash(name))
    pattern = re.compile(rf"(referent:?\s+{who}\b|\b{who} er referent|minute-taker:?\s+{who}\b|\b{who} is minute-taker)")
    return any(pattern.search(_squash(text)) for text in all_texts(meeting))


def presenter_is_written(meeting: Meeting, point: Point) -> bool:
    """True when the importer would read the presenter back from the title or the information without a line of its own.

    The importer's own readings decide (a title ending "v. Name", an information line "Pkt. N kl. ... Name"),
    so that a name merely mentioned ("Status fra Bo", "Borgere") still gets its "Fremlægger:" line.
    """
    if not point.presenter:
        return True
    if title_time_and_presenter(point.title)[1] == point.presenter:
        return True
    readings = (point_info_presenter(line) for line in (meeting.information or "").splitlines())
    return (point.number, point.presenter) in readings


def action_text(task: str, owner: str | None, due: dt.date | None, language: str) -> str:
    """One follow-up as "task (Ansvarlig: owner; Frist: 2019-11-30)"."""
    words = labels(language)
    extras = []
    if owner:
        extras.append(f"{words['owner']}: {owner}")
    if due is not None:
        extras.append(f"{words['due']}: {due.isoformat()}")
    return f"{task} ({'; '.join(extras)})" if extras else task


def action_line(task: str, owner: str | None, due: dt.date | None, done: bool, language: str) -> str:
    """One follow-up as a checklist line: "[x] task (Ansvarlig: owner; Frist: 2019-11-30)"."""
    return f"[{'x' if done else ' '}] {action_text(task, owner, due, language)}"
