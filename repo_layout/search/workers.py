"""Reading, parsing and indexing a batch of meeting files: here, or in worker processes for a cold build.

This module is what a worker process imports (through `repo_layout.worker_pool`), so it imports only
what reading a file needs: records, posting lists and folding.
"""

from __future__ import annotations

from collections.abc import Iterator

from repo_layout.search.postings import Postings, index_records
from repo_layout.search.records import Record, read_record
from repo_layout.worker_pool import map_in_workers

Batch = tuple[list[tuple[str, Record] | None], Postings, Postings, list[tuple[str, int]]]
"""What indexing a batch of files gives: per file (blob id, record) or None when it could not be read; then the
postings of every row and of the naming rows, and (folded case number, row), with rows numbered from 0 across
the batch's readable records in order (the index adds where the batch begins)."""


def parse_files(paths: list[str]) -> Batch:
    """Read, parse and index a batch of meeting files (in a worker process for a cold build)."""
    items = [read_record(path) for path in paths]
    return (items, *index_records([item[1] for item in items if item is not None]))


def parse_in_workers(batches: list[list[str]], workers: int) -> Iterator[Batch]:
    """parse_files of every batch, in order, spread over `workers` Python processes (a batch a worker fails is parsed here)."""
    for batch, result in zip(batches, map_in_workers(parse_files, batches, workers), strict=True):
        yield result if isinstance(result, tuple) and len(result) == 4 else parse_files(batch)
