"""The meeting's cycle driven in the app under Pilot: the next agenda with `n`, attendance, postponing and closing a
point, approving with `A` (commit and tag), a correction that asks its reason, and following a link back."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from textual.widgets import Input, OptionList

from tests.conftest import run_git, write_files
from tests.pilot_wait import settle
from tui.app import make_app
from tui.screens.attendance import AttendanceScreen
from tui.screens.browse import BrowseScreen
from tui.widgets.dialogs import ChoiceDialog, NewMeetingDialog, TextInputDialog

FORUM = """\
name: Chefforum
weekday: thursday
start: "09:00"
location: Mødelokale 1
members: [Ida Holm, Bo Berg, Ane Lund]
standing_points:
  - Godkendelse af dagsorden og referat
  - Eventuelt
"""

HELD = """\
date: 2030-01-10
start: "09:00"
status: held
points:
  - number: 1
    title: Godkendelse af dagsorden og referat
  - number: 2
    title: Budget 2031
    sections:
      Sagsfremstilling: |
        Budgettet for 2031 fremlægges.
    decision: |
      Drøftet.
    actions:
      - task: Lave budgetnotat
        owner: Bo Berg
        due: 2030-02-01
  - number: 3
    title: Skolestruktur
    sections:
      Indstilling: |
        Det indstilles, at strukturen drøftes.
