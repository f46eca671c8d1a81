"""The cycle's other steps, each one commit with its own words: the agenda sent, the meeting held, a point postponed,
a correction to approved minutes (its reason recorded in the file), and an attachment kept beside its meeting."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from repo_layout.boundary import is_link, outside_repository
from repo_layout.cycle.errors import CycleError
from repo_layout.editing.saving import SaveResult, save_meeting
from repo_layout.git.state import identity, open_git
from repo_layout.history.changes import describe, diff_meetings
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Correction, Meeting
from repo_layout.model.points import Point
from repo_layout.words import words
from repo_layout.yaml import yamlio

ATTACHMENT_WARN_MB = 10
"""Above this an attachment is refused unless forced: git keeps every version of it in every clone, forever."""
LATE_STATUSES = ("held", "approved", "draft")


def mark_status(repository: Repository, forum: Forum, meeting: Meeting, status: str, language: str) -> SaveResult | None:
    """Move the meeting on to `agenda_sent` or `held` (never back) and commit it; None when it is there already."""
    order = ("planned", "agenda_sent", "held", "approved")
    current = "held" if meeting.status == "draft" else meeting.status
    if current in order and order.index(current) >= order.index(status):
        return None
    meeting.status = status
    key = "commit_sent" if status == "agenda_sent" else "commit_held"
    message = words(language)["cycle"][key].format(forum=forum.name, meeting=meeting.name)
    return save_meeting(repository, meeting, forum.name, language, message=message)


def held_by_edit(meeting: Meeting, before: object) -> bool:
    """Set status held when an edit of a planned meeting wrote a decision or attendance (minutes are being written)."""
    if meeting.status not in ("planned", "agenda_sent"):
        return False
    changes = diff_meetings(before, meeting.data)
    writes_minutes = any(
        change.field in ("decision", "present", "absent") or change.kind.startswith("action_") for change in changes
    )
    if writes_minutes:
        meeting.status = "held"
    return writes_minutes


def _point_index(meeting: Meeting, number: int) -> int:
    for index, point in enumerate(meeting.points):
        if point.number == number:
            return index
    raise CycleError("no_point", meeting=meeting.name, point=str(number))


def postpone_point(
    repository: Repository, forum: Forum, meeting: Meeting, number: int, reason: str, language: str
) -> SaveResult:
    """Mark point `number` postponed with `reason` and commit ("punkt 3 udsat"); the next agenda carries it."""
    meeting.points[_point_index(meeting, number)].postpone(reason.strip() or None)
    message = words(language)["cycle"]["commit_postponed"].format(forum=forum.name, meeting=meeting.name, point=number)
    if reason.strip():
        message += "\n\n" + reason.strip()
    return save_meeting(repository, meeting, forum.name, language, message=message)


def was_approved(before: object) -> bool:
    """True when the file's data as it was read (`before`) says approved: any change to it now is a correction."""
    return isinstance(before, dict) and before.get("status") == "approved"


def save_correction(
    repository: Repository,
    forum: Forum,
    meeting: Meeting,
    reason: str,
    language: str,
    writer: str = "",
    overwrite: bool = False,
    before: object = None,
) -> SaveResult:
    """Save a change to approved minutes: the reason goes in the commit message and in the file's `corrections`."""
    if not reason.strip():
        raise CycleError("reason_needed", meeting=meeting.name)
    if before is None:
        try:
            before = yamlio.load_fast(meeting.original_text) if meeting.original_text else None
        except yamlio.YamlLoadError:
            before = {}
    changes = diff_meetings(before, meeting.data)
    what = describe(changes, language, "commit")
    repo = open_git(repository.root)
    who = identity(repo) if repo is not None else None
    meeting.add_correction(Correction(dt.date.today(), who.name if who else "", what, reason.strip()))
    cycle = words(language)["cycle"]
    message = cycle["commit_correction"].format(forum=forum.name, meeting=meeting.name, why=reason.strip())
    message += "\n\n" + "\n".join(f"- {part}" for part in what.split(", "))
    had_corrections = "corrections" in meeting.data
    try:
        return save_meeting(repository, meeting, forum.name, language, message=message, writer=writer, overwrite=overwrite)
    except Exception:
        meeting.data["corrections"].pop()  # not saved: a second try records the correction once
        if not had_corrections:
            del meeting.data["corrections"]
        raise


def attachment_folder(meeting: Meeting) -> Path:
    """Where the meeting's attachments are kept: a folder beside it, named like it."""
    return meeting.path.parent / meeting.name


def attach_file(
    repository: Repository,
    forum: Forum,
    meeting: Meeting,
    source: Path,
    language: str,
    number: int | None = None,
    force: bool = False,
) -> SaveResult:
    """Copy `source` into the meeting's folder, list it under point `number` (else the first point), commit both.

    Refuses a missing file, and one over ATTACHMENT_WARN_MB unless `force`.
    """
    if not source.is_file():
        raise CycleError("attachment_missing", file=str(source))
    size = source.stat().st_size
    if size > ATTACHMENT_WARN_MB * 1_000_000 and not force:
        raise CycleError("attachment_too_big", file=source.name, size=f"{size / 1_000_000:.1f}", limit=str(ATTACHMENT_WARN_MB))
    folder = attachment_folder(meeting)
    target = folder / source.name
    if target.parent != folder or source.name.startswith("."):
        raise CycleError("attachment_outside", file=source.name)
    index = _point_index(meeting, number) if number is not None else 0
    if not meeting.points:
        raise CycleError("no_point", meeting=meeting.name, point=str(number or 1))
    if is_link(folder) or is_link(target) or outside_repository(repository.root, target):
        raise CycleError("attachment_outside", file=source.name)  # a link in the way would write outside the folder
    had_folder = folder.is_dir()
    previous = target.read_bytes() if target.is_file() else None
    folder.mkdir(exist_ok=True)
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    relative = target.relative_to(forum.path).as_posix()
    point = meeting.points[index]
    listed = relative in [entry.file for entry in point.attachment_entries]
    if not listed:
        point.add_attachment(source.stem, relative)
    message = words(language)["cycle"]["commit_attached"].format(forum=forum.name, meeting=meeting.name, file=source.name)
    try:
        return save_meeting(repository, meeting, forum.name, language, message=message, extra_paths=[target])
    except Exception:
        _take_back_attachment(point, target, previous, had_folder, listed)
        raise


def _take_back_attachment(point: Point, target: Path, previous: bytes | None, had_folder: bool, listed: bool) -> None:
    """An attachment that was not committed: its file as it was (none, or the old bytes), its entry gone again."""
    if previous is None:
        target.unlink(missing_ok=True)
        if not had_folder and not any(target.parent.iterdir()):
            target.parent.rmdir()
    else:
        target.write_bytes(previous)
    entries = point.data.get("attachments")
    if not listed and isinstance(entries, list) and entries:
        entries.pop()
        if not entries:
            del point.data["attachments"]
