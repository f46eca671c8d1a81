"""Run a program in a real pseudo-terminal and time it until given text is on the screen.

The child gets a 120x40 pty (set with TIOCSWINSZ before exec, so it never sees
another size) and TERM=xterm-256color. Its output is decoded as UTF-8 and
stripped of escape sequences; Textual writes each label as one run of text
between escape sequences, so a label's text appears unbroken in the stripped
stream.

After the text appears the run can wait until the process is idle (the CPU
use of it and its worker processes over the last second under 0.05 s), so
that background work started at start-up (an index build) is part of the
run. Memory is VmHWM from
/proc/PID/status, the high-water mark of the process's own address space,
read at first paint and again just before the quit keys are sent; the
waited child's ru_maxrss is returned too, but Linux starts a forked child's
ru_maxrss at its parent's peak, so it is only meaningful above that.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import resource
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

COLUMNS = 120
ROWS = 40
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, palette
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]"  # two- and three-byte escapes
)


def strip_escapes(text: str) -> str:
    """The text a terminal would print, without escape sequences (cursor moves become nothing)."""
    return ESCAPES.sub("", text)


@dataclass
class PtyRun:
    """One run of a program in a pty: when the text appeared, when it went idle, its memory, how it ended."""

    seconds: float | None
    """From just before the fork until ready(screen) was true; None if it never was."""
    cpu_seconds: float | None
    """CPU time the process had used by then."""
    paint_kb: int | None
    """VmHWM when the text appeared."""
    settled_seconds: float | None
    """From the fork until the process went idle after the text appeared (None when not waited for, or never idle)."""
    peak_kb: int | None
    """VmHWM just before the quit keys were sent."""
    tree_peak_kb: int
    """The largest summed RSS of the process and its worker processes seen while waiting for idle (sampled)."""
    quit_seconds: float | None
    """From the quit keys until the process exited."""
    exit_status: int
    """The exit code, or minus the signal that ended it (-15: it needed SIGTERM)."""
    maxrss_kb: int
    screen_text: str

    @property
    def ok(self) -> bool:
        """True when the text appeared (a slow or forced exit is reported, not a failure of the measurement)."""
        return self.seconds is not None


def read_vm_hwm(pid: int) -> int | None:
    """The peak resident set size (VmHWM, KiB) of a live process, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def read_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time (all threads) a live process has used so far, or None if it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14, 15 of stat


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (field 3 onwards), or None if the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_tree(pid: int) -> list[int]:
    """The process and every live descendant of it (worker processes it started)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def tree_usage(pid: int) -> tuple[float, int]:
    """CPU seconds used by a process, its live descendants and the children they reaped; and their summed RSS in KiB."""
    ticks = 0
    rss_pages = 0
    for member in process_tree(pid):
        fields = _stat_fields(member)
        if fields is not None:
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
            rss_pages += int(fields[21])  # rss, field 24 of stat
    return ticks / os.sysconf("SC_CLK_TCK"), rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _spawn(argv: Sequence[str], env: Mapping[str, str]) -> tuple[int, int]:
    """Fork a child on a new pty of COLUMNS x ROWS and exec argv; (pid, master fd)."""
    pid, master = os.forkpty()
    if pid == 0:  # the child: only async-signal-safe work, then exec
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.execve(argv[0], list(argv), dict(env))
        finally:
            os._exit(127)
    return pid, master


def run_in_pty(
    argv: Sequence[str],
    ready: Callable[[str], bool],
    env: Mapping[str, str],
    settle: bool = False,
    quit_keys: bytes = b"q",
    timeout: float = 30.0,
    settle_timeout: float = 300.0,
    quit_timeout: float = 120.0,
) -> PtyRun:
    """Start argv in a pty, wait for ready(screen text), optionally until it is idle, then send quit_keys and reap it."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    raw: list[str] = []
    started = time.perf_counter()
    pid, master = _spawn(argv, env)
    seen_at = settled_at = quit_for = None
    cpu = paint = peak = None
    tree_peak = 0
    text = ""
    try:
        deadline = started + timeout
        while seen_at is None and time.perf_counter() < deadline:
            chunk = _read(master, deadline - time.perf_counter())
            if chunk is None:
                break
            if chunk:
                raw.append(decoder.decode(chunk))
                text = strip_escapes("".join(raw))
                if ready(text):
                    seen_at = time.perf_counter() - started
        paint = read_vm_hwm(pid)
        cpu = read_cpu_seconds(pid)
        if seen_at is not None and settle:
            idle, tree_peak = wait_until_idle(pid, master, time.perf_counter() + settle_timeout)
            settled_at = None if idle is None else idle - started
        peak = read_vm_hwm(pid) or paint
        quit_sent = time.perf_counter()
        os.write(master, quit_keys)
        status, usage = _reap(pid, master, quit_after=quit_sent + quit_timeout)
        quit_for = time.perf_counter() - quit_sent
    finally:
        os.close(master)
    maxrss = usage.ru_maxrss if usage else 0
    return PtyRun(seen_at, cpu, paint, settled_at, peak, tree_peak, quit_for, status, maxrss, text)


IDLE_WINDOW = 1.0
IDLE_CPU = 0.05
"""A process is idle once it used under IDLE_CPU seconds of CPU over the last IDLE_WINDOW seconds."""


def wait_until_idle(pid: int, master: int, deadline: float) -> tuple[float | None, int]:
    """Drain the pty until the process and its workers fall idle: (the perf_counter time they did, or None; peak summed RSS)."""
    samples: list[tuple[float, float]] = []
    tree_peak = 0
    while time.perf_counter() < deadline:
        if _read(master, 0.1) is None:
            return None, tree_peak
        cpu, rss = tree_usage(pid)
        tree_peak = max(tree_peak, rss)
        now = time.perf_counter()
        samples.append((now, cpu))
        window = [sample for sample in samples if sample[0] >= now - IDLE_WINDOW]
        if now - samples[0][0] >= IDLE_WINDOW and cpu - window[0][1] < IDLE_CPU:
            return window[0][0], tree_peak
    return None, tree_peak


def _read(master: int, wait: float) -> bytes | None:
    """Bytes from the pty (b"" if none arrived in time), or None when the child closed it."""
    readable, _, _ = select.select([master], [], [], max(0.0, min(wait, 0.5)))
    if not readable:
        return b""
    try:
        data = os.read(master, 1 << 16)
    except OSError:  # EIO: the child has exited and the slave side is closed
        return None
    return data or None


def _reap(pid: int, master: int, quit_after: float) -> tuple[int, resource.struct_rusage | None]:
    """Drain the pty until the child exits (escalating to ctrl+q, SIGTERM, SIGKILL); its exit status and rusage."""
    escalations: list[tuple[float, Callable[[], object]]] = [
        (quit_after, lambda: os.write(master, b"\x11")),
        (quit_after + 5, lambda: os.kill(pid, signal.SIGTERM)),
        (quit_after + 10, lambda: os.kill(pid, signal.SIGKILL)),
    ]
    closed = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), usage
        if closed:
            time.sleep(0.01)
        else:
            closed = _read(master, 0.05) is None
        while escalations and time.perf_counter() > escalations[0][0]:
            try:
                escalations.pop(0)[1]()
            except OSError:
                pass
