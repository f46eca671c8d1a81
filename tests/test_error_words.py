"""Errors said in the UI's language (issue 14, point 13): the editor, history, identity, repair, clone and demo errors,
in the app (Pilot) and the CLI (the installed binary), in Danish and in English; git's own words quoted under ours."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle

from repo_layout.git.errors import GitError
from repo_layout.git.repair import RepairError, abort_operation
from repo_layout.git.state import Identity, open_git, set_identity
from repo_layout.history.meeting_history import HistoryError, MeetingHistory
from tui.app import make_app
from tui.error_words import error_words, os_error_words

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")

SIZE = (120, 40)
CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"


def _notices(app: object) -> list[str]:
    return [f"{notice.title or ''} {notice.message}" for notice in app._notifications]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "language", "said", "other"),
    [
        ("ctrl+e", "da", "editoren »no-such-editor-program« findes ikke; sæt $EDITOR", "not found"),  # EDITOR names no program
        ("ctrl+e", "en", 'the editor "no-such-editor-program" was not found; set $EDITOR', "findes ikke"),
        ("h", "da", "er ikke i et git-arkiv, så den har ingen historik", "not in a git"),  # history of a file outside git
        ("h", "en", "is not in a git repository", "git-arkiv"),
    ],
)
async def test_app_errors_are_said_in_the_uis_language(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch, key: str, language: str, said: str, other: str
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-program")
    app = make_app(sample_repo / CHEFFORUM_2019, language)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await pilot.press(key)
        await settle(pilot, lambda: any(said in notice for notice in _notices(app)))
        assert not any(other in notice for notice in _notices(app)), _notices(app)


def test_history_errors_carry_a_kind_worded_in_both_languages(sample_repo: Path, sample_git_repo: Path) -> None:
    with pytest.raises(HistoryError) as outside:
        MeetingHistory(sample_repo.parent / "elsewhere" / "2019-10-24.yaml")
    assert outside.value.kind == "not_git"
    with pytest.raises(HistoryError) as missing:
        MeetingHistory(sample_git_repo / CHEFFORUM_2019).text_at_revision("no-such-revision")
    assert missing.value.kind == "no_revision"
    assert error_words(missing.value, "da") == "der er ingen version, der hedder no-such-revision"
    assert error_words(missing.value, "en") == "there is no version called no-such-revision"


def test_identity_that_git_cannot_write_is_framed_in_the_uis_language_with_gits_words(sample_git_repo: Path) -> None:
    (sample_git_repo / ".git" / "config.lock").write_text("", encoding="utf-8")  # git cannot lock its config now
    repo = open_git(sample_git_repo)
    assert repo is not None
    with pytest.raises(GitError) as raised:
        set_identity(repo, Identity("Mette", "mette@example.dk"), everywhere=False)
    assert raised.value.kind == "identity"
    danish, english = error_words(raised.value, "da"), error_words(raised.value, "en")
    assert danish.startswith("navn og e-mail kunne ikke gemmes i gits indstillinger:\n")
    assert english.startswith("the name and e-mail could not be saved in git's config:\n")
    assert "lock" in danish.splitlines()[1]  # git's own words, quoted as git said them


def test_repair_errors_are_worded(tmp_path: Path) -> None:
    with pytest.raises(RepairError) as raised:
        abort_operation(tmp_path)
    assert error_words(raised.value, "da") == f"{tmp_path} er ikke i et git-arkiv"
    assert error_words(raised.value, "en") == f"{tmp_path} is not in a git repository"


@pytest.mark.parametrize(
    ("number", "danish", "english"),
    [
        (errno.EACCES, "adgang nægtet: /x/a.yaml", "permission denied: /x/a.yaml"),
        (errno.ENOSPC, "der er ikke mere plads på disken: /x/a.yaml", "no space left on the disk: /x/a.yaml"),
        (errno.EROFS, "filsystemet kan kun læses, ikke skrives: /x/a.yaml", "the file system is read-only: /x/a.yaml"),
        (errno.ENOENT, "findes ikke: /x/a.yaml", "not found: /x/a.yaml"),
    ],
)
def test_common_os_errors_are_worded_by_errno(number: int, danish: str, english: str) -> None:
    error = OSError(number, os.strerror(number), "/x/a.yaml")
    assert os_error_words(error, "da") == danish
    assert os_error_words(error, "en") == english


def test_other_os_errors_keep_the_systems_words_under_ours(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised:
        (tmp_path / "a-folder").mkdir()
        (tmp_path / "a-folder").read_text()
    said = os_error_words(raised.value, "da")
    assert said.startswith(f"filen kunne ikke bruges: {tmp_path / 'a-folder'}\n")
    assert raised.value.strerror in said


# the command line -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "listed", "hint"),
    [("da", "en lås efterladt af et git-program", "--yes fjerner låsene"), ("en", "a lock left by a git program", "--yes fixes")],
)
def test_repair_lists_and_hints_in_the_language_asked(
    sample_git_repo: Path, run_minutes, language: str, listed: str, hint: str
) -> None:
    (sample_git_repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    result = run_minutes("repair", sample_git_repo, "--lang", language)
    assert result.returncode == 1
    assert listed in result.stdout
    assert hint in result.stderr
    fixed = run_minutes("repair", sample_git_repo, "--yes", "--lang", language)
    assert fixed.returncode == 0, fixed.stderr
    assert ("fjernede .git/index.lock" if language == "da" else "removed .git/index.lock") in fixed.stdout
    again = run_minutes("repair", sample_git_repo, "--lang", language)
    assert again.stdout.strip() == ("intet at rydde op" if language == "da" else "nothing to repair")


def test_sync_names_leftovers_in_the_repositorys_language(sample_git_repo: Path, run_minutes) -> None:
    (sample_git_repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    result = run_minutes("sync", sample_git_repo)
    assert result.returncode == 2
    assert "minutes: .git/index.lock: en lås efterladt af et git-program" in result.stderr
    assert "no longer running" not in result.stderr


@pytest.mark.parametrize(("language", "said"), [("da", "er ikke i et git-arkiv"), ("en", "is not in a git repository")])
def test_log_and_show_outside_git_in_the_language_asked(sample_repo: Path, run_minutes, language: str, said: str) -> None:
    meeting = sample_repo / CHEFFORUM_2019
    for args in (("log", meeting), ("show", meeting, "--at", "HEAD")):
        result = run_minutes(*args, "--lang", language)
        assert result.returncode == 2
        assert said in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("language", "said"), [("da", "findes og er ikke tom; vælg en ny mappe"), ("en", "exists and is not empty")]
)
@pytest.mark.parametrize("command", ["clone", "demo"])
def test_clone_and_demo_refuse_a_full_folder_in_the_language_asked(
    tmp_path: Path, sample_git_repo: Path, run_minutes, command: str, language: str, said: str
) -> None:
    target = tmp_path / "optaget"
    target.mkdir()
    (target / "mine.txt").write_text("mit\n", encoding="utf-8")
    args = ("clone", sample_git_repo, target) if command == "clone" else ("demo", target)
    result = run_minutes(*args, "--no-open", "--lang", language)
    assert result.returncode == 2
    assert said in result.stderr
    assert [path.name for path in target.iterdir()] == ["mine.txt"]


def test_clone_from_nowhere_is_said_in_danish_with_gits_words(tmp_path: Path, run_minutes) -> None:
    result = run_minutes("clone", tmp_path / "no-such-remote", tmp_path / "kopi", "--no-open", "--lang", "da")
    assert result.returncode == 2
    assert "fjern-kopien kan ikke nås" in result.stderr, result.stderr


def test_a_lock_another_program_holds_open_is_named_in_danish(sample_git_repo: Path, run_minutes) -> None:
    lock = sample_git_repo / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    with lock.open("rb") as held, subprocess.Popen(["sleep", "30"], stdin=held) as holder:
        try:
            result = run_minutes("repair", sample_git_repo)
        finally:
            holder.kill()
    assert ".git/index.lock: en git-lås, og et git-program kører i dette arkiv (et kørende program har den åben)" in result.stdout
    assert "running program" not in result.stdout + result.stderr
