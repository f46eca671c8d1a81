"""Bringing an index's columns in step with the meeting files: a plan per file (keep, revive, add, parse), then applying it.

Every meeting file is keyed by its blob id. A file whose blob the index holds
at the same path is kept; a dead meeting with the same blob comes back (a
checkout) and a living one moves (a rename); the same bytes at a second path
are added from the record already held, a blob in the journal from its record;
only the rest is parsed. A changed meeting's old rows stay as dead rows until a
compaction rebuilds the columns from the living meetings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.search.columns import Columns
from repo_layout.search.listing import Listing, MeetingFile, Trusted
from repo_layout.search.postings import Indexed, index_records
from repo_layout.search.records import Record
from repo_layout.search.workers import Batch, parse_files, parse_in_workers

BATCH = 256
"""Files parsed between two turns of the lock (searches may run in between)."""
POOL_MINIMUM = 400
"""From this many files to parse, worker processes parse them (a spawned worker takes about half a second to start)."""


@dataclass
class Plan:
    """What an update does: meetings to drop, revive, add from records, and files to parse."""

    keep: dict[str, MeetingFile] = field(default_factory=dict)
    revive: list[tuple[int, MeetingFile]] = field(default_factory=list)
    add: list[tuple[MeetingFile, Record]] = field(default_factory=list)
    parse: list[MeetingFile] = field(default_factory=list)
    drop: list[int] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)


def plan(columns: Columns, meetings: list[MeetingFile]) -> Plan:
    """Decide, per meeting file, whether its rows are kept, revived (or moved), rebuilt from a record, or parsed."""
    planned = Plan()
    present = {meeting.path for meeting in meetings}
    claimed: set[int] = set()
    for meeting in meetings:
        blob = meeting.blob
        current = columns.by_path.get(meeting.path)
        if current is not None and columns.m_blob[current] == blob:
            planned.keep[meeting.path] = meeting
            claimed.add(current)
    for meeting in meetings:
        blob = meeting.blob
        assert blob is not None
        if meeting.path in planned.keep:
            continue
        if blob in columns.broken_blobs:
            planned.broken[meeting.path] = columns.broken_blobs[blob]
            continue
        other = columns.by_blob.get(blob)
        movable = other is not None and other not in claimed and (
            not columns.m_alive[other] or columns.m_path[other] not in present
        )
        if other is not None and movable:
            planned.revive.append((other, meeting))  # a dead meeting back (checkout), or a renamed file
            claimed.add(other)
        elif other is not None:
            planned.add.append((meeting, columns.record_of(other)))  # the same bytes at a second path
        elif blob in columns.journal:
            planned.add.append((meeting, columns.journal[blob]))
        else:
            planned.parse.append(meeting)
    planned.drop = [number for number in columns.by_path.values() if number not in claimed]
    return planned


def apply(columns: Columns, listing: Listing, planned: Plan, known: list[tuple[MeetingFile, Record]], indexed: Indexed) -> None:
    """Carry out a plan: drop, revive, append the known records (`indexed`: their words); then refresh forums and dates."""
    touched = bool(planned.drop or planned.revive or known)
    if [(forum.name, forum.folder) for forum in listing.forums] != [(forum.name, forum.folder) for forum in columns.forums]:
        columns.set_forums(listing.forums)
    for number in planned.drop:
        columns.kill(number)
    for number, meeting in planned.revive:
        columns.revive(number, meeting)
    columns.broken = dict(planned.broken)
    add_parsed(columns, known, indexed)
    for meeting in planned.keep.values():
        number = columns.by_path[meeting.path]
        columns.m_date[number] = meeting.date.toordinal()
        columns.m_seq[number] = meeting.sequence
    if touched:
        columns.changed()
        columns.dirty = True


def add_parsed(columns: Columns, batch: list[tuple[MeetingFile, Record]], indexed: Indexed) -> None:
    """Append meetings read from records (or note them broken), journaling records the snapshot lacks."""
    base = len(columns.r_text)
    for meeting, record in batch:
        if columns.snapshot_id is not None and meeting.blob is not None and meeting.blob not in columns.snapshot_blobs:
            columns.journal[meeting.blob] = record
        if record[0] != "ok":
            columns.broken[meeting.path] = str(record[1])
            if meeting.blob is not None:
                columns.broken_blobs[meeting.blob] = str(record[1])
            continue
        current = columns.by_path.get(meeting.path)
        if current is not None:
            columns.kill(current)
        columns.append(meeting, record)
    columns.add_postings(indexed, base)


def verified(columns: Columns, trusted: Trusted) -> Trusted:
    """The trusted signatures whose blob id is the one the index now holds for the path (a file read since is not)."""
    return {
        path: entry
        for path, entry in trusted.items()
        if ((number := columns.by_path.get(path)) is not None and columns.m_blob[number] == entry[1])
        or (columns.broken.get(path) is not None and columns.broken_blobs.get(entry[1]) is not None)
    }


def compacted(columns: Columns, root: Path) -> Columns:
    """New columns with the living meetings only, oldest first, and what the old ones knew of the cache on disk."""
    living = sorted(
        (number for number in range(len(columns.m_path)) if columns.m_alive[number]),
        key=lambda number: (columns.m_date[number], columns.m_seq[number], columns.m_path[number]),
    )
    kept = [(columns.meeting_file(number, root), columns.record_of(number)) for number in living]
    fresh = Columns()
    fresh.broken = columns.broken
    fresh.journal, fresh.broken_blobs, fresh.snapshot_blobs = columns.journal, columns.broken_blobs, columns.snapshot_blobs
    fresh.trusted = columns.trusted
    fresh.set_forums(columns.forums)
    add_parsed(fresh, kept, index_records([record for _, record in kept]))
    fresh.compacted = True
    return fresh


def parse_batches(todo: list[MeetingFile]) -> Iterator[tuple[list[tuple[MeetingFile, Record]], Indexed]]:
    """The files read, parsed and indexed, in order, a batch at a time; by worker processes when there are many."""
    paths = [meeting.absolute for meeting in todo]
    chunks = [paths[first : first + BATCH] for first in range(0, len(paths), BATCH)]
    cores = os.cpu_count() or 1
    if len(todo) >= POOL_MINIMUM and cores > 1:
        results: Iterable[Batch] = parse_in_workers(chunks, min(cores, 4))
    else:
        results = (parse_files(chunk) for chunk in chunks)
    position = 0
    for items, postings, named, cases in results:
        batch = []
        for item in items:
            meeting = todo[position]
            position += 1
            if item is not None:
                blob, record = item
                actual = MeetingFile(meeting.path, meeting.absolute, meeting.date, meeting.sequence, meeting.forum, blob)
                batch.append((actual, record))
        yield batch, (postings, named, cases)
