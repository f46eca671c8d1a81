"""Search across every meeting of a repository, the decision log and the open actions, from an index kept on disk.

The index holds compact rows (one per searchable text: a title, a section, a
decision, a person, ...) and an inverted index of folded words to row ids
(`textfold` folds and cuts text; `search_cache` reads files and keeps the
cache). A query runs in three steps:

1. each query word is expanded against the vocabulary (`textfold.Vocabulary`):
   the word itself, words it begins (the word being typed, Danish compounds),
   words that contain it, and words within a typo (rapidfuzz);
2. candidate rows come from the posting lists: the rarest word's rows,
   narrowed by each further word (capped to the newest rows when a word is
   everywhere, with the naming fields' rows kept besides); the filters
   (`forum:`, `year:`, `case:`) restrict the rows first;
3. candidates get a cheap score (the field's weight times the weighted share
   of the query's words, by match quality), and the best few dozen places
   are ranked with rapidfuzz (`partial_ratio` over the best window of the
   text, `ratio` against short texts); a quoted phrase found exactly ranks
   first. One hit per place (meeting, point) is kept, with an excerpt and
   the spans of the matching words.

refresh() re-reads only the files whose blob id changed; rows of a changed
meeting stay as dead rows (revived by a checkout back, dropped by a
compaction) so that an update never renumbers the index.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import math
import os
import posixpath
import re
import secrets
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from repo_layout.model.discover import Repository
from repo_layout.search import cache as disk
from repo_layout.search.cache import (
    ACTION,
    ATTACHMENT,
    CASE,
    DECISION,
    FIELD_NAMES,
    FORUM,
    INFORMATION,
    PERSON,
    POINT_TITLE,
    SECTION,
    TITLE,
    Listing,
    MeetingFile,
    Record,
)
from repo_layout.search.textfold import STOPWORDS, FoldMap, Query, Vocabulary, fold, index_words, parse_query

Progress = Callable[[int, int], None]
Indexed = tuple[disk.Postings, disk.Postings, list[tuple[str, int]]]

FIELD_WEIGHT = {
    FORUM: 1.0,
    TITLE: 0.95,
    POINT_TITLE: 1.0,
    CASE: 1.0,
    PERSON: 1.0,
    ATTACHMENT: 0.92,
    DECISION: 0.9,
    ACTION: 0.9,
    SECTION: 0.86,
    INFORMATION: 0.86,
}
"""How much a match in each field counts: short, naming fields first; long texts a little less."""
_WEIGHTS = [FIELD_WEIGHT[code] for code in range(len(FIELD_NAMES))]

CANDIDATE_CAP = 1500
"""Rows kept from a word found almost everywhere (the newest); enough for the top results, cheap to score."""
NAMED_CAP = 500
"""Rows of the naming fields (titles, people, cases, attachments) kept besides, so an old title still competes."""
SCANNED_ROWS = 600
"""Rows of the cheap ranking looked at to find the places ranked with rapidfuzz."""
MATCHED_WORDS = 12
MATCHES_PER_WORD = 12
"""Where a row's text is searched for the query (window, excerpt, spans): the best words, their first occurrences."""
RANKED_PLACES = 48
"""Places (meeting, point) whose best rows are ranked with rapidfuzz."""
EXCERPT_CHARS = 160
WINDOW_CHARS = 120
BATCH = 256
"""Files parsed between two turns of the lock (searches may run in between)."""
POOL_MINIMUM = 400
"""From this many files to parse, worker processes parse them (a spawned worker takes about half a second to start)."""
SHORT_TEXT = 200
"""Texts up to this long are compared with the query as a whole, too."""


@dataclass(frozen=True)
class Hit:
    """One search result: where it is, how good it is, and an excerpt with the matching words' spans."""

    path: str
    """The meeting file, relative to the repository's root (posix); for a forum, its newest meeting."""
    date: dt.date
    forum: str
    """The forum's display name."""
    point: int | None
    """The point's printed number; None for the meeting itself (title, people, information) and for a forum."""
    point_title: str | None
    field: str
    """forum, title, point_title, case, section, decision, attachment, person, information or action."""
    heading: str | None
    """The section's heading for a section; for a person the role: minute_taker, present, absent, presenter, owner."""
    score: float
    """0..100, higher is better; with a quoted phrase, hits holding it exactly score 50 and up, the others below."""
    excerpt: str
    """At most about 160 characters of the original text around the match, whitespace collapsed, … where cut."""
    spans: tuple[tuple[int, int], ...]
    """(start, end) of each matching word in `excerpt`, sorted, not overlapping."""

    def as_json(self) -> dict[str, Any]:
        """The hit as a JSON-ready object (what `minutes search --json` prints)."""
        return {
            "path": self.path,
            "date": self.date.isoformat(),
            "forum": self.forum,
            "point": self.point,
            "point_title": self.point_title,
            "field": self.field,
            "heading": self.heading,
            "score": self.score,
            "excerpt": self.excerpt,
            "spans": [list(span) for span in self.spans],
        }


@dataclass(frozen=True)
class DecisionRow:
    """A decision of one point, for the decision log."""

    path: str
    date: dt.date
    forum: str
    point: int | None
    point_title: str
    text: str


@dataclass(frozen=True)
class ActionRow:
    """An action named in a point (index: its position in the point's actions list)."""

    path: str
    date: dt.date
    forum: str
    point: int | None
    point_title: str
    index: int
    task: str
    owner: str | None
    due: dt.date | None
    done: bool


# --- queries ---------------------------------------------------------------

@dataclass
class Term:
    """One word of a query, with what it matches in the vocabulary."""

    text: str
    last: bool
    optional: bool
    expansions: list[tuple[str, float]] = field(default_factory=list)
    idf: float = 1.0
    forums: dict[int, float] = field(default_factory=dict)
    year: int | None = None

    @property
    def context_only(self) -> bool:
        """True when the word may be satisfied by where a row is (its forum or year) rather than by its text."""
        return bool(self.forums) or self.year is not None


# --- the index --------------------------------------------------------------

@dataclass
class _Plan:
    """What an update does: meetings to drop, revive, add from records, and files to parse."""

    keep: dict[str, MeetingFile] = field(default_factory=dict)
    revive: list[tuple[int, MeetingFile]] = field(default_factory=list)
    add: list[tuple[MeetingFile, Record]] = field(default_factory=list)
    parse: list[MeetingFile] = field(default_factory=list)
    drop: list[int] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)


