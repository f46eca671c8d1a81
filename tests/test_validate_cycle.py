"""`minutes validate` and the meeting's cycle: the new keys' types, the warnings that need the forum or git, and the
open items (postponed points no later meeting took up), each at path:line:column, in Danish and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from repo_layout.cycle.approval import approve
from repo_layout.model.discover import Repository
from repo_layout.model.problems import CheckProblem, Problem
from repo_layout.model.validate import check_repository, validate_repository
from tests.conftest import SAMPLE_REPO, git_env, make_git_repo
from tui.problem_words import problem_line

FORUM = "org/forum"
TODAY = dt.date(2020, 1, 15)

TYPES = """\
date: 2019-10-24
status: held
corrections:
  - date: soon
    by: Ida
    what: beslutning ændret
    why: 5
  - just text
points:
  - number: 1
    title: A
    closed: "ja"
    postponed: [1]
    approves: 2019-10-10
  - number: 2
    title: B
    postponed:
      reason: Afventer
      until: later
    carried_from:
      meeting: "2019-10-10"
      point: tre
    follow_up:
      - meeting: "2019-10-10"
        point: 1
        task: T
        due: soon
      - text
    attachments:
      - file: 2019-10-24/notat.pdf
      - title: Bilag uden fil
"""


def kinds_at(problems: list[Problem]) -> list[tuple[int, int, str, str]]:
    """Each check problem's line, column, kind and severity, in file order."""
    return sorted((p.line, p.column, p.kind, p.severity) for p in problems if isinstance(p, CheckProblem))


@pytest.fixture
def forum_repo(make_repo: Callable[..., Path]) -> Callable[[dict[str, str]], Path]:
    """A repository whose forum holds the given meetings (`name: text`)."""

    def make(meetings: dict[str, str]) -> Path:
        return make_repo({f"{FORUM}/{name}.yaml": text for name, text in meetings.items()})

    return make


def test_the_cycle_s_keys_are_checked_for_their_types(forum_repo: Callable[[dict[str, str]], Path]) -> None:
    root = forum_repo({"2019-10-10": "date: 2019-10-10\n", "2019-10-24": TYPES})
    (root / FORUM / "2019-10-24").mkdir()
    (root / FORUM / "2019-10-24" / "notat.pdf").write_bytes(b"%PDF")
    problems = check_repository(Repository(root), today=TODAY).problems
    assert kinds_at(problems) == [
        (4, 5, "correction_date", "error"),
        (7, 5, "not_text_quote", "error"),
        (8, 5, "bad_correction", "error"),
        (12, 5, "not_bool", "error"),
        (13, 5, "bad_postponed", "error"),
        (14, 5, "link_unquoted", "warning"),
        (19, 7, "unknown_key", "warning"),
        (22, 7, "bad_link_point", "error"),
        (27, 9, "bad_due", "error"),
        (28, 9, "bad_link", "error"),
    ]
    english = {problem_line(p, "en", "f.yaml") for p in problems}
    danish = {problem_line(p, "da", "f.yaml") for p in problems}
    assert "f.yaml:12:5: point 1: closed must be true or false" in english
    assert "f.yaml:12:5: punkt 1: closed skal være true eller false" in danish
    assert 'f.yaml:14:5: warning: point 1: approves: write the meeting\'s name in quotes: "2019-10-10"' in english
    assert 'f.yaml:14:5: advarsel: punkt 1: approves: skriv mødets navn i anførselstegn: "2019-10-10"' in danish
    assert "f.yaml:22:7: point 2: carried_from: point must be a whole number, not 'tre'" in english
    assert "f.yaml:8:5: correction 2 must be a mapping of date, by, what and why" in english


def test_links_to_meetings_the_forum_lacks_are_warned(forum_repo: Callable[[dict[str, str]], Path]) -> None:
    text = (
        "date: 2019-11-07\nstatus: held\npoints:\n  - number: 1\n    title: A\n    approves: \"2019-10-24\"\n"
        "  - number: 2\n    title: B\n    carried_from:\n      meeting: \"2019-10-23\"\n      point: 3\n"
        "    follow_up:\n      - meeting: \"2019-10-24\"\n        task: T\n      - meeting: \"../2019-10-24\"\n        task: U\n"
    )
    root = forum_repo({"2019-10-24": "date: 2019-10-24\n", "2019-11-07": text})
    problems = validate_repository(Repository(root))
    assert kinds_at(problems) == [(10, 7, "unknown_meeting", "warning"), (15, 9, "unknown_meeting", "warning")]
    lines = {problem_line(p, "da", "f.yaml") for p in problems}
    assert "f.yaml:10:7: advarsel: punkt 2: carried_from nævner mødet 2019-10-23, som forummet ikke har" in lines
    assert not any(p.is_error for p in problems)


