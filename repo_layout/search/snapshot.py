"""The search index's snapshot: what it holds, the check that it hangs together, and columns made from it and back.

A snapshot is every row and the inverted index of an index, as written after a
full build (`cache` writes and reads the file). One read back whole (checksum
right) is still checked column by column before it is used: a file written by
a broken program, or made to look right, is rebuilt instead.
"""

from __future__ import annotations

import datetime as dt
import secrets
import struct
from array import array
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from repo_layout.search.columns import Columns
from repo_layout.search.postings import from_snapshot
from repo_layout.search.records import (
    ACTION_KINDS,
    FIELD_NAMES,
    MAX_ORDINAL,
    NONE,
    POINT_KINDS,
    cycle_sound,
    typed_tuples,
)

# --- checking what a snapshot holds --------------------------------------------


class CacheInconsistent(ValueError):
    """A cache file read back whole (checksum right) whose content does not hang together: it is rebuilt."""


_FIELD_CODES = bytes(range(len(FIELD_NAMES)))
_ROW_ID = struct.Struct("=I")
"""A row's meeting number as an array("I") holds it (native byte order, 4 bytes)."""


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise CacheInconsistent(what)


def _strings(value: Any, optional: bool = False) -> bool:
    """A list of str (or None, when optional); types are gathered in C, so a million items cost milliseconds."""
    return type(value) is list and set(map(type, value)) <= ({str, NONE} if optional else {str})


def _ints(value: Any) -> bool:
    return type(value) is list and set(map(type, value)) <= {int}


def _postings_sound(postings: Any) -> bool:
    """word -> row ids as bytes (each list's rows are checked when the index first uses it: see postings.SnapshotPostings)."""
    return type(postings) is dict and set(map(type, postings)) <= {str} and set(map(type, postings.values())) <= {bytes}


