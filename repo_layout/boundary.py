"""The repository's boundary: which paths may be read, written or published as part of the minutes.

A path counts as inside only when, with every symbolic link resolved, it lies in the work tree and
not in its `.git` folder; a link pointing out of the repository is never followed.
"""

from __future__ import annotations

import os
from pathlib import Path

GIT_FOLDER = ".git"


def _resolved(path: Path) -> Path | None:
    """The path with every link resolved (a missing tail is fine), or None when it cannot be resolved."""
    try:
        return Path(os.path.realpath(path, strict=False))
    except (OSError, ValueError, RuntimeError):
        return None


def outside_repository(root: Path, path: Path) -> bool:
    """True when `path`, after resolving symbolic links, is not inside the work tree `root`, or is inside its .git."""
    real_root = _resolved(Path(root))
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = Path(root) / candidate
    real = _resolved(candidate)
    if real_root is None or real is None:
        return True
    try:
        relative = real.relative_to(real_root)
    except ValueError:
        return True
    return GIT_FOLDER in relative.parts


def is_link(path: Path) -> bool:
    """True when `path` itself is a symbolic link (not followed)."""
    try:
        return Path(path).is_symlink()
    except (OSError, ValueError):
        return False


def repository_root_of(path: Path, marker: str = "minutes.yaml") -> Path | None:
    """The nearest folder above `path` holding the marker, searched by name alone (no link is followed)."""
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / marker):
            return candidate
    return None


def link_problem(path: Path, root: Path | None = None) -> str | None:
    """Why a file or folder that is a symbolic link is not read, or None when it is no link.

    A link out of the repository "points outside the repository"; a link to
    another place inside it is not read either, so that every file is read,
    indexed and saved at the one path git keeps it under.
    """
    if not is_link(path):
        return None
    root = root if root is not None else repository_root_of(path)
    if root is None or outside_repository(root, path):
        return "points outside the repository (it is a symbolic link); not read"
    return "is a symbolic link to another place in the repository; not read here (the original is read where it is)"
