"""Importing from the app: `i` on a forum, a file chosen, the dry run beside its source with the unplaced lines
marked, then ctrl+s imports it as one commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.widgets import Input, Static

from tests.pilot_wait import settle
from tests.test_cycle_app import repo_with_a_held_meeting
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.screens.import_screen import ImportScreen

MINUTES = """\
Referat af møde i Chefforum
Torsdag den 7. februar 2030

Et løsrevet udsagn uden plads

1. Godkendelse af dagsorden

Godkendt.

2. Budget

Beslutning
Budgettet blev vedtaget.
"""


async def test_i_shows_the_dry_run_beside_the_source_and_ctrl_s_imports_it(tmp_path: Path) -> None:
    root = repo_with_a_held_meeting(tmp_path)
    source = tmp_path / "referat.txt"
    source.write_text(MINUTES, encoding="utf-8")
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.pause()
        await pilot.press("down", "enter")  # the forum under the cursor
        await pilot.press("i")
        await settle(pilot, lambda: isinstance(app.screen, ImportScreen))
        app.screen.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        dialog = app.screen
        await settle(pilot, lambda: dialog.preview is not None)
        shown = str(dialog.query_one("#import-result-text", Static).content)
        assert "title: Budget" in shown and "Budgettet blev vedtaget." in shown
        source_pane = dialog.query_one("#import-source-text", Static).content
        assert "1. Godkendelse af dagsorden" in str(source_pane)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: (root / "chefforum" / "2030-02-07.yaml").exists())
        await settle(pilot, lambda: "referat importeret" in subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%s"], capture_output=True, text=True).stdout)


async def test_a_file_that_is_no_text_is_said_in_one_line_and_nothing_is_imported(tmp_path: Path) -> None:
    root = repo_with_a_held_meeting(tmp_path)
    binary = tmp_path / "billede.txt"
    binary.write_bytes(b"\x00\x01\x02PNG")
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", "i")
        await settle(pilot, lambda: isinstance(app.screen, ImportScreen))
        app.screen.query_one("#import-path", Input).value = str(binary)
        await pilot.press("enter")
        dialog = app.screen
        await settle(pilot, lambda: "billede.txt" in str(dialog.query_one("#import-status", Static).content))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)  # nothing to import: the dialog stays
        assert sorted(p.name for p in (root / "chefforum").glob("*.yaml")) == ["2030-01-10.yaml", "forum.yaml"]
