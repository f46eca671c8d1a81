"""Relevance over the sample repository: each query must bring its meeting and point first, or into the top three.

The queries cover misspellings, æ/ae spellings, case numbers, people in every
role, words found only in a decision, titles, attachments, sections, actions,
an exact phrase and the filters. They are fixed; the ranking is tuned to them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repo_layout.model.discover import Repository
from repo_layout.search.index import SearchIndex

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"
LULS = "albertslund-kommune/chefforum/2019-10-24.yaml"
BUDGET = "albertslund-kommune/chefforum/2015-04-23.yaml"
LEMVIG = "lemvig-kommune/centerledermoede/2020-10-08.yaml"
AARHUS = "aarhus-kommune/chefteammoede/2021-10-14.yaml"
SL = "sl-ledersektionen/aarsmoede/2018-04-05.yaml"

FIRST, TOP3 = 1, 3

CASES: list[tuple[str, str, int | None, int, str | None]] = [
    # (query, meeting, point (None: the meeting itself), must be within this rank, field of that hit or None)
    # misspellings
    ("ledelsgrundlag", LEMVIG, 2, TOP3, "point_title"),
    ("ledelsgrundlag", LULS, 4, TOP3, "point_title"),
    ("personlige ledelsgrundlag", LULS, 4, FIRST, None),
    ("telefonpoltik", BUDGET, 5, FIRST, "point_title"),
    ("kompetenceudviklingsplna", BUDGET, 3, FIRST, "point_title"),
    ("smykkepoliti", SL, 1, FIRST, "section"),
    # æ/ae, ø/oe, å/aa
    ("Aaben anonym raadgivning", LEMVIG, 6, FIRST, "point_title"),
    ("Maalopfoelgning", AARHUS, 2, FIRST, "point_title"),
    ("sygefravaer", AARHUS, 1, TOP3, "point_title"),
    ("Aarsmoede", SL, None, FIRST, "forum"),
    ("Chefteammoede", AARHUS, None, FIRST, "forum"),
    # case numbers
    ("14/6833", BUDGET, 3, TOP3, "case"),
    ("14/6833", BUDGET, 4, TOP3, "case"),
    ("81.16.00-P23-1-16", LULS, 3, FIRST, "case"),
    ("15/3035", BUDGET, 5, FIRST, "case"),
    # people
    ("Ida Byrge Sørensen", BUDGET, None, FIRST, "person"),
    ("Dorte Nederskov", SL, None, FIRST, "person"),
    ("Jakob Amtorp", AARHUS, 2, TOP3, "person"),
    ("Egil", LEMVIG, None, FIRST, "person"),
    ("Maj Morgenstjerne", AARHUS, 5, FIRST, "person"),
    ("Vivi Lauritsen", SL, 1, FIRST, "section"),
    ("Anne Lykke", LEMVIG, 3, TOP3, None),
    # words that appear only in a decision
    ("Sundhedsplejerskerne utrygge", LEMVIG, 6, FIRST, "decision"),
    ("løndelen udgår", LULS, 3, FIRST, "decision"),
    ("Grøn Gul Rød", BUDGET, 2, FIRST, "decision"),
    ("prækvalifikation helhedsplan", LULS, 6, FIRST, "decision"),
    ("forvaltningsapps", AARHUS, 2, FIRST, "decision"),
    ("Specialplejehjem", AARHUS, 4, FIRST, "decision"),
    ("telefoni teknologiske løsninger", BUDGET, 5, FIRST, "decision"),
    ("Dream Broker licensen", LEMVIG, 5, FIRST, "decision"),
    # titles, attachments, sections, actions
    ("Small Great Nation", LULS, 5, FIRST, "point_title"),
    ("Budgetforlig 2022", AARHUS, 4, FIRST, "point_title"),
    ("mentor", BUDGET, 4, FIRST, "point_title"),
    ("ledelsestilsyn", BUDGET, 7, FIRST, "point_title"),
    ("Generalforsamling", SL, 2, FIRST, "point_title"),
    ("Herlev medborgerhus", SL, None, FIRST, "title"),
    ("Medarbejdere_Skema", LULS, 3, FIRST, "attachment"),
    ("Bogkapitel", BUDGET, 6, FIRST, "attachment"),
    ("tilpasse planen", LEMVIG, 6, FIRST, "action"),
    ("Leadership Pipeline", LULS, 3, FIRST, "section"),
    # an exact phrase, and the filters
    ('"det personlige ledelsesgrundlag"', LULS, 4, FIRST, None),
    ('"fælles ledelsesgrundlag"', LULS, 4, FIRST, "section"),
    ("forum:lemvig ledelsesgrundlag", LEMVIG, 2, FIRST, None),
    ("sygefravær year:2020", LEMVIG, 3, FIRST, None),
    ("mentor case:14/6833", BUDGET, 4, FIRST, None),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The index of a private copy of the sample repository."""
    root = tmp_path_factory.mktemp("relevance") / "repo"
    shutil.copytree(SAMPLE_REPO, root)
    return SearchIndex.build(Repository(root), use_cache=False)


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
