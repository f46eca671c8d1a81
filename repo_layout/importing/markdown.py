"""Markdown minutes: headings (`#` meeting, `##` points, `###` sections), bold heading lines, emphasis."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<text>[^*_].*?)\1(?P<colon>:?)$")
_NUMBERED_TEXT = re.compile(r"^\d{1,3}[.):]?\s+\S")
_QUOTE = re.compile(r"^\s*>(?:\s*>)*\s?")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
LABEL_HEADINGS = frozenset(
    {
        "deltagere",
        "til stede",
        "tilstede",
        "fremmødte",
        "fraværende",
        "afbud",
        "information",
        "present",
        "absent",
        "deltakere",
        "fremmødt",
        "møtende medlemmer",
        "forfall",
        "forfald",
        "apologies",
        "apologies for absence",
        "those attending",
        "councillors present",
        "attendees",
        "attendance",
    }
)
AGENDA_HEADINGS = frozenset({"dagsorden", "agenda", "indhold", "indholdsfortegnelse", "contents", "table of contents"})


def is_markdown(lines: list[str]) -> bool:
    """True when the text uses Markdown headings (a line starting with one to six `#` and a space)."""
    return any(_HEADING.match(line) and line.lstrip("#")[:1] == " " for line in lines)


def point_level(headings: list[tuple[int, int, str]]) -> int | None:
    """The heading level of the points: `##`, else `#` when three or more, else the shallowest level used twice.

    Minutes pasted from wikis put their points at `###` or deeper; numbered headings ("### 2. Budget") decide first.
    """
    levels = [level for _, level, _ in headings]
    if 2 in levels:
        return 2
    if levels.count(1) >= 3:
        return 1
    numbered = [level for _, level, text in headings if level > 1 and _NUMBERED_TEXT.match(plain(text))]
    for candidates in (numbered, [level for level in levels if level > 1]):
        repeated = sorted({level for level in candidates if candidates.count(level) >= 2})
        if repeated:
            return repeated[0]
    return None


def unquote(lines: list[str]) -> list[str]:
    """Lines without a blockquote's "> " when most of the text is quoted (minutes pasted as a quote), else as they are."""
    filled = [line for line in lines if line.strip()]
    quoted = [line for line in filled if line.lstrip().startswith(">")]
    if not filled or len(quoted) * 5 < len(filled) * 4:
        return lines
    return [_QUOTE.sub("", line, count=1).rstrip() for line in lines]


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line, else None."""
    match = _HEADING.match(line.strip())
    if not match or not match[2]:
        return None
    return len(match[1]), match[2]


def bold_heading(line: str) -> str | None:
    """The text of a line that is only bold ("**Beslutning**", "**Bilag:**"), else None."""
    match = _BOLD_LINE.match(line.strip())
    if not match:
        return None
    return match["text"].strip() + match["colon"]


def plain(line: str) -> str:
    """A line without Markdown heading marks and bold markers, for recognising labels and headings."""
    text = line.strip()
    found = heading(text)
    if found:
        text = found[1]
    return _EMPHASIS.sub(r"\2", text).strip()


def bare(text: str) -> str:
    """Heading text as a lookup key: no trailing colon, single spaces, case-folded."""
    return " ".join(text.strip().rstrip(":").split()).casefold()
