"""kill -9 at random points of a save and of a sync: the file is whole, no edit is lost, and repair makes it work again."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import git_env, hold_meetings, run_git
from reliability_rounds import rounds

from repo_layout.editing.drafts import list_drafts
from repo_layout.editing.session import EditSession, meeting_from_draft
from repo_layout.git.repair import QUIET_SECONDS, abort_operation, find_leftovers, fix_all_stale
from repo_layout.model.discover import Repository

MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
OTHER_POINT_MEETING = MEETING

# one save in a child process: open, edit point 1's title, keep the draft, say "ready", save
SAVER = """
import sys
from pathlib import Path
from repo_layout.model.discover import Repository
from repo_layout.editing.session import EditSession
root, relative, title = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
repository = Repository(root)
path = root / relative
session = EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")
session.meeting.points[0].title = title
session.write_draft()
print("ready", flush=True)
session.save()
print("saved", flush=True)
"""


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "cache"))
    return dict(os.environ)


def _settle_children(pause: float = 0.4) -> None:
    """Give git programs that outlived their killed parent the time to finish (they are not ours to kill)."""
    time.sleep(pause)


def _kill(process: subprocess.Popen[str], whole_group: bool) -> None:
    try:
        if whole_group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def test_kill_during_save_loses_nothing_and_the_next_save_works(sample_git_repo: Path, env: dict[str, str]) -> None:
    repo = hold_meetings(sample_git_repo, MEETING)  # held: its saves are edits, not corrections that need a reason
    chance = random.Random(20261203)
    count = rounds(8, 30)
    outcomes = {"committed": 0, "on disk only": 0, "draft only": 0}
    for round_number in range(count):
        head_before = run_git(repo, "rev-parse", "HEAD").strip()
        old_bytes = (repo / MEETING).read_bytes()
        title = f"Titel før kill {round_number}"
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(repo), MEETING, title],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0, 0.25))
        _kill(child, whole_group=round_number % 2 == 0)
        _settle_children()

        disk = (repo / MEETING).read_bytes()
        head = run_git(repo, "rev-parse", "HEAD").strip()
        assert disk == old_bytes or title.encode() in disk, "the file is neither the old nor the new text"
        if head != head_before:
            assert run_git(repo, "rev-parse", "HEAD~1").strip() == head_before
            assert title in run_git(repo, "show", f"HEAD:{MEETING}")
            assert run_git(repo, "show", "--format=", "--name-only", "HEAD").split() == [MEETING]
        drafts = [draft for draft in list_drafts(repo) if title in draft.text]
        in_head = title in run_git(repo, "show", f"HEAD:{MEETING}")
        assert in_head or title.encode() in disk or drafts, "the edit is lost"

        fix_all_stale(repo, quiet_seconds=0)  # a save killed during its commit is committed here, with its message
        assert [leftover.kind for leftover in find_leftovers(repo, quiet_seconds=0)] == []
        repository = Repository(repo)
        if not in_head and title in run_git(repo, "show", f"HEAD:{MEETING}"):
            outcomes["committed by repair"] = outcomes.get("committed by repair", 0) + 1
            assert run_git(repo, "log", "-1", "--format=%s").startswith("Chefforum 2019-10-24: titel i punkt 1")
        elif in_head:
            outcomes["committed"] += 1
        else:
            outcomes["on disk only" if title.encode() in disk else "draft only"] += 1
            session = EditSession(repository, meeting_from_draft(repository, drafts[-1]), None, "da")
            session.save()
            assert title in run_git(repo, "show", f"HEAD:{MEETING}")
        for draft in list_drafts(repo):
            if draft.file is not None:
                draft.file.unlink()
        assert run_git(repo, "status", "--porcelain") == ""
        assert run_git(repo, "diff", "--cached", "--name-only") == ""
    assert sum(outcomes.values()) == count


def _world(base: Path) -> tuple[Path, Path, Path]:
    """A bare remote, Anna's clone with a local commit to point 1, and the remote one commit ahead on point 2."""
    remote, anna, bo = base / "remote.git", base / "anna", base / "bo"
    run_git(base, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    run_git(base, "clone", "--quiet", str(remote), str(bo))
    shutil.copytree(Path(__file__).resolve().parents[2] / "sample-repo", bo, dirs_exist_ok=True)
    run_git(bo, "add", "--all")
    run_git(bo, "commit", "--quiet", "-m", "sample")
    run_git(bo, "push", "--quiet", "origin", "main")
    run_git(base, "clone", "--quiet", str(remote), str(anna))
    _replace_title(bo, 1, "Bos titel")
    run_git(bo, "commit", "--quiet", "-am", "Bo: punkt 2")
    run_git(bo, "push", "--quiet", "origin", "main")
    _replace_title(anna, 0, "Annas titel")
    run_git(anna, "commit", "--quiet", "-am", "Anna: punkt 1")
    return remote, anna, bo


def _replace_title(clone: Path, index: int, title: str) -> None:
    repository = Repository(clone)
    meeting = repository.load_meeting(clone / MEETING)
    meeting.points[index].title = title
    (clone / MEETING).write_text(meeting.dump(), encoding="utf-8")


def test_kill_during_sync_then_sync_repair_brings_both_changes(tmp_path: Path, env: dict[str, str], minutes_bin: str) -> None:
    template = tmp_path / "template"
    template.mkdir()
    _world(template)
    chance = random.Random(1203)
    count = rounds(4, 30)
    killed_mid_operation = 0
    for round_number in range(count):
        base = tmp_path / f"round-{round_number}"
        shutil.copytree(template, base, symlinks=True)
        remote, anna = base / "remote.git", base / "anna"
        run_git(anna, "remote", "set-url", "origin", str(remote))
        anna_commit = run_git(anna, "rev-parse", "HEAD").strip()
        child = subprocess.Popen(
            [minutes_bin, "sync", str(anna)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.05, 1.2))
        _kill(child, whole_group=round_number % 2 == 1)
        _settle_children()
        leftovers = find_leftovers(anna, quiet_seconds=0)
        killed_mid_operation += any(leftover.kind in ("rebase", "merge") for leftover in leftovers)
        time.sleep(QUIET_SECONDS if any(leftover.kind == "temp_file" for leftover in leftovers) else 0)
        again = subprocess.run(
            [minutes_bin, "sync", "--repair", str(anna)], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert again.returncode == 0, again.stderr
        assert "Traceback" not in again.stderr
        text = run_git(anna, "show", f"HEAD:{MEETING}")
        assert "Annas titel" in text and "Bos titel" in text
        assert run_git(remote, "rev-parse", "main").strip() == run_git(anna, "rev-parse", "HEAD").strip()
        assert find_leftovers(anna, quiet_seconds=0) == []
        assert run_git(anna, "status", "--porcelain") == ""
        # Anna's own commit survives as an ancestor or as its rebased copy
        subjects = run_git(anna, "log", "--format=%s").splitlines()
        assert "Anna: punkt 1" in subjects, anna_commit
    assert count > 0


def test_a_rebase_stopped_with_a_stale_index_lock_can_be_aborted_or_reported(tmp_path: Path, env: dict[str, str]) -> None:
    _remote, anna, bo = _world(tmp_path)
    _replace_title(bo, 0, "Bos egen titel til punkt 1")
    run_git(bo, "commit", "--quiet", "-am", "Bo: punkt 1")
    run_git(bo, "push", "--quiet", "origin", "main")
    run_git(anna, "fetch", "--quiet")
    before = run_git(anna, "rev-parse", "HEAD").strip()
    stopped = subprocess.run(["git", "rebase", "origin/main"], cwd=anna, env=env, capture_output=True, check=False)
    assert stopped.returncode != 0 and (anna / ".git" / "rebase-merge").is_dir()
    (anna / ".git" / "index.lock").write_text("", encoding="utf-8")
    assert {leftover.kind for leftover in find_leftovers(anna, quiet_seconds=0)} == {"index_lock", "rebase"}
    failed = subprocess.run(["git", "rebase", "--abort"], cwd=anna, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode != 0  # what a person meets with plain git
    abort_operation(anna)
    assert find_leftovers(anna, quiet_seconds=0) == []
    assert run_git(anna, "rev-parse", "HEAD").strip() == before
    assert run_git(anna, "status", "--porcelain") == ""


def test_a_lock_that_a_running_git_may_hold_is_never_removed(sample_git_repo: Path, env: dict[str, str]) -> None:
    lock = sample_git_repo / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    waiting = subprocess.Popen(["git", "hash-object", "--stdin"], cwd=sample_git_repo, stdin=subprocess.PIPE, env=env)
    try:
        time.sleep(0.2)
        busy = find_leftovers(sample_git_repo, quiet_seconds=0)
        assert [leftover.kind for leftover in busy] == ["busy_lock"] and "git hash-object" in busy[0].paths[0]
        assert fix_all_stale(sample_git_repo, quiet_seconds=0) == [] and lock.exists()
    finally:
        waiting.communicate(b"", timeout=10)
    assert [leftover.kind for leftover in find_leftovers(sample_git_repo, quiet_seconds=0)] == ["index_lock"]
    holder = subprocess.Popen(["sleep", "30"], stdin=open(lock), cwd="/")  # any process with the file open holds it
    try:
        time.sleep(0.1)
        assert [leftover.kind for leftover in find_leftovers(sample_git_repo, quiet_seconds=0)] == ["busy_lock"]
        assert fix_all_stale(sample_git_repo, quiet_seconds=0) == [] and lock.exists()
    finally:
        holder.kill()
        holder.wait()
    assert [leftover.kind for leftover in fix_all_stale(sample_git_repo, quiet_seconds=0)] == ["index_lock"]
    assert not lock.exists()


def test_minutes_repair_lists_then_fixes_and_sync_names_the_way_out(
    sample_git_repo: Path, env: dict[str, str], minutes_bin: str
) -> None:
    repo = sample_git_repo
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    leftover = repo / "albertslund-kommune" / "chefforum" / ".2019-10-24.yaml.k3j4h5g6.tmp"
    leftover.write_text("half a meeting", encoding="utf-8")
    os.utime(leftover, (time.time() - 60, time.time() - 60))

    def minutes(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([minutes_bin, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60, check=False)

    sync = minutes("sync")
    assert sync.returncode == 2 and "minutes sync --repair" in sync.stderr and "index.lock" in sync.stderr
    listed = minutes("repair")
    assert listed.returncode == 1 and ".git/index.lock" in listed.stdout and ".2019-10-24.yaml.k3j4h5g6.tmp" in listed.stdout
    assert (repo / ".git" / "index.lock").exists() and leftover.exists()
    fixed = minutes("repair", "--yes")
    assert fixed.returncode == 0, fixed.stderr
    assert not (repo / ".git" / "index.lock").exists() and not leftover.exists()
    kept = list((repo / ".git" / "minutes-leftovers").iterdir())
    assert [path.read_text(encoding="utf-8") for path in kept] == ["half a meeting"]
    assert minutes("repair").stdout.strip() == "intet at rydde op"
    assert minutes("repair", "--lang", "en").stdout.strip() == "nothing to repair"
