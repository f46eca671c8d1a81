"""Saving a meeting: refuse to overwrite a file changed behind our back, write atomically, commit it alone."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from repo_layout.boundary import is_link, outside_repository
from repo_layout.editing.drafts import discard_draft
from repo_layout.git.command import GitCommand
from repo_layout.git.commit import Commit, GitError, blob_id, commit_files, differs_from_head, head_text
from repo_layout.git.state import check_can_commit, open_git
from repo_layout.git.write_lock import repository_write_lock
from repo_layout.history.changes import Change, commit_message, describe, diff_meetings
from repo_layout.locations import cache_dir
from repo_layout.model.discover import Repository
from repo_layout.model.meeting import Meeting
from repo_layout.words import words
from repo_layout.yaml import splice, yamlio


class ExternalChangeError(Exception):
    """The file on disk is no longer the text the edit started from."""

    def __init__(self, path: Path, base_text: str, disk_text: str | None) -> None:
        super().__init__(f"{path.name} was changed by someone else since it was opened")
        self.path = path
        self.base_text = base_text
        self.disk_text = disk_text

    def diff(self) -> str:
        """What changed on disk since the edit started, as a unified diff."""
        return "".join(
            difflib.unified_diff(
                self.base_text.splitlines(keepends=True),
                (self.disk_text or "").splitlines(keepends=True),
                fromfile="opened",
                tofile="on disk now",
            )
        )


class NothingToSaveError(Exception):
    """The meeting is the same as the file."""


class LinkedFileError(Exception):
    """The meeting file is a symbolic link: minutes never writes through one; `outside` when it leads out of the repository."""

    def __init__(self, path: Path, outside: bool) -> None:
        where = "points outside the repository" if outside else "is a link inside the repository"
        super().__init__(f"{path.name} is a symbolic link ({where}); minutes does not save through links")
        self.path = path
        self.outside = outside


def refuse_links(repository: Repository, path: Path) -> None:
    """Raise LinkedFileError when the meeting file, or a folder on its way, is a link or leads out of the repository."""
    outside = outside_repository(repository.root, path)
    if outside or is_link(path):
        raise LinkedFileError(path, outside)


@dataclass(frozen=True)
class SaveResult:
    """A saved meeting: the commit (None outside git), its message and the changes it records."""

    commit: str | None
    message: str
    changes: list[Change]


def _disk_bytes(path: Path) -> bytes | None:
    """The file's bytes as they are now, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _as_text(data: bytes | None) -> str | None:
    """The meeting text of a file's bytes as yamlio.read_text would give it; a marker when it is not a readable text."""
    if data is None:
        return None
    try:
        return yamlio.decode_text(data)
    except yamlio.YamlLoadError:
        return "\0unreadable"


def _disk_text(path: Path) -> str | None:
    try:
        return _as_text(_disk_bytes(path))
    except OSError:
        return "\0unreadable"


def _old_document(text: str) -> object:
    """The data of a version of the meeting, for worded changes; a text the splice already parsed is not parsed again."""
    if not text:
        return None
    parsed = splice.parsed_data(text)
    if parsed is not None:
        return parsed
    try:
        return yamlio.load_fast(text)
    except yamlio.YamlLoadError:
        return {}


def check_unchanged_on_disk(meeting: Meeting) -> None:
    """Raise ExternalChangeError when the file differs from the text the meeting was loaded from."""
    _refuse_changed(meeting, _disk_text(meeting.path))


def _refuse_changed(meeting: Meeting, disk: str | None) -> None:
    """Raise ExternalChangeError when `disk` (the file's text, None when there is no file) is not the meeting's base."""
    base = meeting.original_text
    if (disk or "") != base:
        raise ExternalChangeError(meeting.path, base, disk)


def save_meeting(
    repository: Repository,
    meeting: Meeting,
    forum_name: str,
    language: str = "da",
    overwrite: bool = False,
    message: str | None = None,
    writer: str = "",
    extra_paths: tuple[Path, ...] | list[Path] = (),
) -> SaveResult:
    """Write the meeting and commit only its file (and `extra_paths`, files already written beside it, such as an
    attachment); `overwrite` saves on top of an external change.

    The check that the file is unchanged, the write and the commit hold the repository's write lock together, so
    of two writers one wins and the other gets ExternalChangeError; a refused commit puts the old file back.
    """
    refuse_links(repository, meeting.path)
    new_text = meeting.dump()
    repo = open_git(repository.root)
    relative = repository.relative(meeting.path)
    lock_folder = repo.git_dir if repo is not None else _lock_folder_without_git(repository)
    with repository_write_lock(lock_folder):
        previous = _disk_bytes(meeting.path)  # read once: the unchanged check, and the bytes put back if git refuses
        disk = _as_text(previous)
        if not overwrite:
            _refuse_changed(meeting, disk)
            if new_text == meeting.original_text and not (repo is not None and differs_from_head(repo, relative)):
                raise NothingToSaveError(f"{meeting.path.name}: nothing changed")
        before = head_text(repo, relative) if repo is not None else meeting.original_text
        changes = diff_meetings(_old_document(before), meeting.data)
        if not changes and overwrite:
            changes = diff_meetings(_old_document(disk or ""), meeting.data)
        text = message or commit_message(forum_name, meeting.date, changes, language)
        if repo is not None:
            check_can_commit(repo)
        meeting.path.parent.mkdir(parents=True, exist_ok=True)
        committed = _write_and_commit(repo, meeting.path, new_text, text, previous, list(extra_paths))
        _follow_what_was_committed(repo, meeting, relative, new_text, committed)
    discard_draft(repository.root, relative, writer, repo.git_dir if repo is not None else None)
    return SaveResult(committed.id if committed is not None else None, text, changes)


