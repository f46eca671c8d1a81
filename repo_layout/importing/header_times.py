"""Dates, times and names as header lines write them, beyond what text.py reads in any line.

English ordinal dates ("14th March 2023", "March 14, 2023"), two-digit years ("18.08.09"), 12-hour times
("7pm", "7.30 p.m.") and "kl. 19", names with a role in parentheses ("Ida Holm (formand)") and the header's
sentences about absence and the start ("X hadde meldt forfall", "The meeting commenced at 7pm").
"""

from __future__ import annotations

import datetime as dt
import re

from repo_layout.importing.text import MONTHS, WEEKDAYS, find_date, find_times, name_like

_MONTHS = {**MONTHS, "mars": 3, "mai": 5, "desember": 12, "des": 12}
"""text.py's months and the Norwegian spellings it lacks."""
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TEXT_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s*({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.I)
_ORDINAL_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)\.?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.I)
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_SHORT_YEAR = re.compile(r"(?<![\d.:])(\d{1,2})[./-](\d{1,2})[./-](\d{2})(?![\d.:]?\d)")
_TWELVE_HOUR = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)
_TWELVE_SLOT = re.compile(rf"{_TWELVE_HOUR.pattern}\s*(?:[-–—]|to|until|til)\s*{_TWELVE_HOUR.pattern}", re.I)
_HOUR_ONLY = re.compile(r"\bkl(?:\.|okken)?\s*:?\s*(\d{1,2})(?![\d:.]\d)(?:\s*[-–—]\s*(\d{1,2})(?![\d:.]\d))?", re.I)
_WORD_SLOT = re.compile(
    r"(?<![\d:.])(\d{1,2})[:.](\d{2})\s*(?:til|to|until|till|-|–|—)\s*(?:kl\.?\s*|klokken\s*)?(\d{1,2})[:.](\d{2})(?![\d:])", re.I
)
_WEEKDAY_WORDS = frozenset(WEEKDAYS) | {"tysdag", "måndag", "laurdag", "sundag", "onsdag", "torsdag"}
_FILLER = re.compile(
    r"\b(?:d|den|kl|klokken|fra|til|the|at|from|to|on|held|commencing|starting|og|and|until)\b\.?|[-–—,.:()]", re.I
)
_PLACE_AFTER = re.compile(r"^\s*,?\s*(?i:i|på|at|in)\s+(?:the\s+)?(?P<place>\S.*?)\s*\.?$")
_HELD_IN = re.compile(
    r"\b(?:held|holdt|afholdt|avholdt|afviklet)\s+(?:in|at|i|på)\s+(?:the\s+)?(?P<place>[^,.;]+(?:,\s*[A-ZÆØÅ][\w\-]*)?)"
    r"(?=,?\s+(?:on|den|d\.|kl\.?|klokken|at|commencing|starting|fra|from|onsdag|mandag|tirsdag|torsdag|fredag)\b|\s*[.,]?\s*$)"
)

_START_SENTENCE = re.compile(
    r"\b(?:commenc\w*|began|begins|started|starts|opened|satt|sat|åbnede|begyndte|startede|starta|starter|opna|opnet|åpnet)\b"
    r"(?:\s+\w+){0,4}?\s+(?:at|kl\.?|klokken)\s+",
    re.I,
)
_END_SENTENCE = re.compile(
    r"\b(?:closed|ended|finished|concluded|sluttede|afsluttet|hævet|hevet|slutt|avsluttet)\b"
    r"(?:\s+\w+){0,4}?\s+(?:at|kl\.?|klokken)\s+",
    re.I,
)
_ABSENT_SENTENCES = (
    re.compile(r"^(?P<names>[^.:;!?]+?)\s+(?:hadde|har|havde|had)\s+meldt\s+(?:forfall|forfald|afbud)\s*[.!]?$", re.I),
    re.compile(r"^(?P<names>[^.:;!?]+?)\s+(?:had\s+)?sent\s+(?:their\s+)?apologies\s*[.!]?$", re.I),
    re.compile(
        r"^(?:apologies|afbud|forfall|forfald)\s+(?:were\s+)?(?:received\s+)?(?:from|fra)\s+(?P<names>[^.:;!?]+?)\.?$", re.I
    ),
)
_VALUE_OPENING = re.compile(r"^(?:were\s+)?(?:received\s+)?(?:from|fra)\s+", re.I)
TAKER_ROLES = frozenset({"referent", "ref", "ref.", "clerk", "protokollfører", "minute taker", "minutes", "sekretær"})
_ROLE = re.compile(r"\s*\(([^()]*)\)\s*$")


