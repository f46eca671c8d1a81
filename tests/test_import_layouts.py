"""The layouts of points and decisions the importer reads (issue 16), each on a small text, and where a rule must not fire."""

from __future__ import annotations

import pytest

from repo_layout.importing.parsing import parse_minutes
from repo_layout.model.meeting import Meeting

HEAD = "Bestyrelsesmøde\nDato: 3. maj 2021\n\n"


def read(body: str, name: str = "m.txt") -> Meeting:
    """The meeting imported from a header and `body`."""
    meeting, _ = parse_minutes(HEAD + body, name)
    return meeting


def points(meeting: Meeting) -> list[tuple[int | None, str]]:
    return [(point.number, point.title) for point in meeting.points]


def decisions(meeting: Meeting) -> dict[int | None, str]:
    return {point.number: (point.decision or "").strip() for point in meeting.points if point.decision}


def test_a_title_runs_straight_into_its_text() -> None:
    meeting = read(
        "1. Budget\nVi talte om budgettet.\n2. Vejen\nHuller i vejen.\nBeslutning: Vi reparerer.\n3. Eventuelt\nIntet.\n"
    )
    assert points(meeting) == [(1, "Budget"), (2, "Vejen"), (3, "Eventuelt")]
    assert decisions(meeting) == {2: "Vi reparerer."}


@pytest.mark.parametrize("mark", [")", " :", ":"])
def test_number_paren_and_colon(mark: str) -> None:
    meeting = read(f"1{mark} Budget\nTekst.\n\n2{mark} Vejen\nTekst.\n")
    assert points(meeting) == [(1, "Budget"), (2, "Vejen")]


def test_a_number_alone_with_the_title_on_the_next_line() -> None:
    meeting = read("1\nGodkjenning av innkalling\nGodkjent.\n\n2\nDugnad\nLørdag.\n")
    assert points(meeting) == [(1, "Godkjenning av innkalling"), (2, "Dugnad")]


@pytest.mark.parametrize(
    ("first", "second", "numbers"),
    [
        ("Pkt. 1: Budget", "Pkt. 2: Vejen", [1, 2]),
        ("Punkt 1 - Budget", "Punkt 2 - Vejen", [1, 2]),
        ("Sak 12/23 Budget", "Sak 13/23 Vejen", [12, 13]),
        ("PS 4/19 Budget", "PS 5/19 Vejen", [4, 5]),
        ("Item 1: Budget", "Item 2: Vejen", [1, 2]),
    ],
)
def test_point_words(first: str, second: str, numbers: list[int]) -> None:
    meeting = read(f"{first}\n\nTekst.\n\n{second}\n\nTekst.\n")
    assert points(meeting) == [(numbers[0], "Budget"), (numbers[1], "Vejen")]


def test_a_minute_reference_before_the_number_is_the_points_case() -> None:
    meeting = read("C048/23 1. APOLOGIES\nNone.\n\nC049/23 2. FINANCE\nRESOLVED: Approved.\n")
    assert points(meeting) == [(1, "APOLOGIES"), (2, "FINANCE")]
    assert [point.case for point in meeting.points] == ["C048/23", "C049/23"]
    assert decisions(meeting) == {2: "Approved."}


def test_year_dot_minute_numbers_and_council_numbers_in_capitals() -> None:
    dotted = read("21.44 ELECTION OF CHAIR\nMrs Barton.\n\n21.45 ANY OTHER BUSINESS\nNone.\n")
    assert points(dotted) == [(44, "ELECTION OF CHAIR"), (45, "ANY OTHER BUSINESS")]
    council = read("1359 MINUTES OF THE LAST MEETING\nApproved.\n\n1360 CORRESPONDENCE\nA letter.\n")
    assert points(council) == [(1359, "MINUTES OF THE LAST MEETING"), (1360, "CORRESPONDENCE")]


def test_sub_items_stay_inside_their_point() -> None:
    meeting = read("5. Budget\n\nTekst.\n\n6. Grupper\n\n6.1 Affald\nTekst.\n\n6.2 Haven\nTekst.\n\n7. Eventuelt\n\nIntet.\n")
    assert points(meeting) == [(5, "Budget"), (6, "Grupper"), (7, "Eventuelt")]
    assert "6.2 Haven" in meeting.points[1].sections.get("Referat")


