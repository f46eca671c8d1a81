"""The skeleton of a minutes text: where the points start, the table of contents, the closing signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from repo_layout.importing import markdown as md
from repo_layout.importing.text import (
    BULLET,
    find_date,
    has_dot_leader,
    heading_kind,
    is_clutter,
    is_signature,
    is_toc_heading,
    similar,
    strip_bullet,
    toc_entry,
)

_PUNKT_WORD = r"(?:ad\s+)?(?:punkt|pkt\.?|sak|ps|item|agenda\s+item)\s*(\d{1,3})(?:/\d{2,4})?"
_PUNKT = re.compile(rf"^{_PUNKT_WORD}\s*[:.)\-–]\s*(\S.*)$", re.IGNORECASE)
_PUNKT_SPACED = re.compile(r"^(?:sak|ps|item|agenda\s+item)\s*(\d{1,3})(?:/\d{2,4})?\s+(\S.{0,150})$", re.IGNORECASE)
_PUNKT_ALONE = re.compile(r"^(?:punkt|sak|item)\s*(\d{1,3})(?:/\d{2,4})?\s*:?$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_MINUTE_PREFIX = re.compile(r"^[A-Z]{1,3}\d{1,4}/\d{2,4}\s+")  # "C048/23 1. APOLOGIES"
_ITEM = re.compile(r"^(\d{1,4})\s*(?:[.):]|\s:|(?=\s+\S))\s*(\S.*)$")  # "3. X", "3) X", "3 : X", "3.X", "1359 X"
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,3})\.?\s+(\S.*)$")  # "21.44 ELECTION OF CHAIR", or a sub-item "6.1 X"
_NUMBER_ALONE = re.compile(r"^(\d{1,2})\.?$")
_CONTENT_WORDS = frozenset({"intet", "ingen", "ja", "nej", "godkendt", "ok", "nothing", "none", "n/a"})


@dataclass
class PointStart:
    """Where a point begins: its heading line, number as printed (None when unnumbered) and title."""

    index: int
    number: int | None
    title: str
    lines_used: int = 1  # the heading, plus a title line when "Punkt 3" stands alone
    reference: str | None = None  # a minute reference printed before the number ("C048/23"), kept as the case


@dataclass
class Skeleton:
    """What was found about a text's structure before any point is read."""

    mode: str  # how the points were found: "punkt" | "markdown" | "numbered" | "free" | "none"
    markdown: bool = False  # the text uses Markdown (headings, bold heading lines, list markers)
    starts: list[PointStart] = field(default_factory=list)
    toc: set[int] = field(default_factory=set)
    toc_entries: list[tuple[int, str]] = field(default_factory=list)  # (line index, entry text)
    title_index: int | None = None  # a Markdown "# " title line
    signature: int | None = None  # a closing "Referent X" line
    clutter: set[int] = field(default_factory=set)  # a web page's own lines ("Til toppen"), kept in the information
    section_lines: dict[int, str] = field(default_factory=dict)  # Markdown: forced section headings


def _blank(lines: list[str], index: int) -> bool:
    """True for a blank line, or a position outside the text."""
    return index < 0 or index >= len(lines) or not lines[index].strip()


def standalone(lines: list[str], index: int) -> bool:
    """True when the line is a paragraph of its own (blank or nothing before and after it)."""
    return _blank(lines, index - 1) and _blank(lines, index + 1)


def _first_line(lines: list[str]) -> int | None:
    """The index of the first non-empty line, or None."""
    return next((index for index, line in enumerate(lines) if line.strip()), None)


