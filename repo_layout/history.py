"""Git access for a minutes repository: create, commit. Commits go through the git binary."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repo_layout.git_command import run_for_write, write_environment
from repo_layout.write_lock import repository_write_lock

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


COMMIT_JOURNAL = "minutes-commit-journal"


class CommitFailedError(GitError):
    """git made no commit (a hook refused it, or git itself failed); `output` is everything it printed."""

    def __init__(self, output: str) -> None:
        self.output = output or "git printed nothing"
        super().__init__(f"git commit failed:\n{self.output}")


def commit_paths(
    repo: git.Repo,
    paths: list[Path],
    message: str,
    author: Identity | None = None,
    when: dt.datetime | None = None,
) -> str:
    """Commit exactly `paths` as they are on disk, from a private index under the repository's write lock.

    Nothing else the user staged goes in, and a refused commit (CommitFailedError) leaves the index as it was.
    """
    root = Path(repo.working_tree_dir or ".")
    git_dir = Path(repo.git_dir)
    relative = [_relative_path(root, Path(path)) for path in paths]
    extra: dict[str, str] = {}
    if author is not None:
        extra.update(
            GIT_AUTHOR_NAME=author.name,
            GIT_AUTHOR_EMAIL=author.email,
            GIT_COMMITTER_NAME=author.name,
            GIT_COMMITTER_EMAIL=author.email,
        )
    if when is not None:
        stamp = when.isoformat()
        extra.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    with repository_write_lock(git_dir):
        return _commit_from_private_index(root, git_dir, relative, message, extra)


def _relative_path(root: Path, path: Path) -> str:
    """The path inside the work tree, its own last part not resolved (a link is named, not followed)."""
    absolute = Path(os.path.abspath(path))
    try:
        return (absolute.parent.resolve() / absolute.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{path} is outside the repository; it cannot be committed") from None


def _commit_from_private_index(root: Path, git_dir: Path, relative: list[str], message: str, extra: dict[str, str]) -> str:
    index = git_dir / f"minutes-index-{os.getpid()}-{threading.get_ident()}"
    private = write_environment({**extra, "GIT_INDEX_FILE": str(index)})
    journal = git_dir / COMMIT_JOURNAL  # names the paths until the user's index follows: repair finishes a killed save
    journal.write_text("\0".join(relative), encoding="utf-8")
    try:
        # a copy of the user's index keeps git's cached file stats, so the commit does not re-read every file; --reset
        # then drops whatever the user staged (the copy is private, the user's index is untouched)
        real_index = git_dir / "index"
        if real_index.is_file():
            shutil.copyfile(real_index, index)
        started = run_for_write(root, "read-tree", "--reset", "HEAD", env=private)
        if started.code != 0:
            if run_for_write(root, "rev-parse", "--verify", "-q", "HEAD", env=private).code == 0:
                raise GitError(f"git read-tree failed: {started.said}")
            run_for_write(root, "read-tree", "--empty", env=private)
        staged = run_for_write(root, "update-index", "--add", "--remove", "--", *relative, env=private)
        if staged.code != 0:
            raise GitError(f"git could not stage {', '.join(relative)}: {staged.said}")
        made = run_for_write(root, "commit", "--quiet", "-F", "-", env=private, given=message)
        if made.code != 0:
            raise CommitFailedError(made.said)
        head = run_for_write(root, "rev-parse", "HEAD", env=write_environment(extra))
        _follow_in_real_index(root, relative)
    finally:
        index.unlink(missing_ok=True)
        index.with_name(index.name + ".lock").unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
    return head.stdout.strip()


def follow_in_real_index(root: Path, relative: list[str]) -> None:
    """Make the user's index agree with HEAD for those of `relative` whose file is as HEAD has it (after a killed save)."""
    agreeing = []
    for path in relative:
        committed = run_for_write(root, "rev-parse", "-q", "--verify", f"HEAD:{path}")
        on_disk = run_for_write(root, "hash-object", "--", path)
        if committed.code == 0 and on_disk.code == 0 and committed.stdout.strip() == on_disk.stdout.strip():
            agreeing.append(path)
    if agreeing:
        _follow_in_real_index(root, agreeing)


def _follow_in_real_index(root: Path, relative: list[str]) -> None:
    """Make the user's index agree with the new commit for these paths only (a busy index is waited for briefly)."""
    for _attempt in range(40):
        updated = run_for_write(root, "update-index", "--add", "--remove", "--", *relative)
        if updated.code == 0 or "index.lock" not in updated.stderr:
            return
        time.sleep(0.05)
