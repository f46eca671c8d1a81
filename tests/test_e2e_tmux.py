"""The installed `minutes` binary in a real terminal (tmux): the main flows as a new user meets them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

MINUTES = Path(sys.executable).parent / "minutes"

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.tmux]


class Terminal:
    """One tmux server and session of 120x40 running a command."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env, check=False
        )
        return result.stdout

    def start(self, command: list[str], cwd: Path) -> None:
        line = " ".join(_quote(part) for part in command)
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-c", str(cwd), line],
            check=True,
            env=self.env,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "main", key)
            time.sleep(0.15)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{screen}")

    def session_alive(self) -> bool:
        return "main" in self.tmux("list-sessions", "-F", "#{session_name}")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = dict(os.environ)
    env.update(
        MINUTES_CONFIG_DIR=str(tmp_path / "config"),
        MINUTES_DATA_DIR=str(tmp_path / "data"),
        TERM="xterm-256color",
    )
    env.pop("TMUX", None)
    term = Terminal(f"minutes-test-{os.getpid()}-{tmp_path.name}", env)
    yield term
    term.tmux("kill-server")


def test_open_2019_chefforum_in_tmux_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    subprocess.run([str(MINUTES), "demo", str(demo), "--no-open"], check=True, env=terminal.env, capture_output=True)
    terminal.start([str(MINUTES), "open", str(demo)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Albertslund Kommune" in screen and "Chefforum" in screen)
    # root, Aarhus Kommune, Chefteammøde, Albertslund Kommune, Chefforum
    terminal.keys("Down", "Down", "Down", "Down", "Enter")
    terminal.wait_for(lambda screen: "2019-10-24" in screen)
    terminal.keys("Down", "Down", "Enter")
    terminal.wait_for(lambda screen: "CF - Godkendelse af dagsorden og referat" in screen)
    terminal.keys("j", "j")  # Enter moved the focus to the meeting; j moves to point 3
    screen = terminal.wait_for(lambda screen: "Punkt 3. CF - Justering af LULS-konceptet" in screen)
    assert "2019-10-24  REFERAT Chefforum" in screen  # the tree keeps the meeting selected
    terminal.keys("Escape", "q")
    deadline = time.monotonic() + 10
    while terminal.session_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.session_alive(), "the app did not quit on q"


def test_demo_opens_the_app(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start([str(MINUTES), "demo", str(tmp_path / "demo")], cwd=tmp_path)
    screen = terminal.wait_for(lambda screen: "Lemvig Kommune" in screen and "Afslut" in screen)
    assert "Ledelsesreferater" in screen
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while terminal.session_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.session_alive()


def test_open_outside_a_repository_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = subprocess.run([str(MINUTES), "open", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "not inside a minutes repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
