"""Keys (issue 14, points 9 and 11): q closes a sub-view and ctrl+q quits, Enter named in each footer, and the
user's keymap from the settings file, checked (unknown action, no key, a clash) with the rest still applied."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList
from tmux_session import MINUTES, Terminal, terminal_in

from repo_layout.locations import config_dir
from tui import i18n
from tui.actions import REGISTRY, rebindable
from tui.app import MinutesApp, make_app
from tui.i18n import CATALOGUE
from tui.keymap import check_keymap, key_name
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.screens.help import HelpScreen
from tui.screens.history import BlameScreen, HistoryScreen, OldVersionScreen
from tui.screens.search import SearchScreen
from tui.settings import Settings, load_settings, save_settings
from tui.widgets.dialogs import ChoiceDialog

SIZE = (120, 40)
MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
DA = CATALOGUE["da"]

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


def write_settings(text: str) -> Path:
    path = config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def footer(screen: Screen[object]) -> dict[str, str]:
    """The footer's keys and words on `screen` (the bindings it shows), by key."""
    return {key: active.binding.description for key, active in screen.active_bindings.items() if active.binding.show}


def shown_text(screen: Screen[object], selector: str) -> str:
    """The text of the Statics `selector` finds, as drawn 100 columns wide."""
    console = Console(width=100, force_terminal=False)
    with console.capture() as capture:
        for static in screen.query(selector):
            console.print(static.content)
    return capture.get()


async def opened(pilot: Pilot, app: MinutesApp, key: str, kind: type[Screen[object]]) -> Screen[object]:
    await pilot.press(key)
    await settle(pilot, lambda: isinstance(app.screen, kind))
    return app.screen


async def closed_by_q(pilot: Pilot, app: MinutesApp, back_to: type[Screen[object]]) -> None:
    await pilot.press("q")
    await settle(pilot, lambda: isinstance(app.screen, back_to))
    assert app.is_running


# q closes a sub-view; ctrl+q quits ------------------------------------------------------------------------