def save_together(repository: Repository, meetings: list[Meeting], message: str, writer: str = "") -> SaveResult:
    """Write several meetings and commit them as one commit with `message` (a step of the cycle that changes two files).

    Each file must be unchanged on disk since it was read (ExternalChangeError); a refused commit puts every file back.
    """
    for meeting in meetings:
        refuse_links(repository, meeting.path)
    texts = [meeting.dump() for meeting in meetings]
    repo = open_git(repository.root)
    lock_folder = repo.git_dir if repo is not None else _lock_folder_without_git(repository)
    with repository_write_lock(lock_folder):
        previous = [_disk_bytes(meeting.path) for meeting in meetings]
        for meeting, before in zip(meetings, previous, strict=True):
            _refuse_changed(meeting, _as_text(before))
        if repo is not None:
            check_can_commit(repo)
        for meeting, text in zip(meetings, texts, strict=True):
            yamlio.atomic_write(meeting.path, text)
        committed = None
        if repo is not None:
            try:
                committed = commit_files(repo, [meeting.path for meeting in meetings], message)
            except GitError:
                for meeting, before in zip(meetings, previous, strict=True):
                    if before is None:
                        meeting.path.unlink(missing_ok=True)
                    else:
                        yamlio.atomic_write_bytes(meeting.path, before)
                raise
        for meeting, text in zip(meetings, texts, strict=True):
            meeting.original_text = text
    for meeting in meetings:
        discard_draft(repository.root, repository.relative(meeting.path), writer, repo.git_dir if repo is not None else None)
    return SaveResult(committed.id if committed is not None else None, message, [])


def _follow_what_was_committed(
    repo: GitCommand | None, meeting: Meeting, relative: str, written: str, made: Commit | None
) -> None:
    """The meeting's base becomes the saved text, or what a hook (a formatter) made of it and committed.

    The committed blob id tells whether a hook changed the file, so what was written is not read back.
    """
    meeting.original_text = written
    if repo is None or made is None or made.blobs.get(relative) in (None, blob_id(written.encode("utf-8"))):
        return
    on_disk = _disk_text(meeting.path)
    if on_disk is None or on_disk == written or on_disk != head_text(repo, relative):
        return
    try:
        document = yamlio.load_text(on_disk)
    except yamlio.YamlLoadError:
        return
    meeting.data, meeting.layout = document, yamlio.guess_layout(on_disk)
    meeting.original_text = on_disk


def _lock_folder_without_git(repository: Repository) -> Path:
    """Where a repository without git keeps its write lock: the user's cache, never the work tree."""
    digest = hashlib.sha1(str(repository.root.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "locks" / digest


def _write_and_commit(
    repo: GitCommand | None, path: Path, new_text: str, message: str, previous: bytes | None, extra: list[Path] | None = None
) -> Commit | None:
    """Write the file and commit it; when git refuses the commit, the file gets its `previous` bytes back."""
    yamlio.atomic_write(path, new_text)
    if repo is None:
        return None
    try:
        return commit_files(repo, [path, *(extra or [])], message)
    except GitError:
        if previous is None:
            path.unlink(missing_ok=True)
        else:
            yamlio.atomic_write_bytes(path, previous)
        raise


def restore_changes(current_text: str | None, old_text: str) -> list[Change]:
    """What restoring `old_text` over the current file would change."""
    return diff_meetings(_old_document(current_text or ""), _old_document(old_text))


def restore_version(
    repository: Repository,
    path: Path,
    old_text: str,
    commit: str,
    date: str,
    forum_name: str,
    language: str = "da",
    expected_text: str | None = None,
) -> SaveResult:
    """Write an old version's exact bytes over the meeting and commit that file alone.

    `expected_text` is the file as the person saw it when choosing to restore: if it changed since (another save),
    ExternalChangeError, so a restore never silently undoes a change it did not show.
    """
    refuse_links(repository, path)
    repo = open_git(repository.root)
    lock_folder = repo.git_dir if repo is not None else _lock_folder_without_git(repository)
    with repository_write_lock(lock_folder):
        previous = _disk_bytes(path)
        current = _as_text(previous)
        if expected_text is not None and (current or "") != expected_text:
            raise ExternalChangeError(path, expected_text, current)
        if current == old_text:
            raise NothingToSaveError(f"{path.name} is already as it was at {commit[:7]}")
        changes = restore_changes(current, old_text)
        meeting_date = path.name[:10]
        restored = words(language)["commits"]["restore"].format(commit=commit[:7], date=date)
        message = f"{forum_name} {meeting_date}: {restored}"
        if changes:
            message += "\n\n" + describe(changes, language, "commit")
        if repo is not None:
            check_can_commit(repo)
        committed = _write_and_commit(repo, path, old_text, message, previous)
    return SaveResult(committed.id if committed is not None else None, message, changes)
