"""Unsaved edits kept as drafts inside the git directory, so a crash or a kill loses nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from repo_layout.boundary import GIT_FOLDER, link_problem, outside_repository
from repo_layout.git.paths import DRAFTS, locate
from repo_layout.locations import cache_dir
from repo_layout.model.file_names import meeting_date_from_name
from repo_layout.yaml.limits import MAX_FILE_BYTES, may_hold_surrogate
from repo_layout.yaml.yamlio import YamlLoadError, atomic_write, load_text


@dataclass(frozen=True)
class Draft:
    """The text of a meeting with unsaved edits, and the file text those edits started from."""

    relative: str
    text: str
    base_text: str
    saved_at: dt.datetime
    file: Path | None = None  # the draft file itself, so that exactly this draft can be discarded


def drafts_dir(root: Path, git_dir: Path | None = None) -> Path:
    """<git dir>/minutes-drafts (`git_dir` when the caller found it already), or a folder in the user's cache without git."""
    if git_dir is not None:
        return git_dir / DRAFTS
    found = locate(Path(root)) if Path(root).is_dir() else None
    if found is not None:
        return found.git_dir / DRAFTS
    digest = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "drafts" / digest


def _file_for(root: Path, relative: str, writer: str = "", git_dir: Path | None = None) -> Path:
    """One file per meeting and writer: two windows editing one meeting never overwrite or remove each other's draft."""
    return drafts_dir(root, git_dir) / (relative.replace("/", "__") + (f".{writer}" if writer else "") + ".json")


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


def discard_draft(root: Path, relative: str, writer: str = "", git_dir: Path | None = None) -> None:
    _file_for(root, relative, writer, git_dir).unlink(missing_ok=True)


def discard_draft_file(draft: Draft) -> None:
    """Remove exactly this draft (one offered back after a crash)."""
    if draft.file is not None:
        draft.file.unlink(missing_ok=True)


def load_draft(root: Path, relative: str, writer: str = "") -> Draft | None:
    return _read(_file_for(root, relative, writer), root)


def list_drafts(root: Path) -> list[Draft]:
    """Every sound draft of this repository, oldest first; one that is not sound is left out (see set_aside_bad_drafts)."""
    folder = drafts_dir(root)
    if not folder.is_dir():
        return []
    files = [path for path in sorted(folder.glob("*.json")) if not _writer_alive(path.name)]
    drafts = [draft for draft in (_read(path, root) for path in files) if draft is not None]
    return sorted(drafts, key=lambda draft: draft.saved_at)


WRITER_IN_NAME = re.compile(r"\.(\d+)-(?:(\d+)-)?[0-9a-f]{6}\.json$")


def new_writer() -> str:
    """A name for one editing session's drafts: its process id and start time (so a live writer is known) and a token."""
    pid = os.getpid()
    return f"{pid}-{_started(pid) or 0}-{secrets.token_hex(3)}"


def _started(pid: int) -> int | None:
    """When the process started (clock ticks since boot, from /proc), or None when it is not running or unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return None if fields[0] in ("Z", "X") else int(fields[19])  # a killed process not yet reaped is not running
    except (OSError, IndexError, ValueError):
        return None


def _writer_alive(file_name: str) -> bool:
    """True when the draft's writer (named in the file name) is a process still running: its draft is not left over."""
    found = WRITER_IN_NAME.search(file_name)
    if found is None:
        return False
    pid, started = int(found.group(1)), found.group(2)
    if pid == os.getpid():
        return False  # an earlier app in this same process: nothing else writes these now
    now = _started(pid)
    return now is not None and (started is None or started == "0" or int(started) == now)


class BadDraft(ValueError):
    """A draft file that cannot be offered back: not JSON, wrong types, a path outside the repository, not a meeting."""


MAX_DRAFT_BYTES = 3 * MAX_FILE_BYTES
"""A draft holds a meeting's text twice (edited and original), JSON-escaped."""
BAD_SUFFIX = ".bad"