def test_an_agenda_list_gives_way_to_the_body() -> None:
    meeting = read(
        "Dagsorden:\n  1.Budget\n  2.Vejen\n  3.Eventuelt\n\n"
        "1. Budget\n\nTekst.\n\n2. Vejen\n\nTekst.\n\n3. Eventuelt\n\nIntet.\n"
    )
    assert points(meeting) == [(1, "Budget"), (2, "Vejen"), (3, "Eventuelt")]


def test_an_agenda_list_alone_is_no_points() -> None:
    meeting = read("Dagsorden:\n1. Budget\n2. Vejen\n3. Eventuelt\n\nVi talte om det hele.\n")
    assert len(meeting.points) == 1


def test_a_numbered_list_inside_a_decision_is_not_a_new_point() -> None:
    meeting = read(
        "1. Valg\n\nValgkomiteen foreslo.\n\nVedtak: Styret blir:\n1. Leder: Marte Lie\n2. Kasserer: Per Holm\n\n"
        "2. Eventuelt\n\nIngen saker.\n"
    )
    assert points(meeting) == [(1, "Valg"), (2, "Eventuelt")]
    assert "2. Kasserer: Per Holm" in (meeting.points[0].decision or "")


def test_a_year_or_a_date_at_a_line_start_is_not_a_point() -> None:
    meeting = read("1. Budget\n\n2019. Det år gik godt.\n\n3. April 2020 holdt vi møde.\n\n2. Eventuelt\n\nIntet.\n")
    assert points(meeting) == [(1, "Budget"), (2, "Eventuelt")]


def test_a_table_of_contents_does_not_swallow_point_one() -> None:
    meeting = read("Indholdsfortegnelse\n1. Budget\n2. Eventuelt\n\n1. Budget\n\nTekst.\n\n2. Eventuelt\n\nIntet.\n")
    assert points(meeting) == [(1, "Budget"), (2, "Eventuelt")]
    assert "Tekst." in meeting.points[0].sections.get("Referat")


@pytest.mark.parametrize(
    ("heading", "kept"),
    [
        ("Beslutning", None),
        ("Beslutning i Økonomiudvalget den 4. juni 2019", "Beslutning i Økonomiudvalget den 4. juni 2019"),
        ("Beslutning Økonomiudvalget den 4. juni 2019", "Beslutning Økonomiudvalget den 4. juni 2019"),
        ("Vedtak", "Vedtak"),
        ("Vedtak:", "Vedtak:"),
        ("Formannskapets vedtak 14.03.2023", "Formannskapets vedtak 14.03.2023"),
        ("RESOLVED:", "RESOLVED:"),
        ("Decision:", "Decision:"),
        ("Agreed:", "Agreed:"),
    ],
)
def test_decision_headings(heading: str, kept: str | None) -> None:
    meeting = read(f"Punkt 1: Budget\n\nTekst.\n\n{heading}\nGodkendt.\n\nPunkt 2: Eventuelt\n\nIntet.\n")
    assert decisions(meeting) == {1: "Godkendt."}
    assert meeting.points[0].decision_heading == kept


@pytest.mark.parametrize("line", ["It was RESOLVED that the budget be approved.", "AGREED that the budget be approved."])
def test_resolved_sentences_are_decisions_kept_whole(line: str) -> None:
    meeting = read(f"1. BUDGET\n{line}\n\n2. AOB\nNone.\n")
    assert decisions(meeting) == {1: line}


def test_a_recommendation_is_a_section_not_the_decision() -> None:
    meeting = read("Sak 1/23 Budget\n\nInnstilling\nBudsjettet vedtas.\n\nSak 2/23 Eventuelt\n\nForslag til vedtak\nIngen.\n")
    assert decisions(meeting) == {}
    assert meeting.points[0].sections.get("Innstilling") == "Budsjettet vedtas.\n"
    assert meeting.points[1].sections.get("Forslag til vedtak") == "Ingen.\n"


