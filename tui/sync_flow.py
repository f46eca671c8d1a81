"""Syncing from the app: a worker runs the sync, conflicts go to the conflict screen, the state to the status line."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import Screen

from repo_layout.display import safe_line, safe_text
from repo_layout.sync.session import (
    Conflict,
    NoRemoteError,
    RepoStatus,
    SyncError,
    SyncOutcome,
    SyncSession,
    add_remote,
    fetch_only,
    status,
)
from tui.i18n import t
from tui.screens.conflicts import ConflictScreen
from tui.widgets.dialogs import ChoiceDialog, TextInputDialog
from tui.widgets.status_line import StatusLine


class SyncFlow(Screen[None]):
    """The sync behaviour of the browse screen (kept apart so each file does one thing)."""

    class SyncProgress(Message):
        def __init__(self, phrase: str) -> None:
            super().__init__()
            self.phrase = phrase

    class SyncDone(Message):
        def __init__(self, result: SyncOutcome | list[Conflict] | SyncError | None) -> None:
            super().__init__()
            self.result = result

    class StatusRead(Message):
        def __init__(self, status: RepoStatus | None) -> None:
            super().__init__()
            self.status = status

    _sync_session: SyncSession | None = None
    _sync_state: str | None = None
    _sync_detail: str = ""
    _repo_status: RepoStatus | None = None

    # status ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="status")
    def read_status(self, fetch: bool = False) -> None:
        """Read branch, ahead/behind and operation (fetching first when asked) off the UI thread."""
        root = self.repository.root  # type: ignore[attr-defined]
        try:
            if fetch:
                fetch_only(root)
            found: RepoStatus | None = status(root)
        except SyncError:
            found = None
        except OSError:
            found = None
        self.post_message(self.StatusRead(found))

    @on(StatusRead)
    def _status_read(self, message: StatusRead) -> None:
        self._repo_status = message.status
        self.show_status()

    def show_status(self) -> None:
        session = getattr(self, "session", None)
        unsaved = session is not None and session.dirty
        self.query_one(StatusLine).show(self._repo_status, unsaved, self._sync_state, self._sync_detail)

    # sync -----------------------------------------------------------------------
    def action_sync(self) -> None:
        if self._sync_state == "running":
            self.notify(t("sync_running"), markup=False)
            return
        session = getattr(self, "session", None)
        if session is not None and session.dirty:

            def answer(choice: str | None) -> None:
                if choice == "save":
                    self.save(then=self._start_sync)  # type: ignore[attr-defined]

            self.app.push_screen(
                ChoiceDialog(t("unsaved_title"), t("save_before_sync"), [("save", t("save")), ("cancel", t("cancel"))]),
                answer,
            )
            return
        self._start_sync()

    def _start_sync(self) -> None:
        self._sync_state = "running"
        self._sync_detail = ""
        self.show_status()
        language = self.language  # type: ignore[attr-defined]
        self._sync_session = SyncSession(self.repository.root, language, progress=self._progress_from_thread)  # type: ignore[attr-defined]
        self._run_sync(None)

    def _progress_from_thread(self, phrase: str) -> None:
        self.post_message(self.SyncProgress(phrase))

    @work(thread=True, exclusive=True, group="sync")
    def _run_sync(self, choices: dict[str, dict[str, str]] | None) -> None:
        """Run (or continue, with the person's choices) the sync off the UI thread."""
        session = self._sync_session
        assert session is not None
        try:
            result = session.run() if choices is None else session.resolve(choices)
        except SyncError as error:
            self.post_message(self.SyncDone(error))
            return
        self.post_message(self.SyncDone(result))

    @work(thread=True, exclusive=True, group="sync")
    def _abort_sync(self) -> None:
        session = self._sync_session
        try:
            if session is not None:
                session.abort()
        except SyncError as error:
            self.post_message(self.SyncDone(error))
            return
        self.post_message(self.SyncDone(None))

    @on(SyncProgress)
    def _sync_progress(self, message: SyncProgress) -> None:
        self._sync_detail = message.phrase
        self.show_status()

    @on(SyncDone)
    def _sync_done(self, message: SyncDone) -> None:
        result = message.result
        if isinstance(result, list):
            self._sync_detail = t("sync_waiting")
            self.show_status()
            self.app.push_screen(ConflictScreen(result), self._conflicts_answered)
            return
        if isinstance(result, NoRemoteError):
            self._sync_state = None
            self._offer_remote(str(result))
        elif isinstance(result, SyncError):
            self._sync_state, self._sync_detail = "failed", safe_line(str(result).splitlines()[0])
            self.notify(safe_text(str(result)), title=t("sync_failed"), severity="error", markup=False, timeout=15)
            self.after_sync(result.changed_files)
        elif result is None:
            self._sync_state, self._sync_detail = None, ""
            self.notify(t("sync_aborted"), markup=False)
        else:
            self._sync_state, self._sync_detail = None, ""
            words = t("sync_done", fetched=result.fetched, pushed=result.pushed)
            if result.merged:
                words += "\n" + "\n".join(result.merged)
            self.notify(words, title=t("sync"), markup=False, timeout=10)
            self.after_sync(result.changed_files)
        self.read_status()

    def _conflicts_answered(self, choices: dict[str, dict[str, str]] | None) -> None:
        if choices is None:
            self._abort_sync()
        else:
            self._run_sync(choices)

    def _offer_remote(self, reason: str) -> None:
        def answer(url: str | None) -> None:
            if not url:
                return
            try:
                add_remote(self.repository.root, url.strip())  # type: ignore[attr-defined]
            except SyncError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self._start_sync()

        self.app.push_screen(TextInputDialog(t("no_remote_title"), Text(f"{reason}\n\n{t('no_remote_body')}"), "URL"), answer)

    def after_sync(self, changed_files: list[str]) -> None:
        """Bring the tree, the open meeting and the search index up to what arrived."""
        raise NotImplementedError