def check_snapshot(snapshot: Any) -> None:
    """Raise CacheInconsistent unless every column, range, row id and record of a snapshot is usable as the index uses it.

    The checksum only says the bytes are the ones written; this says they make
    an index (a file written by a broken program, or made to look right, is rebuilt).
    """
    _need(type(snapshot) is dict and type(snapshot.get("id")) is str, "not a snapshot")
    meetings = snapshot.get("m")
    rows_part = snapshot.get("r")
    _need(type(meetings) is tuple and len(meetings) == 10 and type(rows_part) is tuple and len(rows_part) == 6, "parts")
    paths, blobs, dates, sequences, starts, ends, points, actions, alive, cycles = meetings
    row_meeting, row_point, fields, headings, texts, row_alive = rows_part
    _need(_strings(paths) and _strings(blobs) and _ints(sequences) and _ints(starts) and _ints(ends), "meeting columns")
    _need(_ints(dates) and (not dates or (min(dates) >= 1 and max(dates) <= MAX_ORDINAL)), "dates")
    _need(type(points) is list and type(actions) is list and type(alive) is bytes and type(cycles) is list, "meeting columns")
    count = len(paths)
    columns = (blobs, dates, sequences, starts, ends, points, actions, alive, cycles)
    _need(all(len(column) == count for column in columns), "lengths")
    _need(not alive.translate(None, b"\x00\x01"), "alive flags")
    _need(all(type(column) is bytes for column in (row_meeting, row_point, fields, row_alive)), "row columns")
    _need(len(row_meeting) % 4 == 0 and len(row_point) % 4 == 0, "row columns")
    _need(_strings(headings, optional=True) and _strings(texts), "row texts")
    rows = len(texts)
    _need(len(row_meeting) // 4 == rows == len(row_point) // 4 == len(fields) == len(headings) == len(row_alive), "row lengths")
    _need(not fields.translate(None, _FIELD_CODES) and not row_alive.translate(None, b"\x00\x01"), "row codes")
    _need(set(map(type, points)) <= {tuple} and set(map(type, actions)) <= {tuple}, "points")
    _need(typed_tuples(list(chain.from_iterable(points)), 3, POINT_KINDS), "points")
    every_action = list(chain.from_iterable(actions))
    _need(typed_tuples(every_action, 6, ACTION_KINDS), "actions")
    # meetings own consecutive row ranges in their order (the index only appends): each row's owner and point follow
    _need(not count or (starts[0] == 0 and starts[1:] == ends[:-1] and ends[-1] == rows), "row ranges")
    _need(all(map(int.__le__, starts, ends)), "row ranges")
    spans = map(int.__sub__, ends, starts)
    _need(row_meeting == b"".join(map(bytes.__mul__, map(_ROW_ID.pack, range(count)), spans)), "rows of another meeting")
    point_of = array("i")
    point_of.frombytes(row_point)
    point_counts = list(map(len, points))
    _need(not rows or min(point_of) >= -1, "point of a row")
    ranges = zip(starts, ends, point_counts, strict=True)
    _need(all(max(point_of[start:end]) < limit for start, end, limit in ranges if end > start), "point of a row")
    action_points = list(map(itemgetter(0), every_action))
    action_limits = chain.from_iterable(map(repeat, point_counts, map(len, actions)))
    _need(not action_points or min(action_points) >= 0, "point of an action")
    _need(all(map(int.__lt__, action_points, action_limits)), "point of an action")
    dues = [due for due in map(itemgetter(4), every_action) if due is not None]
    _need(not dues or (min(dues) >= 1 and max(dues) <= MAX_ORDINAL), "due dates")
    _need(all(map(cycle_sound, cycles, point_counts)), "cycle marks")
    _need(_postings_sound(snapshot.get("p")) and _postings_sound(snapshot.get("n")), "postings")
    cases = snapshot.get("c")
    _need(type(cases) is tuple and len(cases) == 2 and _strings(cases[0]) and _ints(cases[1]), "cases")
    _need(len(cases[0]) == len(cases[1]) and (not cases[1] or (min(cases[1]) >= 0 and max(cases[1]) < rows)), "cases")
    broken = snapshot.get("b")
    _need(type(broken) is dict and set(map(type, broken)) <= {str} and set(map(type, broken.values())) <= {str}, "broken")
    trusted = snapshot.get("s")
    _need(type(trusted) is dict and set(map(type, trusted)) <= {str}, "signatures")
    entries = list(trusted.values())
    _need(typed_tuples(entries, 2, ({tuple}, {str})), "signatures")
    _need(typed_tuples(list(map(itemgetter(0), entries)), 4, ({int}, {int}, {int}, {int})), "signatures")


# --- an index's columns to a snapshot and back ----------------------------------


def restore(columns: Columns, snapshot: dict[str, Any]) -> None:
    """Take empty columns' content from a snapshot (checked whole first: an inconsistent one raises and is rebuilt)."""
    check_snapshot(snapshot)
    paths, blobs, dates, sequences, starts, ends, points, actions, alive, cycles = snapshot["m"]
    meetings, point_column, fields, headings, texts, row_alive = snapshot["r"]
    columns.m_path, columns.m_blob, columns.m_date, columns.m_seq = list(paths), list(blobs), list(dates), list(sequences)
    columns.m_year = [dt.date.fromordinal(ordinal).year for ordinal in columns.m_date]
    columns.m_start, columns.m_end, columns.m_points, columns.m_actions = list(starts), list(ends), list(points), list(actions)
    columns.m_alive = bytearray(alive)
    columns.m_cycle = list(cycles)
    columns.m_forum = [-1] * len(columns.m_path)
    columns.r_meeting = array("I")
    columns.r_meeting.frombytes(meetings)
    columns.r_point = array("i")
    columns.r_point.frombytes(point_column)
    columns.r_field = bytearray(fields)
    columns.r_heading, columns.r_text = headings, texts  # the snapshot's own lists: it is not used after
    columns.r_alive = bytearray(row_alive)
    rows = len(columns.r_text)
    columns.dead_rows = columns.r_alive.count(0)
    columns.postings = from_snapshot(snapshot["p"], rows)
    columns.named = from_snapshot(snapshot["n"], rows)
    columns.case_keys, columns.case_rows = list(snapshot["c"][0]), list(snapshot["c"][1])
    columns.r_forum = array("h", (-1,)) * rows
    columns.broken_blobs = dict(snapshot["b"])
    columns.by_path = {path: number for number, path in enumerate(columns.m_path) if columns.m_alive[number]}
    columns.by_blob = {blob: number for number, blob in enumerate(columns.m_blob) if blob}
    for number in columns.by_path.values():
        columns.by_blob[columns.m_blob[number]] = number
    columns.trusted = {path: (tuple(signature), blob) for path, (signature, blob) in snapshot["s"].items()}
    columns.snapshot_id = str(snapshot["id"])
    columns.snapshot_blobs = set(columns.m_blob) | set(columns.broken_blobs)
    columns.dirty = False


def contents(columns: Columns) -> dict[str, Any]:
    """The snapshot of some columns, with a new identity (as `cache.write_snapshot` writes it)."""
    return {
        "id": secrets.token_hex(8),
        "m": (
            columns.m_path, columns.m_blob, columns.m_date, columns.m_seq, columns.m_start, columns.m_end,
            columns.m_points, columns.m_actions, bytes(columns.m_alive), columns.m_cycle,
        ),
        "r": (
            columns.r_meeting.tobytes(), columns.r_point.tobytes(), bytes(columns.r_field), columns.r_heading,
            columns.r_text, bytes(columns.r_alive),
        ),
        "p": {word: found.tobytes() for word, found in columns.postings.items()},
        "n": {word: found.tobytes() for word, found in columns.named.items()},
        "c": columns.case_table(),
        "b": columns.broken_blobs,
        "s": columns.trusted,
    }
