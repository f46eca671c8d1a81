"""Unsaved edits kept as drafts inside the git directory, so a crash or a kill loses nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from repo_layout.git_command import GitCommand
from repo_layout.locations import cache_dir
from repo_layout.yamlio import atomic_write


@dataclass(frozen=True)
class Draft:
    """The text of a meeting with unsaved edits, and the file text those edits started from."""

    relative: str
    text: str
    base_text: str
    saved_at: dt.datetime
    file: Path | None = None  # the draft file itself, so that exactly this draft can be discarded


def drafts_dir(root: Path) -> Path:
    """<git dir>/minutes-drafts, or a folder in the user's cache when the repository has no git."""
    found = GitCommand.find(Path(root)) if Path(root).is_dir() else None
    if found is not None:
        return found.git_dir / "minutes-drafts"
    digest = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "drafts" / digest


def _file_for(root: Path, relative: str, writer: str = "") -> Path:
    """One file per meeting and writer: two windows editing one meeting never overwrite or remove each other's draft."""
    return drafts_dir(root) / (relative.replace("/", "__") + (f".{writer}" if writer else "") + ".json")


def save_draft(root: Path, relative: str, text: str, base_text: str, writer: str = "") -> Path:
    """Keep (or replace) one writer's draft of one meeting."""
    path = _file_for(root, relative, writer)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "path": relative,
        "text": text,
        "base_text": base_text,
        "saved_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    atomic_write(path, json.dumps(record, ensure_ascii=False))
    return path


def discard_draft(root: Path, relative: str, writer: str = "") -> None:
    _file_for(root, relative, writer).unlink(missing_ok=True)


def discard_draft_file(draft: Draft) -> None:
    """Remove exactly this draft (one offered back after a crash)."""
    if draft.file is not None:
        draft.file.unlink(missing_ok=True)


def load_draft(root: Path, relative: str, writer: str = "") -> Draft | None:
    return _read(_file_for(root, relative, writer))


def list_drafts(root: Path) -> list[Draft]:
    """Every draft of this repository, oldest first; unreadable draft files are skipped."""
    folder = drafts_dir(root)
    if not folder.is_dir():
        return []
    drafts = [draft for draft in (_read(path) for path in sorted(folder.glob("*.json"))) if draft is not None]
    return sorted(drafts, key=lambda draft: draft.saved_at)


def _read(path: Path) -> Draft | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return Draft(
            relative=str(record["path"]),
            text=str(record["text"]),
            base_text=str(record.get("base_text", "")),
            saved_at=dt.datetime.fromisoformat(record["saved_at"]),
            file=path,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
