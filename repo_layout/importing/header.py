"""The lines before the first point: title, date, times, place, attendance and an "Information:" block."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from repo_layout.importing import markdown as md
from repo_layout.importing.header_times import (
    absent_sentence,
    date_and_place,
    date_and_rest,
    header_date,
    header_names,
    header_times,
    is_header_date_line,
    prose_place,
    prose_times,
    taker_in,
)
from repo_layout.importing.text import (
    SLOT,
    Note,
    Notes,
    absent_names,
    find_date,
    find_times,
    is_date_line,
    minute_taker,
    name_like,
    split_names,
    strip_bullet,
    time_slot,
)

_DATE_LABELS = (
    "mødedato", "mødedag", "dato", "date", "tidspunkt", "mødetidspunkt", "mødetid", "tid", "time", "møtedato",
    "møtetid", "møtetidspunkt", "kl", "klokken", "klokkeslett", "klokkeslæt", "meeting date", "date and time",
)  # fmt: skip
_PLACE_LABELS = ("mødested", "møtested", "møtestad", "sted", "lokale", "lokation", "location", "place", "venue")
_PRESENT_LABELS = (
    "deltagere", "deltakere", "til stede", "tilstede", "fremmødte", "fremmødt", "present", "those attending",
    "those present", "councillors present", "members present", "in attendance", "attendees", "møtende medlemmer",
    "møtende", "frammøtte", "deltog",
)  # fmt: skip
_ABSENT_LABELS = (
    "fraværende", "afbud", "absent", "forfald", "forfall", "meldt forfall", "apologies", "apologies for absence",
    "apologies received", "ikke møtt", "ikke til stede", "fravær", "fraværende med afbud", "afbud fra", "meldt afbud",
    "forfall fra", "not present",
)  # fmt: skip
_BOTH_LABELS = ("tid og sted", "sted og tid", "dato og sted", "tid/sted", "time and place", "date and venue", "time and venue")
_TAKER_LABELS = ("referent", "ref", "clerk", "protokollfører", "minutes taken by", "minute taker", "referat ved")
_ALL_LABELS = (*_BOTH_LABELS, *_DATE_LABELS, *_PLACE_LABELS, *_PRESENT_LABELS, *_ABSENT_LABELS, *_TAKER_LABELS, "information")
_CHECKBOX = re.compile(r"^[-*+]\s+\[(?P<mark>[ xX✓])\]\s+(?P<name>\S.*)$")
_LABEL = re.compile(
    rf"^(?P<label>{'|'.join(sorted(_ALL_LABELS, key=len, reverse=True))})(?=[\s:.]|$)\.?\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_WEAK_LABELS = frozenset(
    {"dato", "date", "tid", "time", "sted", "lokale", "place", "information", "present", "absent", "kl", "klokken", "ref",
     "clerk", "venue", "location", "deltog", "møtende", "fravær", "attendees"}
)  # fmt: skip
"""Label words that also open ordinary titles ("Tid til forandring"); a header line only with a colon or a date/time."""
_SENTENCE_VERB = re.compile(r"\b(?:blev|bliver|var|er|ble|blir|har|havde|hadde|was|were|is|are|has|had)\b", re.IGNORECASE)
"""Verbs that make a line after the date a sentence rather than a place."""
_POINT_INFO = re.compile(
    rf"^(?:pkt|punkt)\.?\s*(\d{{1,3}})\.?\s+(?:kl\.?\s*)?(?P<slot>{SLOT.pattern})\s*(?P<rest>.*)$", re.IGNORECASE
)
_PLACE_AFTER_DATE = re.compile(r"^\s*,?\s*(?:kl\.?\s*\d{1,2}[:.]\d{2}\s*)?,?\s*(?:i|på|at|in)\s+(?P<place>\S.*)$", re.IGNORECASE)


@dataclass
class PointInfo:
    """Time slot and presenter for one point, from an information line ("Pkt. 1 kl. 8.30-8.50 Name")."""

    time: str | None
    presenter: str | None
    line: str


@dataclass
class Header:
    """The meeting fields the header gave, and which of its lines are kept as the meeting's information."""

    title: str | None = None
    date: dt.date | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    minute_taker: str | None = None
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    information: list[int] = field(default_factory=list)
    points: dict[int, PointInfo] = field(default_factory=dict)
    end_index: int = 0


