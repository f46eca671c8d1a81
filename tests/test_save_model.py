"""One way to save (issue 14, points 3 and 4): every edit collects in the meeting, ctrl+s commits them as one worded
commit, the status line counts what is unsaved, and moving a point keeps increasing numbers increasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git_out
from pilot_wait import give_reason, open_meeting, settle
from rich.text import Text
from ruamel.yaml.comments import CommentedMap
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Static, TextArea

from repo_layout.editing.session import EditSession
from repo_layout.editing.values import move_point
from repo_layout.history.changes import commit_message, describe, diff_meetings
from repo_layout.model.discover import Repository
from repo_layout.model.loading import meeting_problems
from repo_layout.yaml import yamlio
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen
from tui.screens.header_editor import HeaderEditor
from tui.screens.point_editor import PointEditor
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.status_line import StatusLine

CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"


def meeting_text(*points: tuple[int | None, str]) -> str:
    """A small meeting file with these (number, title) points."""
    lines = ["title: Et møde", "date: 2019-10-24", "points:"]
    for number, title in points:
        lines.append(f"  - number: {number}" if number is not None else "  - title: " + title)
        if number is not None:
            lines.append(f"    title: {title}")
    return "\n".join(lines) + "\n"


def documents(*orders: list[tuple[int | None, str]]) -> list[CommentedMap]:
    return [yamlio.load_text(meeting_text(*order)) for order in orders]


# moves in words ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "danish", "english"),
    [
        ([(1, "B"), (2, "A"), (3, "C")], "punkt 2 flyttet før punkt 1", "point 2 moved before point 1"),
        ([(1, "C"), (2, "A"), (3, "B")], "punkt 3 flyttet før punkt 1", "point 3 moved before point 1"),
        ([(1, "B"), (2, "C"), (3, "A")], "punkt 1 flyttet efter punkt 3", "point 1 moved after point 3"),
    ],
)
def test_a_move_is_said_with_the_numbers_before_it(after: list[tuple[int, str]], danish: str, english: str) -> None:
    old, new = documents([(1, "A"), (2, "B"), (3, "C")], after)
    changes = diff_meetings(old, new)
    assert describe(changes, "da", "commit") == f"{danish}, punkterne omnummereret"
    assert describe(changes, "en", "commit") == f"{english}, points renumbered"
    assert [change.kind for change in changes] == ["point_moved", "renumbered"]


def test_a_move_without_renumbering_is_said_alone_and_in_the_commit_subject() -> None:
    old, new = documents([(1, "A"), (2, "B"), (3, "C")], [(2, "B"), (1, "A"), (3, "C")])
    message = commit_message("Chefforum", None, diff_meetings(old, new), "da")
    assert message == "Chefforum: punkt 2 flyttet før punkt 1"


# moving renumbers --------------------------------------------------------------------------------------------------
def load(tmp_path: Path, text: str) -> EditSession:
    root = tmp_path / "repo"
    (root / "g" / "forum").mkdir(parents=True)
    (root / "minutes.yaml").write_text("name: Test\n", encoding="utf-8")
    (root / "g" / "forum" / "forum.yaml").write_text("name: Forum\n", encoding="utf-8")
    path = root / "g" / "forum" / "2019-10-24.yaml"
    path.write_text(text, encoding="utf-8")
    repository = Repository(root)
    return EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")


@pytest.mark.parametrize(
    ("points", "index", "target", "numbers", "followed"),
    [
        ([(1, "A"), (2, "B"), (3, "C")], 1, 0, [1, 2, 3], True),  # K on point 2: B is now point 1
        ([(1, "A"), (3, "B"), (7, "C")], 2, 0, [1, 3, 7], True),  # gaps stay where they were
        ([(3, "A"), (1, "B"), (2, "C")], 1, 0, [1, 3, 2], False),  # out of order on purpose: kept
        ([(1, "A"), (None, "U"), (2, "B")], 2, 1, [1, 2, None], True),  # a point without a number stays without one
    ],
)
def test_moving_a_point_keeps_increasing_numbers_increasing(
    tmp_path: Path, points: list[tuple[int | None, str]], index: int, target: int, numbers: list[int | None], followed: bool
) -> None:
    session = load(tmp_path, meeting_text(*points))
    moved_title = session.meeting.points[index].title
    assert move_point(session.meeting, index, target) is followed
    assert session.meeting.points[target].title == moved_title
    assert [point.number for point in session.meeting.points] == numbers


# what is unsaved -------------------------------------------------------------------------------------------------
def test_unsaved_changes_are_the_worded_changes_since_the_file(tmp_path: Path) -> None:
    session = load(tmp_path, meeting_text((1, "A"), (2, "B"), (3, "C")))
    assert session.unsaved_changes() == []
    session.meeting.points[0].title = "A2"
    session.meeting.points[2].title = "C2"
    assert describe(session.unsaved_changes(), "da") == "punkt 1: titel ændret, punkt 3: titel ændret"
    move_point(session.meeting, 1, 0)
    assert len(session.unsaved_changes()) == 4  # the move, its renumbering and the two titles
    session.meeting.data = yamlio.load_text(session.meeting.original_text)
    assert session.unsaved_changes() == []


# validate warns ----------------------------------------------------------------------------------------------------
def test_validate_warns_when_point_numbers_are_not_increasing(tmp_path: Path) -> None:
    path = tmp_path / "2019-10-24.yaml"
    path.write_text(meeting_text((2, "B"), (1, "A"), (3, "C")), encoding="utf-8")
    problems = meeting_problems(path)
    assert [(problem.line, problem.severity) for problem in problems] == [(6, "warning")]
    assert "not in increasing order" in problems[0].message and "point 1 comes after point 2" in problems[0].message
    path.write_text(meeting_text((1, "A"), (3, "C"), (7, "D")), encoding="utf-8")
    assert meeting_problems(path) == []


def test_validate_from_the_command_line_warns_and_exits_0(tmp_path: Path, run_minutes, sample_repo: Path) -> None:
    path = sample_repo / CHEFFORUM_2019
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- number: 1\n", "- number: 9\n", 1), encoding="utf-8")
    result = run_minutes("validate", sample_repo)
    assert result.returncode == 0, result.stderr
    assert "ikke stigende" in result.stdout + result.stderr


# the app: edits collect, ctrl+s commits them once ---------------------------------------------------------------------
SIZE = (120, 40)
GODKENDELSE = "CF - Godkendelse af dagsorden og referat"
REFLEKSION = "CF - Åben refleksion v. Anne-Mette (9:00-9:30)"


@pytest.fixture
def repo(demo_repo: Path, app_dirs_in_tmp: None, no_user_git: None) -> Path:
    return demo_repo


def commits(repo: Path) -> int:
    return int(git_out(repo, "rev-list", "--count", "HEAD").strip())


def status_line(app: MinutesApp) -> str:
    return str(app.screen.query_one(StatusLine).content)


async def open_editor(pilot: Pilot, app: MinutesApp, index: int) -> PointEditor:
    """e on the point at `index` of the meeting the app opened: its editor."""
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    screen.view.focus()
    screen.view.highlight_point(index)
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(app.screen, PointEditor))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def retitle(pilot: Pilot, app: MinutesApp, index: int, suffix: str, *keys: str) -> None:
    """Add `suffix` to the title of the point at `index` in its editor, then press `keys` there (Enter applies)."""
    editor = await open_editor(pilot, app, index)
    title = editor.query_one("#field-title", Input)
    title.focus()
    title.value += suffix
    await pilot.press(*keys)
    await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and not app.screen._saving)
    await pilot.pause()


async def test_enter_in_the_point_editor_applies_without_a_commit_and_ctrl_s_commits_both_edits_once(repo: Path) -> None:
    path = repo / CHEFFORUM_2019
    before, before_bytes = commits(repo), path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        await retitle(pilot, app, 0, " (rettet)", "enter")
        assert status_line(app).endswith("● 1 ændring ikke gemt (^s gemmer)")
        await retitle(pilot, app, 2, " (også rettet)", "enter")
        assert "● 2 ændringer ikke gemt (^s gemmer)" in status_line(app)
        assert screen.session.meeting.points[2].title.endswith("(også rettet)")
        assert (commits(repo), path.read_bytes()) == (before, before_bytes), "Anvend changes the meeting, not the file"
        await pilot.press("ctrl+s")
        await give_reason(pilot, app, "Titlerne var forkerte")  # the demo's minutes are approved: a correction
        await settle(pilot, lambda: commits(repo) == before + 1 and not screen._saving)
        await pilot.pause()
        assert "ikke gemt" not in status_line(app)
    assert git_out(repo, "log", "-1", "--format=%B").strip() == (
        "Chefforum 2019-10-24: rettelse efter godkendelse: Titlerne var forkerte\n\n"
        "- titel i punkt 1 ændret\n- titel i punkt 3 ændret"
    )
    assert git_out(repo, "status", "--porcelain").strip() == ""


async def test_ctrl_s_in_the_editor_applies_and_commits_the_edits_made_before_it_too(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        screen.view.highlight_point(1)
        await pilot.press("K")  # a move: not committed by itself
        await pilot.pause()
        assert commits(repo) == before and "2 ændringer ikke gemt" in status_line(app)  # the move and its renumbering
        editor = await open_editor(pilot, app, 2)
        editor.query_one("#field-title", Input).value += " (rettet)"
        await pilot.press("ctrl+s")
        await give_reason(pilot, app, "Rækkefølgen var forkert")  # the demo's minutes are approved: a correction
        await settle(pilot, lambda: commits(repo) == before + 1)
    assert commits(repo) == before + 1, "one commit for the move and the edit"
    assert git_out(repo, "log", "-1", "--format=%B").strip() == (
        "Chefforum 2019-10-24: rettelse efter godkendelse: Rækkefølgen var forkert\n\n"
        "- punkt 2 flyttet før punkt 1\n- titel i punkt 3 ændret\n- punkterne omnummereret"
    )
    points = Repository(repo).load_meeting(repo / CHEFFORUM_2019).points
    assert [(p.number, p.title) for p in points[:2]] == [(1, REFLEKSION), (2, GODKENDELSE)]


async def test_enter_in_a_text_area_is_a_new_line_not_apply(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        editor = await open_editor(pilot, app, 2)
        area = editor.query_one(".decision-area", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        lines = area.document.line_count
        await pilot.press("enter", "x")
        await pilot.pause()
        assert app.screen is editor and area.document.line_count == lines + 1 and area.text.endswith("\nx")


async def test_the_header_editor_applies_with_enter_and_the_status_line_counts_in_english(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo / CHEFFORUM_2019, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        await pilot.press("E")
        await settle(pilot, lambda: isinstance(app.screen, HeaderEditor))
        location = app.screen.query_one("#field-location", Input)
        location.focus()
        location.value = "Mødelokale 2"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pilot.pause()
        assert screen.session.meeting.location == "Mødelokale 2"
        assert "● 1 unsaved change (^s saves)" in status_line(app)
    assert commits(repo) == before


async def test_esc_in_an_editor_with_changes_offers_to_apply_them(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        editor = await open_editor(pilot, app, 0)
        editor.query_one("#field-title", Input).value = "Ny titel"
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        assert [str(button.label) for button in app.screen.query(Button)] == ["Anvend", "Kassér", "Annullér"]
        app.screen.query_one("#choice-apply", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pilot.pause()
        assert screen.session.meeting.points[0].title == "Ny titel" and "1 ændring ikke gemt" in status_line(app)
    assert commits(repo) == before


async def test_leaving_a_meeting_with_applied_edits_asks_and_discard_keeps_the_file(repo: Path) -> None:
    path = repo / CHEFFORUM_2019
    before_bytes = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await retitle(pilot, app, 0, " (rettet)", "enter")
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        assert [str(button.label) for button in app.screen.query(Button)] == ["Gem", "Kassér", "Annullér"]
        app.screen.query_one("#choice-discard", Button).press()
        await pilot.pause()
    assert path.read_bytes() == before_bytes


# the open actions: marked in the list, saved with ctrl+s -----------------------------------------------------------
async def actions_list(pilot: Pilot, app: MinutesApp) -> ActionsScreen:
    await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
    await pilot.press("a")
    await settle(pilot, lambda: isinstance(app.screen, ActionsScreen) and app.screen.rows)
    screen = app.screen
    assert isinstance(screen, ActionsScreen)
    await settle(pilot, lambda: screen.query_one(DataTable).row_count == len(screen.rows))
    screen.query_one(DataTable).focus()
    return screen


def task_cell(screen: ActionsScreen, row: int) -> Text:
    cell = screen.query_one(DataTable).get_row_at(row)[2]
    assert isinstance(cell, Text)
    return cell


def rows_of_two_meetings(screen: ActionsScreen) -> list[int]:
    """Cursor rows of two actions of one meeting and one of another."""
    by_path: dict[str, list[int]] = {}
    for number, row in enumerate(screen.rows):
        by_path.setdefault(row.path, []).append(number)
    pair = next(numbers[:2] for numbers in by_path.values() if len(numbers) >= 2)
    other = next(numbers[0] for path, numbers in by_path.items() if screen.rows[numbers[0]].path != screen.rows[pair[0]].path)
    return [*pair, other]


async def test_space_marks_an_action_done_in_the_list_and_again_undoes_it_without_a_commit(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await actions_list(pilot, app)
        count, row = len(screen.rows), screen.rows[0]
        await pilot.press("space")
        await pilot.pause()
        cell = task_cell(screen, 0)
        assert cell.plain.startswith("☑ ") and any("strike" in str(span.style) for span in cell.spans)
        assert len(screen.rows) == count and screen.rows[0] == row, "the row stays until saved"
        assert "1 markeret udført, ikke gemt (^s gemmer)" in str(screen.query_one("#log-status", Static).content)
        await pilot.press("space")
        await pilot.pause()
        assert not task_cell(screen, 0).plain.startswith("☑") and screen.marked == {}
        await pilot.press("escape")  # nothing marked: it closes without asking
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
    assert commits(repo) == before


async def test_ctrl_s_in_the_list_commits_the_marks_one_commit_per_meeting(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await actions_list(pilot, app)
        chosen = rows_of_two_meetings(screen)
        marked = [screen.rows[number] for number in chosen]
        table = screen.query_one(DataTable)
        for number in chosen:
            table.move_cursor(row=number)
            await pilot.press("space")
        await pilot.pause()
        assert commits(repo) == before
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: commits(repo) == before + 2 and not screen.marked)
        await settle(pilot, lambda: all(row not in screen.rows for row in marked))
    subjects = git_out(repo, "log", "-2", "--format=%s").splitlines()
    assert all("udført" in subject for subject in subjects)
    assert sum(subject.count("udført") for subject in subjects) == 3, subjects
    for row in marked:
        meeting = Repository(repo).load_meeting(repo / row.path)
        assert any(action.task == row.task and action.done for point in meeting.points for action in point.actions)
    assert git_out(repo, "status", "--porcelain").strip() == ""


async def test_leaving_the_list_with_marks_asks_save_discard_or_cancel(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await actions_list(pilot, app)
        await pilot.press("space", "escape")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        assert [str(button.label) for button in app.screen.query(Button)] == ["Gem", "Kassér", "Annullér"]
        app.screen.query_one("#choice-cancel", Button).press()
        await settle(pilot, lambda: app.screen is screen)
        assert len(screen.marked) == 1
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        app.screen.query_one("#choice-discard", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert commits(repo) == before
        screen = await actions_list(pilot, app)
        await pilot.press("space", "escape")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        app.screen.query_one("#choice-save", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and commits(repo) == before + 1)
    assert "udført" in git_out(repo, "log", "-1", "--format=%s")


async def test_quitting_from_the_list_with_marks_asks_about_them(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await actions_list(pilot, app)
        await pilot.press("space", "ctrl+q")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        assert "Opfølgninger markeret udført er ikke gemt (1)." in str(app.screen.query_one(".dialog-body", Static).content)
        app.screen.query_one("#choice-save", Button).press()
        await settle(pilot, lambda: commits(repo) == before + 1)
        await settle(pilot, lambda: not app.is_running)


# the screens: the count in the status line, a marked action ---------------------------------------------------------
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_status_line_counts_unsaved_changes_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def two_edits(pilot: Pilot) -> None:
        app = pilot.app
        await open_meeting(pilot, app)
        await retitle(pilot, app, 0, " (rettet)", "enter")
        await retitle(pilot, app, 2, " (rettet)", "enter")
        await settle(pilot, lambda: "2 ændringer ikke gemt" in status_line(app))
        await pilot.pause(0.2)

    assert snap_compare(make_app(repo / CHEFFORUM_2019), terminal_size=size, run_before=two_edits)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_an_action_marked_done_snapshot(snap_compare, repo: Path, size: tuple[int, int]) -> None:
    async def mark_one(pilot: Pilot) -> None:
        app = pilot.app
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        app.update_index()  # built before the list opens: no "building" notice in the picture
        await settle(pilot, lambda: app.search_index is not None)
        screen = await actions_list(pilot, app)
        await pilot.press("space", "down")
        await settle(pilot, lambda: screen.marked and screen.query_one(DataTable).cursor_row == 1)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo), terminal_size=size, run_before=mark_one)


async def test_marks_in_the_meeting_shown_with_unsaved_edits_ask_about_those_edits_first(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        browse = await open_meeting(pilot, app)
        await retitle(pilot, app, 0, " (rettet)", "enter")
        screen = await actions_list(pilot, app)
        number = next(n for n, row in enumerate(screen.rows) if row.path == CHEFFORUM_2019)
        row = screen.rows[number]
        screen.query_one(DataTable).move_cursor(row=number)
        await pilot.press("space", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
        assert CHEFFORUM_2019 in str(app.screen.query_one(".dialog-body", Static).content)
        app.screen.query_one("#choice-save", Button).press()  # the meeting's own edit first, then the mark
        await give_reason(pilot, app, "Titlen var forkert")  # a correction of the approved minutes; the mark needs none
        await settle(pilot, lambda: commits(repo) == before + 2 and not screen.marked)
        await settle(pilot, lambda: browse.session is not None and not browse.session.dirty)
        done = [a.done for p in browse.session.meeting.points for a in p.actions if a.task == row.task]
        assert done == [True], "the meeting shown is read again, the mark in it"
    subjects = git_out(repo, "log", "-2", "--format=%s").splitlines()
    assert subjects[1] == "Chefforum 2019-10-24: rettelse efter godkendelse: Titlen var forkert" and "udført" in subjects[0]


async def test_a_new_point_moved_up_takes_the_number_of_the_point_it_passed(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        screen.view.highlight_point(0)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, PointEditor))
        app.screen.query_one("#field-title", Input).value = "Nyt punkt"
        await pilot.press("enter", "K")
        await settle(pilot, lambda: screen.session.meeting.points[0].title == "Nyt punkt")
        assert [p.number for p in screen.session.meeting.points] == [1, 2, 3, 4, 5, 6, 7, 8]
        assert screen.session.meeting.points[1].title == GODKENDELSE
        await pilot.press("ctrl+s")
        await give_reason(pilot, app, "Et punkt manglede")  # the demo's minutes are approved: a correction
        await settle(pilot, lambda: not screen._saving and not screen.session.dirty)
    assert git_out(repo, "log", "-1", "--format=%B").strip() == (
        "Chefforum 2019-10-24: rettelse efter godkendelse: Et punkt manglede\n\n- punkt 1 tilføjet\n- punkterne omnummereret"
    )


async def test_cancelling_the_question_about_the_shown_meeting_keeps_the_marks(repo: Path) -> None:
    before = commits(repo)
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await retitle(pilot, app, 0, " (rettet)", "enter")
        screen = await actions_list(pilot, app)
        number = next(n for n, row in enumerate(screen.rows) if row.path == CHEFFORUM_2019)
        screen.query_one(DataTable).move_cursor(row=number)
        await pilot.press("space")
        for _ in range(2):  # asked again after a cancel: nothing is left half done
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button))
            app.screen.query_one("#choice-cancel", Button).press()
            await settle(pilot, lambda: app.screen is screen)
            assert len(screen.marked) == 1 and not screen.saving
    assert commits(repo) == before
