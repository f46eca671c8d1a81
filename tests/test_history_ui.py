"""The history under Pilot: h lists the commits, Enter shows an old version, r restores it, b blames by point.

Real git repositories in tmp_path with fixed authors and dates, so the snapshots are the same on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle
from rich.text import Text
from textual.widgets import DataTable, Static

from repo_layout.demo import make_demo
from repo_layout.model.discover import Repository
from repo_layout.model.meeting import Meeting
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.history import BlameScreen, HistoryScreen, OldVersionScreen
from tui.screens.point_editor import PointEditor
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.diff_view import WORD_ADDED, WORD_REMOVED
from tui.widgets.fit_table import FitTable
from tui.widgets.meeting_view import MeetingView

SIZE = (120, 40)
CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"
CET = dt.timezone(dt.timedelta(hours=1))

ANNA = ("Anna Andersen", "anna@example.org")
BO = ("Bo Bæk", "bo@example.org")
CARLA = ("Carla Christensen", "carla@example.org")
SECRETARIAT = ("Sekretariatet", "sekretariatet@example.org")

OLD_WORD, NEW_WORD = "drøftede justeringerne", "godkendte justeringerne"
NEW_DECISION_4 = "Chefforum tog orienteringen til efterretning.\n"


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


def git(repo: Path, *args: str, who: tuple[str, str] = SECRETARIAT, when: dt.datetime | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1], GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1])
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when.isoformat(), GIT_COMMITTER_DATE=when.isoformat())
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def edit(repo: Path, change: Callable[[Meeting], None], relative: str = CHEFFORUM_2019) -> None:
    path = repo / relative
    meeting = Repository(repo).load_meeting(path)
    change(meeting)
    path.write_bytes(meeting.dump().encode("utf-8"))


def commit(repo: Path, message: str, who: tuple[str, str], when: dt.datetime) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", message, who=who, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The demo, then Anna edits point 3's decision, Bo point 4's, Carla the place; every date fixed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        repo = make_demo(tmp_path_factory.mktemp("ui") / "demo")
    git(repo, "config", "user.name", "Dorte Referent")
    git(repo, "config", "user.email", "dorte@example.org")
    commits = {"demo": git(repo, "log", "-1", "--format=%H", "--", CHEFFORUM_2019).strip()}

    def point_3(meeting: Meeting) -> None:
        meeting.points[2].decision = (meeting.points[2].decision or "").replace(OLD_WORD, NEW_WORD)

    edit(repo, point_3)
    commits["anna"] = commit(repo, "Beslutningen i punkt 3 rettet", ANNA, dt.datetime(2020, 1, 10, 9, 15, tzinfo=CET))
    edit(repo, lambda meeting: setattr(meeting.points[3], "decision", NEW_DECISION_4))
    commits["bo"] = commit(repo, "Punkt 4 kortere", BO, dt.datetime(2020, 2, 11, 10, 30, tzinfo=CET))
    edit(repo, lambda meeting: setattr(meeting, "location", "Rådhuset"))
    commits["carla"] = commit(repo, "Nyt mødested", CARLA, dt.datetime(2020, 3, 12, 11, 45, tzinfo=CET))
    return repo, commits


@pytest.fixture
def repo(_template: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A private copy named `demo` (the app's subtitle), so the screen never shows a tmp path."""
    template, commits = _template
    target = tmp_path / "copy" / "demo"
    shutil.copytree(template, target, symlinks=True)
    return target, dict(commits)


def plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def rows(table: DataTable) -> list[list[str]]:
    """Each row's cells whole (the table wraps and clips them to its columns on screen)."""
    assert isinstance(table, FitTable)
    return table.whole_rows()


async def open_history(pilot, app: MinutesApp, count: int) -> HistoryScreen:
    await open_meeting(pilot, app)
    await pilot.press("h")
    await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    table = screen.query_one(DataTable)
    await settle(pilot, lambda: table.row_count >= count and not screen.page_loading)
    return screen


async def detail_shows(pilot, screen: HistoryScreen, words: str) -> tuple[str, Text]:
    summary = screen.query_one("#history-summary", Static)
    await settle(pilot, lambda: words in plain(summary))
    diff = screen.query_one("#history-diff", Static).content
    assert isinstance(diff, Text)
    return plain(summary), diff


def shown_decision(view: MeetingView, index: int) -> str:
    """The decision of the point the meeting view shows at `index` ("" while it is not shown)."""
    views = view.point_views()
    return (views[index].point.decision or "") if index < len(views) else ""


def styled(text: Text, style: str) -> list[str]:
    return [text.plain[span.start : span.end] for span in text.spans if str(span.style) == style]


