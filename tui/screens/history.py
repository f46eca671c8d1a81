"""History of a meeting: its commits, each change in words and as a diff, old versions, restore, blame.

Authors, commit messages, worded changes and git's errors are shown with control characters visible
(`repo_layout.display`); names and subjects on one line. Every git call, file read and parse runs in a thread worker
that posts a message back; a restore tells the app (`VersionRestored`), which goes back to the meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.from_text import meeting_to_read
from repo_layout.editing.saving import ExternalChangeError, NothingToSaveError, SaveResult, restore_changes, restore_version
from repo_layout.git.commit import GitError
from repo_layout.git.state import IdentityMissingError
from repo_layout.history.changes import describe
from repo_layout.history.field_changes import FieldChange
from repo_layout.history.meeting_history import PAGE, HistoryError, LogEntry, MeetingHistory, PointBlame, blame_points
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio
from tui.actions import Keyed
from tui.error_words import error_words
from tui.i18n import t
from tui.messages import VersionRestored
from tui.problem_words import problem_words
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.diff_view import diff_text, field_changes_text
from tui.widgets.fit_table import FitColumn, FitTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.meeting_view import MeetingView


def one_line(message: str) -> str:
    """A commit message's subject (its first line), as the list shows it, control characters visible."""
    lines = message.strip().splitlines()
    return safe_line(lines[0]) if lines else ""


def when(entry_date: dt.datetime | None) -> str:
    """A commit's date and time as its author recorded it."""
    return entry_date.strftime("%Y-%m-%d %H:%M") if entry_date else ""


