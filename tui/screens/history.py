"""History of a meeting: its commits, each change in words and as a diff, old versions, restore, blame.

Authors, commit messages, worded changes and git's errors are shown with control characters visible
(`repo_layout.display`); names and subjects on one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.saving import ExternalChangeError, NothingToSaveError, restore_changes, restore_version
from repo_layout.git.commit import GitError
from repo_layout.git.state import IdentityMissingError
from repo_layout.history.changes import describe
from repo_layout.history.meeting_history import PAGE, HistoryError, LogEntry, MeetingHistory, PointBlame, blame_points
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.yaml import yamlio
from tui.i18n import t, translate_bindings
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.diff_view import diff_text
from tui.widgets.fit_table import FitColumn, FitTable
from tui.widgets.meeting_view import MeetingView


def one_line(message: str) -> str:
    """A commit message's subject (its first line), as the list shows it, control characters visible."""
    lines = message.strip().splitlines()
    return safe_line(lines[0]) if lines else ""


def when(entry_date: object) -> str:
    """A commit's date and time as its author recorded it."""
    return entry_date.strftime("%Y-%m-%d %H:%M") if entry_date else ""  # type: ignore[attr-defined]


class HistoryScreen(Screen[None]):
    """The commits of one meeting, newest first; the selected one's change in words and as a diff."""

    BINDINGS = [
        Binding("escape", "back", "back"),
        Binding("j", "cursor_down", "cursor_down", show=False),
        Binding("k", "cursor_up", "cursor_up", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, entries: list[LogEntry], more: bool, shallow: bool) -> None:
            super().__init__()
            self.entries = entries
            self.more = more
            self.shallow = shallow

    class DetailLoaded(Message):
        def __init__(self, entry: LogEntry, summary: str, diff: str) -> None:
            super().__init__()
            self.entry = entry
            self.summary = summary
            self.diff = diff

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        repository: Repository,
        path: Path,
        forum: Forum | None,
        language: str,
        focus_commit: str | None = None,
        on_restored: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.repository = repository
        self.path = path
        self.forum = forum
        self.language = language
        self.focus_commit = focus_commit
        self.on_restored = on_restored
        self.history = MeetingHistory(path)
        self.entries: list[LogEntry] = []
        self.committed_loaded = 0
        self.more = False
        self.page_loading = False

    def compose(self) -> ComposeResult:
        yield Header()
        title = f"{t('history_of')} {self.forum.name if self.forum else ''} {self.path.stem}".strip()
        yield Static(Text(safe_line(title), style="bold"), id="history-title")
        with Horizontal(id="history-panes"):
            # the message gets the width; the date wraps its time under it and a long author name to a second line
            yield FitTable(
                [FitColumn(t("date"), 10, lines=2), FitColumn(t("author"), 13, lines=2), FitColumn(t("message"), None, lines=3)],
                id="history-list",
            )
            with VerticalScroll(id="history-detail"):
                yield Static(Text(t("loading")), id="history-summary")
                yield Static("", id="history-diff")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FitTable).focus()
        pending = self.history.uncommitted_entry()
        if pending is not None:
            self._add_rows([pending])
        self.load_page()

    # loading ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-page")
    def load_page(self) -> None:
        """Fetch the next page of commits off the UI thread."""
        self.page_loading = True
        try:
            page = self.history.page(skip=self.committed_loaded, limit=PAGE)
        except HistoryError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.PageLoaded(page.entries, page.more, page.shallow))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        self.page_loading = False
        self.more = message.more
        self.committed_loaded += len(message.entries)
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
            summary = self.history.summary(entry, self.language)
            diff = self.history.diff(entry)
        except HistoryError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.DetailLoaded(entry, summary, diff))

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
        self.query_one("#history-diff", Static).update(diff_text(message.diff))

    # actions -----------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.entries):
            entry = self.entries[event.cursor_row]
            self.app.push_screen(OldVersionScreen(self, entry))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)