async def open_old_version(pilot, app: MinutesApp, row: int, count: int = 4) -> OldVersionScreen:
    screen = await open_history(pilot, app, count)
    table = screen.query_one(DataTable)
    table.move_cursor(row=row)
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(app.screen, OldVersionScreen))
    old = app.screen
    assert isinstance(old, OldVersionScreen)
    view = old.query_one(MeetingView)
    await settle(pilot, lambda: len(view.point_views()) == 7)
    return old


# the list and the detail -----------------------------------------------------------------------------

async def test_h_lists_the_commits_newest_first_with_the_change_in_words_and_as_a_diff(repo) -> None:
    root, commits = repo
    app = make_app(root / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, app, 4)
        table = screen.query_one(DataTable)
        assert rows(table) == [
            ["2020-03-12 11:45", "Carla Christensen", "Nyt mødested"],
            ["2020-02-11 10:30", "Bo Bæk", "Punkt 4 kortere"],
            ["2020-01-10 09:15", "Anna Andersen", "Beslutningen i punkt 3 rettet"],
            ["2019-10-24 16:00", "Sekretariatet", "Chefforum 2019-10-24: referat tilføjet"],
        ]
        assert [entry.commit for entry in screen.entries] == [commits[k] for k in ("carla", "bo", "anna", "demo")]
        summary, fields = await detail_shows(pilot, screen, "mødested ændret")
        assert summary.splitlines()[0] == f"{commits['carla'][:7]}  2020-03-12 11:45  Carla Christensen <carla@example.org>"
        assert summary.splitlines()[-1] == "mødested ændret"
        # the change as the meeting's fields first; d shows the raw YAML diff (and stays on for the next entries)
        assert fields.plain.splitlines()[2:5] == ["Mødet · mødested", "- Mødelokale 1", "+ Rådhuset"]
        await pilot.press("d")
        diff = screen.query_one("#history-diff", Static).content
        assert isinstance(diff, Text)
        assert "-location: Mødelokale 1" in diff.plain.splitlines()
        assert "+location: Rådhuset" in diff.plain.splitlines()
        assert "Historik for Chefforum 2019-10-24" in plain(screen.query_one("#history-title", Static))

        await pilot.press("down", "j")
        assert table.cursor_row == 2
        summary, diff = await detail_shows(pilot, screen, "punkt 3: beslutning ændret")
        assert summary.splitlines()[0].startswith(commits["anna"][:7])
        assert "godkendte" in styled(diff, WORD_ADDED) and "drøftede" in styled(diff, WORD_REMOVED)
        assert "Rådhuset" not in diff.plain

        await pilot.press("k")
        await detail_shows(pilot, screen, "punkt 4: beslutning ændret")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))


async def test_uncommitted_changes_are_the_first_row(repo) -> None:
    root, _ = repo
    edit(root, lambda meeting: setattr(meeting.points[0], "decision", "Godkendt uden bemærkninger.\n"))
    app = make_app(root / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, app, 5)
        table = screen.query_one(DataTable)
        assert rows(table)[0][1:] == ["—", "ikke gemt i git"]
        assert rows(table)[1][1] == "Carla Christensen" and table.row_count == 5
        summary, fields = await detail_shows(pilot, screen, "punkt 1: beslutning ændret")
        assert summary.startswith("ikke gemt i git")
        assert "+ Godkendt uden bemærkninger." in fields.plain.splitlines()


def fast_commit(stamp: int, message: str, files: dict[str, str]) -> bytes:
    """One commit in git fast-import's language, by A at `stamp` (seconds), writing `files`."""
    who = f"A <a@example.org> {stamp} +0100"
    raw = message.encode()
    chunk = f"commit refs/heads/main\nauthor {who}\ncommitter {who}\n".encode() + b"data %d\n%s\n" % (len(raw), raw)
    for relative, text in files.items():
        data = text.encode()
        chunk += f"M 100644 inline {relative}\n".encode() + b"data %d\n%s\n" % (len(data), data)
    return chunk + b"\n"


