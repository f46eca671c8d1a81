"""The text-minutes importer: the five seeds give the sample meetings, the format variations, no lost text, files."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from repo_layout import Meeting
from repo_layout.importing.importer import import_files
from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.report import ImportFailure, ImportReport
from repo_layout.importing.source import read_source
from repo_layout.importing.text import find_date
from repo_layout.model.checks import check_meeting_document
from repo_layout.model.loading import load_meeting, meeting_problems
from repo_layout.yaml import yamlio

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE_REPO = PROJECT / "sample-repo"
SEEDS = Path(__file__).resolve().parent / "seeds"  # a copy of ../shared/seeds; test_sample_repo checks it is the same
SEED_SAMPLES = {
    "000": "lemvig-kommune/centerledermoede/2020-10-08.yaml",
    "001": "albertslund-kommune/chefforum/2019-10-24.yaml",
    "002": "albertslund-kommune/chefforum/2015-04-23.yaml",
    "003": "sl-ledersektionen/aarsmoede/2018-04-05.yaml",
    "004": "aarhus-kommune/chefteammoede/2021-10-14.yaml",
}
MEETING_FIELDS = ("title", "date", "start", "end", "location", "minute_taker", "present", "absent", "information")
POINT_FIELDS = ("number", "title", "case", "time", "presenter", "decision_heading", "decision", "attachments")

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the source minutes are not beside this checkout ({SEEDS} is missing)"
)


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} is missing from {SEEDS}")
    return found[0]


def import_seed(prefix: str) -> tuple[Meeting, ImportReport]:
    path = seed_path(prefix)
    return parse_minutes(read_source(path), str(path))


def header(meeting: Meeting) -> tuple[object, ...]:
    """(title, date, start, end) of a meeting."""
    return meeting.title, meeting.date, meeting.start, meeting.end


def first_difference(imported: str, sample: str) -> str:
    """The first differing line of two texts, for an assertion message."""
    for number, (mine, theirs) in enumerate(zip(imported.splitlines(), sample.splitlines(), strict=False), start=1):
        if mine != theirs:
            return f"line {number}: imported {mine!r}, sample {theirs!r}"
    return f"imported has {len(imported.splitlines())} lines, sample {len(sample.splitlines())}"


def differences(imported: Meeting, sample: Meeting) -> list[str]:
    """Every field where the imported meeting differs from the sample (status and actions are not in the text)."""
    found = []
    for name in MEETING_FIELDS:
        mine, theirs = getattr(imported, name), getattr(sample, name)
        if mine != theirs:
            found.append(f"meeting {name}: imported {mine!r}, sample {theirs!r}")
    mine_numbers = [point.number for point in imported.points]
    sample_numbers = [point.number for point in sample.points]
    if mine_numbers != sample_numbers:
        found.append(f"point numbers: imported {mine_numbers}, sample {sample_numbers}")
    for mine, theirs in zip(imported.points, sample.points, strict=False):
        where = f"point {theirs.number} ({theirs.title!r})"
        for name in POINT_FIELDS:
            a, b = getattr(mine, name), getattr(theirs, name)
            if a != b:
                detail = first_difference(a, b) if isinstance(a, str) and isinstance(b, str) else f"imported {a!r}, sample {b!r}"
                found.append(f"{where} {name}: {detail}")
        if mine.sections.headings() != theirs.sections.headings():
            found.append(f"{where} section headings: imported {mine.sections.headings()}, sample {theirs.sections.headings()}")
        for heading, text in theirs.sections.items():
            imported_text = mine.sections.get(heading)
            if imported_text is not None and imported_text != text:
                found.append(f"{where} section {heading!r}: {first_difference(imported_text, text)}")
    return found


def strings(node: Any) -> list[str]:
    """Every string in a document, keys included."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in (*strings(key), *strings(value))]
    if isinstance(node, list):
        return [text for item in node for text in strings(item)]
    return [str(node)] if isinstance(node, str) else []


