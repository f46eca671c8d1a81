"""Importing minutes into a forum from the app: pick a file (path completion), see the meeting the import would make
beside the source text with the lines it could not place highlighted, then import (one commit).

Reading and parsing run in a thread worker that posts `Previewed`; the import itself is the browse screen's
(`BrowseScreen.import_files`), which writes and commits in a worker like every save.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from repo_layout.display import safe_line, safe_text
from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.report import ImportFailure, ImportReport
from repo_layout.importing.source import read_source
from repo_layout.model.discover import Forum
from repo_layout.model.meeting import Meeting
from tui.actions import Keyed
from tui.i18n import t
from tui.path_suggester import PathSuggester
from tui.widgets.key_footer import KeyFooter


@dataclass
class Preview:
    """A file read and parsed as the import would: its text, the meeting, the report, and the lines not placed."""

    path: Path
    text: str
    meeting: Meeting
    report: ImportReport
    unplaced: set[int]


class ImportScreen(Keyed, ModalScreen[Path | None]):
    """Pick a file, read the dry run side by side with its source, import it with ctrl+s; dismisses with the file."""

    ACTIONS = "import"
    AUTO_FOCUS = "#import-path"

    @dataclass
    class Previewed(Message):
        outcome: Preview | Exception

    def __init__(self, forum: Forum, language: str) -> None:
        super().__init__(classes="dialog-screen")
        self.forum = forum
        self.language = language
        self.preview: Preview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="dialog"):
            yield Static(Text(t("import_title", forum=safe_line(self.forum.name)), style="bold"), classes="dialog-title")
            yield Label(t("import_file"))
            yield Input(id="import-path", suggester=PathSuggester(), placeholder=t("import_file_hint"))
            yield Static("", id="import-status")
            with Horizontal(id="import-panes"):
                with VerticalScroll(id="import-source"):
                    yield Static("", id="import-source-text")
                with VerticalScroll(id="import-result"):
                    yield Static("", id="import-result-text")
            yield Static("", id="import-report")
            yield KeyFooter()

    @on(Input.Submitted, "#import-path")
    def _chosen(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.query_one("#import-status", Static).update(Text(t("import_reading")))
            self._read(Path(value).expanduser())

    @work(thread=True, exclusive=True, group="import-preview")
    def _read(self, path: Path) -> None:
        try:
            text = read_source(path)
            meeting, report = parse_minutes(text, str(path), self.forum.name)
        except (ImportFailure, OSError) as error:
            self.post_message(self.Previewed(error))
            return
        unplaced = {int(str(note.values.get("line", 0))) for note in report.unplaced if note.kind == "unplaced_line"}
        self.post_message(self.Previewed(Preview(path, text, meeting, report, unplaced)))

    @on(Previewed)
    def _show(self, message: Previewed) -> None:
        status = self.query_one("#import-status", Static)
        outcome = message.outcome
        if isinstance(outcome, Exception):
            self.preview = None
            said = outcome.words(self.language) if isinstance(outcome, ImportFailure) else str(outcome)
            status.update(Text(safe_line(said)))
            return
        self.preview = outcome
        meeting = outcome.meeting
        decisions = sum(1 for point in meeting.points if (point.decision or "").strip())
        status.update(
            Text(t("import_preview", date=str(meeting.date), points=len(meeting.points), decisions=decisions))
        )
        source = Text()
        for number, line in enumerate(outcome.text.split("\n"), start=1):
            style = "reverse" if number in outcome.unplaced else ""
            mark = "▶ " if number in outcome.unplaced else "  "
            source.append(f"{mark}{safe_line(line)}\n", style=style)
        self.query_one("#import-source-text", Static).update(source)
        self.query_one("#import-result-text", Static).update(Text(safe_text(meeting.dump())))
        self.query_one("#import-report", Static).update(Text(safe_text(outcome.report.format(self.language))))

    def action_import(self) -> None:
        if self.preview is None:
            self.query_one("#import-status", Static).update(Text(t("import_nothing")))
            return
        self.dismiss(self.preview.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
