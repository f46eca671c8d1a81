"""A meeting's `git log` started before the rest of the program loads, so git walks history while Python imports.

Only the standard library is imported here: the point is to start git within milliseconds. When a
log of the file is kept (repo_layout.log_cache), nothing is started: the kept log needs no walk.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from repo_layout import log_cache

SEPARATOR = "\x1f"  # between the fields of a commit's line
RECORD = "\x1e"  # before each commit's line
COMMIT_FORMAT = SEPARATOR.join(["%H", "%aI", "%an", "%ae", "%s"])
# the log of one name of a meeting file: each commit's line, then its raw change line (the blobs)
LOG_ARGUMENTS = (f"--format={RECORD}{COMMIT_FORMAT}", "--raw", "--no-abbrev", "--no-renames")


class LogPrefetch:
    """`git log LOG_ARGUMENTS HEAD -- <relative>` running in `root` (a plain class: dataclasses cost an import)."""

    def __init__(self, root: Path, relative: str, process: subprocess.Popen[bytes]) -> None:
        self.root, self.relative, self.process = root, relative, process

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
    """Start the log of `meeting` in its git work tree (found by its `.git`), or None when there is none."""
    path = Path(os.path.abspath(meeting))
    root = next((folder for folder in path.parents if (folder / ".git").exists()), None)
    if root is None or not path.name.endswith(".yaml"):
        return None
    relative = path.relative_to(root).as_posix()
    if log_cache.cache_path(root / ".git", relative).exists():
        return None  # a kept log: only the commits since it are walked, and that is quick
    try:
        process = subprocess.Popen(
            ["git", "log", *LOG_ARGUMENTS, "HEAD", "--", relative],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except OSError:
        return None
    return LogPrefetch(root, relative, process)
