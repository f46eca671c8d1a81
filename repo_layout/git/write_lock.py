"""One writer at a time per repository: the check, write and commit of a save run under this lock.

The lock is `flock` on `<git dir>/minutes-write.lock`: the kernel releases it when the holder dies (kill -9
included), so a crash never leaves it held. It is re-entrant within a thread and excludes other threads too.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from repo_layout.git.paths import WRITE_LOCK

DEFAULT_WAIT = 15.0  # seconds; a save or an import of a few files takes well under one


class RepositoryBusyError(Exception):
    """Another save, import or sync held the repository for longer than we wait."""


class _Held:
    """A lock file held by this process: its descriptor and how many nested `with` blocks use it."""

    def __init__(self) -> None:
        self.thread_lock = threading.RLock()
        self.fd: int | None = None
        self.depth = 0


_registry_guard = threading.Lock()
_registry: dict[str, _Held] = {}


def _held_for(path: Path) -> _Held:
    key = str(path)
    with _registry_guard:
        return _registry.setdefault(key, _Held())


@contextmanager
def repository_write_lock(lock_folder: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the repository's write lock (in `lock_folder`, the git dir) for the block; RepositoryBusyError after `wait`."""
    path = Path(lock_folder) / WRITE_LOCK
    held = _held_for(path)
    deadline = time.monotonic() + wait
    if not held.thread_lock.acquire(timeout=wait):
        raise RepositoryBusyError(_busy_words(wait))
    try:
        if held.depth == 0:
            held.fd = _acquire_file_lock(path, deadline, wait)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)
                held.fd = None
    finally:
        held.thread_lock.release()


def _acquire_file_lock(path: Path, deadline: float, wait: float) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RepositoryBusyError(_busy_words(wait)) from None
            time.sleep(0.01)


def _busy_words(wait: float) -> str:
    return (
        f"another save, import or sync has held this repository for over {wait:.0f} s; "
        "your edit is kept as a draft: try again in a moment"
    )


def held_elsewhere(lock_folder: Path) -> bool:
    """True when another process holds the repository's write lock now (a save, import or sync is running)."""
    path = Path(lock_folder) / WRITE_LOCK
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if we took it
    return False
