"""Search, the decision log, open actions and the command palette under Pilot; snapshots of the screens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import git_out
from pilot_wait import settle
from textual.command import CommandInput, CommandPalette
from textual.widgets import Input, OptionList, Select, Static

from repo_layout.model.discover import Repository
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.screens.search import SearchScreen
from tui.widgets.fit_table import FitTable

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(demo_repo: Path) -> Path:
    return demo_repo


async def ready(pilot, app: MinutesApp) -> None:
    """The index is built lazily, the first time it is needed: build it now and wait for it."""
    await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
    if app.search_index is None:
        app.update_index()
    await settle(pilot, lambda: app.search_index is not None)


async def type_query(pilot, app: MinutesApp, query: str) -> SearchScreen:
    await pilot.press("slash")
    await settle(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    screen.query_one(Input).value = query
    await settle(pilot, lambda: screen.hits and screen.query_one(OptionList).option_count == len(screen.hits))
    return screen


async def open_list(pilot, app: MinutesApp, key: str, kind: type, rows: Callable[[Any], list]) -> Any:
    """Press `key`: a screen of `kind` with rows(screen), once its table is laid out with a line for each."""
    await pilot.press(key)
    await settle(pilot, lambda: isinstance(app.screen, kind) and rows(app.screen))
    screen = app.screen
    assert isinstance(screen, kind)
    table = screen.query_one(FitTable)
    await settle(pilot, lambda: table.size.width > 0 and table.row_count == len(rows(screen)))
    return screen


async def open_log(pilot, app: MinutesApp) -> DecisionLogScreen:
    """d, once the index is built: the decision log."""
    await ready(pilot, app)
    return await open_list(pilot, app, "d", DecisionLogScreen, lambda screen: screen.shown)


async def open_actions(pilot, app: MinutesApp) -> ActionsScreen:
    """a: the open actions."""
    return await open_list(pilot, app, "a", ActionsScreen, lambda screen: screen.rows)


async def test_search_as_you_type_and_jump_to_the_point(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await type_query(pilot, app, "Aaben anonym raadgivning")
        first = screen.hits[0]
        assert (first.path, first.point) == ("lemvig-kommune/centerledermoede/2020-10-08.yaml", 6)
        await pilot.press("enter")
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.session.meeting.path.name == "2020-10-08.yaml")
        await settle(pilot, lambda: browse.view.highlighted == 5)
        assert browse.view.point_views()[5].point.title == "Manual til Åben Anonym Rådgivning"
        await settle(pilot, lambda: point_in_view(browse, 5))
        await pilot.pause(0.3)
        assert point_in_view(browse, 5), "the point must stay in view once the meeting is laid out"


def point_in_view(browse: BrowseScreen, index: int, scrolled: bool = True) -> bool:
    """The point's heading is inside the meeting view's visible region (not merely highlighted)."""
    view = browse.view
    heading = view.point_views()[index].region
    return (view.scroll_y > 0 or not scrolled) and heading.height > 0 and view.region.contains(heading.x, heading.y)


async def test_search_tolerates_typos_and_highlights_the_words(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await type_query(pilot, app, "ledelsgrundlag")
        assert any("edelsesgrundlag" in hit.excerpt for hit in screen.hits[:3])
        hit = screen.hits[0]
        start, end = hit.spans[0]
        assert "grundlag" in hit.excerpt[start:end].lower()


@pytest.mark.parametrize(
    ("language", "mark", "role"),
    [("da", "≈ omtrentligt fund", "(person: fremlægger)"), ("en", "≈ approximate match", "(person: presenter)")],
)
async def test_search_results_mark_approximate_hits_and_name_roles_in_the_language(
    repo: Path, language: str, mark: str, role: str
) -> None:
    app = make_app(repo, language)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await type_query(pilot, app, "beslutning")
        labels = [str(screen.query_one(OptionList).get_option_at_index(n).prompt).split("\n")[0] for n in range(len(screen.hits))]
        assert [mark in label for label in labels] == [hit.approximate for hit in screen.hits]
        assert any(hit.approximate for hit in screen.hits) and not screen.hits[0].approximate
        screen.query_one(Input).value = "Jakob Amtorp"
        await settle(pilot, lambda: screen.hits and screen.hits[0].heading == "presenter")
        await settle(pilot, lambda: role in str(screen.query_one(OptionList).get_option_at_index(0).prompt))


async def test_search_finds_an_edit_made_in_the_app_and_one_made_outside(repo: Path) -> None:
    app = make_app(repo)
    target = repo / "albertslund-kommune/chefforum/2015-04-23.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        meeting = Repository(repo).load_meeting(target)
        meeting.points[0].decision = "Zebraovergangen blev vedtaget.\n"
        target.write_text(meeting.dump(), encoding="utf-8")  # another program, no commit
        screen = await type_query(pilot, app, "zebraovergangen")
        assert screen.hits[0].path == "albertslund-kommune/chefforum/2015-04-23.yaml"
        assert screen.hits[0].point == 1


async def test_decision_log_filters_by_forum_date_and_text(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        everything = len(screen.shown)
        dates = [row.date for row in screen.shown]
        assert dates == sorted(dates, reverse=True), "newest first"
        screen.query_one("#filter-forum", Select).value = "Chefforum"
        await pilot.pause()
        assert screen.shown and {row.forum for row in screen.shown} == {"Chefforum"}
        screen.query_one("#filter-from", Input).value = "2019-01-01"
        await pilot.pause()
        assert {row.date.year for row in screen.shown} == {2019}
        screen.query_one("#filter-text", Input).value = "dagsorden"
        await pilot.pause()
        assert [(row.point, row.date.isoformat()) for row in screen.shown] == [(1, "2019-10-24")]
        assert len(screen.shown) < everything
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.session.meeting.path.name == "2019-10-24.yaml")
        await settle(pilot, lambda: browse.view.highlighted == 0 and point_in_view(browse, 0, scrolled=False))


async def test_marking_an_action_done_commits_it(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await open_actions(pilot, app)
        before = len(screen.rows)
        row = screen.rows[0]
        await pilot.press("space", "ctrl+s")
        await settle(pilot, lambda: len(screen.rows) == before - 1)
    subject = git_out(repo, "log", "-1", "--format=%s")
    assert "udført" in subject and row.task in subject
    meeting = Repository(repo).load_meeting(repo / row.path)
    assert any(action.task == row.task and action.done for point in meeting.points for action in point.actions)
    assert git_out(repo, "diff", "HEAD~1", "--name-only").split() == [row.path]


async def test_decision_log_opens_on_its_list_so_q_goes_back_and_slash_filters(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        assert isinstance(app.focused, FitTable), "the list has the focus, as in every sub-view"
        everything = len(screen.shown)
        await pilot.press("slash", *"dagsorden")
        assert app.focused is screen.query_one("#filter-text", Input)
        await settle(pilot, lambda: len(screen.shown) < everything)
        await pilot.press("down")
        assert isinstance(app.focused, FitTable)
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))


async def test_decision_log_builds_the_index_when_first_asked(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert app.search_index is None, "the index is not built at start"
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, DecisionLogScreen) and app.screen.shown)


async def test_palette_go_to_meeting(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Chefteam 2021")
        await pilot.pause(0.8)
        await pilot.press("enter")
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.session.meeting.path.name == "2021-10-14.yaml")


def test_search_screen_snapshot(snap_compare, repo: Path) -> None:
    async def search(pilot) -> None:
        await ready(pilot, pilot.app)
        screen = await type_query(pilot, pilot.app, "sygefravær")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot, lambda: screen.query_one(OptionList).highlighted == 0)
        field = screen.query_one(Input)
        field.cursor_blink = False  # a blinking cursor made the picture depend on the moment it was taken
        field.focus()
        await pilot.pause(0.5)

    assert snap_compare(make_app(repo), terminal_size=SIZE, run_before=search)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_search_screen_marks_approximate_hits_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def search(pilot) -> None:
        await ready(pilot, pilot.app)
        screen = await type_query(pilot, pilot.app, "beslutning")
        await pilot.app.workers.wait_for_complete()
        screen.query_one(OptionList).highlighted = len(screen.hits) - 1  # the approximate hit, last, in view
        field = screen.query_one(Input)
        field.cursor_blink = False
        field.focus()
        await pilot.pause(0.5)

    assert snap_compare(make_app(repo), terminal_size=size, run_before=search)


def test_decision_log_snapshot(snap_compare, repo: Path) -> None:
    async def open_log(pilot) -> None:
        await ready(pilot, pilot.app)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(pilot.app.screen, DecisionLogScreen) and pilot.app.screen.shown)
        pilot.app.screen.query_one("#filter-forum", Select).value = "Chefforum"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo), terminal_size=SIZE, run_before=open_log)


# what a new user at 120 columns could not read or was not told ------------------------------------------------------


def fits_on_screen(table: FitTable) -> bool:
    """Every column is inside the table's width: nothing is pushed off the right edge."""
    used = sum(column.get_render_width(table) for column in table.ordered_columns)
    return used <= table.size.width