def find_skeleton(lines: list[str]) -> Skeleton:
    """Find the points of a text by the first strategy that finds any: Markdown, "Punkt N:", "N.", free-form."""
    skeleton = Skeleton("none")
    _table_of_contents(lines, skeleton)
    signature = _signature(lines)
    skeleton.clutter = {index for index, line in enumerate(lines) if line.strip() and is_clutter(line)}
    excluded = skeleton.toc | skeleton.clutter | ({signature} if signature is not None else set())
    if md.is_markdown(lines):
        skeleton.markdown = True
        _markdown(lines, skeleton, excluded)
    if not skeleton.starts:
        skeleton.starts = _without_agenda(lines, _punkt(lines, excluded), skeleton)
        skeleton.mode = "punkt" if skeleton.starts else skeleton.mode
    if not skeleton.starts:
        skeleton.starts = _numbered(lines, excluded, skeleton)
        skeleton.mode = "numbered" if skeleton.starts else skeleton.mode
    if not skeleton.starts and not skeleton.markdown:
        skeleton.starts = _free_form(lines, excluded)
        skeleton.mode = "free" if skeleton.starts else "none"
    if skeleton.starts:
        _leading_toc(lines, skeleton)
        _confirm_toc(lines, skeleton)
        if signature is not None and signature > skeleton.starts[-1].index:
            skeleton.signature = signature
    else:
        skeleton.toc, skeleton.toc_entries = set(), []  # nothing to check the contents against: keep them as text
    return skeleton


def toc_title(text: str) -> tuple[int | None, str]:
    """Number (when printed) and title of a table-of-contents line."""
    return parse_point_heading(toc_entry(text) or strip_bullet(md.plain(text)))


def _names(entry: str, title: str) -> bool:
    """True when a contents entry names a point's title (the same up to a typo, or a part of it)."""
    return similar(entry, title) or (len(entry) >= 4 and entry in title)


def _confirm_toc(lines: list[str], skeleton: Skeleton) -> None:
    """Keep as contents only lines before the first point that have a dot leader or name a point found."""
    first = skeleton.starts[0].index
    titles = [start.title for start in skeleton.starts]
    confirmed = []
    for index, text in skeleton.toc_entries:
        _, title = toc_title(text)
        named = heading_kind(title) == "decision" or any(_names(title, point) for point in titles)
        if index < first and (has_dot_leader(text) or named):
            confirmed.append((index, text))
        else:
            skeleton.toc.discard(index)
    skeleton.toc_entries = confirmed
    entries = {index for index, _ in confirmed}
    for index in sorted(skeleton.toc):
        if index >= first or (not confirmed and index not in entries):
            skeleton.toc.discard(index)  # a contents heading with no entries naming a point is text


def _toc_entry_like(text: str) -> bool:
    """True for a line written like a contents entry (dot leader, list item, "Punkt N:")."""
    return bool(has_dot_leader(text) or _list_item(text) or _PUNKT.match(text))


def _table_of_contents(lines: list[str], skeleton: Skeleton) -> None:
    """An "Indholdsfortegnelse"/"Indhold" heading before any point heading, and the entry lines after it."""
    for index, line in enumerate(lines):
        if _PUNKT.match(line.strip()) and not has_dot_leader(line):
            return
        if not is_toc_heading(line):
            continue
        skeleton.toc.add(index)
        cursor, seen_entry = index + 1, False
        while cursor < len(lines):
            text = lines[cursor].strip()
            if text and not _toc_entry_like(text):
                break
            if not text and seen_entry and not (cursor + 1 < len(lines) and has_dot_leader(lines[cursor + 1])):
                break
            if text:
                skeleton.toc.add(cursor)
                skeleton.toc_entries.append((cursor, text))
                seen_entry = True
            cursor += 1
        return


def _leading_toc(lines: list[str], skeleton: Skeleton) -> None:
    """Dot-leader lines, and an agenda ("Dagsorden") list, before the first point are table-of-contents lines."""
    first = skeleton.starts[0].index
    for index in range(first):
        if index in skeleton.toc:
            continue
        if has_dot_leader(lines[index]) and toc_entry(lines[index]):
            skeleton.toc.add(index)
            skeleton.toc_entries.append((index, lines[index].strip()))
        elif md.bare(md.plain(lines[index])) in md.AGENDA_HEADINGS:
            skeleton.toc.add(index)
            cursor = index + 1
            while cursor < first and (not lines[cursor].strip() or _list_item(lines[cursor])):
                if lines[cursor].strip():
                    skeleton.toc.add(cursor)
                    skeleton.toc_entries.append((cursor, lines[cursor].strip()))
                cursor += 1
    skeleton.toc_entries.sort()


