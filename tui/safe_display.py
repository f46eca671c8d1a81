"""Text from files and git on screen: rich Texts made safe with `repo_layout.display`, and a last net over every line.

Widgets build their Texts from `safe_text`/`safe_line` strings (a control character shows as a visible escape such
as `\\x1b`); `safe_rich` does the same to a Text made elsewhere, keeping its styles. `ControlFilter`, a line filter
the app adds to every widget, drops whatever control character is still in a drawn line (an editor's own value, a
widget of Textual's), so nothing from the data can reach the terminal as a sequence it acts on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

from rich.segment import Segment
from rich.text import Span, Text
from textual.color import Color
from textual.filter import LineFilter

from repo_layout.display import drop_unsafe, has_unsafe, safe_line, safe_text

__all__ = ["ControlFilter", "safe_rich", "safe_styled_line"]


def _escaped(plain: str, cuts: set[int], escape: Callable[[str], str]) -> tuple[str, dict[int, int]]:
    """`plain` escaped piece by piece between the `cuts`, and where each cut lands in the escaped text."""
    ordered = sorted({0, len(plain), *(cut for cut in cuts if 0 <= cut <= len(plain))})
    moved = {0: 0}
    pieces: list[str] = []
    length = 0
    for start, end in pairwise(ordered):
        piece = escape(plain[start:end])
        pieces.append(piece)
        length += len(piece)
        moved[end] = length
    return "".join(pieces), moved


def safe_rich(text: Text, *, one_line: bool = False) -> Text:
    """`text` with its control characters as visible escapes (newlines escaped too when `one_line`), styles kept."""
    plain = text.plain
    escape = safe_line if one_line else safe_text
    if escape(plain) is plain:  # nothing to escape: the very Text back
        return text
    escaped, moved = _escaped(plain, {cut for span in text.spans for cut in (span.start, span.end)}, escape)
    result = text.blank_copy(escaped)
    result.spans = [Span(moved[span.start], moved[span.end], span.style) for span in text.spans if span.end > span.start]
    return result


def safe_styled_line(plain: str, spans: Iterable[tuple[int, int]], style: str) -> Text:
    """`plain` on one line with control characters visible and `style` over the `spans` (offsets into `plain`)."""
    spans = [(start, end) for start, end in spans if 0 <= start < end <= len(plain)]
    escaped, moved = _escaped(plain, {cut for span in spans for cut in span}, safe_line)
    text = Text(escaped)
    for start, end in spans:
        text.stylize(style, moved[start], moved[end])
    return text


class ControlFilter(LineFilter):
    """Drops control characters (and bidi controls) from every drawn segment; they take no cell, so widths stay."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_unsafe(segment.text) for segment in segments if not segment.control):
            return segments
        cleaned = []
        for segment in segments:
            text, style, control = segment
            if not control and has_unsafe(text):
                text = drop_unsafe(text)
                if not text:
                    continue
                segment = Segment(text, style, control)
            cleaned.append(segment)
        return cleaned