STRUCTURE_LINE = re.compile(
    "|".join(
        (
            r"(?:Punkt|Pkt\.?)\s*\d+\s*[:.].*",  # a point's heading
            r"Indholdsfortegnelse|Indhold",
            r".*\.{4,}\s*\d*",  # a table-of-contents entry
            r"Sagsfremstilling|Anledning|Baggrund|Indstilling|Det indstilles, at|Beslutning|Bilag",
            r"BESLUTNING I .+ DEN .+|Beslutning for Punkt \d+.*",
            r"\d{1,2}[:.]\d{2}\s*-\s*\d{1,2}[:.]\d{2}",  # a time slot alone
            r"(?:Mødedato|Mødested)\s.*",
            r"\d{1,2}-\d{1,2}-\d{4}(?:\s+\d{1,2}:\d{2}(?:\s*-\s*\d{1,2}:\d{2})?)?",  # a date (and times) alone
            r"Information:",
        )
    ),
    re.IGNORECASE,
)


def lost_lines(text: str, meeting: Meeting) -> list[str]:
    """Non-empty input lines found in no text value of the meeting, except lines that became structure."""
    values = strings(meeting.data)
    found = {value.strip() for value in values} | {line.strip() for value in values for line in value.splitlines()}
    found |= {f"{point.number}. {point.title}" for point in meeting.points}  # a numbered point's heading
    titles = [point.title for point in meeting.points]
    lost = []
    for line in (line.strip() for line in text.splitlines()):
        if not line or line in found or STRUCTURE_LINE.fullmatch(line):
            continue
        if any(difflib.SequenceMatcher(None, line.casefold(), title.casefold()).ratio() >= 0.9 for title in titles):
            continue  # a repetition of the point's title (it is the title)
        if meeting.minute_taker and line == f"Referent {meeting.minute_taker}":
            continue  # the closing signature is the minute_taker field
        lost.append(line)
    return lost


# --- the five seeds ------------------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_SAMPLES))
def test_each_seed_imports_as_its_sample_meeting(prefix: str) -> None:
    imported, _ = import_seed(prefix)
    sample = load_meeting(SAMPLE_REPO / SEED_SAMPLES[prefix])
    problems = differences(imported, sample)
    assert not problems, f"seed {prefix} vs {SEED_SAMPLES[prefix]}:\n  " + "\n  ".join(problems)


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_SAMPLES))
def test_each_seed_dumps_as_the_sample_file_without_the_hand_added_fields(prefix: str) -> None:
    imported, _ = import_seed(prefix)
    sample = load_meeting(SAMPLE_REPO / SEED_SAMPLES[prefix])
    for meeting in (imported, sample):
        meeting.status = None
        for point in meeting.points:
            point.data.pop("actions", None)
    diff = "\n".join(
        difflib.unified_diff(sample.dump().splitlines(), imported.dump().splitlines(), "sample", "imported", lineterm="")
    )
    assert imported.dump() == sample.dump(), diff


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_SAMPLES))
def test_no_line_of_a_seed_is_lost(prefix: str) -> None:
    text = read_source(seed_path(prefix))
    meeting, _ = parse_minutes(text)
    assert lost_lines(text, meeting) == []


def _paragraphs(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text) if block.strip()]


@needs_seeds
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # a failing example is a whole seed; shrinking it takes minutes
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_line_is_lost_when_a_seeds_paragraphs_are_shuffled(data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(sorted(SEED_SAMPLES)))
    paragraphs = _paragraphs(read_source(seed_path(prefix)))
    shuffled = data.draw(st.permutations(paragraphs))
    text = "\n\n".join(shuffled) + "\n"
    meeting, _ = parse_minutes(text)
    assert meeting.points, "every import has at least one point"
    assert lost_lines(text, meeting) == []


