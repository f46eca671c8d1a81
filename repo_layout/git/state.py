"""The state of the git repository behind a minutes folder: an operation in progress, git's lock, the author's identity.

`check_can_commit` is the one check before a commit (a save, a restore, an import); a sync and repair read the
operation in progress from `operation`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repo_layout.git.command import GitCommand, GitCommandFailed, run_for_write
from repo_layout.git.errors import GitError


@dataclass(frozen=True)
class Identity:
    """A commit author."""

    name: str
    email: str


class IdentityMissingError(GitError):
    """No user.name / user.email: git cannot say who made the commit."""


def open_git(root: Path) -> GitCommand | None:
    """The git repository whose work tree holds `root`, or None when it is not in one."""
    return GitCommand.find(Path(root))


def operation(git_dir: Path) -> str | None:
    """The git operation in progress: rebase, merge, cherry-pick, revert, or None."""
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        return "rebase"
    if (git_dir / "MERGE_HEAD").exists():
        return "merge"
    if (git_dir / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    if (git_dir / "REVERT_HEAD").exists():
        return "revert"
    return None


def index_locked(git_dir: Path) -> bool:
    """True when git's index.lock exists (a git program runs, or a stopped one left it)."""
    return (git_dir / "index.lock").exists()


def identity(repo: GitCommand) -> Identity | None:
    """The configured author (config at any level, or GIT_AUTHOR_* in the environment), or None."""
    name, email = os.environ.get("GIT_AUTHOR_NAME"), os.environ.get("GIT_AUTHOR_EMAIL")
    if not name or not email:
        configured = _user_config(repo)
        name, email = name or configured.get("user.name"), email or configured.get("user.email")
    if not name or not email:
        return None
    return Identity(name, email)


def _user_config(repo: GitCommand) -> dict[str, str]:
    """user.name and user.email as git resolves them (the last value of each wins, as with `git config --get`), in one call."""
    try:
        listed = repo.run("config", "-z", "--get-regexp", r"^user\.(name|email)$")
    except GitCommandFailed:
        return {}  # neither is set
    found: dict[str, str] = {}
    for entry in filter(None, listed.split("\0")):
        key, _, value = entry.partition("\n")
        found[key] = value.strip()  # a blank last value means unset, as `git config --get` then says
    return found


def set_identity(repo: GitCommand, who: Identity, everywhere: bool = False) -> None:
    """Set user.name and user.email for this repository only, or with `everywhere` in the user's global git config."""
    scope = "--global" if everywhere else "--local"
    for key, value in (("user.name", who.name), ("user.email", who.email)):
        done = run_for_write(repo.work_tree, "config", scope, key, value)
        if done.code != 0:
            raise GitError(f"could not set the git identity: {done.said}", kind="identity", said=done.said)


def blocking_state(repo: GitCommand) -> str | None:
    """Why a commit of one file cannot be made now (a message a person can act on), or None."""
    if index_locked(repo.git_dir):
        return (
            "git is busy: .git/index.lock exists. If no other git program is running, a stopped one left it: "
            "`minutes repair --yes` (or the app's repair question at start) removes it safely; then save again."
        )
    going = operation(repo.git_dir)
    if going == "merge":
        return "a git merge is in progress; finish it (git commit) or abort it (git merge --abort), then save again."
    if going == "rebase":
        return "a git rebase is in progress; finish or abort it (minutes repair --continue / --abort), then save again."
    if going is not None:
        return "a git cherry-pick or revert is in progress; finish or abort it, then save again."
    return None


def check_can_commit(repo: GitCommand) -> None:
    """Raise IdentityMissingError when git does not know the author, GitError when the repository's state blocks a commit."""
    if identity(repo) is None:
        raise IdentityMissingError("git has no name and email for you (git config user.name / user.email)")
    blocked = blocking_state(repo)
    if blocked:
        raise GitError(blocked)


def untracked_files(repo: GitCommand) -> list[str]:
    """Files in the work tree that git does not track and does not ignore, relative to its top."""
    try:
        listed = repo.run("ls-files", "--others", "--exclude-standard", "-z")
    except GitCommandFailed:
        return []
    return [name for name in listed.split("\0") if name]
