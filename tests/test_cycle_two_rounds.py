"""Issue 15's "done when": one forum through two full cycles on a real git repository, by two authors, with the
installed `minutes` command (and the library's edit session where a person writes minutes)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from repo_layout.editing.session import EditSession
from repo_layout.model.discover import Repository
from repo_layout.model.points import Point
from tests.conftest import git_env, run_git, write_files

IDA = ("Ida Holm", "ida@example.org")
BO = ("Bo Berg", "bo@example.org")

FORUM = """\
name: Chefforum
weekday: wednesday
start: "09:00"
location: Mødelokale 1
members: [Ida Holm, Bo Berg, Åse Ærø]
standing_points:
  - Godkendelse af dagsorden og referat
  - Eventuelt
"""

FIRST = """\
date: 2029-12-12
start: "09:00"
status: held
present: [Ida Holm, Bo Berg]
points:
  - number: 1
    title: Godkendelse af dagsorden og referat
  - number: 2
    title: Sygefravær
    decision: |
      Drøftet.
    actions:
      - task: Følge op på fraværet i forvaltningerne
        owner: HR
        due: 2030-01-31
  - number: 3
    title: Skolestruktur på Østerbro
    sections:
      Indstilling: |
        Det indstilles, at strukturen drøftes.
    postponed:
      reason: Afventer høringssvar
  - number: 4
    title: Personalesag vedr. kontorchef
    closed: true
    decision: |
      Hemmelig afgørelse om kontorchefen.
  - number: 5
    title: Eventuelt
