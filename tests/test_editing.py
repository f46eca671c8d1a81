"""Editing under Pilot: every kind of edit ends as one commit of one file with a worded message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_AUTHOR, git_out, hold_meetings
from pilot_wait import find_forum, open_meeting, settle
from textual.widgets import Button, Checkbox, Input, TextArea

from repo_layout.model.discover import Repository
from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.header_editor import HeaderEditor
from tui.screens.point_editor import ActionEditor, PointEditor, SectionEditor
from tui.widgets.dialogs import ChoiceDialog, IdentityDialog, NewMeetingDialog
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView

SIZE = (120, 40)
CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"
AUTHOR = DEMO_AUTHOR


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


@pytest.fixture
def repo(demo_repo: Path) -> Path:
    """The demo with its meetings held: these tests are about editing, not about correcting approved minutes."""
    return hold_meetings(demo_repo)


@pytest.fixture
def path(repo: Path) -> Path:
    """The 2019 Chefforum meeting in repo, the one most tests edit."""
    return repo / CHEFFORUM_2019


def last_commit(repo: Path) -> tuple[str, str, list[tuple[int, int, str]]]:
    """(subject, author "name <email>", numstat rows) of HEAD."""
    subject, author = git_out(repo, "log", "-1", "--format=%s%n%an <%ae>").splitlines()[:2]
    rows = []
    for line in git_out(repo, "diff", "HEAD~1", "--numstat").splitlines():
        added, removed, path = line.split("\t")
        rows.append((int(added), int(removed), path))
    return subject, author, rows


def commit_count(repo: Path) -> int:
    return int(git_out(repo, "rev-list", "--count", "HEAD").strip())


async def edit_point(pilot, app: MinutesApp, index: int) -> PointEditor:
    screen = await open_meeting(pilot, app)
    screen.view.highlight_point(index)
    await pilot.press("e")
    await settle(pilot, lambda: isinstance(app.screen, PointEditor))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def new_point_after(pilot, app: MinutesApp, index: int) -> PointEditor:
    """n on the point at `index`: the editor of a new point after it."""
    screen = await open_meeting(pilot, app)
    screen.view.highlight_point(index)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(app.screen, PointEditor))
    return app.screen  # type: ignore[return-value]


async def add_point(pilot, app: MinutesApp, index: int, number: str, title: str) -> PointEditor:
    """A new point after the one at `index`: its editor must offer `number`; it gets `title`."""
    editor = await new_point_after(pilot, app, index)
    assert editor.query_one("#field-number", Input).value == number
    editor.query_one("#field-title", Input).value = title
    return editor


async def on_point(pilot, app: MinutesApp, index: int, *keys: str) -> BrowseScreen:
    """Open the meeting, highlight the point at `index` and press `keys` there."""
    screen = await open_meeting(pilot, app)
    screen.view.highlight_point(index)
    await pilot.press(*keys)
    return screen


async def header_editor(pilot, app: MinutesApp) -> HeaderEditor:
    """E in the open meeting: its header editor."""
    await open_meeting(pilot, app)
    await pilot.press("E")
    await settle(pilot, lambda: isinstance(app.screen, HeaderEditor))
    return app.screen  # type: ignore[return-value]


async def wait_for_dialog(pilot, app: MinutesApp, kind: type = ChoiceDialog):
    """Wait for a dialog of `kind` with its buttons in place; the dialog."""
    await settle(pilot, lambda: isinstance(app.screen, kind) and app.screen.query(Button))
    return app.screen


async def choose(pilot, app: MinutesApp, button: str, kind: type = ChoiceDialog) -> None:
    """Wait for a dialog of `kind`, then press its button of id `button` (#choice-...)."""
    await wait_for_dialog(pilot, app, kind)
    app.screen.query_one(button, Button).press()


async def save_editor(pilot, app: MinutesApp) -> None:
    """ctrl+s in an editor: it closes, and the save (a worker) has finished."""
    await pilot.press("ctrl+s")
    await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and not app.screen._saving)
    await pilot.pause()


def set_area(editor, selector: str, text: str) -> None:
    editor.query_one(selector, TextArea).text = text