TRICKY_LINES = (
    "Punkt 1: Godkendelse",
    "Punkt 2: Budget: 2025",
    "1. Første",
    "2. Anden",
    "Beslutning",
    "Bilag",
    "Sagsfremstilling",
    "Det indstilles, at",
    "BESLUTNING I UDVALGET DEN 01-02-2020",
    "Indholdsfortegnelse",
    "Godkendelse.....\t3",
    "Information:",
    "Pkt. 1 kl. 9.00-9.30 Anne Berg",
    "Mødested Lokale 1",
    "Mødedato 3. maj 2021 kl. 10.00",
    "12:00 - 12:30",
    "14/1234",
    "Velkommen",
    "Eventuelt:",
    "Intet",
    "Referent Anne",
    "Bo er referent",
    "Ida deltog ikke i mødet.",
    "- liste",
    "\ttabbed\tline",
    "   indented text",
    "yes",
    "no",
    "null",
    "~",
    "1e3",
    "12:00",
    "0.5",
    "key: value",
    "line with a trailing colon:",
    '"quoted"',
    "'single'",
    "@at",
    "`code`",
    "%pct",
    "&anchor",
    "*alias",
    "!tag",
    "|pipe",
    ">fold",
    "[list]",
    "{map}",
    "# not a heading in a text file? (it is one in Markdown)",
    "ø æ å – … “citat”",
    "\u00a0nbsp",
    "x" * 300,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(TRICKY_LINES), st.sampled_from(["\n", "\n\n", "\n\n\n"])), min_size=1, max_size=30))
def test_any_text_imports_to_a_valid_file_without_losing_a_line(parts: list[tuple[str, str]]) -> None:
    text = "".join(line + end for line, end in parts if not line.startswith("#"))
    if not text.strip():
        return
    meeting, _ = parse_minutes(text, "2021-05-03-referat.txt")
    dumped = meeting.dump()
    document = yamlio.load_text(dumped)
    assert [str(problem) for problem in check_meeting_document(Path(f"{meeting.date}.yaml"), document) if problem.is_error] == []
    assert yamlio.dump_text(document) == dumped, "the written file is not stable when loaded and saved again"
    assert pyyaml.safe_load(dumped) == yamlio.load_fast(dumped), "PyYAML and ruamel read different values"
    date_lines = {line.strip() for line in text.splitlines() if find_date(line) and find_date(line)[0] == meeting.date}
    assert [line for line in lost_lines(text, meeting) if line not in date_lines] == []


@needs_seeds
def test_the_reports_say_what_was_guessed_and_what_differs() -> None:
    _, report = import_seed("002")
    assert any("'CF - Eventuelt'" in guess and "repetition" in guess for guess in report.guesses), report.guesses
    assert any("table of contents" in warning and "CF - Eventuell" in warning for warning in report.warnings)
    _, report = import_seed("004")
    assert any("point 3" in warning for warning in report.warnings), report.warnings
    assert any(guess.startswith("date 2021-10-14 from '14-10-2021 08:30 - 10:00'") for guess in report.guesses)
    _, report = import_seed("003")
    assert any("free-form" in guess for guess in report.guesses)
    assert report.unplaced == []
    assert "guessed: date 2018-04-05" in report.format()


# --- encodings and refused files ----------------------------------------------------------------------


@needs_seeds
def test_windows_1252_input_is_decoded(tmp_path: Path) -> None:
    text = read_source(seed_path("001"))
    source = tmp_path / "referat.txt"
    source.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    assert read_source(source) == text
    [(meeting, report)] = import_files([source], _forum(tmp_path), dry_run=True)
    assert meeting.dump() == parse_minutes(text)[0].dump()
    assert "Windows-1252" in report.guesses[0]
    assert "Small Great Nation – Mission possible?" in (meeting.points[4].sections.get("Anledning") or "")


@needs_seeds
def test_latin_1_input_is_decoded(tmp_path: Path) -> None:
    text = read_source(seed_path("000"))
    source = tmp_path / "referat.txt"
    source.write_bytes(text.encode("latin-1"))
    assert read_source(source) == text
    [(meeting, report)] = import_files([source], _forum(tmp_path), dry_run=True)
    assert meeting.points[5].title == "Manual til Åben Anonym Rådgivning"
    assert "Latin-1" in report.guesses[0]