class _HeaderReader:
    """Reads header lines one by one, remembering the open block (information, a list of names)."""

    def __init__(self, lines: list[str], notes: Notes, markdown: bool, title_index: int | None) -> None:
        self.lines = lines
        self.notes = notes
        self.markdown = markdown
        self.title_index = title_index
        self.header = Header()
        self.block: str | None = None
        self.after_date = False
        self.seen_text = False
        self.date_source: tuple[str, str] | None = None  # ("title" | "line", the text the date came from)
        self.location_source: str | int | None = None  # "label", "title", or the index of the line it was guessed from

    def set_date(self, day: dt.date, source: str, from_title: bool = False) -> None:
        """Keep the first date written on a date line; a date in the title only when there is none."""
        if self.date_source is not None and (from_title or self.date_source[0] == "line"):
            return
        self.header.date = day
        self.date_source = ("title" if from_title else "line", source)

    def text(self, index: int) -> str:
        """The line at `index`, stripped (and without Markdown marks in Markdown minutes)."""
        return md.plain(self.lines[index]) if self.markdown else self.lines[index].strip()

    def read(self, index: int, stop_when_unknown: bool) -> bool:
        """Take one line; False when it is not a header line and reading should stop (fallback mode)."""
        text = self.text(index)
        if not text:
            if self.block in ("present", "absent") and self.seen_text:
                self.block = None
            return True
        first = not self.seen_text
        self.seen_text = True
        if self.block == "information":
            self.keep(index)
            self.point_info(text)
            return True
        if self.checkbox(text):
            return True
        if self.block in ("present", "absent") and self.names(self.block, strip_bullet(text)):
            return True
        self.block = None
        if self.title(index, text, first) or self.label(index, text) or self.date_line(text):
            return True
        if self.point_info(text):
            self.keep(index)
            return True
        if self.after_date and self.header.location is None and _place_like(text):
            self.header.location, self.location_source = text, index
            self.notes.guesses.append(Note("location_after_date", place=repr(text)))
            self.after_date = False
            return True
        self.after_date = False
        if stop_when_unknown:
            return False
        self.keep(index)
        if not self.attendance(text):
            self.notes.unplaced.append(Note("unplaced_line", line=index + 1, text=repr(text)))
        return True

    def keep(self, index: int) -> None:
        """Keep the line at `index` in the meeting's information."""
        self.header.information.append(index)

    def title(self, index: int, text: str, first: bool) -> bool:
        """Take the line as the meeting's title (with any date and place in it) when it is the title line."""
        if self.header.title is not None:
            return False
        if index != self.title_index and not (first and self.title_index is None and _title_like(text)):
            return False
        self.header.title = text
        found = header_date(text)
        if found:
            self.set_date(found[0], text, from_title=True)
            split = date_and_rest(text[found[1][0] :])
            start = header_times(split[0])[0] if split else None
            if start is not None and self.header.start is None:
                self.header.start = start
                self.notes.guesses.append(Note("start_from", start=start, source=repr(text)))
            place = re.match(r"(?P<place>.*)", split[1]) if split else _PLACE_AFTER_DATE.match(text[found[1][1] :])
            if place and self.header.location is None:
                self.header.location, self.location_source = place["place"].strip(), "title"
                self.notes.guesses.append(Note("location_from_title", place=repr(self.header.location)))
        return True

    def label(self, index: int, text: str) -> bool:
        """A labelled line ("Mødedato ...", "Mødested ...", "Referent: ...", "Deltagere: ...", "Information:")."""
        match = _LABEL.match(text)
        if not match:
            return False
        label, value = match["label"].casefold(), match["value"].strip()
        if label in _BOTH_LABELS:
            return self.time_and_place(value, text)
        if label in _DATE_LABELS:
            return self.date_line(value, text)
        if label in _PLACE_LABELS and value:
            return self.labelled_location(value)
        if label in _TAKER_LABELS and name_like(value.rstrip(".")) and self.header.minute_taker is None:
            self.header.minute_taker = value.rstrip(".")
            return True
        if label in _PRESENT_LABELS or label in _ABSENT_LABELS:
            kind = "present" if label in _PRESENT_LABELS else "absent"
            if not value:
                self.block = kind
                self.seen_text = False
                return True
            return self.names(kind, value)
        if label == "information":
            self.block = "information"
            if value:
                self.keep(index)
            return True
        return False

    def time_and_place(self, value: str, line: str) -> bool:
        """A "Tid og sted: 3. april 2017 kl. 10-12, Rådhuset" line: the date and times, then the place."""
        split = date_and_place(value)
        if split is None:
            return self.date_line(value, line)
        if not self.date_line(split[0], line):
            return False
        return self.header.location is not None or self.labelled_location(split[1])

    def labelled_location(self, value: str) -> bool:
        """A "Mødested X" line: it wins over a guessed place (whose line goes back to the information)."""
        if self.location_source == "label":
            return False  # a second place line stays as text
        if isinstance(self.location_source, int):
            self.keep(self.location_source)
            self.notes.guesses.append(Note("location_kept", guessed=repr(self.header.location), place=repr(value)))
        self.header.location, self.location_source = value, "label"
        return True

    def names(self, kind: str, value: str) -> bool:
        """Add the names in `value` to the present or absent list; False when they are not names."""
        names = split_names(value) or header_names(value)
        if not names:
            return False
        target = self.header.present if kind == "present" else self.header.absent
        target.extend(name for name in names if name not in target)
        taker = taker_in(names)
        if taker and self.header.minute_taker is None:
            self.header.minute_taker = taker
        return True

    def checkbox(self, text: str) -> bool:
        """A "- [x] Name" line (present) or "- [ ] Name" (absent)."""
        match = _CHECKBOX.match(text)
        if not match or not header_names(match["name"]):
            return False
        return self.names("absent" if match["mark"] == " " else "present", match["name"])

    def date_line(self, value: str, line: str | None = None) -> bool:
        """A date and/or times: from a label's value, or a line that holds only a date and times (and perhaps a place)."""
        place = None
        if line is None and not (is_date_line(value) or is_header_date_line(value)):
            split = date_and_rest(value)
            if split is None or self.header.location is not None:
                return False
            (value, place), line = split, value
        found = header_date(value)
        rest = value if found is None else value[: found[1][0]] + " " + value[found[1][1] :]
        start, end_time = header_times(rest)
        if found is None and start is None:
            return False
        other_date = (
            found is not None and self.date_source is not None and self.date_source[0] == "line" and self.header.date != found[0]
        )
        other_time = (
            start is not None and self.header.start is not None and (start, end_time) != (self.header.start, self.header.end)
        )
        if other_date or other_time:
            return False  # a second, different date or time: the line stays as text (in the information)
        if found is not None:
            self.set_date(found[0], line or value)
        if place is not None:
            self.header.location, self.location_source = place, "title"
            self.notes.guesses.append(Note("location_from_title", place=repr(place)))
        if start is not None and self.header.start is None:
            self.header.start, self.header.end = start, end_time
            source = repr(line or value)
            if end_time:
                self.notes.guesses.append(Note("start_end_from", start=start, end=end_time, source=source))
            else:
                self.notes.guesses.append(Note("start_from", start=start, source=source))
        self.after_date = True
        return True

    def point_info(self, text: str) -> bool:
        """A "Pkt. N kl. 8.30-8.50 Name" line: the point's time slot and presenter."""
        match = _POINT_INFO.match(text)
        if not match:
            return False
        number = int(match[1])
        rest = match["rest"].strip()
        presenter = rest if rest and split_names(rest) else None
        self.header.points[number] = PointInfo(time_slot(match["slot"]), presenter, text)
        return True

    def attendance(self, text: str) -> bool:
        """Absentees, the minute taker and the start named in a sentence of the header (the sentence stays as text)."""
        start, end_time = prose_times(text)
        if start is not None and self.header.start is None:
            self.header.start = start
            self.notes.guesses.append(Note("start_from", start=start, source=repr(text)))
        if end_time is not None and self.header.end is None and self.header.start is not None:
            self.header.end = end_time
        place = prose_place(text)
        if place is not None and self.header.location is None:
            self.header.location, self.location_source = place, "title"
            self.notes.guesses.append(Note("location_from_title", place=repr(place)))
        names = absent_names(text) or absent_sentence(text)
        self.header.absent.extend(name for name in names if name not in self.header.absent)
        taker = minute_taker(text)
        if taker and self.header.minute_taker is None:
            self.header.minute_taker = taker
        return bool(names or taker or start or end_time or place)


