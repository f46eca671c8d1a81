"""Recognising the pieces of text minutes line by line: dates, times, headings, case numbers, attendance.

Every function here looks at one string and answers a small question; none of
them decides where a line goes (that is import_point's and import_header's job).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from repo_layout.editing.values import InvalidValue, check_time, check_time_or_range
from repo_layout.words import words

MONTHS = {
    "januar": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "marts": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "maj": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = "mandag tirsdag onsdag torsdag fredag lørdag søndag monday tuesday wednesday thursday friday saturday sunday".split()
_MONTH_ALTERNATIVES = "|".join(sorted(MONTHS, key=len, reverse=True))
_TEXT_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s*({_MONTH_ALTERNATIVES})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")

_CLOCK = r"(\d{1,2})[:.](\d{2})"
SLOT = re.compile(rf"(?<![\d:.]){_CLOCK}\s*[-–—]\s*{_CLOCK}(?![\d:])")
_SINGLE_TIME = re.compile(rf"(?<![\d:.]){_CLOCK}(?![\d:])")
_TIME_ONLY = re.compile(rf"^\(?\s*(?:(?:kl|tid|tidspunkt)\.?:?\s*)?{_CLOCK}\s*[-–—]\s*{_CLOCK}\s*\)?$", re.IGNORECASE)
_FILLER = re.compile(r"\b(?:d|den|kl|klokken|fra|til|the|at|from|to)\b\.?|[-–—,.:()]", re.IGNORECASE)

SECTION_WORDS = frozenset(
    {
        "anledning",
        "baggrund",
        "sagsfremstilling",
        "sagsbeskrivelse",
        "resumé",
        "resume",
        "sagsresumé",
        "indstilling",
        "indstillinger",
        "det indstilles, at",
        "det indstilles at",
        "forslag til beslutning",
        "background",
        "recommendation",
        "innstilling",
        "forslag til vedtak",
        "rådmannens innstilling",
        "kommunedirektørens innstilling",
        "saksopplysninger",
        "saksutredning",
        "vurdering",
        "behandling",
        "referat",
        "drøftelse",
        "discussion",
        "report",
        "recommendations",
    }
)
DECISION_WORDS = frozenset(
    {"beslutning", "beslutninger", "afgørelse", "vedtak", "decision", "decisions", "resolved", "resolution", "agreed"}
)
CAPITALISED_WORDS = frozenset(
    """innstilling|forslag til vedtak|rådmannens innstilling|kommunedirektørens innstilling|saksopplysninger
    |saksutredning|vurdering|behandling|referat|drøftelse|discussion|report|recommendations|vedtak|resolved
    |resolution|agreed""".replace("\n", "").replace(" |", "|").split("|")
)
_RESOLVED_SENTENCE = re.compile(r"^(?:it\s+was\s+)?(?:resolved|agreed)\s+that\b", re.IGNORECASE)
_FORUM_DECISION = re.compile(
    r"^(?:beslutning\s+\S.{0,80}?\s+den\s+\d.{0,40}|\S+s\s+vedtak(?:\s+(?:den\s+)?\d[\d./\-]{5,10})?|vedtak\s+i\s+\S.{0,80})$",
    re.IGNORECASE,
)
RUN_IN_WORDS = ("Beslutning", "Bilag", "Sagsfremstilling", "Indstilling", "Vedtak", "Innstilling", "Decision")
ATTACHMENT_WORDS = frozenset({"bilag", "bilagsliste", "bilag til punktet", "attachments", "attachment"})
_DECISION_PHRASE = re.compile(r"^beslutning(?:er)?\s+(?:for|i|på|til|vedr\.?|vedrørende)\s+\S.{0,140}$", re.IGNORECASE)
_INLINE = re.compile(r"^([^:]{3,40}):\s+(\S.*)$")

_CASE_PREFIX = re.compile(r"^(?:sagsnr|sags nr|sag nr|sagsnummer|journalnr|j\.\s?nr|sag|case)\.?\s*:?\s*", re.IGNORECASE)
_CASE_VALUE = re.compile(r"^[0-9A-ZÆØÅ][0-9A-Za-zÆØÅæøå./\-]*[0-9A-Za-z]$")

_ABSENT_SENTENCE = re.compile(
    r"^(?P<names>[^.:;!?]+?)\s+(?:deltog|deltager)\s+ikke(?:\s+i\s+(?:mødet|dagens møde|mødet i dag))?\s*[.!]?$",
    re.IGNORECASE,
)
_ABSENT_LABEL = re.compile(r"^(?:afbud fra|afbud|fraværende|absent)\s*:?\s+(?P<names>[^.:;!?]+?)\s*\.?$", re.IGNORECASE)
_TAKER_SENTENCE = re.compile(r"^(?P<name>[^.:;!?]+?)\s+(?:er|var)\s+referent\s*[.!]?$", re.IGNORECASE)
_TAKER_LABEL = re.compile(
    r"^(?:referent|referent var|referat ved|minute taker|minutes taken by)\s*:?\s+(?P<name>.+?)\.?$", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’\-]*\.?|[A-ZÆØÅ]\.|af|von|van|de|der|la|le)$")

_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*\.{3,}\s*(?P<page>\d+)?\s*$")
_TOC_HEADINGS = frozenset({"indholdsfortegnelse", "indhold", "table of contents", "contents"})
BULLET = re.compile(r"^\s*[-*•·]\s+")


class Note(str):
    """One line of an import's report: its English words (the str, for programs and tests), and its kind and values.

    `words(language)` says it in another language, from the library's word tables (repo_layout.words, "importing").
    """

    kind: str
    values: dict[str, object]

    def __new__(cls, kind: str, **values: object) -> Note:
        note = super().__new__(cls, words("en")["importing"][kind].format(**values))
        note.kind, note.values = kind, values
        return note

    def words(self, language: str) -> str:
        """The note in `language` (English for one the library cannot write)."""
        return words(language, fallback="en")["importing"][self.kind].format(**self.values)


@dataclass
class Notes:
    """What the importer guessed, could not place, or wants to warn about, in the order it happened."""

    guesses: list[Note] = field(default_factory=list)
    unplaced: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class Heading:
    """A heading line inside a point: what it starts, as written, and any text after an inline colon."""

    kind: str  # "section" | "decision" | "attachments"
    text: str
    inline: str | None = None


# --- dates and times -------------------------------------------------------------------------------


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first real date written in `text` (ISO, 24-10-2019, 24.10.2019, 8. oktober 2020) and its span."""
    found: list[tuple[int, dt.date, tuple[int, int]]] = []
    for pattern, order in ((_ISO_DATE, "ymd"), (_NUMERIC_DATE, "dmy"), (_TEXT_DATE, "dmy")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = MONTHS.get(parts["m"].lower()) if not parts["m"].isdigit() else int(parts["m"])
            try:
                day = dt.date(int(parts["y"]), month or 0, int(parts["d"]))
            except ValueError:
                continue
            found.append((match.start(), day, match.span()))
            break
    if not found:
        return None
    _, day, span = min(found, key=lambda item: item[0])
    return day, span


def find_times(text: str) -> tuple[str | None, str | None]:
    """Start and end time written in `text` ("kl. 12:00", "08:30 - 10:00"), zero-padded; None when absent."""
    slot = SLOT.search(text)
    if slot:
        try:
            start = check_time(f"{slot[1]}:{slot[2]}")
            end = check_time(f"{slot[3]}:{slot[4]}")
        except InvalidValue:
            return None, None
        return start, end
    single = _SINGLE_TIME.search(text)
    if single:
        try:
            return check_time(f"{single[1]}:{single[2]}"), None
        except InvalidValue:
            return None, None
    return None, None


def time_slot(text: str) -> str | None:
    """The first time slot in `text` normalised to "HH:MM-HH:MM", or None."""
    match = SLOT.search(text)
    if not match:
        return None
    try:
        return check_time_or_range(f"{match[1]}:{match[2]}-{match[3]}:{match[4]}")
    except InvalidValue:
        return None


def time_only(line: str) -> str | None:
    """The normalised slot when the line says nothing but a time slot ("12:00 - 12:10"), else None."""
    if not _TIME_ONLY.match(line.strip()):
        return None
    return time_slot(line)


def is_date_line(line: str) -> bool:
    """True when a line holds a date and otherwise only a weekday, times and filler words."""
    found = find_date(line)
    if found is None:
        return False
    _, (begin, end) = found
    rest = SLOT.sub(" ", line[:begin] + " " + line[end:])
    rest = _SINGLE_TIME.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    words = [word for word in rest.split() if word.casefold() not in WEEKDAYS]
    return not words


# --- headings ---------------------------------------------------------------------------------------


def _bare(line: str) -> str:
    """A heading as a lookup key: stripped, no trailing colon, single spaces, case-folded."""
    return " ".join(line.strip().rstrip(":").split()).casefold()


def heading_kind(word: str) -> str | None:
    """The kind of heading ("section", "decision", "attachments") a vocabulary word starts, else None."""
    bare = _bare(word)
    if bare in CAPITALISED_WORDS and not word.strip()[:1].isupper():
        return None  # "referat", "drøftelse" in small letters are words in a text, not headings
    if bare in DECISION_WORDS or (_DECISION_PHRASE.match(bare) and not word.strip().endswith(".")):
        return "decision"
    if _FORUM_DECISION.match(bare) and not word.strip().endswith("."):
        return "decision"
    if bare in ATTACHMENT_WORDS:
        return "attachments"
    if bare in SECTION_WORDS:
        return "section"
    return None


def vocabulary_heading(line: str) -> Heading | None:
    """The heading a line is when it is a known heading ("Beslutning", "Bilag:", "Baggrund: text ..."), else None."""
    text = line.strip()
    kind = heading_kind(text)
    if kind is not None:
        return Heading(kind, text)
    if _RESOLVED_SENTENCE.match(text):
        return Heading("decision", "Decision", text)
    run_in = run_in_heading(text)
    if run_in is not None:
        return run_in
    inline = _INLINE.match(text)
    if inline and _bare(inline[1]) not in ("beslutning for", "beslutning i"):
        kind = heading_kind(inline[1])
        if kind is not None and not _DECISION_PHRASE.match(_bare(inline[1])):
            return Heading(kind, inline[1].strip(), inline[2].strip())
    return None


def run_in_heading(text: str) -> Heading | None:
    """A heading run into its text by a web page's copy ("BeslutningGodkendt.", "BilagIngen bilag."), else None."""
    for word in RUN_IN_WORDS:
        rest = text[len(word) :]
        if text.startswith(word) and rest[:1].isupper() and (kind := heading_kind(word)) is not None:
            return Heading(kind, word, rest)
    return None


_CLUTTER_LINES = frozenset(
    """til toppen|tilbage til toppen|til top|gå til toppen|til toppen av siden|tilbake til toppen|back to top|top of page
    |skip til hovedindhold|spring til indhold|spring til hovedindhold|gå til hovedindhold|gå til indhold
    |hopp til hovedinnhold|hopp til innhold|gå til hovedinnhold|skip to main content|skip to content
    |udskriv|print|skriv ut|print this page|udskriv siden|del|del siden|share|share this page|luk|lukk|close
    |accepter|accepter alle|godta|godta alle|accept|accept all|ok, forstået|læs mere om cookies""".replace("\n", "").split("|")
)
_CLUTTER = frozenset(item.strip() for item in _CLUTTER_LINES)
_COOKIE = re.compile(r"\b(?:cookies?|informasjonskapsler)\b", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s(?:>|›|»)\s")


def is_clutter(line: str) -> bool:
    """True for a web page's own text pasted with the minutes: "Til toppen", skip links, breadcrumbs, cookie notices."""
    text = " ".join(line.split())
    bare = text.casefold().rstrip(".:!")
    if bare in _CLUTTER and (" " in bare or not text.endswith(".")):  # "del." ending a wrapped sentence is no button
        return True
    if bare.startswith(("du er her:", "you are here:")):
        return True
    if _COOKIE.search(text) and len(text) <= 400:
        return True
    parts = _BREADCRUMB.split(text)
    return len(parts) >= 3 and all(0 < len(part.split()) <= 6 for part in parts) and not text.endswith(".")


def is_toc_heading(line: str) -> bool:
    """True for "Indholdsfortegnelse" / "Indhold" (also as a Markdown heading)."""
    return _bare(line.strip("#* ")) in _TOC_HEADINGS


def toc_entry(line: str) -> str | None:
    """The title of a table-of-contents line with dot leaders ("Eventuelt.....\t9"), else None."""
    match = _TOC_ENTRY.match(line.strip())
    return match["title"] if match else None


def has_dot_leader(line: str) -> bool:
    """True for a line ending in a dot leader and perhaps a page number ("Eventuelt.....\t9")."""
    return bool(re.search(r"\.{4,}\s*\d*\s*$", line))


# --- case numbers, titles ----------------------------------------------------------------------------


def case_number(line: str) -> str | None:
    """The case / journal number when a line is only that ("85.02.02P35-25-19", "14/13782", "Sagsnr.: 14/13782")."""
    text = _CASE_PREFIX.sub("", line.strip(), count=1) if _CASE_PREFIX.match(line.strip()) else line.strip()
    if not _CASE_VALUE.match(text) or len(text) > 40:
        return None
    if sum(char.isdigit() for char in text) < 3 or not any(sep in text for sep in "./-"):
        return None
    if find_date(text) is not None or SLOT.search(text) or re.fullmatch(r"\d+[.,]\d+", text):
        return None
    return text


def similar(one: str, other: str, threshold: float = 0.9) -> bool:
    """True when two lines are the same text up to case, spacing and a small typo."""
    first, second = " ".join(one.split()).casefold(), " ".join(other.split()).casefold()
    if first == second:
        return True
    return bool(first and second) and difflib.SequenceMatcher(None, first, second).ratio() >= threshold


def title_time_and_presenter(title: str) -> tuple[str | None, str | None]:
    """A time slot and a "v. Name" presenter written in a point's title ("... v. Søren (9:30-9:45)")."""
    time = time_slot(title)
    presenter = None
    match = re.search(r"\sv\.\s*([A-ZÆØÅ][^()]*?)\s*(?:\([^)]*\))?\s*$", title)
    if match and name_like(match[1]):
        presenter = match[1].strip()
    return time, presenter


# --- attendance -------------------------------------------------------------------------------------


def name_like(text: str) -> bool:
    """True for something written like a person's name (1-6 capitalised words, particles allowed)."""
    words = text.strip().split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and all(_NAME_WORD.match(word) for word in words)


def split_names(text: str) -> list[str]:
    """Names from "A, B og C" (also "&", "and", ";"), each stripped; empty when any part is not a name."""
    parts = [part.strip(" .") for part in re.split(r",|;|\s+og\s+|\s+and\s+|\s+&\s+", text) if part.strip(" .")]
    return parts if parts and all(name_like(part) for part in parts) else []


def absent_names(line: str) -> list[str]:
    """Names from "X deltog ikke i mødet" (also "X og Y deltog ikke", "Afbud fra X"), else []."""
    match = _ABSENT_SENTENCE.match(line.strip()) or _ABSENT_LABEL.match(line.strip())
    return split_names(match["names"]) if match else []


def minute_taker(line: str) -> str | None:
    """The name in "Egil er referent" or "Referent Dorte Nederskov" / "Referent: X", else None."""
    text = line.strip()
    for pattern in (_TAKER_SENTENCE, _TAKER_LABEL):
        match = pattern.match(text)
        if match and name_like(match["name"]):
            return match["name"].strip()
    return None


def is_signature(line: str) -> bool:
    """True for a closing "Referent X" / "Referent: X" line (not the sentence "X er referent")."""
    match = _TAKER_LABEL.match(line.strip())
    return bool(match and name_like(match["name"]))


def strip_bullet(text: str) -> str:
    """A list item's text without its "- " / "* " / "•" marker."""
    return BULLET.sub("", text, count=1).strip()
