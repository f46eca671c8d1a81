"""SVG snapshots of the screens at 120x40 (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import ModalScreen

from tui.app import make_app
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView
from tui.widgets.status_line import StatusLine

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(sample_repo: Path) -> Path:
    return sample_repo


async def _settle(pilot, condition) -> None:
    for _ in range(60):
        if condition():
            break
        await pilot.pause(0.05)
    await pilot.pause()


def _status_shown(pilot) -> bool:
    return bool(str(pilot.app.screen.query_one(StatusLine).content))


def test_home_screen(snap_compare, repo: Path) -> None:
    async def wait_for_status(pilot) -> None:
        await _settle(pilot, lambda: _status_shown(pilot))

    assert snap_compare(make_app(repo), terminal_size=SIZE, run_before=wait_for_status)


async def _scroll_to_point_3(pilot) -> None:
    view = pilot.app.screen.query_one(MeetingView)
    await _settle(pilot, lambda: view.meeting is not None and len(view.point_views()) == 8 and _status_shown(pilot))
    view.focus()
    view.scroll_to_point(3)
    await pilot.pause()
    await pilot.pause()


def test_2015_chefforum_scrolled_to_point_3(snap_compare, repo: Path) -> None:
    app = make_app(repo / "albertslund-kommune/chefforum/2015-04-23.yaml")
    assert snap_compare(app, terminal_size=SIZE, run_before=_scroll_to_point_3)


@pytest.mark.parametrize("language", ["da", "en"])
def test_help_screen(snap_compare, repo: Path, language: str) -> None:
    async def open_help(pilot) -> None:
        await _settle(pilot, lambda: _status_shown(pilot))
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(repo, language=language), terminal_size=SIZE, run_before=open_help)


def test_broken_meeting(snap_compare, repo: Path) -> None:
    broken = repo / "albertslund-kommune/chefforum/2016-01-14.yaml"
    broken.write_text("title: Ødelagt\ndate: 2016-01-14\npoints: 3\n", encoding="utf-8")

    async def wait_for_problem(pilot) -> None:
        tree = pilot.app.screen.query_one(ForumTree)
        view = pilot.app.screen.query_one(MeetingView)
        await _settle(pilot, lambda: view.meeting is None and len(view.children) > 1 and _status_shown(pilot))
        assert tree.find_meeting(broken) is not None

    assert snap_compare(make_app(broken), terminal_size=SIZE, run_before=wait_for_problem)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_high_contrast(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    """The high-contrast theme (a setting): white and yellow on black, no dimmed text; the 2015 meeting at point 3."""
    from repo_layout.locations import config_dir
    from tui.settings import HIGH_CONTRAST

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.json").write_text(f'{{"theme": "{HIGH_CONTRAST}"}}\n', encoding="utf-8")

    app = make_app(repo / "albertslund-kommune/chefforum/2015-04-23.yaml")
    assert snap_compare(app, terminal_size=size, run_before=_scroll_to_point_3)


def _new_meeting_dialog() -> ModalScreen[object]:
    """A forum with no usual start: the start field shows its example, marked as one ("fx 09:00")."""
    from tui.widgets.dialogs import NewMeetingDialog

    return NewMeetingDialog("Årsmøde i ledersektionen", "Salen", "")


def _delete_question() -> ModalScreen[object]:
    """Delete's question focuses Annullér: that button looks chosen, "Slet" (the primary answer) only has a coloured label."""
    from tui.widgets.dialogs import ChoiceDialog

    choices = [("delete", "Slet"), ("cancel", "Annullér")]
    return ChoiceDialog("Slet punkt 2?", "Punktet fjernes fra mødet.", choices, focus="cancel")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("dialog", [_new_meeting_dialog, _delete_question], ids=["new_meeting", "delete_question"])
def test_dialog(snap_compare, repo: Path, dialog: Callable[[], ModalScreen[object]], size: tuple[int, int]) -> None:
    async def open_dialog(pilot) -> None:
        await _settle(pilot, lambda: _status_shown(pilot))
        pilot.app.push_screen(dialog())
        await _settle(pilot, lambda: isinstance(pilot.app.screen, ModalScreen) and pilot.app.focused is not None)
        for field in pilot.app.screen.query("#new-date"):
            field.value = "2026-12-10"  # not today's date, which changes
        await pilot.pause()

    assert snap_compare(make_app(repo), terminal_size=size, run_before=open_dialog)
