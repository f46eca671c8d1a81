"""The agenda alone (HTML, Markdown, PDF), its export marking the meeting's agenda sent, and the meeting's exports
showing the cycle (approval from the tag, marks, links back, attachments, corrections); real git, the installed binary."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from repo_layout.export.agenda import export_agenda, render_agenda
from repo_layout.model.discover import Repository
from tests.conftest import git_out
from tests.export_cycle_repo import ATTACHMENT, FORUM, make_cycle_repo

Run = Callable[..., subprocess.CompletedProcess[str]]
AGENDA = f"{FORUM}/2019-11-21.yaml"
OCTOBER = f"{FORUM}/2019-10-24.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_cycle_repo(tmp_path / "repo")


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, as pypdf reads it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def status_of(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("status:"))


def test_the_markdown_agenda_holds_the_preparation_and_no_decision(repo: Path, run_minutes: Run) -> None:
    done = run_minutes("export", AGENDA, "--agenda", "--format", "md", cwd=repo)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("# DAGSORDEN Chefforum d. 21-11-2019\n")
    for expected in (
        "Torsdag d. 21. november 2019", "09:00 - 11:00", "Mødelokale 2",
        "## Punkt 2: Skolestruktur på Østerbro", "17.01.00-A00-1-19", "09:15 - 09:45", "Søren",
        "### Anledning", "Høringssvarene er kommet fra skolebestyrelserne.", "### Sagsfremstilling",
        "### Indstilling", "Direktøren indstiller, at strukturen godkendes.",
        "udsat fra mødet 2019-10-24, punkt 3", "### Bilag", "Høringsnotat",
        "Sende budgettet til byrådet (Økonomichefen, frist 2019-12-01; besluttet på mødet 2019-10-24, punkt 1)",
    ):
        assert expected in text, expected
    for absent in ("Ikke-en-dagsordensbeslutning", "Ikke-en-dagsordenshandling", "Beslutning", "REFERAT"):
        assert absent not in text, absent
    assert text.count("Sende budgettet til byrådet") == 1  # the follow-up list once, not again as its section
    assert status_of(repo / AGENDA) == "planned"  # to stdout: nothing was sent


def test_the_html_agenda_is_print_ready_and_links_its_copied_attachment(repo: Path, run_minutes: Run, tmp_path: Path) -> None:
    out = tmp_path / "out" / "dagsorden.html"
    out.parent.mkdir()
    done = run_minutes("export", AGENDA, "--agenda", "-o", out, "--keep-status", cwd=repo)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<h2><span class="number">Punkt 2:</span> Skolestruktur på Østerbro</h2>' in html
    assert "<h3>Sagsfremstilling</h3>" in html and "Ikke-en-dagsordensbeslutning" not in html
    assert '@page { @bottom-center { content: "Side " counter(page) " af " counter(pages)' in html
    assert '<a href="2019-11-21/hoeringsnotat.pdf">Høringsnotat</a>' in html
    copied = out.parent / "2019-11-21" / "hoeringsnotat.pdf"
    assert copied.read_bytes() == (repo / FORUM / "2019-11-21" / "hoeringsnotat.pdf").read_bytes()
    assert status_of(repo / AGENDA) == "planned"  # --keep-status
    assert git_out(repo, "log", "--format=%s").count("\n") == 1


def test_the_pdf_agenda_reads_in_danish_with_numbered_pages_and_marks_the_agenda_sent(
    repo: Path, run_minutes: Run, tmp_path: Path
) -> None:
    out = tmp_path / "dagsorden.pdf"
    done = run_minutes("export", AGENDA, "--agenda", "--format", "pdf", "-o", out, cwd=repo)
    assert done.returncode == 0, done.stderr
    text = pdf_text(out.read_bytes())
    assert "DAGSORDEN Chefforum d. 21-11-2019" in text
    assert "Skolestruktur på Østerbro" in text and "Høringssvarene er kommet fra skolebestyrelserne." in text
    assert "Side 1 af 1" in text
    assert "Ikke-en-dagsordensbeslutning" not in text
    assert status_of(repo / AGENDA) == "agenda_sent"
    assert git_out(repo, "log", "-1", "--format=%s").strip() == "Chefforum 2019-11-21: dagsorden udsendt"
    assert git_out(repo, "status", "--porcelain") == ""
    assert 'status er nu "dagsorden udsendt"' in done.stderr
    again = run_minutes("export", AGENDA, "--agenda", "--format", "md", "-o", tmp_path / "dagsorden.md", cwd=repo)
    assert again.returncode == 0 and "status er nu" not in again.stderr  # sent once: no second commit
    assert git_out(repo, "log", "--format=%s").count("dagsorden udsendt") == 1


def test_a_pdf_is_never_written_to_the_terminal_and_txt_is_no_agenda_format(repo: Path, run_minutes: Run) -> None:
    for args in (("--agenda", "--format", "pdf"), ("--format", "pdf"), ("--agenda", "--format", "txt")):
        done = run_minutes("export", AGENDA, *args, cwd=repo)
        assert done.returncode == 2, args
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert status_of(repo / AGENDA) == "planned"


def test_export_agenda_for_the_app_in_english_numbers_pages_and_commits(repo: Path, tmp_path: Path) -> None:
    repository = Repository(repo)
    forum = repository.find_forum(FORUM)
    meeting = repository.load_meeting(repo / AGENDA)
    text = pdf_text(render_agenda(meeting, forum.info, "pdf", "en"))  # type: ignore[arg-type]
    assert "AGENDA Chefforum" in text and "Page 1 of 1" in text and "postponed from the meeting of 2019-10-24" in text
    done = export_agenda(repository, forum, meeting, "md", tmp_path / "agenda.md", "da")
    assert done.path.read_text(encoding="utf-8").startswith("# DAGSORDEN")
    assert done.status is not None and done.status.commit is not None
    assert git_out(repo, "log", "-1", "--format=%H").strip() == done.status.commit
    assert f"{FORUM}/2019-11-21/hoeringsnotat.pdf" in done.path.read_text(encoding="utf-8")  # Markdown names the path


def test_the_minutes_export_shows_the_cycle(repo: Path, run_minutes: Run, tmp_path: Path) -> None:
    markdown = run_minutes("export", OCTOBER, "--format", "md", cwd=repo)
    assert markdown.returncode == 0, markdown.stderr
    for expected in (
        "**Status:** godkendt 2019-11-07 af Ida Byrge",
        "*Lukket punkt*",
        "*udsat: Afventer høringssvar*",
        "Rettet 2019-11-20 af Egil Hansen: beslutning i punkt 1 ændret. Begrundelse: Beløbet var skrevet forkert",
        f"- Budgetnotat: {FORUM}/2019-10-24/budgetnotat.pdf",
    ):
        assert expected in markdown.stdout, expected
    text = run_minutes("export", f"{FORUM}/2019-11-07.yaml", "--format", "txt", cwd=repo).stdout
    assert "Punkt 3: Skolestruktur\n\nudsat fra mødet 2019-10-24, punkt 3\n" in text
    out = tmp_path / "oktober.html"
    done = run_minutes("export", OCTOBER, "-o", out, cwd=repo)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<a href="2019-10-24/budgetnotat.pdf">Budgetnotat</a>' in html
    assert (tmp_path / "2019-10-24" / "budgetnotat.pdf").read_bytes() == ATTACHMENT
    assert '<p class="marks">Lukket punkt</p>' in html and "Fortrolig personalesag Zebrafinke" in html  # kept in-house


def test_the_site_export_names_the_approval_and_copies_attachments(repo: Path, run_minutes: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run_minutes("export", FORUM, "-o", site, cwd=repo)
    assert done.returncode == 0, done.stderr
    page = (site / "2019-10-24.html").read_text(encoding="utf-8")
    assert "<dt>Status</dt><dd>godkendt 2019-11-07 af Ida Byrge</dd>" in page
    assert '<a href="2019-10-24/budgetnotat.pdf">Budgetnotat</a>' in page
    assert (site / "2019-10-24" / "budgetnotat.pdf").read_bytes() == ATTACHMENT
    assert "<dt>Status</dt><dd>Planlagt</dd>" in (site / "2019-11-21.html").read_text(encoding="utf-8")  # not a publication
    text = run_minutes("export", OCTOBER, "--format", "txt", cwd=repo).stdout
    assert "\n\nStatus: godkendt 2019-11-07 af Ida Byrge\n\n" in text
    assert "Rettelser efter godkendelsen:\nRettet 2019-11-20 af Egil Hansen:" in text
