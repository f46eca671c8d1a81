"""The app's start after a kill: it says what a stopped program left and fixes it when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_git, stop_a_rebase
from pilot_wait import settle

from repo_layout.git.repair import find_leftovers
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.widgets.dialogs import ChoiceDialog


@pytest.fixture
def repo(identity_repo: Path) -> Path:
    return identity_repo


def _dialog_text(app) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query("*") if hasattr(widget, "render"))


async def test_a_stale_lock_is_offered_and_removed(repo: Path) -> None:
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query("#choice-fix"))
        assert ".git/index.lock" in _dialog_text(app)
        assert (repo / ".git" / "index.lock").exists()  # nothing is removed before the person says so
        await pilot.press("enter")
        await settle(pilot, lambda: not (repo / ".git" / "index.lock").exists())
    assert find_leftovers(repo, quiet_seconds=0) == []


async def test_a_stopped_rebase_is_offered_abort_and_goes_back(repo: Path, tmp_path: Path) -> None:
    before = run_git(repo, "rev-parse", "HEAD").strip()
    mine, stopped = stop_a_rebase(repo, "albertslund-kommune/chefforum/2019-10-24.yaml")
    assert stopped.returncode != 0 and before != mine
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query("#choice-abort"))
        assert "rebase" in _dialog_text(app)
        app.screen.query_one("#choice-abort").press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and not (repo / ".git" / "rebase-merge").exists())
    assert run_git(repo, "rev-parse", "HEAD").strip() == mine
    assert run_git(repo, "status", "--porcelain") == ""
