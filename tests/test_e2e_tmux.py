"""The installed `minutes` binary in a real terminal (tmux): the main flows as a new user meets them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_session import MINUTES, Terminal, terminal_in

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.tmux]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    yield from terminal_in(tmp_path, "minutes-test", dict(os.environ))


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
    assert "2019-10-24  ✓ REFERAT Chefforu" in screen  # the tree keeps the meeting selected (✓: approved)
    terminal.keys("Escape", "q")
    terminal.wait_gone()  # the app quits on q


def test_demo_opens_the_app(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start([str(MINUTES), "demo", str(tmp_path / "demo")], cwd=tmp_path)
    screen = terminal.wait_for(lambda screen: "Lemvig Kommune" in screen and "Afslut" in screen)
    assert "Ledelsesreferater" in screen
    terminal.keys("q")
    terminal.wait_gone()


def test_open_outside_a_repository_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = subprocess.run([str(MINUTES), "open", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "ligger ikke i et referatarkiv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
