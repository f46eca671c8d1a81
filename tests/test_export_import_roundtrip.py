"""Export then import gives back the same meeting (a property test over generated meetings).

A meeting is built through the typed views (Meeting.new, Point.new and their setters), exported with
export_meeting(meeting, ForumInfo(name="Chefforum"), "txt"), read back with parse_minutes(text), and
compared field by field: title, date, start, end, location, absent, minute_taker, and for every point
its number, title, case, time, presenter, sections, decision and attachments.

What the generator makes, and why it is narrowed where it is:

- Free text (section texts, decisions) is 1-3 paragraphs of one or two lines each. A line is 3-12
  lower-case Danish-looking words (letters a-z and æøå, digits) with "," "-" and "." between them,
  and it ends with ".". So no line of free text looks like a heading of the importer's vocabulary
  ("Beslutning", "Bilag", "Baggrund", "Det indstilles, at"), a "Punkt N:" or "N." point heading, a
  case number, a time slot, a date line, a contents line with a dot leader, or a "Referent X" /
  "X deltog ikke i mødet" line: a text holding such lines is ambiguous in any plain-text format,
  and the importer is right to read them as structure.
- Titles, attachments and places are words as above (a title and a place start with a capital);
  they never end with "." (a first line ending in "." is a sentence, not a title, in the seeds too).
- People's names (absentees, minute taker, presenter) are real Danish first names with an optional
  surname; the importer recognises a name by its capitals, as the seeds write them.
- Section headings are Anledning, Baggrund, Sagsfremstilling and Indstilling, at most once each per
  point (a point's sections are a mapping). The decision has the plain heading ("Beslutning").
- Point numbers rise (1-99); case numbers are "NN/NNNN(N)" or "NN.NN.NN-XNN-N-NN"; time slots are
  "HH:MM-HH:MM" with the end after the start.
- Narrowed because the text format cannot carry the value: a meeting always has a title (without
  one the exporter writes "REFERAT <forum> d. DD-MM-YYYY", which reads back as that title); an end
  time only comes with a start time (the header line "kl. 09:00 - 11:00" has no way to give an end
  alone); text is stored as the importer stores it (no blank lines at either end, one final newline).

Not compared: status (the importer marks an imported meeting "held"), present and information (not
generated; the exporter's "X deltog ikke i mødet." line is also kept as the meeting's information
text by design, so that no line of a text is ever lost).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from repo_layout.export import export_meeting
from repo_layout.importer import parse_minutes
from repo_layout.model import ForumInfo, Meeting, Point

FORUM = ForumInfo(name="Chefforum")
SECTION_HEADINGS = ("Anledning", "Baggrund", "Sagsfremstilling", "Indstilling")
FIRST_NAMES = ("Anna", "Anne-Mette", "Bo", "Dorte", "Egil", "Ida", "Jette", "Lise", "Maj", "René", "Søren", "Ærø", "Åse")
SURNAMES = ("Hansen", "Nederskov", "Kærgaard", "Byrge Sørensen", "Hald", "Østergaard", "Amtorp")
LETTERS = "abcdefghijklmnoprstuvyæøå"
# words that open a structural line in some spelling ("punkt 3 - ...", "pkt 3. ...", "ad punkt 3: ...")
_OPENERS = frozenset({"punkt", "pkt", "ad"})

# --- strategies ---------------------------------------------------------------------------------------

letters_word = st.text(alphabet=LETTERS, min_size=2, max_size=10)
number_word = st.integers(min_value=0, max_value=2030).map(str)
word = st.one_of(letters_word, letters_word, letters_word, number_word)
joiner = st.sampled_from([" ", " ", " ", ", ", " - ", "-"])


@st.composite
def phrase(draw: st.DrawFn, min_words: int, max_words: int, capital: bool) -> str:
    """Words with spaces, commas and dashes between them; the first word is letters (capitalised for a name-like line)."""
    first = draw(letters_word.filter(lambda text: text not in _OPENERS))
    words = [first.capitalize() if capital else first]
    for _ in range(draw(st.integers(min_value=min_words - 1, max_value=max_words - 1))):
        words.append(draw(joiner))
        words.append(draw(word))
    return "".join(words)


def sentence_line() -> st.SearchStrategy[str]:
    return phrase(3, 12, capital=False).map(lambda text: text + ".")


@st.composite
def free_text(draw: st.DrawFn) -> str:
    """1-3 paragraphs of 1-2 sentence lines, stored as the importer stores text (one final newline)."""
    paragraphs = draw(st.lists(st.lists(sentence_line(), min_size=1, max_size=2), min_size=1, max_size=3))
    return "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n"


name = st.builds(
    lambda first, last: f"{first} {last}" if last else first, st.sampled_from(FIRST_NAMES), st.none() | st.sampled_from(SURNAMES)
)
clock = st.integers(min_value=0, max_value=23 * 60 + 58)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def time_slot(draw: st.DrawFn) -> str:
    start = draw(clock)
    end = draw(st.integers(min_value=start + 1, max_value=23 * 60 + 59))
    return f"{hhmm(start)}-{hhmm(end)}"


case_number = st.one_of(
    st.from_regex(r"\A[0-9]{2}/[0-9]{4,5}\Z"),
    st.from_regex(r"\A[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[A-Z][0-9]{2}-[0-9]-[0-9]{2}\Z"),
)


@dataclass
class PointSpec:
    number: int
    title: str
    case: str | None
    time: str | None
    presenter: str | None
    sections: list[tuple[str, str]]
    decision: str | None
    attachments: list[str]


@st.composite
def points(draw: st.DrawFn) -> list[PointSpec]:
    numbers = sorted(draw(st.sets(st.integers(min_value=1, max_value=99), min_size=1, max_size=6)))
    made = []
    for number in numbers:
        headings = draw(st.lists(st.sampled_from(SECTION_HEADINGS), unique=True, max_size=len(SECTION_HEADINGS)))
        made.append(
            PointSpec(
                number=number,
                title=draw(phrase(1, 8, capital=True)),
                case=draw(st.none() | case_number),
                time=draw(st.none() | time_slot()),
                presenter=draw(st.none() | name),
                sections=[(heading, draw(free_text())) for heading in headings],
                decision=draw(st.none() | free_text()),
                attachments=draw(st.lists(phrase(1, 6, capital=False), max_size=3)),
            )
        )
    return made


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    date = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
    meeting = Meeting.new(Path(f"{date.isoformat()}.yaml"), date)
    meeting.title = draw(phrase(1, 8, capital=True))
    start = draw(st.none() | clock)
    if start is not None:
        meeting.start = hhmm(start)
        end = draw(st.none() | st.integers(min_value=start + 1, max_value=23 * 60 + 59))
        meeting.end = hhmm(end) if end is not None else None
    meeting.location = draw(st.none() | phrase(1, 4, capital=True))
    meeting.absent = draw(st.lists(name, unique=True, max_size=3))
    meeting.minute_taker = draw(st.none() | name)
    for position, spec in enumerate(draw(points())):
        meeting.insert_point(position, build_point(spec))
    return meeting


def build_point(spec: PointSpec) -> Point:
    point = Point.new(spec.number, spec.title)
    point.case = spec.case
    point.time = spec.time
    point.presenter = spec.presenter
    for heading, text in spec.sections:
        point.sections.set(heading, text)
    point.decision = spec.decision
    point.attachments = spec.attachments
    return point


# --- comparing ------------------------------------------------------------------------------------------


def meeting_fields(meeting: Meeting) -> dict[str, object]:
    return {
        "title": meeting.title,
        "date": meeting.date,
        "start": meeting.start,
        "end": meeting.end,
        "location": meeting.location,
        "absent": meeting.absent,
        "minute_taker": meeting.minute_taker,
        "points": len(meeting.points),
    }


def point_fields(point: Point) -> dict[str, object]:
    return {
        "number": point.number,
        "title": point.title,
        "case": point.case,
        "time": point.time,
        "presenter": point.presenter,
        "sections": point.sections.items(),
        "decision": point.decision,
        "attachments": point.attachments,
    }


def differences(original: Meeting, imported: Meeting) -> list[str]:
    """Every field that came back different, as "where: field: original != imported"."""
    found = []
    before, after = meeting_fields(original), meeting_fields(imported)
    found += [f"meeting: {key}: {before[key]!r} != {after[key]!r}" for key in before if before[key] != after[key]]
    for mine, theirs in zip(original.points, imported.points, strict=False):
        before, after = point_fields(mine), point_fields(theirs)
        where = f"point {mine.number}"
        found += [f"{where}: {key}: {before[key]!r} != {after[key]!r}" for key in before if before[key] != after[key]]
    return found


def round_trip(meeting: Meeting) -> tuple[str, Meeting]:
    text = export_meeting(meeting, FORUM, "txt")
    imported, _ = parse_minutes(text)
    return text, imported


# --- the property ---------------------------------------------------------------------------------------


def _example(presenter: str | None = None, attachments: tuple[str, ...] = (), title: str = "Budget") -> Meeting:
    """A small fixed meeting for the explicit examples below."""
    meeting = Meeting.new(Path("2020-03-04.yaml"), dt.date(2020, 3, 4))
    meeting.title = "Chefforum marts"
    point = Point.new(1, title)
    point.presenter = presenter
    point.attachments = list(attachments)
    meeting.insert_point(0, point)
    return meeting


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=meetings())
@example(meeting=_example(presenter="Anna"))
@example(meeting=_example(attachments=("Budget",)))
def test_export_then_import_gives_back_the_same_meeting(meeting: Meeting) -> None:
    text, imported = round_trip(meeting)
    assert differences(meeting, imported) == [], "the text was:\n" + text
