"""First paint: time from process start until the tree is on screen, and that process's peak memory.

For each size N the real `minutes open REPO` runs in a 120x40 pty (see
bench.terminal). The screen counts as painted when the repository's name from
minutes.yaml (the tree's root label) and the start of at least one forum's
display name (a label only the tree shows) have both appeared in the output.
The app is then left alone until it is idle (its background work, such as
building the search index, done), its VmHWM is read, and "q" quits it; the
peak memory is the larger of that VmHWM and the exited child's ru_maxrss.

Each size is measured once "cold" (the app's caches in .git and in its cache
folder removed first: the first open of a repository), then N runs "warm"
(the caches the cold run left): first_paint_N and peak_memory_N are the warm
medians, first_paint_cold_N and peak_memory_cold_N the single cold run.

Floors from the same rounds, interleaved with the app's runs:
- `python -c "import textual.app"` in the venv: its wall time and its VmHWM
  (read by the process itself just before it exits);
- listing the repository's files: `git ls-files` (a subprocess, timed whole)
  and os.walk in this process.
The time floor is import + git ls-files: no Textual app on this repository
can paint sooner. The peer is bench/peer_app.py, a bare Textual app showing
the same tree, run the same way: what Textual itself costs for this screen.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import MINUTES, PYTHON, Options, Result, from_runs, log, median
from bench.generate import cache_root
from bench.terminal import PtyRun, run_in_pty

PEER_APP = Path(__file__).with_name("peer_app.py")

TARGET_SECONDS = 1.0
TARGET_MB = 300.0
TARGET_RATIO = 1.2
"""The issue asks that first paint stay "nearly flat" from 1,000 to 10,000 meetings; read here as at most 20% slower."""

FORUM_PREFIX = 14
"""Characters of a forum's display name that must appear: short enough to survive truncation in a narrow tree."""

IMPORT_FLOOR = (
    "import textual.app\nimport sys\nsys.stdout.write([l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])\n"
)

GIT_ENTRIES = {
    "HEAD", "ORIG_HEAD", "FETCH_HEAD", "COMMIT_EDITMSG", "branches", "config", "description", "hooks", "index",
    "info", "logs", "objects", "refs", "packed-refs", "minutes-bench.json",
}  # fmt: skip
"""What git and the generator keep in .git; anything else there is the app's own state (index cache, drafts)."""


def names(sizes: tuple[int, ...]) -> list[str]:
    """The figures this benchmark reports for the given sizes."""
    found = [f"{kind}_{size}" for size in sizes for kind in ("first_paint", "peak_memory")]
    found += [f"{kind}_cold_{size}" for size in sizes for kind in ("first_paint", "peak_memory")]
    if len(sizes) > 1:
        found += ["first_paint_ratio", "peak_memory_ratio"]
    return found


@dataclass
class Samples:
    """The runs of one program: first paint, CPU by then, memory, when it went idle, how long "q" took."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    mb: list[float] = field(default_factory=list)
    paint_mb: list[float] = field(default_factory=list)
    tree_mb: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)
    quit: list[float] = field(default_factory=list)
    forced: int = 0

    def add(self, run: PtyRun) -> None:
        """Record one run that painted."""
        assert run.seconds is not None
        self.seconds.append(run.seconds)
        self.cpu.append(run.cpu_seconds or 0.0)
        self.mb.append(peak_mb(run))
        self.paint_mb.append((run.paint_kb or 0) * 1024 / 1e6)
        self.tree_mb.append(run.tree_peak_kb * 1024 / 1e6)
        if run.settled_seconds is not None:
            self.settled.append(run.settled_seconds)
        if run.quit_seconds is not None:
            self.quit.append(run.quit_seconds)
        self.forced += run.exit_status < 0

    def summary(self) -> str:
        """The medians of what is not a figure of its own: memory at first paint, time to idle, time to quit."""
        parts = [f"VmHWM at first paint {_fmt(median(self.paint_mb), 'MB', 0)}"]
        parts.append(f"with its child processes (summed RSS, sampled) up to {_fmt(median(self.tree_mb), 'MB', 0)}")
        parts.append(f"idle after {_fmt(median(self.settled), 's', 1)}")
        parts.append(f'"q" to exit {_fmt(median(self.quit), "s", 1)}')
        if self.forced:
            parts.append(f"{self.forced} run(s) did not exit on q and needed ctrl+q or a signal")
        return ", ".join(parts)


@dataclass
class Repo:
    """A generated repository, the labels that mark its first paint, and what was measured on it."""

    size: int
    path: Path
    name: str
    forum_names: list[str]
    files: int = 0
    app: Samples = field(default_factory=Samples)
    cold: Samples = field(default_factory=Samples)
    peer: Samples = field(default_factory=Samples)
    ls_files: list[float] = field(default_factory=list)
    walk: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def painted(self, screen: str) -> bool:
        """True once the root label and a forum's label are on screen."""
        return self.name in screen and any(name[:FORUM_PREFIX] in screen for name in self.forum_names)


