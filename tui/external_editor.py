"""Handing text to the user's $EDITOR and taking it back, with the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported


class EditorUnavailable(Exception):
    """The editor cannot run here (no terminal to hand over, or no editor program).

    `kind` (no_editor, no_terminal, not_found, exit_status) and `values` word it in the UI's language (tui/error_words.py).
    """

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


def editor_command() -> list[str]:
    """$VISUAL or $EDITOR split like a shell would, else the first of nano, vi found."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise EditorUnavailable("no editor found: set $EDITOR (for example EDITOR=nano)", kind="no_editor")


def new_edit_file(text: str, name: str) -> Path:
    """A temporary .yaml file holding `text` for the editor."""
    folder = Path(tempfile.mkdtemp(prefix="minutes-edit-"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_editor(app: App[object], path: Path) -> str:
    """Suspend the app, run the editor on `path`, and return the file's text afterwards."""
    command = [*editor_command(), str(path)]
    missing = EditorUnavailable(f"the editor {command[0]!r} was not found; set $EDITOR", kind="not_found", program=command[0])
    if shutil.which(command[0]) is None:  # said before suspending: Textual does not resume the app after an exception
        raise missing
    result: subprocess.CompletedProcess[bytes] | None = None
    try:
        with app.suspend():
            try:
                result = subprocess.run(command, check=False)
            except OSError:
                result = None  # raised once the app is back (an exception here would leave it suspended)
    except SuspendNotSupported:
        raise EditorUnavailable(
            "this terminal cannot hand over to an editor (the app is served in a browser)", kind="no_terminal"
        ) from None
    if result is None:
        raise missing
    if result.returncode != 0:
        message = f"the editor exited with status {result.returncode}; nothing was changed"
        raise EditorUnavailable(message, kind="exit_status", status=str(result.returncode))
    return path.read_text(encoding="utf-8")


def cleanup(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)
