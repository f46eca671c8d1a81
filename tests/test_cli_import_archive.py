"""`minutes import` of an archive: folders read recursively, one commit per run, a summary table and a JSON report."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_import_sources import make_docx, make_pdf

FORUM = "org/forum"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def repo(make_repo: Callable[..., Path], git_init: Callable[..., Path]) -> Path:
    """A minimal minutes repository (one group, one forum with no meetings) under git."""
    return git_init(make_repo())


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def small_minutes(day: int, month: int, year: int) -> str:
    """Short minutes of one date with two points, the second decided."""
    return (
        f"Referat af bestyrelsesmøde {day}.{month}.{year}\n\nTil stede: Anna, Bo\n\n"
        "1. Godkendelse af referat\nReferatet blev gennemgået.\n\n"
        "2. Budget\nKassereren fremlagde budgettet.\n\nBeslutning\nBudgettet blev godkendt.\n"
    )


def test_a_folder_of_200_text_files_is_imported_in_one_commit_with_a_summary_and_a_report(
    repo: Path, tmp_path: Path, run_minutes: Run
) -> None:
    archive = tmp_path / "arkiv"
    for number in range(200):
        year, day = 2000 + number // 12, 1 + number % 28
        folder = archive / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"referat-{number:03}.txt").write_text(small_minutes(day, 1 + number % 12, year), encoding="utf-8")
    (archive / "billede.png").write_bytes(b"\x89PNG")  # not minutes: passed by
    head = git_out(repo, "rev-parse", "HEAD").strip()
    report_file = tmp_path / "report.json"
    result = run_minutes("import", archive, "--forum", FORUM, "--report", report_file, "--lang", "en", cwd=repo, timeout=180)
    assert result.returncode == 0, result.stderr
    assert git_out(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert len(git_out(repo, "show", "--name-only", "--format=", "HEAD").split()) == 200
    assert git_out(repo, "status", "--porcelain") == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"1/200 {archive / '2000' / 'referat-000.txt'}"  # stderr is no terminal: plain lines
    assert sum(1 for line in lines if line.split(" ")[0].endswith("/200")) == 200
    assert "200 of 200 files imported, 0 failed: 400 points, 200 decisions" in lines
    header = next(line for line in lines if line.startswith("file "))
    assert header.split() == ["file", "date", "points", "decisions", "information", "lines", "meeting", "file"]
    row = next(line for line in lines if line.startswith(str(archive / "2001" / "referat-013.txt")))
    assert row.split()[1:5] == ["2001-02-14", "2", "1", "0"]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert len(report["files"]) == 200 and len(report["commits"]) == 1
    first = report["files"][0]
    assert (first["status"], first["date"], first["points"], first["decisions"]) == ("imported", "2000-01-01", 2, 1)
    assert set(first["notes"]) == {"guessed", "unplaced", "warnings"} and first["notes"]["guessed"]


def test_a_scanned_pdf_fails_alone_and_the_others_are_imported(repo: Path, tmp_path: Path, run_minutes: Run) -> None:
    from PIL import Image

    archive = tmp_path / "arkiv"
    archive.mkdir()
    Image.new("RGB", (200, 280), "white").save(archive / "scannet.pdf")
    make_pdf(archive / "marts.pdf")
    make_docx(archive / "maj.docx")
    (archive / "juni.md").write_text("# Referat 3. juni 2024\n\n## 1. Eventuelt\n\nIntet.\n", encoding="utf-8")
    report_file = tmp_path / "report.json"
    result = run_minutes(
        "import", archive, "--forum", FORUM, "--commit-each", "--report", report_file, "--lang", "en", cwd=repo, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    refusal = [line for line in result.stderr.splitlines() if "scannet.pdf" in line and "OCR" in line]
    assert refusal == [
        f"minutes: skipped (the others are imported): {archive / 'scannet.pdf'}: no text layer: a scanned PDF needs OCR first"
    ]
    assert "3 of 4 files imported, 1 failed" in result.stderr
    subjects = git_out(repo, "log", "-3", "--format=%s").splitlines()
    assert sorted(subject.split("(")[1] for subject in subjects) == ["2024-03-12)", "2024-05-14)", "2024-06-03)"]
    assert sorted(path.name for path in (repo / FORUM).glob("2024-*.yaml")) == [
        "2024-03-12.yaml",
        "2024-05-14.yaml",
        "2024-06-03.yaml",
    ]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert len(report["commits"]) == 3
    failed = [row for row in report["files"] if row["status"] == "failed"]
    assert [Path(row["file"]).name for row in failed] == ["scannet.pdf"] and "OCR" in failed[0]["reason"]
    marts = next(row for row in report["files"] if row["file"].endswith("marts.pdf"))
    assert (marts["points"], marts["decisions"]) == (4, 4) and marts["information_lines"] >= 1


def test_a_named_scanned_pdf_alone_is_refused_in_one_line(repo: Path, tmp_path: Path, run_minutes: Run) -> None:
    from PIL import Image

    Image.new("RGB", (200, 280), "white").save(tmp_path / "scan.pdf")
    result = run_minutes("import", tmp_path / "scan.pdf", "--forum", FORUM, "--lang", "en", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"minutes: {tmp_path / 'scan.pdf'}: no text layer: a scanned PDF needs OCR first"
    ]


def test_a_folder_without_minutes_is_misuse(repo: Path, tmp_path: Path, run_minutes: Run) -> None:
    (tmp_path / "tom").mkdir()
    result = run_minutes("import", tmp_path / "tom", "--forum", FORUM, "--lang", "en", cwd=repo)
    assert result.returncode == 2 and "no minutes files" in result.stderr


def test_the_progress_bar_is_drawn_in_place_on_a_terminal() -> None:
    import io

    from tui.cli import _ImportProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = _ImportProgress(stream)
    for done in range(3):
        progress(done, 3, Path(f"/arkiv/{done}.txt"))
    progress(3, 3, Path("/arkiv/2.txt"))
    drawn = stream.getvalue()
    assert drawn.count("\r") == 4 and drawn.endswith("3/3 2.txt\n") and "\n" not in drawn[:-1]
    assert "[##########....................] 1/3 1.txt" in drawn


def test_import_help_names_folders_formats_and_exit_codes(run_minutes: Run) -> None:
    result = run_minutes("import", "--help")
    said = " ".join(result.stdout.split())
    for words in (".pdf", ".docx", "folders", "--commit-each", "--report", "exit codes: 0"):
        assert words in said, words
