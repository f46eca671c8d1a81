"""Sync through a real git remote: a bare repository in tmp_path and two clones as two minute-takers.

Every commit is made with the git binary; nothing is mocked.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE_REPO
from sync_world import ANNA, BO, DECISION_1, DECISION_7, MEETING, OTHER_MEETING, copy_template, make_template, replace_once
from sync_world import Clones as World

from repo_layout.model.loading import meeting_problems
from repo_layout.sync.session import (
    AuthenticationError,
    Conflict,
    DetachedHeadError,
    NoRemoteError,
    OperationInProgressError,
    PushRejectedError,
    RemoteUnreachableError,
    SyncError,
    SyncOutcome,
    SyncSession,
    UncommittedChangesError,
    UnmergeableFileError,
    add_remote,
    classify_git_error,
    clone,
    fetch_only,
    status,
)
from repo_layout.yaml import yamlio

FORUM = "albertslund-kommune/chefforum/forum.yaml"
DECISION_3 = "      Alle chefer har en kommunikationsopgave ift. deres ledere om \"LUS\" uden løn.\n"
DECISION_4 = "      Arbejdet er i fin proces i alle afdelinger.\n"


pytestmark = pytest.mark.usefixtures("no_user_git")


def git(repo: Path, *args: str, check: bool = True) -> str:
    """The real git binary in `repo`; fail the test with git's words when it fails."""
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        pytest.fail(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def configure(repo: Path, who: tuple[str, str]) -> None:
    git(repo, "config", "user.name", who[0])
    git(repo, "config", "user.email", who[1])
    git(repo, "config", "commit.gpgsign", "false")


def edit(repo: Path, relative: str, old: str, new: str, message: str = "edit") -> str:
    """Replace `old` by `new` once in a file and commit it with git; return the commit id."""
    replace_once(repo, relative, old, new)
    git(repo, "commit", "--quiet", "-am", message)
    return head(repo)


def head(repo: Path, revision: str = "HEAD") -> str:
    return git(repo, "rev-parse", revision).strip()


def text_of(repo: Path, relative: str = MEETING) -> str:
    return (repo / relative).read_text(encoding="utf-8")


def on_remote(world: World, relative: str = MEETING) -> str:
    return git(world.remote, "show", f"main:{relative}")


def in_progress(repo: Path) -> bool:
    return any((repo / ".git" / name).exists() for name in ("rebase-merge", "rebase-apply", "MERGE_HEAD"))


def sync(repo: Path, progress: list[str] | None = None) -> SyncOutcome:
    """A sync that must succeed without a person."""
    outcome = SyncSession(repo, progress=progress.append if progress is not None else None).run()
    assert isinstance(outcome, SyncOutcome), outcome
    return outcome


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: the bare remote with sample-repo committed by Anna and pushed, Anna's clone and Bo's clone."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return make_template(tmp_path_factory.mktemp("template"), env)


@pytest.fixture
def world(template: Path, tmp_path: Path) -> World:
    """A fresh copy of the template for one test, its clones pointing at its own remote."""
    return copy_template(template, tmp_path)


# both sides, different places ----------------------------------------------------------------

def test_different_meetings_both_sync_and_both_end_with_both_changes(world: World) -> None:
    edit(world.anna, MEETING, "location: Mødelokale 1", "location: Mødelokale 2", "Anna: mødested")
    edit(world.bo, OTHER_MEETING, "status: approved", "status: held", "Bo: status")
    progress: list[str] = []
    first = sync(world.anna, progress)
    assert (first.fetched, first.pushed) == (0, 1)
    assert progress and all(isinstance(phrase, str) and phrase for phrase in progress)
    second = sync(world.bo)
    assert (second.fetched, second.pushed) == (1, 1)
    assert second.changed_files == [MEETING]
    third = sync(world.anna)
    assert (third.fetched, third.pushed) == (1, 0)
    assert third.changed_files == [OTHER_MEETING]
    for repo in (world.anna, world.bo):
        assert "location: Mødelokale 2" in text_of(repo)
        assert "status: held" in text_of(repo, OTHER_MEETING)
        assert git(repo, "status", "--porcelain") == ""
    assert head(world.anna) == head(world.bo) == head(world.remote, "main")
    assert "location: Mødelokale 2" in on_remote(world)
    assert "status: held" in on_remote(world, OTHER_MEETING)
    # the local commit was rebased, not merged: history stays a line
    assert git(world.bo, "log", "--format=%an", "-3").split("\n")[:2] == [BO[0], ANNA[0]]


def test_different_points_of_one_meeting_merge_field_by_field(world: World) -> None:
    edit(world.anna, MEETING, DECISION_4, "      Arbejdet er godt i gang.\n", "Anna: punkt 4")
    # adjacent lines of point 2 (time, presenter) on the two sides: git's line merge would conflict
    edit(world.bo, MEETING, '    time: "09:00-09:30"\n', '    time: "09:00-09:35"\n', "Bo: punkt 2 tid")
    edit(world.anna, MEETING, "    presenter: Anne-Mette\n", "    presenter: Anne-Mette Holm\n", "Anna: punkt 2 fremlægger")
    edit(world.bo, MEETING, DECISION_1, "      Chefforum godkendte dagsorden og referat uden bemærkninger.\n", "Bo: punkt 1")
    sync(world.anna)
    outcome = sync(world.bo)
    assert outcome.fetched == 2 and outcome.pushed == 2
    assert len(outcome.merged) == 1 and outcome.merged[0].startswith(MEETING)
    assert "punkt 2" in outcome.merged[0] and "punkt 4" in outcome.merged[0]
    sync(world.anna)
    for repo in (world.anna, world.bo):
        text = text_of(repo)
        assert "Arbejdet er godt i gang." in text and "uden bemærkninger" in text
        assert 'time: "09:00-09:35"' in text and "presenter: Anne-Mette Holm" in text
        assert "<<<<<<<" not in text
        assert [p for p in meeting_problems(repo / MEETING) if p.is_error] == []
        assert yaml.safe_load(text) == yamlio.load_fast(text)
    assert on_remote(world) == text_of(world.anna) == text_of(world.bo)
    assert int(git(world.bo, "rev-list", "--count", "HEAD")) == 5


def test_a_point_added_on_each_side_and_present_lists_merge(world: World) -> None:
    new_point = "  - number: 8\n    title: {title}\n    decision: |\n      {decision}\n"
    edit(world.anna, MEETING, "location: Mødelokale 1\n", "location: Mødelokale 1\npresent: [Ida, Søren]\n", "Anna: present")
    git(world.anna, "push", "--quiet")
    sync(world.bo)
    path_a, path_b = world.anna / MEETING, world.bo / MEETING
    path_a.write_text(
        path_a.read_text(encoding="utf-8").replace("present: [Ida, Søren]", "present: [Ida, Søren, Jette]")
        + new_point.format(title="Annas punkt", decision="Godkendt."),
        encoding="utf-8",
    )
    git(world.anna, "commit", "--quiet", "-am", "Anna: punkt 8")
    path_b.write_text(
        path_b.read_text(encoding="utf-8").replace("present: [Ida, Søren]", "present: [Ida, Søren, Egil]")
        + new_point.format(title="Bos punkt", decision="Drøftet."),
        encoding="utf-8",
    )
    git(world.bo, "commit", "--quiet", "-am", "Bo: punkt 8")
    sync(world.anna)
    sync(world.bo)
    sync(world.anna)
    loaded = yaml.safe_load(text_of(world.anna))
    # Bo synced second: his additions stay where he put them, Anna's follow at the same place
    assert loaded["present"] == ["Ida", "Søren", "Egil", "Jette"]
    assert [point["title"] for point in loaded["points"][-2:]] == ["Bos punkt", "Annas punkt"]
    assert text_of(world.anna) == text_of(world.bo) == on_remote(world)


# the same field on both sides ----------------------------------------------------------------

def _same_decision(world: World) -> tuple[str, str]:
    """Anna and Bo both rewrite point 3's decision; each also changes something else. Anna syncs first."""
    edit(world.anna, MEETING, DECISION_3, "      Annas version af beslutningen.\n", "Anna: beslutning 3")
    edit(world.anna, MEETING, DECISION_7, "      Intet at bemærke.\n", "Anna: punkt 7")
    sync(world.anna)
    bo_commit = edit(world.bo, MEETING, DECISION_3, "      Bos version af beslutningen.\n", "Bo: beslutning 3")
    edit(world.bo, MEETING, "location: Mødelokale 1", "location: Byrådssalen", "Bo: mødested")
    return head(world.anna), bo_commit


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("ours", "Bos version af beslutningen."),
        ("theirs", "Annas version af beslutningen."),
        ("Samlet: begge forslag.\n", "Samlet: begge forslag."),
    ],
    ids=["mine", "theirs", "combination"],
)
def test_same_decision_is_a_conflict_resolved_by_each_choice(world: World, choice: str, expected: str) -> None:
    anna_commit, bo_commit = _same_decision(world)
    remote_before = head(world.remote, "main")
    session = SyncSession(world.bo, language="en")
    conflicts = session.run()
    assert isinstance(conflicts, list) and len(conflicts) == 1
    conflict = conflicts[0]
    assert isinstance(conflict, Conflict)
    assert conflict.path == MEETING
    assert (conflict.ours_author, conflict.theirs_author) == (BO[0], ANNA[0])
    assert conflict.ours_commit == bo_commit
    assert conflict.theirs_commit == anna_commit  # the remote's last commit to the file
    [field] = conflict.fields
    assert field.key == "point:3:decision"
    assert field.label == "point 3: decision"
    assert "Bos version" in (field.ours or "") and "Annas version" in (field.theirs or "")
    assert "kommunikationsopgave" in (field.base or "")
    assert head(world.remote, "main") == remote_before == anna_commit  # nothing pushed
    paused = status(world.bo)
    assert (paused.operation, paused.branch, paused.detached) == ("rebase", "main", True)
    with pytest.raises(OperationInProgressError):
        SyncSession(world.bo).run()

    outcome = session.resolve({MEETING: {"point:3:decision": choice}})
    assert isinstance(outcome, SyncOutcome)
    assert outcome.pushed == (1 if choice == "theirs" else 2)  # taking theirs empties Bo's first commit; git drops it
    assert not in_progress(world.bo) and git(world.bo, "status", "--porcelain") == ""
    loaded = yaml.safe_load(text_of(world.bo))
    decision = loaded["points"][2]["decision"]
    assert decision.endswith(expected + "\n")
    assert ("Annas version" in decision, "Bos version" in decision) == (choice == "theirs", choice == "ours")
    assert loaded["location"] == "Byrådssalen"  # Bo's other edit
    assert loaded["points"][6]["decision"] == "Intet at bemærke.\n"  # Anna's other edit
    assert on_remote(world) == text_of(world.bo)
    assert head(world.remote, "main") == head(world.bo)
    assert [p for p in meeting_problems(world.bo / MEETING) if p.is_error] == []
    sync(world.anna)
    assert text_of(world.anna) == text_of(world.bo)


