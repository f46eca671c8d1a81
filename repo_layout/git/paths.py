"""Where a repository's work tree and git dir are (found one way: git's own answer), and every `<git dir>/minutes-*` path.

Minutes keeps its state in the git dir, not the work tree (git status stays clean) nor a temporary folder (a reboot
keeps it). Standard library only: `minutes log` looks here before anything heavy loads.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from repo_layout.git.command import run_for_read

DRAFTS = "minutes-drafts"  # unsaved edits, one file per meeting and writer (repo_layout.editing.drafts)
LOGS = "minutes-logs"  # a meeting's whole log by path and HEAD (repo_layout.history.log_cache)
SUMMARIES = "minutes-summaries.json"  # the worded change of a log entry by blob pair (repo_layout.history.summaries)
SEARCH_INDEX = "minutes-index"  # the search index's cache (repo_layout.search.cache)
SYNC_SCRATCH = "minutes-sync"  # a sync's merge-driver attributes and record, while it runs (repo_layout.sync)
WRITE_LOCK = "minutes-write.lock"  # one writer at a time (repo_layout.git.write_lock)
COMMIT_JOURNAL = "minutes-commit-journal"  # the commit in flight (repo_layout.git.commit)
INTERRUPTED_JOURNAL = "minutes-commit-journal.interrupted"  # a commit killed before it was made, for repair
LEFTOVERS = "minutes-leftovers"  # half-written files repair put aside (repo_layout.git.repair)
PRIVATE_INDEX = "minutes-index-"  # + "PID-THREAD": the index one commit is made from (repo_layout.git.commit)


_WHERE = ("--show-toplevel", "--absolute-git-dir", "HEAD", "--symbolic-full-name", "HEAD")


class Location:
    """Where a folder's repository is: its work tree and git dir, and HEAD's commit and ref (None on an unborn branch)."""

    def __init__(self, work_tree: Path, git_dir: Path, head: str | None, head_ref: str | None) -> None:
        self.work_tree, self.git_dir, self.head, self.head_ref = work_tree, git_dir, head, head_ref

    @property
    def branch(self) -> str | None:
        """The branch HEAD is on, or None when it is detached (or the branch has no commit yet)."""
        ref = self.head_ref or ""
        return ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None


def locate(folder: Path) -> Location | None:
    """The repository whose work tree holds `folder` (git searches upwards), in one git call; None outside one."""
    try:
        done = run_for_read(Path(folder), "rev-parse", *_WHERE)
    except OSError:
        return None
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    if len(lines) < 2:
        return None  # not in a repository, or in one without a work tree
    if done.returncode == 0 and len(lines) == 4:
        return Location(Path(lines[0]), Path(lines[1]), lines[2], lines[3])
    return Location(Path(lines[0]), Path(lines[1]), None, None)  # an unborn branch: git echoed "HEAD" and stopped


def private_index(git_dir: Path) -> Path:
    """The index file a commit by this thread is made from."""
    return git_dir / f"{PRIVATE_INDEX}{os.getpid()}-{threading.get_ident()}"


def private_indexes(git_dir: Path) -> list[tuple[Path, str]]:
    """Every private index in the git dir, with the process id in its name."""
    return [(path, path.name.removeprefix(PRIVATE_INDEX).split("-")[0]) for path in git_dir.glob(f"{PRIVATE_INDEX}*")]