def test_a_bom_and_crlf_are_removed(tmp_path: Path) -> None:
    source = tmp_path / "bom.txt"
    source.write_bytes("\ufeffReferat\r\n\r\nPunkt 1: Første\r\n".encode())
    assert read_source(source) == "Referat\n\nPunkt 1: Første\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\n\t\n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"\x81\x8d\x8f\x90\x9d\xa4\xa7" * 20, "not UTF-8"),
    ],
    ids=["empty", "blank", "nul-bytes", "control-characters", "undecodable"],
)
def test_bad_files_are_refused_with_a_one_line_message(tmp_path: Path, content: bytes, expected: str) -> None:
    source = tmp_path / "referat.txt"
    source.write_bytes(content)
    with pytest.raises(ImportFailure) as failure:
        read_source(source)
    message = str(failure.value)
    assert expected in message and str(source) in message and "\n" not in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="cannot read"):
        read_source(tmp_path / "nowhere.txt")


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(ImportFailure, match="no text"):
        parse_minutes("\n \n", "tom.txt")


# --- format variations ----------------------------------------------------------------------------------

NUMBERED = """\
Referat af bestyrelsesmøde

Dato: 12.03.2024 kl. 17.00-19.00
Sted: Foreningens lokaler

Deltagere: Anne Hansen, Bo Jensen og Carl Nielsen
Afbud: Dorte Madsen

1. Godkendelse af dagsorden

Dagsordenen blev godkendt.

2. Budget 2025 v. Bo Jensen (17.15-17.45)

Sagsnr. 24/1234

Baggrund

Budgettet er udsendt.

Det indstilles, at

budgettet godkendes.

Beslutning: Godkendt.

Bilag: Budget 2025.xlsx

3. Eventuelt

Beslutning for punkt 3

Intet.

Referent: Egil Hansen
"""


def test_numbered_points_and_labelled_header_lines() -> None:
    meeting, report = parse_minutes(NUMBERED, "bestyrelse.txt")
    assert header(meeting) == ("Referat af bestyrelsesmøde", dt.date(2024, 3, 12), "17:00", "19:00")
    assert meeting.location == "Foreningens lokaler"
    assert meeting.present == ["Anne Hansen", "Bo Jensen", "Carl Nielsen"]
    assert meeting.absent == ["Dorte Madsen"]
    assert meeting.minute_taker == "Egil Hansen"
    first, budget, other = meeting.points
    assert (first.number, first.title, first.sections.items()) == (
        1,
        "Godkendelse af dagsorden",
        [("Referat", "Dagsordenen blev godkendt.\n")],
    )
    assert (budget.case, budget.time, budget.presenter) == ("24/1234", "17:15-17:45", "Bo Jensen")
    assert budget.sections.items() == [("Baggrund", "Budgettet er udsendt.\n"), ("Det indstilles, at", "budgettet godkendes.\n")]
    assert (budget.decision_heading, budget.decision, budget.attachments) == (None, "Godkendt.\n", ["Budget 2025.xlsx"])
    assert (other.decision_heading, other.decision) == ("Beslutning for punkt 3", "Intet.\n")
    assert any("numbered" in guess for guess in report.guesses)


def minutes(*body: str, header: str = "REFERAT Udvalget d. 02-03-2022\n\nMødested Byrådssalen\n\n") -> str:
    return header + "\n\n".join(body) + "\n"


@pytest.mark.parametrize(
    ("line", "date", "start", "end"),
    [
        ("Mødedato Torsdag d. 08. oktober 2020 kl. 12:00", dt.date(2020, 10, 8), "12:00", None),
        ("14-10-2021 08:30 - 10:00", dt.date(2021, 10, 14), "08:30", "10:00"),
        ("Mødedato: d. 5. april 2018", dt.date(2018, 4, 5), None, None),
        ("Dato: 2024-03-12, kl. 9.00-11.30", dt.date(2024, 3, 12), "09:00", "11:30"),
        ("Tirsdag den 3. sept. 2019 kl. 14.00", dt.date(2019, 9, 3), "14:00", None),
    ],
)
def test_header_dates_and_times_in_several_spellings(line: str, date: dt.date, start: str | None, end: str | None) -> None:
    meeting, report = parse_minutes(minutes("Punkt 1: Eventuelt\n\nBeslutning\n\nIntet", header=f"Referat\n\n{line}\n\n"))
    assert (meeting.date, meeting.start, meeting.end) == (date, start, end)
    assert any(guess.startswith(f"date {date}") for guess in report.guesses)


