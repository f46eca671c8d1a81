"""Editing through the installed `minutes` binary in a real terminal (tmux).

$EDITOR round trips (a script as the editor, also one that writes broken YAML),
the unsaved-changes prompt on quit, and a draft recovered after the app was
killed with SIGKILL in the middle of an edit. Every test works on a fresh demo
repository and checks the file on disk and the git history, not only the screen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import git_env, hold_meetings
from tmux_session import MINUTES, Terminal, terminal_in

MEETING = Path("albertslund-kommune/chefforum/2019-10-24.yaml")
GIT_NAME = "Tmux Referent"
GIT_EMAIL = "tmux.referent@example.org"

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.tmux]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """The identity comes from the environment only (no user or system git config); UTF-8 text."""
    yield from terminal_in(tmp_path, "minutes-edit", dict(git_env(GIT_NAME, GIT_EMAIL), LANG="C.UTF-8", LC_ALL="C.UTF-8"))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository made by `minutes demo DIR --no-open`, its 2019 Chefforum meeting held (a save of approved minutes
    is a correction that asks a reason first); every test gets its own copy of it."""
    base = tmp_path_factory.mktemp("demo-template")
    env = dict(
        os.environ,
        MINUTES_CONFIG_DIR=str(base / "config"),
        MINUTES_DATA_DIR=str(base / "data"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    path = base / "demo"
    subprocess.run([str(MINUTES), "demo", str(path), "--no-open"], check=True, env=env, capture_output=True)
    return hold_meetings(path, MEETING.as_posix())


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh demo repository (work tree and .git) of this test's own."""
    path = tmp_path / "demo"
    shutil.copytree(demo_template, path, symlinks=True)
    return path


# helpers ---------------------------------------------------------------------------
def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout


def head(repo: Path, env: dict[str, str]) -> str:
    return git(repo, "rev-parse", "HEAD", env=env).strip()


def dialog_text(screen: str) -> str:
    """The words inside a dialog's frame (│ … │), its wrapped lines joined with single spaces."""
    inside = [line.split("│")[1] for line in screen.splitlines() if line.count("│") >= 2]
    return " ".join(" ".join(inside).split())


def drafts(repo: Path) -> list[Path]:
    folder = repo / ".git" / "minutes-drafts"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def wait_saved(terminal: Terminal, repo: Path, before_head: str) -> None:
    """Wait for the commit of a save, then for its "Gemt" notice (shown once the save is complete)."""
    wait_until(lambda: head(repo, terminal.env) != before_head, "the commit after ctrl+s")
    terminal.wait_for(lambda screen: "Gemt" in screen and "ikke gemt" not in screen)


def make_editor(tmp_path: Path, body: str) -> Path:
    """An executable Python script usable as $EDITOR.

    The preamble counts the runs (`run` is 1 on the first), keeps a copy of the text it was
    given as runs/<n>.in, and leaves `path` and `text` to `body`, which writes the result.
    """
    script = tmp_path / "editor.py"
    log = tmp_path / "runs"
    preamble = f"""\
        #!{sys.executable}
        import pathlib, sys
        log = pathlib.Path({str(log)!r})
        log.mkdir(exist_ok=True)
        run = len(list(log.glob("*.in"))) + 1
        path = pathlib.Path(sys.argv[1])
        text = path.read_text(encoding="utf-8")
        (log / f"{{run}}.in").write_text(text, encoding="utf-8")
        """
    script.write_text(textwrap.dedent(preamble) + textwrap.dedent(body), encoding="utf-8")
    script.chmod(0o755)
    return script


def editor_inputs(tmp_path: Path) -> list[str]:
    """The texts the editor script was given, one per run, in order."""
    log = tmp_path / "runs"
    files = sorted(log.glob("*.in"), key=lambda file: int(file.stem)) if log.is_dir() else []
    return [file.read_text(encoding="utf-8") for file in files]


def kill_app(terminal: Terminal) -> None:
    """SIGKILL the app (the pane's own process, thanks to exec) and wait for its pane to close."""
    pid = terminal.pane_pid()
    assert "minutes" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    os.kill(pid, signal.SIGKILL)
    terminal.wait_gone()


MEETING_SHOWN = "REFERAT Chefforum d. 24-10-2019"  # the meeting's title, at the top of the meeting pane


def open_point_3(terminal: Terminal, demo: Path, tmp_path: Path) -> None:
    """Start the app on the 2019 Chefforum meeting and highlight point 3 in the meeting pane."""
    terminal.start([str(MINUTES), "open", str(demo / MEETING)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Punkt 1. CF - Godkendelse af dagsorden og referat" in screen)
    terminal.wait_for(lambda screen: "Næste punkt" in screen)  # opened on a meeting: its pane has the focus
    terminal.keys("j", "j")
    terminal.wait_for(lambda screen: "Punkt 3. CF - Justering af LULS-konceptet" in screen)


DECISION_LAST_LINE = '      Alle chefer har en kommunikationsopgave ift. deres ledere om "LUS" uden løn.\n'
PRESENTER_LINE = "    presenter: Søren\n"


# 1. $EDITOR round trip ------------------------------------------------------------------
def test_editor_round_trip_adds_a_line_to_the_decision_and_ctrl_s_commits_it(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    editor = make_editor(
        tmp_path,
        """\
        lines = text.split("\\n")
        start = next(n for n, line in enumerate(lines) if line.startswith("decision:"))
        end = start + 1
        while end < len(lines) and (lines[end].startswith("  ") or not lines[end].strip()):
            end += 1
        while not lines[end - 1].strip():
            end -= 1
        lines.insert(end, "  Tilføjet i editoren.")
        path.write_text("\\n".join(lines), encoding="utf-8")
        """,
    )
    terminal.env["EDITOR"] = str(editor)
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("C-e")
    terminal.wait_for(lambda screen: "ikke gemt" in screen)
    given = editor_inputs(tmp_path)
    assert len(given) == 1
    assert given[0].startswith("number: 3\ntitle: CF - Justering af LULS-konceptet")  # the highlighted point, alone
    assert (demo / MEETING).read_bytes() == before_bytes, "ctrl+e alone must not write the file"

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)

    before = before_bytes.decode("utf-8")
    assert DECISION_LAST_LINE in before
    expected = before.replace(DECISION_LAST_LINE, DECISION_LAST_LINE + "      Tilføjet i editoren.\n")
    assert (demo / MEETING).read_text(encoding="utf-8") == expected
    subject = git(demo, "log", "-1", "--format=%s", env=terminal.env).strip()
    assert "Chefforum 2019-10-24" in subject and "punkt 3" in subject
    assert subject == "Chefforum 2019-10-24: beslutning i punkt 3 ændret"
    assert git(demo, "log", "-1", "--format=%an <%ae>", env=terminal.env).strip() == f"{GIT_NAME} <{GIT_EMAIL}>"
    assert git(demo, "rev-parse", "HEAD~1", env=terminal.env).strip() == before_head
    assert git(demo, "diff", "HEAD~1", "--numstat", env=terminal.env).splitlines() == [f"1\t0\t{MEETING.as_posix()}"]
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""
    assert drafts(demo) == []


# 2. an editor that writes broken YAML -------------------------------------------------------
BROKEN_EDITOR = """\
    if run == 1:
        # "number: 3: x" cannot be parsed: mapping values are not allowed here, at 1:10
        path.write_text(text.replace("number: 3\\n", "number: 3: x\\n", 1), encoding="utf-8")
    else:
        fixed = text.replace("number: 3: x\\n", "number: 3\\n", 1)
        path.write_text(fixed.replace("presenter: Søren\\n", "presenter: Søren Andersen\\n", 1), encoding="utf-8")
    """


def _broken_result_dialog(terminal: Terminal, demo: Path, tmp_path: Path) -> str:
    open_point_3(terminal, demo, tmp_path)
    terminal.keys("C-e")
    screen = terminal.wait_for(lambda screen: "Resultatet kan ikke bruges" in screen)
    assert re.search(r"\b1:10: et kolon, hvor der ikke må stå et", screen), screen  # the parser's words, in the UI's language
    assert "Rediger igen" in screen and "Kassér" in screen
    return screen


def test_editor_writing_broken_yaml_is_shown_and_discarding_changes_nothing(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    terminal.env["EDITOR"] = str(make_editor(tmp_path, BROKEN_EDITOR))
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    _broken_result_dialog(terminal, demo, tmp_path)
    terminal.keys("Tab", "Enter")  # from "Rediger igen" to "Kassér"
    terminal.wait_for(lambda screen: "Resultatet kan ikke bruges" not in screen)
    screen = terminal.screen()
    assert "ikke gemt" not in screen, f"a discarded result must leave no unsaved edit:\n{screen}"
    assert len(editor_inputs(tmp_path)) == 1, "Kassér must not run the editor again"

    terminal.keys("C-s")  # nothing was half-applied, so there is nothing to save
    terminal.wait_for(lambda screen: "Intet at gemme" in screen)
    assert (demo / MEETING).read_bytes() == before_bytes
    assert head(demo, terminal.env) == before_head
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""
    assert drafts(demo) == []


def test_editor_writing_broken_yaml_can_be_edited_again_and_the_fixed_result_is_taken(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    terminal.env["EDITOR"] = str(make_editor(tmp_path, BROKEN_EDITOR))
    before = (demo / MEETING).read_text(encoding="utf-8")
    before_head = head(demo, terminal.env)

    _broken_result_dialog(terminal, demo, tmp_path)
    assert (demo / MEETING).read_text(encoding="utf-8") == before
    terminal.keys("Enter")  # "Rediger igen" has the focus
    terminal.wait_for(lambda screen: "Resultatet kan ikke bruges" not in screen and "ikke gemt" in screen)
    given = editor_inputs(tmp_path)
    assert len(given) == 2
    assert given[1].startswith("number: 3: x\n"), "the second run must get the broken text back to fix it"

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)
    assert PRESENTER_LINE in before
    expected = before.replace(PRESENTER_LINE, "    presenter: Søren Andersen\n", 1)
    assert (demo / MEETING).read_text(encoding="utf-8") == expected
    assert git(demo, "log", "-1", "--format=%s", env=terminal.env).strip() == "Chefforum 2019-10-24: fremlægger i punkt 3 ændret"
    assert git(demo, "diff", "HEAD~1", "--numstat", env=terminal.env).splitlines() == [f"1\t1\t{MEETING.as_posix()}"]
    assert git(demo, "rev-parse", "HEAD~1", env=terminal.env).strip() == before_head
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""


# 3. the unsaved-changes prompt on quit ------------------------------------------------------------
def test_quit_with_unsaved_changes_asks_and_cancel_keeps_running_and_discard_writes_nothing(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("J")  # point 3 moves below point 4, in memory only
    terminal.wait_for(lambda screen: "ikke gemt" in screen)

    terminal.keys("q")
    screen = terminal.wait_for(lambda screen: "Ændringer er ikke gemt" in screen)
    assert f"{MEETING.as_posix()} har ændringer, der ikke er gemt." in dialog_text(screen)
    for button in ("Gem", "Kassér", "Annullér"):
        assert re.search(rf"\b{button}\b", screen), f"no {button} button:\n{screen}"

    terminal.keys("Tab", "Tab", "Enter")  # Gem -> Kassér -> Annullér
    terminal.wait_for(lambda screen: "Ændringer er ikke gemt" not in screen)
    time.sleep(0.5)
    assert terminal.session_alive(), "Annullér must keep the app running"
    assert "ikke gemt" in terminal.screen(), "Annullér must keep the unsaved edit"
    assert (demo / MEETING).read_bytes() == before_bytes

    terminal.keys("q")
    terminal.wait_for(lambda screen: "Ændringer er ikke gemt" in screen)
    terminal.keys("Tab", "Enter")  # Gem -> Kassér
    terminal.wait_gone()

    assert (demo / MEETING).read_bytes() == before_bytes
    assert head(demo, terminal.env) == before_head
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""
    assert drafts(demo) == [], "Kassér must not leave a draft to be offered on the next start"


# 4. a draft recovered after SIGKILL ---------------------------------------------------------------
def test_draft_of_an_open_point_editor_survives_sigkill_and_is_restored_and_saved(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    marker = " UDKAST-7Q4"
    title = "CF - Justering af LULS-konceptet v. Søren (9:30-9:45)"
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("e")
    terminal.wait_for(lambda screen: "Chefforum 2019-10-24: Punkt 3" in screen and title in screen)
    # the title field has the focus with the cursor after its text (nothing selected): typing appends
    terminal.type(marker)
    terminal.wait_for(lambda screen: f"{title}{marker}" in screen)

    def draft_has_marker() -> bool:
        found = drafts(demo)
        return len(found) == 1 and marker in json.loads(found[0].read_text(encoding="utf-8"))["text"]

    wait_until(draft_has_marker, "the draft of the open point editor", timeout=8.0)
    record = json.loads(drafts(demo)[0].read_text(encoding="utf-8"))
    assert record["path"] == MEETING.as_posix()
    assert f"title: {title}{marker}\n" in record["text"]
    assert record["base_text"].encode("utf-8") == before_bytes

    kill_app(terminal)

    assert len(drafts(demo)) == 1, "the draft must outlive the killed app"
    assert (demo / MEETING).read_bytes() == before_bytes, "nothing is written to the work tree before a save"
    assert head(demo, terminal.env) == before_head
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""  # the draft is not in the work tree

    terminal.start([str(MINUTES), "open", str(demo / MEETING)], cwd=tmp_path)
    screen = terminal.wait_for(lambda screen: "Kladde fundet" in screen and "Senere" in screen)
    assert f"Der er ikke-gemte ændringer af {MEETING.as_posix()} fra " in dialog_text(screen)
    for button in ("Gendan", "Kassér", "Senere"):
        assert button in screen
    # the meeting opened on the command line is shown behind the dialog before Gendan is chosen
    # (choosing it while that meeting still loads is the next test)
    terminal.wait_for(lambda screen: MEETING_SHOWN in screen)
    terminal.keys("Enter")  # "Gendan" has the focus
    terminal.wait_for(lambda screen: "Kladde fundet" not in screen and "ikke gemt" in screen)
    assert (demo / MEETING).read_bytes() == before_bytes, "restoring must not save by itself"

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)
    before = before_bytes.decode("utf-8")
    expected = before.replace(f"    title: {title}\n", f"    title: {title}{marker}\n", 1)
    assert expected != before
    assert (demo / MEETING).read_text(encoding="utf-8") == expected
    assert git(demo, "log", "-1", "--format=%s", env=terminal.env).strip() == "Chefforum 2019-10-24: titel i punkt 3 ændret"
    assert git(demo, "log", "-1", "--format=%an <%ae>", env=terminal.env).strip() == f"{GIT_NAME} <{GIT_EMAIL}>"
    assert git(demo, "diff", "HEAD~1", "--numstat", env=terminal.env).splitlines() == [f"1\t1\t{MEETING.as_posix()}"]
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""
    assert drafts(demo) == [], "a saved draft is removed"


def test_draft_is_restored_when_gendan_is_chosen_as_soon_as_the_dialog_appears(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    """Gendan chosen while the meeting named on the command line is still loading must restore the draft.

    The draft dialog is pushed before that meeting has been read (in a worker thread); an answer that
    comes while the worker runs must still bring the draft back, not the file as it is on disk.
    """
    before_head = head(demo, terminal.env)
    before = (demo / MEETING).read_text(encoding="utf-8")

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("J")  # point 3 moves below point 4, in memory
    terminal.wait_for(lambda screen: "ikke gemt" in screen)
    wait_until(lambda: len(drafts(demo)) == 1, "the draft of the moved point", timeout=8.0)
    kill_app(terminal)
    assert (demo / MEETING).read_text(encoding="utf-8") == before

    terminal.start([str(MINUTES), "open", str(demo / MEETING)], cwd=tmp_path)
    terminal.wait_for(lambda screen: "Kladde fundet" in screen and "Gendan" in screen, poll=0.02)
    # the dialog is up before the meeting named on the command line has been read; a quick answer
    # (0.1 s) lands while it is being read, as a user who knows the dialog would answer
    time.sleep(0.1)
    terminal.keys("Enter")  # Gendan
    terminal.wait_for(lambda screen: "Kladde fundet" not in screen)
    try:
        terminal.wait_for(lambda screen: "ikke gemt" in screen, timeout=5.0)  # the restored, unsaved move
    except AssertionError as error:
        raise AssertionError(
            f"Gendan did not restore the draft (draft files left: {[p.name for p in drafts(demo)]}); {error}"
        ) from None

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)
    after = (demo / MEETING).read_text(encoding="utf-8")
    luls, fourth = after.index("title: CF - Justering af LULS-konceptet"), after.index("title: CF - Arbejdet med det personlige")
    assert fourth < luls, "point 3 must now come after point 4"
    assert after.index("  - number: 3\n") < after.index("  - number: 4\n"), "the numbers stay in printed order"
    subject = git(demo, "log", "-1", "--format=%s", env=terminal.env).strip()
    # a swap of two neighbours reads the same whichever of them moved: it is said as the later one moving up
    assert subject == "Chefforum 2019-10-24: punkt 4 flyttet før punkt 3, punkterne omnummereret", subject
    assert git(demo, "diff", "HEAD~1", "--name-only", env=terminal.env).splitlines() == [MEETING.as_posix()]
    assert drafts(demo) == []


# 5. one way to save: edits collect, ctrl+s commits them once ----------------------------------------------------------
def test_two_points_edited_and_applied_with_enter_are_one_commit_made_by_ctrl_s(
    terminal: Terminal, demo: Path, tmp_path: Path
) -> None:
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("e")
    terminal.wait_for(lambda screen: "Chefforum 2019-10-24: Punkt 3" in screen and "⏎ Anvend" in screen)
    terminal.type(" (rettet)")  # the title field has the focus, the cursor after its text
    terminal.keys("Enter")  # Anvend: into the meeting, not into git
    terminal.wait_for(lambda screen: "● 1 ændring ikke gemt (^s gemmer)" in screen)
    terminal.keys("k", "e")
    terminal.wait_for(lambda screen: "Chefforum 2019-10-24: Punkt 2" in screen)
    terminal.type(" (også rettet)")
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "● 2 ændringer ikke gemt (^s gemmer)" in screen)
    assert head(demo, terminal.env) == before_head, "Anvend makes no commit"
    assert (demo / MEETING).read_bytes() == before_bytes, "nor writes the file"

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)
    assert git(demo, "rev-list", "--count", f"{before_head}..HEAD", env=terminal.env).strip() == "1"
    subject = git(demo, "log", "-1", "--format=%s", env=terminal.env).strip()
    assert subject == "Chefforum 2019-10-24: titel i punkt 2 ændret, titel i punkt 3 ændret"
    assert git(demo, "diff", "HEAD~1", "--numstat", env=terminal.env).splitlines() == [f"2\t2\t{MEETING.as_posix()}"]
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""


def test_the_whole_file_in_the_editor_is_an_unsaved_edit_until_ctrl_s(terminal: Terminal, demo: Path, tmp_path: Path) -> None:
    terminal.env["EDITOR"] = str(
        make_editor(tmp_path, 'path.write_text(text.replace("location: Mødelokale 1\\n", "location: Mødelokale 2\\n"))\n')
    )
    before_bytes = (demo / MEETING).read_bytes()
    before_head = head(demo, terminal.env)

    open_point_3(terminal, demo, tmp_path)
    terminal.keys("Escape")  # to the tree: ctrl+e there edits the whole file
    terminal.keys("C-e")
    terminal.wait_for(lambda screen: "● 1 ændring ikke gemt" in screen and "Mødelokale 2" in screen)
    assert editor_inputs(tmp_path)[0] == before_bytes.decode("utf-8"), "the whole file was given to the editor"
    assert (demo / MEETING).read_bytes() == before_bytes and head(demo, terminal.env) == before_head

    terminal.keys("C-s")
    wait_saved(terminal, demo, before_head)
    assert git(demo, "log", "-1", "--format=%s", env=terminal.env).strip() == "Chefforum 2019-10-24: mødested ændret"
    assert git(demo, "status", "--porcelain", env=terminal.env) == ""
