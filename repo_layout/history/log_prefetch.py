"""A meeting's `git log` started before the rest of the program loads, so git walks history while Python imports.

Only the standard library is imported here: the point is to start git within milliseconds. When a
log of the file is kept (repo_layout.history.log_cache), nothing is started: the kept log needs no walk.
"""

from __future__ import annotations

import os
from pathlib import Path

from repo_layout.git.command import GitCommand, Process
from repo_layout.git.paths import locate
from repo_layout.history import log_cache

# one commit of a log: NUL before each field (a commit's text cannot hold NUL), so six NUL-split parts per
# commit: the empty start, hash, date, author, email, subject, then what follows (--raw lines) up to the next
LOG_FORMAT = "--format=%x00%H%x00%aI%x00%an%x00%ae%x00%s%x00"
LOG_FIELDS = 6
# the log of one name of a meeting file: each commit, then its raw change line (the blobs)
LOG_ARGUMENTS = (LOG_FORMAT, "--raw", "--no-abbrev", "--no-renames")


def log_records(output: str) -> list[tuple[str, str, str, str, str, str]]:
    """(hash, ISO date, author, email, subject, what followed) of each commit in `git log LOG_FORMAT` output."""
    parts = output.split("\0")[1:]
    records = []
    for first in range(0, len(parts) - LOG_FIELDS + 2, LOG_FIELDS):
        chunk = parts[first : first + LOG_FIELDS]
        if len(chunk) == LOG_FIELDS - 1:
            chunk.append("")
        commit, date, author, email, subject, rest = chunk
        records.append((commit, date, author, email, subject, rest))
    return records


class LogPrefetch:
    """`git log LOG_ARGUMENTS <head> -- <relative>` running in `root` (a plain class: dataclasses cost an import)."""

    def __init__(self, root: Path, relative: str, head: str, process: Process[bytes]) -> None:
        self.root, self.relative, self.head, self.process = root, relative, head, process

    def output(self) -> str | None:
        """What git printed, or None when it failed (the caller then runs the log itself and reports the error)."""
        out, _ = self.process.communicate()
        return out.decode("utf-8", errors="replace") if self.process.returncode == 0 else None

    def cancel(self) -> None:
        """Stop git if it still runs (the log was not wanted after all)."""
        if self.process.returncode is not None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def log_argument(arguments: list[str]) -> str | None:
    """The meeting of a `minutes log [--json] [--lang L] MEETING` command line, or None for any other command."""
    if arguments[:1] != ["log"]:
        return None
    rest = iter(arguments[1:])
    for argument in rest:
        if argument == "--lang":
            next(rest, None)
        elif not argument.startswith("-"):
            return argument
    return None


def start(meeting: Path) -> LogPrefetch | None:
    """Start the log of `meeting` in its git work tree, or None when there is none.

    The log starts at HEAD's commit id, found with the work tree in one git call, so that a commit made meanwhile is
    not taken for walked.
    """
    path = Path(os.path.realpath(meeting))  # as git names the work tree: links resolved
    try:
        folder = next((folder for folder in path.parents if folder.is_dir()), None)
        found = locate(folder) if folder is not None and path.name.endswith(".yaml") else None
        if found is None or found.head is None:
            return None  # outside git, or no commit yet: the log is then run the ordinary way
        relative = path.relative_to(found.work_tree).as_posix()
        if log_cache.cache_path(found.git_dir, relative).exists():
            return None  # a kept log: only the commits since it are walked, and that is quick
        process = GitCommand(found.work_tree, found.git_dir).start("log", *LOG_ARGUMENTS, found.head, "--", relative)
    except (OSError, ValueError):
        return None  # whatever stood in the way, the log is then run the ordinary way
    return LogPrefetch(found.work_tree, relative, found.head, process)