def test_a_date_in_the_title_and_a_place_after_it() -> None:
    meeting, _ = parse_minutes(
        minutes(
            "Velkommen\n\nFormanden bød velkommen.",
            "Afslutning\n\nTak for i dag.",
            header="Årsmøde d. 5. april 2018 i Herlev medborgerhus\n\n",
        )
    )
    assert (meeting.date, meeting.location) == (dt.date(2018, 4, 5), "Herlev medborgerhus")
    assert [point.title for point in meeting.points] == ["Velkommen", "Afslutning"]


def test_headings_on_their_own_line_become_sections_decisions_and_attachments() -> None:
    text = minutes(
        "Punkt 1: Budget",
        "00.01.00-A21-9-18",
        "Anledning\n\nBudgettet skal vedtages.",
        "Sagsfremstilling\n\n13:00 - 13:20\n\nForvaltningen har udarbejdet et forslag.",
        "INDSTILLING\n\nDirektøren indstiller:\n\n1. at budgettet godkendes",
        "BESLUTNING I UDVALGET DEN 02-03-2022\n\nGodkendt.\n\nHanne Holm deltog ikke i mødet.",
        "Bilag\n\nBudgetforslag 2023\n\nNotat om anlæg",
    )
    meeting, _ = parse_minutes(text)
    [point] = meeting.points
    assert (point.case, point.time) == ("00.01.00-A21-9-18", "13:00-13:20")
    assert point.sections.headings() == ["Anledning", "Sagsfremstilling", "INDSTILLING"]
    assert point.sections.get("Sagsfremstilling") == "Forvaltningen har udarbejdet et forslag.\n"
    assert point.sections.get("INDSTILLING") == "Direktøren indstiller:\n\n1. at budgettet godkendes\n"
    assert point.decision_heading == "BESLUTNING I UDVALGET DEN 02-03-2022"
    assert point.decision == "Godkendt.\n\nHanne Holm deltog ikke i mødet.\n"
    assert point.attachments == ["Budgetforslag 2023", "Notat om anlæg"]
    assert meeting.absent == ["Hanne Holm"]
    assert (meeting.date, meeting.location) == (dt.date(2022, 3, 2), "Byrådssalen")


def test_bilag_first_and_a_repeated_title_line_are_handled() -> None:
    text = minutes(
        "Punkt 2: CF - Ny politik", "15/3035", "Bilag\n\nNy politik\n\nGammel politik", "CF - Ny politik", "Baggrund\n\nTekst."
    )
    [point] = parse_minutes(text)[0].points
    assert (point.number, point.case, point.attachments) == (2, "15/3035", ["Ny politik", "Gammel politik"])
    assert point.sections.items() == [("Baggrund", "Tekst.\n")]


def test_information_lines_give_time_and_presenter_per_point() -> None:
    header = (
        "Chefteammøde\n\n14-10-2021 08:30 - 10:00\n\nRådhuset\n\nInformation:\n\n"
        "Pkt. 1 kl. 8.30-8.50 Anne Berg og Bo Holm\n\nPkt. 2 kl. 8.50-9.05 Carla Dam\n\n"
    )
    meeting, _ = parse_minutes(
        minutes(
            "Punkt 1: Status",
            "Beslutning for Punkt 1: Status\n\nTaget til efterretning.",
            "Punkt 2: Eventuelt",
            "Beslutning\n\nIntet.",
            header=header,
        )
    )
    first, second = meeting.points
    assert (first.time, first.presenter, second.time, second.presenter) == (
        "08:30-08:50",
        "Anne Berg og Bo Holm",
        "08:50-09:05",
        "Carla Dam",
    )
    assert meeting.information == "Pkt. 1 kl. 8.30-8.50 Anne Berg og Bo Holm\n\nPkt. 2 kl. 8.50-9.05 Carla Dam\n"
    assert meeting.location == "Rådhuset"
    assert first.decision_heading == "Beslutning for Punkt 1: Status"


