"""The meeting's cycle in the installed binary in a real terminal: attendance, a postponed point, the next agenda made
with `n` and sent as PDF with `D`, the previous minutes approved from its approval point with `A`, a correction's
reason, and the published site."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_session import MINUTES, Terminal, terminal_in

from tests.conftest import git_env
from tests.test_cycle_app import repo_with_a_held_meeting

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.tmux]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = git_env("Ida Holm", "ida@example.org")
    yield from terminal_in(tmp_path, "minutes-cycle", env)


def _subjects(root: Path) -> list[str]:
    done = subprocess.run(["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def _wait_commit(terminal: Terminal, root: Path, ending: str) -> None:
    terminal.wait_for(lambda _screen: any(subject.endswith(ending) for subject in _subjects(root)[:1]), timeout=20)


def test_one_cycle_in_the_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    root = repo_with_a_held_meeting(tmp_path)
    held = root / "chefforum" / "2030-01-10.yaml"
    terminal.start([str(MINUTES), "open", str(held)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Punkt 1. Godkendelse af dagsorden og referat" in screen)

    # attendance, one key per member; point 3 postponed with its reason; one commit
    terminal.keys("p")
    terminal.wait_for(lambda screen: "Fremmøde" in screen and "Ane Lund" in screen)
    terminal.keys("p", "a", "p", "Enter")
    terminal.wait_for(lambda screen: "Fremmøde" not in screen.split("\n", 3)[-1] or "Ida Holm" in screen)
    terminal.keys("j", "j")
    terminal.wait_for(lambda screen: "Punkt 3. Skolestruktur" in screen)
    terminal.keys("u")
    terminal.wait_for(lambda screen: "Begrundelse" in screen)
    terminal.type("Afventer høringssvar")
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "Udsat: Afventer høringssvar" in screen)
    terminal.keys("C-s")
    _wait_commit(terminal, root, "og 1 ændringer mere")

    # n on the forum: the next agenda (its usual Thursday after the newest meeting), carried point and follow-up
    terminal.keys("Escape")
    terminal.keys("n")
    terminal.wait_for(lambda screen: "2030-01-17" in screen and "09:00" in screen)
    terminal.keys("Enter")
    agenda = root / "chefforum" / "2030-01-17.yaml"
    _wait_commit(terminal, root, "2030-01-17: dagsorden oprettet")
    text = agenda.read_text()
    assert 'approves: "2030-01-10"' in text and "carried_from:" in text and "Lave budgetnotat" in text
    terminal.wait_for(lambda screen: "fra mødet 2030-01-10" in screen)

    # D: the agenda as PDF, and its status moves on
    terminal.keys("D")
    terminal.wait_for(lambda screen: "Dagsorden: PDF" in screen)
    terminal.keys("Enter")
    _wait_commit(terminal, root, "2030-01-17: dagsorden udsendt")
    terminal.wait_for(lambda screen: "◐ dagsorden udsendt" in screen)  # the meeting read again, as it now is
    pdf = tmp_path / "chefforum-2030-01-17.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")

    # A on the new meeting approves the held one through its approval point: a commit and Ida's tag
    terminal.keys("A")
    terminal.wait_for(lambda screen: "Godkend referat" in screen)
    terminal.keys("Enter")
    _wait_commit(terminal, root, "2030-01-10: referat godkendt")

    def tags() -> str:
        done = subprocess.run(
            ["git", "-C", str(root), "for-each-ref", "--format=%(refname:short) %(taggername)", "refs/tags"],
            capture_output=True, text=True, check=True,
        )
        return done.stdout.strip()

    terminal.wait_for(lambda _screen: tags() == "chefforum/2030-01-10/godkendt Ida Holm")  # the tag follows the commit

    # g on the approval point goes to the approved minutes; a change there asks its reason
    terminal.keys("k", "k", "k", "k")
    terminal.keys("g")
    terminal.wait_for(lambda screen: "✓ godkendt" in screen and "Punkt 3. Skolestruktur" in screen)
    terminal.keys("c")
    terminal.keys("C-s")
    terminal.wait_for(lambda screen: "Rettelse af godkendt referat" in screen)
    terminal.type("Punktet er et personalepunkt")
    terminal.keys("Enter")
    _wait_commit(terminal, root, "rettelse efter godkendelse: Punktet er et personalepunkt")
    assert "why: Punktet er et personalepunkt" in held.read_text()
    terminal.keys("C-q")
    terminal.wait_gone()

    # publish: the approved minutes only
    env = dict(terminal.env)
    done = subprocess.run([str(MINUTES), "publish", "chefforum", "-o", str(tmp_path / "site")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (tmp_path / "site").rglob("*.pdf"))
    assert any("2030-01-10" in name for name in names) and not any("2030-01-17" in name for name in names)
    assert os.path.exists(pdf)
