"""The import corpus (tests/import_corpus/README.md): points and decisions exactly right, no word lost, and over the
whole corpus at least 90% of the header fields the sources state."""

from __future__ import annotations

import pytest

from tests.import_corpus.cases import cases, measure

CASES = cases()
pytestmark = pytest.mark.skipif(not CASES, reason="the corpus is empty")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_points_and_decisions_are_read_exactly_and_no_word_is_lost(case) -> None:
    outcome = measure(case)
    assert outcome.points == [tuple(point) for point in case.expected.get("points") or []]
    assert sorted(outcome.decisions) == sorted(case.expected.get("decisions") or [])
    assert outcome.lost_words == []


def test_the_corpus_has_many_layouts_in_three_languages() -> None:
    """Issue 16's floor: at least 25 minutes in at least 8 layouts, in Danish, Norwegian and English."""
    assert len(CASES) >= 25
    assert len({case.expected.get("layout") for case in CASES}) >= 8
    assert {case.expected.get("language") for case in CASES} == {"da", "no", "en"}


def test_nine_of_ten_stated_header_fields_are_read() -> None:
    found = present = 0
    for case in CASES:
        outcome = measure(case)
        found, present = found + outcome.header_found, present + outcome.header_present
    assert present == 0 or found / present >= 0.9, f"{found}/{present}"