def test_a_table_of_contents_is_skipped_and_checked() -> None:
    header = "Referat\n\n08-10-2020\n\nIndholdsfortegnelse\n\nGodkendelse.....\t3\nEventuelt.....\t4\nBudget.....\t5\n\n"
    meeting, report = parse_minutes(
        minutes("Punkt 1: Godkendelse", "Beslutning\n\nGodkendt.", "Punkt 2: Eventuelt", "Beslutning\n\nIntet.", header=header)
    )
    assert [point.title for point in meeting.points] == ["Godkendelse", "Eventuelt"]
    assert meeting.information is None
    assert any("'Budget'" in warning for warning in report.warnings), report.warnings


def test_a_repeated_agenda_of_point_headings_is_contents() -> None:
    text = minutes(
        "Punkt 1: Godkendelse\nPunkt 2: Eventuelt", "Punkt 1: Godkendelse", "Godkendt.", "Punkt 2: Eventuelt", "Intet."
    )
    meeting, _ = parse_minutes(text)
    assert [(point.number, point.sections.items()) for point in meeting.points] == [
        (1, [("Referat", "Godkendt.\n")]),
        (2, [("Referat", "Intet.\n")]),
    ]


def test_minute_takers_in_both_spellings() -> None:
    assert parse_minutes(minutes("Punkt 1: A", "Sagsfremstilling\n\nEgil er referent"))[0].minute_taker == "Egil"
    meeting, _ = parse_minutes(minutes("Punkt 1: A", "Sagsfremstilling\n\nTekst.", "Referent Dorte Nederskov"))
    assert meeting.minute_taker == "Dorte Nederskov"
    assert meeting.points[0].sections.get("Sagsfremstilling") == "Tekst.\n"


def test_a_duplicate_heading_keeps_its_line_as_text() -> None:
    meeting, report = parse_minutes(minutes("Punkt 1: A", "Baggrund\n\nEt.", "Baggrund\n\nTo."))
    assert meeting.points[0].sections.items() == [("Baggrund", "Et.\n\nBaggrund\n\nTo.\n")]
    assert any("twice" in warning for warning in report.warnings)


def test_an_unknown_header_line_goes_to_information_and_is_reported() -> None:
    meeting, report = parse_minutes(
        minutes("Punkt 1: A", "Beslutning\n\nGodkendt.", header="REFERAT d. 01-02-2023\n\nHusk at medbringe bilag.\n\n")
    )
    assert meeting.information == "Husk at medbringe bilag.\n"
    assert len(report.unplaced) == 1 and "Husk at medbringe bilag." in report.unplaced[0]


def test_a_text_without_points_becomes_one_point_with_a_warning() -> None:
    prose = "Vi talte om budgettet og om den nye hjemmeside. Alle var enige.\n\nNæste møde aftales senere.\n"
    text = "Notat fra mødet d. 3. maj 2022\n\n" + prose
    meeting, report = parse_minutes(text, "notat.txt")
    [point] = meeting.points
    assert (point.number, point.title) == (1, "Notat fra mødet d. 3. maj 2022")
    assert point.sections.items() == [("Referat", prose)]
    assert meeting.date == dt.date(2022, 5, 3)
    assert any("no recognisable points" in warning for warning in report.warnings)
    assert lost_lines(text, meeting) == []


def test_without_any_date_the_file_name_gives_it_or_a_warning_says_so() -> None:
    assert parse_minutes("Referat\n\nNoget tekst.\n", "2021-06-01-styregruppe.txt")[0].date == dt.date(2021, 6, 1)
    meeting, report = parse_minutes("Referat\n\nNoget tekst.\n", "referat.txt")
    assert meeting.date == dt.date.today()
    assert any("no date" in warning for warning in report.warnings)


