"""The rows a query may find: from the posting lists of its words, narrowed word by word, within what its filters allow.

The rarest word's rows are the seed (capped to the newest rows when a word is
everywhere, with the naming fields' rows kept besides, so an old title still
competes); each further word narrows them. A word that may be satisfied by a
row's place (a forum's name, a year) keeps the rows in that place too.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from repo_layout.search.filters import allowed_rows
from repo_layout.search.postings import intersect
from repo_layout.search.terms import PreparedQuery, Term

CANDIDATE_CAP = 1500
"""Rows kept from a word found almost everywhere (the newest); enough for the top results, cheap to score."""
NAMED_CAP = 500
"""Rows of the naming fields (titles, people, cases, attachments) kept besides, so an old title still competes."""


@dataclass
class Candidates:
    """The rows a query may find; per term, each row's match quality and the rows holding the word exactly (or its start)."""

    rows: set[int]
    qualities: list[dict[int, float]]
    exact: list[set[int]]

    def approximate(self, prepared: PreparedQuery, row: int) -> tuple[bool, bool]:
        """(approximate, demoted): a word matched in the row only approximately; one that is spelled right elsewhere."""
        approximate = demoted = False
        for term, quality, exact in zip(prepared.terms, self.qualities, self.exact, strict=True):
            if row in quality and row not in exact:
                approximate = True
                demoted = demoted or term.spelled
        return approximate, demoted


def candidates(prepared: PreparedQuery) -> Candidates:
    """The candidate rows and, per term, each candidate's match quality and whether the word is in it exactly."""
    columns = prepared.columns
    allowed = allowed_rows(columns, prepared.query)
    postings, named = columns.postings, columns.named
    scored = [term for term in prepared.terms if term.expansions]
    if not scored:
        return Candidates(set(), [{} for _ in prepared.terms], [set() for _ in prepared.terms])
    seeds = [term for term in scored if not term.context_only] or scored
    sizes = {id(term): sum(len(postings[word]) for word, _ in term.expansions) for term in scored}
    seed = min(seeds, key=lambda term: sizes[id(term)])
    rows: set[int] = set()
    parts: dict[int, list[tuple[float, set[int], bool]]] = {id(seed): []}
    for word, quality in seed.expansions:
        found = postings[word]
        if allowed is not None:
            part = _newest_allowed(found, allowed)
            part.update(allowed.intersection(named.get(word, ())[-4 * NAMED_CAP :]))
        elif len(found) <= CANDIDATE_CAP:
            part = set(found)
        else:
            part = set(found[-CANDIDATE_CAP:])
            part.update(named.get(word, ())[-NAMED_CAP:])
        if part:
            parts[id(seed)].append((quality, part, seed.exactly(word)))
            rows |= part
        if len(rows) >= CANDIDATE_CAP and quality < 1.0:
            break
    if columns.dead_rows:
        alive = columns.r_alive
        rows = {row for row in rows if alive[row]}
    for term in sorted(scored, key=lambda term: (term.context_only, sizes[id(term)])):
        if term is seed or not rows:
            continue
        low, high = min(rows), max(rows)
        term_parts = []
        matched: set[int] = set()
        for word, quality in term.expansions:
            part = intersect(rows, postings[word], low, high)
            if part:
                term_parts.append((quality, part, term.exactly(word)))
                matched |= part
        parts[id(term)] = term_parts
        if term.context_only:
            matched |= _placed(prepared, term, rows)
        if matched:
            rows = matched
    qualities: list[dict[int, float]] = []
    exact: list[set[int]] = []
    for term in prepared.terms:
        best: dict[int, float] = {}
        found: set[int] = set()
        for quality, part, whole in parts.get(id(term), ()):
            fresh = (part & rows) - best.keys()
            best.update(dict.fromkeys(fresh, quality))
            if whole:
                found |= part
        qualities.append(best)
        exact.append(found)
    return Candidates(rows, qualities, exact)


def _placed(prepared: PreparedQuery, term: Term, rows: set[int]) -> set[int]:
    """The rows whose place (forum, year) satisfies the term."""
    columns = prepared.columns
    found: set[int] = set()
    if term.forums:
        forum_of = columns.r_forum
        wanted = set(term.forums)
        found.update(row for row in rows if forum_of[row] in wanted)
    if term.year is not None:
        years, meeting_of, year = columns.m_year, columns.r_meeting, term.year
        found.update(row for row in rows if years[meeting_of[row]] == year)
    return found


def _newest_allowed(found: array, allowed: set[int]) -> set[int]:
    """The newest (about CANDIDATE_CAP) rows of a posting list that the filters allow."""
    reach = CANDIDATE_CAP
    while True:
        part = allowed.intersection(found[-reach:])
        if len(part) >= CANDIDATE_CAP or reach >= len(found):
            return part
        reach *= 4