def _list_item(line: str) -> bool:
    """True for a "- item" or "1. item" line."""
    return bool(BULLET.match(line) or _NUMBERED.match(line.strip()))


def _signature(lines: list[str]) -> int | None:
    """The last non-empty line when it is a "Referent X" signature."""
    last = next((index for index in range(len(lines) - 1, -1, -1) if lines[index].strip()), None)
    return last if last is not None and is_signature(lines[last]) else None


def parse_point_heading(text: str) -> tuple[int | None, str]:
    """Number and title of a heading text: "Punkt 3: X", "3. X", or just "X" (no number)."""
    for pattern in (_PUNKT, _PUNKT_SPACED, _NUMBERED):
        match = pattern.match(text.strip())
        if match:
            return int(match[1]), match[2].strip()
    return None, text.strip()


def _punkt(lines: list[str], excluded: set[int]) -> list[PointStart]:
    """ "Punkt N: Title" headings (or "Punkt N" with the title on the next line)."""
    starts = []
    for index, line in enumerate(lines):
        text = line.strip()
        if index in excluded or has_dot_leader(text):
            continue
        match = _PUNKT.match(text) or _PUNKT_SPACED.match(text)
        if match and not (_PUNKT_SPACED.match(text) and not _PUNKT.match(text) and not _spaced_title(match[2])):
            starts.append(PointStart(index, int(match[1]), match[2].strip()))
            continue
        alone = _PUNKT_ALONE.match(text)
        title_index = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        if alone and title_index is not None and title_index - index <= 2:
            starts.append(PointStart(index, int(alone[1]), lines[title_index].strip(), title_index - index + 1))
    return starts


def _without_agenda(lines: list[str], starts: list[PointStart], skeleton: Skeleton) -> list[PointStart]:
    """Drop headings with nothing under them that recur later with the same number and title (an agenda list)."""
    kept = []
    last_seen = {(start.number, start.title): position for position, start in enumerate(starts)}
    for position, start in enumerate(starts):
        end = starts[position + 1].index if position + 1 < len(starts) else len(lines)
        empty = not any(lines[index].strip() for index in range(start.index + start.lines_used, end))
        if empty and last_seen[(start.number, start.title)] > position:
            for index in range(start.index, start.index + start.lines_used):
                skeleton.toc.add(index)
            skeleton.toc_entries.append((start.index, lines[start.index].strip()))
        else:
            kept.append(start)
    return kept


def _spaced_title(text: str) -> bool:
    """True for the title after "Sak 12/19 " or "Item 3 ": a capital first, written like a title."""
    return (text[0].isupper() or text[0] in "\"«“") and _mostly_title(text)


def _mostly_title(text: str) -> bool:
    """True for text written like a title, not a sentence: short, and not ending in a comma or a full stop."""
    return len(text.split()) <= 14 and not text.rstrip().endswith((",", ";")) and not text.rstrip().endswith(". ")


