"""The sample repository holds the five source minutes faithfully, and every YAML reader agrees on it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from conftest import plain

from repo_layout import Meeting, Repository
from repo_layout.model.loading import load_meeting
from repo_layout.model.validate import validate_repository
from repo_layout.yaml import yamlio

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"
SEEDS = Path(__file__).resolve().parent / "seeds"  # a copy of ../shared/seeds; test_sample_repo checks it is the same
SAMPLE_MEETINGS = sorted(path for path in SAMPLE_REPO.rglob("*.yaml") if path.name[:1].isdigit())
SAMPLE_YAML = sorted(SAMPLE_REPO.rglob("*.yaml"))

needs_seeds = pytest.mark.skipif(
    not (SEEDS / "README.md").is_file(),
    reason=f"the source minutes are not beside this checkout ({SEEDS} is missing); seed comparison skipped",
)

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # the originals, beside the checkout
FREE_FORM_SEED = "003"
DANISH_MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=f"the original seeds are not at {SHARED_SEEDS}")
def test_the_copied_seeds_are_the_originals_byte_for_byte() -> None:
    originals = {path.name: path.read_bytes() for path in SHARED_SEEDS.iterdir() if path.is_file()}
    copies = {path.name: path.read_bytes() for path in SEEDS.iterdir() if path.is_file()}
    assert copies == originals


def _id(path: Path) -> str:
    return path.relative_to(SAMPLE_REPO).as_posix()


def meeting_on(date: str) -> Meeting:
    [path] = [path for path in SAMPLE_MEETINGS if path.name == f"{date}.yaml"]
    return load_meeting(path)


def seed_files() -> dict[str, tuple[Path, str]]:
    """Seed file -> (path, meeting date), from the table in the seeds' README."""
    table = {}
    for line in (SEEDS / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*(\d{3}_[0-9a-f]+\.txt)\s*\|.*?\|\s*(\d{4}-\d{2}-\d{2})\b", line)
        if match:
            table[match[1]] = (SEEDS / match[1], match[2])
    return table


def seed_cases() -> list[Any]:
    if not (SEEDS / "README.md").is_file():
        return [pytest.param(None, None, id="no-seeds")]
    return [pytest.param(path, date, id=f"{name[:3]}-{date}") for name, (path, date) in sorted(seed_files().items())]


def point_blocks(seed: str, meeting: Meeting, free_form: bool) -> list[list[str]]:
    """The seed's lines split at each point's heading: one block of lines per point, in order."""
    lines = seed.splitlines()
    if free_form:
        headings = [point.title for point in meeting.points]
    else:
        headings = [f"Punkt {point.number}: {point.title}" for point in meeting.points]
    starts = []
    search_from = 0
    for heading in headings:
        assert heading in lines[search_from:], f"heading {heading!r} is not a line of the seed (after line {search_from})"
        start = lines.index(heading, search_from)
        starts.append(start)
        search_from = start + 1
    ends = [*starts[1:], len(lines)]
    return [lines[start:end] for start, end in zip(starts, ends, strict=True)]


def text_lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def times_in(text: str) -> set[tuple[int, int, int, int]]:
    """Every time slot in a text, however written (9:30-9:45, 12:00 - 12:10, 8.30-8.50)."""
    pattern = r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})"
    return {tuple(int(part) for part in match) for match in re.findall(pattern, text)}


# --- the seeds ----------------------------------------------------------------------------------


@needs_seeds
def test_the_seed_table_names_five_meetings_that_exist() -> None:
    table = seed_files()
    assert len(table) == 5
    assert sorted(date for _, date in table.values()) == sorted(path.stem for path in SAMPLE_MEETINGS)
    assert all(path.is_file() for path, _ in table.values())


@needs_seeds
@pytest.mark.parametrize(("seed_path", "date"), seed_cases())
def test_every_point_matches_its_seed(seed_path: Path, date: str) -> None:
    seed = seed_path.read_text(encoding="utf-8")
    seed_lines = set(seed.splitlines())
    meeting = meeting_on(date)
    free_form = seed_path.name.startswith(FREE_FORM_SEED)
    blocks = point_blocks(seed, meeting, free_form)
    assert len(blocks) == len(meeting.points) > 0

    if free_form:
        assert [point.number for point in meeting.points] == list(range(1, len(meeting.points) + 1))
    else:
        # nothing lost: every "Punkt N:" heading of the source is a point, with that number
        printed = sorted({int(n) for n in re.findall(r"^Punkt (\d+): ", seed, re.MULTILINE)})
        assert sorted(point.number for point in meeting.points) == printed

    for point, block in zip(meeting.points, blocks, strict=True):
        where = f"{date} point {point.number}"
        block_lines = set(block)
        if point.case:
            assert point.case in block_lines, f"{where}: case {point.case!r} is not a line of its point"
        for line in text_lines(point.decision):
            assert line in block_lines, f"{where}: decision line {line!r} is not verbatim in its point"
        if point.decision_heading:
            assert point.decision_heading in block_lines, f"{where}: decision heading {point.decision_heading!r}"
        for heading, body in point.sections:
            for line in text_lines(body):
                assert line in block_lines, f"{where}: section {heading!r} line {line!r} is not verbatim"
        for attachment in point.attachments:
            assert attachment in block_lines, f"{where}: attachment {attachment!r} is not a line of its point"
        if point.time:
            hours = tuple(int(part) for part in re.split(r"[:-]", point.time))
            assert hours in times_in(seed), f"{where}: time {point.time} is not in the seed"
        if point.presenter:
            assert point.presenter in seed, f"{where}: presenter {point.presenter!r}"
        for action in point.actions:
            assert action.task in seed, f"{where}: action {action.task!r} is not worded as in the seed"

    for line in text_lines(meeting.information):
        assert line in seed_lines, f"information line {line!r}"
    if meeting.title:
        assert meeting.title in seed_lines
    if meeting.start:
        assert meeting.start in seed
    if meeting.location:
        assert meeting.location in seed
    for name in meeting.absent:
        assert f"{name} deltog ikke i mødet" in seed
    if meeting.minute_taker:
        assert meeting.minute_taker in seed


