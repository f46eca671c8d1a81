"""Ranking a query's candidate rows: a cheap score for all, rapidfuzz for the best few dozen places, one hit per place.

Candidates get a cheap score (the field's weight times the weighted share of
the query's words, by match quality); the best few dozen places (meeting,
point) are ranked with rapidfuzz (`partial_ratio` over the best window of the
text, `ratio` against short texts); a quoted phrase found exactly ranks first.
A forum whose name matches is a place of its own (its newest meeting).
A hit that holds a word only approximately (not the word or a word it begins)
is marked so; when that word is spelled right (found exactly somewhere), the
hit ranks after every hit that holds the words exactly.
"""

from __future__ import annotations

import datetime as dt
import heapq

from rapidfuzz import fuzz

from repo_layout.search.candidates import candidates
from repo_layout.search.excerpts import best_window, excerpt_of
from repo_layout.search.filters import allowed_meetings, matching_forums, rows_with_case
from repo_layout.search.records import (
    ACTION,
    ATTACHMENT,
    CASE,
    DECISION,
    FIELD_NAMES,
    FORUM,
    INFORMATION,
    PERSON,
    POINT_TITLE,
    SECTION,
    TITLE,
)
from repo_layout.search.results import Hit
from repo_layout.search.terms import PreparedQuery, Term

FIELD_WEIGHT = {
    FORUM: 1.0,
    TITLE: 0.95,
    POINT_TITLE: 1.0,
    CASE: 1.0,
    PERSON: 1.0,
    ATTACHMENT: 0.92,
    DECISION: 0.9,
    ACTION: 0.9,
    SECTION: 0.86,
    INFORMATION: 0.86,
}
"""How much a match in each field counts: short, naming fields first; long texts a little less."""
_WEIGHTS = [FIELD_WEIGHT[code] for code in range(len(FIELD_NAMES))]

SCANNED_ROWS = 600
"""Rows of the cheap ranking looked at to find the places ranked with rapidfuzz."""
RANKED_PLACES = 48
"""Places (meeting, point) whose best rows are ranked with rapidfuzz."""
SHORT_TEXT = 200
"""Texts up to this long are compared with the query as a whole, too."""


Ranked = tuple[bool, bool, float, int, int, tuple[int, int]]
"""A ranked place: approximate, demoted (after the exact hits), score, meeting date, row (negative: a forum), place."""


def rank(prepared: PreparedQuery, limit: int) -> list[Hit]:
    """Rank the candidates and build the best `limit` hits."""
    if not prepared.terms and not prepared.phrases:
        return _filtered_only(prepared, limit)
    found = candidates(prepared)
    rows, qualities = found.rows, found.qualities
    cheap = _cheap(prepared, rows, qualities)
    columns = prepared.columns
    wanted = max(RANKED_PLACES, limit * 2)
    places: dict[tuple[int, int], list[int]] = {}
    for scanned in (heapq.nlargest(SCANNED_ROWS, cheap), sorted(cheap, reverse=True)):
        places = {}
        for _, row in scanned:
            key = (columns.r_meeting[row], columns.r_point[row])
            kept = places.get(key)
            if kept is None:
                if len(places) >= wanted:
                    continue
                places[key] = kept = []
            if len(kept) < 2:
                kept.append(row)
        if len(places) >= wanted or len(scanned) == len(cheap):
            break
    weights = [term.idf for term in prepared.terms]
    total_weight = sum(weights) or 1.0
    ranked: list[Ranked] = []
    for key, kept in places.items():
        best = max((_score(prepared, row, _matched(prepared, row, qualities), weights, total_weight), row) for row in kept)
        ranked.append((*found.approximate(prepared, best[1]), best[0], columns.m_date[key[0]], best[1], key))
    ranked.extend(_forum_places(prepared))
    ranked.sort(key=lambda item: (item[1], -item[2], -item[3], item[4]))
    return [_hit(prepared, score, row, key, approximate) for approximate, _, score, _, row, key in ranked[:limit]]



def _cheap(prepared: PreparedQuery, rows: set[int], qualities: list[dict[int, float]]) -> list[tuple[float, int]]:
    """(cheap score, row) of every candidate: the field's weight times the weighted share of words matched."""
    fields = prepared.columns.r_field
    weights = _WEIGHTS
    if len(prepared.terms) == 1 and not prepared.terms[0].context_only:
        best = qualities[0]
        return [(weights[fields[row]] * best.get(row, 0.0), row) for row in rows]
    columns = prepared.columns
    forum_of = columns.r_forum if any(term.forums for term in prepared.terms) else None
    years = columns.m_year
    meeting_of = columns.r_meeting
    plan = []
    for term, best in zip(prepared.terms, qualities, strict=True):
        forums = [0.0] * (len(columns.forums) + 1)  # the last slot stands for "no forum" (-1)
        for forum, quality in term.forums.items():
            forums[forum] = 0.8 * quality
        plan.append((term.idf, best, forums if term.forums else None, term.year))
    cheap = []
    for row in rows:
        coverage = 0.0
        for weight, best, forums, year in plan:
            quality = best.get(row, 0.0)
            if quality < 0.8 and (forums is not None or year is not None):
                if forums is not None and forum_of is not None:
                    quality = max(quality, forums[forum_of[row]])
                if year is not None and years[meeting_of[row]] == year:
                    quality = 0.8
            coverage += weight * quality
        cheap.append((weights[fields[row]] * coverage, row))
    return cheap


