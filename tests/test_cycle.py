"""The meeting's cycle in the library (repo_layout/cycle), on real git repositories written to by two people.

Anna writes the agenda and the minutes, Bo approves them: each step's commit and the approval tag are read back with
plain git (log, for-each-ref, cat-file), as anyone checking the minutes would.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from repo_layout.cycle.agenda import create_agenda
from repo_layout.cycle.approval import approval_of, approve
from repo_layout.cycle.errors import CycleError
from repo_layout.cycle.links import postponed_not_taken_up, taken_up_at
from repo_layout.cycle.schedule import next_meeting
from repo_layout.cycle.steps import ATTACHMENT_WARN_MB, attach_file, postpone_point, save_correction
from repo_layout.git.state import IdentityMissingError
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import PointLink
from tests.conftest import git_env, make_git_repo, write_files

ANNA = ("Anna Referent", "anna@example.org")
BO = ("Bo Formand", "bo@example.org")
FORUM = "kommune/chefforum"
TODAY = dt.date(2019, 10, 28)  # a Monday after the held meeting: the next Thursday is 2019-10-31

FORUM_YAML = """\
name: Chefforum
weekday: torsdag
start: "09:00"
end: "11:00"
location: Mødelokale 1
standing_points:
  - Godkendelse af dagsorden og referat
  - Eventuelt
"""

HELD = """\
title: Chefforum
date: 2019-10-24
start: "08:30"
location: Rådhuset
status: held
points:
  - number: 1
    title: Godkendelse af dagsorden og referat
    decision: Godkendt.
  - number: 2
    title: Kommunikation om LUS
    decision: Lederne orienteres.
    actions:
      - task: Kommunikere LUS til lederne
        owner: Alle chefer
        due: 2019-11-30
      - task: Skrive nyhedsbrev
        owner: Ida
        done: true
  - number: 3
    title: Skolestruktur
    sections:
      Sagsfremstilling: Tre modeller.
    decision: Ikke nået.
    postponed:
      reason: Afventer høringssvar
  - number: 4
    title: Eventuelt
"""


def as_person(monkeypatch: pytest.MonkeyPatch, who: tuple[str, str]) -> None:
    """Git's identity in the environment (no user config can say otherwise): the library commits and tags as `who`."""
    for key, value in git_env(*who).items():
        monkeypatch.setenv(key, value)


def git(root: Path, *args: str) -> str:
    """Plain git, as a reader checks the record: no identity of its own."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Danish repository with one forum and its held meeting 2019-10-24, committed by Anna."""
    root = write_files(
        tmp_path / "repo",
        {
            "minutes.yaml": "schema: 1\nname: Referater\nlanguage: da\n",
            f"{FORUM}/forum.yaml": FORUM_YAML,
            f"{FORUM}/2019-10-24.yaml": HELD,
        },
    )
    as_person(monkeypatch, ANNA)
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "cache"))
    return make_git_repo(root)


def forum_of(root: Path) -> tuple[Repository, Forum]:
    repository = Repository(root)
    return repository, repository.find_forum(FORUM)


def load(root: Path, name: str) -> Meeting:
    repository, _ = forum_of(root)
    return repository.load_meeting(root / FORUM / f"{name}.yaml")


def last_commit(root: Path) -> tuple[str, str, list[str]]:
    """HEAD's author, whole message and the paths it changed."""
    author = git(root, "log", "-1", "--format=%an <%ae>").strip()
    message = git(root, "log", "-1", "--format=%B").strip()
    paths = git(root, "show", "--name-only", "--format=", "HEAD").split()
    return author, message, paths


# the agenda ------------------------------------------------------------------------------------------------------------