async def test_edit_decision_commits_one_file_with_a_worded_message(repo: Path, path: Path) -> None:
    before = commit_count(repo)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        area = editor.query_one(".decision-area", TextArea)
        set_area(editor, ".decision-area", area.text.rstrip("\n") + "\nTilføjet efter mødet.\n")
        await save_editor(pilot, app)
    assert "Tilføjet efter mødet." in path.read_text(encoding="utf-8")
    assert commit_count(repo) == before + 1
    subject, author, rows = last_commit(repo)
    assert subject == "Chefforum 2019-10-24: beslutning i punkt 3 ændret"
    assert author == f"{AUTHOR[0]} <{AUTHOR[1]}>"
    assert rows == [(1, 0, CHEFFORUM_2019)]


async def test_edit_title_field_changes_one_line_in_english(repo: Path, path: Path) -> None:
    app = make_app(path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 0)
        editor.query_one("#field-title", Input).value = "CF - Godkendelse af dagsorden"
        editor.query_one("#field-presenter", Input).value = "Kommunaldirektøren"
        await save_editor(pilot, app)
    subject, _, rows = last_commit(repo)
    assert subject == "Chefforum 2019-10-24: title of point 1 changed, presenter of point 1 changed"
    assert rows == [(2, 1, CHEFFORUM_2019)]
    point = Repository(repo).load_meeting(path).points[0]
    assert point.title == "CF - Godkendelse af dagsorden" and point.presenter == "Kommunaldirektøren"


async def test_add_rename_and_remove_sections(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 0)
        sections = list(editor.query(SectionEditor))
        assert [s.values()[0] for s in sections] == ["Anledning", "Indstilling"]
        sections[0].query_one(Input).value = "Baggrund"
        sections[1].query_one(".section-remove", Button).press()
        await pilot.pause()
        editor.query_one("#add-section", Button).press()
        await pilot.pause()
        new = list(editor.query(SectionEditor))[-1]
        new.query_one(Input).value = "Bemærkning"
        new.query_one(TextArea).text = "En ny bemærkning\nover to linjer\n"
        await pilot.pause()
        await save_editor(pilot, app)
    point = Repository(repo).load_meeting(path).points[0]
    assert point.sections.items() == [
        ("Baggrund", "Godkendelse af dagsorden og referat\n"),
        ("Bemærkning", "En ny bemærkning\nover to linjer\n"),
    ]
    text = path.read_text(encoding="utf-8")
    assert "      Bemærkning: |\n        En ny bemærkning\n        over to linjer\n" in text
    subject, _, rows = last_commit(repo)
    assert "afsnit 'Baggrund' i punkt 1 tilføjet" in subject
    assert [row[2] for row in rows] == [CHEFFORUM_2019]


async def test_reorder_sections(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        first = next(iter(editor.query(SectionEditor)))
        first.query_one(".section-down", Button).press()
        await pilot.pause()
        await pilot.pause()
        assert [s.values()[0] for s in editor.query(SectionEditor)][:2] == ["Sagsfremstilling", "Anledning"]
        await save_editor(pilot, app)
    point = Repository(repo).load_meeting(path).points[2]
    assert point.sections.headings()[:2] == ["Sagsfremstilling", "Anledning"]


async def test_attachments_and_actions(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 1)
        set_area(editor, ".attachments-area", "Oplæg fra Anne-Mette.pdf\n")
        editor.query_one("#add-action", Button).press()
        await pilot.pause()
        action = list(editor.query(ActionEditor))[-1]
        action.query_one(".action-task", Input).value = "Sende oplægget rundt"
        action.query_one(".action-owner", Input).value = "Anne-Mette"
        action.query_one(".action-due", Input).value = "2019-11-01"
        await pilot.pause()
        await save_editor(pilot, app)
    point = Repository(repo).load_meeting(path).points[1]
    assert point.attachments == ["Oplæg fra Anne-Mette.pdf"]
    [saved] = point.actions
    expected = ("Sende oplægget rundt", "Anne-Mette", "2019-11-01", False)
    assert (saved.task, saved.owner, saved.due.isoformat(), saved.done) == expected
    subject, _, rows = last_commit(repo)
    assert "bilag i punkt 2 ændret" in subject and "opfølgning 'Sende oplægget rundt' i punkt 2 tilføjet" in subject
    assert [row[2] for row in rows] == [CHEFFORUM_2019]


async def test_marking_an_action_done(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        [action] = list(editor.query(ActionEditor))
        action.query_one(Checkbox).value = True
        await pilot.pause()
        await save_editor(pilot, app)
    subject, _, rows = last_commit(repo)
    assert "udført" in subject
    assert rows == [(1, 1, CHEFFORUM_2019)]
    assert Repository(repo).load_meeting(path).points[2].actions[0].done is True


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("#field-time", "25:00", "'25:00' er ikke et klokkeslæt på døgnet (00:00-23:59)"),
        ("#field-time", "10:00-09:00", "'10:00-09:00' slutter før det begynder"),
        ("#field-number", "tre", "'tre' er ikke et helt tal"),
    ],
)
async def test_invalid_input_is_refused_at_the_field(path: Path, field: str, value: str, words: str) -> None:
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        editor.query_one(field, Input).value = value
        await pilot.pause()
        error_id = "#error-time" if "time" in field else "#error-number"
        assert str(editor.query_one(error_id).content) == words, "said at the field, in the UI's language"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PointEditor), "the editor must stay open"
    assert path.read_bytes() == before