def _labelled_header_line(text: str) -> bool:
    """True for a line that is a header label with its value ("Mødedato ...", "Mødested ...", "Tid: 9:00").

    A title may start with a label word ("Tid til forandring", "Information om budgettet"): a short
    label word counts only with a colon after it or (for a date label) a date or time in its value.
    """
    match = _LABEL.match(text)
    if not match:
        return False
    label, value = match["label"].casefold(), match["value"]
    if label not in _WEAK_LABELS or re.match(rf"^{re.escape(match['label'])}\.?\s*:", text, re.IGNORECASE):
        return True
    return label in _DATE_LABELS and (find_date(value) is not None or find_times(value)[0] is not None)


def _title_like(text: str) -> bool:
    """A first line that reads as a title: short, not a sentence, not a labelled header line or a bare date."""
    if len(text) > 150 or _labelled_header_line(text) or is_date_line(text):
        return False
    return not text.endswith(".") or bool(re.search(r"referat|dagsorden|møde|minutes|meeting", text, re.IGNORECASE))


def _place_like(text: str) -> bool:
    """True for a line that can be a meeting place: short, not a sentence or a label."""
    if _SENTENCE_VERB.search(text):
        return False
    return len(text) <= 100 and len(text.split()) <= 12 and not text.endswith((".", ":")) and not _LABEL.match(text)