def test_the_next_agenda_approves_the_previous_minutes_and_carries_what_is_open(repo: Path) -> None:
    repository, forum = forum_of(repo)
    meeting, result = create_agenda(repository, forum, "da", today=TODAY)

    assert meeting.path == repo / FORUM / "2019-10-31.yaml"
    assert (meeting.status, meeting.start, meeting.end, meeting.location) == ("planned", "09:00", "11:00", "Mødelokale 1")
    titles = [point.title for point in meeting.points]
    assert titles[0] == "Godkendelse af dagsorden og referat fra mødet 2019-10-24"
    assert meeting.points[0].approves == "2019-10-24"
    assert titles[-1] == "Eventuelt"
    assert [point.number for point in meeting.points] == list(range(1, len(titles) + 1))

    carried = next(point for point in meeting.points if point.carried_from is not None)
    assert carried.title == "Skolestruktur"
    assert carried.carried_from == PointLink("2019-10-24", 3)
    assert carried.sections.get("Sagsfremstilling") == "Tre modeller."
    assert not carried.decision and not carried.postponed  # the preparation travels, not the decision nor the mark

    follow = next(point for point in meeting.points if point.follow_up)
    (item,) = follow.follow_up  # the done action is not followed up
    assert (item.link, item.task, item.owner, item.due) == (
        PointLink("2019-10-24", 2), "Kommunikere LUS til lederne", "Alle chefer", dt.date(2019, 11, 30),
    )
    (text,) = [text for _, text in follow.sections]
    assert text == "- Kommunikere LUS til lederne (Alle chefer, frist 2019-11-30; besluttet på mødet 2019-10-24, punkt 2)\n"
    assert titles.index(carried.title) < titles.index(follow.title) < len(titles) - 1

    author, message, paths = last_commit(repo)
    assert result.commit == git(repo, "rev-parse", "HEAD").strip()
    assert (author, message, paths) == (f"{ANNA[0]} <{ANNA[1]}>", "Chefforum 2019-10-31: dagsorden oprettet",
                                        [f"{FORUM}/2019-10-31.yaml"])
    assert (repo / FORUM / "2019-10-31.yaml").read_text(encoding="utf-8") == meeting.dump()


def test_a_carried_point_is_taken_up_both_ways_and_not_carried_again(repo: Path) -> None:
    repository, forum = forum_of(repo)
    postponed = PointLink("2019-10-24", 3)
    assert [item.link for item in postponed_not_taken_up(forum)] == [postponed]
    assert taken_up_at(forum, postponed) is None

    meeting, _ = create_agenda(repository, forum, "da", today=TODAY)
    number = next(point.number for point in meeting.points if point.carried_from == postponed)
    assert taken_up_at(forum, postponed) == PointLink("2019-10-31", number)  # forward: found from the later file
    assert postponed_not_taken_up(forum) == []

    later, _ = create_agenda(repository, forum, "da", date=dt.date(2019, 11, 28), today=TODAY)
    assert all(point.carried_from is None for point in later.points)
    assert later.points[0].approves == "2019-10-24"  # 2019-10-31 is only planned: its minutes do not exist yet


def test_the_agenda_s_date_is_the_one_asked_for_and_a_taken_day_gets_a_second_file(repo: Path) -> None:
    repository, forum = forum_of(repo)
    meeting, _ = create_agenda(repository, forum, "da", date=dt.date(2019, 10, 24), today=TODAY)
    assert meeting.path.name == "2019-10-24-2.yaml"
    assert meeting.points[0].approves is None  # the meeting that day is not before it


# the schedule ----------------------------------------------------------------------------------------------------------


def test_the_schedule_comes_from_forum_yaml(repo: Path) -> None:
    _, forum = forum_of(repo)
    schedule = next_meeting(forum, today=TODAY)
    assert (schedule.date, schedule.start, schedule.end, schedule.location) == (
        dt.date(2019, 10, 31), "09:00", "11:00", "Mødelokale 1",
    )
    assert next_meeting(forum, today=dt.date(2019, 10, 31)).date == dt.date(2019, 10, 31)  # today is a Thursday
    assert next_meeting(forum, today=TODAY, date=dt.date(2019, 12, 2)).date == dt.date(2019, 12, 2)


def test_without_a_usual_day_the_schedule_follows_the_newest_meeting(repo: Path) -> None:
    (repo / FORUM / "forum.yaml").write_text("name: Chefforum\n", encoding="utf-8")
    _, forum = forum_of(repo)
    schedule = next_meeting(forum, today=TODAY)
    assert schedule.date == dt.date(2019, 10, 31)  # 2019-10-24 was a Thursday
    assert (schedule.start, schedule.location) == ("08:30", "Rådhuset")


# approval --------------------------------------------------------------------------------------------------------------