async def test_decision_log_gives_the_decision_the_width(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        table = screen.query_one(FitTable)
        widths = {column.label.plain: column.width for column in table.ordered_columns}
        assert widths["Beslutning"] == max(widths.values()) and widths["Beslutning"] >= 50
        assert widths["Titel"] <= 26
        assert fits_on_screen(table)
        # two lines of the decision are on screen, not its first ten letters
        first = screen.shown[0]
        shown = table.cell_text(0, 4)
        assert len(shown.splitlines()) == 2 and len(shown) >= 90
        assert " ".join(shown.replace("…", "").split()) in " ".join(first.text.split())


async def test_decision_log_filters_fit_and_show_a_whole_date(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        width = app.size.width
        for widget_id in ("#filter-forum", "#filter-from", "#filter-to", "#filter-text"):
            region = screen.query_one(widget_id).region
            assert region.right <= width, f"{widget_id} runs off the screen: {region}"
        start = screen.query_one("#filter-from", Input)
        start.value = "2019-01-01"
        await pilot.pause()
        assert start.content_region.width >= len("2019-01-01") + 1, "the date and the cursor fit in the field"
        assert start.scroll_x == 0


async def test_decision_log_count_is_of_all_decisions(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        status = screen.query_one("#log-status", Static)
        total = len(screen.shown)
        assert str(status.content) == f"Viser {total} af {total} beslutninger"
        screen.query_one("#filter-forum", Select).value = "Chefforum"
        screen.query_one("#filter-text", Input).value = "dagsorden"
        await pilot.pause()
        assert len(screen.shown) == 2
        assert str(status.content) == f"Viser 2 af {total} beslutninger"


@pytest.mark.parametrize("bad", ["31-02-2021", "foo", "2021-13-01"])
async def test_an_invalid_date_filter_is_said_at_the_field_and_not_used(repo: Path, bad: str) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(pilot, app)
        everything = len(screen.shown)
        error = screen.query_one("#filter-error", Static)
        assert not error.display
        start = screen.query_one("#filter-from", Input)
        start.value = bad
        await pilot.pause()
        assert error.display and error.region.height >= 1, "the message is on screen"
        message = str(error.content)
        assert message.startswith("Fra dato: ") and f"«{bad}» er ikke en gyldig dato" in message
        assert start.has_class("-invalid")
        assert len(screen.shown) == everything, "an invalid date does not filter"
        # a valid "to" date still filters while the "from" date is wrong
        screen.query_one("#filter-to", Input).value = "31-12-2015"
        await pilot.pause()
        assert screen.shown and {row.date.year for row in screen.shown} == {2015}
        start.value = "01-01-2015"
        await pilot.pause()
        assert not error.display and not start.has_class("-invalid")


async def test_open_actions_show_forum_date_and_point_on_screen(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await open_actions(pilot, app)
        table = screen.query_one(FitTable)
        labels = [column.label.plain for column in table.ordered_columns]
        assert labels == ["Ansvarlig", "Frist", "Opgave", "Forum", "Dato", "Punkt"]
        assert fits_on_screen(table)
        for number, row in enumerate(screen.rows):
            assert table.cell_text(number, 3) == row.forum
            assert table.cell_text(number, 4).splitlines()[0] == row.date.isoformat()  # the status under it
            assert table.cell_text(number, 5).startswith(f"{row.point} ")


async def test_marking_an_action_done_says_which_and_esc_keeps_the_meeting_shown(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        browse = app.browse
        shown = "lemvig-kommune/centerledermoede/2020-10-08.yaml"
        browse.jump_to(shown, 6)
        await settle(pilot, lambda: browse.session is not None and browse.view.highlighted == 5)
        await settle(pilot, lambda: point_in_view(browse, 5))
        screen = await open_actions(pilot, app)
        before = len(screen.rows)
        row = screen.rows[0]
        assert row.path != shown, "an action of another meeting than the one shown"
        await pilot.press("space", "ctrl+s")
        await settle(pilot, lambda: len(screen.rows) == before - 1)
        assert row not in screen.rows
        await settle(pilot, lambda: any(row.task in note.message for note in app._notifications))
        notes = list(app._notifications)
        assert len(notes) == 1, "one toast, naming the action"
        assert notes[0].title == "Markeret udført og gemt"
        assert notes[0].message == f"{row.task}\n{row.forum} {row.date.isoformat()}, punkt {row.point}"
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        # the meeting shown before, with its point highlighted (not the marked action's meeting)
        await settle(pilot, lambda: browse.shown_path == repo / shown and browse.view.highlighted == 5)
        await settle(pilot, lambda: point_in_view(browse, 5))
    assert "udført" in git_out(repo, "log", "-1", "--format=%s")


async def test_enter_on_an_action_jumps_to_its_point(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await open_actions(pilot, app)
        number = next(i for i, row in enumerate(screen.rows) if row.point is not None and row.point >= 4)
        row = screen.rows[number]
        screen.query_one(FitTable).move_cursor(row=number)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        browse = app.browse
        await settle(pilot, lambda: browse.shown_path == repo / row.path)
        index = next(i for i, view in enumerate(browse.view.point_views()) if view.point.number == row.point)
        await settle(pilot, lambda: browse.view.highlighted == index and point_in_view(browse, index))


def test_open_actions_snapshot(snap_compare, repo: Path) -> None:
    async def open_list(pilot) -> None:
        await ready(pilot, pilot.app)
        await open_actions(pilot, pilot.app)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo), terminal_size=SIZE, run_before=open_list)


async def test_jump_from_one_shown_meeting_to_a_point_of_another(repo: Path) -> None:
    app = make_app(repo / "albertslund-kommune/chefforum/2019-10-24.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None)
        browse.view.highlight_point(6)
        await pilot.pause(0.2)
        await type_query(pilot, app, "Aaben anonym raadgivning")
        await pilot.press("enter")
        await settle(pilot, lambda: browse.session is not None and browse.session.meeting.path.name == "2020-10-08.yaml")
        await settle(pilot, lambda: browse.view.highlighted == 5 and point_in_view(browse, 5))
        await pilot.pause(0.3)
        assert point_in_view(browse, 5)


async def test_the_palette_speaks_the_ui_language_and_finds_go_to(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette) and app.screen.query(CommandInput))
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == "Søg efter kommandoer og møder…"
        titles = {command.title for command in app.get_system_commands(app.browse)}
        assert {"Tema", "Afslut", "Skærmbillede"} <= titles and not {"Theme", "Quit", "Screenshot"} & titles
        await pilot.press(*"gå til chefteam")
        await pilot.pause(0.8)
        await pilot.press("enter")
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.session.meeting.path.name == "2021-10-14.yaml")