@pytest.mark.parametrize(
    ("mode", "new_session"), [("rebase", False), ("merge", True)], ids=["rebase", "merge-aborted-by-a-new-session"]
)
def test_abort_restores_the_exact_prior_state(world: World, mode: str, new_session: bool) -> None:
    _same_decision(world)
    if mode == "merge":
        git(world.bo, "config", "pull.rebase", "false")
    (world.bo / "notes.txt").write_text("untracked, mine\n", encoding="utf-8")
    before = (head(world.bo), git(world.bo, "status", "--porcelain"), (world.bo / MEETING).read_bytes())
    session = SyncSession(world.bo)
    conflicts = session.run()
    assert isinstance(conflicts, list) and conflicts
    assert in_progress(world.bo)
    (SyncSession(world.bo) if new_session else session).abort()  # a new session: the app was restarted meanwhile
    after = (head(world.bo), git(world.bo, "status", "--porcelain"), (world.bo / MEETING).read_bytes())
    assert after == before
    assert not in_progress(world.bo)
    assert git(world.bo, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert (world.bo / "notes.txt").read_text(encoding="utf-8") == "untracked, mine\n"
    assert git(world.bo, "diff", "HEAD") == ""


def test_merge_mode_keeps_sides_and_makes_a_merge_commit(world: World) -> None:
    anna_commit, _ = _same_decision(world)
    bo_commit = head(world.bo)
    git(world.bo, "config", "branch.main.rebase", "false")
    session = SyncSession(world.bo)
    conflicts = session.run()
    assert isinstance(conflicts, list) and len(conflicts) == 1
    assert status(world.bo).operation == "merge"
    conflict = conflicts[0]
    assert (conflict.ours_author, conflict.theirs_author) == (BO[0], ANNA[0])
    assert conflict.fields[0].label == "punkt 3: beslutning"
    assert "Bos version" in (conflict.fields[0].ours or "")
    assert conflict.ours_commit == head(world.bo)
    outcome = session.resolve({MEETING: {"point:3:decision": "ours"}})
    assert isinstance(outcome, SyncOutcome)
    parents = git(world.bo, "rev-list", "--parents", "-n", "1", "HEAD").split()
    assert parents[1:] == [bo_commit, anna_commit]
    loaded = yaml.safe_load(text_of(world.bo))
    assert "Bos version" in loaded["points"][2]["decision"] and loaded["location"] == "Byrådssalen"
    assert loaded["points"][6]["decision"] == "Intet at bemærke.\n"
    assert "<<<<<<<" not in git(world.bo, "log", "-1", "--format=%B")
    assert head(world.remote, "main") == head(world.bo)


def test_merge_mode_merges_different_points_without_asking(world: World) -> None:
    git(world.bo, "config", "pull.rebase", "false")
    edit(world.anna, MEETING, "    presenter: Anne-Mette\n", "    presenter: Anne-Mette Holm\n", "Anna")
    edit(world.bo, MEETING, '    time: "09:00-09:30"\n', '    time: "09:00-09:35"\n', "Bo")
    sync(world.anna)
    outcome = sync(world.bo)
    assert outcome.merged and outcome.changed_files == [MEETING]
    assert len(git(world.bo, "rev-list", "--parents", "-n", "1", "HEAD").split()) == 3
    text = text_of(world.bo)
    assert "presenter: Anne-Mette Holm" in text and 'time: "09:00-09:35"' in text


def test_a_later_local_commit_can_conflict_after_the_first_is_resolved(world: World) -> None:
    edit(world.anna, MEETING, DECISION_3, "      Anna.\n", "Anna: beslutning")
    edit(world.anna, MEETING, "location: Mødelokale 1", "location: Annas lokale", "Anna: sted")
    sync(world.anna)
    edit(world.bo, MEETING, DECISION_3, "      Bo.\n", "Bo: beslutning")
    edit(world.bo, MEETING, "location: Mødelokale 1", "location: Bos lokale", "Bo: sted")
    session = SyncSession(world.bo)
    first = session.run()
    assert isinstance(first, list) and [f.key for f in first[0].fields] == ["point:3:decision"]
    second = session.resolve({MEETING: {"point:3:decision": "theirs"}})
    assert isinstance(second, list) and [f.key for f in second[0].fields] == ["location"]
    assert (second[0].fields[0].ours, second[0].fields[0].theirs) == ("Bos lokale", "Annas lokale")
    done = session.resolve({MEETING: {"location": "ours"}})
    assert isinstance(done, SyncOutcome)
    loaded = yaml.safe_load(text_of(world.bo))
    assert loaded["location"] == "Bos lokale" and loaded["points"][2]["decision"].endswith("\n\nAnna.\n")


def test_a_meeting_deleted_there_and_edited_here_is_a_whole_file_conflict(world: World) -> None:
    git(world.anna, "rm", "--quiet", OTHER_MEETING)
    git(world.anna, "commit", "--quiet", "-m", "Anna: slettet")
    sync(world.anna)
    edit(world.bo, OTHER_MEETING, "status: approved", "status: held", "Bo")
    session = SyncSession(world.bo)
    [conflict] = session.run()
    assert conflict.path == OTHER_MEETING
    [field] = conflict.fields
    assert field.key == "file" and field.theirs is None and "status: held" in (field.ours or "")
    assert isinstance(session.resolve({OTHER_MEETING: {"file": "theirs"}}), SyncOutcome)
    assert not (world.bo / OTHER_MEETING).exists()
    assert git(world.bo, "status", "--porcelain") == "" and head(world.remote, "main") == head(world.bo)


def test_a_yaml_mapping_that_is_not_a_meeting_merges_too(world: World) -> None:
    # adjacent lines: git's line merge would conflict
    edit(world.anna, FORUM, "organisation: Albertslund Kommune", "organisation: Albertslund Kommune (Danmark)", "Anna")
    git(world.anna, "push", "--quiet")
    edit(world.bo, FORUM, "description: Kommunens øverste ledelsesforum", "description: Kommunens ledelse", "Bo: forum")
    outcome = sync(world.bo)
    assert outcome.merged and outcome.merged[0].startswith(FORUM)
    loaded = yaml.safe_load(text_of(world.bo, FORUM))
    assert loaded["organisation"] == "Albertslund Kommune (Danmark)" and loaded["description"] == "Kommunens ledelse"


def test_a_file_that_is_not_yaml_conflicting_stops_the_sync_unchanged(world: World) -> None:
    for repo, words in ((world.anna, "Anna"), (world.bo, "Bo")):
        (repo / "README.md").write_text(f"{words}\n", encoding="utf-8")
        git(repo, "add", "README.md")
        git(repo, "commit", "--quiet", "-m", f"{words}: readme")
    sync(world.anna)
    before = (head(world.bo), git(world.bo, "status", "--porcelain"))
    with pytest.raises(UnmergeableFileError) as raised:
        SyncSession(world.bo).run()
    assert raised.value.path == "README.md" and "README.md" in str(raised.value)
    assert (head(world.bo), git(world.bo, "status", "--porcelain")) == before
    assert not in_progress(world.bo)


# failures ------------------------------------------------------------------------------------

@pytest.mark.parametrize("local_commit", [False, True], ids=["fast-forward", "rebase"])
def test_an_untracked_file_in_the_way_is_named_and_nothing_changes(world: World, local_commit: bool) -> None:
    (world.anna / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    git(world.anna, "add", "notes.yaml")
    git(world.anna, "commit", "--quiet", "-m", "Anna: notes")
    git(world.anna, "push", "--quiet")
    if local_commit:
        edit(world.bo, MEETING, "status: approved", "status: held", "Bo")
    (world.bo / "notes.yaml").write_text("mine: 2\n", encoding="utf-8")
    before = (head(world.bo), git(world.bo, "status", "--porcelain"))
    with pytest.raises(SyncError) as raised:
        SyncSession(world.bo).run()
    assert "notes.yaml" in str(raised.value)
    assert (head(world.bo), git(world.bo, "status", "--porcelain")) == before
    assert (world.bo / "notes.yaml").read_text(encoding="utf-8") == "mine: 2\n" and not in_progress(world.bo)


def test_push_rejected_when_the_remote_moves_on_then_a_second_sync_succeeds(world: World) -> None:
    edit(world.anna, OTHER_MEETING, "status: approved", "status: held", "Anna")
    edit(world.bo, MEETING, "location: Mødelokale 1", "location: Byrådssalen", "Bo")
    hook = world.bo / ".git" / "hooks" / "pre-push"
    marker = world.bo.parent / "pushed-once"
    hook.write_text(
        "#!/bin/sh\n"
        "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n"
        f"if [ ! -e '{marker}' ]; then touch '{marker}'; git -C '{world.anna}' push --quiet origin main; fi\n"
        "exit 0\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    bo_before = head(world.bo)
    with pytest.raises(PushRejectedError) as raised:
        SyncSession(world.bo).run()
    assert "sync again" in str(raised.value)
    assert head(world.remote, "main") == head(world.anna)
    assert head(world.bo) == bo_before and not in_progress(world.bo)
    outcome = sync(world.bo)
    assert (outcome.fetched, outcome.pushed) == (1, 1)
    assert "status: held" in on_remote(world, OTHER_MEETING) and "Byrådssalen" in on_remote(world)


def test_the_stderr_of_a_real_non_fast_forward_push_is_a_rejection(world: World) -> None:
    edit(world.anna, MEETING, "status: approved", "status: held", "Anna")
    git(world.anna, "push", "--quiet")
    edit(world.bo, MEETING, "location: Mødelokale 1", "location: Byrådssalen", "Bo")
    env = dict(os.environ, LC_ALL="C")
    pushed = subprocess.run(["git", "push", "origin", "main"], cwd=world.bo, env=env, capture_output=True, text=True)
    assert pushed.returncode != 0
    assert isinstance(classify_git_error(pushed.stderr, push=True), PushRejectedError)
    git(world.bo, "fetch", "--quiet")
    again = subprocess.run(["git", "push", "origin", "main"], cwd=world.bo, env=env, capture_output=True, text=True)
    assert "non-fast-forward" in again.stderr
    assert isinstance(classify_git_error(again.stderr, push=True), PushRejectedError)


def test_remote_unreachable(world: World, tmp_path: Path) -> None:
    git(world.bo, "remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    edit(world.bo, MEETING, "status: approved", "status: held")
    before = head(world.bo)
    with pytest.raises(RemoteUnreachableError):
        SyncSession(world.bo).run()
    with pytest.raises(RemoteUnreachableError):
        fetch_only(world.bo)
    assert head(world.bo) == before


class _Refusing(http.server.BaseHTTPRequestHandler):
    """An HTTP git server that asks for credentials and accepts none."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="minutes"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/minutes.git"
    server.shutdown()
    server.server_close()


def test_authentication_refused(world: World, refusing_server: str) -> None:
    git(world.bo, "remote", "set-url", "origin", refusing_server)
    with pytest.raises(AuthenticationError):
        SyncSession(world.bo).run()
    assert isinstance(classify_git_error("fatal: Authentication failed for 'https://example.org/x.git/'\n"), AuthenticationError)


def test_no_remote_then_add_remote_and_sync(tmp_path: Path) -> None:
    local = tmp_path / "local"
    shutil.copytree(SAMPLE_REPO, local)
    git(local, "init", "--quiet", "--initial-branch=main")
    configure(local, ANNA)
    git(local, "add", "--all")
    git(local, "commit", "--quiet", "-m", "Referaterne")
    with pytest.raises(NoRemoteError):
        SyncSession(local).run()
    with pytest.raises(NoRemoteError):
        fetch_only(local)
    assert status(local).upstream is None
    remote = tmp_path / "new-remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    with pytest.raises(RemoteUnreachableError):
        add_remote(local, str(tmp_path / "typo.git"))
    assert git(local, "remote").strip() == ""
    add_remote(local, str(remote))
    outcome = sync(local)
    assert outcome.pushed == 1
    assert head(remote, "main") == head(local)
    assert status(local).upstream == "origin/main"


def test_add_remote_sets_the_upstream_when_the_remote_has_the_branch(world: World) -> None:
    git(world.bo, "remote", "remove", "origin")
    assert status(world.bo).upstream is None
    add_remote(world.bo, str(world.remote))
    assert status(world.bo).upstream == "origin/main"
    with pytest.raises(SyncError):
        add_remote(world.bo, "/somewhere/else.git")


def test_detached_head(world: World) -> None:
    git(world.bo, "checkout", "--quiet", "--detach")
    with pytest.raises(DetachedHeadError):
        SyncSession(world.bo).run()
    assert status(world.bo).detached


def test_uncommitted_changes_are_refused_naming_the_file(world: World) -> None:
    path = world.bo / MEETING
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: held"), encoding="utf-8")
    (world.bo / "scratch.txt").write_text("untracked files do not block\n", encoding="utf-8")
    with pytest.raises(UncommittedChangesError) as raised:
        SyncSession(world.bo).run()
    assert raised.value.files == [MEETING]
    assert MEETING in str(raised.value)
    assert status(world.bo).dirty_files == [MEETING]


def test_status_counts_ahead_and_behind(world: World) -> None:
    edit(world.anna, MEETING, "status: approved", "status: held", "Anna")
    git(world.anna, "push", "--quiet")
    edit(world.bo, OTHER_MEETING, "status: approved", "status: held", "Bo 1")
    edit(world.bo, MEETING, "location: Mødelokale 1", "location: Byrådssalen", "Bo 2")
    before = status(world.bo)
    assert (before.branch, before.upstream, before.ahead, before.behind) == ("main", "origin/main", 2, 0)
    assert not before.detached and before.dirty_files == [] and before.operation is None
    after = status(world.bo, fetch=True)
    assert (after.ahead, after.behind) == (2, 1)
    assert fetch_only(world.bo) == 1


def test_clone(world: World, tmp_path: Path) -> None:
    target = clone(str(world.remote), tmp_path / "carla" / "minutes")
    assert target == tmp_path / "carla" / "minutes"
    assert (target / "minutes.yaml").is_file()
    assert status(target).upstream == "origin/main"
    with pytest.raises(SyncError):
        clone(str(world.remote), target)
    with pytest.raises(RemoteUnreachableError):
        clone(str(tmp_path / "nothing-here.git"), tmp_path / "empty")
    assert not (tmp_path / "empty").exists()
