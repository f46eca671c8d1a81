"""Waiting in Pilot tests: for a condition on the app, polling, never longer than ten seconds."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def settle(pilot: Pilot, condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run until `condition()` is true; fail the test when it is not within tries x 0.05 s."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")
