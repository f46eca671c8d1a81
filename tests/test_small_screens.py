"""Every screen usable at 80x24 (the common SSH size) as at 120x40: the footer's important keys, the tree's width, the
decision log's and the actions list's columns, the scroll place kept through a resize; snapshots at both sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle
from rich.console import Console
from rich.text import Text
from test_search_ui import open_list, ready, type_query
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tui.app import MinutesApp, make_app
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.widgets.fit_table import FitColumn, FitTable, clip
from tui.widgets.forum_tree import MIN_WIDTH, ForumTree

SMALL, LARGE = (80, 24), (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(demo_repo: Path) -> Path:
    return demo_repo


async def open_table(pilot, app: MinutesApp, key: str, kind: type) -> FitTable:
    """Press `key` once the search index is built: the screen of `kind`, its table laid out with its rows."""
    await ready(pilot, app)
    screen = await open_list(pilot, app, key, kind, lambda shown: shown.rows if kind is ActionsScreen else shown.shown)
    await pilot.pause()
    return screen.query_one(FitTable)


def columns_fit(table: FitTable) -> bool:
    """Every column is inside the table's width: none pushed off the right edge."""
    return sum(column.get_render_width(table) for column in table.ordered_columns) <= table.size.width


def footer_keys(app: MinutesApp) -> dict[str, FooterKey]:
    return {key.description: key for key in app.screen.query(FooterKey) if key.description}


# the footer ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("focus", ["tree", "meeting"])
async def test_the_footer_keeps_quit_help_and_search_at_80_columns(repo: Path, focus: str) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot, app)
        (screen.tree if focus == "tree" else screen.view).focus()
        await pilot.pause(0.2)
        keys = footer_keys(app)
        palette = next(key for key in app.screen.query(FooterKey) if key.has_class("-command-palette"))
        for words in ("Afslut", "Hjælp", "Søg"):
            assert words in keys, list(keys)
            assert keys[words].region.right <= palette.region.x, f"{words} is hidden under the palette key"
        shown = [key.description for key in app.screen.query(FooterKey) if key.description][:3]
        assert shown == ["Afslut", "Hjælp", "Søg"]


# the tree's width ---------------------------------------------------------------------------------------------------


async def test_t_hides_the_tree_and_shows_it_again_and_ctrl_b_does_the_same(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot, app)
        tree, view = screen.tree, screen.view
        narrow = view.outer_size.width
        screen.tree.focus()
        await pilot.press("t")
        await pilot.pause()
        assert not tree.display or tree.outer_size.width == 0
        assert view.outer_size.width == SMALL[0] and view.has_focus  # the focus left the hidden tree for the meeting
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert tree.outer_size.width > 0 and view.outer_size.width == narrow


async def test_greater_and_less_than_widen_and_narrow_the_tree_until_a_meeting_label_is_read_whole(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot, app)
        tree: ForumTree = screen.tree
        line = next(number for number in range(tree.last_line + 1) if "2019-10-24" in _tree_line(tree, number))
        label = "2019-10-24  ✓ REFERAT Chefforum d. 24-10-2019"  # its status glyph: approved
        assert label not in _tree_line(tree, line)  # cut at the default width
        start = tree.outer_size.width
        await pilot.press(">")
        await pilot.pause()
        assert tree.outer_size.width == start + 6
        for _ in range(4):
            await pilot.press(">")
        await pilot.pause()
        assert label in _tree_line(tree, line)
        assert screen.view.outer_size.width >= SMALL[0] // 4  # the meeting keeps a quarter
        for _ in range(12):
            await pilot.press("<")
        await pilot.pause()
        assert tree.outer_size.width == MIN_WIDTH


def _tree_line(tree: ForumTree, y: int) -> str:
    """What the tree draws on its line `y` (from the top of its content), as plain text."""
    strip = tree.render_line(y - int(tree.scroll_y))
    return "".join(segment.text for segment in strip)


# the decision log and the actions list ------------------------------------------------------------------------------


