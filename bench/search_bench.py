"""Search: index build cold and warm, and per-keystroke query time, on the generated repositories.

For each size N (the issue's figures are for 10,000 meetings, about 80,000
points) and each run:
- cold: `SearchIndex.build` with an empty cache folder (every file parsed,
  the cache written), with a progress callback as the app shows it;
- warm: `SearchIndex.build` again from that cache (a restart);
- keystrokes: every prefix of each query in QUERIES, typed one character
  at a time, searched in the warm index (limit 20), each timed.
Floors and the peer, from the same run and process: reading every meeting
file's bytes (cold), reading the cache files' bytes (warm), and, for the
keystrokes, `git grep -i -c WORD` of each query's longest word (what a
plain text search of the repository costs, without ranking or typos).
"""

from __future__ import annotations

import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import Options, Result, from_runs, log, median
from bench.first_paint import prepare

COLD_TARGET = 30.0
WARM_TARGET = 2.0
KEYSTROKE_TARGET_MS = 50.0

QUERIES = (
    "ledelsesgrundlaget",
    "sygefraværet",
    "budgetopfølgningen 2024",
    "tog orienteringen til efterretning",
    '"godkendte indstillingen"',
    "forum:chefgruppe budget",
    "year:2023 klimaplanen",
    "ledelsgrundlag",
    "Oekonomi og Stab",
    "digitaliseringsstrategien",
    "Mette Nørgaard",
    "kompetenceudvikling",
    "trivselsmaaling",
    "Søren Kærgaard",
    "arbejdsmiljøstrategien",
    "rekrutteringen af ledere",
    "velfærdsteknologi",
    "hjemmeplejens ruteplanlægning",
    "energirenovering kommunale bygninger",
    "APV-opfølgningen",
    "Notat om skolestrukturen",
    "kommissorium arbejdsgruppen",
    "Beskæftigelse og Integration",
    "Aeroe Kommune",
    "beredskabsplanen",
    "merforbrug mio. kr.",
    "lønpolitikken",
    "boligsociale helhedsplan",
    "tilsynsraporten",
    "case:24/1",
)
"""Typed one character at a time; every prefix is a keystroke. Typos, æ/ae spellings, people, phrases and filters included."""


def names(sizes: tuple[int, ...]) -> list[str]:
    """The figures this benchmark reports for the given sizes."""
    kinds = ("search_cold_build", "search_warm_build", "search_keystroke_p50", "search_keystroke_p95")
    return [f"{kind}_{size}" for size in sizes for kind in kinds]


@dataclass
class Samples:
    """What was measured on one repository."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    keystrokes: list[float] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    read_files: list[float] = field(default_factory=list)
    read_cache: list[float] = field(default_factory=list)
    grep: list[float] = field(default_factory=list)
    progress_calls: int = 0
    meetings: int = 0
    points: int = 0
    rows: int = 0


def longest_word(query: str) -> str:
    """The longest word of a query, without filters or quotes (what the peer greps for)."""
    words = [word.strip('"') for word in query.split() if ":" not in word]
    return max(words, key=len) if words else query.split(":")[-1]


def measure_grep(repository: Path, samples: Samples) -> None:
    """`git grep -i -c WORD` of each query's longest word, from this process."""
    for query in QUERIES:
        started = time.perf_counter()
        subprocess.run(["git", "grep", "-i", "-c", longest_word(query)], cwd=repository, stdout=subprocess.DEVNULL, check=False)
        samples.grep.append(time.perf_counter() - started)


def measure_floors(repository: Path, cache: Path, samples: Samples) -> None:
    """Read every meeting file's bytes, and every cache file's bytes."""
    started = time.perf_counter()
    for path in repository.glob("*/*/20*.yaml"):
        path.read_bytes()
    samples.read_files.append(time.perf_counter() - started)
    started = time.perf_counter()
    for path in cache.rglob("*.bin"):
        path.read_bytes()
    samples.read_cache.append(time.perf_counter() - started)


