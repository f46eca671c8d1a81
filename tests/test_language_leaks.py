"""Every word the app shows is in the UI's language: its screens in Danish hold no English UI words, and back.

The app runs under Pilot on the demo repository; each screen a new user meets is drawn and its text searched for
words of the other language that only the UI could have put there (the meetings' own text is Danish, so the
English UI is searched for Danish UI words only). A broken file, the command palette finding nothing and search
results are looked at too, since those words come from the library or from Textual.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from pilot_wait import settle
from textual.command import CommandInput, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tui.app import MinutesApp, make_app
from tui.screens.browse import BrowseScreen
from tui.screens.search import SearchScreen

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")

SIZE = (120, 40)
MEETING = "aarhus-kommune/chefteammoede/2021-10-14.yaml"

ENGLISH_UI_WORDS = (
    "No matches found", "No command", "No problems", "mapping values", "not allowed here", "presenter", "approximate",
    "Search", "Quit", "Help", "Cancel", "Loading", "hits", "Press", "Close", "Back", "Save", "Edit", "History", "Sync",
    "Decision", "Actions", "warning", "error", "Open", "Commands", "minute-taker", "cannot",
)
"""English words the Danish UI must never show (none of them is in the demo's meetings)."""

DANISH_UI_WORDS = ("Afslut", "Hjælp", "Kommandoer", "Søg i alle", "omtrentligt fund", "Ingen kommandoer", "fremlægger", "kolon")
"""Danish words only the UI could show (the meetings' own Danish text holds none of them)."""


def screen_text(app: MinutesApp) -> str:
    """What the terminal shows, line by line (from the screenshot's text, spans of a line joined in order)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(match[2]), []).append((float(match[1]), html.unescape(match[3]).replace("\xa0", " ")))
    return "\n".join("".join(text for _, text in sorted(row)) for _, row in sorted(rows.items()))


def leaks(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of `words` that `text` holds as whole words."""
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


async def browse(pilot: Pilot, app: MinutesApp) -> None:
    await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and app.screen.session is not None)


async def help_screen(pilot: Pilot, app: MinutesApp) -> None:
    await browse(pilot, app)
    await pilot.press("question_mark")
    await settle(pilot, lambda: not isinstance(app.screen, BrowseScreen))


async def search(pilot: Pilot, app: MinutesApp, query: str) -> None:
    await browse(pilot, app)
    await pilot.press("slash")
    await settle(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.index is not None)
    screen = app.screen
    screen.query_one(Input).value = query
    await settle(pilot, lambda: screen.query_one(OptionList).option_count == len(screen.hits) and "…" not in screen_text(app))
    await pilot.pause(0.2)


async def search_hits(pilot: Pilot, app: MinutesApp) -> None:
    await search(pilot, app, "beslutning Jakob")
    app.screen.query_one(Input).value = "beslutning"
    await settle(pilot, lambda: any(hit.approximate for hit in app.screen.hits))
    await pilot.pause(0.2)


async def search_nothing(pilot: Pilot, app: MinutesApp) -> None:
    await search(pilot, app, "xyzzyqq")


async def palette_nothing(pilot: Pilot, app: MinutesApp) -> None:
    await browse(pilot, app)
    app.action_command_palette()
    await settle(pilot, lambda: isinstance(app.screen, CommandPalette) and app.screen.query(CommandInput))
    app.screen.query_one(CommandInput).value = "xyzzyqq"
    await pilot.pause(1.0)  # the palette says it found nothing after half a second


async def pressed(pilot: Pilot, app: MinutesApp, key: str) -> None:
    """The screen a key opens from the meeting, once it has drawn its rows."""
    await browse(pilot, app)
    await pilot.press(key)
    await settle(pilot, lambda: not isinstance(app.screen, BrowseScreen))
    await app.workers.wait_for_complete()
    await pilot.pause(0.5)


SCREENS: dict[str, Callable[[Pilot, MinutesApp], Awaitable[None]]] = {
    "decision log": lambda pilot, app: pressed(pilot, app, "d"),
    "open actions": lambda pilot, app: pressed(pilot, app, "a"),
    "history": lambda pilot, app: pressed(pilot, app, "h"),
    "meeting": browse,
    "help": help_screen,
    "search hits": search_hits,
    "search, nothing": search_nothing,
    "palette, nothing": palette_nothing,
}

SHOWN = {
    ("palette, nothing", "da"): "Ingen kommandoer passer",
    ("palette, nothing", "en"): "No command matches",
    ("search hits", "da"): "≈ omtrentligt fund",
    ("search hits", "en"): "≈ approximate match",
}
"""Words a screen must show in each language (what replaced Textual's and the library's English)."""


OTHER_LANGUAGE = {"da": ENGLISH_UI_WORDS, "en": DANISH_UI_WORDS}


@pytest.mark.parametrize("language", OTHER_LANGUAGE)
@pytest.mark.parametrize("name", SCREENS)
async def test_each_screen_shows_no_words_of_the_other_language(name: str, language: str, demo_repo: Path) -> None:
    app = make_app(demo_repo / MEETING, language)
    async with app.run_test(size=SIZE) as pilot:
        await SCREENS[name](pilot, app)
        text = screen_text(app)
        assert not leaks(text, OTHER_LANGUAGE[language]), f"{name}: {leaks(text, OTHER_LANGUAGE[language])}\n{text}"
        assert SHOWN.get((name, language), "") in text


@pytest.mark.parametrize(
    ("language", "said"),
    [("da", "et kolon, hvor der ikke må stå et"), ("en", "a colon where none may be")],
)
async def test_a_yaml_error_is_worded_in_the_ui_s_language_with_its_line_and_column(
    language: str, said: str, demo_repo: Path
) -> None:
    meeting = demo_repo / MEETING
    meeting.write_text("title: Møde\ndate: 2020-01-01\npoints:\n  - title: a: b\n", encoding="utf-8")
    app = make_app(meeting, language)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: said in screen_text(app))
        text = screen_text(app)
        assert "4:13: " + said in text, text
        assert "mapping values" not in text


@pytest.mark.parametrize(
    ("language", "said", "other"),
    [
        ("da", ("2:1: start skal være et klokkeslæt", "6:5: punkt 1: time skal se ud som", "points skal være"), "must"),
        ("en", ("2:1: start must be a time like", "6:5: point 1: time must look like", "points must be"), "skal"),
    ],
)
async def test_schema_problems_are_worded_in_the_ui_s_language_in_the_broken_file_view(
    language: str, said: tuple[str, ...], other: str, demo_repo: Path
) -> None:
    meeting = demo_repo / MEETING
    text = "date: 2021-10-14\nstart: x\npoints:\n  - number: 1\n    title: A\n    time: soon\n"
    meeting.write_text(text, encoding="utf-8")
    broken = meeting.with_name("2021-10-15.yaml")
    broken.write_text("date: 2021-10-15\npoints: 5\n", encoding="utf-8")
    for path, words in ((meeting, said[:2]), (broken, said[2:])):
        app = make_app(path, language)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, lambda words=words, app=app: all(word in screen_text(app) for word in words))
            shown = screen_text(app)
            assert all(word in shown for word in words), shown
            assert not re.search(rf"(?<!\w){other}(?!\w)", shown), shown