@needs_seeds
def test_the_seed_dates_are_the_meeting_dates() -> None:
    for path, date in seed_files().values():
        day = dt.date.fromisoformat(date)
        seed = path.read_text(encoding="utf-8")
        month = DANISH_MONTHS[day.month - 1]
        written = {day.strftime("%d-%m-%Y"), f"{day.day}. {month} {day.year}", f"{day.day:02d}. {month} {day.year}"}
        assert any(form in seed for form in written), f"{path.name} does not mention {date}"
        assert meeting_on(date).date == day


# --- spot checks ---------------------------------------------------------------------------------


def test_point_counts() -> None:
    assert [point.number for point in meeting_on("2019-10-24").points] == [1, 2, 3, 4, 5, 6, 7]
    assert [point.number for point in meeting_on("2015-04-23").points] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [point.number for point in meeting_on("2020-10-08").points] == [1, 2, 3, 4, 5, 6, 7]
    assert [point.number for point in meeting_on("2021-10-14").points] == [1, 2, 4, 5, 6]
    assert [point.title for point in meeting_on("2018-04-05").points] == ["Velkommen", "Generalforsamling"]


def test_typos_stay() -> None:
    assert meeting_on("2015-04-23").points[7].title == "CF - Eventuell"
    attachments = [a for point in meeting_on("2020-10-08").points for a in point.attachments]
    assert "2020.10.08 - DUBU ledelsesinforamtion Herning Kommune" in attachments


def test_absent_and_minute_takers() -> None:
    assert meeting_on("2015-04-23").absent == ["Ida Byrge Sørensen"]
    assert meeting_on("2020-10-08").minute_taker == "Egil"
    assert meeting_on("2018-04-05").minute_taker == "Dorte Nederskov"
    assert meeting_on("2019-10-24").absent == []


def test_header_fields() -> None:
    m2019 = meeting_on("2019-10-24")
    assert (m2019.start, m2019.location, m2019.status) == ("09:00", "Mødelokale 1", "approved")
    m2015 = meeting_on("2015-04-23")
    assert (m2015.start, m2015.location) == ("09:00", "915")
    m2021 = meeting_on("2021-10-14")
    assert (m2021.start, m2021.end) == ("08:30", "10:00")
    assert [(p.number, p.time) for p in m2021.points][:2] == [(1, "08:30-08:50"), (2, "08:50-09:20")]
    assert m2021.points[0].presenter == "Michael Kærgaard og Aycan Yigen"
    assert m2021.points[0].decision_heading == "Beslutning for Punkt 1: Status på Sygefravær"
    m2020 = meeting_on("2020-10-08")
    assert m2020.points[0].time == "12:00-12:10"
    assert m2020.points[0].case == "85.02.02P35-25-19"
    assert meeting_on("2015-04-23").points[1].case == "14/13782"


def test_every_point_has_a_title_and_every_numbered_point_a_decision() -> None:
    for path in SAMPLE_MEETINGS:
        meeting = load_meeting(path)
        for point in meeting.points:
            assert point.title, f"{path.name}: a point without a title"
            if path.stem != "2018-04-05":
                assert point.decision, f"{path.name} point {point.number}: no decision"


# --- every YAML reader agrees ------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_YAML, ids=_id)
def test_pyyaml_and_ruamel_read_the_same_values(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    from_pyyaml = pyyaml.safe_load(text)
    from_ruamel = plain(yamlio.load_text(text))
    assert from_pyyaml == from_ruamel
    assert type(from_pyyaml) is dict


def test_dates_are_dates_and_times_are_strings_in_pyyaml() -> None:
    for path in SAMPLE_MEETINGS:
        data = pyyaml.safe_load(path.read_text(encoding="utf-8"))
        assert type(data["date"]) is dt.date
        for key in ("start", "end"):
            if key in data:
                assert isinstance(data[key], str)
        for point in data["points"]:
            assert type(point["number"]) is int
            assert isinstance(point["title"], str)
            if "time" in point:
                assert isinstance(point["time"], str)


def test_the_files_are_utf8_lf_without_bom() -> None:
    for path in SAMPLE_YAML:
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in data, path
        assert data.endswith(b"\n"), path
        data.decode("utf-8")


# --- the command line on the sample ----------------------------------------------------------


def test_library_validation_finds_nothing() -> None:
    assert validate_repository(Repository(SAMPLE_REPO)) == []


def test_minutes_validate_finds_no_problems(run_minutes) -> None:
    result = run_minutes("validate", SAMPLE_REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(" kontrolleret: ingen problemer\n")


def test_minutes_fmt_check_finds_the_sample_canonical(run_minutes) -> None:
    before = {path: path.read_bytes() for path in SAMPLE_YAML}
    result = run_minutes("fmt", "--check", SAMPLE_REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "allerede i kanonisk form" in result.stdout
    assert {path: path.read_bytes() for path in SAMPLE_YAML} == before


def test_minutes_fmt_leaves_a_copy_of_the_sample_byte_identical(sample_repo: Path, run_minutes) -> None:
    before = {path.relative_to(sample_repo): path.read_bytes() for path in sample_repo.rglob("*.yaml")}
    result = run_minutes("fmt", sample_repo)
    assert result.returncode == 0, result.stderr
    assert {path.relative_to(sample_repo): path.read_bytes() for path in sample_repo.rglob("*.yaml")} == before