def set_aside_bad_drafts(root: Path) -> list[str]:
    """Rename every draft file that is not sound to NAME.json.bad beside it; one line per file saying which and why.

    Nothing is deleted: the file stays in the drafts folder for a person to
    look at, and no longer stops or confuses the app at every start.
    """
    folder = drafts_dir(root)
    if not folder.is_dir():
        return []
    notices = []
    for path in sorted(folder.glob("*.json")):
        try:
            parse_draft(path, root)
        except OSError:
            continue  # unreadable just now (permissions, gone): left where it is
        except BadDraft as error:
            aside = _aside_name(path)
            try:
                os.rename(path, aside)
            except OSError:
                continue
            notices.append(f"draft {path.name} set aside as {aside.name}: {error}")
    return notices


def _aside_name(path: Path) -> Path:
    candidate = path.with_name(path.name + BAD_SUFFIX)
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}.{number}{BAD_SUFFIX}")
    return candidate


def _read(path: Path, root: Path | None = None) -> Draft | None:
    try:
        return parse_draft(path, root)
    except (OSError, BadDraft):
        return None


def parse_draft(path: Path, root: Path | None = None) -> Draft:
    """The draft in a file, checked whole; BadDraft says what is wrong, OSError when it cannot be read."""
    if os.path.islink(path):
        raise BadDraft("it is a symbolic link")
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC), "rb") as handle:
        data = handle.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise BadDraft(f"larger than {MAX_DRAFT_BYTES // 1_000_000} MB")
    try:
        record = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise BadDraft(f"not JSON ({type(error).__name__})") from None
    if not isinstance(record, dict):
        raise BadDraft(f"a JSON {type(record).__name__}, not a mapping")
    relative, text, base_text, saved = (record.get(key) for key in ("path", "text", "base_text", "saved_at"))
    base_text = "" if base_text is None else base_text
    for key, value in (("path", relative), ("text", text), ("base_text", base_text), ("saved_at", saved)):
        if not isinstance(value, str):
            raise BadDraft(f"{key} is {type(value).__name__}, not text")
    assert isinstance(relative, str) and isinstance(text, str) and isinstance(base_text, str) and isinstance(saved, str)
    _check_relative(relative, root)
    if may_hold_surrogate(base_text):
        raise BadDraft("base_text holds a lone surrogate, which no file can")
    try:
        document = load_text(text)
    except YamlLoadError as error:
        raise BadDraft(f"its text is not a meeting (line {error.line}: {error.message})") from None
    if not isinstance(document, dict):
        raise BadDraft("its text is not a meeting (not a mapping of fields)")
    return Draft(relative, text, base_text, _saved_at(saved), path)


def _check_relative(relative: str, root: Path | None) -> None:
    """Refuse a draft's path unless it names a meeting file inside the repository (not in .git, not through a link)."""
    parts = relative.split("/")
    if (
        not relative
        or relative.startswith("/")
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..", GIT_FOLDER) for part in parts)
        or meeting_date_from_name(parts[-1]) is None
    ):
        raise BadDraft(f"its path {relative!r} is not a meeting file inside the repository")
    if root is not None:
        path = Path(root) / relative
        if outside_repository(Path(root), path) or link_problem(path, Path(root)) is not None:
            raise BadDraft(f"its path {relative!r} points outside the repository")


def _saved_at(text: str) -> dt.datetime:
    """When the draft was written, in UTC (a time without a zone is taken as local time)."""
    try:
        when = dt.datetime.fromisoformat(text)
        when = when.astimezone(dt.UTC) if when.tzinfo is not None else when.astimezone().astimezone(dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise BadDraft(f"saved_at {text[:40]!r} is not a time") from None
    if not 2000 <= when.year <= 9000:
        raise BadDraft(f"saved_at {text[:40]!r} is not a time a draft was written")
    return when
