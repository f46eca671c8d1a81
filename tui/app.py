"""The Textual app and the one factory that builds it for the command line and the tests."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from textual import on
from textual.actions import SkipAction, parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Select

from repo_layout.display import safe_line, safe_text
from repo_layout.model.discover import Repository
from repo_layout.search.index import ActionRow, DecisionRow, Hit, SearchIndex
from tui import actions, i18n
from tui.actions import Keyed
from tui.commands import GoToMeeting
from tui.i18n import t
from tui.key_queue import KeyQueue
from tui.messages import ActionMarkedDone, JumpToMeeting, RepositoryChanged, VersionRestored
from tui.palette import WordedPalette
from tui.safe_display import ControlFilter
from tui.screens.browse import BrowseScreen
from tui.screens.decisions import ActionsScreen, DecisionLogScreen
from tui.screens.field_editor import FieldEditor
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.search_service import SearchService
from tui.settings import HIGH_CONTRAST, SettingsNotSaved, load_settings, save_settings
from tui.themes import HIGH_CONTRAST_THEME


class MinutesApp(Keyed, KeyQueue):
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
        "screens/import_screen.tcss",
    ]
    COMMANDS = App.COMMANDS | {GoToMeeting}
    ACTIONS = "global"

    def __new__(cls, repository: Repository, language: str, open_path: Path | None = None) -> MinutesApp:
        """The app in the language its bindings are described in (see tui.actions.Keyed)."""
        i18n.set_language(language)
        app = super().__new__(cls)
        assert isinstance(app, MinutesApp)
        return app

    def __init__(self, repository: Repository, language: str, open_path: Path | None = None) -> None:
        i18n.set_language(language)
        super().__init__()
        self.repository = repository
        self.language = language
        self.open_path = open_path
        self.title = repository.config.name
        self.sub_title = repository.root.name
        self.search_service = SearchService(self, repository)
        self.settings = load_settings()
        self.register_theme(HIGH_CONTRAST_THEME)
        self._theme_before_contrast = "textual-dark"
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.keymap = self.settings.keys
        self.set_keymap(self.keymap)

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
        if self.settings.problems:
            message = "\n".join(problem.message for problem in self.settings.problems)
            self.notify(message, title=t("keymap_title"), severity="warning", timeout=30, markup=False)
        self.push_screen(
            BrowseScreen(self.repository, self.language, self.open_path, auto_fetch_minutes=self.settings.auto_fetch_minutes)
        )

    @property
    def browse(self) -> BrowseScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, BrowseScreen))

    def _top_screen(self) -> Screen[object] | None:
        """The screen on top, or None while the app is starting or closing."""
        return self.screen_stack[-1] if self.screen_stack else None

    # the search index ------------------------------------------------------------
    @property
    def search_index(self) -> SearchIndex | None:
        """The index as last built or refreshed (None until the first build)."""
        return self.search_service.index

    def update_index(self) -> None:
        """Build the index or refresh it to the files as they are now, in a worker."""
        self.search_service.update()

    @on(SearchService.Progress)
    def _index_progress(self, message: SearchService.Progress) -> None:
        top = self._top_screen()
        if isinstance(top, SearchScreen):
            top.progress(message.done, message.total)

    @on(SearchService.Done)
    def _index_done(self, message: SearchService.Done) -> None:
        self.search_service.finished(message)
        top = self._top_screen()
        if isinstance(top, SearchScreen):
            top.index_ready(message.index)
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.refresh_bindings()

    @on(RepositoryChanged)
    def _repository_changed(self) -> None:
        """A save or a sync changed files: the index follows, in a worker."""
        self.search_service.update()

    async def _index_for_a_list(self) -> SearchIndex:
        """The index for the decision log or the open actions: built first if need be (saying so), else as it is, with
        a refresh started so that what changed on disk shows next time."""
        if self.search_service.index is None:
            if not self.search_service.running:
                self.notify(t("index_building"), markup=False)
            return await self.search_service.ready()
        self.search_service.update()
        return self.search_service.index

    # search, the decision log, the open actions -------------------------------------
    def action_search(self) -> None:
        self.open_search()

    def action_decision_log(self) -> None:
        self.open_decision_log()

    def action_open_actions(self) -> None:
        self.open_actions()

    def open_search(self, query: str = "") -> None:
        """The search screen; the index is built the first time, refreshed after, so what changed on disk is found."""
        if self.search_service.index is not None or not self.search_service.running:
            self.search_service.update()

        def chosen(hit: Hit | None) -> None:
            if hit is not None:
                self.browse.jump_to(hit.path, hit.point)

        self.push_screen(SearchScreen(self.search_service.index, query), chosen)

    def open_decision_log(self) -> None:
        self.run_worker(self._open_decision_log(), group="open-list", exclusive=True)

    async def _open_decision_log(self) -> None:
        index = await self._index_for_a_list()

        def chosen(row: DecisionRow | None) -> None:
            if row is not None:
                # once the meeting pane is back on screen (laid out), so the point can be scrolled into view
                self.call_after_refresh(self.browse.jump_to, row.path, row.point)

        self.push_screen(DecisionLogScreen(index), chosen)

    def open_actions(self) -> None:
        self.run_worker(self._open_actions(), group="open-list", exclusive=True)

    async def _open_actions(self) -> None:
        index = await self._index_for_a_list()
        browse = self.browse
        before, before_point = browse.shown_path, browse.shown_point_number()

        def chosen(row: ActionRow | None) -> None:
            # once the meeting pane is back on screen (laid out), so the point can be scrolled into view
            if row is not None:
                self.call_after_refresh(browse.jump_to, row.path, row.point)
            elif before is not None and browse.shown_path != before:
                # marking an action done shows its meeting (the edit is made there); Esc goes back to the one shown before
                self.call_after_refresh(browse.jump_to, before.relative_to(self.repository.root).as_posix(), before_point)

        self.push_screen(ActionsScreen(index), chosen)

    @on(JumpToMeeting)
    def _jump(self, message: JumpToMeeting) -> None:
        self.browse.jump_to(message.relative, message.point)

    @on(ActionMarkedDone)
    def _action_marked_done(self, message: ActionMarkedDone) -> None:
        self.run_worker(self._after_marked_done(message.row), group="marked-done")

    async def _after_marked_done(self, row: ActionRow) -> None:
        await self.search_service.refreshed()
        for screen in self.screen_stack:
            if isinstance(screen, ActionsScreen):
                screen.reload()
        self._say_marked_done(row)

    def _say_marked_done(self, row: ActionRow) -> None:
        """One toast naming the action marked done and its meeting (the save's toast says it in a commit message)."""
        where = f"{row.forum} {row.date.isoformat()}"
        if row.point is not None:
            where = t("action_done_where", forum=row.forum, date=row.date.isoformat(), point=row.point)
        self.clear_notifications()
        self.notify(f"{row.task}\n{where}", title=t("action_done_title"), markup=False)

    @on(VersionRestored)
    def _version_restored(self) -> None:
        """Back to the meeting (the history and blame are out of date), which shows the file as it now is."""
        browse = self.browse
        browse.pop_until_active()
        browse.restored()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands (but quit, which is ours) in the UI's language, then every action of the registry
        that can run on `screen` now, by its words, with its help and its keys (the user's, after the keymap)."""
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                continue
            key = f"system_{command.title}"
            known = t(key) != key
            title, help_text = (t(key), t(f"{key}_help")) if known else (command.title, command.help)
            yield SystemCommand(title, help_text, command.callback, command.discover)
        group = getattr(screen, "ACTIONS", "")
        for spec in map(actions.by_id, actions.PALETTE):
            namespace: DOMNode = self if spec.group == "global" else screen
            if spec.group not in ("global", group) or not self._can_run(spec.action, namespace):
                continue
            help_text = t(f"{spec.words}_help")
            keys = actions.shown_keys(spec, self.keymap, self.get_key_display)
            if keys:
                help_text = t("palette_keys", help=help_text, keys=keys)
            yield SystemCommand(t(spec.words), escape(help_text), partial(self.run_action, spec.action, namespace))

    def _can_run(self, action: str, namespace: DOMNode) -> bool:
        """Whether the action is enabled where it would run (the node's check_action says True)."""
        target, name, parameters = parse(action)
        node = self if target == "app" else namespace
        return node.check_action(name, parameters) is True

    # Enter, named in a screen's footer ------------------------------------------------
    def _enter_target(self) -> tuple[Widget, str] | None:
        """The focused table, list or filter and the action its own Enter runs; None elsewhere (a text area, a
        select's list), where Enter is the widget's business and the footer names no Enter."""
        focused = self.focused
        if not isinstance(focused, DataTable | OptionList | Input) or any(isinstance(node, Select) for node in focused.ancestors):
            return None
        for cls in type(focused).__mro__:
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if binding.key == "enter":
                    return focused, binding.action
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "press_enter":
            return self._enter_target() is not None
        return True

    async def action_press_enter(self) -> None:
        """Enter on a sub-view: the focused widget's own Enter (open the row, choose the hit), under a key the footer
        can name; anything else lets the key go on as if this binding were not there."""
        target = self._enter_target()
        if target is None:
            raise SkipAction()
        widget, action = target
        await self.run_action(action, widget)

    # the theme ---------------------------------------------------------------------------
    def action_toggle_high_contrast(self) -> None:
        """High contrast on, or back to the theme before it; the choice is remembered in the settings."""
        if self.theme == HIGH_CONTRAST:
            self.theme = self._theme_before_contrast
        else:
            self._theme_before_contrast = self.theme
            self.theme = HIGH_CONTRAST

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the UI's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(WordedPalette(placeholder=t("palette_placeholder"), id="--command-palette"))

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not name or name == self.settings.theme:
            return
        self.settings = replace(self.settings, theme=name)
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(t("settings_not_saved", error=error.strerror), severity="warning", markup=False)
        except SettingsNotSaved as error:
            self.notify(t("settings_not_saved", error=error), severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Quit, asking first when a meeting has unsaved edits."""
        if isinstance(self.screen, FieldEditor) and self.screen.is_changed():
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
        self.push_screen(HelpScreen())


def make_app(path: str | Path = ".", language: str | None = None) -> MinutesApp:
    """Build the app for the repository containing `path`; a meeting file opens that meeting."""
    repository = Repository.find(path)
    resolved = Path(path).expanduser().resolve()
    open_path = resolved if resolved.is_file() and resolved.suffix == ".yaml" else None
    return MinutesApp(repository, language or repository.config.language, open_path)


def run_app(path: str | Path, language: str | None = None) -> int:
    """Run the app in the terminal; the exit code of the command."""
    app = make_app(path, language)
    for problem in app.settings.problems:  # said again in the app; here it stays in the terminal after the app
        print(problem.message, file=sys.stderr)
    result = app.run()
    code = result if isinstance(result, int) else 0
    if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread()):
        # a search index still being built in a worker thread would hold the exit; its cache is written atomically
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
