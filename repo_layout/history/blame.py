"""Blame by point: who last changed each point's decision (or, without a decision, the point) in a meeting file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repo_layout.git.command import GitCommandFailed
from repo_layout.history.entries import HistoryError
from repo_layout.yaml import yamlio

if TYPE_CHECKING:
    from repo_layout.history.meeting_history import MeetingHistory


@dataclass(frozen=True)
class PointBlame:
    """Who last changed a point's decision (or, without a decision, the point): None commit = not committed."""

    index: int
    number: int | None
    title: str
    commit: str | None
    author: str
    date: dt.datetime | None
    message: str


@dataclass(frozen=True)
class _BlameLine:
    commit: str
    author: str
    date: dt.datetime
    message: str


_BLAME_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)")
_UNCOMMITTED = "0" * 40


def blame_points(path: Path) -> list[PointBlame]:
    """For each point of the meeting in the work tree: the last commit that changed its decision lines."""
    from repo_layout.history.meeting_history import MeetingHistory  # here: meeting_history offers this function too

    history = MeetingHistory(path)
    text = history.work_tree_text() or ""
    document = yamlio.load_text(text)
    points = document.get("points") if isinstance(document, dict) else None
    if not isinstance(points, list):
        return []
    lines = _blame_lines(history)
    line_count = len(text.splitlines())
    results: list[PointBlame] = []
    for index, point in enumerate(points):
        if not isinstance(point, dict):
            continue
        first, last = _line_range(point, points, index, line_count)
        blamed = [lines.get(number) for number in range(first, last + 1)]
        number = point.get("number")
        number = number if isinstance(number, int) and not isinstance(number, bool) else None
        title = str(point.get("title") or "")
        if not blamed or any(line is None or line.commit == _UNCOMMITTED for line in blamed):
            results.append(PointBlame(index, number, title, None, "", None, ""))
            continue
        latest = max((line for line in blamed if line is not None), key=lambda line: line.date)
        results.append(PointBlame(index, number, title, latest.commit, latest.author, latest.date, latest.message))
    return results


def _blame_lines(history: MeetingHistory) -> dict[int, _BlameLine]:
    """Line number (1-based) -> the commit that last changed it; nothing when the file was never committed."""
    if not history.has_commits() or history.committed_text() is None:
        return {}
    try:
        output = history.git.run("blame", "--line-porcelain", "-M", "--", history.relative)
    except GitCommandFailed as error:
        said = (error.stderr or "").strip()
        raise HistoryError(f"git blame failed: {said}", kind="git_failed", said=said) from None
    lines: dict[int, _BlameLine] = {}
    current: dict[str, str] = {}
    for line in output.splitlines():
        match = _BLAME_HEADER.match(line)
        if match:
            current = {"commit": match.group(1), "line": match.group(2)}
        elif line.startswith("\t"):
            stamp = dt.datetime.fromtimestamp(int(current.get("author-time", "0")), tz=_zone(current.get("author-tz", "")))
            lines[int(current["line"])] = _BlameLine(
                current["commit"], current.get("author", ""), stamp, current.get("summary", "")
            )
        else:
            key, _, value = line.partition(" ")
            current[key] = value
    return lines


def _zone(offset: str) -> dt.timezone:
    """A git time zone such as +0100 (the author's, so blame shows the time the history shows); UTC if unreadable."""
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)", offset)
    if match is None:
        return dt.UTC
    delta = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return dt.timezone(-delta if match.group(1) == "-" else delta)


def _line_range(point: dict, points: list, index: int, line_count: int) -> tuple[int, int]:
    """1-based first and last line of the point's decision (or of the whole point without one)."""
    point_lc = getattr(point, "lc", None)
    points_lc = getattr(points, "lc", None)
    if point_lc is None or points_lc is None:
        return (1, line_count)
    point_end = points_lc.item(index + 1)[0] if index + 1 < len(points) else line_count
    if "decision" not in point:
        return (points_lc.item(index)[0] + 1, point_end)
    keys = list(point.keys())
    position = keys.index("decision")
    first = point_lc.key("decision")[0] + 1
    last = point_lc.key(keys[position + 1])[0] if position + 1 < len(keys) else point_end
    return (first, max(first, last))