async def test_q_closes_every_sub_view_and_enter_is_named_in_its_footer(demo_repo: Path) -> None:
    app = make_app(demo_repo / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        history = await opened(pilot, app, "h", HistoryScreen)
        table = history.query_one(DataTable)
        await settle(pilot, lambda: table.row_count > 0 and table.has_focus)
        assert footer(history)["enter"] == DA["open_version"] and footer(history)["q"] == DA["back"]
        await pilot.press("enter")  # the footer's Enter is the table's own: the version opens
        await settle(pilot, lambda: isinstance(app.screen, OldVersionScreen))
        await closed_by_q(pilot, app, HistoryScreen)
        await closed_by_q(pilot, app, BrowseScreen)

        blame = await opened(pilot, app, "b", BlameScreen)
        await settle(pilot, lambda: blame.query_one(DataTable).row_count > 0)
        assert footer(blame)["enter"] == DA["history"]
        await closed_by_q(pilot, app, BrowseScreen)

        actions = await opened(pilot, app, "a", ActionsScreen)
        await settle(pilot, lambda: actions.query_one(DataTable).has_focus)
        assert footer(actions)["enter"] == DA["select"]
        await closed_by_q(pilot, app, BrowseScreen)

        log = await opened(pilot, app, "d", DecisionLogScreen)
        await settle(pilot, lambda: log.query_one(DataTable).row_count > 0)
        assert footer(log)["enter"] == DA["select"]  # in the text filter, Enter opens the row under the cursor too
        log.query_one(DataTable).focus()
        await pilot.pause()
        await closed_by_q(pilot, app, BrowseScreen)

        search = await opened(pilot, app, "slash", SearchScreen)
        await pilot.press(*"budget")
        results = search.query_one(OptionList)
        await settle(pilot, lambda: results.option_count > 0)
        assert "q" not in footer(search)  # typed into the query, a q is a letter
        assert search.query_one(Footer).display  # a modal's own footer: not the keys of the screen under it
        results.focus()
        await pilot.pause()
        assert footer(search)["enter"] == DA["select"]
        await closed_by_q(pilot, app, BrowseScreen)

        help_screen = await opened(pilot, app, "question_mark", HelpScreen)
        assert footer(help_screen)["q"] == DA["close"] and help_screen.query_one(Footer).display
        await closed_by_q(pilot, app, BrowseScreen)

        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_q_on_the_main_screen_and_ctrl_q_on_a_sub_view_ask_about_unsaved_edits(demo_repo: Path) -> None:
    path = demo_repo / MEETING
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        browse = await open_meeting(pilot, app)
        await pilot.press("J")  # a move, in memory only
        await settle(pilot, lambda: browse.session is not None and browse.session.dirty)
        await opened(pilot, app, "question_mark", HelpScreen)
        await pilot.press("ctrl+q")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")  # Annullér: back where it was asked
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        await closed_by_q(pilot, app, BrowseScreen)
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        app.screen.query_one("#choice-discard").press()
        await pilot.pause()
    assert not app.is_running
    assert path.read_bytes() == before


# the keymap --------------------------------------------------------------------------------------------------


async def test_a_keymap_moves_actions_and_the_footer_help_and_palette_show_the_users_keys(demo_repo: Path) -> None:
    keys = {"browse.search": "ctrl+f", "browse.sync": "S", "history.back": "x,escape", "history.open": "o"}
    write_settings(json.dumps({"keys": keys}))
    app = make_app(demo_repo / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        browse = await open_meeting(pilot, app)
        assert not app._notifications  # a valid keymap says nothing
        shown = footer(browse)
        assert shown["ctrl+f"] == DA["search"] and shown["S"] == DA["sync"]
        assert "slash" not in shown and "s" not in shown
        await pilot.press("slash")  # the old key does nothing now
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        search = await opened(pilot, app, "ctrl+f", SearchScreen)
        search.dismiss(None)
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))

        commands = {command.title: command.help for command in app.get_system_commands(browse)}
        assert commands[DA["search"]].endswith("tast ^f") and commands[DA["sync"]].endswith("tast S")

        help_screen = await opened(pilot, app, "question_mark", HelpScreen)
        text = shown_text(help_screen, ".help-section")
        assert re.search(r"\^f +Søg", text) and re.search(r"S +Synkronisér", text) and not re.search(r"/ +Søg", text)
        await closed_by_q(pilot, app, BrowseScreen)

        history = await opened(pilot, app, "h", HistoryScreen)
        await settle(pilot, lambda: history.query_one(DataTable).row_count > 0)
        assert footer(history)["o"] == DA["open_version"] and "enter" not in footer(history)
        await opened(pilot, app, "o", OldVersionScreen)  # the footer's key opens the row, as Enter did
        await closed_by_q(pilot, app, HistoryScreen)
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))


BAD = """{
  "theme": "textual-light",
  "keys": {
    "browse.serach": "ctrl+f",
    "browse.history": "ctrl+",
    "browse.export": "h",
    "browse.sync": "S"
  }
}
"""


async def test_a_bad_keymap_names_each_line_and_the_rest_applies(demo_repo: Path) -> None:
    path = write_settings(BAD)
    app = make_app(demo_repo / MEETING)
    async with app.run_test(size=SIZE) as pilot:
        browse = await open_meeting(pilot, app)
        await settle(pilot, lambda: app._notifications)
        notice = next(iter(app._notifications))
        assert notice.title == DA["keymap_title"] and notice.severity == "warning"
        lines = notice.message.splitlines()
        assert lines[0].startswith(f"{path}:4: »browse.serach« er ikke en handling (mente du »browse.search«?)")
        assert lines[1].startswith(f'{path}:5: "ctrl+" for »browse.history« er ikke en tast')
        assert lines[2].startswith(f"{path}:6: tasten h for »browse.export« har »browse.history« allerede")
        shown = footer(browse)
        assert shown["S"] == DA["sync"] and shown["h"] == DA["history"] and shown["slash"] == DA["search"]
        await opened(pilot, app, "h", HistoryScreen)  # h is still the history's
        app.theme = "textual-dark"  # a save keeps what the user wrote, the bad lines too
        await pilot.pause()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["theme"] == "textual-dark" and saved["keys"] == json.loads(BAD)["keys"]