def measure_run(repository: Path, samples: Samples) -> None:
    """One cold build, one warm build and every keystroke of every query."""
    from repo_layout.model.discover import Repository
    from repo_layout.search.index import SearchIndex

    cache = Path(tempfile.mkdtemp(prefix="minutes-search-bench-"))
    calls = [0]

    def progress(done: int, total: int) -> None:
        calls[0] += 1

    try:
        gc.collect()
        started = time.perf_counter()
        index = SearchIndex.build(Repository(repository), progress=progress, cache_dir=cache)
        samples.cold.append(time.perf_counter() - started)
        samples.progress_calls = calls[0]
        samples.meetings = index.meeting_count
        samples.points = sum(len(points) for points in index._m_points)
        samples.rows = len(index._r_text)
        del index
        gc.collect()
        started = time.perf_counter()
        index = SearchIndex.build(Repository(repository), cache_dir=cache)
        samples.warm.append(time.perf_counter() - started)
        if index.parsed_count:
            log(f"  warning: the warm build parsed {index.parsed_count} files")
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                started = time.perf_counter()
                index.search(query[:end], limit=20)
                took = time.perf_counter() - started
                samples.keystrokes.append(took)
                samples.slowest.append((took, query[:end]))
        samples.slowest = sorted(samples.slowest, reverse=True)[:5]
        del index
        measure_floors(repository, cache, samples)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def percentile(values: list[float], share: float) -> float | None:
    """The value at the given share of the sorted values (nearest rank), or None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run(options: Options) -> list[Result]:
    """Measure every size: builds cold and warm, keystrokes, with the floors and the git grep peer beside them."""
    results: list[Result] = []
    for size in options.sizes:
        repository = prepare(size, options.seed).path
        samples = Samples()
        for number in range(1, options.runs + 1):
            measure_run(repository, samples)
            measure_grep(repository, samples)
            p95 = percentile(samples.keystrokes[-sum(len(query) for query in QUERIES) :], 0.95) or 0.0
            log(
                f"  N={size} run {number}/{options.runs}: cold {samples.cold[-1]:.2f} s, warm {samples.warm[-1]:.2f} s, "
                f"keystroke p95 {p95 * 1000:.1f} ms"
            )
        results.extend(results_of(size, samples))
    return results


def results_of(size: int, samples: Samples) -> list[Result]:
    """The four figures of one size."""
    keystrokes_ms = [value * 1000 for value in samples.keystrokes]
    grep_ms = [value * 1000 for value in samples.grep]
    slowest = ", ".join(f"{query!r} {took * 1000:.0f} ms" for took, query in samples.slowest)
    shape = f"{samples.meetings} meetings, {samples.points} points, {samples.rows} rows"
    peer_note = f"peer = git grep -i -c of each query's longest word, median {statistics.median(grep_ms):.0f} ms"
    cold_note = f"median of {len(samples.cold)}; {shape}; {samples.progress_calls} progress reports; "
    cold_note += "floor = reading every meeting file's bytes"
    warm_note = f"median of {len(samples.warm)}, from the cache of the cold build; floor = reading the cache files' bytes"
    return [
        _build(f"search_cold_build_{size}", samples.cold, COLD_TARGET, samples.read_files, cold_note),
        _build(f"search_warm_build_{size}", samples.warm, WARM_TARGET, samples.read_cache, warm_note),
        Result(
            name=f"search_keystroke_p50_{size}",
            value=_round(percentile(keystrokes_ms, 0.5), 1),
            unit="ms",
            target=KEYSTROKE_TARGET_MS,
            peer_value=_round(statistics.median(grep_ms), 1),
            note=f"{len(keystrokes_ms)} keystrokes of {len(QUERIES)} queries (every prefix); {peer_note}",
        ),
        Result(
            name=f"search_keystroke_p95_{size}",
            value=_round(percentile(keystrokes_ms, 0.95), 1),
            unit="ms",
            target=KEYSTROKE_TARGET_MS,
            peer_value=_round(percentile(grep_ms, 0.95), 1),
            note=f"slowest: {slowest}; peer = git grep's 95th percentile",
            extra={"keystrokes": len(keystrokes_ms)},
        ),
    ]


def _build(name: str, runs: list[float], target: float, floor: list[float], note: str) -> Result:
    """An index build's figure: the median of its runs in seconds, against the median time to read what it reads."""
    return from_runs(name, runs, "s", target, 2, floor_value=_round(median(floor), 3), floor_unit="s", note=note)


def _round(value: float | None, digits: int) -> float | None:
    """The value rounded, or None."""
    return None if value is None else round(value, digits)


if __name__ == "__main__":
    sys.exit("run it as: python -m bench search")
