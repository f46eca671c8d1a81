"""Syncing from the app: a worker runs the sync, conflicts go to the conflict screen, the state to the status line.

`SyncController` is a part of the browse screen that draws nothing (browse.tcss hides it). It owns the repository's
state as the status line shows it (branch, ahead/behind, a sync running or failed) and tells its screen by message:
`Changed` when the status line should be drawn again, `Synced` with the files a sync brought or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widget import Widget

from repo_layout.display import safe_line, safe_text
from repo_layout.git.errors import SyncError
from repo_layout.sync.conflicts import Conflict
from repo_layout.sync.remote import NoRemoteError, add_remote, fetch_only
from repo_layout.sync.session import SyncOutcome, SyncSession
from repo_layout.sync.status import RepoStatus, status
from tui.i18n import language, t
from tui.screens.conflicts import ConflictScreen
from tui.sync_words import sync_error_words
from tui.widgets.dialogs import TextInputDialog

Choices = dict[str, dict[str, str]]


class SyncController(Widget):
    """Fetch, rebase or merge, push; status reads; conflicts handed to a person; a remote added when there is none."""

    class Changed(Message):
        """The repository's state or the sync's changed: the status line is drawn again."""

    @dataclass
    class Synced(Message):
        """A sync (or a failed one) changed these files, relative to the repository."""

        changed_files: list[str]

    @dataclass
    class _Progress(Message, bubble=False):
        phrase: str

    @dataclass
    class _Done(Message, bubble=False):
        result: SyncOutcome | list[Conflict] | SyncError | None

    @dataclass
    class _StatusRead(Message, bubble=False):
        status: RepoStatus | None

    @dataclass
    class _RemoteAdded(Message, bubble=False):
        error: SyncError | None

    def __init__(self, root: Path, language: str) -> None:
        super().__init__()
        self.root = root
        self.language = language
        self.state: str | None = None  # None, "running" or "failed"
        self.detail = ""
        self.status: RepoStatus | None = None
        self._session: SyncSession | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    # status ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="status")
    def read_status(self, fetch: bool = False) -> None:
        """Read branch, ahead/behind and operation (fetching first when asked) off the UI thread."""
        try:
            if fetch:
                fetch_only(self.root)
            found: RepoStatus | None = status(self.root)
        except (SyncError, OSError):
            found = None
        self.post_message(self._StatusRead(found))

    @on(_StatusRead)
    def _status_read(self, message: _StatusRead) -> None:
        self.status = message.status
        self.post_message(self.Changed())

    # sync -----------------------------------------------------------------------
    def start(self) -> None:
        """Run a sync in a worker; the status line says it runs."""
        self.state, self.detail = "running", ""
        self.post_message(self.Changed())
        self._session = None
        self._run_sync(None)

    def _progress_from_thread(self, phrase: str) -> None:
        self.post_message(self._Progress(phrase))

    @work(thread=True, exclusive=True, group="sync")
    def _run_sync(self, choices: Choices | None) -> None:
        """Run (or continue, with the person's choices) the sync off the UI thread."""
        if self._session is None:
            self._session = SyncSession(self.root, self.language, progress=self._progress_from_thread)
        try:
            result = self._session.run() if choices is None else self._session.resolve(choices)
        except SyncError as error:
            self.post_message(self._Done(error))
            return
        self.post_message(self._Done(result))

    @work(thread=True, exclusive=True, group="sync")
    def _abort_sync(self) -> None:
        try:
            if self._session is not None:
                self._session.abort()
        except SyncError as error:
            self.post_message(self._Done(error))
            return
        self.post_message(self._Done(None))

    @on(_Progress)
    def _sync_progress(self, message: _Progress) -> None:
        self.detail = message.phrase
        self.post_message(self.Changed())

    @on(_Done)
    def _sync_done(self, message: _Done) -> None:
        result = message.result
        if isinstance(result, list):
            self.detail = t("sync_waiting")
            self.post_message(self.Changed())
            self.app.push_screen(ConflictScreen(result), self._conflicts_answered)
            return
        if isinstance(result, NoRemoteError):
            self.state = None
            self._offer_remote(sync_error_words(result, language()))
        elif isinstance(result, SyncError):
            said = sync_error_words(result, language())
            self.state, self.detail = "failed", safe_line(said.splitlines()[0])
            self.notify(safe_text(said), title=t("sync_failed"), severity="error", markup=False, timeout=15)
            self.post_message(self.Synced(result.changed_files))
        elif result is None:
            self.state, self.detail = None, ""
            self.notify(t("sync_aborted"), markup=False)
        else:
            self.state, self.detail = None, ""
            words = t("sync_done", fetched=result.fetched, pushed=result.pushed)
            if result.merged:
                words += "\n" + "\n".join(result.merged)
            self.notify(words, title=t("sync"), markup=False, timeout=10)
            self.post_message(self.Synced(result.changed_files))
        self.read_status()

    def _conflicts_answered(self, choices: Choices | None) -> None:
        if choices is None:
            self._abort_sync()
        else:
            self._run_sync(choices)

    def _offer_remote(self, reason: str) -> None:
        def answer(url: str | None) -> None:
            if url:
                self._add_remote(url.strip())

        self.app.push_screen(TextInputDialog(t("no_remote_title"), Text(f"{reason}\n\n{t('no_remote_body')}"), "URL"), answer)

    @work(thread=True, exclusive=True, group="sync")
    def _add_remote(self, url: str) -> None:
        try:
            add_remote(self.root, url)
        except SyncError as error:
            self.post_message(self._RemoteAdded(error))
            return
        self.post_message(self._RemoteAdded(None))

    @on(_RemoteAdded)
    def _remote_added(self, message: _RemoteAdded) -> None:
        if message.error is not None:
            self.notify(safe_text(sync_error_words(message.error, language())), severity="error", markup=False)
            return
        self.start()