def test_headings_run_into_their_text() -> None:
    meeting = read(
        "Punkt 1: Budget\n\nSagsfremstillingDer er penge nok.\nBeslutningGodkendt.\nBilagIngen bilag.\n\n"
        "Punkt 2: Eventuelt\n\nIntet.\n"
    )
    first = meeting.points[0]
    assert first.decision == "Godkendt.\n"
    assert first.sections.get("Sagsfremstilling") == "Der er penge nok.\n"
    assert first.attachments == ["Ingen bilag."]


def test_a_decision_as_the_last_paragraph_after_referat() -> None:
    meeting = read(
        "Punkt 1: Budget\n\nDrøftelse\nVi talte længe om budgettet.\n\nUdvalget besluttede at godkende budgettet.\n\n"
        "Punkt 2: Eventuelt\n\nIntet.\n"
    )
    assert decisions(meeting) == {1: "Udvalget besluttede at godkende budgettet."}


def test_web_page_clutter_is_kept_in_the_information() -> None:
    meeting = read(
        "Skip til hovedindhold\nForside > Politik > Referater\n\nPunkt 1: Budget\n\nBeslutning\nGodkendt.\n\nTil toppen\n\n"
        "Punkt 2: Eventuelt\n\nIntet.\n\nTil toppen\n"
    )
    assert points(meeting) == [(1, "Budget"), (2, "Eventuelt")]
    assert decisions(meeting) == {1: "Godkendt."}
    assert "Til toppen" in (meeting.information or "") and "Forside > Politik > Referater" in (meeting.information or "")
    assert meeting.title == "Bestyrelsesmøde"


def test_markdown_points_at_any_level_and_in_a_blockquote() -> None:
    deep, _ = parse_minutes("# Møde\n\nDato: 3. maj 2021\n\n#### 1. Budget\n\nTekst.\n\n#### 2. Eventuelt\n\nIntet.\n", "m.md")
    assert points(deep) == [(1, "Budget"), (2, "Eventuelt")]
    quoted, _ = parse_minutes(
        "> # Møde\n>\n> Dato: 3. maj 2021\n>\n> ## 1. Budget\n> Tekst.\n>\n> ## 2. Eventuelt\n> Intet.\n", "m.md"
    )
    assert points(quoted) == [(1, "Budget"), (2, "Eventuelt")]


def test_a_tab_after_a_bullet_stays_a_literal_block() -> None:
    meeting = read("Punkt 1: Budget\n\nBaggrund\n-\tFørste\n-\tAnden\n\nPunkt 2: Eventuelt\n\nIntet.\n")
    assert meeting.points[0].sections.get("Baggrund") == "-\tFørste\n-\tAnden\n"
    assert 'Baggrund: "' not in meeting.dump()


def test_the_one_point_fallback_names_the_near_headings_and_unused_decision_words() -> None:
    _, report = parse_minutes(HEAD + "1. budget blev drøftet\nVi talte længe.\n\nBeslutning om budgettet blev udsat.\n", "m.txt")
    kinds = [note.kind for note in report.unplaced]
    assert "near_heading_lower" in kinds and "decision_word_unused" in kinds
    assert all(note.words("da") != str(note) for note in report.unplaced)


def test_an_agenda_list_restarting_at_one_inside_point_one() -> None:
    meeting = read(
        "1. Godkendelse af dagsorden\nDagsordenen:\n1. Godkendelse af dagsorden\n2. Kirkegården\n3. Eventuelt\nGodkendt.\n\n"
        "2. Kirkegården\nNye regler for gravsteder.\nBeslutning: Vedtaget.\n\n3. Eventuelt\nIntet.\n"
    )
    assert points(meeting) == [(1, "Godkendelse af dagsorden"), (2, "Kirkegården"), (3, "Eventuelt")]
    assert "2. Kirkegården" in meeting.points[0].sections.get("Referat")


def test_a_word_that_ends_a_wrapped_sentence_is_not_taken_for_a_web_button() -> None:
    from repo_layout.importing.text import is_clutter

    assert is_clutter("Del") and is_clutter("Til toppen") and is_clutter("Skip to main content")
    assert not is_clutter("del.") and not is_clutter("Luk.")