MARKDOWN = """\
# Referat af styregruppemøde

**Dato:** 3. marts 2024, kl. 10:00-11:30
**Sted:** Mødelokale 2

## Deltagere
- Anne Hansen
- Bo Jensen

## 1. Status på projektet

Projektet følger planen.

- milepæl 1 nået
- milepæl 2 i gang

### Beslutning

Status taget til efterretning.

## 2. Økonomi

**Baggrund**

Regnskabet viser et *mindre* overskud.

**Beslutning**

Overskuddet overføres.

**Bilag**

- Regnskab 2023.pdf
- Budget 2024.xlsx

## Næste møde

Aftales senere.
"""


def test_markdown_minutes() -> None:
    meeting, report = parse_minutes(MARKDOWN, "referat.md")
    assert header(meeting) == ("Referat af styregruppemøde", dt.date(2024, 3, 3), "10:00", "11:30")
    assert (meeting.location, meeting.present) == ("Mødelokale 2", ["Anne Hansen", "Bo Jensen"])
    status, economy, nxt = meeting.points
    assert [(p.number, p.title) for p in meeting.points] == [(1, "Status på projektet"), (2, "Økonomi"), (3, "Næste møde")]
    assert status.sections.items() == [("Referat", "Projektet følger planen.\n\n- milepæl 1 nået\n- milepæl 2 i gang\n")]
    assert status.decision == "Status taget til efterretning.\n"
    assert economy.sections.items() == [("Baggrund", "Regnskabet viser et *mindre* overskud.\n")]
    assert (economy.decision, economy.decision_heading) == ("Overskuddet overføres.\n", None)
    assert economy.attachments == ["Regnskab 2023.pdf", "Budget 2024.xlsx"]
    assert nxt.sections.items() == [("Referat", "Aftales senere.\n")]
    assert any("Markdown" in guess for guess in report.guesses)


def test_markdown_with_numbered_points_and_no_level_two_headings() -> None:
    text = "# Referat 2024-01-09\n\n1. Godkendelse\n\nGodkendt.\n\n2. Eventuelt\n\n### Beslutning\n\nIntet.\n"
    meeting, _ = parse_minutes(text)
    assert [(p.number, p.title) for p in meeting.points] == [(1, "Godkendelse"), (2, "Eventuelt")]
    assert meeting.points[1].decision == "Intet.\n"
    assert meeting.date == dt.date(2024, 1, 9)


# --- writing files -----------------------------------------------------------------------------------------


def _forum(root: Path) -> Path:
    forum = root / "repo" / "udvalg"
    forum.mkdir(parents=True, exist_ok=True)
    (root / "repo" / "minutes.yaml").write_text("schema: 1\nname: Test\n", encoding="utf-8")
    (forum / "forum.yaml").write_text("name: Udvalget\n", encoding="utf-8")
    return forum


def _source(tmp_path: Path, name: str = "referat.txt", text: str = NUMBERED) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_files_writes_valid_meeting_files(tmp_path: Path) -> None:
    forum = _forum(tmp_path)
    [(meeting, report)] = import_files([_source(tmp_path)], forum)
    target = forum / "2024-03-12.yaml"
    assert (meeting.path, report.meeting_path, report.source) == (target, target, tmp_path / "referat.txt")
    assert [problem for problem in meeting_problems(target) if problem.is_error] == []
    assert target.read_text(encoding="utf-8") == meeting.dump()
    loaded = load_meeting(target)
    assert [point.title for point in loaded.points] == [
        "Godkendelse af dagsorden",
        "Budget 2025 v. Bo Jensen (17.15-17.45)",
        "Eventuelt",
    ]
    assert str(target) in report.format()


@needs_seeds
def test_every_seed_imports_to_a_valid_file(tmp_path: Path) -> None:
    forum = _forum(tmp_path)
    results = import_files([seed_path(prefix) for prefix in sorted(SEED_SAMPLES)], forum)
    assert sorted(path.name for path in forum.glob("2*.yaml")) == sorted(Path(name).name for name in SEED_SAMPLES.values())
    for meeting, _ in results:
        assert [str(problem) for problem in meeting_problems(meeting.path) if problem.is_error] == []
        assert yamlio.load_fast(meeting.path.read_text(encoding="utf-8"))["points"]


