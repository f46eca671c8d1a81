"""Exporting the meeting shown: ask for a format and a file (the last folder and format offered again), ask before
replacing a file, and write it in a thread worker; notices say where it went or why not."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App

from repo_layout.export.formats import export_meeting
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.meeting import Meeting
from repo_layout.yaml.yamlio import atomic_write
from tui.i18n import t
from tui.widgets.dialogs import ChoiceDialog, ExportDialog


class ExportFlow:
    """The export dialog and the write; remembers the folder and format of the last export."""

    def __init__(self, app: App[object], root: Path, language: str) -> None:
        self.app = app
        self.root = root
        self.language = language
        self.folder: Path | None = None
        self.format = "html"

    def offer(self, meeting: Meeting, forum: ForumInfo | None) -> None:
        """Ask where to export `meeting` (a name from its forum's folder and its date); write it once answered."""
        folder = self.folder or self._default_folder()
        stem = str(folder / f"{meeting.path.parent.name}-{meeting.path.stem}")

        def answer(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            fmt, target = result
            path = Path(target).expanduser().absolute()
            if not path.exists():
                self._write(meeting, forum, fmt, path)
                return
            choices = [("replace", t("export_replace")), ("cancel", t("cancel"))]
            self.app.push_screen(
                ChoiceDialog(t("export_replace_title"), Text(str(path)), choices, focus="cancel"),
                lambda choice: self._write(meeting, forum, fmt, path) if choice == "replace" else None,
            )

        self.app.push_screen(ExportDialog(stem, self.format), answer)

    def _write(self, meeting: Meeting, forum: ForumInfo | None, fmt: str, path: Path) -> None:
        try:
            text = export_meeting(meeting, forum, fmt, self.language)  # here: the meeting may be edited once this returns
        except ValueError as error:
            self.app.notify(f"{path}: {error}", title=t("export_failed"), severity="error", markup=False)
            return
        self.app.run_worker(lambda: self._write_file(text, fmt, path), thread=True, group="export")

    def _write_file(self, text: str, fmt: str, path: Path) -> None:
        """In the worker's thread (a notice is a message to the app, so it may be raised here)."""
        try:
            atomic_write(path, text)
        except OSError as error:
            self.app.notify(f"{path}: {error.strerror or error}", title=t("export_failed"), severity="error", markup=False)
            return
        self.folder, self.format = path.parent, fmt
        self.app.notify(str(path), title=t("exported"), markup=False)

    def _default_folder(self) -> Path:
        """Where exports go first: the working folder, unless it is in the repository (an export there would be untracked)."""
        here = Path.cwd()
        root = self.root.resolve()
        return Path.home() if here.resolve() == root or root in here.resolve().parents else here