async def test_a_long_history_loads_more_as_the_cursor_goes_down(tmp_path: Path) -> None:
    root = tmp_path / "long"
    setup = {
        "minutes.yaml": "schema: 1\nname: Testreferater\nlanguage: da\n",
        "org/group.yaml": "name: Organisationen\n",
        "org/forum/forum.yaml": "name: Forummet\n",
    }
    meeting = "title: Møde\ndate: 2024-03-01\npoints:\n  - number: 1\n    title: Punkt\n    decision: Version {}\n"
    stream = [fast_commit(1600000000, "start", setup)]
    for number in range(1, 71):
        files = {"org/forum/2024-03-01.yaml": meeting.format(number)}
        stream.append(fast_commit(1600000000 + number * 3600, f"version {number}", files))
    root.mkdir()
    git(root, "init", "-q", "--initial-branch=main")
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    git(root, "reset", "-q", "--hard", "main")
    app = make_app(root / "org/forum/2024-03-01.yaml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, app, 50)
        table = screen.query_one(DataTable)
        assert table.row_count == 50 and screen.more
        assert rows(table)[0][2] == "version 70" and rows(table)[49][2] == "version 21"
        table.move_cursor(row=49)
        await settle(pilot, lambda: table.row_count == 70 and not screen.page_loading)
        assert [row[2] for row in rows(table)] == [f"version {n}" for n in range(70, 0, -1)]
        assert not screen.more


async def test_a_shallow_clone_ends_with_a_note_in_english(repo, tmp_path: Path) -> None:
    root, commits = repo
    clone = tmp_path / "clone" / "demo"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{root}", str(clone)], check=True, capture_output=True)
    app = make_app(clone / CHEFFORUM_2019, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, app, 3)
        table = screen.query_one(DataTable)
        assert [row[2] for row in rows(table)] == [
            "Nyt mødested",
            "Punkt 4 kortere",
            "… older history is not in this clone (shallow)",
        ]
        assert [entry.commit for entry in screen.entries] == [commits["carla"], commits["bo"]]
        await detail_shows(pilot, screen, "place changed")
        await pilot.press("down")
        _, diff = await detail_shows(pilot, screen, "the change is not in this clone (shallow)")
        assert diff.plain == ""
        await pilot.press("down", "enter")  # the note is no commit: nothing opens
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


# old versions and restore --------------------------------------------------------------------------

async def test_enter_opens_the_old_version_read_only(repo) -> None:
    root, commits = repo
    path = root / CHEFFORUM_2019
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        old = await open_old_version(pilot, app, row=3)
        banner = plain(old.query_one("#old-version-banner", Static))
        assert banner == f"Skrivebeskyttet: version {commits['demo'][:7]} 2019-10-24 16:00 Sekretariatet"
        view = old.query_one(MeetingView)
        decisions = [point_view.point.decision or "" for point_view in view.point_views()]
        assert OLD_WORD in decisions[2] and NEW_WORD not in decisions[2]
        assert decisions[3] != NEW_DECISION_4
        assert "Mødelokale 1" in plain(view.query_one(".meeting-header", Static))
        assert old.text == git(root, "show", f"{commits['demo']}:{CHEFFORUM_2019}")
        await pilot.press("e")  # read-only: no editor opens
        await pilot.pause()
        assert isinstance(app.screen, OldVersionScreen)
        assert not any(isinstance(screen, PointEditor) for screen in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
    assert path.read_bytes() == before


async def test_r_restores_the_old_version_as_a_new_commit_after_asking(repo) -> None:
    root, commits = repo
    path = root / CHEFFORUM_2019
    before = path.read_bytes()
    head = git(root, "rev-parse", "HEAD").strip()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_old_version(pilot, app, row=3)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        body = plain(app.screen.query_one(".dialog-body", Static))
        assert f"Version {commits['demo'][:7]} fra 2019-10-24 16:00" in body
        assert body.splitlines()[-1] == "mødested ændret, punkt 3: beslutning ændret, punkt 4: beslutning ændret"
        await pilot.click("#choice-cancel")
        await settle(pilot, lambda: isinstance(app.screen, OldVersionScreen))
        assert path.read_bytes() == before and git(root, "rev-parse", "HEAD").strip() == head

        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.click("#choice-restore")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        # the meeting view shows the file as restored
        await settle(pilot, lambda: OLD_WORD in shown_decision(screen.view, 2))
    assert path.read_bytes().decode("utf-8") == git(root, "show", f"{commits['demo']}:{CHEFFORUM_2019}")
    assert git(root, "rev-parse", "HEAD~1").strip() == head
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [CHEFFORUM_2019]
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject == f"Chefforum 2019-10-24: gendannet fra {commits['demo'][:7]} (2019-10-24)"
    assert git(root, "log", "-1", "--format=%an").strip() == "Dorte Referent"
    assert git(root, "status", "--porcelain") == ""


# blame ---------------------------------------------------------------------------------------------

async def test_b_blames_each_point_enter_jumps_to_its_commit_and_a_restore_from_there_ends_on_the_meeting(repo) -> None:
    root, commits = repo
    app = make_app(root / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, BlameScreen))
        blame = app.screen
        table = blame.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == 7)
        table_rows = rows(table)
        assert [row[0] for row in table_rows] == [str(n) for n in range(1, 8)]
        assert [row[2] for row in table_rows] == ["Sekretariatet"] * 2 + ["Anna Andersen", "Bo Bæk"] + ["Sekretariatet"] * 3
        # the same date and time as the history shows: as the author recorded it
        assert table_rows[2][3:] == ["2020-01-10 09:15", "Beslutningen i punkt 3 rettet"]
        assert table_rows[3][3:] == ["2020-02-11 10:30", "Punkt 4 kortere"]
        await pilot.press("j", "j", "j")
        assert table.cursor_row == 3
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        history_table = history.query_one(DataTable)
        await settle(pilot, lambda: history_table.row_count == 4 and history_table.cursor_row == 1)
        assert history.entries[1].commit == commits["bo"]
        await detail_shows(pilot, history, "punkt 4: beslutning ændret")

        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, OldVersionScreen))
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.click("#choice-restore")
        # not the blame from before the restore (it would be out of date): the meeting as it now is
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert [type(screen).__name__ for screen in app.screen_stack[1:]] == ["BrowseScreen"]
        screen = app.screen
        await settle(pilot, lambda: screen.session is not None and screen.session.meeting.location == "Mødelokale 1")
    assert (root / CHEFFORUM_2019).read_text(encoding="utf-8") == git(root, "show", f"{commits['bo']}:{CHEFFORUM_2019}")


