"""The history shows a change as the meeting's fields (place, field, old and new words), the raw YAML diff one key
(d) away; at 80 columns the words wrap at word boundaries instead of YAML lines cut mid-word."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pilot_wait import open_meeting, settle
from rich.text import Text
from textual.widgets import DataTable, Static

from repo_layout.history.field_changes import FieldChange, field_changes
from repo_layout.history.meeting_history import MeetingHistory
from repo_layout.model.discover import Repository
from repo_layout.yaml import yamlio
from tui.app import MinutesApp, make_app
from tui.screens.history import HistoryScreen
from tui.widgets.diff_view import FIELD_WORD_ADDED, FIELD_WORD_REMOVED

CHEFFORUM_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"
TITLE_1 = "CF - Godkendelse af dagsorden og referat"
OLD_DECISION = "Chefforum godkendte dagsorden og referat."
NEW_DECISION = "Chefforum godkendte dagsorden og referat med en enkelt rettelse til punkt 3."

pytestmark = pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")


@pytest.fixture
def repo(demo_repo: Path) -> Path:
    """The demo with one more commit, its date fixed: point 1's decision longer, the place changed, an action done."""
    path = demo_repo / CHEFFORUM_2019
    meeting = Repository(demo_repo).load_meeting(path)
    assert (meeting.points[0].decision or "").strip() == OLD_DECISION
    meeting.points[0].decision = NEW_DECISION + "\n"
    meeting.location = "Byrådssalen"
    path.write_bytes(meeting.dump().encode("utf-8"))
    when = "2020-03-12T11:45:00+01:00"
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_CONFIG_GLOBAL=os.devnull)
    env.update(GIT_AUTHOR_NAME="Mette", GIT_AUTHOR_EMAIL="m@x.org", GIT_COMMITTER_NAME="Mette", GIT_COMMITTER_EMAIL="m@x.org")
    subprocess.run(["git", "-C", str(demo_repo), "commit", "-qam", "Beslutning i punkt 1 og mødested"], env=env, check=True)
    return demo_repo


DONE = {"task": "Skriv referat", "done": True}


def test_field_changes_name_the_place_the_field_and_the_words_before_and_after() -> None:
    before = {
        "title": "Chefforum",
        "location": "Mødelokale 1",
        "present": ["Anna", "Bo"],
        "points": [
            {"number": 1, "title": "Dagsorden", "decision": "Godkendt.\n", "actions": [{"task": "Skriv referat"}]},
            {"number": 2, "title": "Budget", "sections": {"Indstilling": "at budgettet godkendes"}},
        ],
    }
    after = {
        "title": "Chefforum",
        "location": "Byrådssalen",
        "present": ["Anna", "Bo", "Carla"],
        "points": [
            {"number": 1, "title": "Dagsorden", "decision": "Godkendt med en rettelse.\n", "actions": [DONE]},
            {"number": 2, "title": "Budget", "sections": {"Indstilling": "at budgettet godkendes som foreslået"}},
            {"number": 3, "title": "Eventuelt"},
        ],
    }  # fmt: skip
    assert field_changes(before, after) == [
        FieldChange(None, "mødested", "Mødelokale 1", "Byrådssalen"),
        FieldChange(None, "deltagere", "Anna\nBo", "Anna\nBo\nCarla"),
        FieldChange("punkt 1", "beslutning", "Godkendt.", "Godkendt med en rettelse.", "Dagsorden"),
        FieldChange("punkt 1", "opfølgning", "Skriv referat", "Skriv referat [udført]", "Dagsorden"),
        FieldChange(
            "punkt 2", "afsnit 'Indstilling'", "at budgettet godkendes", "at budgettet godkendes som foreslået", "Budget"
        ),
        FieldChange("punkt 3", "nummer", None, "3", "Eventuelt"),
        FieldChange("punkt 3", "titel", None, "Eventuelt"),
    ]
    assert field_changes(before, after, "en")[0] == FieldChange(None, "place", "Mødelokale 1", "Byrådssalen")
    assert field_changes(None, None) == [] and field_changes(before, before) == []


