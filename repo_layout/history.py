"""Git access for a minutes repository: create, commit. Commits go through the git binary."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# GitPython is imported where it is used: loading it costs ~70 ms that the app's first paint need not pay
if TYPE_CHECKING:
    import git



class GitError(Exception):
    """A git operation failed; the message says what to do."""


@dataclass(frozen=True)
class Identity:
    """A commit author."""

    name: str
    email: str


def init_repository(path: Path) -> git.Repo:
    """Make `path` a git repository on branch main (an existing one is opened)."""
    import git

    path = Path(path)
    if (path / ".git").exists():
        return git.Repo(path)
    try:
        repo = git.Repo.init(path, initial_branch="main")
    except git.GitCommandError as error:
        raise GitError(f"git init failed in {path}: {error.stderr.strip()}") from None
    return repo


def commit_paths(
    repo: git.Repo,
    paths: list[Path],
    message: str,
    author: Identity | None = None,
    when: dt.datetime | None = None,
) -> str:
    """Stage exactly `paths` and commit them alone; return the new commit id."""
    import git

    root = Path(repo.working_tree_dir or ".")
    relative = [Path(path).resolve().relative_to(root.resolve()).as_posix() for path in paths]
    env = dict(os.environ)
    if author is not None:
        env.update(
            GIT_AUTHOR_NAME=author.name,
            GIT_AUTHOR_EMAIL=author.email,
            GIT_COMMITTER_NAME=author.name,
            GIT_COMMITTER_EMAIL=author.email,
        )
    if when is not None:
        stamp = when.isoformat()
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    try:
        repo.git.add("--", *relative, env=env)
        repo.git.commit("-m", message, "--only", "--", *relative, env=env)
    except git.GitCommandError as error:
        detail = (error.stderr or error.stdout or "").strip()
        raise GitError(f"git commit failed: {detail}") from None
    return repo.head.commit.hexsha
