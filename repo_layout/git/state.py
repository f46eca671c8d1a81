"""The git repository behind a minutes folder: open it, its identity, and states that block a commit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from repo_layout.git.commit import GitError, Identity

# GitPython is imported where it is used: loading it costs ~70 ms that the app's first paint need not pay
if TYPE_CHECKING:
    import git


class IdentityMissingError(GitError):
    """No user.name / user.email: git cannot say who made the commit."""


def open_git(root: Path) -> git.Repo | None:
    """The git repository whose work tree holds `root`, or None when it is not in one."""
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def git_dir(repo: git.Repo) -> Path:
    return Path(repo.git_dir)


def identity(repo: git.Repo) -> Identity | None:
    """The configured author (config at any level, or GIT_AUTHOR_* in the environment), or None."""
    name = os.environ.get("GIT_AUTHOR_NAME") or _config(repo, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or _config(repo, "user.email")
    if not name or not email:
        return None
    return Identity(name, email)


def _config(repo: git.Repo, key: str) -> str | None:
    import git

    try:
        value = repo.git.config("--get", key)
    except git.GitCommandError:
        return None
    return value.strip() or None


def set_identity(repo: git.Repo, who: Identity) -> None:
    """Set user.name and user.email for this repository only."""
    import git

    try:
        repo.git.config("user.name", who.name)
        repo.git.config("user.email", who.email)
    except git.GitCommandError as error:
        raise GitError(f"could not set the git identity: {(error.stderr or '').strip()}") from None


def blocking_state(repo: git.Repo) -> str | None:
    """Why a commit of one file cannot be made now (a message a person can act on), or None."""
    directory = git_dir(repo)
    if (directory / "index.lock").exists():
        return (
            "git is busy: .git/index.lock exists. If no other git program is running, a stopped one left it: "
            "`minutes repair --yes` (or the app's repair question at start) removes it safely; then save again."
        )
    if (directory / "MERGE_HEAD").exists():
        return "a git merge is in progress; finish it (git commit) or abort it (git merge --abort), then save again."
    if (directory / "rebase-merge").exists() or (directory / "rebase-apply").exists():
        return "a git rebase is in progress; finish or abort it (minutes repair --continue / --abort), then save again."
    if (directory / "CHERRY_PICK_HEAD").exists() or (directory / "REVERT_HEAD").exists():
        return "a git cherry-pick or revert is in progress; finish or abort it, then save again."
    return None
