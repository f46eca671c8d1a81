"""minutes publish: approved meetings only, each naming its approval from the real tag, a PDF beside each page, the
kept attachments copied, and a closed point in no published byte (HTML, PDF text, index, decision list, file names)."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from repo_layout.export.publish import publish
from repo_layout.model.discover import Repository
from tests.conftest import git_env
from tests.export_cycle_repo import ATTACHMENT, FORUM, NOT_PUBLISHED_TITLES, SECRETS, make_cycle_repo

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, minutes_bin: str) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The cycle repository published once by the installed binary: (repository, site, the command's result)."""
    base = tmp_path_factory.mktemp("publish")
    repo = make_cycle_repo(base / "repo")
    env = git_env()
    for name in ("data", "config", "cache"):
        env[f"MINUTES_{name.upper()}_DIR"] = str(base / name)
    command = [minutes_bin, "publish", "chefforum", "-o", str(base / "site")]
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    return repo, base / "site", done


def site_files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file())


def readable(path: Path) -> str:
    """A published file as text: a PDF's extracted text and its raw bytes, anything else decoded."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        try:
            pages = PdfReader(io.BytesIO(data)).pages
            return "\n".join(page.extract_text() for page in pages) + data.decode("latin-1")
        except PdfReadError:  # a copied attachment (the test's are a line of text)
            pass
    return data.decode("utf-8", "replace")


def test_only_approved_meetings_are_published_with_a_pdf_beside_each_page(
    published: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, site, done = published
    assert done.returncode == 0, done.stderr
    names = {path.relative_to(site).as_posix() for path in site_files(site)}
    assert names == {
        "index.html",
        "decisions.html",
        "2019-10-24.html",
        "2019-10-24.pdf",
        "2019-10-24/budgetnotat.pdf",
        "2019-11-07.html",
        "2019-11-07.pdf",
    }
    everything = "\n".join(readable(path) for path in site_files(site))
    for title in NOT_PUBLISHED_TITLES:
        assert title not in everything, title
    assert "2019-11-21" not in (site / "index.html").read_text(encoding="utf-8")
    assert "ikke godkendt og derfor ikke offentliggjort: 4 referater" in done.stderr
    assert "offentliggjorde 2 godkendte møder" in done.stderr


def test_each_page_names_its_approval_from_the_tag_and_links_its_pdf(
    published: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, site, _ = published
    october = (site / "2019-10-24.html").read_text(encoding="utf-8")
    assert "<dt>Status</dt><dd>godkendt 2019-11-07 af Ida Byrge</dd>" in october
    assert '<a href="2019-10-24.pdf">PDF-udgave</a>' in october
    assert "<dt>Status</dt><dd>Godkendt</dd>" in (site / "2019-11-07.html").read_text(encoding="utf-8")  # no tag
    pdf = readable(site / "2019-10-24.pdf")
    assert "godkendt 2019-11-07 af Ida Byrge" in pdf and "Side 1 af 1" in pdf and "Økonomiudvalget ønsker en plan." in pdf


def test_a_closed_point_is_its_number_and_lukket_punkt_in_every_published_byte(
    published: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, site, _ = published
    for path in site_files(site):
        text = readable(path).casefold()
        for secret in SECRETS:
            assert secret.casefold() not in text, f"{secret} in {path}"
            assert secret.casefold() not in path.as_posix().casefold()
    october = (site / "2019-10-24.html").read_text(encoding="utf-8")
    assert '<h2><span class="number">Punkt 2:</span> Lukket punkt</h2>' in october
    assert "Mødet sluttede til tiden." in october  # the information's other line stays
    assert "Punkt 2: Lukket punkt" in readable(site / "2019-10-24.pdf")
    assert "Budgettet blev vedtaget." in (site / "decisions.html").read_text(encoding="utf-8")


def test_attachments_are_copied_and_linked(published: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, site, _ = published
    assert (site / "2019-10-24" / "budgetnotat.pdf").read_bytes() == ATTACHMENT
    assert '<a href="2019-10-24/budgetnotat.pdf">Budgetnotat</a>' in (site / "2019-10-24.html").read_text(encoding="utf-8")


def test_misuse_is_one_line_and_exit_2(tmp_path: Path, run_minutes: Run) -> None:
    repo = make_cycle_repo(tmp_path / "repo")
    assert run_minutes("publish", "--help").returncode == 0
    for args in (("publish", "chefforum"), ("publish", "ingen-saadan", "-o", tmp_path / "site")):
        done = run_minutes(*args, cwd=repo)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "site").exists()


def test_a_link_in_the_site_folder_is_never_followed_and_a_broken_meeting_is_named(tmp_path: Path) -> None:
    repo = make_cycle_repo(tmp_path / "repo")
    (repo / FORUM / "2019-10-31.yaml").write_text("date: 2019-10-31\nstatus: approved\npoints: [\n", encoding="utf-8")
    repository = Repository(repo)
    forum = repository.find_forum(FORUM)
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(outside, site / "2019-10-24")
    with pytest.raises(ValueError, match="symbolic link"):
        publish(repository, forum, site, "da")
    assert list(outside.iterdir()) == []
    (site / "2019-10-24").unlink()
    kept = repo / FORUM / "2019-10-24" / "budgetnotat.pdf"
    kept.unlink()
    (outside / "private.txt").write_text("privat", encoding="utf-8")
    os.symlink(outside / "private.txt", kept)  # an attachment that is a link is never read, nor copied
    written = publish(repository, forum, site, "da")
    assert [relative for relative, _ in written.skipped] == [f"{FORUM}/2019-10-31.yaml"]
    assert written.meetings == [f"{FORUM}/2019-11-07.yaml", f"{FORUM}/2019-10-24.yaml"]
    assert not (site / "2019-10-31.html").exists()
    assert not (site / "2019-10-24").exists()
    assert "<li>Budgetnotat</li>" in (site / "2019-10-24.html").read_text(encoding="utf-8")
