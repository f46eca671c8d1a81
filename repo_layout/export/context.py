"""What an export shows beyond the meeting's file: its approval (from the git tag), where its attachments' files are
linked, and whether it is meant for publication (closed points as their number and "Lukket punkt" only)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from repo_layout.cycle.approval import approval_of
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.words import words

HERE = PurePosixPath()
"""The export's own folder."""


@dataclass(frozen=True)
class ExportContext:
    """The cycle's facts for one export: the approval in words, attachment links (file -> href), publication, the PDF."""

    approved: str | None = None
    links: Mapping[str, str] = field(default_factory=dict)
    public: bool = False
    pdf: str | None = None


def approval_words(repository: Repository, forum: Forum, meeting: Meeting, language: str) -> str | None:
    """ "godkendt 2019-11-07 af Ida" from the meeting's approval tag; None when it is not approved or has no tag."""
    if meeting.status != "approved":
        return None
    tag = approval_of(repository, forum, meeting.name)
    if tag is None:
        return None
    return words(language)["cycle"]["approved_by"].format(date=tag.when.date().isoformat(), who=tag.tagger)


def attachment_files(forum: Forum, meeting: Meeting) -> dict[str, Path]:
    """Every attachment `file` of the meeting that is a real file inside the forum's folder, reached through no link."""
    found: dict[str, Path] = {}
    top = Path(os.path.realpath(forum.path))
    for point in meeting.points:
        for entry in point.attachment_entries:
            if entry.file is None or entry.file in found:
                continue
            relative = PurePosixPath(entry.file)
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                continue
            path = forum.path.joinpath(*relative.parts)
            real = Path(os.path.realpath(path))
            if real != top.joinpath(*relative.parts) or not real.is_file():
                continue  # a link somewhere on the way, or no such file
            found[entry.file] = path
    return found


def copy_names(meeting: Meeting, files: Mapping[str, Path]) -> dict[str, PurePosixPath]:
    """Where each attachment goes beside an exported page: `<meeting>/<file name>`, made unique, never hidden."""
    names: dict[str, PurePosixPath] = {}
    taken: set[str] = set()
    for file, path in files.items():
        stem, suffix = Path(path.name.lstrip(".") or "bilag").stem, Path(path.name).suffix
        name, count = f"{stem}{suffix}", 1
        while name.casefold() in taken:
            count += 1
            name = f"{stem}-{count}{suffix}"
        taken.add(name.casefold())
        names[file] = PurePosixPath(meeting.name) / name
    return names


def attachment_copies(
    forum: Forum, meeting: Meeting, folder: PurePosixPath = HERE
) -> tuple[dict[str, str], dict[PurePosixPath, bytes]]:
    """The kept attachments copied beside a page in `folder`: their links from the page (file -> href), and the files
    to write (path under the export's folder -> bytes)."""
    files = attachment_files(forum, meeting)
    names = copy_names(meeting, files)
    links = {file: name.as_posix() for file, name in names.items()}
    return links, {folder / names[file]: path.read_bytes() for file, path in files.items()}


def meeting_context(repository: Repository, forum: Forum | None, meeting: Meeting, language: str) -> ExportContext:
    """The context of an export that stays in the repository's hands: the approval, and each kept file by its path."""
    if forum is None:
        return ExportContext()
    files = attachment_files(forum, meeting)
    links = {file: path.relative_to(repository.root).as_posix() for file, path in files.items()}
    return ExportContext(approval_words(repository, forum, meeting, language), links)
