"""The search cache's files: written atomically with a checksum and a format number, read back only when sound.

The cache is one snapshot (every row and the inverted index, see `snapshot`)
plus a small journal of records parsed since, both keyed by blob id, written
atomically (temporary file and rename) with a checksum and a format number; a
file that is missing, corrupt, or of another format or Python version is
ignored and rebuilt. It lives in `<git dir>/minutes-index/` when the repository
is in git, else under `locations.cache_dir()` (`listing.cache_folder`).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from repo_layout.search.columns import Columns
from repo_layout.search.listing import list_meetings, resolve_blobs
from repo_layout.search.plain_yaml import load_plain
from repo_layout.search.records import extract, parse_record, sound_record
from repo_layout.search.snapshot import CacheInconsistent, check_snapshot, contents, restore
from repo_layout.search.workers import parse_files, parse_in_workers

__all__ = [  # with the names other modules imported from here before the package was split
    "FORMAT", "JOURNAL", "SNAPSHOT", "CacheInconsistent", "check_snapshot", "extract", "list_meetings", "load",
    "load_plain", "parse_files", "parse_in_workers", "parse_record", "read_file", "remove_file", "resolve_blobs",
    "write_file", "write_journal", "write_snapshot",
]

FORMAT = 3
"""Bump when a record, the folding or the index layout changes: older cache files are then ignored."""

_MAGIC = b"MINUTES-SEARCH\n"
_HEADER = struct.Struct("<IIQI")
"""format, Python version tag, payload length, crc32 of the payload."""
_PYTHON = sys.version_info[0] * 100 + sys.version_info[1]
SNAPSHOT = "snapshot.bin"
JOURNAL = "journal.bin"


def write_file(path: Path, payload: Any) -> None:
    """Write a marshal-able value to `path` atomically (temporary file in the same folder, then rename)."""
    data = marshal.dumps(payload)
    header = _MAGIC + _HEADER.pack(FORMAT, _PYTHON, len(data), zlib.crc32(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_file(path: Path) -> Any:
    """The value stored in a cache file, or None when it is missing, corrupt, or from another format or Python."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _HEADER.size
    if len(data) < start or not data.startswith(_MAGIC):
        return None
    version, python, length, checksum = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    if version != FORMAT or python != _PYTHON or length != len(payload) or zlib.crc32(payload) != checksum:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def remove_file(path: Path) -> None:
    """Delete a cache file if it exists."""
    with contextlib.suppress(OSError):
        path.unlink()


# --- an index's columns in the cache folder -------------------------------------


def load(folder: Path) -> Columns:
    """The columns of the snapshot and journal in a cache folder when they are sound; otherwise empty columns."""
    columns = Columns()
    stored = read_file(folder / SNAPSHOT)
    if stored is not None:
        try:
            restore(columns, stored)
        except Exception:  # a snapshot of an unexpected shape is ignored like a corrupt one: rebuilt, never raised
            columns = Columns()
    journal = read_file(folder / JOURNAL)
    if isinstance(journal, dict) and isinstance(journal.get("records"), dict):
        columns.journal.update(
            (blob, record) for blob, record in journal["records"].items() if isinstance(blob, str) and sound_record(record)
        )
    return columns


def write_snapshot(columns: Columns, folder: Path) -> None:
    """Write every row and posting list as the new snapshot, and empty the journal."""
    written = contents(columns)
    write_file(folder / SNAPSHOT, written)
    remove_file(folder / JOURNAL)
    columns.compacted = False
    columns.snapshot_id = written["id"]
    columns.snapshot_blobs = set(columns.m_blob) | set(columns.broken_blobs)
    columns.journal = {}


def write_journal(columns: Columns, folder: Path) -> None:
    """Write the records the snapshot lacks as the journal."""
    write_file(folder / JOURNAL, {"records": columns.journal})
