"""`minutes new`, `approve`, `postpone` and `attach`: the installed command on a real git repository.

Each step is one commit in the library's words; a refusal is one line on stderr in the repository's language (Danish
here, English with --lang en), exit 2 for a command given wrongly and 1 for a step refused; never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import git_env, make_git_repo, write_files

FORUM = "kommune/chefforum"
HELD = f"{FORUM}/2019-10-24.yaml"
PLANNED = f"{FORUM}/2099-01-08.yaml"
ANNA = ("Anna Referent", "anna@example.org")
BO = ("Bo Formand", "bo@example.org")

FILES = {
    "minutes.yaml": "schema: 1\nname: Referater\nlanguage: da\n",
    f"{FORUM}/forum.yaml": (
        "name: Chefforum\nweekday: torsdag\nstart: \"09:00\"\nlocation: Mødelokale 1\n"
        "standing_points:\n  - Godkendelse af dagsorden og referat\n  - Eventuelt\n"
    ),
    HELD: (
        "date: 2019-10-24\nstatus: held\npoints:\n  - number: 1\n    title: Godkendelse\n"
        "  - number: 2\n    title: Budget\n    decision: Vedtaget.\n  - number: 3\n    title: Skolestruktur\n"
    ),
    PLANNED: "date: 2099-01-08\nstatus: planned\npoints:\n  - number: 1\n    title: Godkendelse\n",
}

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_git_repo(write_files(tmp_path / "repo", FILES))


@pytest.fixture
def minutes(minutes_bin: str, tmp_path: Path) -> Run:
    """Run `minutes` in the repository as `who` (None: git knows nobody), its app folders in tmp_path."""

    def run(*args: str | Path, who: tuple[str, str] | None = ANNA, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = git_env(*who) if who else {
            key: value for key, value in git_env().items() if not key.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))
        }
        env.update(MINUTES_CACHE_DIR=str(tmp_path / "cache"), MINUTES_CONFIG_DIR=str(tmp_path / "config"))
        return subprocess.run(
            [minutes_bin, *map(str, args)], cwd=cwd or tmp_path / "repo", env=env, capture_output=True, text=True,
            timeout=60, check=False,
        )

    return run


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def refusal(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line a refused command says on stderr (nothing on stdout, no traceback)."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minutes: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("new", ("FORUM", "--date", "YYYY-MM-DD")),
        ("approve", ("MEETING", "tag")),
        ("postpone", ("MEETING", "POINT", "--reason")),
        ("attach", ("MEETING", "FILE", "--point", "--force", "every clone")),
    ],
)
def test_each_command_has_help(command: str, words: tuple[str, ...], repo: Path, minutes: Run) -> None:
    result = minutes(command, "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert all(word.lower() in text.lower() for word in words), text
    assert command in minutes("--help").stdout


def test_new_makes_the_next_agenda_and_commits_it(repo: Path, minutes: Run) -> None:
    result = minutes("new", "Chefforum", "--date", "2099-02-05")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{FORUM}/2099-02-05.yaml\n"
    commit = head(repo)
    assert result.stderr == f"gemt som commit {commit[:7]}: Chefforum 2099-02-05: dagsorden oprettet\n"
    assert git(repo, "log", "-1", "--format=%an|%s").strip() == f"{ANNA[0]}|Chefforum 2099-02-05: dagsorden oprettet"
    text = (repo / FORUM / "2099-02-05.yaml").read_text(encoding="utf-8")
    assert "status: planned\n" in text and 'approves: "2019-10-24"' in text and "location: Mødelokale 1\n" in text


def test_new_by_forum_folder_from_outside_on_the_usual_day(repo: Path, minutes: Run, tmp_path: Path) -> None:
    result = minutes("new", repo / FORUM, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = tmp_path / result.stdout.strip()  # the repository is below the current folder: named from it
    assert made.parent == repo / FORUM and made.is_file()
    assert __import__("datetime").date.fromisoformat(made.stem).weekday() == 3  # torsdag
    assert result.stderr.startswith("committed ") and result.stderr.rstrip().endswith(": dagsorden oprettet")  # the repo's words


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("new", "Chefforum", "--date", "2099-13-01"), "minutes: 2099-13-01: ikke en dato; skriv den ÅÅÅÅ-MM-DD"),
        (("new", "Ukendt"), "minutes: Ukendt: intet forum hedder sådan"),
        (("approve", f"{FORUM}/forum.yaml"), f"minutes: {FORUM}/forum.yaml: ikke en mødefil"),
        (("approve", f"{FORUM}/2019-10-25.yaml"), f"minutes: {FORUM}/2019-10-25.yaml: ingen sådan fil eller mappe"),
        (("approve", FORUM), f"minutes: {FORUM}: ikke en mødefil"),
        (("postpone", HELD, "to"), "minutes: to: ikke et punktnummer"),
        (("attach", HELD, "minutes.yaml", "--point", "-1"), "minutes: -1: ikke et punktnummer"),
        (("new", "Chefforum", "--date", "x", "--lang", "en"), "minutes: x: not a date; write it YYYY-MM-DD"),
    ],
)
def test_a_command_given_wrongly_is_refused_with_exit_2(
    args: tuple[str, ...], said: str, repo: Path, minutes: Run
) -> None:
    before = head(repo)
    assert refusal(minutes(*args), 2).startswith(said)
    assert head(repo) == before and git(repo, "status", "--porcelain") == ""


def test_approve_commits_and_tags_in_the_approver_s_name(repo: Path, minutes: Run) -> None:
    result = minutes("approve", HELD, who=BO)
    assert result.returncode == 0, result.stderr
    tag = f"{FORUM}/2019-10-24/godkendt"
    assert result.stdout == f"{tag}\n"
    assert result.stderr == f"gemt som commit {head(repo)[:7]}: Chefforum 2019-10-24: referat godkendt\n"
    assert "status: approved\n" in (repo / HELD).read_text(encoding="utf-8")
    listed = git(repo, "for-each-ref", "--format=%(objecttype)|%(taggername)|%(*objectname)", f"refs/tags/{tag}")
    assert listed.strip() == f"tag|{BO[0]}|{head(repo)}"

    again = refusal(minutes("approve", HELD, "--lang", "en", who=BO), 1)
    assert again == "minutes: 2019-10-24 is already approved"


def test_approve_refuses_minutes_that_are_not_held(repo: Path, minutes: Run) -> None:
    before = head(repo)
    said = refusal(minutes("approve", PLANNED), 1)
    assert said == "minutes: 2099-01-08 kan ikke godkendes: status er planlagt, ikke afholdt"
    assert refusal(minutes("approve", PLANNED, "--lang", "en"), 1) == (
        "minutes: 2099-01-08 cannot be approved: its status is planned, not held"
    )
    assert head(repo) == before and git(repo, "tag", "--list") == ""


def test_without_a_git_identity_nothing_is_changed(repo: Path, minutes: Run, tmp_path: Path) -> None:
    before = head(repo)
    (tmp_path / "notat.txt").write_text("notat", encoding="utf-8")
    for args in (("new", "Chefforum"), ("approve", HELD), ("postpone", HELD, "2"), ("attach", HELD, tmp_path / "notat.txt")):
        said = refusal(minutes(*args, who=None), 1)
        assert said.startswith("minutes: git ved ikke, hvem du er, så intet er ændret"), said
    assert head(repo) == before and git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "tag", "--list") == ""


def test_postpone_marks_the_point_with_its_reason(repo: Path, minutes: Run) -> None:
    result = minutes("postpone", HELD, "2", "--reason", "Tallene mangler")
    assert result.returncode == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%B").strip() == "Chefforum 2019-10-24: punkt 2 udsat\n\nTallene mangler"
    assert "    postponed:\n      reason: Tallene mangler\n" in (repo / HELD).read_text(encoding="utf-8")

    again = minutes("postpone", HELD, "2", "--reason", "Tallene mangler")
    assert again.returncode == 0 and "allerede udsat" in again.stderr
    assert refusal(minutes("postpone", HELD, "9"), 1) == "minutes: 2019-10-24 har intet punkt 9"

    listed = minutes("validate")
    assert f"{HELD}:8:5: punkt 2 (Budget) er udsat" in listed.stdout and listed.returncode == 0


def test_approved_minutes_are_not_changed_from_the_command_line(repo: Path, minutes: Run, tmp_path: Path) -> None:
    assert minutes("approve", HELD).returncode == 0
    before = head(repo)
    (tmp_path / "notat.txt").write_text("notat", encoding="utf-8")
    for args in (("postpone", HELD, "2"), ("attach", HELD, tmp_path / "notat.txt")):
        assert "er godkendt: en ændring af et godkendt referat er en rettelse" in refusal(minutes(*args), 1)
    assert head(repo) == before and git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_attach_keeps_the_file_beside_the_meeting(repo: Path, minutes: Run, tmp_path: Path) -> None:
    (tmp_path / "notat.pdf").write_bytes(b"%PDF-1.4")
    result = minutes("attach", HELD, tmp_path / "notat.pdf", "--point", "3")
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith(": Chefforum 2019-10-24: bilag tilføjet (notat.pdf)\n")
    assert sorted(git(repo, "show", "--name-only", "--format=", "HEAD").split()) == [
        f"{FORUM}/2019-10-24.yaml", f"{FORUM}/2019-10-24/notat.pdf",
    ]
    assert "    attachments:\n      - title: notat\n        file: 2019-10-24/notat.pdf\n" in (repo / HELD).read_text(
        encoding="utf-8"
    )
    missing = refusal(minutes("attach", HELD, tmp_path / "mangler.pdf"), 1)
    assert missing == f"minutes: {tmp_path / 'mangler.pdf'}: filen findes ikke"


def test_a_large_attachment_says_why_and_needs_force(repo: Path, minutes: Run, tmp_path: Path) -> None:
    big = tmp_path / "video.mp4"
    with big.open("wb") as file:
        file.truncate(10_000_001)
    before = head(repo)
    said = refusal(minutes("attach", HELD, big, "--lang", "en"), 1)
    assert said == "minutes: video.mp4 is 10.0 MB; files over 10 MB stay in every clone forever; add --force to keep it anyway"
    assert head(repo) == before and not (repo / FORUM / "2019-10-24").exists()

    forced = minutes("attach", HELD, big, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "advarsel: video.mp4 fylder 10.0 MB; git gemmer hver version af den i alle kloner, for altid" in forced.stderr
    assert os.path.getsize(repo / FORUM / "2019-10-24" / "video.mp4") == 10_000_001