"""


def repo_with_a_held_meeting(tmp_path: Path) -> Path:
    """A git repository of one forum (usual Thursday, members, standing points) and one held meeting, by Ida Holm."""
    root = write_files(
        tmp_path / "repo",
        {
            "minutes.yaml": "schema: 1\nname: Test\nlanguage: da\n",
            "chefforum/forum.yaml": FORUM,
            "chefforum/2030-01-10.yaml": HELD,
        },
    )
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "config", "user.name", "Ida Holm")
    run_git(root, "config", "user.email", "ida@example.org")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "-m", "start")
    return root


def _log(root: Path) -> list[str]:
    done = subprocess.run(["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


async def test_postpone_approve_and_correct_in_the_app(tmp_path: Path) -> None:
    root = repo_with_a_held_meeting(tmp_path)
    app = make_app(root / "chefforum" / "2030-01-10.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await settle(pilot, lambda: screen.session is not None)
        screen.view.focus()
        await pilot.pause()
        # attendance: one key per member
        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, AttendanceScreen))
        await pilot.press("p", "a", "p", "enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert screen.session.meeting.present == ["Ida Holm", "Ane Lund"]
        assert screen.session.meeting.absent == ["Bo Berg"]
        # point 3 postponed with a reason, then saved: one commit worded in Danish
        await pilot.press("k", "k", "k", "j", "j")
        await settle(pilot, lambda: screen.view.highlighted == 2)
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, TextInputDialog))
        app.screen.query_one(Input).value = "Afventer høringssvar"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert screen.session.meeting.points[2].postponed_reason == "Afventer høringssvar"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not screen.session.dirty and not screen._saving)
        body = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
        assert "- punkt 3 udsat" in body and "afbud: Bo Berg tilføjet" in body
        # the next agenda with n on the forum: approval point, standing point, the carried point, follow-up, Eventuelt
        screen.tree.focus()
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog) and app.screen.query("#new-date"))
        app.screen.query_one("#new-date", Input).value = "2030-01-24"
        await pilot.press("enter")
        new_file = root / "chefforum" / "2030-01-24.yaml"
        await settle(pilot, lambda: new_file.exists() and _log(root)[0].endswith("dagsorden oprettet"))
        text = new_file.read_text()
        assert "approves: \"2030-01-10\"" in text and "carried_from:" in text and "Lave budgetnotat" in text
        assert text.index("Skolestruktur") < text.index("Eventuelt")
        # approving from the new meeting's approval point approves the held one: one commit, one tag
        await settle(pilot, lambda: screen.shown_path == new_file and screen.session is not None)
        screen.view.focus()
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await settle(pilot, lambda: _log(root)[0].endswith("referat godkendt"))
        tag = subprocess.run(
            ["git", "-C", str(root), "for-each-ref", "--format=%(taggername) %(refname:short)", "refs/tags"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        assert tag == "Ida Holm chefforum/2030-01-10/godkendt"
        assert "status: approved" in (root / "chefforum" / "2030-01-10.yaml").read_text()
        assert "Referatet fra mødet 2030-01-10 blev godkendt." in new_file.read_text()
        # the carried point's link leads back to the meeting it was postponed at
        await settle(pilot, lambda: screen.session is not None and not screen.session.dirty)
        carried = next(i for i, p in enumerate(screen.session.meeting.points) if p.carried_from is not None)
        screen.view.highlighted = carried
        await pilot.press("g")
        old_file = root / "chefforum" / "2030-01-10.yaml"
        await settle(pilot, lambda: screen.shown_path == old_file and screen.session is not None)
        # a correction of the approved minutes asks its reason, which goes in the message and the file
        screen.session.meeting.points[1].decision = "Drøftet og godkendt.\n"
        screen._changed(keep_point=1)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, TextInputDialog))
        app.screen.query_one(Input).value = "Beslutningen var skrevet forkert"
        await pilot.press("enter")
        await settle(pilot, lambda: _log(root)[0].startswith("Chefforum 2030-01-10: rettelse efter godkendelse"))
        saved = old_file.read_text()
        assert "why: Beslutningen var skrevet forkert" in saved and "by: Ida Holm" in saved
        assert f"date: {dt.date.today().isoformat()}" in saved


async def test_attendance_lists_members_and_names_already_given(tmp_path: Path) -> None:
    root = repo_with_a_held_meeting(tmp_path)
    app = make_app(root / "chefforum" / "2030-01-10.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await settle(pilot, lambda: screen.session is not None)
        screen.view.focus()
        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, AttendanceScreen))
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "· Ida Holm", "· Bo Berg", "· Ane Lund"
        ]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert not screen.session.dirty


def test_a_tag_that_holds_the_approval_name_already_is_passed_by(tmp_path: Path) -> None:
    """Someone's lightweight tag with the approval's name: the approval takes the next name, and is read back from it."""
    from repo_layout.cycle.approval import approval_of, approve
    from repo_layout.model.discover import Repository

    root = repo_with_a_held_meeting(tmp_path)
    run_git(root, "tag", "chefforum/2030-01-10/godkendt")
    repository = Repository(root)
    forum = repository.forums()[0]
    made = approve(repository, forum, repository.load_meeting(root / "chefforum" / "2030-01-10.yaml"), "da")
    assert made.tag == "chefforum/2030-01-10/godkendt-2" and made.tag_error is None
    found = approval_of(repository, forum, "2030-01-10")
    assert found is not None and found.name == made.tag and found.tagger == "Ida Holm"


async def test_deciding_the_approval_point_approves_the_minutes_in_the_same_commit(tmp_path: Path) -> None:
    """A decision written on the next meeting's approval point offers to approve the minutes it names: one commit of
    both files, then the approver's tag."""
    from repo_layout.cycle.agenda import create_agenda
    from repo_layout.model.discover import Repository

    root = repo_with_a_held_meeting(tmp_path)
    repository = Repository(root)
    meeting, _ = create_agenda(repository, repository.forums()[0], "da", date=dt.date(2030, 1, 24))
    app = make_app(meeting.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await settle(pilot, lambda: screen.session is not None)
        screen.session.meeting.points[0].decision = "Godkendt uden bemærkninger.\n"
        screen._changed(keep_point=0)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # Godkend og gem
        await settle(pilot, lambda: _log(root)[0] == "Chefforum 2030-01-10: referat godkendt")
        await settle(pilot, lambda: "godkendt" in subprocess.run(
            ["git", "-C", str(root), "tag"], capture_output=True, text=True).stdout)
    files = subprocess.run(["git", "-C", str(root), "show", "--name-only", "--format=%B", "HEAD"],
                           capture_output=True, text=True, check=True).stdout
    assert "chefforum/2030-01-10.yaml" in files and "chefforum/2030-01-24.yaml" in files
    assert "beslutning i punkt 1 ændret" in files  # the approving meeting's own edit, said in the body
    assert "Godkendt uden bemærkninger." in meeting.path.read_text()