def prepare(size: int, seed: int) -> Repo:
    """The cached repository of `size` meetings, generated in a subprocess (so this process stays small)."""
    command = [str(PYTHON), "-m", "bench.generate", "--cached", "--meetings", str(size), "--seed", str(seed)]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    path = Path(done.stdout.strip().splitlines()[0])
    info = json.loads((path / ".git" / "minutes-bench.json").read_text(encoding="utf-8"))
    log(f"  repository of {size} meetings: {path} ({time.perf_counter() - started:.1f} s)")
    return Repo(size, path, str(info["name"]), list(info["forum_names"]))


def app_home() -> Path:
    """The folder that stands in for the user's config, data and cache folders while the app is measured."""
    return cache_root() / "app-home"


def app_environment() -> dict[str, str]:
    """The children's environment: this one, with the terminal set and the app's folders and bytecode cache kept apart.

    Bytecode goes to a cache under the bench folder (PYTHONPYCACHEPREFIX) and
    PYTHONDONTWRITEBYTECODE is dropped, so that after the warm-up run every
    module loads from a .pyc as on a user's machine, and nothing is written
    into the source tree.
    """
    dropped = ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped and not key.startswith("TEXTUAL")}
    env.update(
        TERM="xterm-256color",
        PYTHONPYCACHEPREFIX=str(cache_root() / "pycache"),
        MINUTES_CONFIG_DIR=str(app_home() / "config"),
        MINUTES_CACHE_DIR=str(app_home() / "cache"),
        MINUTES_DATA_DIR=str(app_home() / "data"),
    )
    return env


def forget_app_state(repo: Repo) -> None:
    """Remove what the app keeps between runs (in .git and in its cache folder), so the next run is a first open."""
    for entry in (repo.path / ".git").iterdir():
        if entry.name in GIT_ENTRIES:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    shutil.rmtree(app_home() / "cache", ignore_errors=True)


