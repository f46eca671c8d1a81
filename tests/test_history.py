"""A meeting's history on real git repositories: log, worded changes, renames, old versions, restore, blame, odd states, CLI.

Every repository here is made in tmp_path with the git binary; commits have fixed authors and dates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from repo_layout.demo import make_demo
from repo_layout.editing.saving import NothingToSaveError, restore_version, save_meeting
from repo_layout.git.commit import GitError
from repo_layout.git.paths import LOGS as LOG_CACHE
from repo_layout.git.paths import SUMMARIES as SUMMARY_CACHE
from repo_layout.history import log_prefetch
from repo_layout.history.log_cache import cache_path
from repo_layout.history.meeting_history import HistoryError, LogEntry, MeetingHistory, blame_points
from repo_layout.history.summaries import summaries
from repo_layout.model.discover import Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point

CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"
CHEFFORUM_2015 = "albertslund-kommune/chefforum/2015-04-23.yaml"
MOVED_TO = "aarhus-kommune/chefteammoede/2019-10-24.yaml"

CET = dt.timezone(dt.timedelta(hours=1))
CEST = dt.timezone(dt.timedelta(hours=2))

ANNA = ("Anna Andersen", "anna@example.org")
BO = ("Bo Bæk", "bo@example.org")
CARLA = ("Carla Christensen", "carla@example.org")
SECRETARIAT = ("Sekretariatet", "sekretariatet@example.org")

OLD_DECISION_3 = "Chefforum drøftede justeringerne af LULS-konceptet, og besluttede følgende:"
NEW_DECISION_3 = "Chefforum godkendte det justerede LULS-koncept uden løndel.\n"
NEW_DECISION_4 = "Chefforum tog orienteringen til efterretning.\n"


pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


# git ------------------------------------------------------------------------------------

def _env(who: tuple[str, str] = SECRETARIAT, when: dt.datetime | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1], GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1])
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when.isoformat(), GIT_COMMITTER_DATE=when.isoformat())
    return env


def git(repo: Path, *args: str, who: tuple[str, str] = SECRETARIAT, when: dt.datetime | None = None) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args],
        env=_env(who, when),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def git_bytes(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], env=_env(), capture_output=True, check=True).stdout


def commit(repo: Path, message: str, who: tuple[str, str], when: dt.datetime, *paths: str) -> str:
    """Stage `paths` (everything when none) and commit them as `who` at `when`; the new commit id."""
    git(repo, "add", "--all", "--", *(paths or ["."]))
    git(repo, "commit", "-q", "-m", message, who=who, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def edit(repo: Path, relative: str, change: Callable[[Meeting], None]) -> None:
    """Change a meeting through the typed view and write it back."""
    path = repo / relative
    meeting = Repository(repo).load_meeting(path)
    change(meeting)
    path.write_bytes(meeting.dump().encode("utf-8"))


def set_decision(index: int, text: str) -> Callable[[Meeting], None]:
    def change(meeting: Meeting) -> None:
        meeting.points[index].decision = text

    return change


def log_ids(repo: Path, *args: str) -> list[str]:
    return git(repo, "log", "--format=%H", *args).split()


# the main repository: the demo, then six dated commits by three authors, each one kind of change ---------

# (key, author, date, message, change, summary in Danish, summary in English)
STEPS: list[tuple[str, tuple[str, str], dt.datetime, str, Callable[[Meeting], None], str, str]] = [
    (
        "decision",
        ANNA,
        dt.datetime(2020, 1, 10, 9, 15, tzinfo=CET),
        "Ret beslutningen i punkt 3",
        set_decision(2, NEW_DECISION_3),
        "punkt 3: beslutning ændret",
        "point 3: decision changed",
    ),
    (
        "location",
        BO,
        dt.datetime(2020, 4, 2, 14, 30, tzinfo=CEST),
        "Nyt mødested",
        lambda meeting: setattr(meeting, "location", "Rådhuset, lokale 2"),
        "mødested ændret",
        "place changed",
    ),
    (
        "absent",
        CARLA,
        dt.datetime(2020, 5, 3, 8, 0, tzinfo=CEST),
        "Afbud fra Ida",
        lambda meeting: setattr(meeting, "absent", [*meeting.absent, "Ida Byrge Sørensen"]),
        "afbud: Ida Byrge Sørensen tilføjet",
        "absent: Ida Byrge Sørensen added",
    ),
    (
        "added",
        ANNA,
        dt.datetime(2020, 6, 4, 10, 0, tzinfo=CEST),
        "Nyt punkt om næste møde",
        lambda meeting: meeting.insert_point(7, Point.new(8, "CF - Næste møde")),
        "punkt 8 tilføjet",
        "point 8 added",
    ),
    (
        "removed",
        BO,
        dt.datetime(2020, 7, 5, 11, 0, tzinfo=CEST),
        "Punkt 2 hører ikke til her",
        lambda meeting: meeting.remove_point(1),
        "punkt 2 fjernet",
        "point 2 removed",
    ),
    (
        "moved",
        CARLA,
        dt.datetime(2020, 11, 6, 12, 0, tzinfo=CET),
        "Punkt 5 til sidst",
        lambda meeting: meeting.move_point(3, len(meeting.points) - 1),
        "punkt 5 flyttet efter punkt 8",
        "point 5 moved after point 8",
    ),
]
DEMO_ADDED = ("Chefforum 2019-10-24: referat tilføjet", SECRETARIAT, dt.datetime(2019, 10, 24, 16, 0, tzinfo=CET))


def _make_demo(target: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:  # make_demo commits through git: no user config there
        patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        repo = make_demo(target)
    git(repo, "config", "user.name", "Dorte Referent")
    git(repo, "config", "user.email", "dorte@example.org")
    return repo


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_demo(tmp_path_factory.mktemp("templates") / "demo")


@pytest.fixture(scope="session")
def _history_template(_demo_template: Path) -> tuple[Path, dict[str, str]]:
    """The demo with the STEPS committed on Chefforum 2019-10-24 (and one commit to another meeting between)."""
    repo = _demo_template.parent / "history"
    shutil.copytree(_demo_template, repo, symlinks=True)
    commits: dict[str, str] = {}
    for key, who, when, message, change, _, _ in STEPS:
        edit(repo, CHEFFORUM_2019, change)
        commits[key] = commit(repo, message, who, when, CHEFFORUM_2019)
        if key == "location":
            edit(repo, CHEFFORUM_2015, lambda meeting: setattr(meeting, "location", "Et andet sted"))
            commits["other"] = commit(repo, "Chefforum 2015-04-23: mødested ændret", BO, when + dt.timedelta(hours=1))
    return repo, commits


def _copy(template: Path, tmp_path: Path) -> Path:
    """A private copy of a repository built once for the session (tests may change it)."""
    target = tmp_path / "demo"
    shutil.copytree(template, target, symlinks=True)
    return target


@pytest.fixture
def demo(_demo_template: Path, tmp_path: Path) -> Path:
    return _copy(_demo_template, tmp_path)


@pytest.fixture
def history_repo(_history_template: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    template, commits = _history_template
    return _copy(template, tmp_path), dict(commits)


def history_of(repo: Path, relative: str = CHEFFORUM_2019) -> MeetingHistory:
    return MeetingHistory(repo / relative)


def entry_of(history: MeetingHistory, commit_id: str) -> LogEntry:
    [entry] = [entry for entry in history.all_entries() if entry.commit == commit_id]
    return entry


# entries and order -------------------------------------------------------------------------

def test_history_lists_every_commit_of_the_meeting_newest_first(history_repo) -> None:
    repo, commits = history_repo
    history = history_of(repo)
    entries = history.all_entries()
    expected = [(message, who, when) for _, who, when, message, *_ in reversed(STEPS)] + [DEMO_ADDED]
    assert [(e.message, (e.author, e.email), e.date) for e in entries] == expected
    assert [e.date.utcoffset() for e in entries] == [when.utcoffset() for _, _, when in expected]
    assert [e.commit for e in entries] == log_ids(repo, "--", CHEFFORUM_2019)
    assert [e.commit for e in entries][:-1] == [commits[key] for key, *_ in reversed(STEPS)]
    assert commits["other"] not in {e.commit for e in entries}
    assert {e.path for e in entries} == {CHEFFORUM_2019}
    assert all(e.short == e.commit[:7] for e in entries)
    page = history.page()
    assert page.entries == entries and not page.more and not page.shallow and page.notes == []
    assert history.uncommitted_entry() is None


def test_entry_for_a_revision_name(history_repo) -> None:
    repo, commits = history_repo
    history = history_of(repo)
    assert history.entry_for("HEAD~1").commit == commits["removed"]
    assert history.entry_for(commits["absent"][:10]).message == "Afbud fra Ida"
    with pytest.raises(HistoryError, match="no such revision"):
        history.entry_for("no-such-branch")


def _fast_import(repo: Path, count: int, rename_at: int | None = None) -> list[str]:
    """`count` commits of the meeting (one other file touched every 7th), renamed once; the meeting's commit ids."""
    old, new = "org/forum/2020-01-01.yaml", "org/andet/2020-01-01.yaml"
    stream: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        stream.append(b"data %d\n" % len(raw) + raw + b"\n")

    path = old
    stamp = 1_600_000_000
    marks: list[int] = []
    mark = 0
    for number in range(count):
        for kind in ("other", "rename", "meeting"):
            if kind == "other" and number % 7 != 3:
                continue
            if kind == "rename" and number != rename_at:
                continue
            mark += 1
            stamp += 60
            who = [ANNA, BO, CARLA][number % 3]
            stream.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
            stream.append(f"author {who[0]} <{who[1]}> {stamp} +0100\n".encode())
            stream.append(f"committer {who[0]} <{who[1]}> {stamp} +0100\n".encode())
            data(f"{kind} {number}")
            if kind == "other":
                stream.append(b"M 100644 inline org/forum/notes.txt\n")
                data(f"note {number}\n")
            elif kind == "rename":
                stream.append(f'R "{old}" "{new}"\n'.encode())
                path = new
                marks.append(mark)
            else:
                stream.append(f"M 100644 inline {path}\n".encode())
                data(f"title: Møde\ndate: 2020-01-01\npoints:\n  - number: 1\n    title: Punkt\n    decision: Version {number}\n")
                marks.append(mark)
            stream.append(b"\n")
    git(repo, "init", "-q", "--initial-branch=main")
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(stream), env=_env(), check=True)
    git(repo, "reset", "-q", "--hard", "main")
    ids = git(repo, "rev-list", "--all").split()
    by_mark = dict(zip(range(mark, 0, -1), ids, strict=True))  # rev-list of a linear history is newest first
    return [by_mark[m] for m in reversed(marks)]