async def test_a_new_points_missing_title_is_said_once_a_save_is_tried(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_point_after(pilot, app, 6)
        await pilot.pause()
        assert str(editor.query_one("#error-title").content) == "", "an empty new form is not a mistake yet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PointEditor)
        assert str(editor.query_one("#error-title").content) == "Punktet skal have en titel"


async def test_invalid_due_date_is_refused(path: Path) -> None:
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        next(iter(editor.query(ActionEditor))).query_one(".action-due", Input).value = "31-02-2021"
        await pilot.pause()
        assert str(editor.query_one("#error-actions").content) == "'31-02-2021' er en dato, der ikke findes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PointEditor)
    assert path.read_bytes() == before


async def test_add_point_after_the_highlighted_one(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await add_point(pilot, app, 6, "8", "CF - Ekstra punkt")
        set_area(editor, ".decision-area", "Taget til efterretning.\n")
        await save_editor(pilot, app)
    points = Repository(repo).load_meeting(path).points
    assert [p.number for p in points] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert points[7].title == "CF - Ekstra punkt" and points[7].decision == "Taget til efterretning.\n"
    subject, _, rows = last_commit(repo)
    assert subject == "Chefforum 2019-10-24: punkt 8 tilføjet"
    assert rows == [(4, 0, CHEFFORUM_2019)]


async def test_delete_move_and_renumber_points_then_save(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_point(pilot, app, 1, "delete")
        await choose(pilot, app, "#choice-delete")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and len(screen.session.meeting.points) == 6)
        screen.view.highlight_point(0)
        await pilot.press("J")
        await pilot.pause()
        # numbers in increasing order stay so: the moved point and the one it passed trade numbers
        assert [p.number for p in screen.session.meeting.points][:2] == [1, 3]
        await pilot.press("R")
        await pilot.pause()
        assert [p.number for p in screen.session.meeting.points] == [1, 2, 3, 4, 5, 6]
        assert "●" in app.sub_title
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "●" not in app.sub_title and "…" not in app.sub_title)
    points = Repository(repo).load_meeting(path).points
    assert [p.title for p in points][:2] == [
        "CF - Justering af LULS-konceptet v. Søren (9:30-9:45)",
        "CF - Godkendelse af dagsorden og referat",
    ]
    assert "CF - Åben refleksion v. Anne-Mette (9:00-9:30)" not in [p.title for p in points]
    subject = git_out(repo, "log", "-1", "--format=%B")
    assert "punkt 2 fjernet" in subject and "punkterne omnummereret" in subject
    assert [row[2] for row in last_commit(repo)[2]] == [CHEFFORUM_2019]


async def test_a_point_put_in_between_pushes_the_later_numbers_up(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await add_point(pilot, app, 2, "4", "CF - Indskudt punkt")
        await save_editor(pilot, app)
    points = Repository(repo).load_meeting(path).points
    assert [p.number for p in points] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert points[3].title == "CF - Indskudt punkt" and points[4].title.startswith("CF - Arbejdet med det personlige")
    subject, _, rows = last_commit(repo)
    assert subject.startswith("Chefforum 2019-10-24: punkt 4 tilføjet")
    assert rows[0][2] == CHEFFORUM_2019 and len(rows) == 1


async def test_enter_in_the_delete_question_keeps_the_point(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_point(pilot, app, 1, "delete")
        await wait_for_dialog(pilot, app)
        assert app.screen.focused is app.screen.query_one("#choice-cancel", Button)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert len(screen.session.meeting.points) == 7 and "●" not in app.sub_title


async def test_edit_header_fields(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await header_editor(pilot, app)
        editor.query_one("#field-location", Input).value = "Mødelokale 2"
        editor.query_one("#field-end", Input).value = "11.15"
        set_area(editor, "#field-absent", "Ida Byrge Sørensen\n")
        await pilot.pause()
        await save_editor(pilot, app)
    meeting = Repository(repo).load_meeting(path)
    assert (meeting.location, meeting.end, meeting.absent) == ("Mødelokale 2", "11:15", ["Ida Byrge Sørensen"])
    subject, _, rows = last_commit(repo)
    assert subject == "Chefforum 2019-10-24: sluttid ændret, mødested ændret, afbud: Ida Byrge Sørensen tilføjet"
    assert [row[2] for row in rows] == [CHEFFORUM_2019]
    assert 'end: "11:15"' in path.read_text(encoding="utf-8")


async def test_header_refuses_an_impossible_date(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await header_editor(pilot, app)
        editor.query_one("#field-date", Input).value = "2019-02-31"
        await pilot.pause()
        assert "2019-02-31" in str(editor.query_one("#error-date").content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HeaderEditor)


async def test_new_meeting_from_the_standing_points(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        tree = screen.query_one(ForumTree)
        tree.move_cursor(find_forum(tree, "Chefforum"))
        tree.focus()
        await pilot.pause()
        await pilot.press("n")
        dialog = await wait_for_dialog(pilot, app, NewMeetingDialog)
        assert dialog.query_one("#new-location", Input).value == "Mødelokale 1"
        dialog.query_one("#new-date", Input).value = "2019-10-24"
        dialog.query_one("#new-start", Input).value = "9:00"
        dialog.query_one("#new-ok", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and screen.session is not None)
        assert screen.session.meeting.path.name == "2019-10-24-2.yaml"
    new_file = repo / "albertslund-kommune/chefforum/2019-10-24-2.yaml"
    meeting = Repository(repo).load_meeting(new_file)
    # the next agenda: the standing points, the first approving the meeting before, and the open actions before the last
    assert [(p.number, p.title) for p in meeting.points] == [
        (1, "CF - Godkendelse af dagsorden og referat fra mødet 2015-04-23"),
        (2, "Opfølgning på aftalte handlinger"),
        (3, "CF - Eventuelt"),
    ]
    assert meeting.points[0].approves == "2015-04-23"
    assert (meeting.start, meeting.location, meeting.status) == ("09:00", "Mødelokale 1", "planned")
    subject, author, rows = last_commit(repo)
    assert subject == "Chefforum 2019-10-24-2: dagsorden oprettet"
    assert author == f"{AUTHOR[0]} <{AUTHOR[1]}>"
    assert rows == [(rows[0][0], 0, "albertslund-kommune/chefforum/2019-10-24-2.yaml")]


async def test_save_refused_when_the_file_changed_on_disk(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot, app)
        await pilot.press("R")  # numbers are already 1..7: nothing changes
        screen.view.highlight_point(0)
        await pilot.press("J")
        await pilot.pause()
        outside = path.read_text(encoding="utf-8").replace("Mødelokale 1", "Mødelokale 9")
        path.write_text(outside, encoding="utf-8")
        await pilot.press("ctrl+s")
        dialog = await wait_for_dialog(pilot, app)
        assert "Mødelokale 9" in dialog.detail
        assert path.read_text(encoding="utf-8") == outside, "nothing written while the dialog asks"
        dialog.query_one("#choice-reload", Button).press()
        await settle(pilot, lambda: screen.session is not None and screen.session.meeting.location == "Mødelokale 9")
    assert path.read_text(encoding="utf-8") == outside


async def test_save_on_top_of_an_external_change(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_point(pilot, app, 0, "J")
        await pilot.pause()
        path.write_text(path.read_text(encoding="utf-8").replace("Mødelokale 1", "Mødelokale 9"), encoding="utf-8")
        await pilot.press("ctrl+s")
        await choose(pilot, app, "#choice-overwrite")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await pilot.pause()
    meeting = Repository(repo).load_meeting(path)
    assert meeting.location == "Mødelokale 1"
    assert (meeting.points[1].number, meeting.points[1].title) == (2, "CF - Godkendelse af dagsorden og referat")
    assert git_out(repo, "status", "--porcelain").strip() == ""


async def test_missing_identity_is_asked_once_and_set_for_the_repository(repo: Path) -> None:
    git_out(repo, "config", "--unset", "user.name")
    git_out(repo, "config", "--unset", "user.email")
    path = repo / CHEFFORUM_2019
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_point(pilot, app, 0, "J", "ctrl+s")
        await wait_for_dialog(pilot, app, IdentityDialog)
        app.screen.query_one("#identity-name", Input).value = "Helle Hansen"
        app.screen.query_one("#identity-email", Input).value = "helle@example.org"
        app.screen.query_one("#identity-ok", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and not app.screen._saving and "●" not in app.sub_title)
    assert git_out(repo, "config", "user.name").strip() == "Helle Hansen"
    assert last_commit(repo)[1] == "Helle Hansen <helle@example.org>"


async def test_quit_with_unsaved_changes_asks(path: Path) -> None:
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_point(pilot, app, 0, "J", "q")
        await choose(pilot, app, "#choice-cancel")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BrowseScreen)
        await pilot.press("q")
        await choose(pilot, app, "#choice-discard")
        await pilot.pause()
    assert path.read_bytes() == before


async def test_leaving_a_meeting_with_unsaved_changes_asks(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_point(pilot, app, 0, "J")
        tree = screen.query_one(ForumTree)
        tree.reveal(repo / "albertslund-kommune/chefforum/2015-04-23.yaml")
        await choose(pilot, app, "#choice-save")
        await settle(pilot, lambda: screen.session is not None and screen.session.meeting.path.name == "2015-04-23.yaml")
    first = Repository(repo).load_meeting(path).points[0]
    assert (first.number, first.title) == (1, "CF - Åben refleksion v. Anne-Mette (9:00-9:30)")
    assert git_out(repo, "status", "--porcelain").strip() == ""


async def test_draft_is_kept_in_the_git_directory_and_offered_back(repo: Path, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        editor.query_one("#field-title", Input).value = "Kladdetitel"
        await pilot.pause(2.6)
    drafts = list((repo / ".git" / "minutes-drafts").glob("*.json"))
    assert len(drafts) == 1
    assert "Kladdetitel" in drafts[0].read_text(encoding="utf-8")
    assert git_out(repo, "status", "--porcelain").strip() == "", "the draft is not in the work tree"
    second = make_app(repo)
    async with second.run_test(size=SIZE) as pilot:
        await choose(pilot, second, "#choice-restore")
        screen = second.screen_stack[-1]
        await settle(pilot, lambda: isinstance(second.screen, BrowseScreen) and second.screen.session is not None)
        screen = second.screen
        assert screen.session.meeting.points[2].title == "Kladdetitel"
        assert screen.session.dirty
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not screen.session.dirty)
    assert Repository(repo).load_meeting(path).points[2].title == "Kladdetitel"
    assert not list((repo / ".git" / "minutes-drafts").glob("*.json"))


async def test_editor_cannot_suspend_under_a_headless_driver_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")
    path = repo / CHEFFORUM_2019
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot, app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        messages = [str(notification.message) for notification in app._notifications]
        assert any("kan ikke give plads til en editor" in message for message in messages), messages
    assert path.read_bytes() == before


def test_point_editor_snapshot(snap_compare, repo: Path) -> None:
    async def open_editor(pilot) -> None:
        editor = await edit_point(pilot, pilot.app, 2)
        for field in editor.query(Input):
            field.cursor_blink = False  # the picture must not depend on the moment it is taken
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo / CHEFFORUM_2019), terminal_size=SIZE, run_before=open_editor)


async def test_meeting_view_shows_the_saved_edit(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 0)
        editor.query_one("#field-title", Input).value = "[bold]Ny titel[/]"
        await save_editor(pilot, app)
        view = app.screen.query_one(MeetingView)
        assert view.point_views()[0].point.title == "[bold]Ny titel[/]"


async def test_typing_in_a_field_just_opened_adds_to_its_text(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_point(pilot, app, 2)
        title = editor.query_one("#field-title", Input)
        before = title.value
        await pilot.press(*" (ny)")
        assert title.value == before + " (ny)", "typing goes after the title, it does not replace it"
        await pilot.press("tab", "x")
        assert editor.query_one("#field-presenter", Input).value.endswith("x")
