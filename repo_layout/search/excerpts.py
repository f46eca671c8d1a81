"""Where a query occurs in a row's text: the matching words, the stretch that holds most of the query, and the excerpt.

An excerpt is at most about EXCERPT_CHARS of the original text around the best
stretch, whitespace collapsed, … where cut, with the spans of the matching words
(found in the folded text and mapped back with `textfold.FoldMap`).
"""

from __future__ import annotations

from repo_layout.search.terms import PreparedQuery
from repo_layout.search.textfold import FoldMap

MATCHED_WORDS = 12
MATCHES_PER_WORD = 12
"""Where a row's text is searched for the query (window, excerpt, spans): the best words, their first occurrences."""
EXCERPT_CHARS = 160
WINDOW_CHARS = 120

Match = tuple[int, int, int, float]
"""(start, end, term number or -1 for a phrase, quality) of one occurrence in folded text."""


def find_matches(prepared: PreparedQuery, folded: str) -> list[Match]:
    """Where the query's words occur in folded text: (start, end, term, quality), in order."""
    found: list[Match] = []
    for number, term in enumerate(prepared.terms):
        for word, quality in term.expansions[:MATCHED_WORDS]:
            position = folded.find(word)
            count = 0
            while position != -1 and count < MATCHES_PER_WORD:
                end = position + len(word)
                alone_before = position == 0 or not folded[position - 1].isalnum()
                if alone_before and (end == len(folded) or not folded[end].isalnum()):
                    found.append((position, end, number, quality))
                    count += 1
                position = folded.find(word, end)
    for phrase in prepared.phrases:
        for match in phrase.finditer(folded):
            found.append((match.start(), match.end(), -1, 1.0))
    found.sort()
    return found


def best_window(prepared: PreparedQuery, folded: str, matches: list[Match] | None = None) -> tuple[int, int]:
    """The stretch of folded text (at most WINDOW_CHARS) that holds the most of the query."""
    matches = find_matches(prepared, folded) if matches is None else matches
    if not matches:
        return 0, min(len(folded), WINDOW_CHARS)
    best = (-1.0, 0, 0)
    weights = [term.idf for term in prepared.terms]
    for first, (start, _, _, _) in enumerate(matches):
        value = 0.0
        seen: dict[int, float] = {}
        end = start
        for other in matches[first:]:
            if other[1] - start > WINDOW_CHARS:
                break
            end = other[1]
            seen[other[2]] = max(seen.get(other[2], 0.0), other[3])
        phrase_weight = 2.0 * max(weights, default=1.0)
        value = sum((weights[term] if term >= 0 else phrase_weight) * quality for term, quality in seen.items())
        if value > best[0]:
            best = (value, start, end)
    return best[1], best[2]


def excerpt_of(prepared: PreparedQuery, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short excerpt of the original text around the best match, and the spans of the matching words in it."""
    mapping = FoldMap(text)
    folded = mapping.folded
    matches = find_matches(prepared, folded)
    if len(text) <= EXCERPT_CHARS:
        start, end = 0, len(text)
    else:
        low, high = best_window(prepared, folded, matches)
        start, end = mapping.original(low), mapping.original_end(high)
        room = EXCERPT_CHARS - (end - start)
        if room > 0:
            start = max(0, start - room // 3)
            end = min(len(text), start + EXCERPT_CHARS)
            start = max(0, min(start, end - EXCERPT_CHARS))
        start, end = _snap(text, start, end, mapping.original(low))
    pieces: list[str] = []
    where: dict[int, int] = {}
    length = 0
    if start > 0:
        pieces.append("…")
        length = 1
    previous_space = True
    for position in range(start, end):
        char = text[position]
        if char.isspace():
            if previous_space:
                where[position] = length
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        where[position] = length
        pieces.append(char)
        length += 1
    while pieces and pieces[-1] == " ":
        pieces.pop()
        length -= 1
    if end < len(text):
        pieces.append("…")
    excerpt = "".join(pieces)
    spans: list[tuple[int, int]] = []
    for low, high, _, _ in matches:
        first, last = mapping.original(low), mapping.original_end(high) - 1
        if first < start or last >= end:
            continue
        span = (where[first], min(where[last] + 1, length))
        if span[1] > span[0]:
            spans.append(span)
    return excerpt, _merge(spans)


def _snap(text: str, start: int, end: int, keep: int) -> tuple[int, int]:
    """Move an excerpt's ends to word boundaries (without losing the position `keep`)."""
    if start > 0:
        space = text.find(" ", start, min(keep, start + 20))
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start + 1, end - 20), end)
        if space != -1:
            end = space
    return start, end


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans with overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)
