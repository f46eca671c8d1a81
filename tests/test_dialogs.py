"""Dialogs and editor forms by keyboard: buttons by the arrows and Space, the focused button the one that looks chosen,
examples that are not saved, the usual start of a forum filled in, the point editor's section keys, labels kept in view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_files
from pilot_wait import find_forum, settle
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input

from repo_layout.editing.creating import usual_start
from repo_layout.editing.values import ActionValues, HeaderValues, PointValues
from repo_layout.model.discover import Repository
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.screens.header_editor import HeaderEditor
from tui.screens.point_editor import PointEditor, SectionEditor
from tui.widgets.dialogs import ChoiceDialog, NewMeetingDialog
from tui.widgets.editor_form import label_of
from tui.widgets.forum_tree import ForumTree

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")

CHOICES = [("delete", "Slet"), ("keep", "Behold"), ("cancel", "Annullér")]


async def pushed(pilot: Pilot, app: App[object], screen: Screen[object], answers: list[object]) -> None:
    """Push `screen` (its answer goes to `answers`) and wait until something in it has the focus."""
    app.push_screen(screen, answers.append)
    await settle(pilot, lambda: app.screen is screen and app.focused is not None)


# the buttons ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "answer"),
    [
        (["space"], "cancel"),  # the focused button, not the primary one
        (["enter"], "cancel"),
        (["left", "space"], "keep"),
        (["left", "left", "left", "enter"], "delete"),  # stops at the first
        (["up", "down", "right", "space"], "cancel"),  # up and down move too; stops at the last
    ],
)
async def test_arrows_move_between_buttons_and_space_presses(demo_repo: Path, keys: list[str], answer: str) -> None:
    app = make_app(demo_repo)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pushed(pilot, app, ChoiceDialog("Slet punktet?", "Punkt 2", CHOICES, focus="cancel"), answers)
        await pilot.press(*keys)
        await settle(pilot, lambda: answers)
    assert answers == [answer]


async def test_the_focused_button_looks_chosen_and_primary_is_only_a_hint(demo_repo: Path) -> None:
    """Focus on Annullér: it has the chosen look (accent background, underlined); Slet, the primary, does not."""
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pushed(pilot, app, ChoiceDialog("Slet punktet?", "Punkt 2", CHOICES, focus="cancel"), [])
        primary, middle, focused = app.screen.query(Button)
        assert app.focused is focused
        assert focused.styles.background != primary.styles.background
        assert focused.styles.text_style.underline and not primary.styles.text_style.underline
        assert primary.styles.background == middle.styles.background  # the primary is not drawn as chosen
        await pilot.press("left", "left")
        await pilot.pause()
        assert app.focused is primary and primary.styles.text_style.underline and not focused.styles.text_style.underline


async def test_a_dialog_focuses_its_first_field_while_the_terminal_window_is_not_focused(demo_repo: Path) -> None:
    """Textual's auto focus waits for the terminal's focus; a dialog that opened meanwhile still takes the keys."""
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        app.app_focus = False
        dialog = NewMeetingDialog("Chefforum", "Mødelokale 1", "09:00")
        app.push_screen(dialog)
        await settle(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        assert app.focused is dialog.query_one("#new-date", Input)


# examples and the usual start -----------------------------------------------------------------------------------


def test_usual_start_is_what_most_of_the_newest_meetings_had(make_repo) -> None:
    meeting = "date: {date}\ntitle: Møde\n{start}points: []\n"
    files = {
        f"org/forum/{date}.yaml": meeting.format(date=date, start=f'start: "{start}"\n' if start else "")
        for date, start in [("2024-01-01", "08:00"), ("2024-02-01", "10:00"), ("2024-03-01", ""), ("2024-04-01", "10:00")]
    }
    repo = make_repo(files)
    forum = Repository(repo).forums()[0]
    assert usual_start(forum) == "10:00"  # the three newest: 10:00, none, 10:00
    assert usual_start(forum, recent=1) == "10:00"
    write_files(repo, {"org/forum/2024-05-01.yaml": meeting.format(date="2024-05-01", start='start: "9:15"\n')})
    assert usual_start(forum, recent=2) == "09:15"  # a tie: the newest one's, zero-padded


def test_usual_start_of_a_forum_with_no_start_is_empty(make_repo) -> None:
    files = {"org/forum/2024-01-01.yaml": "date: 2024-01-01\ntitle: Møde\npoints: []\n", "org/forum/2024-02-01.yaml": "[broken"}
    repo = make_repo(files)
    assert usual_start(Repository(repo).forums()[0]) == ""


async def _new_meeting(app: App[object], forum: str, pilot: Pilot) -> NewMeetingDialog:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    tree = screen.query_one(ForumTree)
    await settle(pilot, lambda: tree.root.children)
    tree.move_cursor(find_forum(tree, forum))
    tree.focus()
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog) and app.focused is not None)
    assert isinstance(app.screen, NewMeetingDialog)
    return app.screen


async def test_new_meeting_starts_with_the_forums_usual_start_and_saves_it(demo_repo: Path) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_meeting(app, "Chefforum", pilot)
        assert dialog.query_one("#new-start", Input).value == "09:00"  # a real value, from the forum's meetings
        dialog.query_one("#new-date", Input).value = "2031-02-03"
        await pilot.press("enter")
        created = demo_repo / "albertslund-kommune/chefforum/2031-02-03.yaml"
        await settle(pilot, lambda: created.exists())
    assert Repository(demo_repo).load_meeting(created).start == "09:00"


async def test_an_example_is_marked_and_never_saved(demo_repo: Path) -> None:
    """A forum whose meetings say no start: the field is empty, its example reads "fx 09:00", and the file has no start."""
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_meeting(app, "Årsmøde i ledersektionen", pilot)
        start = dialog.query_one("#new-start", Input)
        assert (start.value, start.placeholder) == ("", "fx 09:00")
        dialog.query_one("#new-date", Input).value = "2031-02-03"
        await pilot.press("enter")
        created = demo_repo / "sl-ledersektionen/aarsmoede/2031-02-03.yaml"
        await settle(pilot, lambda: created.exists())
    assert Repository(demo_repo).load_meeting(created).start is None
    assert "09:00" not in created.read_text(encoding="utf-8")


async def test_editor_examples_are_marked_and_collect_nothing(demo_repo: Path) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        header = HeaderEditor(HeaderValues(date=dt.date(2031, 2, 3), title="Møde"), "Møde")
        await pushed(pilot, app, header, [])
        assert [header.query_one(f"#field-{name}", Input).placeholder for name in ("start", "end")] == ["fx 09:00", "fx 11:00"]
        assert (header.collect().start, header.collect().end) == ("", "")
        app.pop_screen()
        point = PointEditor(PointValues(number=1, title="Punkt"), "Punkt 1")
        await pushed(pilot, app, point, [])
        assert point.query_one("#field-time", Input).placeholder == "fx 09:30-09:45"
        assert point.collect().time == ""


# the point editor: section keys, labels in view -------------------------------------------------------------------

LONG_POINT = PointValues(
    number=1,
    title="Budget",
    sections=[("Anledning", "a\n" * 12), ("Indstilling", "b\n" * 12), ("Sagsfremstilling", "c\n" * 12)],
    decision="Godkendt.",
    actions=[ActionValues("Skriv til KL", "Mette"), ActionValues("Ring til Lemvig", "Ole")],
)


async def test_section_buttons_are_out_of_the_tab_order_and_keys_move_and_remove(demo_repo: Path) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = PointEditor(LONG_POINT, "Punkt 1")
        await pushed(pilot, app, editor, [])
        form = editor.query_one("#editor-form")
        assert not any(button.focusable for button in editor.query(".section-bar Button, .action-remove"))
        second = editor.query(SectionEditor)[1]
        second.query_one(Input).focus()
        await pilot.press("alt+up")
        await settle(pilot, lambda: editor.collect().sections[0][0] == "Indstilling")
        assert [heading for heading, _ in editor.collect().sections] == ["Indstilling", "Anledning", "Sagsfremstilling"]
        await pilot.press("alt+down", "alt+down")
        await settle(pilot, lambda: editor.collect().sections[-1][0] == "Indstilling")
        await pilot.pause()
        assert app.focused is not None and form.can_view_entire(app.focused)  # the moved section's field is shown
        await pilot.press("ctrl+delete")
        await settle(pilot, lambda: len(editor.collect().sections) == 2)
        assert [heading for heading, _ in editor.collect().sections] == ["Anledning", "Sagsfremstilling"]
        assert isinstance(app.focused, Input) and app.focused.value == "Sagsfremstilling"  # the removed one's neighbour
        editor.query(".action-task").first().focus()
        await pilot.press("ctrl+delete")
        await settle(pilot, lambda: len(editor.collect().actions) == 1)
        assert editor.collect().actions[0].task == "Ring til Lemvig"
        assert isinstance(app.focused, Input) and app.focused.value == "Ring til Lemvig"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_tab_keeps_the_focused_fields_label_in_view(demo_repo: Path, size: tuple[int, int]) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=size) as pilot:
        editor = PointEditor(LONG_POINT, "Punkt 1")
        await pushed(pilot, app, editor, [])
        form = editor.query_one("#editor-form")
        seen = []
        for key in ["tab"] * 20 + ["shift+tab"] * 20:
            await pilot.press(key)
            await pilot.pause()
            field = app.focused
            assert field is not None
            label = label_of(field, form)
            seen.append(label)
            assert form.can_view_entire(field), field
            assert label is None or form.can_view_entire(label), (field, label)
        assert any(label is not None for label in seen)
