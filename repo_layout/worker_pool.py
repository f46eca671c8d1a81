"""Python worker processes that run one function over many batches, the results handed back in order.

A cold search build parses thousands of files; a few worker processes do it in
parallel. Each worker is a fresh interpreter (`python -c`, so no fork of a
process that runs threads) that reads its batches, marshalled, on stdin and
writes each batch's result as it is done, length-prefixed, on stdout. Values
go through `marshal`, so batches and results are plain data.
"""

from __future__ import annotations

import contextlib
import importlib
import marshal
import os
import selectors
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_WORKER = "from repo_layout.worker_pool import serve; serve()"
_LENGTH = struct.Struct("<Q")


def serve() -> None:
    """A worker process: read (module, function, batches) on stdin, write function(batch) for each batch as it is done."""
    module, name, batches = marshal.loads(sys.stdin.buffer.read())
    function = getattr(importlib.import_module(module), name)
    out = sys.stdout.buffer
    for batch in batches:
        data = marshal.dumps(function(batch))
        out.write(_LENGTH.pack(len(data)) + data)
        out.flush()


def map_in_workers(function: Callable[[Any], Any], batches: list[Any], workers: int) -> Iterator[Any]:
    """function(batch) of every batch, in order, spread over `workers` processes (a batch a worker fails is run here).

    `function` must be a module-level function the workers can import by name.
    Worker w runs batches w, w + workers, ... and writes each result as it is
    done; this process drains every worker's pipe as data arrives (so no worker
    ever waits on a full pipe) and hands the results on in order.
    """
    env = dict(os.environ)
    project = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = project + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else project
    processes: list[subprocess.Popen[bytes]] = []
    try:
        try:
            for _ in range(workers):
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-c", _WORKER],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        env=env,
                    )
                )
            for number, process in enumerate(processes):
                assert process.stdin is not None
                process.stdin.write(marshal.dumps((function.__module__, function.__name__, batches[number::workers])))
                process.stdin.close()
        except OSError:
            _stop(processes)
            processes = []
        yield from _collect(processes, batches, function)
    finally:
        _stop(processes)


_FAILED = object()
"""A result frame that could not be read back: its batch is run here."""


def _collect(processes: list[subprocess.Popen[bytes]], batches: list[Any], function: Callable[[Any], Any]) -> Iterator[Any]:
    """The workers' results in batch order, read from all pipes as they come; batches of a failed worker run here."""
    count = len(processes)
    ready: dict[int, Any] = {}
    received = [0] * count
    buffers = [bytearray() for _ in range(count)]
    finished = [False] * count
    selector = selectors.DefaultSelector()
    for number, process in enumerate(processes):
        assert process.stdout is not None
        selector.register(process.stdout.fileno(), selectors.EVENT_READ, number)
    try:
        for position, batch in enumerate(batches):
            worker = position % count if count else 0
            while position not in ready and count and not finished[worker]:
                for key, _ in selector.select(timeout=1.0):
                    number = key.data
                    chunk = os.read(key.fd, 1 << 20)
                    if not chunk:
                        selector.unregister(key.fd)
                        finished[number] = True
                        continue
                    buffers[number] += chunk
                    for result in _frames(buffers[number]):
                        ready[number + received[number] * count] = result
                        received[number] += 1
            found = ready.pop(position, _FAILED)
            yield found if found is not _FAILED else function(batch)
    finally:
        selector.close()


def _frames(buffer: bytearray) -> Iterator[Any]:
    """Take every complete length-prefixed result off the front of a worker's buffer (_FAILED for one that will not load)."""
    while len(buffer) >= _LENGTH.size:
        (length,) = _LENGTH.unpack_from(buffer)
        if len(buffer) < _LENGTH.size + length:
            return
        data = bytes(buffer[_LENGTH.size : _LENGTH.size + length])
        del buffer[: _LENGTH.size + length]
        try:
            result = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            result = _FAILED
        yield result


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """End worker processes (they have finished, or are no longer wanted)."""
    for process in processes:
        with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
            process.kill()
            process.wait(timeout=5)
            if process.stdout is not None:
                process.stdout.close()
