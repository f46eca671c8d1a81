"""What a search index holds, as columns: one entry per meeting, one per row, and the posting lists of the rows' words.

A row is one searchable text (a title, a section, a decision, a person, ...).
Meetings own consecutive ranges of rows, in the order they were added; an
update never renumbers them: a changed or deleted meeting's rows stay as dead
rows (revived by a checkout back, dropped by a compaction, see `updating`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from array import array
from pathlib import Path

from repo_layout.search.listing import ForumEntry, MeetingFile, Trusted
from repo_layout.search.postings import Indexed, merge_postings
from repo_layout.search.records import Record
from repo_layout.search.results import ActionRow, DecisionRow
from repo_layout.search.textfold import Vocabulary, fold, index_words


class Columns:
    """A search index's data: meeting columns (m_*, by meeting number), row columns (r_*, by row id), postings, forums.

    Also what the cache on disk knows (journal, snapshot, trusted signatures), and what is derived from the
    columns (vocabulary, expansions, decision log, ...), dropped by `changed()` after every change.
    """

    def __init__(self) -> None:
        """No meeting and no row."""
        self.m_path: list[str] = []
        self.m_blob: list[str] = []
        self.m_date: list[int] = []
        """Ordinals of the meetings' dates."""
        self.m_year: list[int] = []
        self.m_seq: list[int] = []
        self.m_start: list[int] = []
        self.m_end: list[int] = []
        """Each meeting's rows are range(m_start, m_end)."""
        self.m_points: list[tuple] = []
        """Each meeting's points as records.PointInfo tuples."""
        self.m_actions: list[tuple] = []
        """Each meeting's actions as records.ActionInfo tuples."""
        self.m_cycle: list[tuple] = []
        """Each meeting's status, postponed and carried points and follow-up items (records.CycleInfo)."""
        self.m_alive = bytearray()
        self.m_forum: list[int] = []
        """Each meeting's forum (-1: none)."""
        self.by_path: dict[str, int] = {}
        """The living meetings by path."""
        self.by_blob: dict[str, int] = {}
        self.r_meeting = array("I")
        self.r_point = array("i")
        """Each row's point index (-1: the meeting itself)."""
        self.r_field = bytearray()
        """Each row's field code (records.FIELD_NAMES)."""
        self.r_heading: list[str | None] = []
        self.r_text: list[str] = []
        self.r_alive = bytearray()
        self.r_forum = array("h")
        self.dead_rows = 0
        self.postings: dict[str, array] = {}
        """Folded word -> the rows holding it, ascending."""
        self.named: dict[str, array] = {}
        """The same for the naming fields' rows only (titles, people, cases, attachments)."""
        self.forums: list[ForumEntry] = []
        self.forum_tokens: list[set[str]] = []
        self.forum_folded: list[tuple[str, str]] = []
        """Each forum's folded name and folded folder."""
        self.forum_by_folder: dict[str, int] = {}
        self.case_keys: list[str] = []
        self.case_rows: list[int] = []
        self.case_pending: list[tuple[str, int]] = []
        """(folded case number, row) added since case_table() last sorted them in."""
        self.broken: dict[str, str] = {}
        """Meeting files that could not be read, by path, with the reason; they are retried when their blob changes."""
        self.broken_blobs: dict[str, str] = {}
        self.journal: dict[str, Record] = {}
        """Records the snapshot on disk lacks, by blob id (written as the journal)."""
        self.snapshot_id: str | None = None
        self.snapshot_blobs: set[str] = set()
        self.trusted: Trusted = {}
        self.dirty = True
        """True when the cache on disk lags behind."""
        self.compacted = False
        """True when a compaction renumbered the rows: the next save writes a whole snapshot."""
        self.changed()

    def changed(self) -> None:
        """Drop everything derived from the rows (vocabulary, caches), after a change."""
        self.vocabulary_made: Vocabulary | None = None
        self.expansions: dict[tuple[str, bool], list[tuple[str, float]]] = {}
        self.folded_rows: dict[int, str] = {}
        self.filter_rows: dict[tuple, set[int] | None] = {}
        self.decision_rows: list[DecisionRow] | None = None
        self.decision_ids: list[int] = []
        self.decision_titles: dict[int, int] = {}
        self.decision_set: set[int] = set()
        self.action_rows: list[ActionRow] | None = None
        self.newest: dict[int, int] | None = None

    # --- changing the columns ----------------------------------------------------

    def append(self, meeting: MeetingFile, record: Record) -> None:
        """Append a meeting and its rows (their words are merged into the postings by add_postings)."""
        number = len(self.m_path)
        start = len(self.r_text)
        _, rows, points, actions, cycle = record
        count = len(rows)
        forum = self.forum_by_folder.get(posixpath.dirname(meeting.path), -1)
        self.r_meeting.extend(array("I", (number,)) * count)
        self.r_point.extend(array("i", [row[0] for row in rows]))
        self.r_field.extend(bytes([row[1] for row in rows]))
        self.r_heading.extend([row[2] for row in rows])
        self.r_text.extend([row[3] for row in rows])
        self.r_alive.extend(b"\x01" * count)
        self.r_forum.extend(array("h", (forum,)) * count)
        self.m_path.append(meeting.path)
        self.m_blob.append(meeting.blob or "")
        self.m_date.append(meeting.date.toordinal())
        self.m_year.append(meeting.date.year)
        self.m_seq.append(meeting.sequence)
        self.m_start.append(start)
        self.m_end.append(start + count)
        self.m_points.append(points)
        self.m_actions.append(actions)
        self.m_cycle.append(cycle)
        self.m_alive.append(1)
        self.m_forum.append(forum)
        self.by_path[meeting.path] = number
        if meeting.blob:
            self.by_blob[meeting.blob] = number

    def add_postings(self, indexed: Indexed, base: int) -> None:
        """Merge a batch's postings and case numbers (rows counted from 0), the batch's rows beginning at `base`."""
        postings, named, cases = indexed
        merge_postings(self.postings, postings, base)
        merge_postings(self.named, named, base)
        self.case_pending.extend((case, base + row) for case, row in cases)

    def kill(self, number: int) -> None:
        """Mark a meeting and its rows dead (they stay indexed until the next compaction, and can be revived)."""
        if not self.m_alive[number]:
            return
        self.m_alive[number] = 0
        start, end = self.m_start[number], self.m_end[number]
        self.r_alive[start:end] = bytes(end - start)
        self.dead_rows += end - start
        if self.by_path.get(self.m_path[number]) == number:
            del self.by_path[self.m_path[number]]

    def revive(self, number: int, meeting: MeetingFile) -> None:
        """Bring a meeting with the same blob back (dead: a checkout) or over (alive: a rename), at the meeting's path."""
        current = self.by_path.get(meeting.path)
        if current is not None and current != number:
            self.kill(current)
        start, end = self.m_start[number], self.m_end[number]
        if self.m_alive[number]:
            if self.by_path.get(self.m_path[number]) == number:
                del self.by_path[self.m_path[number]]
        else:
            self.m_alive[number] = 1
            self.r_alive[start:end] = b"\x01" * (end - start)
            self.dead_rows -= end - start
        self.m_path[number] = meeting.path
        self.m_date[number] = meeting.date.toordinal()
        self.m_year[number] = meeting.date.year
        self.m_seq[number] = meeting.sequence
        self.by_path[meeting.path] = number
        forum = self.forum_by_folder.get(posixpath.dirname(meeting.path), -1)
        self.m_forum[number] = forum
        self.r_forum[start:end] = array("h", (forum,)) * (end - start)

    def set_forums(self, forums: list[ForumEntry]) -> None:
        """Take the forums' names and folders, and point every meeting at its forum."""
        self.forums = list(forums)
        self.forum_folded = [(" ".join(fold(forum.name).split()), fold(forum.folder)) for forum in forums]
        self.forum_tokens = [index_words(name) | index_words(posixpath.basename(folder)) for name, folder in self.forum_folded]
        by_folder = {forum.folder: index for index, forum in enumerate(forums)}
        self.forum_by_folder = by_folder
        self.m_forum = [by_folder.get(posixpath.dirname(path), -1) for path in self.m_path]
        row_forum = array("h", (-1,)) * len(self.r_text)
        for number, forum in enumerate(self.m_forum):
            start, end = self.m_start[number], self.m_end[number]
            if forum >= 0 and end > start:
                row_forum[start:end] = array("h", (forum,)) * (end - start)
        self.r_forum = row_forum
        self.newest = None
        self.filter_rows = {}

    # --- reading the columns -----------------------------------------------------

    def record_of(self, number: int) -> Record:
        """The record of an indexed meeting, rebuilt from its rows (no file is read)."""
        rows = tuple(
            (self.r_point[row], self.r_field[row], self.r_heading[row], self.r_text[row])
            for row in range(self.m_start[number], self.m_end[number])
        )
        return ("ok", rows, self.m_points[number], self.m_actions[number], self.m_cycle[number])

    def meeting_file(self, number: int, root: Path) -> MeetingFile:
        """An indexed meeting as the listing of the repository at `root` would show it."""
        path = self.m_path[number]
        date = dt.date.fromordinal(self.m_date[number])
        return MeetingFile(path, str(root / path), date, self.m_seq[number], self.m_forum[number], self.m_blob[number])

    def forum_name(self, number: int) -> str:
        """The display name of a meeting's forum."""
        forum = self.m_forum[number]
        return self.forums[forum].name if forum >= 0 else posixpath.dirname(self.m_path[number])

    def living_newest_first(self) -> list[int]:
        """The living meetings, newest first (same day: the later sequence first), then by path."""
        living = list(self.by_path.values())
        living.sort(key=lambda number: self.m_path[number])
        living.sort(key=lambda number: (self.m_date[number], self.m_seq[number]), reverse=True)
        return living

    def newest_meeting(self, forum: int) -> int | None:
        """The newest living meeting of a forum (same day: the later sequence, then the first path)."""
        if self.newest is None:
            newest: dict[int, tuple[int, int, str, int]] = {}
            dates, sequences, paths, forums = self.m_date, self.m_seq, self.m_path, self.m_forum
            for number in self.by_path.values():
                key = (dates[number], sequences[number], paths[number], number)
                known = newest.get(forums[number])
                if known is None or key[:2] > known[:2] or (key[:2] == known[:2] and key[2] < known[2]):
                    newest[forums[number]] = key
            self.newest = {forum: key[3] for forum, key in newest.items()}
        return self.newest.get(forum)

    def case_table(self) -> tuple[list[str], list[int]]:
        """Every case-number row's folded text, sorted (for prefix lookups), with the row."""
        if self.case_pending:
            merged = sorted([*zip(self.case_keys, self.case_rows, strict=True), *self.case_pending])
            self.case_keys = [key for key, _ in merged]
            self.case_rows = [row for _, row in merged]
            self.case_pending = []
        return self.case_keys, self.case_rows

    def folded(self, row: int) -> str:
        """A row's folded text (kept for a while: typing asks for the same rows again)."""
        found = self.folded_rows.get(row)
        if found is None:
            if len(self.folded_rows) > 8192:
                self.folded_rows.clear()
            found = self.folded_rows[row] = fold(self.r_text[row])
        return found

    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the posting lists, made again after they changed."""
        if self.vocabulary_made is None:
            self.vocabulary_made = Vocabulary(self.postings)
        return self.vocabulary_made