def test_a_second_import_of_the_same_day_goes_to_dash_two_and_nothing_is_overwritten(tmp_path: Path) -> None:
    forum = _forum(tmp_path)
    existing = forum / "2024-03-12.yaml"
    existing.write_text("title: håndskrevet\ndate: 2024-03-12\n", encoding="utf-8")
    [(first, _)] = import_files([_source(tmp_path)], forum)
    assert first.path == forum / "2024-03-12-2.yaml"
    assert existing.read_text(encoding="utf-8") == "title: håndskrevet\ndate: 2024-03-12\n"
    results = import_files([_source(tmp_path, "a.txt"), _source(tmp_path, "b.txt")], forum)
    assert [meeting.path.name for meeting, _ in results] == ["2024-03-12-3.yaml", "2024-03-12-4.yaml"]
    assert all(meeting.path.is_file() for meeting, _ in results)


def test_dry_run_writes_nothing_but_says_where_it_would(tmp_path: Path) -> None:
    forum = _forum(tmp_path)
    before = sorted(forum.iterdir())
    results = import_files([_source(tmp_path, "a.txt"), _source(tmp_path, "b.txt")], forum, dry_run=True)
    assert sorted(forum.iterdir()) == before
    assert [report.meeting_path.name for _, report in results if report.meeting_path] == ["2024-03-12.yaml", "2024-03-12-2.yaml"]
    assert all(meeting.dump().startswith("title: Referat af bestyrelsesmøde\n") for meeting, _ in results)


def test_a_refused_file_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    forum = _forum(tmp_path)
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailure, match=r"tom\.txt"):
        import_files([_source(tmp_path), empty], forum)
    assert not list(forum.glob("2*.yaml"))


def test_a_missing_forum_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="no such forum folder"):
        import_files([_source(tmp_path)], tmp_path / "nowhere")


# --- the report in the repository's language ----------------------------------------------------------------

LOOSE_MINUTES = """\
Referat

Mødedato 3. marts 2024 kl. 17:00-19:00
Rådhuset

Husk at medbringe bilag.

Indholdsfortegnelse
Budget ..... 2
Ukendt punkt ..... 3

3. Budget v. Bo Jensen (17.15-17.45)
Sagsfremstilling
Budget 2025.
Beslutning
1. Eventuelt
Beslutning
"""


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_SAMPLES))
def test_the_report_speaks_the_language_asked_for(prefix: str) -> None:
    _, report = import_seed(prefix)
    danish, english = report.format("da"), report.format("en")
    assert "  gættet: " in danish and "guessed" not in danish and "point " not in danish, danish
    assert "  guessed: " in english and "gættet" not in english and "punkt " not in english.replace("'Punkt N:'", ""), english
    assert english == report.format(), "English unless asked"


def test_every_kind_of_note_has_words_in_both_languages() -> None:
    _, report = parse_minutes(LOOSE_MINUTES, "referat.txt")
    notes = report.guesses + report.unplaced + report.warnings
    assert len({note.kind for note in notes}) >= 5, [note.kind for note in notes]
    danish = report.format("da")
    for note in notes:
        assert note.words("en") == note and note.words("da") in danish
        assert note.words("da") != note, f"{note.kind} has no Danish words"


def test_every_note_the_importer_writes_is_in_the_word_tables() -> None:
    from repo_layout.words import words

    source = "".join(path.read_text(encoding="utf-8") for path in (PROJECT / "repo_layout" / "importing").glob("*.py"))
    modes = ("punkt", "markdown", "numbered", "free")
    kinds = set(re.findall(r'Note\(\s*"(\w+)"', source)) | {f"points_{mode}" for mode in modes}
    assert len(kinds) > 30
    for language in ("da", "en"):
        assert kinds <= set(words(language)["importing"]), kinds - set(words(language)["importing"])
