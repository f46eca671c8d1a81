"""The benchmark suite: each figure is measured beside its floor or peer from the same run.

A benchmark is a module in this package with `names(sizes)` (the figures it
reports) and `run(options)` (a list of Result); BENCHMARKS lists them in the
order `python -m bench` runs them.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCHMARKS: tuple[str, ...] = ("first_paint", "search_bench", "git_ops", "cycle_bench")
"""Module names under bench/, in running order."""

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
PYTHON = VENV_BIN / "python" if (VENV_BIN / "python").exists() else Path(sys.executable)
MINUTES = VENV_BIN / "minutes" if (VENV_BIN / "minutes").exists() else Path(sys.executable).parent / "minutes"


@dataclass(frozen=True)
class Options:
    """What to run: repository sizes, repetitions and the generator's seed."""

    sizes: tuple[int, ...] = (1000, 10000)
    runs: int = 5
    seed: int = 1
    verbose: bool = True


@dataclass
class Result:
    """One figure: its value, the target it must meet, and the floor or peer measured beside it."""

    name: str
    value: float | None
    unit: str
    target: float | None
    floor_value: float | None = None
    floor_unit: str | None = None
    peer_value: float | None = None
    note: str = ""
    runs: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        """Whether the value is at or under its target (None when there is no value or target)."""
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        """The figure as a JSON object with the keys the suite promises."""
        data: dict[str, Any] = {"name": self.name, "value": self.value, "unit": self.unit, "target": self.target}
        if self.floor_value is not None or self.peer_value is None:
            data["floor_value"] = self.floor_value
            data["floor_unit"] = self.floor_unit or self.unit
        if self.peer_value is not None:
            data["peer_value"] = self.peer_value
        data["met"] = self.met
        if self.note:
            data["note"] = self.note
        if self.runs:
            data["runs"] = self.runs
        data.update(self.extra)
        return data


def median(values: list[float]) -> float | None:
    """The median of the values, or None for none."""
    return statistics.median(values) if values else None


def from_runs(name: str, runs: list[float], unit: str, target: float | None, digits: int, **details: Any) -> Result:
    """A figure whose value is the median of its runs, value and runs rounded to `digits`; `details`: Result's other fields."""
    value = median(runs)
    rounded = [round(run, digits) for run in runs]
    return Result(name, None if value is None else round(value, digits), unit, target, runs=rounded, **details)


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the figures (or the JSON)."""
    print(message, file=sys.stderr, flush=True)