def test_an_entrys_fields_come_from_the_versions_parsed_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    history = MeetingHistory(repo / CHEFFORUM_2019)
    entry = history.all_entries()[0]
    calls: list[str] = []
    real = yamlio.load_fast
    monkeypatch.setattr(yamlio, "load_fast", lambda text: calls.append("parse") or real(text))
    detail = history.detail(entry)
    parsed = len(calls)
    assert detail.fields("da")[:2] == [
        FieldChange(None, "mødested", "Mødelokale 1", "Byrådssalen"),
        FieldChange("punkt 1", "beslutning", OLD_DECISION, NEW_DECISION, TITLE_1),
    ]
    assert len(calls) == parsed  # the fields read the versions the words were worked out from: no second parse


async def open_history(pilot, app: MinutesApp) -> HistoryScreen:
    await open_meeting(pilot, app)
    await pilot.press("h")
    await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    await settle(pilot, lambda: screen.query_one(DataTable).row_count >= 2 and "Mødet" in shown(screen))
    return screen


def change_text(screen: HistoryScreen) -> Text:
    content = screen.query_one("#history-diff", Static).content
    assert isinstance(content, Text)
    return content


def shown(screen: HistoryScreen) -> str:
    return change_text(screen).plain


def marked(text: Text, style: str) -> str:
    """The words of `text` drawn in `style` (struck through or underlined besides the colour)."""
    return " ".join(text.plain[span.start : span.end] for span in text.spans if str(span.style) == style)


def drawn_lines(screen: HistoryScreen) -> list[str]:
    """The change as the screen draws it: the lines of the view, wrapped to its width."""
    widget = screen.query_one("#history-diff", Static)
    return ["".join(segment.text for segment in widget.render_line(y)).rstrip() for y in range(widget.size.height)]


async def test_the_history_shows_the_fields_at_80_columns_and_d_the_raw_diff(repo: Path) -> None:
    app = make_app(repo / CHEFFORUM_2019)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot, app)
        text = change_text(screen)
        lines = text.plain.splitlines()
        assert lines[2:5] == ["Mødet · mødested", "- Mødelokale 1", "+ Byrådssalen"]
        assert f"Punkt 1 · beslutning  {TITLE_1}" in lines and f"- {OLD_DECISION}" in lines and f"+ {NEW_DECISION}" in lines
        assert "rettelse" in marked(text, FIELD_WORD_ADDED) and "Mødelokale" in marked(text, FIELD_WORD_REMOVED)
        assert "location:" not in text.plain and "@@" not in text.plain
        # wrapped at words: every drawn word is a whole word of the decision, none cut in two
        said = f"- {OLD_DECISION} + {NEW_DECISION} Punkt 1 · beslutning {TITLE_1} Mødet · mødested Mødelokale 1 Byrådssalen"
        words = set(said.split())
        drawn = [word for line in drawn_lines(screen) for word in line.split() if word not in ("▏", "(d:", "Felter/diff)")]
        assert set(drawn) - {"Ændret", "i", "mødet"} <= words

        await pilot.press("d")
        assert "-location: Mødelokale 1" in shown(screen).splitlines() and "@@" in shown(screen)
        await pilot.press("d")
        assert "Mødet · mødested" in shown(screen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("raw", [False, True], ids=["fields", "raw"])
def test_history_snapshot(snap_compare, repo: Path, size: tuple[int, int], raw: bool) -> None:
    async def run_before(pilot) -> None:
        await open_history(pilot, pilot.app)
        if raw:
            await pilot.press("d")
        await pilot.pause(0.3)

    assert snap_compare(make_app(repo / CHEFFORUM_2019), terminal_size=size, run_before=run_before)