# snapshots -----------------------------------------------------------------------------------------

def test_history_screen_snapshot(snap_compare, repo) -> None:
    root, _ = repo

    async def run_before(pilot) -> None:
        screen = await open_history(pilot, pilot.app, 4)
        await pilot.press("down", "down")
        await detail_shows(pilot, screen, "punkt 3: beslutning ændret")
        await pilot.pause()

    assert snap_compare(make_app(root / CHEFFORUM_2019), terminal_size=SIZE, run_before=run_before)


def test_old_version_snapshot(snap_compare, repo) -> None:
    root, _ = repo

    async def run_before(pilot) -> None:
        await open_old_version(pilot, pilot.app, row=2)
        await pilot.pause()

    assert snap_compare(make_app(root / CHEFFORUM_2019), terminal_size=SIZE, run_before=run_before)


# what a new user at 120 columns could not read or was not told ---------------------------------------------------

TYPICAL = "Chefforum 2019-10-24: titel i punkt 3 ændret, beslutning i punkt 3 ændret"


def on_screen(table: FitTable, row: int, column: int) -> str:
    """A cell as the table shows it, its wrapped lines joined again."""
    return " ".join(table.cell_text(row, column).split())


async def test_a_typical_commit_message_is_readable_in_the_history_and_the_blame(repo) -> None:
    root, _ = repo
    edit(root, lambda meeting: setattr(meeting.points[2], "decision", "Chefforum godkendte konceptet.\n"))
    commit(root, TYPICAL, CARLA, dt.datetime(2020, 4, 1, 8, 0, tzinfo=CET))
    app = make_app(root / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot, app, 5)
        table = screen.query_one(FitTable)
        await settle(pilot, lambda: table.size.width > 0 and table.widths and table.row_count == 5)
        assert on_screen(table, 0, 2) == TYPICAL and "…" not in table.cell_text(0, 2)
        assert sum(column.get_render_width(table) for column in table.ordered_columns) <= table.size.width
        assert on_screen(table, 0, 0) == "2020-04-01 08:00", "the date, its time under it"
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, BlameScreen))
        blame = app.screen.query_one(FitTable)
        await settle(pilot, lambda: blame.row_count == 7 and blame.size.width > 0)
        assert blame.widths[4] == max(blame.widths) and blame.widths[4] >= 40
        assert on_screen(blame, 2, 4) == TYPICAL and "…" not in blame.cell_text(2, 4)
        assert sum(column.get_render_width(blame) for column in blame.ordered_columns) <= blame.size.width


async def test_e_in_an_old_version_says_it_is_read_only_and_r_restores(repo) -> None:
    root, _ = repo
    app = make_app(root / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        await open_old_version(pilot, app, row=3)
        await pilot.press("e")
        await settle(pilot, lambda: any("r for at gendanne" in note.message for note in app._notifications))
        note = next(note for note in app._notifications if "gendanne" in note.message)
        assert note.title == "Skrivebeskyttet" and "kan ikke redigeres" in note.message
        assert isinstance(app.screen, OldVersionScreen)
