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
