"""SVG snapshots of the meeting's cycle in Danish at 80x24 and 120x40: the tree's statuses and next meeting, a meeting
with its approval, marks, links, follow-up, attachments and corrections, and the open actions with their follow-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from cycle_repo import FORUM, make_cycle_repo
from pilot_wait import find_forum, settle

from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen
from tui.widgets.fit_table import FitTable
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView
from tui.widgets.status_line import StatusLine

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_cycle_repo(tmp_path / "repo")


def _status_shown(pilot) -> bool:
    return bool(str(pilot.app.screen.query_one(StatusLine).content))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_tree_with_statuses_and_the_next_meeting(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def expand(pilot) -> None:
        tree = pilot.app.screen.query_one(ForumTree)
        forum = find_forum(tree, "Chefforum")
        forum.expand()
        await settle(pilot, lambda: forum.data.loaded and len(forum.children) == 3)
        for year in forum.children[1:]:
            year.expand()
        await settle(pilot, lambda: all(year.data.loaded for year in forum.children[1:]) and _status_shown(pilot))
        tree.move_cursor(forum.children[0])
        await pilot.pause()

    assert snap_compare(make_app(repo), terminal_size=size, run_before=expand)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize(
    ("meeting", "point"),
    [("2019-10-24", 3), ("2019-11-07", 2)],
    ids=["approved_postponed_closed", "carried_follow_up_corrections"],
)
def test_meeting_view_of_the_cycle(snap_compare, repo: Path, meeting: str, point: int, size: tuple[int, int]) -> None:
    path = repo / FORUM / f"{meeting}.yaml"

    async def show(pilot) -> None:
        view = pilot.app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None and view.point_views() and _status_shown(pilot))
        await settle(pilot, lambda: view.meeting.status != "approved" or path.resolve() in view.approvals)
        await settle(pilot, lambda: not any(p.point.postponed for p in view.point_views()) or path.resolve() in view.taken_up)
        view.focus()
        if size == (80, 24):
            view.scroll_to_point(point)
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=size, run_before=show)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_open_actions_with_follow_up_and_postponed_points(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def open_actions(pilot) -> None:
        app = pilot.app
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and _status_shown(pilot))
        app.update_index()
        await settle(pilot, lambda: app.search_index is not None)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, ActionsScreen) and app.screen.rows)
        table = app.screen.query_one(FitTable)
        await settle(pilot, lambda: table.row_count == 2 and table.size.width > 0)
        await pilot.pause()

    assert snap_compare(make_app(repo), terminal_size=size, run_before=open_actions)


async def _meeting_shown(pilot, path: Path) -> MeetingView:
    view = pilot.app.screen.query_one(MeetingView)
    await settle(pilot, lambda: view.meeting is not None and view.point_views() and _status_shown(pilot))
    await settle(pilot, lambda: view.meeting.status != "approved" or path.resolve() in view.approvals)
    view.focus()
    await pilot.pause()
    return view


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_attendance_marked_one_key_per_member(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    path = repo / FORUM / "2019-11-07.yaml"
    forum_file = repo / FORUM / "forum.yaml"
    forum_file.write_text(forum_file.read_text() + "members: [Ida Holm, Bo Berg, Åse Ærø]\n", encoding="utf-8")

    async def mark(pilot) -> None:
        await _meeting_shown(pilot, path)
        await pilot.press("p")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "AttendanceScreen")
        await pilot.press("p", "a")
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=size, run_before=mark)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_a_correction_of_approved_minutes_asks_its_reason(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    path = repo / FORUM / "2019-10-24.yaml"

    async def correct(pilot) -> None:
        await _meeting_shown(pilot, path)
        await pilot.press("c", "ctrl+s")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "TextInputDialog")
        await pilot.press(*"Forkert punkt")
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=size, run_before=correct)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_export_dialog_offers_the_agenda_and_publishing(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    path = repo / FORUM / "2019-11-07.yaml"

    async def export(pilot) -> None:
        await _meeting_shown(pilot, path)
        await pilot.press("D")
        await settle(pilot, lambda: type(pilot.app.screen).__name__ == "ExportDialog")
        pilot.app.screen.query_one("#export-file").value = "/tmp/chefforum-2019-11-07.pdf"
        await pilot.press("tab")
        await pilot.press("shift+tab", "shift+tab")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=size, run_before=export)