def peak_mb(run: PtyRun) -> float:
    """The run's peak memory: VmHWM before quitting, or the exited child's ru_maxrss if larger and trustworthy.

    A forked child's ru_maxrss starts at its parent's peak, so it is used only
    when it is above this process's own peak.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss = run.maxrss_kb if run.maxrss_kb > own else 0
    return max(run.peak_kb or 0, maxrss) * 1024 / 1e6


def measure_app(repo: Repo, env: dict[str, str], samples: Samples, peer: bool = False) -> str:
    """One fresh `minutes open` (or the peer app) in a pty, recorded in samples; a word for the progress line."""
    argv = [str(PYTHON), str(PEER_APP), str(repo.path)] if peer else [str(MINUTES), "open", str(repo.path)]
    run = run_in_pty(argv, repo.painted, env, settle=True)
    if not run.ok or run.seconds is None:
        tail = " ".join(run.screen_text.split())[-300:]
        repo.failures.append(f"{'peer' if peer else 'app'}: no first paint, exit {run.exit_status}: {tail}")
        return "FAILED"
    samples.add(run)
    return f"{run.seconds:.3f} s"


def measure_import(env: dict[str, str], samples: Samples) -> None:
    """`python -c "import textual.app"`: wall seconds, CPU seconds and peak MB, recorded in samples."""
    started = time.perf_counter()
    process = subprocess.Popen([str(PYTHON), "-c", IMPORT_FLOOR], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)  # not communicate(): wait4 also gives the child's rusage
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"python -c 'import textual.app' failed with exit code {process.returncode}")
    samples.seconds.append(seconds)
    samples.cpu.append(usage.ru_utime + usage.ru_stime)
    samples.mb.append(int(output.split()[1]) * 1024 / 1e6)


def measure_listing(repo: Repo) -> None:
    """Time `git ls-files` and os.walk over the repository (both list every file)."""
    started = time.perf_counter()
    subprocess.run(["git", "ls-files"], cwd=repo.path, check=True, stdout=subprocess.DEVNULL)
    repo.ls_files.append(time.perf_counter() - started)
    started = time.perf_counter()
    files = 0
    for _, dirs, names_here in os.walk(repo.path):
        dirs[:] = [name for name in dirs if name != ".git"]
        files += len(names_here)
    repo.walk.append(time.perf_counter() - started)
    repo.files = files


def run(options: Options) -> list[Result]:
    """Measure first paint and peak memory for every size, cold once and warm in rounds, with floors and peer beside."""
    repos = [prepare(size, options.seed) for size in options.sizes]
    env = app_environment()
    imports = Samples()
    log("  warm-up (not counted): one import and one peer run")
    measure_import(env, Samples())
    measure_app(repos[0], env, Samples(), peer=True)
    for repo in repos:
        forget_app_state(repo)
        log(f"  cold N={repo.size}: {measure_app(repo, env, repo.cold)}; {repo.cold.summary()}")
    for round_number in range(1, options.runs + 1):
        measure_import(env, imports)
        line = [f"  round {round_number}/{options.runs}: import textual.app {imports.seconds[-1]:.3f} s"]
        for repo in repos:
            line.append(f"peer N={repo.size} {measure_app(repo, env, repo.peer, peer=True)}")
            line.append(f"app N={repo.size} {measure_app(repo, env, repo.app)}")
            measure_listing(repo)
        log("; ".join(line))
    return results(repos, imports)


def results(repos: list[Repo], imports: Samples) -> list[Result]:
    """The figures from the measured runs."""
    out: list[Result] = []
    import_s, import_mb = median(imports.seconds) or 0.0, median(imports.mb)
    floors: dict[int, float] = {}
    for repo in repos:
        ls, walk = median(repo.ls_files) or 0.0, median(repo.walk) or 0.0
        floors[repo.size] = import_s + ls
        failed = f"; {len(repo.failures)} failed run(s), last: {repo.failures[-1]}" if repo.failures else ""
        cpu = {"app": _round(median(repo.app.cpu), 2), "peer": _round(median(repo.peer.cpu), 2)}
        cpu["import_textual_app"] = _round(median(imports.cpu), 2)
        floor_note = (
            f"floor = import textual.app {import_s:.3f} s + git ls-files {ls:.3f} s (os.walk {walk:.3f} s, "
            f"{repo.files} files); peer = bench/peer_app.py, a bare Textual app showing the same tree"
        )
        listing = {"import_textual_app": _round(import_s, 3), "git_ls_files": _round(ls, 4), "os_walk": _round(walk, 4)}
        out.append(
            _paint(
                f"first_paint_{repo.size}",
                repo.app,
                floors[repo.size],
                repo.peer,
                f"warm, median of {len(repo.app.seconds)}; {floor_note}; CPU seconds by first paint: app {cpu['app']}, "
                f"peer {cpu['peer']}, import {cpu['import_textual_app']}" + failed,
                {"floors": listing, "cpu_seconds": cpu, **_timings(repo.app), "repository": str(repo.path)},
            )
        )
        out.append(
            _memory(
                f"peak_memory_{repo.size}",
                repo.app,
                import_mb,
                repo.peer,
                f"warm, median of {len(repo.app.mb)}, the process's peak once idle; {repo.app.summary()}; "
                "floor = VmHWM of python -c 'import textual.app'; peer = bench/peer_app.py",
            )
        )
        first_open = "one run with the app's caches removed first"
        out.append(
            _paint(
                f"first_paint_cold_{repo.size}",
                repo.cold,
                floors[repo.size],
                repo.peer,
                f"{first_open} (a first open); {floor_note}",
                _timings(repo.cold),
            )
        )
        out.append(
            _memory(
                f"peak_memory_cold_{repo.size}",
                repo.cold,
                import_mb,
                repo.peer,
                f"{first_open}, the process's peak once idle; {repo.cold.summary()}",
            )
        )
    if len(repos) > 1:
        small, large = repos[0], repos[-1]
        sizes = (large.size, small.size)
        paint_floors = (floors[large.size], floors[small.size])
        out.append(_ratio("first_paint_ratio", (large.app.seconds, small.app.seconds), paint_floors, sizes))
        out.append(_ratio("peak_memory_ratio", (large.app.mb, small.app.mb), (import_mb, import_mb), sizes))
    return out


def _paint(name: str, samples: Samples, floor: float, peer: Samples, note: str, extra: dict[str, object]) -> Result:
    """A first-paint figure: the median of the runs in seconds, against the floor and beside the peer's median."""
    beside = {"floor_value": _round(floor, 3), "floor_unit": "s", "peer_value": _round(median(peer.seconds), 3)}
    return from_runs(name, samples.seconds, "s", TARGET_SECONDS, 3, **beside, note=note, extra=extra)


