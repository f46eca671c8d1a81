"""The commit path: a repository made, exactly the given paths committed from a private index, a killed commit finished.

Commits go through the git binary (repo_layout.git.command); a journal in the git dir names the commit in flight.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.git import paths as git_paths
from repo_layout.git.command import GitCommand, GitCommandFailed, run_for_write, write_environment
from repo_layout.git.errors import GitError
from repo_layout.git.state import Identity
from repo_layout.git.write_lock import repository_write_lock


def init_repository(path: Path) -> GitCommand:
    """Make `path` a git repository on branch main (an existing one is opened)."""
    path = Path(path)
    if not (path / ".git").exists():
        path.mkdir(parents=True, exist_ok=True)
        made = run_for_write(path, "init", "--quiet", "--initial-branch=main")
        if made.code != 0:
            raise GitError(f"git init failed in {path}: {made.said}")
    found = GitCommand.find(path)
    if found is None:
        raise GitError(f"git init failed in {path}: it is not a git work tree")
    return found


COMMIT_TIMEOUT = float(os.environ.get("MINUTES_COMMIT_TIMEOUT", "300"))  # seconds for git commit and its hooks


class CommitFailedError(GitError):
    """git made no commit (a hook refused it, or git itself failed); `output` is everything it printed."""

    def __init__(self, output: str) -> None:
        self.output = output or "git printed nothing"
        super().__init__(f"git commit failed:\n{self.output}")


@dataclass(frozen=True)
class Commit:
    """A commit made: its id and the blob id of every path it changed (a deleted path has none)."""

    id: str
    blobs: dict[str, str] = field(default_factory=dict)


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (no filters), computed without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def commit_paths(
    repo: GitCommand,
    paths: list[Path],
    message: str,
    author: Identity | None = None,
    when: dt.datetime | None = None,
) -> str:
    """Commit exactly `paths` as they are on disk (see commit_files); the commit's id."""
    return commit_files(repo, paths, message, author, when).id


def commit_files(
    repo: GitCommand,
    paths: list[Path],
    message: str,
    author: Identity | None = None,
    when: dt.datetime | None = None,
) -> Commit:
    """Commit exactly `paths` as they are on disk, from a private index under the repository's write lock.

    Nothing else the user staged goes in, and a refused commit (CommitFailedError) leaves the index as it was.
    """
    root, git_dir = repo.work_tree, repo.git_dir
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


def _commit_from_private_index(root: Path, git_dir: Path, relative: list[str], message: str, extra: dict[str, str]) -> Commit:
    index = git_paths.private_index(git_dir)
    private = write_environment({**extra, "GIT_INDEX_FILE": str(index)})
    finish_interrupted_commit(root, git_dir)
    journal = CommitJournal(git_dir)
    journal.write("committing", relative, message)  # a kill from here on is finished by repo_layout.git.repair
    committed = False
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
        made = run_for_write(root, "commit", "--quiet", "-F", "-", env=private, given=message, timeout=COMMIT_TIMEOUT)
        if made.code != 0:
            raise CommitFailedError(made.said)
        committed = True
        made_commit = _made(root)
        changed = list(made_commit.blobs) or relative  # a hook may have staged more than our paths
        journal.write("committed", changed, message)
        if _follow_in_real_index(root, changed):
            journal.remove()
    finally:
        index.unlink(missing_ok=True)
        index.with_name(index.name + ".lock").unlink(missing_ok=True)
        if not committed:
            journal.remove()
    return made_commit


def _made(root: Path) -> Commit:
    """HEAD and the paths it changed with their new blob ids (against its parent, or all in a first commit), in one call."""
    listed = run_for_write(root, "diff-tree", "--raw", "--no-abbrev", "-r", "-z", "--root", "HEAD")
    if listed.code != 0:
        return Commit(run_for_write(root, "rev-parse", "HEAD").stdout.strip())
    head, *fields = listed.stdout.split("\0")
    blobs: dict[str, str] = {}
    for status, path in zip(fields[::2], fields[1::2], strict=False):
        parts = status.split()  # ":old_mode new_mode old_blob new_blob letter"
        if path and len(parts) == 5:
            blobs[path] = "" if parts[4] == "D" else parts[3]
    return Commit(head.strip(), blobs)


