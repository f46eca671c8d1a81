"""What the screens hand to the library: text from $EDITOR back into a point or a meeting (or its problems), a point
replaced, an action marked done, a new meeting committed; on real files in real git repositories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import hold_meetings, run_git

from repo_layout.editing.creating import create_meeting
from repo_layout.editing.from_text import (
    POINT_PATH,
    file_text,
    meeting_from_text,
    meeting_to_read,
    point_from_text,
    point_text,
)
from repo_layout.editing.session import EditSession, find_action
from repo_layout.model.discover import Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.model.problems import Problem

CHEFFORUM = "albertslund-kommune/chefforum/2019-10-24.yaml"
LEMVIG = "lemvig-kommune/centerledermoede/2020-10-08.yaml"


@pytest.fixture
def repo(identity_repo: Path) -> Repository:
    return Repository.find(identity_repo)


def session_of(repository: Repository, relative: str) -> EditSession:
    path = repository.root / relative
    return EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")


# a point from text --------------------------------------------------------------------------------

def test_a_point_as_text_comes_back_as_the_same_point(repo: Repository) -> None:
    meeting = repo.load_meeting(repo.root / CHEFFORUM)
    text = point_text(meeting, 2)
    assert text.startswith("number: 3\ntitle: CF - Justering af LULS-konceptet")
    found = point_from_text(text)
    assert isinstance(found, Point)
    assert found.data == meeting.points[2].data


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("number: 3\ntitle: [unclosed\n", 3, "flow sequence"),  # the parser's own words, where it gave up
        ("- number: 3\n  title: A list\n", 1, "a point must be a mapping"),
        ("number: 3\ntitle: &anchor Title\ndecision: *anchor\n", 3, "not allowed"),
        ("number: three\ntitle: Words\n", 1, "number"),
    ],
)
def test_a_point_that_cannot_be_saved_comes_back_as_its_problems(text: str, line: int, words: str) -> None:
    found = point_from_text(text)
    assert isinstance(found, list) and found, found
    assert all(isinstance(problem, Problem) and problem.path == POINT_PATH and problem.is_error for problem in found)
    assert found[0].line == line, found
    assert words in " ".join(problem.message for problem in found)


def test_a_point_needs_no_date_of_its_own() -> None:
    found = point_from_text("number: 1\ntitle: Alone\ndecision: |\n  Yes.\n")
    assert isinstance(found, Point) and found.title == "Alone" and found.decision == "Yes.\n"


def test_a_replaced_point_is_saved_as_written_and_nothing_else_changes(repo: Repository) -> None:
    hold_meetings(repo.root, CHEFFORUM)  # held: an approved meeting's save would add its correction to the file
    session = session_of(repo, CHEFFORUM)
    before = (repo.root / CHEFFORUM).read_text(encoding="utf-8")
    edited = point_text(session.meeting, 0).replace("godkendte dagsorden og referat", "godkendte alt")
    found = point_from_text(edited)
    assert isinstance(found, Point)
    session.replace_point(0, found)
    assert session.dirty
    session.save()
    after = (repo.root / CHEFFORUM).read_text(encoding="utf-8")
    assert after == before.replace("Chefforum godkendte dagsorden og referat.", "Chefforum godkendte alt.")
    assert run_git(repo.root, "status", "--porcelain") == ""


# a meeting from text ------------------------------------------------------------------------------

def test_a_meeting_from_text_splices_into_what_was_written_and_keeps_its_base(repo: Repository) -> None:
    path = repo.root / CHEFFORUM
    base = path.read_text(encoding="utf-8")
    written = base.replace("location: Mødelokale 1\n", "location: Mødelokale 2  # moved this time\n")
    found = meeting_from_text(path, written, base)
    assert isinstance(found, Meeting)
    assert found.location == "Mødelokale 2" and found.original_text == base
    assert found.dump() == written  # the comment written in the editor stays


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda text: text.replace("points:\n", "points: [\n", 1), ""),
        (lambda text: text.replace("date: 2019-10-24\n", "date: 2019-13-40\n"), "date"),
        (lambda text: "- just\n- a list\n", "mapping"),
    ],
)
def test_a_meeting_that_cannot_be_saved_comes_back_as_its_problems(repo: Repository, change, words: str) -> None:
    path = repo.root / CHEFFORUM
    base = path.read_text(encoding="utf-8")
    found = meeting_from_text(path, change(base), base)
    assert isinstance(found, list) and found
    assert all(problem.path == path and problem.is_error for problem in found)
    assert words in " ".join(problem.message for problem in found)


def test_an_old_version_is_read_as_it_is_or_says_why_not(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01.yaml"
    meeting = meeting_to_read(path, "title: Old\ndate: 2020-01-01\npoints: 3\n")  # a schema problem is still shown
    assert isinstance(meeting, Meeting) and meeting.title == "Old"
    problem = meeting_to_read(path, "title: [unclosed\n")
    assert isinstance(problem, Problem) and problem.line == 2 and "flow sequence" in problem.message
    assert meeting_to_read(path, "- a list\n") is None


def test_a_file_that_is_not_utf8_is_handed_to_the_editor_with_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01.yaml"
    path.write_bytes(b"title: \xff\xfe broken\n")
    assert file_text(path) == "title: \ufffd\ufffd broken\n"
    path.write_text("title: Fine\n", encoding="utf-8")
    assert file_text(path) == "title: Fine\n"


# marking an action done ---------------------------------------------------------------------------

def test_an_action_is_marked_done_by_point_position_and_task_and_found_by_task_when_it_moved(repo: Repository) -> None:
    session = session_of(repo, LEMVIG)
    point_index = next(index for index, point in enumerate(session.meeting.points) if point.number == 3)
    tasks = [action.task for action in session.meeting.points[point_index].actions]
    assert session.mark_done(3, 0, tasks[0]) == point_index
    assert [action.done for action in session.meeting.points[point_index].actions] == [True, False]
    assert session.mark_done(3, 0, tasks[1]) == point_index  # its position changed: found by its task
    assert all(action.done for action in session.meeting.points[point_index].actions)
    assert session.mark_done(3, 0, "no such task") is None
    assert session.mark_done(99, 0, tasks[0]) is None
    assert find_action(session.meeting, 4, 5, "no such task") is None
    result = session.save()
    assert run_git(repo.root, "log", "-1", "--format=%s").strip() == result.message.splitlines()[0]
    reread = repo.load_meeting(repo.root / LEMVIG)
    assert all(action.done for action in reread.points[point_index].actions)


# a new meeting ------------------------------------------------------------------------------------

def test_a_new_meeting_is_written_and_committed_as_created(repo: Repository) -> None:
    forum = repo.forum_of(repo.root / CHEFFORUM)
    assert forum is not None
    head = run_git(repo.root, "rev-parse", "HEAD").strip()
    meeting, result = create_meeting(repo, forum, dt.date(2031, 5, 6), "9.30", "", "da")
    assert meeting.path == repo.root / "albertslund-kommune/chefforum/2031-05-06.yaml"
    assert meeting.path.is_file() and meeting.start == "09:30" and meeting.status == "draft"
    assert run_git(repo.root, "rev-parse", "HEAD~1").strip() == head
    assert run_git(repo.root, "log", "-1", "--format=%s").strip() == result.message
    assert "2031-05-06" in result.message
    assert run_git(repo.root, "show", "--name-only", "--format=", "HEAD").split() == [
        "albertslund-kommune/chefforum/2031-05-06.yaml"
    ]
