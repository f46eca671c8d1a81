"""The one way minutes runs git: the binary in a work tree, with a read, a write or a network environment.

Standard library only, so that `minutes log` starts git before anything heavy loads. Every override of the
user's own git settings and environment is here: what reading history prints (READ_OPTIONS), how paths are
quoted, that git never prompts or opens an editor, that its words are English where they are classified, and
that ssh never asks for a passphrase in a terminal the app owns.
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
WRITE_OPTIONS = ("-c", "core.quotePath=false")
Process = subprocess.Popen  # a git left running (GitCommand.start), for the hot paths that stream its output


def read_environment() -> dict[str, str]:
    """Reading takes no locks (a stale index.lock then stays harmless), never prompts, and reads paths literally."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1"}


def write_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Writing never prompts or opens an editor, reads paths literally and speaks English (its words are shown and classified)."""
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_EDITOR": "true",
        "GIT_SEQUENCE_EDITOR": "true",
        "GIT_MERGE_AUTOEDIT": "no",
        "GIT_LITERAL_PATHSPECS": "1",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    }
    env.update(extra or {})
    return env


def network_environment(ssh_configured: bool = False) -> dict[str, str]:
    """Writing's environment for a command that talks to a remote: ssh in batch mode unless the user set up their own."""
    env = write_environment()
    if not ssh_configured and "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        # no passphrase prompt in a terminal the app owns, and no endless wait for a host that does not answer
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
    return env


class GitCommandFailed(Exception):
    """git exited with an error; `stderr` is what it said."""

    def __init__(self, args: tuple[str, ...], stderr: str) -> None:
        self.stderr = stderr
        super().__init__(f"git {' '.join(args)}: {stderr.strip()}")


def run_for_read(folder: Path, *args: str, given: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """git's exit code and output as bytes for a command that only reads; OSError when git cannot be started."""
    return subprocess.run(
        ["git", *READ_OPTIONS, *args], cwd=folder, input=given, capture_output=True, check=False, env=read_environment()
    )


class GitCommand:
    """A git work tree: its folder and its git dir (a plain class: `minutes log` avoids importing dataclasses)."""

    def __init__(self, work_tree: Path, git_dir: Path) -> None:
        self.work_tree, self.git_dir = work_tree, git_dir

    @classmethod
    def find(cls, folder: Path) -> GitCommand | None:
        """The work tree holding `folder` (searching upwards), or None when it is in none."""
        from repo_layout.git.paths import locate  # paths runs its one git call through this module

        found = locate(folder)
        return cls(found.work_tree.resolve(), found.git_dir) if found is not None else None

    def run(self, *args: str, keep_final_newline: bool = False) -> str:
        """git's output (one final newline taken off unless asked to keep it); GitCommandFailed when git fails."""
        text = self.output(*args).decode("utf-8", errors="replace")
        return text if keep_final_newline or not text.endswith("\n") else text[:-1]

    def output(self, *args: str, given: bytes | None = None) -> bytes:
        """git's output as bytes, `given` on its input (for `cat-file --batch`); GitCommandFailed when git fails."""
        try:
            done = run_for_read(self.work_tree, *args, given=given)
        except OSError as error:
            raise GitCommandFailed(args, str(error)) from None
        if done.returncode != 0:
            raise GitCommandFailed(args, done.stderr.decode("utf-8", errors="replace"))
        return done.stdout

    def start(self, *args: str, with_input: bool = False) -> Process[bytes]:
        """A reading command left running, its output streamed (stdin a pipe when `with_input`); OSError if git cannot start."""
        return subprocess.Popen(
            ["git", *READ_OPTIONS, *args],
            cwd=self.work_tree,
            stdin=subprocess.PIPE if with_input else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=read_environment(),
        )


class GitResult:
    """What one git command did: its exit code and what it printed."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    @property
    def said(self) -> str:
        """Everything git (and any hook it ran) printed, stderr first, without blank edges."""
        return "\n".join(part.strip("\n") for part in (self.stderr, self.stdout) if part.strip())


def run_for_write(
    work_tree: Path,
    *args: str,
    env: dict[str, str] | None = None,
    given: str | None = None,
    timeout: float | None = None,
    own_session: bool = True,
) -> GitResult:
    """Run a git command that changes the repository (or talks to a remote); the caller decides what a failure means.

    With `own_session` git and its hooks run in a session of their own (no terminal to prompt on or to draw into);
    after `timeout` seconds the whole group is stopped and the result says so (exit 124).
    """
    try:
        process = subprocess.Popen(
            ["git", *WRITE_OPTIONS, *args],
            cwd=work_tree, stdin=subprocess.PIPE if given is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
            env=env if env is not None else write_environment(), start_new_session=own_session,
        )
    except OSError as error:
        return GitResult(127, "", str(error))
    try:
        stdout, stderr = process.communicate(given, timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process, own_session)
        stdout, stderr = process.communicate()
        said = f"git {args[0]} (or a hook it ran) did not finish within {timeout:.0f} s and was stopped"
        return GitResult(124, stdout, f"{stderr}\n{said}".strip())
    return GitResult(process.returncode, stdout, stderr)


def _stop(process: subprocess.Popen[str], group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        process.kill()
