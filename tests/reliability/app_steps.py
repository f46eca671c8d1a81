"""Steps in the app that several reliability tests take."""

from __future__ import annotations

from pilot_wait import settle
from textual.pilot import Pilot

from tui.app import MinutesApp
from tui.screens.browse import BrowseScreen


async def edit_first_title(pilot: Pilot, app: MinutesApp, title: str) -> BrowseScreen:
    """Wait for the meeting the app opened, give its first point a new title (an unsaved edit), focus the meeting."""
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await settle(pilot, lambda: screen.session is not None)
    assert screen.session is not None
    screen.session.meeting.points[0].title = title
    screen._changed()
    await pilot.pause()
    screen.view.focus()
    return screen
