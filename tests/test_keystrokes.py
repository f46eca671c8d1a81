"""Keys typed in one burst (a paste, a laggy SSH link) land in the field that has focus at that point in the stream.

Pilot's `press` waits for the app to be idle after every key, which hides the race; `burst` posts every key at once,
as the terminal driver does when a burst of bytes arrives in one read. The tmux test sends the whole string with one
`send-keys` to the installed binary.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import git_out
from pilot_wait import find_forum, settle
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from tmux_session import MINUTES, Terminal, terminal_in

from repo_layout.editing.values import ActionValues, HeaderValues, PointValues
from repo_layout.git.commit import Identity
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.screens.header_editor import HeaderEditor
from tui.screens.point_editor import PointEditor
from tui.widgets.dialogs import ChoiceDialog, IdentityChoice, IdentityDialog, NewMeetingDialog, TextInputDialog
from tui.widgets.forum_tree import ForumTree

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")

CHARACTERS = {"tab": "\t", "enter": "\r", "space": " "}
NAMED = {*CHARACTERS, "shift+tab", "backspace", "left", "right", "up", "down", "escape", "ctrl+u"}


def burst(app: App[object], *keys: str) -> None:
    """Post every key to the app at once, without waiting between them; an item not a key's name is typed letter by letter."""
    for item in keys:
        for key in [item] if item in NAMED else list(item):
            name = key if key in NAMED or key.isalnum() else _character_to_key(key)
            event = events.Key(name, CHARACTERS.get(key, key if len(key) == 1 else None))
            event.set_sender(app)
            app.post_message(event)


async def pushed(pilot: Pilot, app: App[object], screen: Screen[object], answers: list[object]) -> None:
    """Push `screen` (its answer goes to `answers`) and wait until a field of it has the focus."""
    app.push_screen(screen, answers.append)
    await settle(pilot, lambda: app.screen is screen and app.focused is not None)


async def answer_to(repo: Path, dialog: Screen[object], *keys: str) -> object:
    """The dialog's answer after `keys` were typed into it in one burst."""
    app = make_app(repo)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pushed(pilot, app, dialog, answers)
        burst(app, *keys)
        await settle(pilot, lambda: answers)
    return answers[0]


@pytest.mark.parametrize(
    "keys",
    [("Mette", "tab", "mette@example.dk", "enter"), ("tab", "mette@example.dk", "shift+tab", "Mette", "enter")],
    ids=["tab", "shift+tab"],
)
async def test_identity_dialog_burst_across_tab(demo_repo: Path, keys: tuple[str, ...]) -> None:
    answer = await answer_to(demo_repo, IdentityDialog(), *keys)
    assert isinstance(answer, IdentityChoice) and answer.who == Identity("Mette", "mette@example.dk")


async def test_new_meeting_dialog_burst_across_two_tabs(demo_repo: Path) -> None:
    dialog = NewMeetingDialog("Chefforum", "Mødelokale 1", "09:00")
    answer = await answer_to(demo_repo, dialog, "2026-12-10", "tab", "10:15", "tab", "ctrl+u", "Rum 2", "enter")
    assert answer == (dt.date(2026, 12, 10), "10:15", "Rum 2")


async def test_editing_keys_in_a_burst_act_where_they_were_typed(demo_repo: Path) -> None:
    """Backspace, the arrows and ctrl+u are the field's bindings: they act between the letters around them."""
    keys = ("2026-12-1x", "backspace", "0", "tab", "0:15", "left", "left", "left", "left", "1", "tab")
    dialog = NewMeetingDialog("Chefforum", "Mødelokale 1", "09:00")
    answer = await answer_to(demo_repo, dialog, *keys, "ctrl+u", "Rum", "left", "left", "x", "enter")
    assert answer == (dt.date(2026, 12, 10), "10:15", "Rxum")


