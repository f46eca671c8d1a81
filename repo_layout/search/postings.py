"""Posting lists: for each folded word, the rows that hold it, ascending; made from records, merged, intersected.

A list is an array("I") of row ids. Batches of files are indexed on their own
(rows counted from 0, possibly in a worker process, handed over as bytes) and
merged into the index's lists at the row where the batch begins. A warm start
keeps a snapshot's lists as bytes until a word is first looked up
(`SnapshotPostings`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

from repo_layout.search.records import CASE, NAMING, Record
from repo_layout.search.textfold import fold, index_words

Postings = dict[str, bytes]
"""word -> the rows holding it, as the bytes of an array("I"), ascending."""
Indexed = tuple[Postings, Postings, list[tuple[str, int]]]
"""The postings of every row and of the naming rows, and (folded case number, row), rows counted from 0."""


def index_records(records: list[Record]) -> Indexed:
    """Cut the rows of some records into words: postings of all rows, of the naming rows, and the case numbers."""
    postings: dict[str, array] = {}
    named: dict[str, array] = {}
    cases: list[tuple[str, int]] = []
    row = 0
    for record in records:
        if record[0] != "ok":
            continue
        for _, code, _, text in record[1]:
            folded = fold(text)
            tokens = index_words(folded)
            for token in tokens:
                found = postings.get(token)
                if found is None:
                    postings[token] = found = array("I")
                found.append(row)
            if code in NAMING:
                for token in tokens:
                    found = named.get(token)
                    if found is None:
                        named[token] = found = array("I")
                    found.append(row)
                if code == CASE:
                    cases.append((folded.strip(), row))
            row += 1
    return (
        {word: found.tobytes() for word, found in postings.items()},
        {word: found.tobytes() for word, found in named.items()},
        cases,
    )


class SnapshotPostings(dict):
    """Posting lists by word, kept as a snapshot's bytes until a word is first looked up.

    A warm start then costs one dict copy instead of one array per word (about 140,000 at 10,000 meetings).
    Each list is checked when it is made: whole rows only, and only rows the snapshot has (`snapshot.check_snapshot`
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


def from_snapshot(stored: dict[str, bytes], rows: int) -> dict[str, array]:
    """Posting lists from the bytes a snapshot of `rows` rows keeps them as (made into arrays when first used)."""
    lists = SnapshotPostings(stored)
    lists.rows = rows
    return lists


def merge_postings(postings: dict[str, array], batch: Postings, base: int) -> None:
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


def contains(found: array, row: int) -> bool:
    """True when the sorted posting list holds the row."""
    position = bisect_left(found, row)
    return position < len(found) and found[position] == row


def intersect(rows: set[int], found: array, low: int, high: int) -> set[int]:
    """The rows that are also in a sorted posting list (looked up one by one when the list is much longer)."""
    start = bisect_left(found, low)
    end = bisect_right(found, high, start)
    if end - start > 16 * len(rows):
        return {row for row in rows if contains(found, row)}
    return rows.intersection(found[start:end])