class HistoryScreen(Keyed, Screen[None]):
    """The commits of one meeting, newest first; the selected one's change in words and as a diff."""

    ACTIONS = "history"

    @dataclass
    class PageLoaded(Message):
        entries: list[LogEntry]
        more: bool
        shallow: bool

    @dataclass
    class DetailLoaded(Message):
        entry: LogEntry
        summary: str
        diff: str
        fields: list[FieldChange]

    @dataclass
    class Failed(Message):
        error: str

    def __init__(
        self,
        repository: Repository,
        history: MeetingHistory,
        forum: Forum | None,
        language: str,
        focus_commit: str | None = None,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.history = history
        self.path = history.path
        self.forum = forum
        self.language = language
        self.focus_commit = focus_commit
        self.entries: list[LogEntry] = []
        self.committed_loaded = 0
        self.more = False
        self.page_loading = False
        self.raw_diff = False  # d: the change as the raw YAML diff instead of the meeting's fields
        self.shown_detail: HistoryScreen.DetailLoaded | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        title = f"{t('history_of')} {self.forum.name if self.forum else ''} {self.path.stem}".strip()
        yield Static(Text(safe_line(title), style="bold"), id="history-title")
        with Horizontal(id="history-panes"):
            # the message gets the width; the date wraps its time under it and a long author name to a second line
            columns = [FitColumn(t("date"), 10, lines=2), FitColumn(t("author"), 13, lines=2, least=8)]
            yield FitTable([*columns, FitColumn(t("message"), None, lines=3, least=12)], id="history-list")
            with VerticalScroll(id="history-detail"):
                yield Static(Text(t("loading")), id="history-summary")
                yield Static("", id="history-diff")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(FitTable).focus()
        self.load_page()

    # loading ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-page")
    def load_page(self) -> None:
        """Fetch the next page of commits off the UI thread (the first page starts with uncommitted changes, if any)."""
        self.page_loading = True
        try:
            pending = self.history.uncommitted_entry() if self.committed_loaded == 0 and not self.entries else None
            page = self.history.page(skip=self.committed_loaded, limit=PAGE)
        except HistoryError as error:
            self.post_message(self.Failed(error_words(error, self.language)))
            return
        entries = [pending, *page.entries] if pending is not None else page.entries
        self.post_message(self.PageLoaded(entries, page.more, page.shallow))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        self.page_loading = False
        self.more = message.more
        self.committed_loaded += len([entry for entry in message.entries if entry.commit is not None])
        self._add_rows(message.entries)
        table = self.query_one(FitTable)
        if not self.entries:
            self.query_one("#history-summary", Static).update(Text(t("history_empty")))
        if not message.more and message.shallow:
            table.add_fit_row(Text(""), Text(""), Text(t("history_shallow"), style="italic"), key="shallow")
        if self.focus_commit is not None:
            self._focus_commit()
        elif table.row_count and table.cursor_row == 0:
            self._show_detail(0)

    def _add_rows(self, entries: list[LogEntry]) -> None:
        table = self.query_one(FitTable)
        for entry in entries:
            self.entries.append(entry)
            if entry.commit is None:
                table.add_fit_row(Text(when(entry.date)), Text("—"), Text(t("not_committed"), style="bold yellow"))
            else:
                table.add_fit_row(Text(when(entry.date)), Text(safe_line(entry.author)), Text(one_line(entry.message)))

    def _focus_commit(self) -> None:
        for index, entry in enumerate(self.entries):
            if entry.commit == self.focus_commit:
                self.focus_commit = None
                self.query_one(DataTable).move_cursor(row=index)
                self._show_detail(index)
                return
        if self.more and not self.page_loading:
            self.load_page()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.page_loading = False
        self.query_one("#history-summary", Static).update(Text(safe_text(message.error)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)
        if self.more and not self.page_loading and event.cursor_row >= len(self.entries) - 5:
            self.load_page()

    def _show_detail(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.load_detail(self.entries[row])

    @work(thread=True, exclusive=True, group="history-detail")
    def load_detail(self, entry: LogEntry) -> None:
        """Compute the worded change and the diff of one entry off the UI thread."""
        try:
            detail = self.history.detail(entry)  # the versions are read and compared once for the words and the diff
            summary, diff, fields = detail.summary(self.language), detail.diff(), detail.fields(self.language)
        except HistoryError as error:
            self.post_message(self.Failed(error_words(error, self.language)))
            return
        self.post_message(self.DetailLoaded(entry, summary, diff, fields))

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        entry = message.entry
        header = Text()
        if entry.commit:
            header.append(safe_line(f"{entry.short}  {when(entry.date)}  {entry.author} <{entry.email}>") + "\n", style="bold")
            header.append(safe_text(entry.message) + "\n\n")
        else:
            header.append(t("not_committed") + "\n\n", style="bold yellow")
        header.append(safe_text(message.summary), style="bold")
        self.query_one("#history-summary", Static).update(header)
        self.shown_detail = message
        self._show_change()

    def _show_change(self) -> None:
        """The shown entry's change as the meeting's fields, or (after d) as the raw YAML diff, under its heading."""
        shown = self.shown_detail
        if shown is None or not shown.diff:  # where a shallow clone ends nothing is known of the change
            self.query_one("#history-diff", Static).update(Text())
            return
        title = t("history_raw_title") if self.raw_diff else t("history_fields_title")
        change = Text()
        change.append(f"{title} (d: {t('toggle_diff')})\n\n", style="bold underline")
        if self.raw_diff:
            change.append_text(diff_text(shown.diff))
        else:
            change.append_text(field_changes_text(shown.fields, t("history_meeting"), t("history_no_field_changes")))
        self.query_one("#history-diff", Static).update(change)

    def action_toggle_diff(self) -> None:
        """Show the change as the raw YAML diff, or as the meeting's fields again."""
        self.raw_diff = not self.raw_diff
        self._show_change()

    # actions -----------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.entries):
            entry = self.entries[event.cursor_row]
            self.app.push_screen(OldVersionScreen(self.repository, self.history, self.forum, self.language, entry))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)


class OldVersionScreen(Keyed, Screen[None]):
    """A meeting as it was at one commit, read-only; r restores it as a new commit."""

    ACTIONS = "old_version"

    @dataclass
    class Loaded(Message):
        """The version's text, and the meeting it holds or why it cannot be shown."""

        text: str
        meeting: Meeting | Problem | None

    @dataclass
    class RestoreAsked(Message):
        """The file as it is now and, in words, what restoring this version over it would change ("" for nothing)."""

        current: str | None
        words: str

    @dataclass
    class RestoreDone(Message):
        outcome: SaveResult | Exception

    def __init__(
        self, repository: Repository, history: MeetingHistory, forum: Forum | None, language: str, entry: LogEntry
    ) -> None:
        super().__init__()
        self.repository = repository
        self.history = history
        self.forum = forum
        self.language = language
        self.entry = entry
        self.text: str | None = None  # the version's text, once read

    def compose(self) -> ComposeResult:
        yield Header()
        banner = Text()
        if self.entry.commit:
            banner.append(f"{t('read_only')}: ", style="bold")
            banner.append(safe_line(f"{t('version_of')} {self.entry.short} {when(self.entry.date)} {self.entry.author}"))
        else:
            banner.append(t("not_committed"), style="bold")
        yield Static(banner, id="old-version-banner")
        yield MeetingView(id="old-meeting")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="old-version")
    def _load(self) -> None:
        """Read the version from git and parse it, off the UI thread."""
        try:
            text = self.history.text_at(self.entry) or ""
        except HistoryError as error:
            self.post_message(self.Loaded("", Problem(self.history.path, 0, 0, error_words(error, self.language))))
            return
        self.post_message(self.Loaded(text, meeting_to_read(self.history.path, text)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.text = message.text
        view = self.query_one(MeetingView)
        found = message.meeting
        if isinstance(found, Problem):
            view.show_message(f"{t('broken_title')}: {found.line}:{found.column}: {problem_words(found, self.language)}")
            return
        if found is None:
            view.show_message(t("broken_title"))
            return
        view.show_meeting(found, self.forum)
        view.focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_read_only(self) -> None:
        """e (edit) in an old version: say why nothing happens and what does."""
        self.notify(t("old_version_read_only"), title=t("read_only"), markup=False)

    # restore ---------------------------------------------------------------------------
    def action_restore(self) -> None:
        if self.entry.commit is not None and self.text is not None:
            self._ask_restore(self.text)

    @work(thread=True, exclusive=True, group="restore")
    def _ask_restore(self, old_text: str) -> None:
        """Read the file as it is now and word what the restore would change, off the UI thread."""
        current = self.history.work_tree_text()
        changes = restore_changes(current, old_text)
        self.post_message(self.RestoreAsked(current, describe(changes, self.language) if changes else ""))

    @on(RestoreAsked)
    def _asked(self, message: RestoreAsked) -> None:
        entry = self.entry
        body = Text(t("restore_body", version=entry.short, date=when(entry.date)) + "\n\n")
        body.append(safe_text(message.words) if message.words else t("restore_nothing"))

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self._restore(message.current)

        self.app.push_screen(
            ChoiceDialog(t("restore_title"), body, [("restore", t("restore")), ("cancel", t("cancel"))]),
            answer,
        )

    @work(thread=True, exclusive=True, group="restore")
    def _restore(self, shown: str | None) -> None:
        """Restore this version over the file as it was when the question was shown (`shown`), off the UI thread."""
        entry = self.entry
        forum_name = self.forum.name if self.forum else self.history.path.parent.name
        try:
            outcome: SaveResult | Exception = restore_version(
                self.repository, self.history.path, self.text or "", entry.commit or "", when(entry.date)[:10], forum_name,
                self.language, expected_text=shown or "",
            )
        except (ExternalChangeError, NothingToSaveError, IdentityMissingError, GitError, OSError) as error:
            outcome = error
        self.post_message(self.RestoreDone(outcome))

    @on(RestoreDone)
    def _restored(self, message: RestoreDone) -> None:
        """Say how it went; once restored, the app goes back to the meeting."""
        outcome = message.outcome
        if isinstance(outcome, ExternalChangeError):
            self.notify(t("restore_changed_meanwhile"), title=t("save_failed"), severity="warning", markup=False)
        elif isinstance(outcome, NothingToSaveError):
            self.notify(t("restore_nothing"), markup=False)
        elif isinstance(outcome, IdentityMissingError):
            self.notify(t("identity_needed"), severity="warning", markup=False)
        elif isinstance(outcome, Exception):
            self.notify(safe_text(error_words(outcome, self.language)), title=t("save_failed"), severity="error", markup=False)
        else:
            self.notify(safe_text(outcome.message.splitlines()[0]), title=t("saved"), markup=False)
            self.post_message(VersionRestored(self.history.path))


class BlameScreen(Keyed, Screen[None]):
    """Who last changed each point's decision, and when; Enter opens that commit in the history."""

    ACTIONS = "blame"

    @dataclass
    class Loaded(Message):
        rows: list[PointBlame]
        history: MeetingHistory

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, repository: Repository, path: Path, forum: Forum | None, language: str) -> None:
        super().__init__()
        self.repository = repository
        self.path = path
        self.forum = forum
        self.language = language
        self.rows: list[PointBlame] = []
        self.history: MeetingHistory | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        title = f"{t('blame_of')} {self.forum.name if self.forum else ''} {self.path.stem}".strip()
        yield Static(Text(safe_line(title), style="bold"), id="history-title")
        yield FitTable(
            [
                FitColumn(t("point"), 5),
                FitColumn(t("title"), 26, lines=2, least=10),
                FitColumn(t("author"), 13, lines=2, least=8),
                FitColumn(t("date"), 10, lines=2),
                FitColumn(t("message"), None, lines=3, least=12),
            ],
            id="blame-list",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self._blame()

    @work(thread=True, exclusive=True, group="blame")
    def _blame(self) -> None:
        """Blame the file by point (and open its history for Enter), off the UI thread."""
        try:
            rows = blame_points(self.path)
            history = MeetingHistory(self.path)
        except (HistoryError, yamlio.YamlLoadError) as error:
            self.post_message(self.Failed(error_words(error, self.language)))
            return
        self.post_message(self.Loaded(rows, history))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", markup=False)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.rows, self.history = message.rows, message.history
        table = self.query_one(FitTable)
        for row in self.rows:
            if row.commit is None:
                author, date, subject = Text("—"), Text(""), Text(t("not_committed"), style="bold yellow")
            else:
                author, date, subject = Text(safe_line(row.author)), Text(when(row.date)), Text(one_line(row.message))
            title = Text(safe_line(" ".join(row.title.split())))
            table.add_fit_row(Text(str(row.number or "")), title, author, date, subject)
        table.focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if self.history is not None and 0 <= event.cursor_row < len(self.rows):
            row = self.rows[event.cursor_row]
            self.app.push_screen(HistoryScreen(self.repository, self.history, self.forum, self.language, focus_commit=row.commit))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
