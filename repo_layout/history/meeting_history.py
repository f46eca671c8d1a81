"""The history of one meeting file in git: its log (following renames, paged), old versions, diffs.

Every git call goes through the git binary (repo_layout.git.command, without GitPython, so that
`minutes log` starts fast), which can use the commit-graph and streams large logs cheaply.
Blame by point is in repo_layout.history.blame (offered here too).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from repo_layout.git.command import GitCommand, GitCommandFailed
from repo_layout.history import log_cache
from repo_layout.history.blame import PointBlame as PointBlame
from repo_layout.history.blame import blame_points as blame_points
from repo_layout.history.changes import Change, diff_meetings
from repo_layout.history.entries import HistoryError as HistoryError
from repo_layout.history.entries import LogEntry as LogEntry
from repo_layout.history.entries import LogPage, entries_from_stored, entry_from_record
from repo_layout.history.entry_detail import EntryDetail
from repo_layout.history.log_prefetch import LOG_ARGUMENTS, LOG_FORMAT, LogPrefetch, log_records
from repo_layout.yaml import yamlio

PAGE = 50


class MeetingHistory:
    """The git history of one meeting file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        found = GitCommand.find(next(folder for folder in self.path.parents if folder.is_dir()))
        if found is None:
            raise HistoryError(
                f"{self.path.name} is not in a git repository, so it has no history", kind="not_git", name=self.path.name
            )
        self.git = found
        self.root = found.work_tree
        self.relative = self.path.relative_to(self.root).as_posix()
        self._segments: list[tuple[str, str | None]] | None = None  # (path, start revision) per rename
        self._details: dict[tuple[str | None, str], EntryDetail] = {}  # committed entries' details, once worked out

    # state ------------------------------------------------------------------
    def has_commits(self) -> bool:
        try:
            self.git.run("rev-parse", "--verify", "-q", "HEAD")
        except GitCommandFailed:
            return False
        return True

    def is_shallow(self) -> bool:
        return (self.git.git_dir / "shallow").exists()

    def shallow_boundary(self, commit: str | None) -> bool:
        """True for a commit whose parents this shallow clone lacks: what it changed is not known here."""
        try:
            return commit is not None and commit in (self.git.git_dir / "shallow").read_text().split()
        except OSError:
            return False

    def committed_text(self, revision: str = "HEAD", path: str | None = None) -> str | None:
        """The file's text at a revision, or None when it does not exist there."""
        try:
            return self.git.run("show", f"{revision}:{path or self.relative}", keep_final_newline=True)
        except GitCommandFailed:
            return None

    def work_tree_text(self) -> str | None:
        try:
            return self.path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return None

    def uncommitted_entry(self) -> LogEntry | None:
        """An entry for changes in the work tree that HEAD does not have, or None."""
        disk = self.work_tree_text()
        head = self.committed_text()  # None without a commit, too
        if disk is None or disk == head:
            return None
        stamp = dt.datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()
        return LogEntry(None, stamp, "", "", "", self.relative)

    # the log ------------------------------------------------------------------
    def segments(self):  # type: ignore[no-untyped-def]
        """(path, start revision, stop revision) of each name the file had, newest first.

        A name's commits end at the rename that gave the file that name (`stop` is the rename's parent;
        None for the oldest name), so a file moved away and back is not listed twice.
        """
        path, start = self.relative, "HEAD"
        while True:
            origin = self._renamed_from(path, start)
            yield path, start, origin[1] if origin is not None else None
            if origin is None:
                return
            path, start = origin

    def page(self, skip: int = 0, limit: int = PAGE) -> LogPage:
        """Commits that touched the meeting, newest first, following renames; `skip` entries already shown."""
        if not self.has_commits():
            return LogPage([], False, notes=["no commits yet"])
        entries: list[LogEntry] = []
        to_skip = skip
        path, start = self.relative, "HEAD"
        while True:
            want = limit + 1 - len(entries)
            batch = self._log(path, start, to_skip, want)
            origin = None
            # where this name began is looked up (a walk of all history) only when the batch may reach it
            if len(batch) < want or self._added_after(path, start, batch[-1].commit):
                origin = self._renamed_from(path, start)
                if origin is not None:  # older commits of this name are another file's
                    batch = self._log(path, start, to_skip, want, origin[1])
            if not batch and to_skip:
                to_skip -= min(to_skip, self._count(path, start, origin[1] if origin is not None else None))
            else:
                to_skip = 0
                entries.extend(batch)
                if len(entries) > limit:
                    return LogPage(entries[:limit], True, self.is_shallow())
            if origin is None:
                return LogPage(entries, False, self.is_shallow())
            path, start = origin

    def all_entries(self, prefetch: LogPrefetch | None = None) -> list[LogEntry]:
        """The whole history (for the command line), newest first; `prefetch`, if given, is this file's log already running.

        One `git log --raw` per name the file had: the newest commit that added the path is read from
        that same log rather than from a second walk of all history. The result is kept in the git dir
        (repo_layout.history.log_cache); the next call walks only the commits made since.
        """
        head = self._head()
        kept = self._kept_log(head) if head is not None else None
        if prefetch is not None:
            mine = (prefetch.root.resolve(), prefetch.relative, prefetch.head) == (self.root, self.relative, head)
            early = prefetch.output() if mine and kept is None else None
            prefetch.cancel()
        else:
            early = None
        if head is None:
            return []
        if kept is not None:
            return kept
        entries: list[LogEntry] = []
        path, start = self.relative, head
        while True:
            batch, created = self._log_with_creation(path, start, early)
            early = None
            origin = self._rename_origin(path, created) if created is not None else None
            if origin is not None and batch[-1].commit != created:  # older commits of this name are another file's
                batch = self._log(path, start, 0, None, origin[1])
            entries.extend(batch)
            if origin is None:
                break
            path, start = origin
        self._keep_log(head, entries)
        return entries

    def _head(self) -> str | None:
        try:
            return self.git.run("rev-parse", "--verify", "-q", "HEAD^{commit}").strip() or None
        except GitCommandFailed:
            return None

    def _kept_log(self, head: str) -> list[LogEntry] | None:
        """The log kept at an ancestor of `head`, with the commits since in front; None when there is none to use."""
        if self.is_shallow():
            return None  # a deepening fetch changes the past of a shallow clone
        found = log_cache.load(self.git.git_dir, self.relative)
        entries = entries_from_stored(found[1]) if found is not None else None
        if found is None or entries is None:
            return None
        kept_head = found[0]
        if kept_head == head:
            return entries
        try:
            self.git.run("merge-base", "--is-ancestor", kept_head, head)
            merged = self.git.run("rev-list", "--min-parents=2", "-n1", f"{kept_head}..{head}").strip()
        except GitCommandFailed:
            return None  # history was rewritten (or the commit is gone): walk it all
        if merged:
            return None  # a merge since: git orders and simplifies the whole walk differently than kept + newer
        newer, created = self._log_with_creation(self.relative, f"{kept_head}..{head}")
        if created is not None:
            return None  # the file was made again since (or renamed here): its older names may differ
        entries = newer + entries
        self._keep_log(head, entries)
        return entries

    def _keep_log(self, head: str, entries: list[LogEntry]) -> None:
        if self.is_shallow() or any(entry.commit is None for entry in entries):
            return
        stored = [
            log_cache.as_stored(e.commit or "", e.date, e.author, e.email, e.message, e.path, e.blobs) for e in entries
        ]
        log_cache.store(self.git.git_dir, self.relative, head, stored)

    def _log_with_creation(self, path: str, start: str, output: str | None = None) -> tuple[list[LogEntry], str | None]:
        """The whole log of `path` from `start` (with each commit's blobs), and the newest commit that added the path.

        `output` is that log when it was already run (by a prefetch).
        """
        if output is None:
            try:
                output = self.git.run("log", *LOG_ARGUMENTS, start, "--", path)
            except GitCommandFailed as error:
                raise HistoryError(f"git log failed: {_said(error)}", kind="git_failed", said=_said(error)) from None
        entries: list[LogEntry] = []
        created: str | None = None
        for record in log_records(output):
            entry = entry_from_record(record, path)
            if entry is None:
                continue
            raw = record[5]
            # a raw line: ":100644 100644 <blob before> <blob after> M\t<path>" (only for commits that are not merges)
            changes = [line.split("\t", 1)[0].split() for line in raw.splitlines() if line.startswith(":")]
            if len(changes) == 1 and len(changes[0]) == 5:
                _, _, before, after, status = changes[0]
                if status == "A":
                    created = created or entry.commit
                if status in ("A", "M"):
                    entry = dataclasses.replace(entry, blobs=(None if status == "A" else before, after))
            entries.append(entry)
        return entries, created

    def _count(self, path: str, start: str, stop: str | None = None) -> int:
        try:
            return int(self.git.run("rev-list", "--count", *_range(start, stop), "--", path).strip() or 0)
        except (GitCommandFailed, ValueError):
            return 0

    def _log(self, path: str, start: str, skip: int, limit: int | None, stop: str | None = None) -> list[LogEntry]:
        args = [LOG_FORMAT]
        if skip:
            args.append(f"--skip={skip}")
        if limit is not None:
            args.append(f"-n{limit}")
        try:
            output = self.git.run("log", *args, *_range(start, stop), "--", path)
        except GitCommandFailed as error:
            raise HistoryError(f"git log failed: {_said(error)}", kind="git_failed", said=_said(error)) from None
        return [entry for entry in (entry_from_record(record, path) for record in log_records(output)) if entry is not None]

    def _added_after(self, path: str, start: str, oldest: str) -> bool:
        """True when a commit from `start` back to (not including) `oldest` added `path`."""
        try:
            return bool(self.git.run("log", "--diff-filter=A", "--format=%H", "-n1", start, f"^{oldest}", "--", path).strip())
        except GitCommandFailed:
            return True

    def _renamed_from(self, path: str, start: str) -> tuple[str, str] | None:
        """Where the file came from if the commit that created `path` renamed it: (old path, parent revision)."""
        try:
            created = self.git.run("log", "--diff-filter=A", "--format=%H", "-n1", start, "--", path).strip()
        except GitCommandFailed:
            return None
        return self._rename_origin(path, created) if created else None

    def _rename_origin(self, path: str, created: str) -> tuple[str, str] | None:
        """(old path, parent revision) when commit `created`, which added `path`, renamed it from another path."""
        try:
            status = self.git.run("show", "--format=", "-M", "--name-status", "-z", created)
        except GitCommandFailed:
            return None
        fields = status.strip("\0\n").split("\0")  # -z: status, path (a second path for R and C), each NUL-ended
        position = 0
        while position < len(fields):
            kind = fields[position].strip()
            paths = 2 if kind[:1] in ("R", "C") else 1
            names = fields[position + 1 : position + 1 + paths]
            position += 1 + paths
            if kind.startswith("R") and len(names) == 2 and names[1] == path:
                parent = self._first_parent(created)
                return (names[0], parent) if parent is not None else None
        return None

    def _first_parent(self, commit: str) -> str | None:
        try:
            return self.git.run("rev-parse", "--verify", "-q", f"{commit}^")
        except GitCommandFailed:
            return None

    # one version ------------------------------------------------------------------
    def text_at(self, entry: LogEntry) -> str | None:
        if entry.commit is None:
            return self.work_tree_text()
        return self.committed_text(entry.commit, entry.path)

    def previous_text(self, entry: LogEntry) -> str | None:
        """The file as it was before this entry (the parent commit, following a rename)."""
        if entry.commit is None:
            return self.committed_text()
        parent = self._first_parent(entry.commit)
        if parent is None:
            return None
        text = self.committed_text(parent, entry.path)
        if text is None:
            origin = self._renamed_from(entry.path, entry.commit)
            if origin is not None:
                text = self.committed_text(origin[1], origin[0])
        return text

    def detail(self, entry: LogEntry) -> EntryDetail:
        """The entry's versions, changes, words and diff, worked out once (a committed entry's detail is kept)."""
        key = (entry.commit, entry.path)
        kept = self._details.get(key) if entry.commit is not None else None
        if kept is not None:
            return kept
        if self.shallow_boundary(entry.commit):
            made = EntryDetail(entry.path, None, None, shallow=True)
        else:
            before, after = self.previous_text(entry), self.text_at(entry)
            old, new = document(before), document(after)
            made = EntryDetail(entry.path, before, after, diff_meetings(old, new), before_data=old, after_data=new)
        if entry.commit is not None:
            self._details[key] = made
        return made

    def changes(self, entry: LogEntry) -> list[Change]:
        return self.detail(entry).changes

    def summary(self, entry: LogEntry, language: str = "da") -> str:
        """The change of this entry in words, by field ("punkt 3: beslutning ændret")."""
        return self.detail(entry).summary(language)

    def diff(self, entry: LogEntry, context: int = 3) -> str:
        """The change of this entry as a unified diff of the file (none where a shallow clone ends)."""
        return self.detail(entry).diff(context)

    def resolve(self, revision: str) -> str:
        """A revision name as a full commit id; HistoryError when there is none."""
        try:
            return self.git.run("rev-parse", "--verify", "-q", f"{revision}^{{commit}}").strip()
        except GitCommandFailed:
            raise HistoryError(f"no such revision: {revision}", kind="no_revision", revision=revision) from None

    def entry_for(self, revision: str) -> LogEntry:
        """The log entry of one revision, with the file's path at that revision."""
        commit = self.resolve(revision)
        for entry in self.all_entries():
            if entry.commit == commit:
                return entry
        records = log_records(self.git.run("log", "-1", LOG_FORMAT, commit))
        found = entry_from_record(records[0], self.relative) if records else None
        if found is None:
            raise HistoryError(f"no such revision: {revision}", kind="no_revision", revision=revision)
        return found

    def text_at_revision(self, revision: str) -> str:
        """The meeting as it was at `revision` (following renames); HistoryError if it did not exist then."""
        commit = self.resolve(revision)
        path, start = self.relative, "HEAD"
        while True:
            text = self.committed_text(commit, path)
            if text is not None:
                return text
            origin = self._renamed_from(path, start)
            if origin is None:
                raise HistoryError(
                    f"{self.relative} did not exist at {revision}", kind="absent_at", path=str(self.relative), revision=revision
                )
            path, start = origin


def _range(start: str, stop: str | None) -> list[str]:
    """Revision arguments for the commits from `start` back to (not including) `stop`."""
    return [start, f"^{stop}"] if stop else [start]


def document(text: str | None) -> object:
    if text is None:
        return None
    try:
        return yamlio.load_fast(text)
    except yamlio.YamlLoadError:
        return {}


def _said(error: GitCommandFailed) -> str:
    """What git said when it failed, as it said it."""
    return (error.stderr or "").strip()
