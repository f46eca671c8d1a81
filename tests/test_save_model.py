"""One way to save (issue 14, points 3 and 4): every edit collects in the meeting, ctrl+s commits them as one worded
commit, the status line counts what is unsaved, and moving a point keeps increasing numbers increasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from repo_layout.editing.session import EditSession
from repo_layout.editing.values import move_point
from repo_layout.history.changes import commit_message, describe, diff_meetings
from repo_layout.model.discover import Repository
from repo_layout.model.loading import meeting_problems
from repo_layout.yaml import yamlio

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
    assert "increasing order" in result.stdout + result.stderr
