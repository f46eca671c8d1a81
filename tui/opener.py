"""Opening an attachment with the system's opener (xdg-open, open), detached from the terminal the app draws on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

OPENERS = ("xdg-open", "open") if sys.platform != "darwin" else ("open",)


def open_file(path: Path, inside: Path) -> str | None:
    """Open `path` with the system's opener; None when started, else why not (missing, outside `inside`, no opener).

    A file that is a link, or leads out of `inside` (the forum's folder), is never opened.
    """
    if path.is_symlink() or not path.resolve().is_relative_to(inside.resolve()):
        return "outside"
    if not path.is_file():
        return "missing"
    opener = next((found for name in OPENERS if (found := shutil.which(name))), None)
    if opener is None:
        return "no opener"
    try:
        subprocess.Popen(  # a fixed opener and a checked path, never a shell
            [opener, str(path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError as error:
        return error.strerror or str(error)
    return None