def read_header(
    lines: list[str],
    indices: list[int],
    notes: Notes,
    *,
    markdown: bool = False,
    title_index: int | None = None,
    stop_when_unknown: bool = False,
) -> Header:
    """Read the header lines; with stop_when_unknown, stop at the first line that is not a header line."""
    reader = _HeaderReader(lines, notes, markdown, title_index)
    reader.header.end_index = indices[0] if indices else 0
    for index in indices:
        if not reader.read(index, stop_when_unknown):
            reader.header.end_index = index
            break
        reader.header.end_index = index + 1
    if reader.date_source is not None:
        notes.guesses.insert(0, Note("date_from", date=reader.header.date, source=repr(reader.date_source[1])))
    for number, info in sorted(reader.header.points.items()):
        line, presenter = repr(info.line), repr(info.presenter)
        if info.time and info.presenter:
            notes.guesses.append(Note("point_time_presenter", number=number, time=info.time, presenter=presenter, line=line))
        elif info.time:
            notes.guesses.append(Note("point_time", number=number, time=info.time, line=line))
        elif info.presenter:
            notes.guesses.append(Note("point_presenter", number=number, presenter=presenter, line=line))
    return reader.header


def point_info_presenter(line: str) -> tuple[int, str] | None:
    """(point number, presenter) that a "Pkt. N kl. 8.30-8.50 Name" line of the information gives, else None."""
    match = _POINT_INFO.match(line.strip())
    rest = match["rest"].strip() if match else ""
    return (int(match[1]), rest) if match and rest and split_names(rest) else None
