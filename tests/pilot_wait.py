"""Waiting in Pilot tests: for a condition on the app, polling, never longer than ten seconds."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot

from tui.screens.browse import BrowseScreen


async def settle(pilot: Pilot, condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run until `condition()` is true; fail the test when it is not within tries x 0.05 s."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


async def open_meeting(pilot: Pilot, app: App) -> BrowseScreen:
    """Wait for the meeting the app was started on to be read, then put the focus in the meeting view."""
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await settle(pilot, lambda: screen.session is not None)
    screen.view.focus()
    await pilot.pause()
    return screen
