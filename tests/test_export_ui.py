"""`x` in the app: the export dialog writes the meeting where and as the user chose, and never overwrites blindly."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from pilot_wait import settle
from textual.widgets import Button, Input, Select, Static

from repo_layout.demo import make_demo
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.widgets.dialogs import ChoiceDialog, ExportDialog

SIZE = (120, 40)
CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


@pytest.fixture(autouse=True)
def _home_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports are offered in the home folder: an empty one in tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo")


async def open_export(pilot, app: MinutesApp) -> ExportDialog:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await settle(pilot, lambda: screen.session is not None)
    screen.view.focus()
    await pilot.press("x")
    await settle(pilot, lambda: isinstance(app.screen, ExportDialog) and app.screen.query(Input))
    return app.screen  # type: ignore[return-value]


def untracked(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True, check=True).stdout


async def test_x_offers_a_file_outside_the_repository_and_the_extension_chooses_the_format(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)  # started inside the repository: the export must not land in its work tree
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_export(pilot, app)
        offered = Path(dialog.query_one("#export-file", Input).value)
        assert offered.parent == tmp_path / "home" and offered.name == "chefforum-2019-10-24.html"
        target = tmp_path / "out" / "referat.md"
        target.parent.mkdir()
        dialog.query_one("#export-file", Input).value = str(target)
        await pilot.pause()
        assert dialog.query_one("#export-format", Select).value == "md"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and target.exists())
        dialog = await open_export(pilot, app)
        again = Path(dialog.query_one("#export-file", Input).value)
        assert (again.parent, again.suffix, dialog.query_one("#export-format", Select).value) == (target.parent, ".md", "md")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "<html" not in text and "Beslutning" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert untracked(repo) == ""


async def test_an_existing_file_is_replaced_only_when_asked(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "referat.html"
    target.write_text("mit eget dokument", encoding="utf-8")
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-file", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # the question starts on Cancel
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert target.read_text(encoding="utf-8") == "mit eget dokument"
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-file", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        app.screen.query_one("#choice-replace", Button).press()
        await settle(pilot, lambda: target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"))


async def test_a_folder_that_does_not_exist_is_said_at_the_field(repo: Path, tmp_path: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-file", Input).value = str(tmp_path / "mangler" / "referat.html")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        message = str(dialog.query_one("#export-error", Static).render())
        assert "mangler" in message and "findes ikke" in message
        assert not (tmp_path / "mangler").exists()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
