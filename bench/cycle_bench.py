"""The meeting's cycle on a large forum: the next agenda, an approval with its tag, and the agenda as PDF, each beside
its floor (the forum's files read as bytes; the agenda as HTML) or its peer (plain git committing and tagging).

Every measurement works in a local clone of the cached synthetic repository, never in the cache itself.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import time
from pathlib import Path

from bench import Options, Result, from_runs, log, median
from bench.first_paint import prepare
from bench.git_ops import _ENV, clone
from repo_layout.cycle.agenda import create_agenda
from repo_layout.cycle.approval import approve
from repo_layout.cycle.steps import mark_status
from repo_layout.export.agenda import render_agenda
from repo_layout.model.discover import Forum, Repository

AGENDA_TARGET_MS = 1000.0
APPROVE_TARGET_MS = 600.0
PDF_TARGET_MS = 3000.0


def names(sizes: tuple[int, ...]) -> list[str]:
    """The figures this module reports."""
    return [*(f"{figure}_{size}" for size in sizes for figure in ("new_agenda", "approve")), "agenda_pdf"]


def _largest_forum(repository: Repository) -> Forum:
    return max(repository.forums(), key=lambda forum: len(forum.meetings()))


def _read_forum(forum: Forum) -> float:
    """The floor of making an agenda: reading every meeting file of the forum as bytes."""
    started = time.perf_counter()
    for ref in forum.meetings():
        ref.path.read_bytes()
    return time.perf_counter() - started


def measure(path: Path, runs: int) -> dict[str, list[float]]:
    """Seconds per run: new agenda and its floor, approval and plain git's commit and tag, agenda PDF and its HTML."""
    times: dict[str, list[float]] = {key: [] for key in ("agenda", "read", "approve", "git", "pdf", "html")}
    with tempfile.TemporaryDirectory(prefix="minutes-bench-cycle-") as folder:
        work = clone(path, Path(folder) / "work")
        repository = Repository(work)
        forum = _largest_forum(repository)
        newest = forum.meetings()[0].date
        for number in range(runs):
            day = newest + dt.timedelta(days=7 * (number + 1))
            times["read"].append(_read_forum(forum))
            started = time.perf_counter()
            meeting, _ = create_agenda(repository, forum, "da", date=day)
            times["agenda"].append(time.perf_counter() - started)
            started = time.perf_counter()
            render_agenda(meeting, forum.info, "html", "da")
            times["html"].append(time.perf_counter() - started)
            started = time.perf_counter()
            render_agenda(meeting, forum.info, "pdf", "da")
            times["pdf"].append(time.perf_counter() - started)
            mark_status(repository, forum, meeting, "held", "da")
            started = time.perf_counter()
            approve(repository, forum, repository.load_meeting(meeting.path), "da")
            times["approve"].append(time.perf_counter() - started)
            # plain git doing the same: the status line changed, one commit, one annotated tag
            text = meeting.path.read_text(encoding="utf-8").replace("status: approved", "status: held")
            meeting.path.write_text(text, encoding="utf-8")
            relative = meeting.path.relative_to(work).as_posix()
            started = time.perf_counter()
            subprocess.run(["git", "-C", str(work), "commit", "-q", "-m", "peer", "--", relative], check=True, env=_ENV)
            subprocess.run(["git", "-C", str(work), "tag", "-a", "-m", "peer", f"peer-{number}"], check=True, env=_ENV)
            times["git"].append(time.perf_counter() - started)
            log(f"    run {number + 1}: agenda {times['agenda'][-1] * 1000:.0f} ms, pdf {times['pdf'][-1] * 1000:.0f} ms")
    return times


def run(options: Options) -> list[Result]:
    """Measure the agenda and the approval for every size, and the agenda's PDF over all of them."""
    results: list[Result] = []
    pdf: list[float] = []
    html: list[float] = []
    for size in options.sizes:
        repo = prepare(size, options.seed)
        times = measure(repo.path, options.runs)
        ms = {key: [value * 1000 for value in values] for key, values in times.items()}
        agenda = from_runs(f"new_agenda_{size}", ms["agenda"], "ms", AGENDA_TARGET_MS, 1)
        agenda.floor_value = round(median(ms["read"]) or 0.0, 1)
        agenda.note = "the forum with the most meetings; floor: reading its meeting files as bytes"
        approval = from_runs(f"approve_{size}", ms["approve"], "ms", APPROVE_TARGET_MS, 1)
        approval.peer_value = round(median(ms["git"]) or 0.0, 1)
        approval.note = "status, commit and annotated tag; peer: git commit + git tag -a"
        results += [agenda, approval]
        pdf, html = pdf + ms["pdf"], html + ms["html"]
    rendered = from_runs("agenda_pdf", pdf, "ms", PDF_TARGET_MS, 1)
    rendered.floor_value = round(median(html) or 0.0, 1)
    rendered.note = "WeasyPrint, fonts and layout; floor: the same agenda as HTML"
    results.append(rendered)
    return results