class SearchIndex:
    """Every searchable text of a repository's meetings, kept in step with the files by blob id."""

    COMPACT_ROWS = 20_000
    """Dead rows (of edited or deleted meetings) are dropped for good once there are this many and 30% of all rows."""

    def __init__(self, root: Path, use_cache: bool = True, cache: Path | None = None) -> None:
        """An empty index of the repository at `root` (use build())."""
        self.root = Path(root)
        self.parsed_count = 0
        self.broken: dict[str, str] = {}
        """Meeting files that could not be read, by path, with the reason; they are retried when their blob changes."""
        self._use_cache = use_cache
        self._cache_override = cache
        self._cache: Path | None = cache
        self._lock = threading.RLock()
        """Held by every read and by each step of an update (searches can run between the batches of a long update)."""
        self._updating = threading.Lock()
        """Held for a whole build or refresh, so two refreshes never interleave."""
        self._forums: list[disk.ForumEntry] = []
        self._forum_tokens: list[set[str]] = []
        self._forum_folded: list[tuple[str, str]] = []
        self._reset()

    def _reset(self) -> None:
        """Forget every meeting and row."""
        self._m_path: list[str] = []
        self._m_blob: list[str] = []
        self._m_date: list[int] = []
        self._m_year: list[int] = []
        self._m_seq: list[int] = []
        self._m_start: list[int] = []
        self._m_end: list[int] = []
        self._m_points: list[tuple] = []
        self._m_actions: list[tuple] = []
        self._m_alive = bytearray()
        self._m_forum: list[int] = []
        self._by_path: dict[str, int] = {}
        self._by_blob: dict[str, int] = {}
        self._r_meeting = array("I")
        self._r_point = array("i")
        self._r_field = bytearray()
        self._r_heading: list[str | None] = []
        self._r_text: list[str] = []
        self._r_alive = bytearray()
        self._dead_rows = 0
        self._postings: dict[str, array] = {}
        self._named: dict[str, array] = {}
        self._r_forum = array("h")
        self._forum_by_folder: dict[str, int] = {}
        self._case_keys: list[str] = []
        self._case_rows: list[int] = []
        self._case_pending: list[tuple[str, int]] = []
        self._broken_blobs: dict[str, str] = {}
        self._journal: dict[str, Record] = {}
        self._snapshot_id: str | None = None
        self._snapshot_blobs: set[str] = set()
        self._trusted: disk.Trusted = {}
        self._dirty = True
        self._compacted = False
        self._changed()

    def _changed(self) -> None:
        """Drop everything derived from the rows (vocabulary, caches), after a change."""
        self._vocabulary: Vocabulary | None = None
        self._expansions: dict[tuple[str, bool], list[tuple[str, float]]] = {}
        self._folded_rows: dict[int, str] = {}
        self._filter_rows: dict[tuple, set[int] | None] = {}
        self._decision_rows: list[DecisionRow] | None = None
        self._decision_ids: list[int] = []
        self._decision_titles: dict[int, int] = {}
        self._decision_set: set[int] = set()
        self._action_rows: list[ActionRow] | None = None
        self._newest: dict[int, int] | None = None

    # --- building and refreshing -------------------------------------------

    @classmethod
    def build(
        cls,
        repository: Repository,
        progress: Progress | None = None,
        use_cache: bool = True,
        cache_dir: Path | None = None,
    ) -> SearchIndex:
        """Index every meeting, reusing the cache on disk for files whose blob id it knows; progress(done, total) per file."""
        index = cls(repository.root, use_cache, cache_dir)
        listing = disk.list_meetings(repository)
        index._cache = cache_dir or listing.cache
        if use_cache:
            index._load_cache()
        index._update(listing, progress)
        return index

    def refresh(self, progress: Progress | None = None) -> int:
        """Re-read only the files whose blob id changed since the last build or refresh; return how many were parsed."""
        listing = disk.list_meetings(Repository(self.root))
        if self._cache_override is None:
            self._cache = listing.cache
        self._update(listing, progress)
        return self.parsed_count

    def _update(self, listing: Listing, progress: Progress | None) -> None:
        """Bring the index in step with the listing: parse what is new (in batches), drop what is gone, save the cache."""
        with self._updating:
            self._update_unlocked(listing, progress)

    def _update_unlocked(self, listing: Listing, progress: Progress | None) -> None:
        """The body of _update, run by one thread at a time."""
        meetings, trusted = disk.resolve_blobs(listing, self._trusted)
        total = len(meetings)
        with self._lock:
            plan = self._plan(meetings)
        done = total - len(plan.parse)
        if progress:
            progress(done, total)
        known = [(meeting, record) for meeting, record in plan.add]
        ready = disk.index_records([record for _, record in known])
        with self._lock:
            self._apply(listing, plan, known, ready)
        todo = sorted(plan.parse, key=lambda item: (item.date, item.sequence, item.path))
        collecting = gc.isenabled() and len(todo) > BATCH
        if collecting:
            gc.disable()  # millions of short-lived sets and tuples: the cyclic collector would rescan them again and again
        try:
            parsed = 0
            for batch, indexed in _parse_batches(todo):
                with self._lock:
                    self._add_parsed(batch, indexed)
                parsed += len(batch)
                if progress:
                    progress(done + parsed, total)
        finally:
            if collecting:
                gc.enable()
        with self._lock:
            self.parsed_count = len(todo)
            self._trusted = self._verified(trusted)
            if todo:
                self._changed()
                self._dirty = True
            if self._dead_rows > max(self.COMPACT_ROWS, len(self._r_text) * 3 // 10):
                self._compact()
            self._save()
            self._vocab()

    def _verified(self, trusted: disk.Trusted) -> disk.Trusted:
        """The trusted signatures whose blob id is the one the index now holds for the path (a file read since is not)."""
        return {
            path: entry
            for path, entry in trusted.items()
            if ((number := self._by_path.get(path)) is not None and self._m_blob[number] == entry[1])
            or (self.broken.get(path) is not None and self._broken_blobs.get(entry[1]) is not None)
        }

    def _plan(self, meetings: list[MeetingFile]) -> _Plan:
        """Decide, per meeting file, whether its rows are kept, revived (or moved), rebuilt from a record, or parsed."""
        plan = _Plan()
        present = {meeting.path for meeting in meetings}
        claimed: set[int] = set()
        for meeting in meetings:
            blob = meeting.blob
            current = self._by_path.get(meeting.path)
            if current is not None and self._m_blob[current] == blob:
                plan.keep[meeting.path] = meeting
                claimed.add(current)
        for meeting in meetings:
            blob = meeting.blob
            assert blob is not None
            if meeting.path in plan.keep:
                continue
            if blob in self._broken_blobs:
                plan.broken[meeting.path] = self._broken_blobs[blob]
                continue
            other = self._by_blob.get(blob)
            movable = other is not None and other not in claimed and (
                not self._m_alive[other] or self._m_path[other] not in present
            )
            if other is not None and movable:
                plan.revive.append((other, meeting))  # a dead meeting back (checkout), or a renamed file
                claimed.add(other)
            elif other is not None:
                plan.add.append((meeting, self._record_of(other)))  # the same bytes at a second path
            elif blob in self._journal:
                plan.add.append((meeting, self._journal[blob]))
            else:
                plan.parse.append(meeting)
        plan.drop = [number for number in self._by_path.values() if number not in claimed]
        return plan

    def _record_of(self, number: int) -> Record:
        """The record of an indexed meeting, rebuilt from its rows (no file is read)."""
        rows = tuple(
            (self._r_point[row], self._r_field[row], self._r_heading[row], self._r_text[row])
            for row in range(self._m_start[number], self._m_end[number])
        )
        return ("ok", rows, self._m_points[number], self._m_actions[number])

    def _apply(self, listing: Listing, plan: _Plan, known: list[tuple[MeetingFile, Record]], indexed: Indexed) -> None:
        """Carry out a plan under the lock: drop, revive, append; then refresh forums and derived data."""
        touched = bool(plan.drop or plan.revive or known)
        if [(forum.name, forum.folder) for forum in listing.forums] != [(forum.name, forum.folder) for forum in self._forums]:
            self._set_forums(listing.forums)
        for number in plan.drop:
            self._kill(number)
        for number, meeting in plan.revive:
            self._revive(number, meeting)
        self.broken = dict(plan.broken)
        self._add_parsed(known, indexed)
        for meeting in plan.keep.values():
            number = self._by_path[meeting.path]
            self._m_date[number] = meeting.date.toordinal()
            self._m_seq[number] = meeting.sequence
        if touched:
            self._changed()
            self._dirty = True

    def _add_parsed(self, batch: list[tuple[MeetingFile, Record]], indexed: Indexed) -> None:
        """Append meetings read from records (or note them broken), journaling records the snapshot lacks."""
        base = len(self._r_text)
        for meeting, record in batch:
            if self._snapshot_id is not None and meeting.blob is not None and meeting.blob not in self._snapshot_blobs:
                self._journal[meeting.blob] = record
            if record[0] != "ok":
                self.broken[meeting.path] = str(record[1])
                if meeting.blob is not None:
                    self._broken_blobs[meeting.blob] = str(record[1])
                continue
            current = self._by_path.get(meeting.path)
            if current is not None:
                self._kill(current)
            self._append(meeting, record)
        postings, named, cases = indexed
        _merge_postings(self._postings, postings, base)
        _merge_postings(self._named, named, base)
        self._case_pending.extend((case, base + row) for case, row in cases)

    def _kill(self, number: int) -> None:
        """Mark a meeting and its rows dead (they stay indexed until the next compaction, and can be revived)."""
        if not self._m_alive[number]:
            return
        self._m_alive[number] = 0
        start, end = self._m_start[number], self._m_end[number]
        self._r_alive[start:end] = bytes(end - start)
        self._dead_rows += end - start
        if self._by_path.get(self._m_path[number]) == number:
            del self._by_path[self._m_path[number]]

    def _revive(self, number: int, meeting: MeetingFile) -> None:
        """Bring a meeting with the same blob back (dead: a checkout) or over (alive: a rename), at the meeting's path."""
        current = self._by_path.get(meeting.path)
        if current is not None and current != number:
            self._kill(current)
        start, end = self._m_start[number], self._m_end[number]
        if self._m_alive[number]:
            if self._by_path.get(self._m_path[number]) == number:
                del self._by_path[self._m_path[number]]
        else:
            self._m_alive[number] = 1
            self._r_alive[start:end] = b"\x01" * (end - start)
            self._dead_rows -= end - start
        self._m_path[number] = meeting.path
        self._m_date[number] = meeting.date.toordinal()
        self._m_year[number] = meeting.date.year
        self._m_seq[number] = meeting.sequence
        self._by_path[meeting.path] = number
        forum = self._forum_by_folder.get(posixpath.dirname(meeting.path), -1)
        self._m_forum[number] = forum
        self._r_forum[start:end] = array("h", (forum,)) * (end - start)

    def _append(self, meeting: MeetingFile, record: Record) -> None:
        """Append a meeting and its rows (their words are merged into the postings by the caller)."""
        number = len(self._m_path)
        start = len(self._r_text)
        _, rows, points, actions = record
        count = len(rows)
        forum = self._forum_by_folder.get(posixpath.dirname(meeting.path), -1)
        self._r_meeting.extend(array("I", (number,)) * count)
        self._r_point.extend(array("i", [row[0] for row in rows]))
        self._r_field.extend(bytes([row[1] for row in rows]))
        self._r_heading.extend([row[2] for row in rows])
        self._r_text.extend([row[3] for row in rows])
        self._r_alive.extend(b"\x01" * count)
        self._r_forum.extend(array("h", (forum,)) * count)
        self._m_path.append(meeting.path)
        self._m_blob.append(meeting.blob or "")
        self._m_date.append(meeting.date.toordinal())
        self._m_year.append(meeting.date.year)
        self._m_seq.append(meeting.sequence)
        self._m_start.append(start)
        self._m_end.append(start + count)
        self._m_points.append(points)
        self._m_actions.append(actions)
        self._m_alive.append(1)
        self._m_forum.append(forum)
        self._by_path[meeting.path] = number
        if meeting.blob:
            self._by_blob[meeting.blob] = number

    def _set_forums(self, forums: list[disk.ForumEntry]) -> None:
        """Take the forums' names and folders, and point every meeting at its forum."""
        self._forums = list(forums)
        self._forum_folded = [(" ".join(fold(forum.name).split()), fold(forum.folder)) for forum in forums]
        self._forum_tokens = [index_words(name) | index_words(posixpath.basename(folder)) for name, folder in self._forum_folded]
        by_folder = {forum.folder: index for index, forum in enumerate(forums)}
        self._forum_by_folder = by_folder
        self._m_forum = [by_folder.get(posixpath.dirname(path), -1) for path in self._m_path]
        row_forum = array("h", (-1,)) * len(self._r_text)
        for number, forum in enumerate(self._m_forum):
            start, end = self._m_start[number], self._m_end[number]
            if forum >= 0 and end > start:
                row_forum[start:end] = array("h", (forum,)) * (end - start)
        self._r_forum = row_forum
        self._newest = None
        self._filter_rows = {}

    def _meeting_file(self, number: int) -> MeetingFile:
        """An indexed meeting as the listing would show it."""
        path = self._m_path[number]
        date = dt.date.fromordinal(self._m_date[number])
        return MeetingFile(path, str(self.root / path), date, self._m_seq[number], self._m_forum[number], self._m_blob[number])

    def _compact(self) -> None:
        """Rebuild the rows and postings from the living meetings only, oldest first."""
        living = sorted(
            (number for number in range(len(self._m_path)) if self._m_alive[number]),
            key=lambda number: (self._m_date[number], self._m_seq[number], self._m_path[number]),
        )
        kept = [(self._meeting_file(number), self._record_of(number)) for number in living]
        journal, broken_blobs, snapshot_blobs, trusted = self._journal, self._broken_blobs, self._snapshot_blobs, self._trusted
        forums = self._forums
        self._reset()
        self._journal, self._broken_blobs, self._snapshot_blobs, self._trusted = journal, broken_blobs, snapshot_blobs, trusted
        self._set_forums(forums)
        self._add_parsed(kept, disk.index_records([record for _, record in kept]))
        self._compacted = True

    # --- the cache on disk ---------------------------------------------------

    def _load_cache(self) -> None:
        """Take the snapshot and journal from disk when they are sound; otherwise start empty."""
        assert self._cache is not None
        snapshot = disk.read_file(self._cache / disk.SNAPSHOT)
        if snapshot is not None:
            try:
                self._restore(snapshot)
            except Exception:  # a snapshot of an unexpected shape is ignored like a corrupt one: rebuilt, never raised
                self._reset()
        journal = disk.read_file(self._cache / disk.JOURNAL)
        if isinstance(journal, dict) and isinstance(journal.get("records"), dict):
            self._journal.update(
                (blob, record) for blob, record in journal["records"].items() if isinstance(blob, str) and _sound(record)
            )

    def _restore(self, snapshot: dict[str, Any]) -> None:
        """Take the index state from a snapshot (checked whole first: an inconsistent one raises and is rebuilt)."""
        disk.check_snapshot(snapshot)
        paths, blobs, dates, sequences, starts, ends, points, actions, alive = snapshot["m"]
        meetings, point_column, fields, headings, texts, row_alive = snapshot["r"]
        self._m_path, self._m_blob, self._m_date, self._m_seq = list(paths), list(blobs), list(dates), list(sequences)
        self._m_year = [dt.date.fromordinal(ordinal).year for ordinal in self._m_date]
        self._m_start, self._m_end, self._m_points, self._m_actions = list(starts), list(ends), list(points), list(actions)
        self._m_alive = bytearray(alive)
        self._m_forum = [-1] * len(self._m_path)
        self._r_meeting = array("I")
        self._r_meeting.frombytes(meetings)
        self._r_point = array("i")
        self._r_point.frombytes(point_column)
        self._r_field = bytearray(fields)
        self._r_heading, self._r_text = list(headings), list(texts)
        self._r_alive = bytearray(row_alive)
        rows = len(self._r_text)
        columns = (self._r_meeting, self._r_point, self._r_field, self._r_heading, self._r_alive)
        if any(len(column) != rows for column in columns):
            raise ValueError("snapshot columns differ in length")
        if not (len(self._m_blob) == len(self._m_date) == len(self._m_end) == len(self._m_alive) == len(self._m_path)):
            raise ValueError("snapshot meeting columns differ in length")
        self._dead_rows = self._r_alive.count(0)
        self._postings = _arrays(snapshot["p"], rows)
        self._named = _arrays(snapshot["n"], rows)
        self._case_keys, self._case_rows = list(snapshot["c"][0]), list(snapshot["c"][1])
        self._r_forum = array("h", (-1,)) * rows
        self._broken_blobs = dict(snapshot["b"])
        self._by_path = {path: number for number, path in enumerate(self._m_path) if self._m_alive[number]}
        self._by_blob = {blob: number for number, blob in enumerate(self._m_blob) if blob}
        for number in self._by_path.values():
            self._by_blob[self._m_blob[number]] = number
        self._trusted = {path: (tuple(signature), blob) for path, (signature, blob) in snapshot["s"].items()}
        self._snapshot_id = str(snapshot["id"])
        self._snapshot_blobs = set(self._m_blob) | set(self._broken_blobs)
        self._dirty = False

    def _save(self) -> None:
        """Write what changed: the whole snapshot after a cold build or many changes, else only the journal."""
        if not self._use_cache or self._cache is None or not self._dirty:
            return
        self._dirty = False
        living = {self._m_blob[number] for number in self._by_path.values()}
        self._journal = {blob: record for blob, record in self._journal.items() if blob in living or blob in self._broken_blobs}
        limit = max(64, len(self._by_path) // 20)
        try:
            if self._snapshot_id is None or len(self._journal) > limit or self._compacted:
                self._write_snapshot()
            else:
                disk.write_file(self._cache / disk.JOURNAL, {"records": self._journal})
        except OSError:
            pass  # a cache that cannot be written costs a slower start, nothing else

    def _write_snapshot(self) -> None:
        """Write every row and posting list as the new snapshot, and empty the journal."""
        assert self._cache is not None
        if self._dead_rows > len(self._r_text) * 3 // 10:
            self._compact()
        identity = secrets.token_hex(8)
        disk.write_file(
            self._cache / disk.SNAPSHOT,
            {
                "id": identity,
                "m": (
                    self._m_path, self._m_blob, self._m_date, self._m_seq, self._m_start, self._m_end,
                    self._m_points, self._m_actions, bytes(self._m_alive),
                ),
                "r": (
                    self._r_meeting.tobytes(), self._r_point.tobytes(), bytes(self._r_field), self._r_heading,
                    self._r_text, bytes(self._r_alive),
                ),
                "p": {word: found.tobytes() for word, found in self._postings.items()},
                "n": {word: found.tobytes() for word, found in self._named.items()},
                "c": self._case_table(),
                "b": self._broken_blobs,
                "s": self._trusted,
            },
        )
        disk.remove_file(self._cache / disk.JOURNAL)
        self._compacted = False
        self._snapshot_id = identity
        self._snapshot_blobs = set(self._m_blob) | set(self._broken_blobs)
        self._journal = {}

    # --- what the screens list --------------------------------------------------

    def forums(self) -> list[str]:
        """Every forum's display name, in the tree's order."""
        with self._lock:
            return [forum.name for forum in self._forums]

    @property
    def meeting_count(self) -> int:
        """How many meetings are indexed."""
        return len(self._by_path)

    def _living_newest_first(self) -> list[int]:
        """The living meetings, newest first (same day: the later sequence first), then by path."""
        living = list(self._by_path.values())
        living.sort(key=lambda number: self._m_path[number])
        living.sort(key=lambda number: (self._m_date[number], self._m_seq[number]), reverse=True)
        return living

    def _forum_name(self, number: int) -> str:
        """The display name of a meeting's forum."""
        forum = self._m_forum[number]
        return self._forums[forum].name if forum >= 0 else posixpath.dirname(self._m_path[number])

    def decisions(
        self,
        forum: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        text: str | None = None,
    ) -> list[DecisionRow]:
        """Every decision of every meeting, newest first; optionally of one forum, in a date range, holding words of `text`."""
        with self._lock:
            rows, ids = self._decision_log()
            if text and text.strip():
                matching = self._decisions_matching(text)
                if matching is not None:
                    rows = [row for row, number in zip(rows, ids, strict=True) if number in matching]
            if forum:
                allowed = {self._forums[index].name for index in self._matching_forums(" ".join(fold(forum).split()))}
                rows = [row for row in rows if row.forum in allowed]
            if start:
                rows = [row for row in rows if row.date >= start]
            if end:
                rows = [row for row in rows if row.date <= end]
            return list(rows)

    def _decision_log(self) -> tuple[list[DecisionRow], list[int]]:
        """Every decision, newest first, and the row each comes from (made once after each change)."""
        if self._decision_rows is None:
            rows: list[DecisionRow] = []
            ids: list[int] = []
            titles: dict[int, int] = {}
            for number in self._living_newest_first():
                path, date, name = self._m_path[number], dt.date.fromordinal(self._m_date[number]), self._forum_name(number)
                points = self._m_points[number]
                title_row: dict[int, int] = {}
                for row in range(self._m_start[number], self._m_end[number]):
                    code = self._r_field[row]
                    if code == POINT_TITLE:
                        title_row[self._r_point[row]] = row
                    elif code == DECISION:
                        point_number, title, _ = points[self._r_point[row]]
                        rows.append(DecisionRow(path, date, name, point_number, title, self._r_text[row]))
                        ids.append(row)
                        if self._r_point[row] in title_row:
                            titles[title_row[self._r_point[row]]] = row
            self._decision_rows, self._decision_ids, self._decision_titles = rows, ids, titles
            self._decision_set = set(ids)
        return self._decision_rows, self._decision_ids

    def _decisions_matching(self, text: str) -> set[int] | None:
        """The decisions (by row) whose text or point title holds every word of `text`; None when `text` has no words."""
        terms = [(word, last) for word, last in parse_query(text).words if word not in STOPWORDS or last]
        if not terms:
            return None
        found: set[int] | None = None
        titles = self._decision_titles
        title_rows = set(titles)
        for word, last in terms:
            matched: set[int] = set()
            for expansion, _ in self._expand(word, last):
                posted = self._postings[expansion]
                matched |= self._decision_set.intersection(posted)
                matched.update(titles[row] for row in title_rows.intersection(posted))
            found = matched if found is None else found & matched
            if not found:
                return set()
        return found

    def open_actions(self) -> list[ActionRow]:
        """Every action not done, by due date (none last), then meeting date, path, point and position."""
        with self._lock:
            if self._action_rows is None:
                rows: list[tuple[tuple, ActionRow]] = []
                for number in self._by_path.values():
                    path, date, name = self._m_path[number], dt.date.fromordinal(self._m_date[number]), self._forum_name(number)
                    points = self._m_points[number]
                    for point, position, task, owner, due, done in self._m_actions[number]:
                        if done:
                            continue
                        point_number, title, _ = points[point]
                        due_date = dt.date.fromordinal(due) if due is not None else None
                        action = ActionRow(path, date, name, point_number, title, position, task, owner, due_date, done)
                        rows.append(((due is None, due or 0, date, path, point, position), action))
                rows.sort(key=lambda item: item[0])
                self._action_rows = [action for _, action in rows]
            return list(self._action_rows)

    # --- searching -------------------------------------------------------------

    def search(self, query: str, limit: int = 20, forum: str | None = None) -> list[Hit]:
        """The best hits for a query (words, "exact phrases", forum:/year:/case: filters), best first."""
        parsed = parse_query(query)
        if forum:
            parsed.forums.append(" ".join(fold(forum).split()))
        if parsed.empty or limit <= 0:
            return []
        with self._lock:
            return _Search(self, parsed).run(limit)

    def _vocab(self) -> Vocabulary:
        """The vocabulary, made again after the postings changed."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self._postings)
        return self._vocabulary

    def _expand(self, text: str, last: bool) -> list[tuple[str, float]]:
        """The indexed words a query word stands for, with a match quality (1.0 exact), best first."""
        key = (text, last)
        cached = self._expansions.get(key)
        if cached is not None:
            return cached
        vocabulary = self._vocab()
        found: dict[str, float] = {}
        if text in self._postings:
            found[text] = 1.0
        size = len(text)
        letters = text.isalpha()
        if size >= 2:
            limit = 8 if size == 2 else 24
            for word in vocabulary.prefixed(text, limit):
                extra = min(len(word) - size, 12)
                found.setdefault(word, (0.96 if last else 0.88) - 0.004 * extra)
        if size >= 4 and letters:
            for word in vocabulary.containing(text, 12):
                found.setdefault(word, 0.7)
            for word, score in vocabulary.similar(text, 12):
                found.setdefault(word, 0.9 * score / 100)
        expansions = sorted(found.items(), key=lambda item: -item[1])
        if len(self._expansions) > 512:
            self._expansions.clear()
        self._expansions[key] = expansions
        return expansions

    def _matching_forums(self, wanted: str) -> list[int]:
        """The forums a `forum:` value names: a prefix of the folded name or of one of its words, or of a folder on its path."""
        slug = wanted.replace(" ", "-")
        matched = []
        for index, (name, folder) in enumerate(self._forum_folded):
            if (
                name.startswith(wanted)
                or any(word.startswith(wanted) for word in name.split())
                or any(part.startswith(slug) for part in folder.split("/"))
            ):
                matched.append(index)
        return matched

    def _rows_of_meetings(self, numbers: Iterable[int], points: Callable[[int, int], bool] | None = None) -> set[int]:
        """The living rows of some meetings (and, with `points`, of the points it accepts)."""
        rows: set[int] = set()
        for number in numbers:
            if not self._m_alive[number]:
                continue
            span = range(self._m_start[number], self._m_end[number])
            if points is None:
                rows.update(span)
            else:
                rows.update(row for row in span if self._r_point[row] >= 0 and points(number, self._r_point[row]))
        return rows

    def _allowed_meetings(self, query: Query) -> list[int] | None:
        """The living meetings the forum: and year: filters allow (None: no such filter)."""
        if not (query.forums or query.years):
            return None
        numbers = list(self._by_path.values())
        for wanted in query.forums:
            forums = set(self._matching_forums(wanted))
            numbers = [number for number in numbers if self._m_forum[number] in forums]
        years = self._meeting_years()
        for low, high in query.years:
            numbers = [number for number in numbers if low <= years[number] <= high]
        return numbers

    def _rows_with_case(self, cases: list[str], meetings: set[int] | None) -> list[int]:
        """The case-number rows of living points whose case begins with one of `cases` (of the given meetings)."""
        keys, rows = self._case_table()
        found = []
        for case in cases:
            for position in range(bisect_left(keys, case), bisect_left(keys, case + "\U0010ffff")):
                row = rows[position]
                if self._r_alive[row] and (meetings is None or self._r_meeting[row] in meetings):
                    found.append(row)
        return found

    def _allowed_rows(self, query: Query) -> set[int] | None:
        """The rows the query's filters allow (None: every row), cached while the index is unchanged."""
        if not (query.forums or query.years or query.cases):
            return None
        key = (tuple(query.forums), tuple(query.years), tuple(query.cases))
        if key in self._filter_rows:
            return self._filter_rows[key]
        numbers = self._allowed_meetings(query)
        rows: set[int] = set()
        if query.cases:
            meeting_of, point_of = self._r_meeting, self._r_point
            for row in self._rows_with_case(query.cases, None if numbers is None else set(numbers)):
                number, point = meeting_of[row], point_of[row]
                start, end = row, row + 1
                while start > self._m_start[number] and point_of[start - 1] == point:
                    start -= 1
                while end < self._m_end[number] and point_of[end] == point:
                    end += 1
                rows.update(range(start, end))
        else:
            for number in numbers or ():
                rows.update(range(self._m_start[number], self._m_end[number]))
        if len(self._filter_rows) > 32:
            self._filter_rows.clear()
        self._filter_rows[key] = rows
        return rows

    def _case_table(self) -> tuple[list[str], list[int]]:
        """Every case-number row's folded text, sorted (for prefix lookups), with the row."""
        if self._case_pending:
            merged = sorted([*zip(self._case_keys, self._case_rows, strict=True), *self._case_pending])
            self._case_keys = [key for key, _ in merged]
            self._case_rows = [row for _, row in merged]
            self._case_pending = []
        return self._case_keys, self._case_rows

    def _meeting_years(self) -> list[int]:
        """The year of every meeting (dead ones too), by meeting number."""
        return self._m_year

    def _row_forums(self) -> array:
        """The forum of every row (-1: none), by row number."""
        return self._r_forum

    def _folded(self, row: int) -> str:
        """A row's folded text (kept for a while: typing asks for the same rows again)."""
        found = self._folded_rows.get(row)
        if found is None:
            if len(self._folded_rows) > 8192:
                self._folded_rows.clear()
            found = self._folded_rows[row] = fold(self._r_text[row])
        return found

    def _newest_meeting(self, forum: int) -> int | None:
        """The newest living meeting of a forum (same day: the later sequence, then the first path)."""
        if self._newest is None:
            newest: dict[int, tuple[int, int, str, int]] = {}
            dates, sequences, paths, forums = self._m_date, self._m_seq, self._m_path, self._m_forum
            for number in self._by_path.values():
                key = (dates[number], sequences[number], paths[number], number)
                known = newest.get(forums[number])
                if known is None or key[:2] > known[:2] or (key[:2] == known[:2] and key[2] < known[2]):
                    newest[forums[number]] = key
            self._newest = {forum: key[3] for forum, key in newest.items()}
        return self._newest.get(forum)


def _sound(record: Any) -> bool:
    """True for a record of the shape search_cache makes (a journal entry is checked before it is used)."""
    return disk.sound_record(record)


class _PostingLists(dict):
    """Posting lists by word, kept as a snapshot's bytes until a word is first looked up.

    A warm start then costs one dict copy instead of one array per word (about 140,000 at 10,000 meetings).
    Each list is checked when it is made: whole rows only, and only rows the snapshot has (search_cache.check_snapshot
    checks the rest of a snapshot at load; reading every list's bytes there would cost a warm start 0.15 s).
    Not safe on its own across threads: every use is under SearchIndex._lock, as all of the index's state is.
    """

    rows = 0
    """How many rows the snapshot has: a posting beyond them is not used."""

    def __getitem__(self, word: str) -> array:
        found = dict.__getitem__(self, word)
        if isinstance(found, bytes):
            found = array("I")
            data = dict.__getitem__(self, word)
            found.frombytes(data[: len(data) - len(data) % found.itemsize])
            if found and found[-1] >= self.rows:
                found = array("I", (row for row in found if row < self.rows))
            dict.__setitem__(self, word, found)
        return found

    def get(self, word: str, default: Any = None) -> Any:
        return self[word] if word in self else default

    def items(self) -> Iterator[tuple[str, array]]:  # type: ignore[override]
        return ((word, self[word]) for word in self)

    def values(self) -> Iterator[array]:  # type: ignore[override]
        return (self[word] for word in self)


def _arrays(stored: dict[str, bytes], rows: int) -> dict[str, array]:
    """Posting lists from the bytes a snapshot of `rows` rows keeps them as (made into arrays when first used)."""
    lists = _PostingLists(stored)
    lists.rows = rows
    return lists


def _merge_postings(postings: dict[str, array], batch: disk.Postings, base: int) -> None:
    """Add a batch's postings (rows counted from 0) to the index's, the batch beginning at row `base`."""
    shift = base.__add__
    for word, data in batch.items():
        local = array("I")
        local.frombytes(data)
        found = postings.get(word)
        if found is None:
            postings[word] = array("I", map(shift, local)) if base else local
        else:
            found.extend(map(shift, local))


def _parse_batches(todo: list[MeetingFile]) -> Iterator[tuple[list[tuple[MeetingFile, Record]], Indexed]]:
    """The files read, parsed and indexed, in order, a batch at a time; by worker processes when there are many."""
    paths = [meeting.absolute for meeting in todo]
    chunks = [paths[first : first + BATCH] for first in range(0, len(paths), BATCH)]
    cores = os.cpu_count() or 1
    if len(todo) >= POOL_MINIMUM and cores > 1:
        results: Iterable[disk.Batch] = disk.parse_in_workers(chunks, min(cores, 4))
    else:
        results = (disk.parse_files(chunk) for chunk in chunks)
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


# --- one search ----------------------------------------------------------------

def _phrase_pattern(phrase: str, closed: bool) -> re.Pattern[str]:
    """A folded phrase as a pattern: its words in order, any whitespace between, whole words (the last one open while typed)."""
    words = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(r"(?<![^\W_])" + words + (r"(?![^\W_])" if closed else ""))


def _word_likeness(term: Term, word: str) -> float:
    """How well a query word matches a word of a forum's name (which need not occur in any row)."""
    if word == term.text:
        return 1.0
    if len(term.text) >= 2 and word.startswith(term.text):
        return 0.96 if term.last else 0.88
    if len(term.text) >= 4 and term.text.isalpha():
        score = fuzz.ratio(term.text, word, score_cutoff=78)
        if score:
            return 0.9 * score / 100
    return 0.0


def _newest_allowed(found: array, allowed: set[int]) -> set[int]:
    """The newest (about CANDIDATE_CAP) rows of a posting list that the filters allow."""
    reach = CANDIDATE_CAP
    while True:
        part = allowed.intersection(found[-reach:])
        if len(part) >= CANDIDATE_CAP or reach >= len(found):
            return part
        reach *= 4


def _contains(found: array, row: int) -> bool:
    """True when the sorted posting list holds the row."""
    position = bisect_left(found, row)
    return position < len(found) and found[position] == row


def _intersect(rows: set[int], found: array, low: int, high: int) -> set[int]:
    """The rows that are also in a sorted posting list (looked up one by one when the list is much longer)."""
    start = bisect_left(found, low)
    end = bisect_right(found, high, start)
    if end - start > 16 * len(rows):
        return {row for row in rows if _contains(found, row)}
    return rows.intersection(found[start:end])


class _Search:
    """One query against the index: candidates, a cheap score, then rapidfuzz on the best."""

    def __init__(self, index: SearchIndex, query: Query) -> None:
        """Expand the query's words against the index's vocabulary."""
        self.index = index
        self.query = query
        self.terms: list[Term] = []
        total = max(1, len(index._r_text) - index._dead_rows)
        words = list(query.words)
        for token, last in words:
            term = Term(token, last, token in STOPWORDS and not last)
            if term.optional:
                continue
            term.expansions = index._expand(token, last)
            if not term.expansions and not token.isalnum():
                for piece in re.findall(r"[^\W_]+", token):
                    if piece not in STOPWORDS:
                        extra = Term(piece, False, False)
                        extra.expansions = index._expand(piece, False)
                        self._context(extra)
                        self._weigh(extra, total)
                        self.terms.append(extra)
                continue
            self._context(term)
            self._weigh(term, total)
            self.terms.append(term)
        self.phrases = [_phrase_pattern(phrase, closed) for phrase, closed in query.phrases]
        self.text = query.text

    def _context(self, term: Term) -> None:
        """Where a word may match a row's place instead of its text: a forum's name, or the meeting's year."""
        words = dict(term.expansions)
        for forum, tokens in enumerate(self.index._forum_tokens):
            best = max((words.get(word) or _word_likeness(term, word) for word in tokens), default=0.0)
            if best:
                term.forums[forum] = best
        if len(term.text) == 4 and term.text.isdigit() and 1900 <= int(term.text) <= 2100:
            term.year = int(term.text)

    def _weigh(self, term: Term, total: int) -> None:
        """The word's weight: rarer words count more (a mild inverse document frequency)."""
        vocabulary = self.index._vocab()
        frequency = sum(vocabulary.df(word) for word, _ in term.expansions[:8])
        term.idf = math.log(1 + total / (1 + min(frequency, total)))

    # --- candidates ------------------------------------------------------------

    def candidates(self) -> tuple[set[int], list[dict[int, float]]]:
        """The candidate rows and, per term, each candidate's match quality."""
        index = self.index
        allowed = index._allowed_rows(self.query)
        postings, named = index._postings, index._named
        scored = [term for term in self.terms if term.expansions]
        if not scored:
            return set(), [{} for _ in self.terms]
        seeds = [term for term in scored if not term.context_only] or scored
        sizes = {id(term): sum(len(postings[word]) for word, _ in term.expansions) for term in scored}
        seed = min(seeds, key=lambda term: sizes[id(term)])
        rows: set[int] = set()
        parts: dict[int, list[tuple[float, set[int]]]] = {id(seed): []}
        for word, quality in seed.expansions:
            found = postings[word]
            if allowed is not None:
                part = _newest_allowed(found, allowed)
                part.update(allowed.intersection(named.get(word, ())[-4 * NAMED_CAP :]))
            elif len(found) <= CANDIDATE_CAP:
                part = set(found)
            else:
                part = set(found[-CANDIDATE_CAP:])
                part.update(named.get(word, ())[-NAMED_CAP:])
            if part:
                parts[id(seed)].append((quality, part))
                rows |= part
            if len(rows) >= CANDIDATE_CAP and quality < 1.0:
                break
        if index._dead_rows:
            alive = index._r_alive
            rows = {row for row in rows if alive[row]}
        for term in sorted(scored, key=lambda term: (term.context_only, sizes[id(term)])):
            if term is seed or not rows:
                continue
            low, high = min(rows), max(rows)
            term_parts = []
            matched: set[int] = set()
            for word, quality in term.expansions:
                part = _intersect(rows, postings[word], low, high)
                if part:
                    term_parts.append((quality, part))
                    matched |= part
            parts[id(term)] = term_parts
            if term.context_only:
                matched |= self._placed(term, rows)
            if matched:
                rows = matched
        qualities: list[dict[int, float]] = []
        for term in self.terms:
            best: dict[int, float] = {}
            for quality, part in parts.get(id(term), ()):
                fresh = (part & rows) - best.keys()
                best.update(dict.fromkeys(fresh, quality))
            qualities.append(best)
        return rows, qualities

    def _placed(self, term: Term, rows: set[int]) -> set[int]:
        """The rows whose place (forum, year) satisfies the term."""
        index = self.index
        found: set[int] = set()
        if term.forums:
            forum_of = index._row_forums()
            wanted = set(term.forums)
            found.update(row for row in rows if forum_of[row] in wanted)
        if term.year is not None:
            years, meeting_of, year = index._meeting_years(), index._r_meeting, term.year
            found.update(row for row in rows if years[meeting_of[row]] == year)
        return found

    def _context_quality(self, term: Term, row: int) -> float:
        """How well a row's place (forum, year) satisfies a word it does not contain."""
        index = self.index
        number = index._r_meeting[row]
        quality = term.forums.get(index._m_forum[number], 0.0) * 0.8
        if term.year is not None and index._meeting_years()[number] == term.year:
            quality = max(quality, 0.8)
        return quality

    # --- ranking -----------------------------------------------------------------

    def run(self, limit: int) -> list[Hit]:
        """Rank the candidates and build the best `limit` hits."""
        if not self.terms and not self.phrases:
            return self._filtered_only(limit)
        rows, qualities = self.candidates()
        cheap = self._cheap(rows, qualities)
        index = self.index
        wanted = max(RANKED_PLACES, limit * 2)
        places: dict[tuple[int, int], list[int]] = {}
        for scanned in (heapq.nlargest(SCANNED_ROWS, cheap), sorted(cheap, reverse=True)):
            places = {}
            for _, row in scanned:
                key = (index._r_meeting[row], index._r_point[row])
                kept = places.get(key)
                if kept is None:
                    if len(places) >= wanted:
                        continue
                    places[key] = kept = []
                if len(kept) < 2:
                    kept.append(row)
            if len(places) >= wanted or len(scanned) == len(cheap):
                break
        weights = [term.idf for term in self.terms]
        total_weight = sum(weights) or 1.0
        ranked: list[tuple[float, int, int, tuple[int, int]]] = []
        for key, kept in places.items():
            best = max((self._score(row, self._matched(row, qualities), weights, total_weight), row) for row in kept)
            ranked.append((best[0], index._m_date[key[0]], best[1], key))
        ranked.extend(self._forum_places())
        ranked.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [self._hit(score, row, key) for score, _, row, key in ranked[:limit]]

    def _cheap(self, rows: set[int], qualities: list[dict[int, float]]) -> list[tuple[float, int]]:
        """(cheap score, row) of every candidate: the field's weight times the weighted share of words matched."""
        fields = self.index._r_field
        weights = _WEIGHTS
        if len(self.terms) == 1 and not self.terms[0].context_only:
            best = qualities[0]
            return [(weights[fields[row]] * best.get(row, 0.0), row) for row in rows]
        index = self.index
        forum_of = index._row_forums() if any(term.forums for term in self.terms) else None
        years = index._meeting_years()
        meeting_of = index._r_meeting
        plan = []
        for term, best in zip(self.terms, qualities, strict=True):
            forums = [0.0] * (len(index._forums) + 1)  # the last slot stands for "no forum" (-1)
            for forum, quality in term.forums.items():
                forums[forum] = 0.8 * quality
            plan.append((term.idf, best, forums if term.forums else None, term.year))
        cheap = []
        for row in rows:
            coverage = 0.0
            for weight, best, forums, year in plan:
                quality = best.get(row, 0.0)
                if quality < 0.8 and (forums is not None or year is not None):
                    if forums is not None and forum_of is not None:
                        quality = max(quality, forums[forum_of[row]])
                    if year is not None and years[meeting_of[row]] == year:
                        quality = 0.8
                coverage += weight * quality
            cheap.append((weights[fields[row]] * coverage, row))
        return cheap

    def _matched(self, row: int, qualities: list[dict[int, float]]) -> list[float]:
        """Each term's match quality in a row, its place counted for words it does not contain."""
        found = []
        for term, best in zip(self.terms, qualities, strict=True):
            quality = best.get(row, 0.0)
            if quality < 0.8 and term.context_only:
                quality = max(quality, self._context_quality(term, row))
            found.append(quality)
        return found

    def _score(self, row: int, matched: list[float], weights: list[float], total_weight: float) -> float:
        """A row's final score, 0..100: coverage of the query's words, rapidfuzz likeness, field; exact phrases first."""
        index = self.index
        folded = index._folded(row)
        coverage = sum(weight * quality for weight, quality in zip(weights, matched, strict=True)) / total_weight
        if len(folded) <= SHORT_TEXT:
            window = folded
            whole = fuzz.ratio(self.text, folded) if self.text else 0.0
        else:
            start, end = self._window(folded)
            window = folded[start:end]
            whole = 0.0
        likeness = fuzz.partial_ratio(self.text, window) if self.text else 0.0
        score = FIELD_WEIGHT[index._r_field[row]] * (62 * coverage + 26 * likeness / 100 + 12 * whole / 100)
        if self.phrases:
            exact = all(phrase.search(folded) for phrase in self.phrases)
            score = 50 + score / 2 if exact else score / 2
        return round(min(100.0, score), 2)

    def _matches(self, folded: str) -> list[tuple[int, int, int, float]]:
        """Where the query's words occur in folded text: (start, end, term, quality), in order."""
        found: list[tuple[int, int, int, float]] = []
        for number, term in enumerate(self.terms):
            for word, quality in term.expansions[:MATCHED_WORDS]:
                position = folded.find(word)
                count = 0
                while position != -1 and count < MATCHES_PER_WORD:
                    end = position + len(word)
                    alone_before = position == 0 or not folded[position - 1].isalnum()
                    if alone_before and (end == len(folded) or not folded[end].isalnum()):
                        found.append((position, end, number, quality))
                        count += 1
                    position = folded.find(word, end)
        for phrase in self.phrases:
            for match in phrase.finditer(folded):
                found.append((match.start(), match.end(), -1, 1.0))
        found.sort()
        return found

    def _window(self, folded: str, matches: list[tuple[int, int, int, float]] | None = None) -> tuple[int, int]:
        """The stretch of folded text (at most WINDOW_CHARS) that holds the most of the query."""
        matches = self._matches(folded) if matches is None else matches
        if not matches:
            return 0, min(len(folded), WINDOW_CHARS)
        best = (-1.0, 0, 0)
        weights = [term.idf for term in self.terms]
        for first, (start, _, _, _) in enumerate(matches):
            value = 0.0
            seen: dict[int, float] = {}
            end = start
            for other in matches[first:]:
                if other[1] - start > WINDOW_CHARS:
                    break
                end = other[1]
                seen[other[2]] = max(seen.get(other[2], 0.0), other[3])
            phrase_weight = 2.0 * max(weights, default=1.0)
            value = sum((weights[term] if term >= 0 else phrase_weight) * quality for term, quality in seen.items())
            if value > best[0]:
                best = (value, start, end)
        return best[1], best[2]

    def _forum_places(self) -> list[tuple[float, int, int, tuple[int, int]]]:
        """Forums whose name matches the query, as places of their own (pointing at their newest meeting)."""
        if self.query.years or self.query.cases or not self.terms:
            return []
        index = self.index
        allowed = None
        for wanted in self.query.forums:
            allowed = set(index._matching_forums(wanted)) & (allowed if allowed is not None else set(range(len(index._forums))))
        weights = [term.idf for term in self.terms]
        total_weight = sum(weights) or 1.0
        places = []
        for forum, (name, _) in enumerate(index._forum_folded):
            if allowed is not None and forum not in allowed:
                continue
            coverage = sum(weight * term.forums.get(forum, 0.0) for term, weight in zip(self.terms, weights, strict=True))
            if coverage <= 0:
                continue
            newest = index._newest_meeting(forum)
            if newest is None:
                continue
            likeness = fuzz.partial_ratio(self.text, name)
            score = 62 * coverage / total_weight + 26 * likeness / 100 + 12 * fuzz.ratio(self.text, name) / 100
            if self.phrases:
                exact = all(phrase.search(name) for phrase in self.phrases)
                score = 50 + score / 2 if exact else score / 2
            places.append((round(min(100.0, score), 2), index._m_date[newest], -1 - forum, (newest, -2)))
        return places

    def _filtered_only(self, limit: int) -> list[Hit]:
        """A query of filters alone: the points with the case number, or the meetings' titles, newest first."""
        index = self.index
        numbers = index._allowed_meetings(self.query)
        if self.query.cases:
            rows = index._rows_with_case(self.query.cases, None if numbers is None else set(numbers))
        else:
            titled = [number for number in numbers or () if index._r_field[index._m_start[number]] == TITLE
                      and index._m_end[number] > index._m_start[number]]
            rows = [index._m_start[number] for number in titled]
        rows.sort(key=lambda row: (-index._m_date[index._r_meeting[row]], row))
        return [self._hit(100.0, row, (index._r_meeting[row], index._r_point[row])) for row in rows[:limit]]

    # --- hits and excerpts ------------------------------------------------------

    def _hit(self, score: float, row: int, key: tuple[int, int]) -> Hit:
        """The hit for a ranked row (a negative row stands for a forum)."""
        index = self.index
        number, point = key
        path = index._m_path[number]
        date = dt.date.fromordinal(index._m_date[number])
        if row < 0:
            forum = -1 - row
            name = index._forums[forum].name
            excerpt, spans = self._excerpt(name)
            return Hit(path, date, name, None, None, FIELD_NAMES[FORUM], None, score, excerpt, spans)
        code = index._r_field[row]
        point_number, point_title = (None, None)
        if point >= 0:
            point_number, point_title, _ = index._m_points[number][point]
        heading = index._r_heading[row] if code in (SECTION, PERSON) else None
        excerpt, spans = self._excerpt(index._r_text[row])
        forum = index._forum_name(number)
        return Hit(path, date, forum, point_number, point_title, FIELD_NAMES[code], heading, score, excerpt, spans)

    def _excerpt(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """A short excerpt of the original text around the best match, and the spans of the matching words in it."""
        mapping = FoldMap(text)
        folded = mapping.folded
        matches = self._matches(folded)
        if len(text) <= EXCERPT_CHARS:
            start, end = 0, len(text)
        else:
            low, high = self._window(folded, matches)
            start, end = mapping.original(low), mapping.original_end(high)
            room = EXCERPT_CHARS - (end - start)
            if room > 0:
                start = max(0, start - room // 3)
                end = min(len(text), start + EXCERPT_CHARS)
                start = max(0, min(start, end - EXCERPT_CHARS))
            start, end = _snap(text, start, end, mapping.original(low))
        pieces: list[str] = []
        where: dict[int, int] = {}
        length = 0
        if start > 0:
            pieces.append("…")
            length = 1
        previous_space = True
        for position in range(start, end):
            char = text[position]
            if char.isspace():
                if previous_space:
                    where[position] = length
                    continue
                char = " "
                previous_space = True
            else:
                previous_space = False
            where[position] = length
            pieces.append(char)
            length += 1
        while pieces and pieces[-1] == " ":
            pieces.pop()
            length -= 1
        if end < len(text):
            pieces.append("…")
        excerpt = "".join(pieces)
        spans: list[tuple[int, int]] = []
        for low, high, _, _ in matches:
            first, last = mapping.original(low), mapping.original_end(high) - 1
            if first < start or last >= end:
                continue
            span = (where[first], min(where[last] + 1, length))
            if span[1] > span[0]:
                spans.append(span)
        return excerpt, _merge(spans)


def _snap(text: str, start: int, end: int, keep: int) -> tuple[int, int]:
    """Move an excerpt's ends to word boundaries (without losing the position `keep`)."""
    if start > 0:
        space = text.find(" ", start, min(keep, start + 20))
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start + 1, end - 20), end)
        if space != -1:
            end = space
    return start, end


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans with overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)
