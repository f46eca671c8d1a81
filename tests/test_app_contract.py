"""The contract between the app and its screens under Pilot: the search index as one service with an awaitable
`ready`, typed messages from screens (go to a meeting), and the palette made from the action registry."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import git_out
from pilot_wait import settle

from tui.actions import PALETTE, by_id
from tui.app import make_app
from tui.i18n import CATALOGUE
from tui.messages import JumpToMeeting
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import DecisionLogScreen

SIZE = (120, 40)
MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp")


@pytest.fixture
def repo(demo_repo: Path) -> Path:
    return demo_repo


async def test_everyone_waiting_for_the_index_gets_the_one_build(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        assert app.search_index is None, "the index is not built at start"
        first, second = await asyncio.gather(app.search_service.ready(), app.search_service.ready())
        assert first is second is app.search_index
        assert first.decisions()
        assert await app.search_service.ready() is first  # built: no second build


async def test_a_refresh_asked_for_after_a_change_sees_it(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        index = await app.search_service.ready()
        assert not index.decisions(text="Zanzibarkontrakten")
        path = repo / MEETING
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "Chefforum godkendte dagsorden og referat.", "Chefforum godkendte Zanzibarkontrakten."
            ),
            encoding="utf-8",
        )
        git_out(repo, "commit", "-q", "-am", "Zanzibar")
        refreshed = await app.search_service.refreshed()
        assert refreshed is index
        assert [row.path for row in refreshed.decisions(text="Zanzibarkontrakten")] == [MEETING]


async def test_a_message_from_a_screen_shows_the_meeting_and_its_point(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        browse = app.browse
        browse.post_message(JumpToMeeting(MEETING, 3))  # bubbles from the screen to the app, which acts on it
        await settle(pilot, lambda: browse.session is not None and browse.view.highlighted == 2)
        assert browse.shown_path == repo / MEETING
        assert browse.shown_point_number() == 3


@pytest.mark.parametrize("language", ["da", "en"])
async def test_the_palette_offers_the_registrys_actions_in_the_apps_language(repo: Path, language: str) -> None:
    app = make_app(repo, language=language)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen))
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        words = CATALOGUE[language]
        home = [spec for spec in map(by_id, PALETTE) if spec.group in ("global", "browse")]
        for spec in home:  # those that can run with no meeting shown (tests/test_palette.py has the rest)
            if words[spec.words] in commands:
                assert commands[words[spec.words]].help.startswith(words[f"{spec.words}_help"])
        assert {words[name] for name in ("search", "decision_log", "open_actions", "help", "quit", "sync")} <= set(commands)
        await commands[words["decision_log"]].callback()
        await settle(pilot, lambda: isinstance(app.screen, DecisionLogScreen) and app.screen.shown)
        await pilot.pause()
