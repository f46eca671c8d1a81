"""Search across every meeting of a repository, the decision log and the open actions, from an index kept on disk.

`SearchIndex` is the one object the app and the CLI use: build it, refresh it,
search it, list decisions and open actions; it holds the lock that lets
searches run between the batches of a long update. The work is done by the
package's other modules:

- reading files: `listing` (which meeting files, under which git blob id),
  `records` and `plain_yaml` (a file's bytes to a record of rows), `workers`
  (batches, in worker processes for a cold build);
- the index: `columns` (meeting and row columns), `postings` (each word's
  rows), `updating` (keep, revive, add or parse each file; compaction),
  `cache` and `snapshot` (the cache on disk and its checks);
- a query: `textfold` (folding, the query language, the vocabulary), `terms`
  (each word expanded: itself, words it begins, contains, within a typo),
  `filters` (forum:, year:, case:), `candidates` (rows from the posting lists,
  narrowed word by word), `ranking` (a cheap score, then rapidfuzz on the best
  few dozen places; one hit per place) and `excerpts` (the text around the
  match, with the matching words' spans);
- `decisions`: the decision log and the open actions.

refresh() re-reads only the files whose blob id changed; rows of a changed
meeting stay as dead rows (revived by a checkout back, dropped by a
compaction) so that an update never renumbers the index.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Callable
from pathlib import Path

from repo_layout.model.discover import Repository
from repo_layout.search import cache, decisions, updating
from repo_layout.search.columns import Columns
from repo_layout.search.listing import Listing, list_meetings, resolve_blobs
from repo_layout.search.postings import index_records
from repo_layout.search.ranking import rank
from repo_layout.search.results import ActionRow, DecisionRow, Hit
from repo_layout.search.terms import PreparedQuery
from repo_layout.search.textfold import fold, parse_query

__all__ = ["ActionRow", "DecisionRow", "Hit", "Progress", "SearchIndex", "parse_query"]

Progress = Callable[[int, int], None]


class SearchIndex:
    """Every searchable text of a repository's meetings, kept in step with the files by blob id."""

    COMPACT_ROWS = 20_000
    """Dead rows (of edited or deleted meetings) are dropped for good once there are this many and 30% of all rows."""

    def __init__(self, root: Path, use_cache: bool = True, cache: Path | None = None) -> None:
        """An empty index of the repository at `root` (use build())."""
        self.root = Path(root)
        self.parsed_count = 0
        self._use_cache = use_cache
        self._cache_override = cache
        self._cache: Path | None = cache
        self._lock = threading.RLock()
        """Held by every read and by each step of an update (searches can run between the batches of a long update)."""
        self._updating = threading.Lock()
        """Held for a whole build or refresh, so two refreshes never interleave."""
        self._columns = Columns()

    @property
    def broken(self) -> dict[str, str]:
        """Meeting files that could not be read, by path, with the reason; they are retried when their blob changes."""
        return self._columns.broken

    @property
    def meeting_count(self) -> int:
        """How many meetings are indexed."""
        return len(self._columns.by_path)

    # what tests and benchmarks look at inside: the rows' texts, the dead rows, the meetings' points
    @property
    def _r_text(self) -> list[str]:
        return self._columns.r_text

    @property
    def _dead_rows(self) -> int:
        return self._columns.dead_rows

    @property
    def _m_points(self) -> list[tuple]:
        return self._columns.m_points

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
        listing = list_meetings(repository)
        index._cache = cache_dir or listing.cache
        if use_cache:
            index._columns = cache.load(index._cache)
        index._update(listing, progress)
        return index

    def refresh(self, progress: Progress | None = None) -> int:
        """Re-read only the files whose blob id changed since the last build or refresh; return how many were parsed."""
        listing = list_meetings(Repository(self.root))
        if self._cache_override is None:
            self._cache = listing.cache
        self._update(listing, progress)
        return self.parsed_count

    def _update(self, listing: Listing, progress: Progress | None) -> None:
        """Bring the index in step with the listing: parse what is new (in batches), drop what is gone, save the cache."""
        with self._updating:
            self._update_unlocked(listing, progress)

    def _update_unlocked(self, listing: Listing, progress: Progress | None) -> None:
        """The body of _update, run by one thread at a time (so the columns are replaced by this thread only)."""
        columns = self._columns
        meetings, trusted = resolve_blobs(listing, columns.trusted)
        total = len(meetings)
        with self._lock:
            plan = updating.plan(columns, meetings)
        done = total - len(plan.parse)
        if progress:
            progress(done, total)
        known = [(meeting, record) for meeting, record in plan.add]
        ready = index_records([record for _, record in known])
        with self._lock:
            updating.apply(columns, listing, plan, known, ready)
        todo = sorted(plan.parse, key=lambda item: (item.date, item.sequence, item.path))
        collecting = gc.isenabled() and len(todo) > updating.BATCH
        if collecting:
            gc.disable()  # millions of short-lived sets and tuples: the cyclic collector would rescan them again and again
        try:
            parsed = 0
            for batch, indexed in updating.parse_batches(todo):
                with self._lock:
                    updating.add_parsed(columns, batch, indexed)
                parsed += len(batch)
                if progress:
                    progress(done + parsed, total)
        finally:
            if collecting:
                gc.enable()
        with self._lock:
            self.parsed_count = len(todo)
            columns.trusted = updating.verified(columns, trusted)
            if todo:
                columns.changed()
                columns.dirty = True
            if columns.dead_rows > max(self.COMPACT_ROWS, len(columns.r_text) * 3 // 10):
                self._columns = updating.compacted(columns, self.root)
            self._save()
            self._columns.vocabulary()

    def _save(self) -> None:
        """Write what changed: the whole snapshot after a cold build or many changes, else only the journal."""
        columns = self._columns
        if not self._use_cache or self._cache is None or not columns.dirty:
            return
        columns.dirty = False
        living = {columns.m_blob[number] for number in columns.by_path.values()}
        columns.journal = {
            blob: record for blob, record in columns.journal.items() if blob in living or blob in columns.broken_blobs
        }
        limit = max(64, len(columns.by_path) // 20)
        try:
            if columns.snapshot_id is None or len(columns.journal) > limit or columns.compacted:
                if columns.dead_rows > len(columns.r_text) * 3 // 10:
                    columns = self._columns = updating.compacted(columns, self.root)
                cache.write_snapshot(columns, self._cache)
            else:
                cache.write_journal(columns, self._cache)
        except OSError:
            pass  # a cache that cannot be written costs a slower start, nothing else

    # --- what the screens list --------------------------------------------------

    def forums(self) -> list[str]:
        """Every forum's display name, in the tree's order."""
        with self._lock:
            return [forum.name for forum in self._columns.forums]

    def decisions(
        self,
        forum: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        text: str | None = None,
    ) -> list[DecisionRow]:
        """Every decision of every meeting, newest first; optionally of one forum, in a date range, holding words of `text`."""
        with self._lock:
            return decisions.decisions(self._columns, forum, start, end, text)

    def open_actions(self) -> list[ActionRow]:
        """Every action not done, by due date (none last), then meeting date, path, point and position."""
        with self._lock:
            return decisions.open_actions(self._columns)

    def postponed_points(self) -> list[ActionRow]:
        """The points postponed and not taken up by a later meeting of their forum, oldest first (`postponed` rows)."""
        with self._lock:
            return decisions.postponed_points(self._columns)

    def search(self, query: str, limit: int = 20, forum: str | None = None) -> list[Hit]:
        """The best hits for a query (words, "exact phrases", forum:/year:/case: filters), best first."""
        parsed = parse_query(query)
        if forum:
            parsed.forums.append(" ".join(fold(forum).split()))
        if parsed.empty or limit <= 0:
            return []
        with self._lock:
            return rank(PreparedQuery(self._columns, parsed), limit)