async def test_a_settings_file_that_is_not_json_is_reported_and_never_overwritten(demo_repo: Path) -> None:
    text = '{\n  "theme": "textual-light",\n  "keys": {"browse.sync": "S",}\n}\n'
    path = write_settings(text)
    app = make_app(demo_repo / MEETING, language="en")
    async with app.run_test(size=SIZE) as pilot:
        browse = await open_meeting(pilot, app)
        await settle(pilot, lambda: app._notifications)
        first = next(iter(app._notifications)).message
        assert first.startswith(f"{path}:3: the settings cannot be read")
        assert footer(browse)["s"] == CATALOGUE["en"]["sync"]
        app.theme = "textual-light"
        await settle(pilot, lambda: len(app._notifications) == 2)
        assert "could not be saved" in list(app._notifications)[-1].message
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("keys", "problems", "kept"),
    [
        ({"browse.sync": "h", "browse.history": "s"}, [], {"browse.sync": "h", "browse.history": "s"}),  # a swap
        ({"history.back": "h"}, [], {"history.back": "h"}),  # h is the home screen's, not the history's
        ({"tree.cursor_down": "n"}, ["n"], {}),  # the tree is on the home screen, where n is New
        ({"meeting.next_point": "ctrl+n", "tree.cursor_down": "ctrl+n"}, [], None),  # never both focused
        ({"browse.sync": "?"}, ["?"], {}),  # the app's help is on every screen
        ({"browse.sync": "question_mark"}, ["?"], {}),
        ({"browse.search": "F5", "browse.sync": "f5"}, ["F5"], {"browse.sync": "f5"}),
        ({"browse.search": 5}, ["5"], {}),
        ({"global.high_contrast": "f2"}, ["palette"], {}),
        ({"browse.new": "ctrl+n", "browse.edit_point": "ctrl+n"}, ["ctrl+n"], {"browse.new": "ctrl+n"}),
    ],
)
def test_check_keymap(keys: dict[str, object], problems: list[str], kept: dict[str, str] | None, tmp_path: Path) -> None:
    i18n.set_language("en")
    text = json.dumps({"keys": keys}, indent=2)
    keymap, found = check_keymap(keys, text, tmp_path / "settings.json")
    assert [problem.line for problem in found] == sorted(problem.line for problem in found)
    assert len(found) == len(problems) and all(word in problem.message for word, problem in zip(problems, found, strict=True))
    assert keymap == (kept if kept is not None else {key: str(value) for key, value in keys.items()})


def test_key_names() -> None:
    assert key_name("?") == key_name("question_mark") == "?"
    assert key_name("/") == key_name("slash")
    assert key_name("shift+ctrl+a") == key_name("ctrl+shift+a")
    assert [key_name(key) for key in ("ctrl+", "foo", "Escape", "hyper+", "x y", "ctrl+ff")] == [None] * 6


def test_settings_keep_the_users_entries(tmp_path: Path) -> None:
    path = write_settings('{"keys": {"browse.sync": "S"}, "mine": [1, 2]}')
    save_settings(Settings(theme="textual-light"))
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "keys": {"browse.sync": "S"},
        "mine": [1, 2],
        "theme": "textual-light",
        "auto_fetch_minutes": None,
    }
    assert load_settings().keys == {"browse.sync": "S"}


def test_docs_list_every_action_a_keymap_may_name() -> None:
    listed = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", (Path(__file__).parents[1] / "docs" / "ux.md").read_text(), re.M))
    missing = [spec.id for spec in REGISTRY if rebindable(spec) and spec.id not in listed]
    assert not missing, f"docs/ux.md (Action ids) lacks {missing}"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    yield from terminal_in(tmp_path, "minutes-keymap", dict(os.environ))


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_installed_binary_says_a_bad_keymap_in_the_app_and_on_stderr(terminal: Terminal, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    subprocess.run([str(MINUTES), "demo", str(demo), "--no-open"], check=True, env=terminal.env, capture_output=True)
    settings = Path(terminal.env["MINUTES_CONFIG_DIR"]) / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{\n  "keys": {\n    "browse.sync": "S",\n    "browse.serach": "ctrl+f"\n  }\n}\n', encoding="utf-8")
    terminal.start(["sh", "-c", f"'{MINUTES}' open '{demo}'; echo exited $?; sleep 20"], cwd=tmp_path)
    screen = terminal.wait_for(lambda screen: "Indstillinger" in screen and "»browse.serach«" in screen)
    assert "settings.json:4:" in screen  # the notice names the file and the line
    terminal.keys("C-q")
    screen = terminal.wait_for(lambda screen: "exited 0" in screen)  # and stderr says it where the app was
    assert f"{settings}:4: »browse.serach« er ikke en handling (mente du »browse.search«?)" in screen.replace("\n", "")