def test_approval_marks_the_minutes_and_tags_them_in_the_approver_s_name(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_person(monkeypatch, BO)
    repository, forum = forum_of(repo)
    approval = approve(repository, forum, load(repo, "2019-10-24"), "da")

    assert load(repo, "2019-10-24").status == "approved"
    author, message, paths = last_commit(repo)
    assert (author, message, paths) == (f"{BO[0]} <{BO[1]}>", "Chefforum 2019-10-24: referat godkendt",
                                        [f"{FORUM}/2019-10-24.yaml"])
    tag = f"{FORUM}/2019-10-24/godkendt"
    assert approval.tag == tag and approval.commit == git(repo, "rev-parse", "HEAD").strip()
    listed = git(repo, "for-each-ref", "--format=%(objecttype) %(taggername) %(*objectname)", f"refs/tags/{tag}")
    assert listed.strip() == f"tag {BO[0]} {approval.commit}"  # annotated, by Bo, on the approval's commit
    raw = git(repo, "cat-file", "-p", tag)
    assert f"object {approval.commit}\ntype commit\ntag {tag}\ntagger {BO[0]} <{BO[1]}> " in raw
    assert raw.rstrip().endswith("Chefforum: referatet fra mødet 2019-10-24 godkendt af Bo Formand")

    found = approval_of(repository, forum, "2019-10-24")
    assert found is not None and (found.tagger, found.email, found.commit) == (BO[0], BO[1], approval.commit)
    assert abs(dt.datetime.now(dt.UTC) - found.when) < dt.timedelta(minutes=5)


def test_the_approver_s_identity_tags_even_when_git_s_config_names_someone_else(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "config", "user.name", ANNA[0])
    git(repo, "config", "user.email", ANNA[1])
    for key in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    monkeypatch.setenv("GIT_AUTHOR_NAME", BO[0])
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", BO[1])
    repository, forum = forum_of(repo)
    approval = approve(repository, forum, load(repo, "2019-10-24"), "da")
    assert git(repo, "for-each-ref", "--format=%(taggeremail)", f"refs/tags/{approval.tag}").strip() == f"<{BO[1]}>"


@pytest.mark.parametrize("status", ["planned", "agenda_sent"])
def test_minutes_not_held_are_not_approved(repo: Path, status: str) -> None:
    path = repo / FORUM / "2019-10-24.yaml"
    path.write_text(HELD.replace("status: held", f"status: {status}"), encoding="utf-8")
    git(repo, "-c", f"user.name={ANNA[0]}", "-c", f"user.email={ANNA[1]}", "commit", "-qam", status)
    before, head = path.read_bytes(), git(repo, "rev-parse", "HEAD")
    repository, forum = forum_of(repo)
    with pytest.raises(CycleError) as refused:
        approve(repository, forum, load(repo, "2019-10-24"), "da")
    assert (refused.value.kind, refused.value.values["status"]) == ("not_held", status)
    assert path.read_bytes() == before and git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "tag", "--list") == ""


def test_approved_minutes_are_not_approved_twice(repo: Path) -> None:
    repository, forum = forum_of(repo)
    approve(repository, forum, load(repo, "2019-10-24"), "da")
    with pytest.raises(CycleError) as refused:
        approve(repository, forum, load(repo, "2019-10-24"), "da")
    assert refused.value.kind == "already_approved"
    assert git(repo, "tag", "--list").split() == [f"{FORUM}/2019-10-24/godkendt"]