class OldVersionScreen(Screen[None]):
    """A meeting as it was at one commit, read-only; r restores it as a new commit."""

    BINDINGS = [
        Binding("escape", "back", "back"),
        Binding("r", "restore", "restore"),
        Binding("e,E,ctrl+e", "read_only", "edit", show=False),
    ]

    def __init__(self, history_screen: HistoryScreen, entry: LogEntry) -> None:
        super().__init__()
        translate_bindings(self)
        self.history_screen = history_screen
        self.entry = entry
        self.text = history_screen.history.text_at(entry) or ""

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
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(MeetingView)
        try:
            document = yamlio.load_text(self.text)
        except yamlio.YamlLoadError as error:
            view.show_message(f"{t('broken_title')}: {error.line}:{error.column}: {error.message}")
            return
        if not isinstance(document, dict):
            view.show_message(t("broken_title"))
            return
        meeting = Meeting(self.history_screen.path, document, self.text, yamlio.guess_layout(self.text))
        view.show_meeting(meeting, self.history_screen.forum)
        view.focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_read_only(self) -> None:
        """e (edit) in an old version: say why nothing happens and what does."""
        self.notify(t("old_version_read_only"), title=t("read_only"), markup=False)

    def action_restore(self) -> None:
        entry = self.entry
        if entry.commit is None:
            return
        screen = self.history_screen
        current = screen.history.work_tree_text()
        changes = restore_changes(current, self.text)
        body = Text(t("restore_body", version=entry.short, date=when(entry.date)) + "\n\n")
        body.append(safe_text(describe(changes, screen.language)) if changes else t("restore_nothing"))

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self._restore(current)

        self.app.push_screen(
            ChoiceDialog(t("restore_title"), body, [("restore", t("restore")), ("cancel", t("cancel"))]),
            answer,
        )

    def _restore(self, shown: str | None) -> None:
        """Restore this version over the file as it was when the question was shown (`shown`), or say it changed."""
        screen = self.history_screen
        entry = self.entry
        forum_name = screen.forum.name if screen.forum else screen.path.parent.name
        try:
            result = restore_version(
                screen.repository, screen.path, self.text, entry.commit or "", when(entry.date)[:10], forum_name,
                screen.language, expected_text=shown or "",
            )
        except ExternalChangeError:
            self.notify(t("restore_changed_meanwhile"), title=t("save_failed"), severity="warning", markup=False)
            return
        except NothingToSaveError:
            self.notify(t("restore_nothing"), markup=False)
            return
        except IdentityMissingError:
            self.notify(t("identity_needed"), severity="warning", markup=False)
            return
        except (GitError, OSError) as error:
            self.notify(safe_text(str(error)), title=t("save_failed"), severity="error", markup=False)
            return
        self.notify(safe_text(result.message.splitlines()[0]), title=t("saved"), markup=False)
        self.dismiss(None)
        screen.dismiss(None)
        if screen.on_restored is not None:
            screen.on_restored()


class BlameScreen(Screen[None]):
    """Who last changed each point's decision, and when; Enter opens that commit in the history."""

    BINDINGS = [
        Binding("escape", "back", "back"),
        Binding("j", "cursor_down", "cursor_down", show=False),
        Binding("k", "cursor_up", "cursor_up", show=False),
    ]

    def __init__(
        self, repository: Repository, path: Path, forum: Forum | None, language: str, on_restored: Callable[[], None]
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.repository = repository
        self.path = path
        self.forum = forum
        self.language = language
        self.on_restored = on_restored
        self.rows: list[PointBlame] = []

    def compose(self) -> ComposeResult:
        yield Header()
        title = f"{t('blame_of')} {self.forum.name if self.forum else ''} {self.path.stem}".strip()
        yield Static(Text(safe_line(title), style="bold"), id="history-title")
        yield FitTable(
            [
                FitColumn(t("point"), 5),
                FitColumn(t("title"), 26, lines=2),
                FitColumn(t("author"), 13, lines=2),
                FitColumn(t("date"), 10, lines=2),
                FitColumn(t("message"), None, lines=3),
            ],
            id="blame-list",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(FitTable)
        try:
            self.rows = blame_points(self.path)
        except (HistoryError, yamlio.YamlLoadError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        for row in self.rows:
            if row.commit is None:
                author, date, message = Text("—"), Text(""), Text(t("not_committed"), style="bold yellow")
            else:
                author, date, message = Text(safe_line(row.author)), Text(when(row.date)), Text(one_line(row.message))
            title = Text(safe_line(" ".join(row.title.split())))
            table.add_fit_row(Text(str(row.number or "")), title, author, date, message)
        table.focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            row = self.rows[event.cursor_row]
            self.app.push_screen(
                HistoryScreen(
                    self.repository, self.path, self.forum, self.language, focus_commit=row.commit, on_restored=self._restored
                )
            )

    def _restored(self) -> None:
        """A version was restored from the history opened here: this blame is out of date, so back to the meeting."""
        self.dismiss(None)
        self.on_restored()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