"""


def _run(
    minutes_bin: str, tmp_path: Path, who: tuple[str, str], *args: str | Path, cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = git_env(*who)
    env.update(MINUTES_DATA_DIR=str(tmp_path / "data"), MINUTES_CONFIG_DIR=str(tmp_path / "config"))
    env["MINUTES_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run([minutes_bin, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"minutes {' '.join(map(str, args))}: {done.stderr}"
    assert "Traceback" not in done.stderr
    return done


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=git_env()).stdout


def _write_minutes(root: Path, name: str, who: tuple[str, str], monkeypatch: pytest.MonkeyPatch, postpone: bool) -> None:
    """A person writes the minutes in the app's edit session: attendance, decisions, a new point (postponed, maybe)."""
    for key, value in git_env(*who).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    repository = Repository(root)
    path = root / "chefforum" / f"{name}.yaml"
    session = EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")
    meeting = session.meeting
    meeting.present = ["Ida Holm", "Bo Berg"]
    meeting.absent = ["Åse Ærø"]
    for point in meeting.points:
        if not point.approves:
            point.decision = f"Drøftet på mødet {name}.\n"
    budget = Point.new(len(meeting.points) + 1, f"Budget til mødet {name}")
    budget.sections.set("Sagsfremstilling", "Budgettet fremlægges.\n")
    meeting.insert_point(len(meeting.points), budget)
    if postpone:
        meeting.points[-1].postpone("Tallene mangler")
    session.save()


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_two_full_cycles_by_two_authors(tmp_path: Path, minutes_bin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(
        tmp_path / "repo",
        {
            "minutes.yaml": "schema: 1\nname: Test\nlanguage: da\n",
            "chefforum/forum.yaml": FORUM,
            "chefforum/2029-12-12.yaml": FIRST,
        },
    )
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "-m", "start")
    forum = root / "chefforum"

    def minutes(who: tuple[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
        return _run(minutes_bin, tmp_path, who, *args, cwd=root)

    # cycle 1: Ida makes the agenda; approval of 2029-12-12, standing points, the postponed point, the follow-up
    minutes(IDA, "new", "chefforum", "--date", "2030-01-09")
    first = (forum / "2030-01-09.yaml").read_text()
    assert 'approves: "2029-12-12"' in first
    assert "Skolestruktur på Østerbro" in first and 'meeting: "2029-12-12"\n      point: 3' in first
    assert "Følge op på fraværet i forvaltningerne" in first
    assert first.index("Skolestruktur") < first.index("Opfølgning") < first.index("title: Eventuelt")
    assert "status: planned" in first

    # the agenda as PDF: preparation, no decisions; its status moves to agenda_sent
    minutes(IDA, "export", forum / "2030-01-09.yaml", "--agenda", "--format", "pdf", "-o", tmp_path / "agenda-1.pdf")
    text = _pdf_text(tmp_path / "agenda-1.pdf")
    assert "Skolestruktur på Østerbro" in text and "Det indstilles, at strukturen drøftes." in text
    assert "udsat fra mødet 2029-12-12, punkt 3" in text
    assert "Side 1" in text
    assert "status: agenda_sent" in (forum / "2030-01-09.yaml").read_text()

    # Bo writes the minutes; his new point is postponed; Ida approves the previous minutes
    _write_minutes(root, "2030-01-09", BO, monkeypatch, postpone=True)
    assert "status: held" in (forum / "2030-01-09.yaml").read_text()
    minutes(IDA, "approve", forum / "2029-12-12.yaml")

    # cycle 2: Bo makes the next agenda; it carries his postponed point with its link back
    minutes(BO, "new", "Chefforum", "--date", "2030-01-23")
    second = (forum / "2030-01-23.yaml").read_text()
    assert 'approves: "2030-01-09"' in second
    assert "Budget til mødet 2030-01-09" in second and 'meeting: "2030-01-09"' in second
    assert "Skolestruktur" not in second  # taken up at 2030-01-09 already
    minutes(BO, "export", forum / "2030-01-23.yaml", "--agenda", "--format", "pdf", "-o", tmp_path / "agenda-2.pdf")
    assert "udsat fra mødet 2030-01-09" in _pdf_text(tmp_path / "agenda-2.pdf")
    _write_minutes(root, "2030-01-23", IDA, monkeypatch, postpone=False)
    minutes(BO, "approve", forum / "2030-01-09.yaml")

    # approvals: status, commit and tag, each by its approver, read with plain git
    tags = _git(root, "for-each-ref", "--format=%(refname:short) %(taggername) %(objecttype)", "refs/tags").splitlines()
    assert tags == ["chefforum/2029-12-12/godkendt Ida Holm tag", "chefforum/2030-01-09/godkendt Bo Berg tag"]
    tagged = _git(root, "rev-list", "-n", "1", "chefforum/2030-01-09/godkendt").strip()
    assert "status: approved" in _git(root, "show", f"{tagged}:chefforum/2030-01-09.yaml")

    # a correction after approval records its reason in the message and in the file
    for key, value in git_env(*IDA).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    repository = Repository(root)
    path = forum / "2030-01-09.yaml"
    session = EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")
    session.meeting.points[1].decision = "Drøftet og besluttet.\n"
    session.save(reason="Beslutningen var skrevet forkert")
    corrected = path.read_text()
    assert "why: Beslutningen var skrevet forkert" in corrected and "by: Ida Holm" in corrected
    assert _git(root, "log", "-1", "--format=%s").strip() == (
        "Chefforum 2030-01-09: rettelse efter godkendelse: Beslutningen var skrevet forkert"
    )

    # publish: only the approved meetings, the closed point as its number and "Lukket punkt" only
    minutes(IDA, "publish", "chefforum", "-o", tmp_path / "site")
    published = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert any("2029-12-12" in name for name in published) and any("2030-01-09" in name for name in published)
    assert not any("2030-01-23" in name for name in published)
    everything = ""
    for name in published:
        file = tmp_path / "site" / name
        everything += _pdf_text(file) if name.endswith(".pdf") else file.read_text(errors="replace")
    assert "Lukket punkt" in everything
    assert "kontorchef" not in everything.lower() and "Hemmelig afgørelse" not in everything

    # every step's commit message in the repository's language
    subjects = _git(root, "log", "--format=%s").splitlines()
    english = [s for s in subjects if any(w in s for w in ("approved", "agenda", "postponed", "changed", "added"))]
    assert english == [], english
    assert sum("dagsorden oprettet" in s for s in subjects) == 2
    assert sum("dagsorden udsendt" in s for s in subjects) == 2
    assert sum("referat godkendt" in s for s in subjects) == 2
    assert os.path.exists(tmp_path / "agenda-2.pdf")