async def test_a_paste_with_tabs_fills_field_by_field(demo_repo: Path) -> None:
    """A pasted "name<Tab>e-mail" goes to the two fields, as typed; Textual alone kept the tab in the name."""
    app = make_app(demo_repo)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pushed(pilot, app, IdentityDialog(), answers)
        app.post_message(events.Paste("Mette\tmette@example.dk"))
        burst(app, "enter")
        await settle(pilot, lambda: answers)
    assert isinstance(answers[0], IdentityChoice) and answers[0].who == Identity("Mette", "mette@example.dk")


async def test_text_input_dialog_burst_then_tab_to_ok(demo_repo: Path) -> None:
    answer = await answer_to(demo_repo, TextInputDialog("Fjern-kopi", "", "URL"), "https://example.org/r.git", "tab", "enter")
    assert answer == "https://example.org/r.git"


async def test_keys_after_the_key_that_closes_a_dialog_land_on_the_screen_under_it(demo_repo: Path) -> None:
    """Enter on the dialog's OK and `d` in the same burst: the dialog closes and `d` opens the decision log."""
    app = make_app(demo_repo)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pushed(pilot, app, TextInputDialog("Fjern-kopi", "", "URL"), answers)
        burst(app, "https://example.org/r.git", "tab", "enter", "d")
        await settle(pilot, lambda: answers)
        await settle(pilot, lambda: type(app.screen).__name__ == "DecisionLogScreen" and app.screen.is_mounted)
        await pilot.pause(0.2)
    assert answers == ["https://example.org/r.git"]


async def test_keys_after_a_choice_dialogs_enter_land_on_the_screen_under_it(demo_repo: Path) -> None:
    """Enter on a question's focused button (the dialog's own priority binding) and `d` in one burst."""
    app = make_app(demo_repo)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pushed(pilot, app, ChoiceDialog("Slet?", "Punkt 1", [("delete", "Slet"), ("cancel", "Annullér")]), answers)
        burst(app, "right", "enter", "d")
        await settle(pilot, lambda: answers)
        await settle(pilot, lambda: type(app.screen).__name__ == "DecisionLogScreen" and app.screen.is_mounted)
        await pilot.pause(0.2)
    assert answers == ["cancel"]


async def test_keys_after_the_key_that_opens_a_dialog_land_in_it(demo_repo: Path) -> None:
    """`n` on a forum and the date typed in the same burst: the date goes to the dialog, not to the tree."""
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        tree = screen.query_one(ForumTree)
        await settle(pilot, lambda: tree.root.children)
        tree.move_cursor(find_forum(tree, "Chefforum"))
        tree.focus()
        await pilot.pause()
        burst(app, "n", "2031-02-03", "tab", "10:15")
        await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog) and app.focused and app.focused.id == "new-start")
        await settle(pilot, lambda: app.screen.query_one("#new-start", Input).value == "10:15")
        assert app.screen.query_one("#new-date", Input).value == "2031-02-03"


async def test_point_editor_burst_lands_field_by_field(demo_repo: Path) -> None:
    app = make_app(demo_repo)
    answers: list[object] = []
    values = PointValues(number=3, title="", sections=[("Indstilling", "")], actions=[ActionValues("")])
    async with app.run_test(size=(80, 24)) as pilot:
        editor = PointEditor(values, "Punkt 3")
        await pushed(pilot, app, editor, answers)
        # title, presenter, the section's heading (its buttons are out of the Tab order) and text, Add section, the decision
        burst(app, "Budget", "tab", "Mette", "tab", "tab", "Tekst", "tab", "tab", "Beslutning")
        await settle(pilot, lambda: editor.query_one("#field-decision-heading", Input).value == "Beslutning")
        collected = editor.collect()
    assert (collected.title, collected.presenter) == ("Budget", "Mette")
    assert collected.sections == [("Indstilling", "Tekst")]
    assert collected.decision == ""


