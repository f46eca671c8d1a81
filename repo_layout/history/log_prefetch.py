"""A meeting's `git log` started before the rest of the program loads, so git walks history while Python imports.

Only the standard library is imported here: the point is to start git within milliseconds. When a
log of the file is kept (repo_layout.history.log_cache), nothing is started: the kept log needs no walk.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from repo_layout.git.command import LOG_FORMAT, READ_OPTIONS, GitCommand, GitCommandFailed, environment
from repo_layout.history import log_cache

# the log of one name of a meeting file: each commit, then its raw change line (the blobs)
LOG_ARGUMENTS = (LOG_FORMAT, "--raw", "--no-abbrev", "--no-renames")


class LogPrefetch:
    """`git log LOG_ARGUMENTS <head> -- <relative>` running in `root` (a plain class: dataclasses cost an import)."""

    def __init__(self, root: Path, relative: str, head: str, process: subprocess.Popen[bytes]) -> None:
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
    """Start the log of `meeting` in its git work tree (found by its `.git`), or None when there is none.

    The log starts at HEAD's commit id, resolved first, so that a commit made meanwhile is not taken for walked.
    """
    path = Path(os.path.abspath(meeting))
    try:
        root = next((folder for folder in path.parents if (folder / ".git").exists()), None)
        if root is None or not path.name.endswith(".yaml"):
            return None
        relative = path.relative_to(root).as_posix()
        git_dir = _git_dir(root)
        if git_dir is not None and log_cache.cache_path(git_dir, relative).exists():
            return None  # a kept log: only the commits since it are walked, and that is quick
        head = GitCommand(root, git_dir or root / ".git").run("rev-parse", "--verify", "-q", "HEAD^{commit}").strip()
        process = subprocess.Popen(
            ["git", *READ_OPTIONS, "log", *LOG_ARGUMENTS, head, "--", relative],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
    except (OSError, GitCommandFailed):
        return None  # whatever stood in the way (no commit yet, too), the log is then run the ordinary way
    return LogPrefetch(root, relative, head, process)


def _git_dir(root: Path) -> Path | None:
    """`root/.git`, or the folder a `.git` file points to (a worktree or a submodule)."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    first = dot_git.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    if not first.startswith("gitdir:"):
        return None
    return (root / first.removeprefix("gitdir:").strip()).resolve()
