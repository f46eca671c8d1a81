"""Command line: `python -m bench [NAME ...] [--json] [--list] [--sizes 1000,10000] [--quick]`."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import time
from types import ModuleType

from bench import BENCHMARKS, Options, Result, log

QUICK_SIZES = (100, 1000)
QUICK_RUNS = 3


def _sizes(text: str) -> tuple[int, ...]:
    """The sizes named in a --sizes argument, sorted and without repeats."""
    try:
        sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


def _parser() -> argparse.ArgumentParser:
    """The command line's options."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run the benchmarks; each figure is printed with its target and the floor or peer measured beside it.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks or figures to run (a name or its prefix)")
    parser.add_argument("--json", action="store_true", help="print only a JSON list of the figures")
    parser.add_argument("--markdown", action="store_true", help="print the figures as a Markdown table (for docs/performance.md)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks' figure names and exit")
    parser.add_argument("--sizes", type=_sizes, help="repository sizes in meetings, e.g. 1000,10000 (default)")
    parser.add_argument("--quick", action="store_true", help=f"a small run: sizes {QUICK_SIZES}, {QUICK_RUNS} runs each")
    parser.add_argument("--runs", type=int, help="runs per figure (the median is reported; default 5)")
    parser.add_argument(
        "--nice",
        type=int,
        default=-10,
        help="scheduling priority of the benchmark and its children (default -10, kept at 0 where not permitted; "
        "a shared machine's other load then disturbs the figures less)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated repositories (default 1)")
    return parser


def _module(name: str) -> ModuleType:
    """The module of a benchmark, by its name."""
    return importlib.import_module(f"bench.{name}")


def _matches(pattern: str, benchmark: str, figure: str, figures: list[str]) -> bool:
    """A pattern names a figure exactly, or prefixes the benchmark or the figure (when it names no figure exactly)."""
    if pattern in figures:
        return pattern == figure
    return benchmark.startswith(pattern) or figure.startswith(pattern)


def _select(patterns: list[str], options: Options) -> list[tuple[str, list[str]]]:
    """(benchmark, figure names) for every benchmark that one of the patterns names or prefixes."""
    chosen = []
    for benchmark in BENCHMARKS:
        figures = _module(benchmark).names(options.sizes)
        if not patterns:
            chosen.append((benchmark, figures))
            continue
        matched = [figure for figure in figures if any(_matches(pattern, benchmark, figure, figures) for pattern in patterns)]
        if matched:
            chosen.append((benchmark, matched))
    return chosen


def _narrow_sizes(figures: list[str], sizes: tuple[int, ...]) -> tuple[int, ...]:
    """Only the sizes the figures need, when every figure names its size (first_paint_10000)."""
    found = [re.search(r"_(\d+)$", figure) for figure in figures]
    if all(found):
        return tuple(sorted({int(match.group(1)) for match in found if match}))
    return sizes


def _format_value(value: float | None, unit: str) -> str:
    """A value with its unit, as the table shows it."""
    if value is None:
        return "-"
    return f"{value:g} {unit}" if unit != "x" else f"{value:g}x"


def _print_table(results: list[Result]) -> None:
    """Print the figures as an aligned table with their notes below."""
    rows = [("figure", "value", "target", "floor / peer", "")]
    for result in results:
        beside = "floor " + _format_value(result.floor_value, result.floor_unit or result.unit)
        if result.peer_value is not None:
            peer = "peer " + _format_value(result.peer_value, result.unit)
            beside = peer if result.floor_value is None else f"{beside}, {peer}"
        status = {True: "ok", False: "MISSED", None: "no value"}[result.met]
        rows.append(
            (
                result.name,
                _format_value(result.value, result.unit),
                "≤ " + _format_value(result.target, result.unit),
                beside,
                status,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    notes = [f"  {result.name}: {result.note}" for result in results if result.note]
    if notes:
        print("\nnotes:")
        print("\n".join(notes))


def _print_markdown(results: list[Result]) -> None:
    """Print the figures as a Markdown table."""
    print("| figure | value | target | floor | peer | |")
    print("| --- | --- | --- | --- | --- | --- |")
    for result in results:
        status = {True: "met", False: "**missed**", None: "no value"}[result.met]
        cells = (
            f"`{result.name}`",
            _format_value(result.value, result.unit),
            "≤ " + _format_value(result.target, result.unit),
            _format_value(result.floor_value, result.floor_unit or result.unit),
            _format_value(result.peer_value, result.unit),
            status,
        )
        print("| " + " | ".join(cells) + " |")


def _set_priority(niceness: int) -> int:
    """Run this process (and so its children) at the given niceness if allowed; the niceness in effect."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    except OSError:
        log(f"could not set niceness {niceness} (not permitted); running at {os.getpriority(os.PRIO_PROCESS, 0)}")
    return os.getpriority(os.PRIO_PROCESS, 0)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and print their figures."""
    args = _parser().parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else Options.sizes)
    named = {int(match.group(1)) for name in args.names if (match := re.search(r"_(\d+)$", name))}
    sizes = tuple(sorted({*sizes, *named}))  # first_paint_20000 runs 20,000 even when --sizes does not say so
    options = Options(sizes=sizes, runs=args.runs or (QUICK_RUNS if args.quick else Options.runs), seed=args.seed)
    chosen = _select(args.names, options)
    if not chosen:
        print(f"no benchmark matches {' '.join(args.names)}; see python -m bench --list", file=sys.stderr)
        return 2
    if args.list:
        for benchmark, figures in chosen:
            print("\n".join(f"{figure}  ({benchmark})" for figure in figures))
        return 0
    niceness = _set_priority(args.nice)
    results: list[Result] = []
    load_before = os.getloadavg()[0]
    log(f"load average (1 min) before: {load_before:.2f} on {os.cpu_count()} cores; niceness {niceness}")
    for benchmark, figures in chosen:
        narrowed = Options(sizes=_narrow_sizes(figures, options.sizes), runs=options.runs, seed=options.seed)
        log(f"{benchmark}: sizes {', '.join(map(str, narrowed.sizes))}, {narrowed.runs} runs")
        started = time.perf_counter()
        produced = _module(benchmark).run(narrowed)
        log(f"{benchmark}: done in {time.perf_counter() - started:.0f} s")
        results.extend(result for result in produced if not args.names or result.name in figures)
    load_after = os.getloadavg()[0]
    log(f"load average (1 min) after: {load_after:.2f}")
    for result in results:
        result.extra.setdefault("load_average", [round(load_before, 2), round(load_after, 2)])
        result.extra.setdefault("nice", niceness)
    if args.markdown:
        _print_markdown(results)
    elif args.json:
        print(json.dumps([result.as_json() for result in results], ensure_ascii=False, indent=2))
    else:
        _print_table(results)
    missed = [result.name for result in results if result.met is False]
    if missed:
        log(f"missed targets: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
