"""Exporting from the meeting shown: the minutes, the agenda (which marks a planned meeting's agenda sent) or the forum's
published site. Ask for a format and a file (the last folder and format offered again), ask before replacing a file,
and write in a thread worker; notices say where it went or why not."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App

from repo_layout.display import safe_line, safe_text
from repo_layout.export.agenda import export_agenda
from repo_layout.export.formats import write_meeting
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from tui.error_words import error_words
from tui.i18n import t
from tui.widgets.dialogs import ChoiceDialog, ExportDialog

AGENDA_PREFIX = "agenda-"
"""An export format naming the agenda (`agenda-pdf`) rather than the minutes (`html`)."""
PUBLISH = "publish"


class ExportFlow:
    """The export dialog and the write; remembers the folder and format of the last export."""

    def __init__(self, app: App[object], repository: Repository, language: str) -> None:
        self.app = app
        self.repository = repository
        self.root = repository.root
        self.language = language
        self.folder: Path | None = None
        self.format = "html"

    def offer(
        self, meeting: Meeting, forum: Forum | None, agenda: bool = False, on_sent: Callable[[Path], None] | None = None
    ) -> None:
        """Ask where to export `meeting` (a name from its forum's folder and its date); write it once answered.

        `agenda` offers the agenda as PDF first (as a planned meeting does anyway); `on_sent` runs once an agenda export
        moved the meeting's status on.
        """
        folder = self.folder or self._default_folder()
        stem = str(folder / f"{meeting.path.parent.name}-{meeting.path.stem}")
        first = f"{AGENDA_PREFIX}pdf" if agenda or meeting.status == "planned" else self.format

        def answer(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            fmt, target = result
            path = Path(target).expanduser().absolute()
            if fmt == PUBLISH or not path.exists():
                self._write(meeting, forum, fmt, path, on_sent)
                return
            choices = [("replace", t("export_replace")), ("cancel", t("cancel"))]
            self.app.push_screen(
                ChoiceDialog(t("export_replace_title"), Text(str(path)), choices, focus="cancel"),
                lambda choice: self._write(meeting, forum, fmt, path, on_sent) if choice == "replace" else None,
            )

        self.app.push_screen(ExportDialog(stem, first, publish=forum is not None), answer)

    def _write(
        self, meeting: Meeting, forum: Forum | None, fmt: str, path: Path, on_sent: Callable[[Path], None] | None
    ) -> None:
        if fmt == PUBLISH and forum is not None:
            self.app.run_worker(lambda: self._publish(forum, path), thread=True, group="export")
            return
        if fmt.startswith(AGENDA_PREFIX) and forum is not None:
            self.app.run_worker(lambda: self._agenda(meeting, forum, fmt, path, on_sent), thread=True, group="export")
            return
        shown = Meeting(meeting.path, copy.deepcopy(meeting.data), meeting.original_text, meeting.layout)  # edits go on
        self.app.run_worker(lambda: self._write_minutes(shown, forum, fmt, path), thread=True, group="export")

    def _agenda(
        self, meeting: Meeting, forum: Forum, fmt: str, path: Path, on_sent: Callable[[Path], None] | None
    ) -> None:
        """In the worker's thread: the agenda from the meeting as saved (a notice is a message, so it may be raised here)."""
        try:
            saved = self.repository.load_meeting(meeting.path)
            done = export_agenda(self.repository, forum, saved, fmt.removeprefix(AGENDA_PREFIX), path, self.language)
        except Exception as error:  # every failure is said, in the app's words
            self._failed(path, error)
            return
        self.folder, self.format = path.parent, fmt
        if done.status is not None:
            self.app.notify(safe_line(t("agenda_sent_done", path=str(path))), title=t("exported"), markup=False)
            if on_sent is not None:
                self.app.call_from_thread(on_sent, path)
        else:
            self.app.notify(safe_line(str(path)), title=t("exported"), markup=False)

    def _publish(self, forum: Forum, folder: Path) -> None:
        from repo_layout.export.publish import publish  # here: WeasyPrint loads only when something is published

        try:
            published = publish(self.repository, forum, folder, self.language)
        except Exception as error:  # every failure is said, in the app's words
            self._failed(folder, error)
            return
        self.folder = folder.parent
        count = len(getattr(published, "meetings", []) or [])
        self.app.notify(safe_line(t("published_done", folder=str(folder), count=count)), title=t("exported"), markup=False)

    def _failed(self, path: Path, error: Exception) -> None:
        said = safe_text(error_words(error, self.language))
        self.app.notify(f"{safe_line(str(path))}: {said}", title=t("export_failed"), severity="error", markup=False)

    def _write_minutes(self, meeting: Meeting, forum: Forum | None, fmt: str, path: Path) -> None:
        """In the worker's thread: the minutes as shown, with their approval and attachments (a notice is a message)."""
        try:
            write_meeting(self.repository, forum, meeting, fmt, path, self.language)
        except Exception as error:  # every failure is said, in the app's words
            self._failed(path, error)
            return
        self.folder, self.format = path.parent, fmt
        self.app.notify(safe_line(str(path)), title=t("exported"), markup=False)

    def _default_folder(self) -> Path:
        """Where exports go first: the working folder, unless it is in the repository (an export there would be untracked)."""
        here = Path.cwd()
        root = self.root.resolve()
        return Path.home() if here.resolve() == root or root in here.resolve().parents else here
