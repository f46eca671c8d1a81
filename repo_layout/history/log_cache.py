"""A meeting's whole log kept in the git dir by path and HEAD, so that the next one walks only the commits since.

Walking 10,000 commits for one path costs git about 170 ms each time; the log up to a commit never
changes, so it is kept (a small file per path, for the 200 paths used last) and reused while that
commit is an ancestor of HEAD. Standard library only: repo_layout.history.log_prefetch looks here first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from repo_layout.git.paths import LOGS

CACHE_VERSION = 1
KEEP_PATHS = 200


def cache_path(git_dir: Path, relative: str) -> Path:
    """The file that keeps the log of `relative`."""
    return git_dir / LOGS / f"{hashlib.sha1(relative.encode('utf-8')).hexdigest()}.json"


def load(git_dir: Path, relative: str) -> tuple[str, list[dict[str, Any]]] | None:
    """(head, entries as stored) of the log kept for `relative`, or None."""
    path = cache_path(git_dir, relative)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)  # used now: pruning keeps the paths used last
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("version") != CACHE_VERSION
        or stored.get("path") != relative
        or not isinstance(stored.get("head"), str)
        or not isinstance(stored.get("entries"), list)
    ):
        return None
    return stored["head"], stored["entries"]


def store(git_dir: Path, relative: str, head: str, entries: list[dict[str, Any]]) -> None:
    """Keep the log of `relative` at `head` (atomically); beyond KEEP_PATHS files the oldest go."""
    from repo_layout.yaml.yamlio import atomic_write  # here, not above: log_prefetch imports this module to start fast

    path = cache_path(git_dir, relative)
    record = {"version": CACHE_VERSION, "path": relative, "head": head, "entries": entries}
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, json.dumps(record, ensure_ascii=False))
        _prune(path.parent)
    except OSError:
        return  # a git dir we cannot write to: the next log walks all history again, that is all


def as_stored(commit: str, date: dt.datetime, author: str, email: str, message: str, path: str, blobs: Any) -> dict[str, Any]:
    """One log entry as JSON keeps it."""
    return {
        "commit": commit, "date": date.isoformat(), "author": author, "email": email, "message": message,
        "path": path, "blobs": list(blobs) if blobs is not None else None,
    }


def _prune(folder: Path) -> None:
    files = list(folder.glob("*.json"))
    if len(files) <= KEEP_PATHS:
        return
    files.sort(key=lambda file: file.stat().st_mtime)
    for file in files[: len(files) - KEEP_PATHS]:
        file.unlink(missing_ok=True)