async def test_the_decision_log_at_80_columns_keeps_every_column_and_the_filter_label_whole(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(pilot, app, "d", DecisionLogScreen)
        assert columns_fit(table)
        text_filter = app.screen.query_one("#filter-text", Input)
        assert text_filter.content_region.width >= len(text_filter.placeholder)  # "Filtrer på tekst", not "Filtre"
        decision = table.fit_columns.index(next(c for c in table.fit_columns if c.label == "Beslutning"))
        whole = table.whole_rows()[0][decision]
        shown = " ".join(table.cell_text(0, decision).rstrip("…").split())
        assert len(shown) > 40 and " ".join(whole.split()).startswith(shown)  # wrapped at words, not cut at the edge


async def test_the_actions_list_at_80_columns_keeps_date_and_point(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(pilot, app, "a", ActionsScreen)
        assert columns_fit(table)
        labels = [column.label.plain for column in table.ordered_columns]
        assert "Dato" in labels and "Punkt" in labels
        widths = dict(zip(labels, table.widths, strict=True))
        assert widths["Dato"] == 10 and widths["Punkt"] >= 10


def test_a_too_narrow_table_narrows_its_widest_column_first_and_wraps_it_to_more_lines() -> None:
    table = FitTable([FitColumn("a", 10), FitColumn("b", 30, lines=2, least=8), FitColumn("c", None, minimum=20, least=10)])
    assert table._widths(70) == [10, 30, 24]  # room: the flexible one takes the rest (70 - 40 - 6 of padding)
    assert table._widths(50) == [10, 17, 17]  # 6 too few: b, the widest, gives first, then both in turn
    assert table._widths(20) == [10, 8, 10]  # every one at its least; the table scrolls then
    table.widths = table._widths(50)
    assert table._lines() == [1, 4, 2]  # b: 2 lines of 30 become 4 of 17; c: 1 of 20 becomes 2 of 17
    sentence = "Chefforum godkendte dagsorden og referat"
    wrapped = clip(Text(sentence), 17, 4, Console(width=80)).plain
    assert "…" not in wrapped and wrapped.split() == sentence.split()  # wrapped at words, nothing dropped


async def test_a_resize_keeps_the_cursor_row_in_its_place(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=LARGE) as pilot:
        table = await open_table(pilot, app, "d", DecisionLogScreen)
        table.focus()
        for _ in range(14):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 14
        await pilot.resize_terminal(*SMALL)
        await settle(pilot, lambda: table.size.width < LARGE[0] - 5)
        await pilot.pause(0.2)
        assert table.cursor_row == 14
        region = table._get_row_region(14)
        top = region.y - table.header_height
        assert table.scroll_y <= top and top + region.height <= table.scroll_y + table.size.height - table.header_height
        above = table._rows_above_cursor()
        assert above > 0  # the rows before it still in view above it, as many as fit, not the cursor at the top
        await pilot.resize_terminal(*LARGE)
        await settle(pilot, lambda: table.size.width > SMALL[0])
        await pilot.pause(0.2)
        assert table.cursor_row == 14 and abs(table._rows_above_cursor() - above) <= 1  # its place kept, within a row


# snapshots at both sizes --------------------------------------------------------------------------------------------


@SIZES
def test_browse_screen_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await open_meeting(pilot, pilot.app)
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo / CHEFFORUM_2019), terminal_size=size, run_before=run_before)


@SIZES
def test_browse_screen_with_a_wider_tree_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        screen = await open_meeting(pilot, pilot.app)
        screen.tree.focus()
        await pilot.press(">", ">", ">")
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo / CHEFFORUM_2019), terminal_size=size, run_before=run_before)


@SIZES
@pytest.mark.parametrize(("key", "kind"), [("d", DecisionLogScreen), ("a", ActionsScreen)], ids=["decision_log", "actions"])
def test_list_snapshot(snap_compare, repo: Path, size: tuple[int, int], key: str, kind: type) -> None:
    async def run_before(pilot) -> None:
        await open_table(pilot, pilot.app, key, kind)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo), terminal_size=size, run_before=run_before)


@SIZES
def test_search_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot, pilot.app)
        screen = await type_query(pilot, pilot.app, "sygefravær")
        await pilot.app.workers.wait_for_complete()
        screen.query_one(Input).cursor_blink = False
        await pilot.pause(0.5)

    assert snap_compare(make_app(repo), terminal_size=size, run_before=run_before)
