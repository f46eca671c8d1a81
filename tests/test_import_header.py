"""The header of imported minutes: times, places, attendance, absence, the minute taker and dates (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest

from repo_layout.importing.header_times import header_date, header_names, header_times, prose_times
from repo_layout.importing.parsing import parse_minutes
from repo_layout.model.meeting import Meeting

POINTS = """
1. Godkendelse af dagsorden

Dagsordenen blev godkendt.

2. Budget

Budgettet blev drøftet.

Beslutning
Budgettet blev vedtaget.
"""


def imported(*header: str, title: str = "Referat af bestyrelsesmøde", points: str = POINTS) -> Meeting:
    """The meeting imported from a title, the given header lines and two simple points."""
    meeting, _ = parse_minutes("\n".join([title, "", *header, "", points]), "minutes.txt")
    return meeting


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Mandag den 3. april 2017 kl. 10.00", "10:00", None),
        ("Kl: 14.15 – 15.15", "14:15", "15:15"),
        ("Tid: kl. 18.00-20.30", "18:00", "20:30"),
        ("Tid: 19:00", "19:00", None),
        ("Time: 7pm", "19:00", None),
        ("Time: 6.30pm to 8pm", "18:30", "20:00"),
        ("Tidspunkt: kl. 19", "19:00", None),
    ],
)
def test_times_on_a_labelled_or_date_line(line: str, start: str, end: str | None) -> None:
    meeting = imported("Dato: 3. april 2017", line) if not line.startswith("Mandag") else imported(line)
    assert (meeting.start, meeting.end) == (start, end)


def test_a_date_line_gives_date_time_and_the_place_after_it() -> None:
    meeting = imported("Mandag den 3. april 2017 kl. 10.00 i lokale M1 på Rådhuset")
    assert (meeting.date, meeting.start, meeting.location) == (dt.date(2017, 4, 3), "10:00", "lokale M1 på Rådhuset")


def test_a_title_line_gives_date_time_and_place() -> None:
    title = "MINUTES OF THE MEETING OF ASHCOMBE PARISH COUNCIL HELD ON TUESDAY 14 MARCH 2023 AT 7PM IN THE VILLAGE HALL"
    meeting = imported("Present: Cllr J Harper", title=title)
    assert (meeting.date, meeting.start, meeting.location) == (dt.date(2023, 3, 14), "19:00", "THE VILLAGE HALL")


def test_a_start_told_in_prose_and_kept_as_text() -> None:
    meeting = imported("Date: 9 October 2023", "The meeting commenced at 7.15pm and closed at 9pm.")
    assert (meeting.start, meeting.end) == ("19:15", "21:00")
    assert "commenced at 7.15pm" in (meeting.information or "")
    assert imported("Dato: 3. april 2017", "Mødet startede kl. 19.30 med velkomst.").start == "19:30"


@pytest.mark.parametrize("label", ["Sted", "Lokale", "Mødested", "Møtested", "Venue", "Location"])
def test_place_labels(label: str) -> None:
    assert imported("Dato: 3. april 2017", f"{label}: Fælleshuset").location == "Fælleshuset"


@pytest.mark.parametrize(
    "label",
    ["Deltagere", "Til stede", "Tilstede", "Fremmødt", "Present", "Those attending", "Councillors present", "Møtende medlemmer"],
)
def test_attendance_labels(label: str) -> None:
    assert imported(f"{label}: Ida Holm, Bo Berg og Åse Ærø").present == ["Ida Holm", "Bo Berg", "Åse Ærø"]


@pytest.mark.parametrize(
    "line",
    [
        "Afbud: Per Dam",
        "Fraværende: Per Dam",
        "Forfald: Per Dam",
        "Forfall: Per Dam",
        "Apologies: Per Dam",
        "Absent: Per Dam",
        "Apologies for absence: Per Dam",
        "Apologies for absence: were received from Per Dam",
        "Per Dam hadde meldt forfall.",
        "Per Dam har meldt afbud.",
    ],
)
def test_absence(line: str) -> None:
    assert imported("Deltagere: Ida Holm", line).absent == ["Per Dam"]


@pytest.mark.parametrize(
    "line",
    [
        "Referent: Hanne Berg",
        "Ref.: Hanne Berg",
        "Ref: Hanne Berg",
        "Clerk: Hanne Berg",
        "Protokollfører: Hanne Berg",
        "Minutes taken by: Hanne Berg",
        "Deltagere: Ida Holm, Hanne Berg (referent)",
    ],
)
def test_minute_taker(line: str) -> None:
    assert imported(line).minute_taker == "Hanne Berg"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3. april 2017", dt.date(2017, 4, 3)),
        ("18.08.09", dt.date(2009, 8, 18)),
        ("Tuesday 14 March 2023", dt.date(2023, 3, 14)),
        ("14th March 2023", dt.date(2023, 3, 14)),
        ("March 14, 2023", dt.date(2023, 3, 14)),
        ("onsdag 8. februar 2023", dt.date(2023, 2, 8)),
        ("tirsdag 21. mars 2023", dt.date(2023, 3, 21)),
        ("2023-10-09", dt.date(2023, 10, 9)),
    ],
)
def test_dates_in_three_languages(text: str, day: dt.date) -> None:
    found = header_date(text)
    assert found is not None and found[0] == day
    assert imported(f"Dato: {text}").date == day


def test_names_split_on_commas_og_and_semicolons_and_lines_with_roles_kept() -> None:
    assert header_names("Ida Holm (formand), Bo Berg og Åse Ærø; Per Dam and Kim Sand") == [
        "Ida Holm (formand)",
        "Bo Berg",
        "Åse Ærø",
        "Per Dam",
        "Kim Sand",
    ]
    assert header_names("Ida Holm (formand og kasserer)") == ["Ida Holm (formand og kasserer)"]
    assert header_names("alle bestyrelsens medlemmer") == []
    meeting = imported("Til stede:", "Ida Holm (formand)", "Bo Berg", "", "Afbud: Åse Ærø")
    assert (meeting.present, meeting.absent) == (["Ida Holm (formand)", "Bo Berg"], ["Åse Ærø"])


def test_markdown_labels_and_checkbox_attendees() -> None:
    text = "\n".join(
        [
            "# Styremøte",
            "",
            "**Tid**: 19:00",
            "**Dato:** 2024-09-12",
            "",
            "**Deltakere:**",
            "- [x] Kari Nordmann (leder)",
            "- [X] Ola Hansen",
            "- [ ] Liv Bakke",
            "",
            "## 1. Godkjenning",
            "",
            "Godkjent.",
        ]
    )
    meeting, _ = parse_minutes(text, "styremote.md")
    assert (meeting.date, meeting.start) == (dt.date(2024, 9, 12), "19:00")
    assert (meeting.present, meeting.absent) == (["Kari Nordmann (leder)", "Ola Hansen"], ["Liv Bakke"])


def test_a_time_inside_a_decision_is_not_the_meetings_start() -> None:
    points = POINTS.replace("Budgettet blev vedtaget.", "Næste møde holdes kl. 17.00. Mødet startede kl. 16.00.")
    meeting = imported("Dato: 3. april 2017", points=points)
    assert meeting.start is None and meeting.end is None


def test_referent_inside_a_points_text_is_not_the_minute_taker() -> None:
    points = POINTS.replace("Budgettet blev drøftet.", "Referent: Bo Berg\nBudgettet blev drøftet.")
    meeting = imported("Dato: 3. april 2017", "Referent: Hanne Berg", points=points)
    assert meeting.minute_taker == "Hanne Berg"
    assert "Bo Berg" in meeting.dump()


def test_a_header_line_it_cannot_read_stays_in_the_information_and_the_report_names_it() -> None:
    meeting, report = parse_minutes(
        "Referat\n\nDato: 3. april 2017\nKaffe og kage blev serveret af kantinen\n\n" + POINTS, "minutes.txt"
    )
    assert "Kaffe og kage blev serveret af kantinen" in (meeting.information or "")
    assert any("Kaffe og kage" in note for note in report.unplaced)


def test_a_second_different_time_stays_as_text() -> None:
    meeting = imported("Tid: 10.00-12.00", "Tid: 13.00-14.00")
    assert (meeting.start, meeting.end) == ("10:00", "12:00")
    assert "13.00-14.00" in (meeting.information or "")


def test_what_is_not_a_time_or_a_name_list() -> None:
    assert header_times("Budget 2024") == (None, None)
    assert header_times("kl. 25") == (None, None)
    assert prose_times("We started the review of the budget.") == (None, None)
    assert header_names("Mødet blev holdt hos Ida") == []


@pytest.mark.parametrize(
    ("line", "start", "end", "place"),
    [
        ("Tid og sted: Mandag 3. april 2017 kl. 10-12, Rådhuset", "10:00", "12:00", "Rådhuset"),
        ("Tid og sted: 3. april 2017 kl. 10.00 i mødelokale 2", "10:00", None, "mødelokale 2"),
        ("Time and place: 3 April 2017, 10:00 to 12:00, Committee Room 1", "10:00", "12:00", "Committee Room 1"),
        ("Dato: 3. april 2017 fra kl. 17.00 til kl. 19.00", "17:00", "19:00", None),
    ],
)
def test_time_and_place_on_one_line(line: str, start: str, end: str | None, place: str | None) -> None:
    meeting = imported(line)
    assert (meeting.date, meeting.start, meeting.end, meeting.location) == (dt.date(2017, 4, 3), start, end, place)


def test_a_norwegian_start_and_end_told_in_prose() -> None:
    meeting = imported("Dato: 3. april 2017", "Møtet ble satt kl. 18.00 og hevet kl. 20.15.")
    assert (meeting.start, meeting.end) == ("18:00", "20:15")


@pytest.mark.parametrize(
    ("line", "case"),
    [
        ("Sagsnr.: 23/1234   Dok.nr.: 23/1234-5   Åbent", "23/1234"),
        ("Sag nr. 17/2045", "17/2045"),
        ("Saksnr. 2022/118 Offentlig", "2022/118"),
        ("Arkivsak: 22/1456", "22/1456"),
    ],
)
def test_a_case_number_line_gives_the_points_case_and_keeps_the_rest(line: str, case: str) -> None:
    points = POINTS.replace("Budgettet blev drøftet.", f"{line}\n\nBudgettet blev drøftet.")
    meeting = imported("Dato: 3. april 2017", points=points)
    assert meeting.points[1].case == case
    rest = line.split(case, 1)[1].strip()
    assert rest in meeting.dump()


def test_a_sentence_about_a_case_is_no_case_line() -> None:
    points = POINTS.replace("Budgettet blev drøftet.", "Sagsnr. 23/1234 blev behandlet i juni.")
    assert imported("Dato: 3. april 2017", points=points).points[1].case is None


def test_a_place_named_in_a_header_sentence() -> None:
    line = "Minutes of the meeting held in the Village Hall, Ashcombe, on Tuesday 14 May 2024 commencing at 7pm"
    meeting = imported(line, title="Ashcombe Parish Council")
    assert (meeting.location, meeting.start) == ("Village Hall, Ashcombe", "19:00")
    assert imported("Dato: 3. april 2017", "The meeting was held in person.").location is None
