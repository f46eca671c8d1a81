"""The Textual app and the one factory that builds it for the command line and the tests."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from repo_layout.display import safe_line, safe_text
from repo_layout.model.discover import Repository
from repo_layout.search.index import ActionRow, DecisionRow, Hit, SearchIndex
from tui import i18n
from tui.commands import GoToMeeting
from tui.i18n import t
from tui.safe_display import ControlFilter
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.screens.help import HelpScreen
from tui.screens.history import OldVersionScreen
from tui.screens.search import SearchScreen
from tui.settings import Settings, load_settings, save_settings
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView


class MinutesApp(App[int]):
    """Browse the minutes of one repository."""

    CSS_PATH = [
        "app.tcss",
        "screens/browse.tcss",
        "screens/help.tcss",
        "screens/editor.tcss",
        "screens/history.tcss",
        "widgets/meeting_view.tcss",
        "widgets/dialogs.tcss",
        "screens/search.tcss",
        "screens/conflicts.tcss",
    ]
    COMMANDS = App.COMMANDS | {GoToMeeting}
    BINDINGS = [
        Binding("q", "quit", "quit", id="quit"),
        Binding("question_mark", "help", "help", key_display="?", id="help"),
    ]

    def __init__(self, repository: Repository, language: str, open_path: Path | None = None) -> None:
        i18n.set_language(language)
        super().__init__()
        i18n.translate_bindings(self)
        self.repository = repository
        self.language = language
        self.open_path = open_path
        self.title = repository.config.name
        self.sub_title = repository.root.name
        self.search_index: SearchIndex | None = None
        self.settings = load_settings()
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # text from files on screen (see tui/safe_display.py) ---------------------------------
    _control_filter = ControlFilter()

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, then the one that drops any control character left in a drawn line."""
        return [*super().get_line_filters(), self._control_filter]

    def validate_title(self, title: str) -> str:
        """The header's title (the repository's name) on one line, control characters visible."""
        return safe_line(title)

    def validate_sub_title(self, sub_title: str) -> str:
        """The header's sub-title (the folder's name) likewise."""
        return safe_line(sub_title)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast; its message (often a file's text or git's words) and title with control characters made visible."""
        super().notify(safe_text(message), title=safe_line(title), severity=severity, timeout=timeout, markup=markup)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(BrowseScreen(self.repository, self.language, self.open_path))
        self._waiting_for_index: list[object] = []

    @property
    def browse(self) -> BrowseScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, BrowseScreen))

    # the search index ------------------------------------------------------------
    class IndexProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class IndexReady(Message):
        def __init__(self, index: SearchIndex) -> None:
            super().__init__()
            self.index = index

    @work(thread=True, exclusive=True, group="index")
    def update_index(self) -> None:
        """Build the index (from its cache) or refresh it to the files as they are now, off the UI thread."""

        def progress(done: int, total: int) -> None:
            self.post_message(self.IndexProgress(done, total))

        index = self.search_index
        if index is None:
            index = SearchIndex.build(self.repository, progress=progress)
        else:
            index.refresh(progress=progress)
        self.post_message(self.IndexReady(index))

    def _top_screen(self) -> Screen[object] | None:
        """The screen on top, or None while the app is starting or closing."""
        return self.screen_stack[-1] if self.screen_stack else None

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        top = self._top_screen()
        if isinstance(top, SearchScreen):
            top.progress(message.done, message.total)

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        self.search_index = message.index
        top = self._top_screen()
        if isinstance(top, SearchScreen):
            top.index_ready(message.index)
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.refresh_bindings()
        waiting, self._waiting_for_index = self._waiting_for_index, []
        for callback in waiting:
            callback()  # type: ignore[operator]

    def when_index_ready(self, callback: object) -> bool:
        """Run `callback` once the index exists (building it now, the first time); True if it ran at once."""
        if self.search_index is not None:
            return True
        self._waiting_for_index.append(callback)
        if len(self._waiting_for_index) == 1:
            self.notify(t("index_building"), markup=False)
            self.update_index()
        return False

    def open_search(self, query: str = "") -> None:
        """The search screen; the index is built the first time, refreshed after, so what changed on disk is found."""
        if self.search_index is not None:
            self.update_index()
        elif not self._waiting_for_index:
            self._waiting_for_index.append(lambda: None)
            self.update_index()

        def chosen(hit: Hit | None) -> None:
            if hit is not None:
                self.browse.jump_to(hit.path, hit.point)

        self.push_screen(SearchScreen(self.search_index, query), chosen)

    def _refreshed_index(self) -> SearchIndex | None:
        """The index as it is, with a refresh started in a worker (what changed on disk shows next time)."""
        index = self.search_index
        if index is not None:
            self.update_index()
        return index

    def open_decision_log(self) -> None:
        if not self.when_index_ready(self.open_decision_log):
            return
        index = self._refreshed_index()
        if index is None:
            return

        def chosen(row: DecisionRow | None) -> None:
            if row is not None:
                # once the meeting pane is back on screen (laid out), so the point can be scrolled into view
                self.call_after_refresh(self.browse.jump_to, row.path, row.point)

        self.push_screen(DecisionLogScreen(index), chosen)

    def open_actions(self) -> None:
        if not self.when_index_ready(self.open_actions):
            return
        index = self._refreshed_index()
        if index is None:
            return

        browse = self.browse
        before, before_point = browse.shown_path, self._shown_point_number()

        def chosen(row: ActionRow | None) -> None:
            # once the meeting pane is back on screen (laid out), so the point can be scrolled into view
            if row is not None:
                self.call_after_refresh(browse.jump_to, row.path, row.point)
            elif before is not None and browse.shown_path != before:
                # marking an action done shows its meeting (the edit is made there); Esc goes back to the one shown before
                self.call_after_refresh(browse.jump_to, before.relative_to(self.repository.root).as_posix(), before_point)

        self.push_screen(ActionsScreen(index), chosen)

    def _shown_point_number(self) -> int | None:
        """The printed number of the point highlighted in the meeting pane, if any."""
        view = self.browse.view
        if view.highlighted is None:
            return None
        views = view.point_views()
        return views[view.highlighted].point.number if 0 <= view.highlighted < len(views) else None

    def mark_action_done(self, row: ActionRow, screen: ActionsScreen) -> None:
        """Mark an action done (a saved, committed edit), then show the list again without it and say which it was."""

        def refreshed() -> None:
            if self.search_index is not None:
                self.search_index.refresh()
            screen.reload()
            # after the save's own "saved" toast (a message queued before this callback), which it replaces
            self.call_later(self._say_marked_done, row)

        self.browse.mark_action_done(row.path, row.point, row.index, row.task, refreshed)

    def _say_marked_done(self, row: ActionRow) -> None:
        """One toast naming the action marked done and its meeting (the save's toast says it in a commit message)."""
        where = f"{row.forum} {row.date.isoformat()}"
        if row.point is not None:
            where = t("action_done_where", forum=row.forum, date=row.date.isoformat(), point=row.point)
        self.clear_notifications()
        self.notify(f"{row.task}\n{where}", title=t("action_done_title"), markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the UI's language where we know them
            key = f"system_{command.title}"
            known = t(key) != key
            title, help_text = (t(key), t(f"{key}_help")) if known else (command.title, command.help)
            yield SystemCommand(title, help_text, command.callback, command.discover)
        yield SystemCommand(t("search"), t("search_help"), self.open_search)
        yield SystemCommand(t("decision_log"), t("decision_log_help"), self.open_decision_log)
        yield SystemCommand(t("open_actions"), t("open_actions_help"), self.open_actions)
        yield SystemCommand(t("help"), t("help_help"), self.action_help)

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the UI's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder"), id="--command-palette"))

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not name or name == self.settings.theme:
            return
        self.settings = Settings(theme=name, auto_fetch_minutes=self.settings.auto_fetch_minutes)
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(t("settings_not_saved", error=error.strerror), severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Quit, asking first when a meeting has unsaved edits."""
        is_changed = getattr(self.screen, "is_changed", None)
        if callable(is_changed) and is_changed():
            self.notify(t("close_editor_first"), severity="warning", markup=False)
            return
        browse = next((screen for screen in self.screen_stack if isinstance(screen, BrowseScreen)), None)
        if browse is None:
            self.exit(0)
            return
        browse.confirm_leave(lambda: self.exit(0))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        sections = [
            (t("help_global"), self._merged_help_bindings()),
            (t("help_editing"), BrowseScreen._merged_bindings),
            (t("help_tree"), ForumTree._merged_bindings),
            (t("help_meeting"), MeetingView._merged_bindings),
            (t("help_history"), OldVersionScreen._merged_bindings),
            (t("open_actions"), ActionsScreen._merged_bindings),
        ]
        self.push_screen(HelpScreen([(title, bindings) for title, bindings in sections if bindings is not None]))

    def _merged_help_bindings(self) -> object:
        from textual.binding import BindingsMap

        merged = BindingsMap()
        for source in (self._bindings,):
            if source is None:
                continue
            for _, binding in source:
                merged._add_binding(binding)
        return merged


def make_app(path: str | Path = ".", language: str | None = None) -> MinutesApp:
    """Build the app for the repository containing `path`; a meeting file opens that meeting."""
    repository = Repository.find(path)
    resolved = Path(path).expanduser().resolve()
    open_path = resolved if resolved.is_file() and resolved.suffix == ".yaml" else None
    return MinutesApp(repository, language or repository.config.language, open_path)


def run_app(path: str | Path, language: str | None = None) -> int:
    """Run the app in the terminal; the exit code of the command."""
    app = make_app(path, language)
    result = app.run()
    code = result if isinstance(result, int) else 0
    if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread()):
        # a search index still being built in a worker thread would hold the exit; its cache is written atomically
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