def _memory(name: str, samples: Samples, floor: float | None, peer: Samples, note: str) -> Result:
    """A peak-memory figure: the median of the runs in MB, against the floor and beside the peer's median."""
    extra = {"at_first_paint": _round(median(samples.paint_mb), 1), "with_children": _round(median(samples.tree_mb), 1)}
    beside = {"floor_value": _round(floor, 1), "floor_unit": "MB", "peer_value": _round(median(peer.mb), 1)}
    return from_runs(name, samples.mb, "MB", TARGET_MB, 1, **beside, note=note, extra=extra)


def _timings(samples: Samples) -> dict[str, float | None]:
    """The medians of the time to idle and of the time "q" took to quit."""
    return {"idle_seconds": _round(median(samples.settled), 2), "quit_seconds": _round(median(samples.quit), 2)}


def _ratio(
    name: str, runs: tuple[list[float], list[float]], floors: tuple[float | None, float | None], sizes: tuple[int, int]
) -> Result:
    """The larger size's median over the smaller's, beside the same ratio of their floors."""
    large, small = median(runs[0]), median(runs[1])
    value = large / small if large is not None and small else None
    floor = floors[0] / floors[1] if floors[0] is not None and floors[1] else None
    return Result(
        name=name,
        value=_round(value, 2),
        unit="x",
        target=TARGET_RATIO,
        floor_value=_round(floor, 2),
        floor_unit="x",
        note=f"warm, N={sizes[0]} over N={sizes[1]}; floor = the same ratio of the floors",
    )


def _round(value: float | None, digits: int) -> float | None:
    """The value rounded, or None."""
    return None if value is None else round(value, digits)


def _fmt(value: float | None, unit: str, digits: int) -> str:
    """A value with its unit for a note, or a dash."""
    return "-" if value is None else f"{value:.{digits}f} {unit}"


if __name__ == "__main__":
    sys.exit("run it as: python -m bench first_paint")
