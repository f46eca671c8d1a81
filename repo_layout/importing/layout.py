"""The skeleton of a minutes text: where the points start, the table of contents, the closing signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from repo_layout.importing import markdown as md
from repo_layout.importing.text import (
    BULLET,
    has_dot_leader,
    heading_kind,
    is_signature,
    is_toc_heading,
    similar,
    strip_bullet,
    toc_entry,
)

_PUNKT = re.compile(r"^(?:ad\s+)?(?:punkt|pkt\.?)\s*(\d{1,3})\s*[:.)\-–]\s*(\S.*)$", re.IGNORECASE)
_PUNKT_ALONE = re.compile(r"^punkt\s*(\d{1,3})\s*:?$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_CONTENT_WORDS = frozenset({"intet", "ingen", "ja", "nej", "godkendt", "ok", "nothing", "none", "n/a"})


@dataclass
class PointStart:
    """Where a point begins: its heading line, number as printed (None when unnumbered) and title."""

    index: int
    number: int | None
    title: str
    lines_used: int = 1  # the heading, plus a title line when "Punkt 3" stands alone


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
    excluded = skeleton.toc | ({signature} if signature is not None else set())
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
    for pattern in (_PUNKT, _NUMBERED):
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
        match = _PUNKT.match(text)
        if match:
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


def _numbered(lines: list[str], excluded: set[int], skeleton: Skeleton) -> list[PointStart]:
    """Standalone "N. Title" paragraphs with rising numbers; an earlier run (an agenda) becomes contents."""
    candidates = []
    for index, line in enumerate(lines):
        match = _NUMBERED.match(line.strip())
        if index in excluded or not match or not standalone(lines, index):
            continue
        title = match[2].strip()
        if len(title) <= 150 and (title[0].isupper() or title[0] in "\"'«“"):
            candidates.append(PointStart(index, int(match[1]), title))
    runs: list[list[PointStart]] = []
    for candidate in candidates:
        if runs and candidate.number > runs[-1][-1].number:  # type: ignore[operator]
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    runs = [run for run in runs if len(run) >= 2]
    if not runs:
        return []
    chosen = max(runs, key=len)
    for run in runs:
        if run[0].index < chosen[0].index:
            for start in run:
                skeleton.toc.add(start.index)
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
    point_level = 2 if any(level == 2 for _, level, _ in structural) else (1 if len(level_one) >= 3 else None)
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