def test_attachment_files_must_be_in_the_forum_s_folder(
    forum_repo: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    files = ["2019-10-24/notat.pdf", "2019-10-24/mangler.pdf", "../../minutes.yaml", "/etc/passwd", "ud/fil.txt"]
    text = "date: 2019-10-24\npoints:\n  - number: 1\n    title: A\n    attachments:\n" + "".join(
        f"      - file: {file}\n" for file in files
    )
    root = forum_repo({"2019-10-24": text})
    (root / FORUM / "2019-10-24").mkdir()
    (root / FORUM / "2019-10-24" / "notat.pdf").write_bytes(b"%PDF")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "fil.txt").write_text("x", encoding="utf-8")
    (root / FORUM / "ud").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    problems = validate_repository(Repository(root))
    assert kinds_at(problems) == [
        (7, 9, "attachment_missing", "warning"),
        (8, 9, "attachment_outside", "error"),
        (9, 9, "attachment_outside", "error"),
        (10, 9, "attachment_outside", "error"),
    ]
    lines = {problem_line(p, "en", "f.yaml") for p in problems}
    assert "f.yaml:8:9: point 1: attachment ../../minutes.yaml leads outside the forum's folder; it is not read" in lines


@pytest.mark.parametrize(("status", "warned"), [("planned", True), ("agenda_sent", True), ("held", False)])
def test_a_planned_meeting_dated_in_the_past_is_warned(
    status: str, warned: bool, forum_repo: Callable[[dict[str, str]], Path]
) -> None:
    root = forum_repo({date: f"date: {date}\nstatus: {status}\n" for date in ("2020-01-09", "2020-01-16")})
    problems = check_repository(Repository(root), today=TODAY).problems
    assert [(p.path.name, p.line, p.kind) for p in problems] == ([("2020-01-09.yaml", 2, "past_planned")] if warned else [])
    if warned:
        assert problem_line(problems[0], "da", "f.yaml") == (
            f"f.yaml:2:1: advarsel: mødet har status {status}, men datoen 2020-01-09 er passeret; "
            "markér det afholdt, eller flyt det"
        )


def test_the_sample_repository_still_validates_clean_in_and_out_of_git(sample_git_repo: Path) -> None:
    assert check_repository(Repository(SAMPLE_REPO)).problems == []
    assert check_repository(Repository(sample_git_repo)).problems == []  # approved before approvals were tagged


APPROVED = "date: {date}\nstatus: {status}\n"


def test_approved_minutes_without_their_tag_are_warned_once_the_forum_tags_approvals(
    forum_repo: Callable[[dict[str, str]], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dates = ("2019-09-12", "2019-10-10", "2019-11-07")
    root = forum_repo({date: APPROVED.format(date=date, status="approved" if date != "2019-10-10" else "held") for date in dates})
    make_git_repo(root)
    assert validate_repository(Repository(root)) == []  # no approval tag yet: approved before the cycle
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    repository = Repository(root)
    forum = repository.find_forum(FORUM)
    approve(repository, forum, repository.load_meeting(root / FORUM / "2019-10-10.yaml"), "da")
    problems = validate_repository(Repository(root))
    assert [(p.path.name, p.line, p.kind, p.severity) for p in problems] == [
        ("2019-11-07.yaml", 2, "no_approval_tag", "warning")  # not 2019-09-12: that is older than the first tag
    ]
    assert problem_line(problems[0], "en", "f.yaml") == (
        "f.yaml:2:1: warning: the minutes say approved, but git has no approval tag: it cannot say who approved them, or when"
    )


OPEN = """\
date: 2019-10-24
status: held
points:
  - number: 1
    title: Skolestruktur
    postponed:
      reason: Afventer høringssvar
  - number: 2
    title: Budget
    postponed: true
"""


def test_postponed_points_not_taken_up_are_listed_as_open_items(forum_repo: Callable[[dict[str, str]], Path]) -> None:
    later = (
        'date: 2019-11-07\npoints:\n  - number: 1\n    title: Budget\n    carried_from:\n      meeting: "2019-10-24"\n'
        "      point: 2\n"
    )
    root = forum_repo({"2019-10-24": OPEN, "2019-11-07": later})
    validation = check_repository(Repository(root))
    assert validation.problems == []
    (item,) = validation.open_items
    assert (item.path.name, item.line, item.column, item.meeting, item.point, item.title, item.reason) == (
        "2019-10-24.yaml", 6, 5, "2019-10-24", 1, "Skolestruktur", "Afventer høringssvar",
    )


def test_validate_prints_open_items_apart_and_they_do_not_change_the_exit_code(
    forum_repo: Callable[[dict[str, str]], Path], run_minutes
) -> None:
    root = forum_repo({"2019-10-24": OPEN})
    result = run_minutes("validate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Åbne punkter (udsatte punkter, der ikke er taget op endnu):",
        f"{FORUM}/2019-10-24.yaml:6:5: punkt 1 (Skolestruktur) er udsat, og intet senere møde har taget det op; "
        "begrundelse: Afventer høringssvar",
        f"{FORUM}/2019-10-24.yaml:10:5: punkt 2 (Budget) er udsat, og intet senere møde har taget det op",
        "1 referat i 1 forum kontrolleret: ingen problemer",
    ]
    (root / FORUM / "2019-10-25.yaml").write_text("date: 2019-10-25\nstatus: maybe\n", encoding="utf-8")
    english = run_minutes("validate", "--lang", "en", cwd=root)
    assert english.returncode == 1
    assert english.stdout.splitlines()[0].startswith(f"{FORUM}/2019-10-25.yaml:2:1: status must be one of")
    assert "Open items (postponed points not taken up yet):" in english.stdout
    assert f"{FORUM}/2019-10-24.yaml:10:5: point 2 (Budget) is postponed and no later meeting has taken it up" in english.stdout