@pytest.fixture(scope="session")
def many_commits(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """90 commits of one meeting, renamed once (the 61st newest commit), among commits of another file (read-only)."""
    repo = tmp_path_factory.mktemp("many")
    return repo, _fast_import(repo, 90, rename_at=30)


@pytest.mark.parametrize("limit", [6, 30, 61])
def test_pages_are_consecutive_and_say_whether_there_is_more(many_commits, limit: int) -> None:
    repo, expected = many_commits
    assert len(expected) == 91
    history = history_of(repo, "org/andet/2020-01-01.yaml")
    assert [e.commit for e in history.all_entries()] == expected
    assert expected == log_ids(repo, "--follow", "--", "org/andet/2020-01-01.yaml")
    seen: list[str] = []
    mores: list[bool] = []
    while True:
        page = history.page(skip=len(seen), limit=limit)
        assert 0 < len(page.entries) <= limit
        seen.extend(e.commit for e in page.entries)
        mores.append(page.more)
        if not page.more:
            break
        assert len(page.entries) == limit
    assert seen == expected
    assert mores == [True] * (len(mores) - 1) + [False]
    assert len(mores) == -(-len(expected) // limit)
    paths = [e.path for e in history.all_entries()]
    assert paths == ["org/andet/2020-01-01.yaml"] * 61 + ["org/forum/2020-01-01.yaml"] * 30
    assert history.page(skip=len(expected), limit=limit).entries == []


def test_page_more_at_the_exact_end(many_commits) -> None:
    repo, expected = many_commits
    history = history_of(repo, "org/andet/2020-01-01.yaml")
    assert history.page(limit=91).more is False
    assert history.page(limit=90).more is True
    assert [e.commit for e in history.page(skip=90, limit=90).entries] == expected[90:]
    assert history.page(limit=61).more is True and history.page(skip=61, limit=30).more is False
    assert history.page(skip=10, limit=5).entries == history.all_entries()[10:15]


# worded summaries and diffs ------------------------------------------------------------------

def test_each_kind_of_change_is_worded(history_repo) -> None:
    repo, commits = history_repo
    history = history_of(repo)
    danish = {key: history.summary(entry_of(history, commits[key])) for key, *_ in STEPS}
    english = {key: history.summary(entry_of(history, commits[key]), language="en") for key, *_ in STEPS}
    assert danish == {key: words for key, *_, words, _ in STEPS}
    assert english == {key: words for key, *_, words in STEPS}
    first = history.all_entries()[-1]
    assert (history.summary(first), history.summary(first, "en")) == ("møde oprettet", "meeting created")


def _changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_diff_is_the_change_of_that_commit(history_repo) -> None:
    repo, commits = history_repo
    history = history_of(repo)
    for key, *_ in STEPS:
        entry = entry_of(history, commits[key])
        diff = history.diff(entry)
        assert diff.startswith(f"--- a/{CHEFFORUM_2019}\n+++ b/{CHEFFORUM_2019}\n")
        assert _changed_lines(diff) == _changed_lines(git(repo, "diff", f"{entry.commit}^", entry.commit, "--", CHEFFORUM_2019))
    diff = history.diff(entry_of(history, commits["decision"]))
    assert f"-      {OLD_DECISION_3}" in diff.splitlines()
    assert "+      " + NEW_DECISION_3.rstrip() in diff.splitlines()


def test_old_version_is_the_committed_text(history_repo) -> None:
    repo, _ = history_repo
    history = history_of(repo)
    for entry in history.all_entries():
        expected = git_bytes(repo, "show", f"{entry.commit}:{CHEFFORUM_2019}").decode("utf-8")
        assert history.text_at(entry) == expected
        assert history.text_at_revision(entry.commit) == expected
    assert OLD_DECISION_3 in history.text_at(history.all_entries()[-1])
    assert OLD_DECISION_3 not in history.text_at(history.all_entries()[0])


# renames -----------------------------------------------------------------------------------

@pytest.fixture
def renamed_repo(demo: Path) -> tuple[Path, dict[str, str]]:
    """Decision edited, the file moved to another forum (git mv), then its place edited."""
    commits = {}
    edit(demo, CHEFFORUM_2019, set_decision(2, NEW_DECISION_3))
    commits["before"] = commit(demo, "Ret beslutningen", ANNA, dt.datetime(2020, 1, 10, 9, 0, tzinfo=CET))
    git(demo, "mv", CHEFFORUM_2019, MOVED_TO)
    commits["rename"] = commit(demo, "Flyt mødet til chefteamet", BO, dt.datetime(2020, 2, 10, 9, 0, tzinfo=CET))
    edit(demo, MOVED_TO, lambda meeting: setattr(meeting, "location", "Rådhuset"))
    commits["after"] = commit(demo, "Nyt mødested", CARLA, dt.datetime(2020, 3, 10, 9, 0, tzinfo=CET))
    return demo, commits


def test_history_follows_a_rename(renamed_repo) -> None:
    repo, commits = renamed_repo
    history = history_of(repo, MOVED_TO)
    entries = history.all_entries()
    assert [(e.commit, e.path, e.author) for e in entries] == [
        (commits["after"], MOVED_TO, CARLA[0]),
        (commits["rename"], MOVED_TO, BO[0]),
        (commits["before"], CHEFFORUM_2019, ANNA[0]),
        (log_ids(repo, "--", CHEFFORUM_2019)[-1], CHEFFORUM_2019, SECRETARIAT[0]),
    ]
    assert history.page(limit=3).entries == entries[:3] and history.page(limit=3).more
    assert history.page(skip=2, limit=3).entries == entries[2:] and not history.page(skip=2, limit=3).more
    summaries = [history.summary(e) for e in entries]
    assert summaries == ["mødested ændret", "ingen ændringer", "punkt 3: beslutning ændret", "møde oprettet"]
    before = entries[2]
    assert history.text_at(before) == git_bytes(repo, "show", f"{before.commit}:{CHEFFORUM_2019}").decode("utf-8")
    assert "+      " + NEW_DECISION_3.rstrip() in history.diff(before).splitlines()
    assert history.diff(before).startswith(f"--- a/{CHEFFORUM_2019}\n")
    assert history.diff(entries[1]) == ""  # a pure rename changes no line
    assert history.text_at_revision(commits["before"]) == history.text_at(before)
    assert history.text_at_revision(f"{commits['rename']}~2") == history.text_at(entries[3])


def test_history_follows_a_rename_within_the_forum(demo: Path) -> None:
    renamed = "albertslund-kommune/chefforum/2019-10-25.yaml"
    git(demo, "mv", CHEFFORUM_2019, renamed)
    rename = commit(demo, "Forkert dato", ANNA, dt.datetime(2020, 1, 1, 12, 0, tzinfo=CET))
    history = history_of(demo, renamed)
    assert [(e.commit, e.path) for e in history.all_entries()] == [
        (rename, renamed),
        (log_ids(demo, "--", CHEFFORUM_2019)[-1], CHEFFORUM_2019),
    ]


def test_a_meeting_moved_away_and_back_is_listed_once(demo: Path) -> None:
    when = dt.datetime(2020, 1, 1, 9, 0, tzinfo=CET)
    edit(demo, CHEFFORUM_2019, set_decision(2, NEW_DECISION_3))
    first = commit(demo, "Ret beslutningen", ANNA, when)
    git(demo, "mv", CHEFFORUM_2019, MOVED_TO)
    away = commit(demo, "Flyt til chefteamet", BO, when + dt.timedelta(days=1))
    edit(demo, MOVED_TO, lambda meeting: setattr(meeting, "location", "Rådhuset"))
    elsewhere = commit(demo, "Nyt mødested", CARLA, when + dt.timedelta(days=2))
    git(demo, "mv", MOVED_TO, CHEFFORUM_2019)
    back = commit(demo, "Flyt tilbage", ANNA, when + dt.timedelta(days=3))
    edit(demo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    last = commit(demo, "Ret punkt 4", BO, when + dt.timedelta(days=4))
    created = log_ids(demo, "--", CHEFFORUM_2019)[-1]
    history = history_of(demo)
    expected = [
        (last, CHEFFORUM_2019),
        (back, CHEFFORUM_2019),
        (elsewhere, MOVED_TO),
        (away, MOVED_TO),
        (first, CHEFFORUM_2019),
        (created, CHEFFORUM_2019),
    ]
    assert [(e.commit, e.path) for e in history.all_entries()] == expected
    paged = [e.commit for skip in range(0, 6, 2) for e in history.page(skip=skip, limit=2).entries]
    assert paged == [commit_id for commit_id, _ in expected]
    assert [history.summary(e) for e in history.all_entries()] == [
        "punkt 4: beslutning ændret",
        "ingen ændringer",
        "mødested ændret",
        "ingen ændringer",
        "punkt 3: beslutning ændret",
        "møde oprettet",
    ]
    assert history.text_at_revision(elsewhere) == git(demo, "show", f"{elsewhere}:{MOVED_TO}")
    assert history.text_at_revision(first) == git(demo, "show", f"{first}:{CHEFFORUM_2019}")


# restore --------------------------------------------------------------------------------------

def test_restore_writes_the_old_bytes_in_a_new_commit_of_that_file_alone(history_repo) -> None:
    repo, commits = history_repo
    path = repo / CHEFFORUM_2019
    history = history_of(repo)
    entry = entry_of(history, commits["location"])
    old_text = history.text_at(entry)
    head = git(repo, "rev-parse", "HEAD").strip()
    result = restore_version(Repository(repo), path, old_text, entry.commit, "2020-04-02", "Chefforum")
    assert path.read_bytes() == git_bytes(repo, "show", f"{commits['location']}:{CHEFFORUM_2019}")
    assert git(repo, "rev-parse", "HEAD").strip() == result.commit != head
    assert git(repo, "rev-parse", "HEAD~1").strip() == head
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [CHEFFORUM_2019]
    subject = git(repo, "log", "-1", "--format=%s").strip()
    assert subject == f"Chefforum 2019-10-24: gendannet fra {entry.short} (2020-04-02)"
    assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == "Dorte Referent <dorte@example.org>"
    body = git(repo, "log", "-1", "--format=%b")
    assert "punkt 2 tilføjet" in body and "afbud: Ida Byrge Sørensen fjernet" in body
    assert git(repo, "status", "--porcelain") == ""
    # the restore is now the newest entry of the history, and it reads as what it undid
    newest = history_of(repo).all_entries()[0]
    assert newest.commit == result.commit
    with pytest.raises(NothingToSaveError):
        restore_version(Repository(repo), path, old_text, entry.commit, "2020-04-02", "Chefforum")


def test_restore_leaves_other_staged_work_alone(history_repo) -> None:
    repo, commits = history_repo
    edit(repo, CHEFFORUM_2015, lambda meeting: setattr(meeting, "location", "Staged, not mine"))
    git(repo, "add", CHEFFORUM_2015)
    history = history_of(repo)
    entry = entry_of(history, commits["decision"])
    restore_version(Repository(repo), repo / CHEFFORUM_2019, history.text_at(entry), entry.commit, "2020-01-10", "Chefforum")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [CHEFFORUM_2019]
    assert git(repo, "status", "--porcelain").splitlines() == [f"M  {CHEFFORUM_2015}"]


# blame ----------------------------------------------------------------------------------------

@pytest.fixture
def blame_repo(demo: Path) -> tuple[Path, dict[str, str]]:
    commits = {}
    edit(demo, CHEFFORUM_2019, set_decision(2, NEW_DECISION_3))
    commits["anna"] = commit(demo, "Ret punkt 3", ANNA, dt.datetime(2020, 1, 10, 9, 0, tzinfo=CET))
    edit(demo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    commits["bo"] = commit(demo, "Ret punkt 4", BO, dt.datetime(2020, 2, 10, 9, 0, tzinfo=CET))
    edit(demo, CHEFFORUM_2019, lambda meeting: setattr(meeting, "location", "Rådhuset"))
    commits["carla"] = commit(demo, "Nyt mødested", CARLA, dt.datetime(2020, 3, 10, 9, 0, tzinfo=CET))
    commits["demo"] = log_ids(demo, "--", CHEFFORUM_2019)[-1]
    return demo, commits


def test_blame_names_who_last_changed_each_decision(blame_repo) -> None:
    repo, commits = blame_repo
    blame = blame_points(repo / CHEFFORUM_2019)
    assert [(b.index, b.number) for b in blame] == [(i, i + 1) for i in range(7)]
    expected = ["demo", "demo", "anna", "bo", "demo", "demo", "demo"]
    assert [b.commit for b in blame] == [commits[key] for key in expected]
    assert [b.author for b in blame] == [SECRETARIAT[0]] * 2 + [ANNA[0], BO[0]] + [SECRETARIAT[0]] * 3
    assert (blame[2].message, blame[2].date) == ("Ret punkt 3", dt.datetime(2020, 1, 10, 8, 0, tzinfo=dt.UTC))
    assert (blame[3].message, blame[3].date) == ("Ret punkt 4", dt.datetime(2020, 2, 10, 8, 0, tzinfo=dt.UTC))
    assert blame[2].date.utcoffset() == blame[3].date.utcoffset() == CET.utcoffset(None)  # as the author recorded it
    assert blame[2].title == "CF - Justering af LULS-konceptet v. Søren (9:30-9:45)"


def test_blame_marks_an_uncommitted_decision(blame_repo) -> None:
    repo, commits = blame_repo
    edit(repo, CHEFFORUM_2019, set_decision(5, "Ikke gemt endnu.\n"))
    blame = blame_points(repo / CHEFFORUM_2019)
    assert [b.commit for b in blame] == [commits[k] for k in ("demo", "demo", "anna", "bo", "demo")] + [None, commits["demo"]]
    assert (blame[5].author, blame[5].date) == ("", None)


def test_blame_of_a_point_moved_or_added(history_repo) -> None:
    repo, commits = history_repo
    blame = blame_points(repo / CHEFFORUM_2019)
    by_number = {b.number: b for b in blame}
    assert list(by_number) == [1, 3, 4, 6, 7, 8, 5]
    assert by_number[3].author == ANNA[0] and by_number[3].commit == commits["decision"]
    assert by_number[8].author == ANNA[0] and by_number[8].commit == commits["added"]
    # a move does not change a decision: point 5's still comes from the first commit
    assert by_number[5].author == SECRETARIAT[0]


# odd states ----------------------------------------------------------------------------------

MINIMAL = {
    "minutes.yaml": "schema: 1\nname: Testreferater\nlanguage: da\n",
    "org/group.yaml": "name: Organisationen\n",
    "org/forum/forum.yaml": "name: Forummet\n",
    "org/forum/2024-03-01.yaml": "title: Møde\ndate: 2024-03-01\npoints:\n  - number: 1\n    title: Punkt\n    decision: Ja.\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def test_no_commits_yet(tmp_path: Path) -> None:
    repo = write(tmp_path / "fresh", MINIMAL)
    git(repo, "init", "-q", "--initial-branch=main")
    history = history_of(repo, "org/forum/2024-03-01.yaml")
    assert not history.has_commits()
    page = history.page()
    assert (page.entries, page.more, page.notes) == ([], False, ["no commits yet"])
    assert history.all_entries() == []
    pending = history.uncommitted_entry()
    assert pending is not None and pending.commit is None and pending.path == "org/forum/2024-03-01.yaml"
    assert history.text_at(pending) == MINIMAL["org/forum/2024-03-01.yaml"]
    assert history.summary(pending) == "møde oprettet"
    assert [b.commit for b in blame_points(repo / "org/forum/2024-03-01.yaml")] == [None]
    with pytest.raises(HistoryError, match="no such revision"):
        history.text_at_revision("HEAD")


def test_a_meeting_never_committed(demo: Path) -> None:
    new = "albertslund-kommune/chefforum/2020-01-01.yaml"
    (demo / new).write_bytes((demo / CHEFFORUM_2019).read_bytes())
    history = history_of(demo, new)
    assert history.has_commits()
    assert history.page().entries == [] and not history.page().more
    assert history.all_entries() == []
    pending = history.uncommitted_entry()
    assert pending is not None and pending.commit is None and pending.path == new
    assert history.summary(pending) == "møde oprettet"
    with pytest.raises(HistoryError, match="did not exist"):
        history.text_at_revision("HEAD")


def test_uncommitted_changes_come_first(history_repo) -> None:
    repo, _ = history_repo
    committed = history_of(repo).all_entries()
    edit(repo, CHEFFORUM_2019, set_decision(0, "Dagsorden og referat godkendt.\n"))
    history = history_of(repo)
    pending = history.uncommitted_entry()
    assert pending is not None and pending.commit is None and pending.short == ""
    assert history.summary(pending) == "punkt 1: beslutning ændret"
    assert history.text_at(pending) == (repo / CHEFFORUM_2019).read_text(encoding="utf-8")
    assert "+      Dagsorden og referat godkendt." in history.diff(pending).splitlines()
    assert history.all_entries() == committed


def test_detached_head(history_repo) -> None:
    repo, commits = history_repo
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    history = history_of(repo)
    entries = history.all_entries()
    assert [e.commit for e in entries] == log_ids(repo, "--", CHEFFORUM_2019)
    assert entries[0].commit == commits["removed"]
    assert history.uncommitted_entry() is None
    assert history.page(limit=2).more and history.summary(entries[0]) == "punkt 2 fjernet"
    assert blame_points(repo / CHEFFORUM_2019)[1].commit == commits["decision"]


def test_shallow_clone(history_repo, tmp_path: Path) -> None:
    repo, commits = history_repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], env=_env(), check=True)
    history = history_of(clone)
    assert history.is_shallow()
    assert [e.commit for e in history.all_entries()] == [commits["moved"], commits["removed"]]
    page = history.page()
    assert page.shallow and not page.more
    assert history.summary(history.all_entries()[0]) == "punkt 5 flyttet efter punkt 8"
    # where the clone ends, the parent is missing: the change is unknown, not "meeting created"
    boundary = history.all_entries()[-1]
    assert history.summary(boundary) == "ændringen er ikke i denne klon (shallow)"
    assert history.summary(boundary, "en") == "the change is not in this clone (shallow)"
    assert history.diff(boundary) == ""
    assert history.text_at(boundary) == git(repo, "show", f"{commits['removed']}:{CHEFFORUM_2019}")
    assert not history_of(repo).is_shallow()


@pytest.fixture
def merging_repo(history_repo) -> tuple[Path, dict[str, str]]:
    """A merge stopped on a conflict in another meeting: MERGE_HEAD exists."""
    repo, commits = history_repo
    git(repo, "checkout", "-q", "-b", "other")
    edit(repo, CHEFFORUM_2015, lambda meeting: setattr(meeting, "location", "Sted A"))
    commit(repo, "sted A", ANNA, dt.datetime(2021, 1, 1, 9, 0, tzinfo=CET))
    git(repo, "checkout", "-q", "main")
    edit(repo, CHEFFORUM_2015, lambda meeting: setattr(meeting, "location", "Sted B"))
    commit(repo, "sted B", BO, dt.datetime(2021, 1, 2, 9, 0, tzinfo=CET))
    merge = subprocess.run(["git", "-C", str(repo), "merge", "other"], env=_env(), capture_output=True, text=True, check=False)
    assert merge.returncode != 0 and (repo / ".git" / "MERGE_HEAD").exists()
    return repo, commits


def _save_decision(repo: Path) -> None:
    repository = Repository(repo)
    meeting = repository.load_meeting(repo / CHEFFORUM_2019)
    meeting.points[0].decision = "Ændret under en blokering.\n"
    save_meeting(repository, meeting, "Chefforum")


def test_merge_in_progress(merging_repo) -> None:
    repo, commits = merging_repo
    before = (repo / CHEFFORUM_2019).read_bytes()
    history = history_of(repo)
    assert history.all_entries()[0].commit == commits["moved"]
    assert history.uncommitted_entry() is None
    assert history.summary(history.all_entries()[0]) == "punkt 5 flyttet efter punkt 8"
    assert len(blame_points(repo / CHEFFORUM_2019)) == 7
    with pytest.raises(GitError, match="merge"):
        _save_decision(repo)
    assert (repo / CHEFFORUM_2019).read_bytes() == before
    entry = entry_of(history, commits["decision"])
    with pytest.raises(GitError, match="merge"):
        restore_version(Repository(repo), repo / CHEFFORUM_2019, history.text_at(entry), entry.commit, "2020-01-10", "Chefforum")


def test_stale_index_lock(history_repo) -> None:
    repo, commits = history_repo
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    before = (repo / CHEFFORUM_2019).read_bytes()
    history = history_of(repo)
    assert [e.commit for e in history.all_entries()] == log_ids(repo, "--", CHEFFORUM_2019)
    assert history.page(limit=3).more
    assert history.uncommitted_entry() is None
    assert blame_points(repo / CHEFFORUM_2019)[1].commit == commits["decision"]
    with pytest.raises(GitError, match=r"index\.lock"):
        _save_decision(repo)
    assert (repo / CHEFFORUM_2019).read_bytes() == before
    assert git(repo, "rev-parse", "HEAD").strip() == commits["moved"]


def test_not_a_git_repository(tmp_path: Path) -> None:
    repo = write(tmp_path / "plain", MINIMAL)
    with pytest.raises(HistoryError, match="not in a git repository"):
        history_of(repo, "org/forum/2024-03-01.yaml")


# the command line -------------------------------------------------------------------------------

def test_log_json(history_repo, run_minutes) -> None:
    repo, _ = history_repo
    result = run_minutes("log", repo / CHEFFORUM_2019, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    assert [row["commit"] for row in rows] == log_ids(repo, "--", CHEFFORUM_2019)
    assert all({"commit", "date", "author", "email", "message", "summary"} <= set(row) for row in rows)
    expected = [(message, who, when) for _, who, when, message, *_ in reversed(STEPS)] + [DEMO_ADDED]
    assert [(r["message"], (r["author"], r["email"]), dt.datetime.fromisoformat(r["date"])) for r in rows] == expected
    assert [r["summary"] for r in rows] == [words for *_, words, _ in reversed(STEPS)] + ["møde oprettet"]
    dates = [dt.datetime.fromisoformat(row["date"]) for row in rows]
    assert dates == sorted(dates, reverse=True) and all(d.tzinfo is not None for d in dates)


def test_log_json_in_english(history_repo, run_minutes) -> None:
    repo, _ = history_repo
    result = run_minutes("log", repo / CHEFFORUM_2019, "--json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert [row["summary"] for row in json.loads(result.stdout)][:6] == [words for *_, words in reversed(STEPS)]


def test_log_human(history_repo, run_minutes) -> None:
    repo, commits = history_repo
    result = run_minutes("log", CHEFFORUM_2019, cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 14
    assert lines[0] == f"{commits['moved'][:7]}  2020-11-06 12:00  Carla Christensen  Punkt 5 til sidst"
    assert lines[1].strip() == "punkt 5 flyttet efter punkt 8"
    assert lines[2] == f"{commits['removed'][:7]}  2020-07-05 11:00  Bo Bæk  Punkt 2 hører ikke til her"
    assert lines[12].endswith("  2019-10-24 16:00  Sekretariatet  Chefforum 2019-10-24: referat tilføjet")
    assert lines[13].strip() == "møde oprettet"


def test_log_and_show_of_a_deleted_meeting_and_of_a_deleted_forum(history_repo, run_minutes) -> None:
    repo, _ = history_repo
    git(repo, "rm", "-q", CHEFFORUM_2015)
    deleted = commit(repo, "Slet 2015", ANNA, dt.datetime(2021, 1, 1, 9, 0, tzinfo=CET))
    rows = json.loads(run_minutes("log", repo / CHEFFORUM_2015, "--json").stdout)
    assert (rows[0]["commit"], rows[0]["summary"]) == (deleted, "møde slettet")
    assert [row["commit"] for row in rows] == log_ids(repo, "--", CHEFFORUM_2015)
    shown = run_minutes("show", repo / CHEFFORUM_2015, "--at", f"{deleted}~1")
    assert shown.returncode == 0 and shown.stdout == git(repo, "show", f"{deleted}~1:{CHEFFORUM_2015}")
    git(repo, "rm", "-rq", "albertslund-kommune")
    commit(repo, "Slet Albertslund", BO, dt.datetime(2021, 2, 1, 9, 0, tzinfo=CET))
    rows = json.loads(run_minutes("log", CHEFFORUM_2019, "--json", cwd=repo).stdout)
    assert rows[0]["message"] == "Slet Albertslund" and rows[0]["summary"] == "møde slettet"
    never = run_minutes("log", repo / "albertslund-kommune/chefforum/2099-01-01.yaml")
    assert never.returncode == 2 and "aldrig committet og ikke på disken" in never.stderr


def test_log_shows_uncommitted_changes_first(history_repo, run_minutes) -> None:
    repo, commits = history_repo
    edit(repo, CHEFFORUM_2019, set_decision(0, "Dagsorden og referat godkendt.\n"))
    rows = json.loads(run_minutes("log", repo / CHEFFORUM_2019, "--json").stdout)
    assert (rows[0]["commit"], rows[0]["message"], rows[0]["summary"]) == (None, "ikke gemt i git", "punkt 1: beslutning ændret")
    assert dt.datetime.fromisoformat(rows[0]["date"]).tzinfo is not None
    assert [row["commit"] for row in rows[1:]] == log_ids(repo, "--", CHEFFORUM_2019)
    human = run_minutes("log", repo / CHEFFORUM_2019).stdout.splitlines()
    assert human[0].startswith("-------  ") and human[0].endswith("  -  ikke gemt i git")
    assert human[2].startswith(commits["moved"][:7])


def test_log_of_a_meeting_never_committed_and_with_no_commits(tmp_path: Path, run_minutes) -> None:
    repo = write(tmp_path / "fresh", MINIMAL)
    git(repo, "init", "-q", "--initial-branch=main")
    result = run_minutes("log", repo / "org/forum/2024-03-01.yaml", "--json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert (row["commit"], row["message"], row["summary"]) == (None, "ikke gemt i git", "møde oprettet")


def test_log_notes_a_shallow_clone(history_repo, tmp_path: Path, run_minutes) -> None:
    repo, commits = history_repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], env=_env(), check=True)
    result = run_minutes("log", clone / CHEFFORUM_2019, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["commit"] for row in rows] == [commits["moved"], commits["removed"]]
    assert [row["summary"] for row in rows] == ["punkt 5 flyttet efter punkt 8", "ændringen er ikke i denne klon (shallow)"]
    assert "shallow" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "shallow" not in run_minutes("log", repo / CHEFFORUM_2019).stderr


def test_log_and_show_in_odd_repositories(history_repo, run_minutes) -> None:
    repo, commits = history_repo
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    result = run_minutes("log", repo / CHEFFORUM_2019, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["commit"] == commits["removed"]
    shown = run_minutes("show", repo / CHEFFORUM_2019, "--at", "HEAD~1")
    assert shown.returncode == 0 and shown.stdout == git(repo, "show", f"HEAD~1:{CHEFFORUM_2019}")


def test_show_at_a_revision(history_repo, run_minutes) -> None:
    repo, commits = history_repo
    shown = {}
    for revision in (commits["decision"], commits["location"][:8], "HEAD~3"):
        result = run_minutes("show", repo / CHEFFORUM_2019, "--at", revision)
        assert result.returncode == 0, result.stderr
        assert result.stdout == git(repo, "show", f"{revision}:{CHEFFORUM_2019}")
        shown[revision] = result.stdout
    assert "Rådhuset, lokale 2" not in shown[commits["decision"]]
    assert "Rådhuset, lokale 2" in shown[commits["location"][:8]]
    assert shown["HEAD~3"] == git(repo, "show", f"{commits['absent']}:{CHEFFORUM_2019}")


def test_show_follows_a_rename(renamed_repo, run_minutes) -> None:
    repo, commits = renamed_repo
    result = run_minutes("show", MOVED_TO, "--at", commits["before"], cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == git(repo, "show", f"{commits['before']}:{CHEFFORUM_2019}")
    assert NEW_DECISION_3.rstrip() in result.stdout and "Rådhuset" not in result.stdout
    rows = json.loads(run_minutes("log", MOVED_TO, "--json", cwd=repo).stdout)
    assert [row["commit"] for row in rows][:3] == [commits["after"], commits["rename"], commits["before"]]
    assert [row["path"] for row in rows] == [MOVED_TO, MOVED_TO, CHEFFORUM_2019, CHEFFORUM_2019]


def _assert_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("minutes: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_cli_errors(history_repo, tmp_path: Path, run_minutes) -> None:
    repo, _ = history_repo
    meeting = repo / CHEFFORUM_2019
    outside = write(tmp_path / "outside", {"2019-10-24.yaml": meeting.read_text(encoding="utf-8")})
    first = log_ids(repo)[-1]  # the setup commit, before any meeting
    cases = [
        (("log", repo / "minutes.yaml"), ["ikke en mødefil"]),
        (("show", repo / "minutes.yaml", "--at", "HEAD"), ["ikke en mødefil"]),
        (("log", repo / "albertslund-kommune/chefforum"), ["ikke en mødefil"]),
        (("show", repo / "albertslund-kommune/chefforum", "--at", "HEAD"), ["ikke en mødefil"]),
        (("log", repo / "albertslund-kommune/chefforum/forum.yaml"), ["ikke en mødefil"]),
        (("log", outside / "2019-10-24.yaml"), ["ligger ikke i et referatarkiv"]),
        (("show", outside / "2019-10-24.yaml", "--at", "HEAD"), ["ligger ikke i et referatarkiv"]),
        (("show", meeting, "--at", "no-such-revision"), ["der er ingen version, der hedder no-such-revision"]),
        (("show", meeting, "--at", "0123456789abcdef"), ["der er ingen version, der hedder"]),
        (("show", meeting, "--at", first), ["fandtes ikke i", first]),
        (("log", repo / "albertslund-kommune/chefforum/2030-01-01.yaml"), []),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:  # the commands only read; run them side by side
        results = list(pool.map(lambda case: run_minutes(*case[0]), cases))
    for (_, words), result in zip(cases, results, strict=True):
        _assert_usage_error(result, *words)


def test_cli_errors_without_git(tmp_path: Path, run_minutes) -> None:
    repo = write(tmp_path / "plain", MINIMAL)
    _assert_usage_error(run_minutes("log", repo / "org/forum/2024-03-01.yaml"), "er ikke i et git-arkiv")
    _assert_usage_error(run_minutes("log", repo / "org/forum/2024-03-01.yaml", "--lang", "en"), "not in a git repository")
    _assert_usage_error(run_minutes("show", repo / "org/forum/2024-03-01.yaml", "--at", "HEAD"), "er ikke i et git-arkiv")
    git(repo, "init", "-q", "--initial-branch=main")
    _assert_usage_error(run_minutes("show", repo / "org/forum/2024-03-01.yaml", "--at", "HEAD"), "der er ingen version")
    said = run_minutes("show", repo / "org/forum/2024-03-01.yaml", "--at", "HEAD", "--lang", "en")
    _assert_usage_error(said, "there is no version called HEAD")


# the whole log with its summaries in one batch (minutes log) ------------------------------------------


@pytest.mark.parametrize(("fixture", "meeting"), [("history_repo", CHEFFORUM_2019), ("renamed_repo", MOVED_TO)])
def test_summaries_in_one_batch_are_the_summaries_one_by_one(fixture: str, meeting: str, request) -> None:
    repo, _ = request.getfixturevalue(fixture)
    with (repo / meeting).open("a", encoding="utf-8") as handle:
        handle.write("# en note, ikke gemt endnu\n")
    history = history_of(repo, meeting)
    entries = [history.uncommitted_entry(), *history.all_entries()]
    for language in ("da", "en"):
        assert summaries(history, entries, language) == [history.summary(entry, language) for entry in entries]
    assert (history.git.git_dir / SUMMARY_CACHE).is_file()


def test_batch_summaries_are_served_from_the_cache_in_the_git_dir(history_repo) -> None:
    repo, _ = history_repo
    history = history_of(repo)
    entries = history.all_entries()
    worded = summaries(history, entries, "da")
    cache = history.git.git_dir / SUMMARY_CACHE
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored["words"]) == len(entries) - 1  # the commit that made the file is worded the careful way
    cache.write_text(json.dumps({**stored, "words": dict.fromkeys(stored["words"], "fra cachen")}), encoding="utf-8")
    assert summaries(history, entries, "da") == ["fra cachen"] * (len(entries) - 1) + ["møde oprettet"]
    cache.write_text(json.dumps({**stored, "version": -1, "words": dict.fromkeys(stored["words"], "gammel")}), encoding="utf-8")
    assert summaries(history, entries, "da") == worded  # another version's words are not served
    cache.write_text("{ikke json", encoding="utf-8")
    assert summaries(history, entries, "da") == worded  # nor a broken file's


def test_the_log_started_before_the_imports_is_the_log(history_repo) -> None:
    repo, _ = history_repo
    prefetch = log_prefetch.start(repo / CHEFFORUM_2019)
    assert prefetch is not None and prefetch.relative == CHEFFORUM_2019
    early = history_of(repo).all_entries(prefetch)
    assert log_prefetch.start(repo / CHEFFORUM_2019) is None  # the log is kept now: nothing to walk early
    shutil.rmtree(Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / LOG_CACHE)
    late = history_of(repo).all_entries()
    assert early == late and [entry.blobs for entry in early] == [entry.blobs for entry in late]
    assert early[-1].blobs is not None and early[-1].blobs[0] is None  # the commit that added the file


def test_a_log_started_for_another_file_is_stopped_and_not_used(history_repo) -> None:
    repo, _ = history_repo
    other = log_prefetch.start(repo / CHEFFORUM_2015)
    assert other is not None
    assert history_of(repo).all_entries(other) == history_of(repo).all_entries()
    assert other.process.returncode is not None


def test_no_log_is_started_outside_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / "forum").mkdir()
    assert log_prefetch.start(tmp_path / "forum" / "2020-01-01.yaml") is None


# the whole log kept in the git dir (repo_layout.history.log_cache) ----------------------------------------------


def _tamper_kept_log(repo: Path, author: str) -> None:
    """Put another author on every entry of the kept logs, so that a test can see what was served from them."""
    for cache in (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / LOG_CACHE).glob("*.json"):
        stored = json.loads(cache.read_text(encoding="utf-8"))
        for entry in stored["entries"]:
            entry["author"] = author
        cache.write_text(json.dumps(stored), encoding="utf-8")


def test_the_whole_log_is_kept_and_only_newer_commits_are_walked(history_repo) -> None:
    repo, _ = history_repo
    walked = history_of(repo).all_entries()
    _tamper_kept_log(repo, "fra cachen")
    assert {entry.author for entry in history_of(repo).all_entries()} == {"fra cachen"}
    edit(repo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    newest = commit(repo, "Ret punkt 4", BO, dt.datetime(2021, 1, 1, 9, 0, tzinfo=CET))
    git(repo, "commit", "-q", "--allow-empty", "-m", "en commit der ikke rører mødet", who=ANNA)
    entries = history_of(repo).all_entries()
    assert [entry.commit for entry in entries] == [newest] + [entry.commit for entry in walked]
    assert [entry.author for entry in entries] == [BO[0]] + ["fra cachen"] * len(walked)
    assert entries[0].blobs == (walked[0].blobs[1], git(repo, "rev-parse", f"HEAD:{CHEFFORUM_2019}").strip())


def test_a_rewritten_history_is_walked_again(history_repo) -> None:
    repo, _ = history_repo
    history_of(repo).all_entries()
    _tamper_kept_log(repo, "fra cachen")
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    entries = history_of(repo).all_entries()
    assert "fra cachen" not in {entry.author for entry in entries}
    assert [entry.commit for entry in entries] == log_ids(repo, "--", CHEFFORUM_2019)


def test_a_file_made_again_by_a_rename_since_is_walked_again(demo: Path) -> None:
    history_of(demo).all_entries()
    _tamper_kept_log(demo, "fra cachen")
    git(demo, "mv", CHEFFORUM_2019, MOVED_TO)
    commit(demo, "Flyt væk", ANNA, dt.datetime(2020, 1, 1, 9, 0, tzinfo=CET))
    git(demo, "mv", MOVED_TO, CHEFFORUM_2019)
    back = commit(demo, "Flyt tilbage", BO, dt.datetime(2020, 1, 2, 9, 0, tzinfo=CET))
    entries = history_of(demo).all_entries()
    assert "fra cachen" not in {entry.author for entry in entries}
    assert [(entry.commit, entry.path) for entry in entries[:2]] == [(back, CHEFFORUM_2019), (log_ids(demo)[1], MOVED_TO)]


def test_a_broken_kept_log_is_ignored(history_repo) -> None:
    repo, _ = history_repo
    walked = history_of(repo).all_entries()
    cache = cache_path(Path(git(repo, "rev-parse", "--absolute-git-dir").strip()), CHEFFORUM_2019)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    broken_ones = ({"head": "x", "entries": [{"commit": 1}]}, {"entries": [{"commit": 1}]}, "[", {"version": 99}, {"path": "x"})
    for broken in broken_ones:
        cache.write_text(broken if isinstance(broken, str) else json.dumps({**stored, **broken}), encoding="utf-8")
        assert history_of(repo).all_entries() == walked


# git states and odd names where the kept log, the prefetch and the batch must agree with a whole walk ----


def _walked_afresh(repo: Path, relative: str = CHEFFORUM_2019) -> list[LogEntry]:
    shutil.rmtree(Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / LOG_CACHE, ignore_errors=True)
    return history_of(repo, relative).all_entries()


def _commit_all(repo: Path, message: str, who: tuple[str, str], day: int) -> str:
    return commit(repo, message, who, dt.datetime(2030, 1, day, 9, 0, tzinfo=CET))


@pytest.mark.parametrize("merge", [["--no-edit"], ["--no-edit", "-s", "ours"]], ids=["merge", "merge-ours"])
def test_a_merge_since_the_kept_log_gives_the_whole_walk(demo: Path, merge: list[str]) -> None:
    git(demo, "checkout", "-q", "-b", "side")
    git(demo, "checkout", "-q", "main")
    edit(demo, CHEFFORUM_2019, lambda meeting: setattr(meeting, "title", "Chefforum på main"))
    _commit_all(demo, "main", ANNA, 2)
    git(demo, "checkout", "-q", "side")
    edit(demo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    _commit_all(demo, "side", BO, 3)
    history_of(demo).all_entries()  # kept at side
    git(demo, "checkout", "-q", "main")
    git(demo, "merge", "-q", *merge, "side", who=CARLA)
    assert history_of(demo).all_entries() == _walked_afresh(demo)


def test_a_commit_made_while_the_early_log_runs_is_not_lost(demo: Path) -> None:
    prefetch = log_prefetch.start(demo / CHEFFORUM_2019)
    assert prefetch is not None
    prefetch.process.wait()
    edit(demo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    meanwhile = _commit_all(demo, "imens", BO, 2)
    assert history_of(demo).all_entries(prefetch)[0].commit == meanwhile
    assert [entry.commit for entry in history_of(demo).all_entries()] == log_ids(demo, "--", CHEFFORUM_2019)


def test_renamed_away_and_back_then_deleted_and_made_again_is_worded_as_one_by_one(demo: Path) -> None:
    elsewhere = "albertslund-kommune/chefforum/2019-10-25.yaml"
    git(demo, "mv", CHEFFORUM_2019, elsewhere)
    _commit_all(demo, "væk", ANNA, 2)
    git(demo, "mv", elsewhere, CHEFFORUM_2019)
    _commit_all(demo, "tilbage", BO, 3)
    git(demo, "rm", "-q", CHEFFORUM_2019)
    _commit_all(demo, "slettet", ANNA, 4)
    git(demo, "checkout", "HEAD~1", "--", CHEFFORUM_2019)
    _commit_all(demo, "lavet igen", CARLA, 5)
    history = history_of(demo)
    entries = history.all_entries()
    assert summaries(history, entries, "da") == [history.summary(entry) for entry in entries]
    # made again by a plain add, so the whole log of the path: moved away reads as deleted here, back as unchanged
    worded = ["møde oprettet", "møde slettet", "ingen ændringer", "møde slettet", "møde oprettet"]
    assert [history.summary(entry) for entry in entries] == worded


def test_a_rename_into_a_folder_with_danish_letters_is_followed(demo: Path) -> None:
    git(demo, "mv", "albertslund-kommune/chefforum", "albertslund-kommune/chefforum æøå")
    moved = _commit_all(demo, "omdøb", ANNA, 2)
    relative = "albertslund-kommune/chefforum æøå/2019-10-24.yaml"
    entries = history_of(demo, relative).all_entries()
    assert [(entry.commit, entry.path) for entry in entries] == [
        (moved, relative),
        (log_ids(demo, "--", CHEFFORUM_2019)[-1], CHEFFORUM_2019),
    ]


def test_odd_characters_in_messages_and_names_do_not_break_the_log(demo: Path) -> None:
    edit(demo, CHEFFORUM_2019, set_decision(3, NEW_DECISION_4))
    subject = "ret\x1epunkt\x1f4\u2028og\x85mere"
    odd = commit(demo, subject, ("Anna\x1fAndersen", "anna@example.org"), dt.datetime(2030, 1, 2, 9, 0, tzinfo=CET))
    git(demo, "mv", CHEFFORUM_2019, "albertslund-kommune/chefforum/2019-10-25.yaml")
    moved = commit(demo, "flyt\x1eden", BO, dt.datetime(2030, 1, 3, 9, 0, tzinfo=CET))
    history = history_of(demo, "albertslund-kommune/chefforum/2019-10-25.yaml")
    entries = history.all_entries()
    assert [entry.commit for entry in entries[:2]] == [moved, odd]
    assert (entries[1].message, entries[1].author) == (subject, "Anna\x1fAndersen")
    assert entries[0].message == "flyt\x1eden" and len(entries) == 3
    assert [entry.commit for entry in history.page().entries] == [entry.commit for entry in entries]


def test_the_users_git_settings_do_not_change_the_log(demo: Path) -> None:
    git(demo, "mv", CHEFFORUM_2019, MOVED_TO)
    _commit_all(demo, "flyt", ANNA, 2)
    plain = _walked_afresh(demo, MOVED_TO)
    for key, value in (("log.follow", "true"), ("log.showSignature", "true"), ("color.ui", "always"), ("core.quotePath", "true")):
        git(demo, "config", key, value)
    assert _walked_afresh(demo, MOVED_TO) == plain
    assert history_of(demo, MOVED_TO).page().entries == plain


def test_a_folder_named_like_a_pattern_is_read_literally(demo: Path) -> None:
    literal = "albertslund-kommune/chef[f]orum/2019-10-24.yaml"
    (demo / literal).parent.mkdir()
    shutil.copy(demo / CHEFFORUM_2019, demo / literal)
    (demo / literal).parent.joinpath("forum.yaml").write_text("name: Chef(f)orum\n", encoding="utf-8")
    made = _commit_all(demo, "kopi", ANNA, 2)
    assert [entry.commit for entry in _walked_afresh(demo, literal)] == [made]