async def test_header_editor_burst_lands_field_by_field(demo_repo: Path) -> None:
    app = make_app(demo_repo)
    answers: list[object] = []
    values = HeaderValues(date=dt.date(2026, 12, 10), title="")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = HeaderEditor(values, "Møde")
        await pushed(pilot, app, editor, answers)
        burst(app, "Budgetmøde", "tab", "tab", "10:00", "tab", "12:00")
        await settle(pilot, lambda: editor.query_one("#field-end", Input).value == "12:00")
        collected = editor.collect()
    assert (collected.title, collected.start, collected.end) == ("Budgetmøde", "10:00", "12:00")
    assert collected.date == dt.date(2026, 12, 10)


# the real case: the installed binary in a terminal, the whole string in one send-keys -----------------------------


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(tmp_path / "empty-gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        env.pop(variable, None)
    (tmp_path / "empty-gitconfig").write_text("", encoding="utf-8")
    yield from terminal_in(tmp_path, "minutes-keys", env)


@pytest.mark.tmux
def test_tmux_new_meeting_and_identity_typed_in_bursts(terminal: Terminal, tmp_path: Path) -> None:
    """`n` on Chefforum, the date, start and place in one burst, then the identity dialog in one burst."""
    demo = tmp_path / "demo"
    subprocess.run([str(MINUTES), "demo", str(demo), "--no-open"], check=True, env=terminal.env, capture_output=True)
    for key in ("user.name", "user.email"):
        subprocess.run(["git", "-C", str(demo), "config", "--unset", key], env=terminal.env, capture_output=True, check=False)
    terminal.start([str(MINUTES), "open", str(demo)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Albertslund Kommune" in screen and "Chefforum" in screen)
    terminal.keys("Down", "Down", "Down", "Down")  # root, Aarhus Kommune, Chefteammøde, Albertslund Kommune, Chefforum
    terminal.type("n2031-02-03\t10:11\x7f5\t\x15Rum 2\r")  # n opens the dialog; backspace; ctrl+u clears the place
    terminal.wait_for(lambda screen: "Hvem er du?" in screen)
    terminal.type("Mette\tmette@example.dk\r")
    terminal.wait_for(lambda screen: "dagsorden oprettet" in screen)  # n on a forum makes its next agenda
    assert git_out(demo, "config", "user.name").strip() == "Mette"
    assert git_out(demo, "config", "user.email").strip() == "mette@example.dk"
    text = (demo / "albertslund-kommune/chefforum/2031-02-03.yaml").read_text(encoding="utf-8")
    assert "start: '10:15'" in text or 'start: "10:15"' in text
    assert "location: Rum 2" in text


@pytest.mark.tmux
def test_tmux_bracketed_paste_with_a_tab_fills_two_fields(terminal: Terminal, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    subprocess.run([str(MINUTES), "demo", str(demo), "--no-open"], check=True, env=terminal.env, capture_output=True)
    for key, value in (("user.name", "Mette"), ("user.email", "mette@example.dk")):
        subprocess.run(["git", "-C", str(demo), "config", key, value], env=terminal.env, capture_output=True, check=True)
    terminal.start([str(MINUTES), "open", str(demo)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Albertslund Kommune" in screen and "Chefforum" in screen)
    terminal.keys("Down", "Down", "Down", "Down", "n")
    terminal.wait_for(lambda screen: "Nyt møde i Chefforum" in screen)
    terminal.tmux("set-buffer", "2031-02-03\t10:15")
    terminal.tmux("paste-buffer", "-p", "-t", "main")  # bracketed, as the app asked the terminal for
    terminal.wait_for(lambda screen: "10:15" in screen)
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "dagsorden oprettet" in screen)  # n on a forum makes its next agenda
    text = (demo / "albertslund-kommune/chefforum/2031-02-03.yaml").read_text(encoding="utf-8")
    assert "start: '10:15'" in text or 'start: "10:15"' in text
