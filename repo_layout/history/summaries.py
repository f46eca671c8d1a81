"""The worded change of many log entries at once, for `minutes log`: fast enough for a meeting's whole history.

Each entry's version and the one before it are named by blob id (one `git cat-file --batch-check`),
the words are kept in the git dir by blob pair, and only pairs not seen before are read (one
`git cat-file --batch`) and parsed, each blob once.
"""

from __future__ import annotations

import json
from pathlib import Path

from repo_layout.git.command import GitCommandFailed
from repo_layout.git.paths import SUMMARIES
from repo_layout.history.changes import describe, diff_meetings
from repo_layout.history.meeting_history import LogEntry, MeetingHistory, document
from repo_layout.yaml import yamlio

CACHE_VERSION = 1  # raise when the wording of describe() changes, so old words are not served
CACHE_LIMIT = 20_000  # pairs kept (about 2 MB); beyond it the older half goes


def summaries(history: MeetingHistory, entries: list[LogEntry], language: str) -> list[str]:
    """The worded change of every entry, in the order given."""
    words: list[str | None] = [None] * len(entries)
    pairs: dict[int, tuple[str | None, str | None]] = {}
    named = _name_blobs(history, entries)
    for index, entry in enumerate(entries):
        pair = named.get(index)
        if pair is None or history.shallow_boundary(entry.commit):
            words[index] = history.summary(entry, language)  # uncommitted, a rename or a shallow end: the careful way
        else:
            pairs[index] = pair
    cache = _read_cache(history)
    missing = {blob for index, pair in pairs.items() if _key(pair, language) not in cache for blob in pair if blob}
    texts = _read_blobs(history, sorted(missing))
    documents = {blob: document(text) for blob, text in texts.items()}
    changed = False
    for index, (before, after) in pairs.items():
        key = _key((before, after), language)
        if key not in cache:
            if (before is not None and before not in documents) or (after is not None and after not in documents):
                words[index] = history.summary(entries[index], language)
                continue
            cache[key] = describe(
                diff_meetings(documents.get(before) if before else None, documents.get(after) if after else None), language
            )
            changed = True
        words[index] = cache[key]
    if changed:
        _write_cache(history, cache)
    return [word or "" for word in words]


def _key(pair: tuple[str | None, str | None], language: str) -> str:
    return f"{pair[0] or '-'}..{pair[1] or '-'}:{language}"


def _name_blobs(history: MeetingHistory, entries: list[LogEntry]) -> dict[int, tuple[str | None, str | None]]:
    """(blob before, blob after) of each committed entry whose file kept its path across the commit."""
    named: dict[int, tuple[str | None, str | None]] = {}
    asked: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        if entry.blobs is not None:
            named[index] = entry.blobs
        elif entry.commit is not None:
            asked += [(index, f"{entry.commit}^:{entry.path}"), (index, f"{entry.commit}:{entry.path}")]
    if not asked:
        return _without_renames(named, entries)
    check = ["cat-file", "--batch-check=%(objectname) %(objecttype)"]
    output = _output(history, check, "".join(f"{revision}\n" for _, revision in asked))
    lines = output.decode("utf-8", errors="replace").splitlines() if output is not None else []
    if len(lines) == len(asked):
        found: dict[int, list[str | None]] = {}
        for (index, _), line in zip(asked, lines, strict=True):
            parts = line.split()
            found.setdefault(index, []).append(parts[0] if len(parts) == 2 and parts[1] == "blob" else None)
        for index, (before, after) in found.items():
            if after is not None:  # else the file is not there after the commit: asked the careful way
                named[index] = (before, after)
    return _without_renames(named, entries)


def _without_renames(
    named: dict[int, tuple[str | None, str | None]], entries: list[LogEntry]
) -> dict[int, tuple[str | None, str | None]]:
    """Drop the entries that made the file (no version before it at that path): they are worded the careful way.

    Such a commit may have renamed the file from elsewhere; only meeting_history follows that (one per log, mostly).
    """
    return {index: (before, after) for index, (before, after) in named.items() if before is not None}


def _read_blobs(history: MeetingHistory, blobs: list[str]) -> dict[str, str]:
    """The text of each blob, read in one `git cat-file --batch`."""
    if not blobs:
        return {}
    output = _output(history, ["cat-file", "--batch"], "".join(f"{blob}\n" for blob in blobs))
    if output is None:
        return {}
    texts: dict[str, str] = {}
    position = 0
    for blob in blobs:
        end = output.find(b"\n", position)
        header = output[position:end].split()
        if end < 0 or len(header) != 3 or header[0].decode() != blob:
            break
        size = int(header[2])
        texts[blob] = output[end + 1 : end + 1 + size].decode("utf-8", errors="replace")
        position = end + 1 + size + 1
    return texts


def _output(history: MeetingHistory, args: list[str], given: str) -> bytes | None:
    """git's output for a batch request, or None when git fails (the entries are then worded one by one)."""
    try:
        return history.git.output(*args, given=given.encode("utf-8"))
    except GitCommandFailed:
        return None


def _cache_path(history: MeetingHistory) -> Path:
    return history.git.git_dir / SUMMARIES


def _read_cache(history: MeetingHistory) -> dict[str, str]:
    """The cached words by blob pair; empty when the file is missing, unreadable or of another version."""
    try:
        stored = json.loads(_cache_path(history).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != CACHE_VERSION or not isinstance(stored.get("words"), dict):
        return {}
    return {key: value for key, value in stored["words"].items() if isinstance(key, str) and isinstance(value, str)}


def _write_cache(history: MeetingHistory, cache: dict[str, str]) -> None:
    """Keep the words for next time (atomically); a cache that cannot be written is only a slower next run."""
    if len(cache) > CACHE_LIMIT:
        cache = dict(list(cache.items())[-CACHE_LIMIT // 2 :])
    try:
        yamlio.atomic_write(_cache_path(history), json.dumps({"version": CACHE_VERSION, "words": cache}, ensure_ascii=False))
    except OSError:
        return
