"""A repository's state as a sync sees it: the status at a glance, and the check that a sync may start now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo_layout.git import state
from repo_layout.git.errors import SyncError
from repo_layout.sync.gitsteps import Place, dirty_files, git, place_of
from repo_layout.sync.remote import fetch_only


class DetachedHeadError(SyncError):
    """HEAD is not on a branch, so there is nothing to sync."""


class UncommittedChangesError(SyncError):
    """Tracked files have changes that are not committed; `files` names them."""

    def __init__(self, files: list[str]) -> None:
        shown = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
        message = f"uncommitted changes in {shown}: save (commit) or discard them, then sync again"
        super().__init__(message, kind="uncommitted", files=shown)
        self.files = list(files)


class OperationInProgressError(SyncError):
    """A rebase, merge, cherry-pick or revert is already in progress."""

    def __init__(self, message: str, operation: str) -> None:
        super().__init__(message, kind="operation", operation=operation)
        self.operation = operation


@dataclass
class RepoStatus:
    """The repository at a glance: branch, upstream, commits ahead/behind, uncommitted files, operation."""

    branch: str | None
    upstream: str | None
    ahead: int
    behind: int
    detached: bool
    dirty_files: list[str]
    operation: str | None  # "rebase" | "merge" | "cherry-pick" | "revert" | None


def status(root: Path, fetch: bool = False) -> RepoStatus:
    """The repository's state from `git rev-parse` and `git status` (no network unless `fetch`)."""
    place = place_of(root)
    top = place.top
    if fetch:
        fetch_only(top)
    output = git(top, "--no-optional-locks", "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=no").stdout
    branch: str | None = None
    upstream: str | None = None
    ahead = behind = 0
    dirty: list[str] = []
    entries = output.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if entry.startswith("# branch.head "):
            branch = entry.removeprefix("# branch.head ")
        elif entry.startswith("# branch.upstream "):
            upstream = entry.removeprefix("# branch.upstream ")
        elif entry.startswith("# branch.ab "):
            plus, minus = entry.removeprefix("# branch.ab ").split()
            ahead, behind = int(plus), -int(minus)
        elif entry.startswith("1 "):
            dirty.append(entry.split(" ", 8)[8])
        elif entry.startswith("2 "):
            dirty.append(entry.split(" ", 9)[9])
            index += 1
        elif entry.startswith("u "):
            dirty.append(entry.split(" ", 10)[10])
    detached = branch == "(detached)"
    git_dir = place.git_dir
    operation = state.operation(git_dir)
    if detached:
        branch = None
        head_name = git_dir / "rebase-merge" / "head-name"
        if operation == "rebase" and head_name.exists():
            branch = head_name.read_text(encoding="utf-8").strip().removeprefix("refs/heads/")
    return RepoStatus(branch, upstream, ahead, behind, detached, dirty, operation)


def ready_to_sync(root: Path) -> Place:
    """Where the repository is, with a branch and a commit; the SyncError of a state where a sync could lose or mix up work."""
    place = place_of(root)
    operation = state.operation(place.git_dir)
    if operation is not None:
        raise OperationInProgressError(
            f"a git {operation} is already in progress in this repository (an interrupted sync leaves one); "
            "finish or abort it (minutes repair --continue / --abort), then sync again",
            operation,
        )
    if state.index_locked(place.git_dir):
        raise SyncError(
            "git is busy: .git/index.lock exists. If no other git program is running, a stopped one left it: "
            "`minutes repair --yes` removes it safely; then sync again.",
            kind="index_locked",
        )
    if place.branch is None:
        raise DetachedHeadError(
            "HEAD is detached (not on a branch), so there is nothing to sync; check out a branch (git switch main)",
            kind="detached",
        )
    if place.head is None:
        raise SyncError(f"branch {place.branch} has no commits yet; save a meeting first", kind="no_commits", branch=place.branch)
    dirty = dirty_files(place.top)
    if dirty:
        raise UncommittedChangesError(dirty)
    return place
