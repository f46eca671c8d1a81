"""The Textual app and the one factory that builds it for the command line and the tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from repo_layout.discover import Repository
from tui import i18n
from tui.i18n import t
from tui.screens.browse import BrowseScreen
from tui.screens.help import HelpScreen
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
    ]
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
        self.settings = load_settings()
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(BrowseScreen(self.repository, self.language, self.open_path))

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not name or name == self.settings.theme:
            return
        self.settings = Settings(theme=name)
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
    return result if isinstance(result, int) else 0
