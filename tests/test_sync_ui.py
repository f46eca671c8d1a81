"""Sync from the app (Pilot and the real binary in tmux): merges, the conflict screen and its choices, abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pilot_wait import settle
from textual.widgets import Button, RadioButton, TextArea

from repo_layout.model.discover import Repository
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.screens.conflicts import ConflictScreen, FieldChoice
from tui.widgets.dialogs import TextInputDialog
from tui.widgets.status_line import StatusLine

SAMPLE = Path(__file__).resolve().parent.parent / "sample-repo"
MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def clone_as(remote: Path, target: Path, name: str) -> Path:
    subprocess.run(["git", "clone", "-q", str(remote), str(target)], check=True)
    git(target, "config", "user.name", name)
    git(target, "config", "user.email", f"{name.split()[0].lower()}@example.org")
    return target


@pytest.fixture
def two_users(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote holding the sample repository, and clones for Ida and Bo."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    seed = tmp_path / "seed"
    shutil.copytree(SAMPLE, seed)
    git(seed, "init", "-q", "-b", "main")
    git(seed, "-c", "user.name=Sekretariatet", "-c", "user.email=s@example.org", "add", ".")
    git(seed, "-c", "user.name=Sekretariatet", "-c", "user.email=s@example.org", "commit", "-qm", "Opret")
    git(seed, "remote", "add", "origin", str(remote))
    git(seed, "push", "-q", "-u", "origin", "main")
    return remote, clone_as(remote, tmp_path / "ida", "Ida Referent"), clone_as(remote, tmp_path / "bo", "Bo Chef")


def edit_and_commit(repo: Path, point: int, decision: str | None = None, presenter: str | None = None) -> None:
    meeting = Repository(repo).load_meeting(repo / MEETING)
    if decision is not None:
        meeting.points[point].decision = decision
    if presenter is not None:
        meeting.points[point].presenter = presenter
    (repo / MEETING).write_text(meeting.dump(), encoding="utf-8")
    git(repo, "commit", "-qam", "edit")


async def sync_in_app(pilot, app) -> None:
    screen = app.screen
    await settle(pilot, lambda: screen.session is not None)
    await pilot.press("s")
    await settle(pilot, lambda: screen._sync_state != "running" or isinstance(app.screen, ConflictScreen))
    await pilot.pause()


async def test_different_points_of_one_meeting_are_merged_and_pushed(two_users) -> None:
    remote, ida, bo = two_users
    edit_and_commit(bo, 0, decision="Bo skrev dette.\n")
    git(bo, "push", "-q")
    edit_and_commit(ida, 2, presenter="Søren Ida")
    app = make_app(ida / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await sync_in_app(pilot, app)
        status = str(app.screen.query_one(StatusLine).content)
        assert "↑0 ↓0" in status
        screen = app.screen
        await settle(
            pilot, lambda: screen.session is not None and screen.session.meeting.points[0].decision == "Bo skrev dette.\n"
        )
    meeting = Repository(ida).load_meeting(ida / MEETING)
    assert meeting.points[0].decision == "Bo skrev dette.\n" and meeting.points[2].presenter == "Søren Ida"
    assert git(remote, "rev-parse", "main") == git(ida, "rev-parse", "HEAD")


@pytest.mark.parametrize("choice", ["mine", "theirs", "combine"])
async def test_same_decision_conflict_dialog_and_each_choice(two_users, choice: str) -> None:
    remote, ida, bo = two_users
    edit_and_commit(bo, 2, decision="Bo: konceptet godkendes.\n")
    git(bo, "push", "-q")
    edit_and_commit(ida, 2, decision="Ida: konceptet udsættes.\n")
    remote_before = git(remote, "rev-parse", "main")
    app = make_app(ida / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await sync_in_app(pilot, app)
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen) and app.screen.query(FieldChoice))
        assert git(remote, "rev-parse", "main") == remote_before, "nothing is pushed before the conflict is resolved"
        [field] = list(app.screen.query(FieldChoice))
        assert "Ida Referent" in field.mine_author and "Bo Chef" in field.their_author
        assert "Ida: konceptet udsættes." in field.conflict.ours and "Bo: konceptet godkendes." in field.conflict.theirs
        if choice == "theirs":
            field.query_one("#pick-theirs", RadioButton).value = True
        elif choice == "combine":
            field.query_one("#pick-edit", RadioButton).value = True
            await pilot.pause()
            field.query_one(TextArea).text = "Bo og Ida: godkendes med forbehold.\n"
        await pilot.pause()
        app.screen.query_one("#conflicts-resolve", Button).press()
        browse = app.browse
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and browse._sync_state is None)
    expected = {
        "mine": "Ida: konceptet udsættes.\n",
        "theirs": "Bo: konceptet godkendes.\n",
        "combine": "Bo og Ida: godkendes med forbehold.\n",
    }[choice]
    assert Repository(ida).load_meeting(ida / MEETING).points[2].decision == expected
    assert git(remote, "rev-parse", "main") == git(ida, "rev-parse", "HEAD")
    assert git(ida, "status", "--porcelain").strip() == ""


async def test_abort_restores_the_exact_prior_state(two_users) -> None:
    _, ida, bo = two_users
    edit_and_commit(bo, 2, decision="Bo.\n")
    git(bo, "push", "-q")
    edit_and_commit(ida, 2, decision="Ida.\n")
    head_before = git(ida, "rev-parse", "HEAD")
    bytes_before = (ida / MEETING).read_bytes()
    app = make_app(ida / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await sync_in_app(pilot, app)
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen) and app.screen.query(Button))
        app.screen.query_one("#conflicts-abort", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and app.browse._sync_state is None)
    assert git(ida, "rev-parse", "HEAD") == head_before
    assert (ida / MEETING).read_bytes() == bytes_before
    assert git(ida, "status", "--porcelain").strip() == ""
    assert not (ida / ".git" / "rebase-merge").exists() and not (ida / ".git" / "MERGE_HEAD").exists()


async def test_no_remote_offers_to_add_one(tmp_path: Path, two_users) -> None:
    remote, ida, _ = two_users
    git(ida, "remote", "remove", "origin")
    app = make_app(ida / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await sync_in_app(pilot, app)
        await settle(pilot, lambda: isinstance(app.screen, TextInputDialog) and app.screen.query(Button))
        app.screen.query_one("#text-input").value = str(remote)
        app.screen.query_one("#text-ok", Button).press()
        # The remote is added by a worker after the dialog closes; wait for git to know it, then for the sync it starts.
        await settle(pilot, lambda: _origin_of(ida) == str(remote))
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and app.browse._sync_state is None)
    assert git(ida, "remote", "get-url", "origin").strip() == str(remote)


def _origin_of(clone: Path) -> str | None:
    """The URL of `origin` in a clone, or None while it has none."""
    done = subprocess.run(["git", "-C", str(clone), "remote", "get-url", "origin"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


async def test_unreachable_remote_is_shown_as_failed(two_users, tmp_path: Path) -> None:
    _, ida, _ = two_users
    git(ida, "remote", "set-url", "origin", str(tmp_path / "does-not-exist.git"))
    app = make_app(ida / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await sync_in_app(pilot, app)
        await settle(pilot, lambda: app.browse._sync_state == "failed")
        assert "✗" in str(app.screen.query_one(StatusLine).content)


MINUTES = Path(sys.executable).parent / "minutes"


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_sync_from_the_running_app_in_tmux(two_users, tmp_path: Path) -> None:
    remote, ida, bo = two_users
    edit_and_commit(bo, 0, decision="Bo skrev dette.\n")
    git(bo, "push", "-q")
    env = dict(os.environ, MINUTES_CONFIG_DIR=str(tmp_path / "config"), TERM="xterm-256color")
    env.pop("TMUX", None)
    socket = f"minutes-sync-{os.getpid()}"
    command = f"{MINUTES} open {ida / MEETING}"
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "40", command], check=True, env=env)
    try:
        deadline = time.monotonic() + 20
        screen = ""
        while time.monotonic() < deadline and "↓1" not in screen:
            screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if "Mødested" in screen and "↓0" in screen:
                subprocess.run(["tmux", "-L", socket, "send-keys", "s"], check=True)
                break
            time.sleep(0.2)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if "Bo skrev dette." in screen:
                break
            time.sleep(0.2)
        assert "Bo skrev dette." in screen, screen
        assert git(ida, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
