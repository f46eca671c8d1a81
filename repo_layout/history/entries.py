"""A meeting's history as values: one version (LogEntry), a page of them, and how they are read from git's log and kept.

Standard library and dataclasses only; repo_layout.history.meeting_history reads them from git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class HistoryError(Exception):
    """The history cannot be read; the message says why and what to do.

    The message is English; `kind` and `values` let a UI say it in its own language (tui/error_words.py: the i18n key
    "history_error_" + kind), as SyncError does: not_git (name), git_failed (said), no_revision (revision), absent_at
    (path, revision).
    """

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


@dataclass(frozen=True)
class LogEntry:
    """One version of a meeting: a commit (None for uncommitted changes in the work tree)."""

    commit: str | None
    date: dt.datetime
    author: str
    email: str
    message: str
    path: str  # the file's path (relative to the git work tree) in this commit
    # (blob before, blob after) when the log said (None before: the commit added the file); not part of equality
    blobs: tuple[str | None, str] | None = field(default=None, compare=False, repr=False)

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else ""


@dataclass
class LogPage:
    """Some entries of a meeting's history and how to get more."""

    entries: list[LogEntry]
    more: bool
    shallow: bool = False
    notes: list[str] = field(default_factory=list)


def entry_from_record(record: tuple[str, ...], path: str) -> LogEntry | None:
    """A log entry from one record of repo_layout.history.log_prefetch.log_records, or None when it is not one."""
    commit, date, author, email, message = record[:5]
    if len(commit) < 40:
        return None
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return None
    return LogEntry(commit, when, author, email, message, path)


def entries_from_stored(stored: list[Any]) -> list[LogEntry] | None:
    """Log entries from what repo_layout.history.log_cache kept, or None when any of it is not as written."""
    entries = []
    try:
        for item in stored:
            blobs = item["blobs"]
            if blobs is not None:
                before, after = blobs
                blobs = (str(before) if before is not None else None, str(after))
            date = dt.datetime.fromisoformat(item["date"])
            fields = (item["commit"], item["author"], item["email"], item["message"], item["path"])
            if not all(isinstance(value, str) for value in fields):
                return None
            entries.append(LogEntry(item["commit"], date, item["author"], item["email"], item["message"], item["path"], blobs))
    except (KeyError, TypeError, ValueError):
        return None
    return entries
