"""The command palette (issue 14, point 10): every action that makes sense where you are, by its words in the UI's
language and its key; a few letters find it ("eksp" finds Eksportér) and Enter runs it. And point 12: the
high-contrast theme as a palette command and a setting, and a conflict's choice marked by more than its colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.widgets import RadioButton

from repo_layout.locations import config_dir
from repo_layout.sync.conflicts import Conflict
from repo_layout.sync.merge_conflicts import FieldConflict
from tui import i18n
from tui.app import MinutesApp, make_app
from tui.i18n import CATALOGUE
from tui.screens.conflicts import ConflictScreen
from tui.screens.history import HistoryScreen
from tui.settings import HIGH_CONTRAST
from tui.widgets.dialogs import ExportDialog

SIZE = (120, 40)
MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")

ON_A_MEETING = [
    "export", "history", "sync", "new", "decision_log", "open_actions", "blame", "edit_header", "renumber", "save",
    "help", "quit", "search", "edit", "move_up", "move_down", "delete_point", "external_editor", "high_contrast",
]  # fmt: skip


async def run(app: MinutesApp, title: str) -> None:
    """Choose the palette's command called `title`, as Enter on it does."""
    command = next(command for command in app.get_system_commands(app.screen) if command.title == title)
    await command.callback()


def titles(app: MinutesApp) -> dict[str, str]:
    """The palette's own commands on the screen shown now: title to help line."""
    return {command.title: command.help for command in app.get_system_commands(app.screen)}


@pytest.mark.parametrize("language", ["da", "en"])
async def test_the_palette_offers_every_action_of_the_screen_with_its_key(demo_repo: Path, language: str) -> None:
    words = CATALOGUE[language]
    key = {"da": "tast", "en": "key"}[language]
    app = make_app(demo_repo / MEETING, language=language)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await settle(pilot, lambda: app.screen.check_action("save", ()) is not None)
        offered = titles(app)
        missing = [name for name in ON_A_MEETING if words[name] not in offered]
        assert not missing, missing
        assert offered[words["export"]] == f"{words['export_help']} · {key} x"
        assert offered[words["search"]].endswith(f"{key} /") and offered[words["quit"]].endswith(f"{key} ^q")
        assert words["restore"] not in offered  # an old version's action, not the home screen's

        await pilot.press("h")
        await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
        here = titles(app)
        assert here[words["back"]].endswith(f"{key} q / esc")
        assert words["export"] not in here and words["help"] in here and words["quit"] in here


@pytest.mark.parametrize(("language", "typed"), [("da", "eksp"), ("en", "exp")])
async def test_a_few_letters_find_an_action_and_enter_runs_it(demo_repo: Path, language: str, typed: str) -> None:
    app = make_app(demo_repo / MEETING, language=language)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: CommandPalette.is_open(app))
        await pilot.press(*typed)
        hits = app.screen.query_one(CommandList)
        await settle(pilot, lambda: hits.option_count > 0 and hits.highlighted == 0)
        first = hits.get_option_at_index(0).prompt
        assert str(first).startswith(CATALOGUE[language]["export"]), first
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ExportDialog))


async def test_high_contrast_is_a_palette_command_and_a_setting(demo_repo: Path) -> None:
    app = make_app(demo_repo / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        before = app.theme
        await run(app, CATALOGUE["da"]["high_contrast"])
        await settle(pilot, lambda: app.theme == HIGH_CONTRAST)
    settings = config_dir() / "settings.json"
    assert json.loads(settings.read_text(encoding="utf-8"))["theme"] == HIGH_CONTRAST

    again = make_app(demo_repo / MEETING)  # the next start keeps it; the command goes back to the theme before
    async with again.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, again)
        assert again.theme == HIGH_CONTRAST
        await run(again, CATALOGUE["da"]["high_contrast"])
        await settle(pilot, lambda: again.theme == before)
    assert json.loads(settings.read_text(encoding="utf-8"))["theme"] == before


async def test_a_conflicts_choice_is_marked_not_only_coloured() -> None:
    i18n.set_language("da")
    field = FieldConflict("points.0.decision", "Punkt 1 · beslutning", "a", "Ida: udsat.", "Bo: godkendt.")
    conflict = Conflict("forum/2024-01-01.yaml", [field], "Ida", "Bo", "1" * 40, "2" * 40)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ConflictScreen([conflict]))

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen) and app.screen.query(RadioButton))

        def marks() -> list[str]:
            return [str(button.render())[1] for button in app.screen.query(RadioButton)]

        assert marks() == ["●", "○", "○"]
        app.screen.query_one("#pick-theirs", RadioButton).value = True
        await settle(pilot, lambda: marks() == ["○", "●", "○"])
