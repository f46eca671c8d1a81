"""Where the first-paint time goes: the start-up phases of `minutes open` timed one by one, and the costliest imports.

Usage: python -m bench.breakdown [--meetings N] [--runs R]

Not a benchmark (it has no target); it explains first_paint's figure. Each run
is a fresh interpreter with the same environment as the benchmark (bytecode
cached), timing in order: import textual.app, import tui.cli (the command and
repo_layout), import tui.app (screens and widgets), then what the tree does
before the first paint: find the repository and read every forum's name.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from bench import PYTHON, median
from bench.first_paint import app_environment, prepare

PHASES = """
import json, sys, time
marks = [time.perf_counter()]
import textual.app
marks.append(time.perf_counter())
import tui.cli
marks.append(time.perf_counter())
import tui.app
marks.append(time.perf_counter())
from repo_layout.model.discover import Repository
repository = Repository.find(sys.argv[1])
names = [repository.config.name] + [forum.name for forum in repository.forums()]
marks.append(time.perf_counter())
try:
    from repo_layout.search.index import SearchIndex
    SearchIndex.build(repository)
    marks.append(time.perf_counter())
except (ImportError, AttributeError, TypeError):
    marks.append(float("nan"))
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
PHASE_NAMES = (
    "import textual.app",
    "import tui.cli (command, repo_layout)",
    "import tui.app (screens, widgets)",
    "scan folders, read forum names",
    "SearchIndex.build (app thread; from cache)",
)
"""The last phase is not before the first paint in the app: it runs in a thread beside it, on the same GIL."""


def phases(repository: str, runs: int) -> list[tuple[str, float]]:
    """Median seconds of each start-up phase over fresh interpreters."""
    env = app_environment()
    command = [str(PYTHON), "-c", PHASES, repository]
    samples = []
    for _ in range(runs + 1):  # the first run warms the bytecode cache and is not counted
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the start-up phases failed: {' '.join(done.stderr.strip().splitlines()[-1:])}")
        samples.append(json.loads(done.stdout))
    samples = samples[1:]
    return [(name, median([sample[index] for sample in samples]) or 0.0) for index, name in enumerate(PHASE_NAMES)]


def costly_imports(limit: int = 15) -> list[tuple[str, float]]:
    """The imports with the largest cumulative time under `python -X importtime -c "import tui.app"`, textual's excluded."""
    env = app_environment()
    done = subprocess.run([str(PYTHON), "-X", "importtime", "-c", "import tui.app"], env=env, capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 3 and not name.strip().startswith(("textual", "rich", "asyncio", "encodings")):
            rows.append((name.strip(), int(parts[1]) / 1e6))
    return sorted(rows, key=lambda row: -row[1])[:limit]


def main(argv: list[str] | None = None) -> int:
    """Print the phases and the costly imports."""
    parser = argparse.ArgumentParser(prog="python -m bench.breakdown", description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=10000, help="repository size (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per phase (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    repo = prepare(args.meetings, args.seed)
    print(f"start-up phases of minutes open on {args.meetings} meetings (median of {args.runs}):")
    try:
        measured = phases(str(repo.path), args.runs)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    for name, seconds in measured:
        print(f"  {name:42} {seconds:6.3f} s")
    before_paint = sum(seconds for _, seconds in measured[:4])
    print(f"  {'sum of the first four (before first paint)':42} {before_paint:6.3f} s")
    print("\ncostliest imports below tui.app other than textual/rich (cumulative, one run, with importtime overhead):")
    for name, seconds in costly_imports():
        print(f"  {name:42} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
