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
    """The editor cannot run here (no terminal to hand over, or no editor program)."""


def editor_command() -> list[str]:
    """$VISUAL or $EDITOR split like a shell would, else the first of nano, vi found."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise EditorUnavailable("no editor found: set $EDITOR (for example EDITOR=nano)")


def new_edit_file(text: str, name: str) -> Path:
    """A temporary .yaml file holding `text` for the editor."""
    folder = Path(tempfile.mkdtemp(prefix="minutes-edit-"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_editor(app: App[object], path: Path) -> str:
    """Suspend the app, run the editor on `path`, and return the file's text afterwards."""
    command = [*editor_command(), str(path)]
    try:
        with app.suspend():
            result = subprocess.run(command, check=False)
    except SuspendNotSupported:
        raise EditorUnavailable("this terminal cannot hand over to an editor (the app is served in a browser)") from None
    except FileNotFoundError:
        raise EditorUnavailable(f"the editor {command[0]!r} was not found; set $EDITOR") from None
    if result.returncode != 0:
        raise EditorUnavailable(f"the editor exited with status {result.returncode}; nothing was changed")
    return path.read_text(encoding="utf-8")


def cleanup(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)
