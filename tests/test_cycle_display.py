"""The meeting's cycle as the app shows it, under Pilot on a real git repository: the tree's status glyphs and next
meeting, the meeting view's status, approval (from a real tag), marks, links, attachments and corrections."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cycle_repo import FORUM, PLANNED, make_cycle_repo
from pilot_wait import find_forum, settle
from rich.text import Text
from textual.widgets import Static
from textual.widgets.tree import TreeNode

from repo_layout.model.discover import MeetingRef, Repository
from repo_layout.model.points import PointLink
from repo_layout.search.index import SearchIndex
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.widgets.fit_table import FitTable
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


async def _expand_forum(pilot, app: MinutesApp) -> tuple[ForumTree, TreeNode]:
    """The tree and its forum Chefforum, expanded: the next meeting and two years."""
    tree = app.screen.query_one(ForumTree)
    forum = find_forum(tree, "Chefforum")
    forum.expand()
    await settle(pilot, lambda: forum.data.loaded and len(forum.children) == 3)
    return tree, forum


async def test_tree_shows_each_status_as_a_glyph_and_the_next_meeting_first(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        _, forum = await _expand_forum(pilot, app)
        first = forum.children[0]
        assert first.data.upcoming and first.data.summary.path.name == "2099-01-08.yaml"
        assert str(first.label) == "2099-01-08 ○ Næste møde"
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
        assert "↷ Udsat: Afventer høringssvar" in text
        assert "↷ Udsat: Tallene mangler" in text
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
        tree, forum = await _expand_forum(pilot, app)
        tree.focus()
        tree.move_cursor(forum.children[0])
        await pilot.press("enter")
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None and view.meeting.path.name == "2099-01-08.yaml")
        assert "○ planlagt" in view_text(app)


# --- the decision log and the open actions ------------------------------------------------------


@pytest.fixture
def index(repo: Path, tmp_path: Path) -> SearchIndex:
    return SearchIndex.build(Repository(repo), use_cache=False)


def test_decisions_carry_their_meetings_status(index: SearchIndex) -> None:
    statuses = {(row.date.isoformat(), row.point): row.status for row in index.decisions()}
    assert statuses[("2019-10-24", 1)] == "approved"
    assert statuses[("2019-11-07", 3)] == "held"


def test_an_open_action_says_where_a_later_meeting_followed_it_up(index: SearchIndex) -> None:
    (action,) = index.open_actions()  # the done one is not listed
    assert (action.task, action.status, action.followed_up) == ("Kommunikere LUS til lederne", "approved", ("2019-11-07", 2))


def test_postponed_points_not_taken_up_are_open_items(index: SearchIndex) -> None:
    """Point 3 of 2019-10-24 was carried to 2019-11-07; point 5 waits still."""
    (item,) = index.postponed_points()
    assert (item.path, item.point, item.point_title, item.task, item.postponed) == (
        f"{FORUM}/2019-10-24.yaml", 5, "Budget 2020", "Tallene mangler", True,
    )  # fmt: skip


def test_the_cycle_marks_survive_the_cache(repo: Path, tmp_path: Path) -> None:
    """A warm start reads the statuses and links back from the snapshot: the same rows as a fresh build."""
    cache = tmp_path / "search-cache"
    built = SearchIndex.build(Repository(repo), cache_dir=cache)
    warm = SearchIndex.build(Repository(repo), cache_dir=cache)
    assert warm.parsed_count == 0
    assert warm.open_actions() == built.open_actions() and warm.postponed_points() == built.postponed_points()
    assert [row.status for row in warm.decisions()] == [row.status for row in built.decisions()]


@pytest.mark.parametrize(
    "cycle",
    [
        ("held", ((3, None),), (), ()),  # postponed at a point the meeting lacks
        ("held", (), ((0, 7, None),), ()),  # a carried link naming no meeting
        (5, (), (), ()),  # a status that is a number
        ("held", (), (), ((0, "2019-10-24", 2, None),)),  # a follow-up without its task
        ("held", (), ()),  # a part missing
    ],
)
def test_a_record_with_unsound_cycle_marks_is_not_used(cycle: tuple) -> None:
    from repo_layout.search.records import sound_record

    good = ("ok", (), ((1, "t", None),), (), ("held", ((0, "grund"),), ((0, "2019-10-24", 3),), ((0, "2019-10-24", 2, "x"),)))
    assert sound_record(good)
    assert not sound_record((*good[:4], cycle))
    assert not sound_record(good[:4])  # a record from before the cycle


async def test_the_decision_log_shows_the_status_and_the_actions_their_follow_up(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        app.update_index()
        await settle(pilot, lambda: app.search_index is not None)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, DecisionLogScreen) and app.screen.shown)
        table = app.screen.query_one(FitTable)
        await settle(pilot, lambda: table.row_count == len(app.screen.shown) and table.size.width > 0)
        cells = [table.get_row_at(row) for row in range(table.row_count)]
        assert {row[0].plain.splitlines()[1] for row in cells} == {"✓ godkendt", "● afholdt"}
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, ActionsScreen) and app.screen.rows)
        screen = app.screen
        table = screen.query_one(FitTable)
        await settle(pilot, lambda: table.row_count == 2 and table.size.width > 0)
        action, postponed = (" ".join(" ".join(cell.plain for cell in table.get_row_at(row)).split()) for row in range(2))
        assert "↪ fulgt op på mødet 2019-11-07, punkt 2" in action and "✓ godkendt" in action
        assert "↷ Udsat punkt: Budget 2020" in postponed and "Tallene mangler" in postponed
        table.move_cursor(row=1)
        await pilot.press("space")
        await pilot.pause()
        assert not screen.marked  # a postponed point is not an action to mark done
        await pilot.press("enter")
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None and view.meeting.path.name == "2019-10-24.yaml")
        await settle(pilot, lambda: view.highlighted == 4)


async def test_the_cycle_in_english(repo: Path) -> None:
    app = make_app(repo / FORUM / "2019-10-24.yaml", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, app)
        await settle(pilot, lambda: "✓ approved 2019-11-07 by Ida Godkender" in view_text(app))
        await settle(pilot, lambda: "↪ taken up at the meeting of 2019-11-07, point 3" in view_text(app))
        text = view_text(app)
        assert "↷ Postponed: Afventer høringssvar" in text and "🔒 Closed point" in text
        assert "file: 2019-10-24/hoeringsnotat.pdf" in text


async def test_a_meeting_marked_held_is_no_longer_the_next_one(repo: Path) -> None:
    """H on the next meeting (a real commit): its glyph becomes ● and the meeting after it becomes the next one."""
    from tests.conftest import run_git

    run_git(repo, "config", "user.name", "Ida Referent")
    run_git(repo, "config", "user.email", "ida@example.org")
    app = make_app(repo / FORUM / "2099-01-08.yaml")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot, app)
        tree = app.screen.query_one(ForumTree)
        forum = find_forum(tree, "Chefforum")
        await settle(pilot, lambda: forum.data.loaded and forum.children[0].data.upcoming)
        assert forum.children[0].data.summary.path.name == "2099-01-08.yaml"
        view.focus()
        await pilot.press("H")
        await settle(pilot, lambda: forum.children[0].data.summary.path.name == "2099-02-05.yaml")
        assert str(forum.children[0].label) == "2099-02-05 ◐ Næste møde"
        held = tree.find_meeting(repo / FORUM / "2099-01-08.yaml")
        assert str(held.label) == "2099-01-08  ● Chefforum"
        assert sum(1 for node in forum.children if node.data.upcoming) == 1


async def test_a_saved_status_change_finds_the_next_meeting_again(repo: Path) -> None:
    """A save that changed the status (the header editor's status field) relabels the meeting from the saved data and
    puts the forum's next meeting first again."""
    import datetime as dt

    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        tree, forum = await _expand_forum(pilot, app)
        path = repo / FORUM / "2099-01-08.yaml"
        (repo / FORUM / "2099-01-08.yaml").write_text(PLANNED.replace("planned", "held"), encoding="utf-8")
        tree.refresh_meeting(path, {"title": "Chefforum", "date": dt.date(2099, 1, 8), "status": "held", "points": []})
        await pilot.pause()
        assert [str(node.label) for node in forum.children][:1] == ["2099-02-05 ◐ Næste møde"]
        assert sum(1 for node in forum.children if node.data.upcoming) == 1