class CommitJournal:
    """`<git dir>/minutes-commit-journal`: the paths and message of a commit in progress, and how far it got.

    "committing": the files are written, the commit may not be made; "committed": only the user's index lags behind.
    """

    def __init__(self, git_dir: Path, name: str = git_paths.COMMIT_JOURNAL) -> None:
        self.path = Path(git_dir) / name

    def write(self, phase: str, paths: list[str], message: str) -> None:
        self.path.write_text(json.dumps({"phase": phase, "paths": paths, "message": message}), encoding="utf-8")

    def read(self) -> tuple[str, list[str], str] | None:
        """(phase, paths, message), or None when there is no journal or it cannot be read."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            phase, paths, message = record["phase"], record["paths"], record["message"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if phase not in ("committing", "committed") or not isinstance(paths, list) or not isinstance(message, str):
            return None
        return phase, [str(path) for path in paths], message

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def finish_interrupted_commit(
    root: Path, git_dir: Path, journal_name: str = git_paths.COMMIT_JOURNAL, commit: bool = False
) -> None:
    """Finish what a killed commit left (the caller holds the write lock).

    After its commit only the user's index lags: it is brought up to HEAD. Before it, with `commit`, the files whose
    text is not HEAD's are committed with the message they were meant for (CommitFailedError if git refuses); without,
    the journal is kept aside (git_paths.INTERRUPTED_JOURNAL) for repair to offer.
    """
    journal = CommitJournal(git_dir, journal_name)
    found = journal.read()
    if found is None:
        journal.remove()
        return
    phase, paths, message = found
    if phase == "committed":
        if _follow_in_real_index(root, paths):
            journal.remove()
        return
    if not commit:
        journal.path.replace(Path(git_dir) / git_paths.INTERRUPTED_JOURNAL)
        return
    unsaved = uncommitted_paths(root, paths)
    if not unsaved and not _follow_in_real_index(root, paths):
        return  # killed after its commit, before the journal said so: the index follows once it is free
    journal.remove()
    if unsaved:
        CommitJournal(git_dir, git_paths.INTERRUPTED_JOURNAL).write("committing", unsaved, message)  # kept if git refuses
        _commit_from_private_index(root, git_dir, unsaved, message, {})
        CommitJournal(git_dir, git_paths.INTERRUPTED_JOURNAL).remove()


def head_text(repo: GitCommand, relative: str) -> str:
    """The file as HEAD has it, byte for byte; empty when there is no HEAD or the file is not in it."""
    try:
        return repo.output("cat-file", "blob", f"HEAD:{relative}").decode("utf-8", errors="replace")
    except GitCommandFailed:
        return ""


def differs_from_head(repo: GitCommand, relative: str) -> bool:
    """True when git status lists the file (it differs from HEAD, or is not committed yet)."""
    try:
        return bool(repo.run("status", "--porcelain", "--", relative).strip())
    except GitCommandFailed:
        return True


def uncommitted_paths(root: Path, paths: list[str]) -> list[str]:
    """Those of `paths` whose file on disk is not what HEAD has."""
    return [path for path in paths if not _as_in_head(root, path)]


def _as_in_head(root: Path, path: str) -> bool:
    """True when the file on disk is what HEAD has (or both lack it)."""
    committed = run_for_write(root, "rev-parse", "-q", "--verify", f"HEAD:{path}")
    if not (root / path).exists():
        return committed.code != 0
    on_disk = run_for_write(root, "hash-object", "--", path)
    return committed.code == 0 and on_disk.code == 0 and committed.stdout.strip() == on_disk.stdout.strip()


def _follow_in_real_index(root: Path, relative: list[str]) -> bool:
    """Set the user's index to HEAD for these paths only (a busy index is waited for briefly); False if it stayed busy."""
    for _attempt in range(40):
        updated = run_for_write(root, "reset", "-q", "HEAD", "--", *relative)
        if updated.code == 0:
            return True
        if "index.lock" not in updated.stderr:
            return False
        time.sleep(0.05)
    return False
