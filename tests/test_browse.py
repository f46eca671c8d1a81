"""The browsing app under Textual's Pilot: tree, meeting view, help, languages, broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pilot_wait import find_forum, settle
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from repo_layout.model.discover import Repository
from tui.app import MinutesApp, make_app
from tui.screens.help import HelpScreen
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView, PointView

SAMPLE = Path(__file__).resolve().parent.parent / "sample-repo"
SIZE = (120, 40)

MEETINGS = {
    "albertslund-kommune/chefforum/2019-10-24.yaml": ("Chefforum", "2019"),
    "albertslund-kommune/chefforum/2015-04-23.yaml": ("Chefforum", "2015"),
    "lemvig-kommune/centerledermoede/2020-10-08.yaml": ("Centerledermøde", "2020"),
    "sl-ledersektionen/aarsmoede/2018-04-05.yaml": ("Årsmøde i ledersektionen", "2018"),
    "aarhus-kommune/chefteammoede/2021-10-14.yaml": ("Chefteammøde", "2021"),
}


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(sample_repo: Path) -> Path:
    return sample_repo


def view_text(app: MinutesApp) -> str:
    """Everything the meeting view shows, as plain text."""
    view = app.screen.query_one(MeetingView)
    parts = []
    for static in view.query(Static):
        content = static.content
        parts.append(content.plain if isinstance(content, Text) else str(content))
    return "\n".join(parts)


def node_by_label(parent, label: str):
    for child in parent.children:
        if str(child.label).split("  ")[0] == label:
            return child
    raise AssertionError(f"no node {label!r} under {parent.label}: {[str(c.label) for c in parent.children]}")


async def walk_to(pilot, app: MinutesApp, forum_name: str, year: str, date: str) -> None:
    """Open a meeting with the keyboard: cursor to the forum, Enter-expand, down to the meeting, Enter."""
    tree = app.screen.query_one(ForumTree)
    tree.focus()
    forum_node = find_forum(tree, forum_name)
    tree.move_cursor(forum_node)
    await pilot.pause()
    if not forum_node.is_expanded:
        await pilot.press("space")
    await settle(pilot, lambda: forum_node.data.loaded)
    year_node = node_by_label(forum_node, year)
    if not year_node.is_expanded:
        tree.move_cursor(year_node)
        await pilot.pause()
        await pilot.press("space")
    await settle(pilot, lambda: year_node.data.loaded and year_node.children)
    meeting_node = node_by_label(year_node, date)
    await pilot.pause()
    tree.move_cursor(meeting_node)
    await pilot.pause()
    await pilot.press("enter")
    view = app.screen.query_one(MeetingView)
    await settle(pilot, lambda: view.meeting is not None and view.meeting.date.isoformat() == date)


async def test_tree_shows_groups_and_forums_by_display_name(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(ForumTree)
        assert str(tree.root.label) == "Ledelsesreferater"
        groups = [str(node.label) for node in tree.root.children]
        assert groups == ["Aarhus Kommune", "Albertslund Kommune", "Lemvig Kommune", "SL, ledersektionen"]
        forums = [str(node.label) for group in tree.root.children for node in group.children]
        assert "Centerledermøde" in forums and "Årsmøde i ledersektionen" in forums
        assert all(not node.data.loaded for group in tree.root.children for node in group.children)


@pytest.mark.parametrize("relative", sorted(MEETINGS))
async def test_walk_tree_to_each_meeting_shows_titles_and_decisions(repo: Path, relative: str) -> None:
    forum_name, year = MEETINGS[relative]
    meeting = Repository(repo).load_meeting(repo / relative)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, app, forum_name, year, meeting.date.isoformat())
        text = view_text(app)
        for point in meeting.points:
            assert point.title in text
            if point.decision:
                assert point.decision.rstrip("\n") in text
            for heading, _ in point.sections:
                assert heading in text
        assert len(app.screen.query(PointView)) == len(meeting.points)


async def test_years_newest_first_and_newest_year_opens(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, app, "Chefforum", "2019", "2019-10-24")
        tree = app.screen.query_one(ForumTree)
        forum_node = find_forum(tree, "Chefforum")
        assert [str(n.label).split("  ")[0] for n in forum_node.children] == ["2019", "2015"]


async def test_open_meeting_by_path(repo: Path) -> None:
    target = repo / "albertslund-kommune/chefforum/2015-04-23.yaml"
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None)
        assert view.meeting.path == target.resolve()
        tree = app.screen.query_one(ForumTree)
        assert tree.cursor_node is not None and tree.cursor_node.data.summary.path == target.resolve()
        await settle(pilot, lambda: "CF - Kompetenceudviklingsplan 2015" in view_text(app))
        await settle(pilot, lambda: app.focused is view)  # the keys go to the meeting that was asked for
        await pilot.press("j", "j")
        await settle(pilot, lambda: view.highlighted == 2)


async def test_question_mark_shows_help_with_every_binding(repo: Path) -> None:
    app = make_app(repo, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = []
        for static in app.screen.query(Static):
            if isinstance(static.content, Table):
                for column in static.content.columns:
                    rows.extend(cell.plain for cell in column._cells)
        for word in ("Quit", "Help", "Next point", "Previous point", "Next pane", "Open", "Back", "Commands"):
            assert word in rows, word
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_broken_file_is_marked_and_shows_its_problem(repo: Path) -> None:
    broken = repo / "albertslund-kommune/chefforum/2016-01-14.yaml"
    broken.write_text("title: Broken\ndate: 2016-01-14\npoints:\n  - number: 1\n    title: [unclosed\n", encoding="utf-8")
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(ForumTree)
        assert tree.reveal(broken)
        await settle(pilot, lambda: "⚠" in view_text(app))
        text = view_text(app)
        assert "2016-01-14.yaml" in text
        assert "6:1:" in text or "5:" in text
        node = tree.find_meeting(broken)
        assert node is not None and "⚠" in str(node.label)
        # the rest keeps working
        assert tree.reveal(repo / "albertslund-kommune/chefforum/2019-10-24.yaml")
        await settle(pilot, lambda: "CF - Justering af LULS-konceptet" in view_text(app) and "⚠" not in view_text(app))


async def test_repository_where_every_meeting_is_broken_still_opens(tmp_path: Path) -> None:
    repo = tmp_path / "all-broken"
    (repo / "forum").mkdir(parents=True)
    (repo / "minutes.yaml").write_text("schema: 1\nname: Alt i stykker\nlanguage: da\n", encoding="utf-8")
    (repo / "forum" / "forum.yaml").write_text("name: Forum\n", encoding="utf-8")
    (repo / "forum" / "2020-01-01.yaml").write_text(": : :\n", encoding="utf-8")
    (repo / "forum" / "2020-02-01.yaml").write_bytes(b"\xff\xfe binary \x00")
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(ForumTree)
        assert tree.reveal(repo / "forum" / "2020-02-01.yaml")
        await settle(pilot, lambda: "⚠" in view_text(app))
        assert "filen er binær" in view_text(app)  # the problem in the UI's language


async def test_markup_in_files_is_shown_literally(repo: Path) -> None:
    target = repo / "albertslund-kommune/chefforum/2019-10-24.yaml"
    meeting = Repository(repo).load_meeting(target)
    meeting.points[0].decision = "Se [bold]dette[/] og [link=https://example.org]her[/link].\n"
    meeting.points[0].title = "[red]Ikke rød[/red]"
    target.write_text(meeting.dump(), encoding="utf-8")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(MeetingView)
        literal = "Se [bold]dette[/] og [link=https://example.org]her[/link]."
        await settle(pilot, lambda: view.meeting is not None and literal in view_text(app))  # the points mount a moment later
        text = view_text(app)
        assert "[red]Ikke rød[/red]" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [("da", ("Mødested", "Beslutning", "Punkt 3.", "Afslut")), ("en", ("Place", "Decision", "Point 3.", "Quit"))],
)
async def test_language_changes_the_words(repo: Path, language: str, words: tuple[str, ...]) -> None:
    target = repo / "albertslund-kommune/chefforum/2019-10-24.yaml"
    app = make_app(target, language=language)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None and all(word in view_text(app) for word in words[:3]))
        text = view_text(app)
        footer_words = [binding.description for _, binding in app._bindings]
        assert words[3] in footer_words
        # headings inside the file stay as written whatever the language
        assert "Anledning" in text and "Indstilling" in text


async def test_language_defaults_to_minutes_yaml(tmp_path: Path) -> None:
    repo = tmp_path / "english"
    shutil.copytree(SAMPLE, repo)
    config = repo / "minutes.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: da", "language: en"), encoding="utf-8")
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.language == "en"
        assert "Choose a meeting" in view_text(app)


async def test_j_and_k_move_between_points(repo: Path) -> None:
    app = make_app(repo / "albertslund-kommune/chefforum/2015-04-23.yaml")
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(MeetingView)
        await settle(pilot, lambda: view.meeting is not None)
        view.focus()
        await pilot.pause()
        await pilot.press("j", "j")
        assert view.highlighted == 2
        await pilot.press("k")
        assert view.highlighted == 1
        highlighted = [v.index for v in view.query(PointView) if v.has_class("-highlight")]
        assert highlighted == [1]


async def test_tab_moves_between_panes_and_escape_goes_back(repo: Path) -> None:
    app = make_app(repo / "albertslund-kommune/chefforum/2019-10-24.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.focused, MeetingView))  # opened on a meeting: the meeting has the keys
        await pilot.press("escape")
        assert isinstance(app.focused, ForumTree)
        await pilot.press("tab")
        assert isinstance(app.focused, MeetingView)
        await pilot.press("escape")
        assert isinstance(app.focused, ForumTree)


async def test_q_quits(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_theme_is_remembered(repo: Path, tmp_path: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    settings = tmp_path / "config" / "settings.json"
    assert '"nord"' in settings.read_text(encoding="utf-8")
    second = make_app(repo)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.theme == "nord"