def test_an_approval_git_refuses_leaves_the_meeting_as_it_was(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    repository, forum = forum_of(repo)
    meeting = load(repo, "2019-10-24")
    meeting.data.pop("status")  # a file from before the cycle, with no status
    with pytest.raises(IdentityMissingError):
        approve(repository, forum, meeting, "da")
    assert meeting.status is None
    assert git(repo, "status", "--porcelain") == "" and git(repo, "tag", "--list") == ""


# after approval --------------------------------------------------------------------------------------------------------


def test_a_correction_after_approval_records_its_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repository, forum = forum_of(repo)
    as_person(monkeypatch, BO)
    approve(repository, forum, load(repo, "2019-10-24"), "da")
    as_person(monkeypatch, ANNA)
    meeting = load(repo, "2019-10-24")
    meeting.points[1].decision = "Lederne orienteres skriftligt."
    with pytest.raises(CycleError) as refused:
        save_correction(repository, forum, meeting, "  ", "da")
    assert refused.value.kind == "reason_needed"

    save_correction(repository, forum, meeting, "Ordlyden var forkert", "da")
    author, message, _ = last_commit(repo)
    assert author == f"{ANNA[0]} <{ANNA[1]}>"
    assert message.splitlines()[0] == "Chefforum 2019-10-24: rettelse efter godkendelse: Ordlyden var forkert"
    assert "2" in message.split("\n\n", 1)[1]  # the worded change names the point
    (correction,) = load(repo, "2019-10-24").corrections
    assert (correction.date, correction.by, correction.why) == (dt.date.today(), ANNA[0], "Ordlyden var forkert")
    assert correction.what and correction.what in message
    assert load(repo, "2019-10-24").status == "approved"


# postponing and attachments --------------------------------------------------------------------------------------------


def test_postponing_a_point_is_one_commit_with_its_reason(repo: Path) -> None:
    repository, forum = forum_of(repo)
    postpone_point(repository, forum, load(repo, "2019-10-24"), 2, "Mangler tal", "da")
    _, message, paths = last_commit(repo)
    assert message == "Chefforum 2019-10-24: punkt 2 udsat\n\nMangler tal"
    assert paths == [f"{FORUM}/2019-10-24.yaml"]
    point = load(repo, "2019-10-24").points[1]
    assert point.postponed and point.postponed_reason == "Mangler tal"
    with pytest.raises(CycleError) as refused:
        postpone_point(repository, forum, load(repo, "2019-10-24"), 9, "", "da")
    assert refused.value.kind == "no_point"


def test_an_attachment_is_kept_beside_its_meeting_and_committed_with_it(repo: Path, tmp_path: Path) -> None:
    source = tmp_path / "Høringsnotat.pdf"
    source.write_bytes(b"%PDF-1.4 notat")
    repository, forum = forum_of(repo)
    attach_file(repository, forum, load(repo, "2019-10-24"), source, "da", number=3)

    kept = f"{FORUM}/2019-10-24/Høringsnotat.pdf"
    assert (repo / kept).read_bytes() == source.read_bytes()
    _, message, _ = last_commit(repo)
    assert message == "Chefforum 2019-10-24: bilag tilføjet (Høringsnotat.pdf)"
    assert sorted(git(repo, "-c", "core.quotePath=false", "show", "--name-only", "--format=", "HEAD").split()) == sorted(
        [kept, f"{FORUM}/2019-10-24.yaml"]
    )
    (entry,) = load(repo, "2019-10-24").points[2].attachment_entries
    assert (entry.title, entry.file) == ("Høringsnotat", "2019-10-24/Høringsnotat.pdf")
    assert git(repo, "status", "--porcelain") == ""


def test_a_large_attachment_is_refused_unless_forced(repo: Path, tmp_path: Path) -> None:
    source = tmp_path / "video.mp4"
    with source.open("wb") as file:
        file.truncate(ATTACHMENT_WARN_MB * 1_000_000 + 1)
    repository, forum = forum_of(repo)
    with pytest.raises(CycleError) as refused:
        attach_file(repository, forum, load(repo, "2019-10-24"), source, "da")
    assert (refused.value.kind, refused.value.values["limit"]) == ("attachment_too_big", str(ATTACHMENT_WARN_MB))
    assert not (repo / FORUM / "2019-10-24").exists() and git(repo, "status", "--porcelain") == ""

    attach_file(repository, forum, load(repo, "2019-10-24"), source, "da", force=True)
    assert (repo / FORUM / "2019-10-24" / "video.mp4").stat().st_size == source.stat().st_size
    assert git(repo, "status", "--porcelain") == ""


def test_an_attachment_that_cannot_be_committed_leaves_nothing_behind(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    source = tmp_path / "notat.txt"
    source.write_text("notat", encoding="utf-8")
    repository, forum = forum_of(repo)
    meeting = load(repo, "2019-10-24")
    with pytest.raises(IdentityMissingError):
        attach_file(repository, forum, meeting, source, "da")
    assert not (repo / FORUM / "2019-10-24").exists()
    assert git(repo, "status", "--porcelain") == ""
    assert meeting.points[0].attachment_entries == []  # a second try lists it once


def test_an_attachment_folder_that_is_a_link_out_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / FORUM / "2019-10-24").symlink_to(outside, target_is_directory=True)
    source = tmp_path / "notat.txt"
    source.write_text("notat", encoding="utf-8")
    repository, forum = forum_of(repo)
    with pytest.raises(CycleError) as refused:
        attach_file(repository, forum, load(repo, "2019-10-24"), source, "da")
    assert refused.value.kind == "attachment_outside"
    assert list(outside.iterdir()) == []


def test_the_agenda_skips_parsing_only_files_that_cannot_hold_what_it_carries(tmp_path: Path) -> None:
    """A forum's files are read for the next agenda; only those whose bytes show no open action, postponed point, link
    or meeting still to be held go unparsed, so nothing the agenda needs is missed."""
    from repo_layout.cycle.links import _may_link

    assert not _may_link(b"date: 2030-01-01\npoints:\n  - title: A\n    actions:\n      - task: X\n        done: true\n")
    assert not _may_link(b"date: 2030-01-01\npoints:\n  - title: A\n")
    assert _may_link(b"points:\n  - title: A\n    actions:\n      - task: X\n")  # open: no done
    assert _may_link(b"points:\n  - title: A\n    actions:\n      - {task: X, done: false}\n")
    assert _may_link(b"points:\n  - title: A\n    postponed: {}\n")
    assert _may_link(b"status: planned\npoints: []\n")
