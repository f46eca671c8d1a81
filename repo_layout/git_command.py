"""The git binary run in one work tree, for reading history: text out, git's own words when it fails.

Standard library only, so that `minutes log` starts without loading GitPython (about 80 ms);
commits, sync and identity keep going through GitPython (repo_layout.history, gitstate, sync).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitCommandFailed(Exception):
    """git exited with an error; `stderr` is what it said."""

    def __init__(self, args: tuple[str, ...], stderr: str) -> None:
        self.stderr = stderr
        super().__init__(f"git {' '.join(args)}: {stderr.strip()}")


@dataclass(frozen=True)
class GitCommand:
    """A git work tree: its folder and its git dir."""

    work_tree: Path
    git_dir: Path

    @classmethod
    def find(cls, folder: Path) -> GitCommand | None:
        """The work tree holding `folder` (searching upwards), or None when it is in none."""
        try:
            done = subprocess.run(
                ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
                cwd=folder, capture_output=True, check=False, env=_environment(),
            )
        except OSError:
            return None
        lines = done.stdout.decode("utf-8", errors="replace").splitlines()
        if done.returncode != 0 or len(lines) != 2:
            return None
        return cls(Path(lines[0]).resolve(), Path(lines[1]))

    def run(self, *args: str, keep_final_newline: bool = False) -> str:
        """git's output (one final newline taken off unless asked to keep it); GitCommandFailed when git fails."""
        try:
            done = subprocess.run(["git", *args], cwd=self.work_tree, capture_output=True, check=False, env=_environment())
        except OSError as error:
            raise GitCommandFailed(args, str(error)) from None
        if done.returncode != 0:
            raise GitCommandFailed(args, done.stderr.decode("utf-8", errors="replace"))
        text = done.stdout.decode("utf-8", errors="replace")
        return text if keep_final_newline or not text.endswith("\n") else text[:-1]


def _environment() -> dict[str, str]:
    """Reading history takes no locks (a stale index.lock then stays harmless) and never prompts."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