def _matched(prepared: PreparedQuery, row: int, qualities: list[dict[int, float]]) -> list[float]:
    """Each term's match quality in a row, its place counted for words it does not contain."""
    found = []
    for term, best in zip(prepared.terms, qualities, strict=True):
        quality = best.get(row, 0.0)
        if quality < 0.8 and term.context_only:
            quality = max(quality, _context_quality(prepared, term, row))
        found.append(quality)
    return found


def _score(prepared: PreparedQuery, row: int, matched: list[float], weights: list[float], total_weight: float) -> float:
    """A row's final score, 0..100: coverage of the query's words, rapidfuzz likeness, field; exact phrases first."""
    columns = prepared.columns
    folded = columns.folded(row)
    coverage = sum(weight * quality for weight, quality in zip(weights, matched, strict=True)) / total_weight
    if len(folded) <= SHORT_TEXT:
        window = folded
        whole = fuzz.ratio(prepared.text, folded) if prepared.text else 0.0
    else:
        start, end = best_window(prepared, folded)
        window = folded[start:end]
        whole = 0.0
    likeness = fuzz.partial_ratio(prepared.text, window) if prepared.text else 0.0
    score = FIELD_WEIGHT[columns.r_field[row]] * (62 * coverage + 26 * likeness / 100 + 12 * whole / 100)
    if prepared.phrases:
        exact = all(phrase.search(folded) for phrase in prepared.phrases)
        score = 50 + score / 2 if exact else score / 2
    return round(min(100.0, score), 2)


def _context_quality(prepared: PreparedQuery, term: Term, row: int) -> float:
    """How well a row's place (forum, year) satisfies a word it does not contain."""
    columns = prepared.columns
    number = columns.r_meeting[row]
    quality = term.forums.get(columns.m_forum[number], 0.0) * 0.8
    if term.year is not None and columns.m_year[number] == term.year:
        quality = max(quality, 0.8)
    return quality


def _forum_places(prepared: PreparedQuery) -> list[Ranked]:
    """Forums whose name matches the query, as places of their own (pointing at their newest meeting)."""
    if prepared.query.years or prepared.query.cases or not prepared.terms:
        return []
    columns = prepared.columns
    allowed = None
    for wanted in prepared.query.forums:
        allowed = set(matching_forums(columns, wanted)) & (allowed if allowed is not None else set(range(len(columns.forums))))
    weights = [term.idf for term in prepared.terms]
    total_weight = sum(weights) or 1.0
    places = []
    for forum, (name, _) in enumerate(columns.forum_folded):
        if allowed is not None and forum not in allowed:
            continue
        coverage = sum(weight * term.forums.get(forum, 0.0) for term, weight in zip(prepared.terms, weights, strict=True))
        if coverage <= 0:
            continue
        newest = columns.newest_meeting(forum)
        if newest is None:
            continue
        likeness = fuzz.partial_ratio(prepared.text, name)
        score = 62 * coverage / total_weight + 26 * likeness / 100 + 12 * fuzz.ratio(prepared.text, name) / 100
        if prepared.phrases:
            exact = all(phrase.search(name) for phrase in prepared.phrases)
            score = 50 + score / 2 if exact else score / 2
        approximate, demoted = _approximate_name(prepared, forum)
        places.append((approximate, demoted, round(min(100.0, score), 2), columns.m_date[newest], -1 - forum, (newest, -2)))
    return places


def _approximate_name(prepared: PreparedQuery, forum: int) -> tuple[bool, bool]:
    """(approximate, demoted) for a forum's name: a word of the query like, but not in, the name (Candidates.approximate)."""
    tokens = prepared.columns.forum_tokens[forum]
    approximate = demoted = False
    for term in prepared.terms:
        if forum in term.forums and not any(term.exactly(token) for token in tokens):
            approximate = True
            demoted = demoted or term.spelled
    return approximate, demoted


def _filtered_only(prepared: PreparedQuery, limit: int) -> list[Hit]:
    """A query of filters alone: the points with the case number, or the meetings' titles, newest first."""
    columns = prepared.columns
    numbers = allowed_meetings(columns, prepared.query)
    if prepared.query.cases:
        rows = rows_with_case(columns, prepared.query.cases, None if numbers is None else set(numbers))
    else:
        titled = [number for number in numbers or () if columns.r_field[columns.m_start[number]] == TITLE
                  and columns.m_end[number] > columns.m_start[number]]
        rows = [columns.m_start[number] for number in titled]
    rows.sort(key=lambda row: (-columns.m_date[columns.r_meeting[row]], row))
    return [_hit(prepared, 100.0, row, (columns.r_meeting[row], columns.r_point[row])) for row in rows[:limit]]


def _hit(prepared: PreparedQuery, score: float, row: int, key: tuple[int, int], approximate: bool = False) -> Hit:
    """The hit for a ranked row (a negative row stands for a forum)."""
    columns = prepared.columns
    number, point = key
    path = columns.m_path[number]
    date = dt.date.fromordinal(columns.m_date[number])
    if row < 0:
        forum = -1 - row
        name = columns.forums[forum].name
        excerpt, spans = excerpt_of(prepared, name)
        return Hit(path, date, name, None, None, FIELD_NAMES[FORUM], None, score, excerpt, spans, approximate)
    code = columns.r_field[row]
    point_number, point_title = (None, None)
    if point >= 0:
        point_number, point_title, _ = columns.m_points[number][point]
    heading = columns.r_heading[row] if code in (SECTION, PERSON) else None
    excerpt, spans = excerpt_of(prepared, columns.r_text[row])
    forum = columns.forum_name(number)
    return Hit(path, date, forum, point_number, point_title, FIELD_NAMES[code], heading, score, excerpt, spans, approximate)
