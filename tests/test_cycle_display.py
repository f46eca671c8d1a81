"""The meeting's cycle as the app shows it, under Pilot on a real git repository: the tree's status glyphs and next
meeting, the meeting view's status, approval (from a real tag), marks, links, attachments and corrections."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cycle_repo import FORUM, make_cycle_repo
from pilot_wait import find_forum, settle
from rich.text import Text
from textual.widgets import Static

from repo_layout.model.discover import MeetingRef, Repository
from repo_layout.model.points import PointLink
from tui.app import MinutesApp, make_app
from tui.widgets.forum_tree import ForumTree, next_planned
from tui.widgets.meeting_view import MeetingView

SIZE = (120, 40)

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_cycle_repo(tmp_path / "repo")


def view_text(app: MinutesApp) -> str:
    """Everything the meeting view shows, as plain text."""
    parts = []
    for static in app.screen.query_one(MeetingView).query(Static):
        content = static.content
        if static.display:
            parts.append(content.plain if isinstance(content, Text) else str(content))
    return "\n".join(parts)


async def _open(pilot, app: MinutesApp) -> MeetingView:
    view = app.screen.query_one(MeetingView)
    await settle(pilot, lambda: view.meeting is not None and view.point_views())
    return view


async def test_tree_shows_each_status_as_a_glyph_and_the_next_meeting_first(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(ForumTree)
        forum = find_forum(tree, "Chefforum")
        forum.expand()
        await settle(pilot, lambda: forum.data.loaded and len(forum.children) == 3)
        first = forum.children[0]
        assert first.data.upcoming and first.data.summary.path.name == "2099-01-08.yaml"
        assert str(first.label) == "Næste møde 2099-01-08 ○ planlagt"
        year_2019 = next(node for node in forum.children if str(node.label).startswith("2019"))
        year_2019.expand()
        year_2099 = forum.children[1]
        year_2099.expand()
        await settle(pilot, lambda: len(year_2019.children) == 2 and len(year_2099.children) == 2)
        labels = [str(node.label) for node in (*year_2099.children, *year_2019.children)]
        assert labels == [
            "2099-02-05  ◐ Chefforum",
            "2099-01-08  ○ Chefforum",
            "2019-11-07  ● Chefforum",
            "2019-10-24  ✓ Chefforum",
        ]


async def test_a_past_planned_meeting_is_not_the_next_one(repo: Path) -> None:
    """Only a meeting dated today or later is the next one: with "today" after both planned meetings, none is."""
    forum = Repository(repo).find_forum("Chefforum")
    refs: list[MeetingRef] = forum.meetings()
    assert next_planned(refs, forum.meetings()[0].date).ref.path.name == "2099-02-05.yaml"
    assert next_planned(refs, refs[1].date).ref.path.name == "2099-01-08.yaml"
    assert next_planned(refs, refs[0].date.replace(year=2100)) is None


def test_the_next_meeting_reads_only_meetings_to_come(repo: Path) -> None:
    """A thousand past meetings cost nothing: only files dated today or later are read (here none is readable)."""
    forum = Repository(repo).find_forum("Chefforum")
    folder = repo / FORUM
    for day in range(1000):
        (folder / f"{1900 + day // 300}-{1 + day % 12:02d}-{1 + day % 28:02d}-{day}.yaml").write_text("", encoding="utf-8")
    refs = forum.meetings()
    assert len(refs) > 1000
    started = time.perf_counter()
    found = next_planned(refs, refs[0].date.replace(year=2098))
    assert time.perf_counter() - started < 0.1
    assert found is not None and found.ref.path.name == "2099-01-08.yaml"


async def test_the_view_shows_approval_from_the_tag_and_a_postponed_points_link_forward(repo: Path) -> None:
    app = make_app(repo / FORUM / "2019-10-24.yaml")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot, app)
        await settle(pilot, lambda: "godkendt 2019-11-07 af Ida Godkender" in view_text(app))
        text = view_text(app)
        assert "Status    ✓ godkendt 2019-11-07 af Ida Godkender" in text
        assert "⏸ Udsat: Afventer høringssvar" in text
        assert "⏸ Udsat: Tallene mangler" in text
        await settle(pilot, lambda: "taget op igen på mødet 2019-11-07, punkt 3" in view_text(app))
        assert view_text(app).count("taget op igen") == 1  # point 5 is not taken up yet
        assert "🔒 Lukket punkt" in text and "Drøftet." in text  # the minute-taker still sees a closed point's content
        assert "Høringsnotat  📎 fil: 2019-10-24/hoeringsnotat.pdf" in text
        view.highlight_point(2)
        assert view.links_of_current_point() == [PointLink("2019-11-07", 3)]
        view.highlight_point(4)
        assert view.links_of_current_point() == []


async def test_the_view_shows_links_back_follow_up_and_corrections(repo: Path) -> None:
    app = make_app(repo / FORUM / "2019-11-07.yaml")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot, app)
        text = view_text(app)
        assert "● afholdt" in text
        assert "→ referatet fra mødet 2019-10-24" in text
        assert "☐ Kommunikere LUS til lederne  (Ansvarlig: Alle chefer)  Frist: 2019-11-30" in text
        assert "besluttet på mødet 2019-10-24, punkt 2" in text
        assert "↩ udsat fra mødet 2019-10-24, punkt 3" in text
        assert "• Gammelt notat" in text and "Gammelt notat  📎" not in text  # only named: no kept file
        assert "Rettelser efter godkendelse" in text
        assert "Rettet 2019-11-20 af Egil Hansen: beslutning i punkt 3 ændret. Begrundelse: Beløbet var skrevet forkert" in text
        assert view.links_of_current_point() == [PointLink("2019-10-24", None)]
        view.highlight_point(1)
        assert view.links_of_current_point() == [PointLink("2019-10-24", 2)]
        view.highlight_point(2)
        assert view.links_of_current_point() == [PointLink("2019-10-24", 3)]


async def test_an_approved_meeting_without_a_tag_shows_no_approver(repo: Path) -> None:
    from tests.conftest import run_git

    run_git(repo, "tag", "--delete", f"{FORUM}/2019-10-24/godkendt")
    app = make_app(repo / FORUM / "2019-10-24.yaml")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot, app)
        await settle(pilot, lambda: view.meeting is not None and view.meeting.path.resolve() in view.approvals)
        await pilot.pause()
        assert "Status    ✓ godkendt\n" in view_text(app)


async def test_the_next_meeting_node_opens_that_meeting(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(ForumTree)
        forum = find_forum(tree, "Chefforum")
        forum.expand()
        await settle(pilot, lambda: forum.data.loaded)
        tree.focus()
        tree.move_cursor(forum.children[0])
        await pilot.press("enter")
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None and view.meeting.path.name == "2099-01-08.yaml")
        assert "○ planlagt" in view_text(app)
