"""A real terminal for end-to-end tests: one tmux server and session of 120x40 running the installed `minutes`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

MINUTES = Path(sys.executable).parent / "minutes"


class Terminal:
    """One tmux server (its own socket, no tmux config) and its session `main` of 120x40 running a command."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args], capture_output=True, text=True, env=self.env, check=False
        )
        return result.stdout

    def start(self, command: list[str], cwd: Path) -> None:
        """Start the session; exec makes the pane's process the command itself, so its pid is the pane's pid."""
        line = "exec " + " ".join(_quote(part) for part in command)
        session = ["new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-c", str(cwd), line]
        subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *session], check=True, env=self.env)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def styled_screen(self) -> str:
        """The screen with its colours as escape sequences (to see a selection)."""
        return self.tmux("capture-pane", "-e", "-p", "-t", "main")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "main", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """Send `text` literally (no key names)."""
        self.tmux("send-keys", "-t", "main", "-l", text)
        time.sleep(0.15)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 15.0, poll: float = 0.1) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(poll)
        raise AssertionError(f"screen never matched; last screen:\n{screen}")

    def session_alive(self) -> bool:
        return "main" in self.tmux("list-sessions", "-F", "#{session_name}")

    def wait_gone(self, timeout: float = 10.0) -> None:
        """Wait for the session to end (the app quit); fail the test if it is still running."""
        deadline = time.monotonic() + timeout
        while self.session_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.session_alive(), f"the app is still running; screen:\n{self.screen()}"

    def pane_pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "main", "-F", "#{pane_pid}").split()[0])


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def terminal_in(tmp_path: Path, name: str, env: dict[str, str]) -> Iterator[Terminal]:
    """A Terminal whose app keeps its config and data in tmp_path; the server and its socket file go afterwards.

    `env` is the test's environment (TERM is set, and VISUAL, EDITOR and TMUX are taken out); for a fixture to yield from.
    """
    env = dict(env, MINUTES_CONFIG_DIR=str(tmp_path / "config"), MINUTES_DATA_DIR=str(tmp_path / "data"), TERM="xterm-256color")
    for variable in ("TMUX", "VISUAL", "EDITOR"):
        env.pop(variable, None)
    term = Terminal(f"{name}-{os.getpid()}-{tmp_path.name}", env)
    yield term
    term.tmux("kill-server")
    # the server's socket file can outlive it; it is this test's own, so it goes too
    socket_dir = Path(env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
    (socket_dir / term.socket).unlink(missing_ok=True)
