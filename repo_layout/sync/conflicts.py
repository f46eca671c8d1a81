"""What a stopped rebase or merge left unmerged, read as mine and theirs, and the conflicts that wait for a person.

During a rebase git's "ours" (:2:) is the upstream and "theirs" (:3:) the local commit being replayed; during a merge
:2: is HEAD, the local work. `stage_of_mine` is the one place that maps stages to sides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.git.command import GitCommand, GitCommandFailed
from repo_layout.git.errors import SyncError
from repo_layout.sync.driver import YAML_SUFFIXES
from repo_layout.sync.gitsteps import commit_of, git
from repo_layout.sync.merge import FILE_KEY, ChoiceError, FieldConflict, merge_meeting
from repo_layout.sync.merge import resolve as resolve_text
from repo_layout.words import words


class UnmergeableFileError(SyncError):
    """A file that is not YAML changed on both sides; the sync was undone."""

    def __init__(self, message: str, path: str, kind: str = "not_yaml") -> None:
        super().__init__(message, kind=kind, path=path)
        self.path = path


@dataclass
class Conflict:
    """A file both sides changed in the same fields: the fields, and who wrote each side (mine = ours)."""

    path: str
    fields: list[FieldConflict]
    ours_author: str
    theirs_author: str
    ours_commit: str
    theirs_commit: str


@dataclass
class Pending:
    """A file that waits for a person: the three versions (mine = the local user's) and what merged by itself."""

    base: str | None
    mine: str | None
    theirs: str | None
    merged: list[str]

    def final(self, choices: dict[str, str], language: str) -> str | None:
        """The file's text after the choices; None when the file is to be deleted."""
        if self.mine is None or self.theirs is None:
            choice = choices.get(FILE_KEY)
            if choice is None:
                raise ChoiceError(f"no choice made for {FILE_KEY!r}")
            return self.mine if choice == "ours" else self.theirs if choice == "theirs" else choice
        return resolve_text(self.base, self.mine, self.theirs, choices, language)


def unmerged(top: Path, env: dict[str, str]) -> dict[str, dict[int, str]]:
    """Unmerged paths and their index stages (1 base, 2 and 3 the sides) as blob ids."""
    output = git(top, "ls-files", "-u", "-z", env=env).stdout
    found: dict[str, dict[int, str]] = {}
    for entry in filter(None, output.split("\0")):
        info, path = entry.split("\t", 1)
        _, blob, stage = info.split()
        found.setdefault(path, {})[int(stage)] = blob
    return found


def stage_of_mine(operation: str) -> tuple[int, int]:
    """(stage of mine, stage of theirs): a rebase replays the local commit as :3:, a merge has HEAD as :2:."""
    return (3, 2) if operation == "rebase" else (2, 3)


def blob_text(repo: GitCommand, blob: str | None, path: str) -> str | None:
    """The text of one side of `path` (None when that side has no such file); UnmergeableFileError unless UTF-8."""
    if blob is None:
        return None
    try:
        data = repo.output("cat-file", "blob", blob)
    except GitCommandFailed as error:
        raise SyncError(f"git cat-file failed: {error.stderr.strip()}", kind="git_failed", said=error.stderr.strip()) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        message = f"{path} is not UTF-8 text and changed on both sides; the sync was undone"
        raise UnmergeableFileError(message, path, "not_utf8") from None


@dataclass
class Merged:
    """What merging the unmerged files gave: (path, text, what merged) to write, files that wait, their conflicts."""

    merged: list[tuple[str, str | None, list[str]]] = field(default_factory=list)
    pending: dict[str, Pending] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


def merge_files(
    repo: GitCommand,
    left: dict[str, dict[int, str]],
    operation: str,
    language: str,
    env: dict[str, str],
    say: Callable[[str], None],
) -> Merged:
    """Merge each unmerged file structurally (`say` is told each path); UnmergeableFileError for one that cannot be."""
    mine_stage, theirs_stage = stage_of_mine(operation)
    found = Merged()
    for path, stages in sorted(left.items()):
        if not path.endswith(YAML_SUFFIXES):
            raise UnmergeableFileError(
                f"{path} changed on both sides and is not a YAML file, so it cannot be merged field by field; "
                "the sync was undone. Merge it by hand with git, or ask the other person to undo their change.",
                path,
            )
        say(path)
        base = blob_text(repo, stages.get(1), path)
        mine = blob_text(repo, stages.get(mine_stage), path)
        theirs = blob_text(repo, stages.get(theirs_stage), path)
        if mine is None or theirs is None:
            fields = [FieldConflict(FILE_KEY, words(language)["merge"]["file"], base, mine, theirs)]
            merged: list[str] = []
        else:
            result = merge_meeting(base, mine, theirs, language)
            if not result.conflicts:
                found.merged.append((path, result.text, result.merged))
                continue
            fields, merged = result.conflicts, result.merged
        found.pending[path] = Pending(base, mine, theirs, merged)
        found.conflicts.append(Conflict(path, fields, *authors(repo.work_tree, repo.git_dir, path, operation, env)))
    return found


def authors(top: Path, git_dir: Path, path: str, operation: str, env: dict[str, str]) -> tuple[str, str, str, str]:
    """(mine author, theirs author, mine commit, theirs commit) for a conflicting file."""
    if operation == "rebase":
        mine = commit_of(top, "REBASE_HEAD") or ""
        onto_file = git_dir / "rebase-merge" / "onto"
        onto = onto_file.read_text(encoding="utf-8").strip() if onto_file.exists() else "HEAD"
        theirs_range = [onto, f"^{mine}"] if mine else [onto]
        mine_range = [mine] if mine else ["HEAD"]
    else:
        theirs_range = ["MERGE_HEAD", "^HEAD"]
        mine_range = ["HEAD", "^MERGE_HEAD"]

    def last(revisions: list[str]) -> tuple[str, str]:
        result = git(top, "log", "-1", "--format=%H%x00%an", *revisions, "--", path, check=False, env=env)
        if not result.stdout.strip():
            result = git(top, "log", "-1", "--format=%H%x00%an", *revisions, check=False, env=env)
        sha, _, name = result.stdout.strip().partition("\0")
        return name, sha

    mine_author, mine_commit = last(mine_range)
    theirs_author, theirs_commit = last(theirs_range)
    return mine_author, theirs_author, mine_commit, theirs_commit