def _two_digit_year(year: int) -> int:
    """A two-digit year read as 2000-2069 or 1970-1999."""
    return 2000 + year if year < 70 else 1900 + year


def header_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date in `text` and its span: text.py's forms, then ordinal, month-first and two-digit-year dates."""
    found = [item for item in (find_date(text),) if item is not None]
    for pattern, order in ((_TEXT_DATE, "dmy"), (_ORDINAL_DATE, "dmy"), (_MONTH_FIRST, "mdy"), (_SHORT_YEAR, "dmy")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = int(parts["m"]) if parts["m"].isdigit() else _MONTHS.get(parts["m"].casefold().rstrip("."), 0)
            year = int(parts["y"]) if len(parts["y"]) == 4 else _two_digit_year(int(parts["y"]))
            try:
                found.append((dt.date(year, month, int(parts["d"])), match.span()))
            except ValueError:
                continue
            break
    return min(found, key=lambda item: item[1][0]) if found else None


def _clock(hour: str, minute: str | None, half: str | None) -> str | None:
    """ "HH:MM" from an hour, minutes and an "a"/"p" half of the day; None when it is no time."""
    value, minutes = int(hour), int(minute or 0)
    if half is not None:
        if not 1 <= value <= 12:
            return None
        value = value % 12 + (12 if half.casefold() == "p" else 0)
    return f"{value:02d}:{minutes:02d}" if value <= 23 and minutes <= 59 else None


def header_times(text: str) -> tuple[str | None, str | None]:
    """Start and end in `text`: "10.00-12.00", "7pm", "7.30pm to 9pm", "kl. 19"; (None, None) when there is none."""
    slot = _TWELVE_SLOT.search(text)
    if slot:
        return _clock(*slot.groups()[:3]), _clock(*slot.groups()[3:])
    twelve = _TWELVE_HOUR.search(text)
    if twelve:
        return _clock(*twelve.groups()), None
    word_slot = _WORD_SLOT.search(text)
    if word_slot:
        return _clock(word_slot[1], word_slot[2], None), _clock(word_slot[3], word_slot[4], None)
    start, end = find_times(text)
    if start is not None:
        return start, end
    hour = _HOUR_ONLY.search(text)
    if hour:
        return _clock(hour[1], None, None), _clock(hour[2], None, None) if hour[2] else None
    return None, None


def without_times(text: str) -> str:
    """`text` with its 12-hour times and "kl. 19" hours taken out (for checking what else a line says)."""
    return _HOUR_ONLY.sub(" ", _TWELVE_HOUR.sub(" ", text))


def date_and_rest(text: str) -> tuple[str, str] | None:
    """(the date-and-time part, the rest) of a line that opens with a date and times and goes on with a place."""
    found = header_date(text)
    if found is None:
        return None
    head_end = found[1][1]
    tail = text[head_end:]
    time_match = re.match(
        rf"^(?:\s*,?\s*(?:(?:at|kl\.?|klokken|fra|from)\s*:?\s*)?(?:{_TWELVE_SLOT.pattern}|{_TWELVE_HOUR.pattern}|"
        r"\d{1,2}[:.]\d{2}(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?|\d{1,2}(?=\s)))?",
        tail,
        re.I,
    )
    head_end += time_match.end() if time_match else 0
    head, rest = text[:head_end], text[head_end:]
    before = text[: found[1][0]]
    if any(word.casefold() not in _WEEKDAY_WORDS for word in _FILLER.sub(" ", before).split()):
        return None
    place = _PLACE_AFTER.match(rest)
    return (head, place["place"]) if place and rest.strip() else None


def date_and_place(value: str) -> tuple[str, str] | None:
    """(date-and-time, place) of a "Tid og sted" value: "3. april 2017 kl. 10-12, Rådhuset" or "... i Rådhuset"."""
    split = date_and_rest(value)
    if split is not None:
        return split
    head, comma, place = value.rpartition(",")
    if comma and place.strip() and (is_header_date_line(head) or header_times(head)[0] is not None):
        return head.strip(), place.strip()
    return None


def is_header_date_line(text: str) -> bool:
    """True when a line holds a date (in any header form) and otherwise only weekdays, times and filler words."""
    found = header_date(text)
    if found is None:
        return False
    begin, end = found[1]
    rest = without_times(text[:begin] + " " + text[end:])
    rest = re.sub(r"\d{1,2}[:.]\d{2}", " ", rest)
    return all(word.casefold() in _WEEKDAY_WORDS for word in _FILLER.sub(" ", rest).split())


def prose_place(text: str) -> str | None:
    """The place a header sentence names ("... held in the Village Hall, Ashcombe, on Tuesday ...")."""
    match = _HELD_IN.search(text)
    place = match["place"].strip() if match else ""
    return place if place and (place[0].isupper() or place[0].isdigit()) and len(place.split()) <= 8 else None


def prose_times(text: str) -> tuple[str | None, str | None]:
    """The start and end a header sentence tells ("The meeting commenced at 7pm", "Mødet sluttede kl. 21.15")."""
    start = end = None
    opened = _START_SENTENCE.search(text)
    if opened:
        start = header_times(text[opened.end() :])[0]
    closed = _END_SENTENCE.search(text)
    if closed:
        end = header_times(text[closed.end() :])[0]
    return start, end


def strip_role(name: str) -> tuple[str, str | None]:
    """("Ida Holm", "formand") from "Ida Holm (formand)"; the name alone when there is no role."""
    match = _ROLE.search(name)
    return (name[: match.start()].strip(), match[1].strip()) if match else (name.strip(), None)


def _split_outside_parentheses(text: str) -> list[str]:
    """`text` split on commas, semicolons, "og"/"and"/"&" and new lines that stand outside parentheses."""
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\n|\s+og\s+|\s+and\s+|\s+&\s+)", text)
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and token and (token in ",;\n" or token.strip() in ("og", "and", "&")):
            parts.append(current)
            current = ""
        else:
            current += token
    parts.append(current)
    return [part.strip(" .\t") for part in parts if part.strip(" .\t")]


def header_names(text: str) -> list[str]:
    """Names from a header's list ("Ida Holm (formand), Bo Berg og Åse Ærø"), roles kept; [] when one is no name."""
    text = _VALUE_OPENING.sub("", text.strip())
    parts = _split_outside_parentheses(text)
    return parts if parts and all(name_like(strip_role(part)[0]) for part in parts) else []


def taker_in(names: list[str]) -> str | None:
    """The name whose role in parentheses says it took the minutes ("Hanne Berg (referent)")."""
    for name in names:
        bare, role = strip_role(name)
        if role and role.casefold() in TAKER_ROLES:
            return bare
    return None


def absent_sentence(text: str) -> list[str]:
    """Names from "X hadde meldt forfall", "X sent apologies", "Apologies were received from X", else []."""
    for pattern in _ABSENT_SENTENCES:
        match = pattern.match(text.strip())
        if match:
            return header_names(match["names"])
    return []
