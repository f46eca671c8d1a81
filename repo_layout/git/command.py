"""The git binary run in one work tree, for reading history: text out, git's own words when it fails.

Standard library only, so that `minutes log` starts without loading GitPython (about 80 ms);
commits, sync and identity keep going through GitPython (repo_layout.git.commit, gitstate, sync).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

# settings of the user's that would change what reading history prints: these are overridden
READ_OPTIONS = (
    "-c", "log.follow=false",  # a path's log is its own; renames are followed by meeting_history
    "-c", "log.showSignature=false",
    "-c", "color.ui=false",
    "-c", "core.quotePath=false",  # paths as they are, "æøå" included
)
# one commit of a log: NUL before each field (a commit's text cannot hold NUL), so six NUL-split parts per
# commit: the empty start, hash, date, author, email, subject, then what follows (--raw lines) up to the next
LOG_FORMAT = "--format=%x00%H%x00%aI%x00%an%x00%ae%x00%s%x00"
LOG_FIELDS = 6


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


def environment() -> dict[str, str]:
    """Reading history takes no locks (a stale index.lock then stays harmless), never prompts, and reads paths literally."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1"}


class GitCommandFailed(Exception):
    """git exited with an error; `stderr` is what it said."""

    def __init__(self, args: tuple[str, ...], stderr: str) -> None:
        self.stderr = stderr
        super().__init__(f"git {' '.join(args)}: {stderr.strip()}")


class GitCommand:
    """A git work tree: its folder and its git dir (a plain class: `minutes log` avoids importing dataclasses)."""

    def __init__(self, work_tree: Path, git_dir: Path) -> None:
        self.work_tree, self.git_dir = work_tree, git_dir

    @classmethod
    def find(cls, folder: Path) -> GitCommand | None:
        """The work tree holding `folder` (searching upwards), or None when it is in none."""
        try:
            done = subprocess.run(
                ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
                cwd=folder, capture_output=True, check=False, env=environment(),
            )
        except OSError:
            return None
        lines = done.stdout.decode("utf-8", errors="replace").splitlines()
        if done.returncode != 0 or len(lines) != 2:
            return None
        return cls(Path(lines[0]).resolve(), Path(lines[1]))

    def run(self, *args: str, keep_final_newline: bool = False) -> str:
        """git's output (one final newline taken off unless asked to keep it); GitCommandFailed when git fails."""
        text = self.output(*args).decode("utf-8", errors="replace")
        return text if keep_final_newline or not text.endswith("\n") else text[:-1]

    def output(self, *args: str, given: bytes | None = None) -> bytes:
        """git's output as bytes, `given` on its input (for `cat-file --batch`); GitCommandFailed when git fails."""
        try:
            done = subprocess.run(
                ["git", *READ_OPTIONS, *args], cwd=self.work_tree, input=given, capture_output=True, check=False,
                env=environment(),
            )
        except OSError as error:
            raise GitCommandFailed(args, str(error)) from None
        if done.returncode != 0:
            raise GitCommandFailed(args, done.stderr.decode("utf-8", errors="replace"))
        return done.stdout


def write_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Writing never prompts or opens an editor, reads paths literally and speaks English (its errors are shown whole)."""
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_EDITOR": "true",
        "GIT_LITERAL_PATHSPECS": "1",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    }
    env.update(extra or {})
    return env


class GitResult:
    """What one git command did: its exit code and what it printed."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    @property
    def said(self) -> str:
        """Everything git (and any hook it ran) printed, stderr first, without blank edges."""
        return "\n".join(part.strip("\n") for part in (self.stderr, self.stdout) if part.strip())


def run_for_write(
    work_tree: Path, *args: str, env: dict[str, str] | None = None, given: str | None = None, timeout: float | None = None
) -> GitResult:
    """Run a git command that changes the repository; the caller decides what a failure means.

    git and its hooks run in a session of their own (no terminal to prompt on or to draw into); after `timeout`
    seconds the whole group is stopped and the result says so (exit 124).
    """
    try:
        process = subprocess.Popen(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=work_tree, stdin=subprocess.PIPE if given is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
            env=env if env is not None else write_environment(), start_new_session=True,
        )
    except OSError as error:
        return GitResult(127, "", str(error))
    try:
        stdout, stderr = process.communicate(given, timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        stdout, stderr = process.communicate()
        said = f"git {args[0]} (or a hook it ran) did not finish within {timeout:.0f} s and was stopped"
        return GitResult(124, stdout, f"{stderr}\n{said}".strip())
    return GitResult(process.returncode, stdout, stderr)


def _stop_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
