"""Relevance over the sample repository: each query must bring its meeting and point first, or into the top three.

The queries cover misspellings, æ/ae spellings, case numbers, people in every
role, words found only in a decision, titles, attachments, sections, actions,
an exact phrase and the filters. They are fixed; the ranking is tuned to them.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import AARHUS, BUDGET, LEMVIG, LULS, SL

from repo_layout.search.index import SearchIndex

MEETINGS = {"LULS": LULS, "BUDGET": BUDGET, "LEMVIG": LEMVIG, "AARHUS": AARHUS, "SL": SL}
RANKS = {"first": 1, "top3": 3}


def cases(table: str) -> list[tuple[str, str, int | None, int, str | None]]:
    """(query, meeting, point or None, rank it must be within, field or None) from each row of the table under its heading."""
    found = []
    for line in textwrap.dedent(table).strip().splitlines()[1:]:
        if not line.startswith("#"):
            query, meeting, point, within, field = (cell.strip() for cell in line.split("|"))
            number = None if point == "-" else int(point)
            found.append((query, MEETINGS[meeting], number, RANKS[within], None if field == "-" else field))
    return found


# point "-": the meeting itself; within: the hit must rank first or in the top three; field "-": any field
CASES = cases(
    """
    query                             | in     | point | within | field of that hit
    # misspellings
    ledelsgrundlag                    | LEMVIG |     2 | top3   | point_title
    ledelsgrundlag                    | LULS   |     4 | top3   | point_title
    personlige ledelsgrundlag         | LULS   |     4 | first  | -
    telefonpoltik                     | BUDGET |     5 | first  | point_title
    kompetenceudviklingsplna          | BUDGET |     3 | first  | point_title
    smykkepoliti                      | SL     |     1 | first  | section
    # æ/ae, ø/oe, å/aa
    Aaben anonym raadgivning          | LEMVIG |     6 | first  | point_title
    Maalopfoelgning                   | AARHUS |     2 | first  | point_title
    sygefravaer                       | AARHUS |     1 | top3   | point_title
    Aarsmoede                         | SL     |     - | first  | forum
    Chefteammoede                     | AARHUS |     - | first  | forum
    # case numbers
    14/6833                           | BUDGET |     3 | top3   | case
    14/6833                           | BUDGET |     4 | top3   | case
    81.16.00-P23-1-16                 | LULS   |     3 | first  | case
    15/3035                           | BUDGET |     5 | first  | case
    # people
    Ida Byrge Sørensen                | BUDGET |     - | first  | person
    Dorte Nederskov                   | SL     |     - | first  | person
    Jakob Amtorp                      | AARHUS |     2 | top3   | person
    Egil                              | LEMVIG |     - | first  | person
    Maj Morgenstjerne                 | AARHUS |     5 | first  | person
    Vivi Lauritsen                    | SL     |     1 | first  | section
    Anne Lykke                        | LEMVIG |     3 | top3   | -
    # words that appear only in a decision
    Sundhedsplejerskerne utrygge      | LEMVIG |     6 | first  | decision
    løndelen udgår                    | LULS   |     3 | first  | decision
    Grøn Gul Rød                      | BUDGET |     2 | first  | decision
    prækvalifikation helhedsplan      | LULS   |     6 | first  | decision
    forvaltningsapps                  | AARHUS |     2 | first  | decision
    Specialplejehjem                  | AARHUS |     4 | first  | decision
    telefoni teknologiske løsninger   | BUDGET |     5 | first  | decision
    Dream Broker licensen             | LEMVIG |     5 | first  | decision
    # titles, attachments, sections, actions
    Small Great Nation                | LULS   |     5 | first  | point_title
    Budgetforlig 2022                 | AARHUS |     4 | first  | point_title
    mentor                            | BUDGET |     4 | first  | point_title
    ledelsestilsyn                    | BUDGET |     7 | first  | point_title
    Generalforsamling                 | SL     |     2 | first  | point_title
    Herlev medborgerhus               | SL     |     - | first  | title
    Medarbejdere_Skema                | LULS   |     3 | first  | attachment
    Bogkapitel                        | BUDGET |     6 | first  | attachment
    tilpasse planen                   | LEMVIG |     6 | first  | action
    Leadership Pipeline               | LULS   |     3 | first  | section
    # an exact phrase, and the filters
    "det personlige ledelsesgrundlag" | LULS   |     4 | first  | -
    "fælles ledelsesgrundlag"         | LULS   |     4 | first  | section
    forum:lemvig ledelsesgrundlag     | LEMVIG |     2 | first  | -
    sygefravær year:2020              | LEMVIG |     3 | first  | -
    mentor case:14/6833               | BUDGET |     4 | first  | -
    """
)


@pytest.fixture
def index(sample_index: SearchIndex) -> SearchIndex:
    return sample_index


def test_there_are_enough_queries_of_every_kind() -> None:
    assert len({query for query, *_ in CASES}) >= 20
    assert any(field == "decision" for *_, field in CASES)
    assert any(field == "person" for *_, field in CASES)
    assert any(field == "case" for *_, field in CASES)


@pytest.mark.parametrize(("query", "path", "point", "within", "field"), CASES, ids=[f"{case[0]}->{case[2]}" for case in CASES])
def test_the_expected_place_ranks_high(
    index: SearchIndex, query: str, path: str, point: int | None, within: int, field: str | None
) -> None:
    hits = index.search(query, limit=10)
    found = [(hit.path, hit.point) for hit in hits]
    assert (path, point) in found[:within], f"{query!r}: expected {path} point {point} within {within}, got {found[:5]}"
    hit = hits[found.index((path, point))]
    if field is not None:
        assert hit.field == field, f"{query!r}: expected a {field} hit, got {hit.field}"
    assert hit.spans, f"{query!r}: no highlighted words in {hit.excerpt!r}"


@pytest.mark.parametrize("query", ["beslutning", "Egil", "ledelsesgrundlag"])
def test_exact_hits_come_before_approximate_ones(index: SearchIndex, query: str) -> None:
    hits = index.search(query, limit=20)
    marks = [hit.approximate for hit in hits]
    assert marks == sorted(marks), f"{query!r}: an approximate hit before an exact one: {[(h.point, h.excerpt) for h in hits]}"
    assert not marks[0]


def test_beslutning_never_lists_slutningen_before_its_exact_hits_and_marks_it(index: SearchIndex) -> None:
    hits = index.search("beslutning", limit=20)
    exact = [position for position, hit in enumerate(hits) if "beslutning" in hit.excerpt.casefold()]
    approximate = [position for position, hit in enumerate(hits) if "slutningen" in hit.excerpt.casefold()
                   and "beslutning" not in hit.excerpt.casefold()]
    assert exact and approximate, [hit.excerpt for hit in hits]
    assert max(exact) < min(approximate)
    assert all(hits[position].approximate for position in approximate)