def _upper(text: str) -> bool:
    """True when most of a text's letters are capitals ("MINUTES OF THE LAST MEETING")."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


def _next_text(lines: list[str], index: int) -> int | None:
    """The index of the next non-empty line after `index`, or None."""
    return next((cursor for cursor in range(index + 1, len(lines)) if lines[cursor].strip()), None)


def numbered_heading(text: str) -> tuple[int, str] | None:
    """Number and title of a numbered heading line ("3. X", "3) X", "3 : X", "1.X", "C048/23 1. X", "1359 X"), else None.

    A year ("2019. ...") and a date ("3. April 2017") are no headings; a number without a dot or colon
    ("1359 MINUTES") counts only before a title in capitals, as councils print their minute numbers.
    """
    stripped = _MINUTE_PREFIX.sub("", text.strip(), count=1)
    match = _ITEM.match(stripped)
    if not match:
        return None
    number, title = int(match[1]), match[2].strip()
    separator = stripped[len(match[1]) : len(stripped) - len(match[2])].strip()
    if not title or not (title[0].isupper() or title[0] in "\"'«“") or len(title) > 150:
        return None
    if find_date(stripped) is not None and find_date(stripped)[1][0] == 0:  # type: ignore[index]
        return None
    if not separator and not _upper(title):
        return None
    if len(match[1]) > 2 and (not _upper(title) or (1900 <= number <= 2099 and separator)):
        return None
    if separator in ("", ":") and len(match[1]) <= 2 and title[0].isdigit():
        return None
    return number, title


def _candidate(lines: list[str], index: int, excluded: set[int]) -> tuple[PointStart, float] | None:
    """A line that may start a numbered point, and how much it looks like one (standalone, text under it, short)."""
    text = lines[index].strip()
    if index in excluded or not text or has_dot_leader(text) or BULLET.match(lines[index]):
        return None
    after = _next_text(lines, index)
    alone = _NUMBER_ALONE.match(text)
    if alone and after is not None and after - index == 1 and numbered_heading(lines[after].strip()) is None:
        title = lines[after].strip()
        if len(title) <= 150 and title[0].isupper() and not title.endswith((".", ",", ":")):
            return PointStart(index, int(alone[1]), title, 2), 1.0
        return None
    found = numbered_heading(text)
    if found is None:
        return None
    number, title = found
    prefix = _MINUTE_PREFIX.match(text)
    weight = 1.0
    weight += 1.0 if standalone(lines, index) else 0.0
    weight += 0.5 if _mostly_title(title) and not title.endswith(".") else -0.5
    following = lines[after].strip() if after is not None else ""
    weight += 1.0 if after is not None and numbered_heading(following) is None and not _NUMBER_ALONE.match(following) else 0.0
    weight += 0.5 if lines[index][:1].strip() else 0.0  # not indented
    return PointStart(index, number, title, reference=prefix[0].strip() if prefix else None), weight


_NEAR_NUMBER = re.compile(r"^(?:[A-Z]{1,3}\d{1,4}/\d{2,4}\s+)?\d{1,4}\s*[.):]\s*\S")
_LIMIT_NEAR = 6


def near_headings(lines: list[str]) -> list[tuple[int, str, str]]:
    """Lines that nearly looked like point headings, with why they were not: (index, text, reason kind).

    The reasons: "list" (numbered lines with nothing under them, or only one), "lower" (a small letter after the
    number), "date" (a date, not a number), "sentence" (a numbered line written as a long sentence).
    """
    found = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not _NEAR_NUMBER.match(text) and not _PUNKT_ALONE.match(text):
            continue
        stripped = _MINUTE_PREFIX.sub("", text, count=1)
        date = find_date(stripped)
        if date is not None and date[1][0] == 0:
            reason = "date"
        elif numbered_heading(text) is not None or _PUNKT_ALONE.match(text):
            reason = "list"
        elif re.match(r"^\d{1,4}\s*[.):]\s*[a-zæøå]", stripped):
            reason = "lower"
        else:
            reason = "sentence"
        found.append((index, text, reason))
        if len(found) >= _LIMIT_NEAR:
            break
    return found


def _has_body(lines: list[str], start: PointStart) -> bool:
    """True when a heading stands as a paragraph of its own or has text under it (not another numbered line)."""
    if start.lines_used == 1 and standalone(lines, start.index):
        return True
    after = _next_text(lines, start.index + start.lines_used - 1)
    if after is None:
        return False
    following = lines[after].strip()
    return numbered_heading(following) is None and not _NUMBER_ALONE.match(following) and not _DOTTED.match(following)


def _best_chain(candidates: list[tuple[PointStart, float]]) -> list[PointStart]:
    """The rising sequence of candidates with the highest weight; every number skipped costs 1.5."""
    best: list[float] = []
    before: list[int | None] = []
    for position, (start, weight) in enumerate(candidates):
        score, previous = weight, None
        for earlier in range(position):
            number = candidates[earlier][0].number
            if number is None or start.number is None or number >= start.number:
                continue
            value = best[earlier] + weight - 1.5 * (start.number - number - 1)
            if value >= score:
                score, previous = value, earlier
        best.append(score)
        before.append(previous)
    if not best:
        return []
    cursor: int | None = max(range(len(best)), key=lambda position: (best[position], position))
    chain = []
    while cursor is not None:
        chain.append(candidates[cursor][0])
        cursor = before[cursor]
    return chain[::-1]


def _numbered(lines: list[str], excluded: set[int], skeleton: Skeleton) -> list[PointStart]:
    """Numbered headings with rising numbers ("N. Title", alone or run into text); an earlier list (an agenda) is contents.

    Minute numbers "21.44 TITLE" count only when no plain numbers are found (else "6.1" is a sub-item of point 6).
    """
    candidates = [found for index in range(len(lines)) if (found := _candidate(lines, index, excluded))]
    chosen = _best_chain(candidates)
    if len(chosen) < 2:
        dotted = []
        for index, line in enumerate(lines):
            prefix = _MINUTE_PREFIX.match(line.strip())
            match = _DOTTED.match(_MINUTE_PREFIX.sub("", line.strip(), count=1))
            if index not in excluded and match and _upper(match[3]):
                reference = " ".join(part for part in (prefix[0].strip() if prefix else "", f"{match[1]}.{match[2]}") if part)
                dotted.append((PointStart(index, int(match[2]), match[3].strip(), reference=reference), 1.0))
        chosen = _best_chain(dotted)
    bodied = [start for start in chosen if _has_body(lines, start)]
    if len(chosen) < 2 or 2 * len(bodied) < len(chosen):
        return []  # a list with nothing under its items is an agenda or a list, not the points
    first = chosen[0].index
    earlier = [start for start, _ in candidates if start.index < first]
    if len(earlier) >= 2:
        for start in earlier:
            for index in range(start.index, start.index + start.lines_used):
                skeleton.toc.add(index)
            skeleton.toc_entries.append((start.index, lines[start.index].strip()))
    return chosen


def _free_heading(lines: list[str], index: int, first: int | None, last: int) -> bool:
    """A top-level heading of free-form minutes: a short sentence-case line of its own, not an answer."""
    text = lines[index].strip()
    words = text.split()
    if index == first or not text or not standalone(lines, index) or not 1 <= len(words) <= 3:
        return False
    if text[-1] in ".,;:!?" or not text[0].isupper() or any(word[:1].isupper() for word in words[1:]):
        return False
    if heading_kind(text) or text.casefold() in _CONTENT_WORDS or BULLET.match(text):
        return False
    previous = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    return not previous.endswith(":") and index < last


def _free_form(lines: list[str], excluded: set[int]) -> list[PointStart]:
    """Top-level headings of free-form minutes; at least two, or none."""
    first = _first_line(lines)
    last = max((index for index, line in enumerate(lines) if line.strip() and index not in excluded), default=-1)
    starts = [
        PointStart(index, None, lines[index].strip())
        for index in range(len(lines))
        if index not in excluded and _free_heading(lines, index, first, last)
    ]
    return starts if len(starts) >= 2 else []


def _markdown(lines: list[str], skeleton: Skeleton, excluded: set[int]) -> None:
    """`#` is the meeting's title, `##` (or `#` when there is no `##`) are points, deeper headings and bold lines are sections."""
    skeleton.mode = "markdown"
    found = [(index, *md.heading(line)) for index, line in enumerate(lines) if md.heading(line) and index not in excluded]
    special = md.LABEL_HEADINGS | md.AGENDA_HEADINGS
    structural = [(index, level, text) for index, level, text in found if md.bare(text) not in special]
    level_one = [item for item in structural if item[1] == 1]
    point_level = md.point_level(structural)
    if level_one:
        skeleton.title_index = level_one[0][0]
    for index, level, text in structural:
        if index == skeleton.title_index:
            continue
        if level == point_level:
            number, title = parse_point_heading(md.plain(text))
            skeleton.starts.append(PointStart(index, number, title))
        elif point_level is not None and level > point_level:
            skeleton.section_lines[index] = md.plain(text)
    for index, line in enumerate(lines):
        bold = md.bold_heading(line)
        if bold and index not in excluded and standalone(lines, index):
            skeleton.section_lines.setdefault(index, bold)
