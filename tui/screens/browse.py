"""The home screen: the forum tree on the left, the selected meeting on the right, and its editing.

The screen shows and asks; the library parses, checks and writes (`repo_layout.editing`), and every file read,
parse and git call runs in a thread worker that posts a message back. Its parts: `SyncController` (sync and the
status line's state), `Recovery` (drafts and leftovers at start), `EditorFlow` ($EDITOR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header

from repo_layout.cycle.agenda import create_agenda
from repo_layout.cycle.approval import Approval
from repo_layout.cycle.errors import CycleError
from repo_layout.cycle.schedule import next_meeting
from repo_layout.display import safe_line, safe_text
from repo_layout.editing.drafts import Draft
from repo_layout.editing.from_text import file_text, point_text
from repo_layout.editing.saving import ExternalChangeError, LinkedFileError, NothingToSaveError, SaveResult
from repo_layout.editing.session import EditSession, meeting_from_draft, save_marked_done
from repo_layout.editing.values import HeaderValues, PointValues, make_room_after, move_point, renumber_points
from repo_layout.git.commit import CommitFailedError, GitError
from repo_layout.git.state import IdentityMissingError
from repo_layout.git.write_lock import RepositoryBusyError
from repo_layout.history.meeting_history import HistoryError, MeetingHistory
from repo_layout.importing.report import ImportFailure
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.loading import MeetingLoadError
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.search.index import ActionRow
from repo_layout.yaml.limits import YamlLoadError
from tui.actions import Keyed
from tui.cycle_flow import CycleFlow
from tui.editor_flow import EditorFlow
from tui.error_words import error_words
from tui.export_flow import ExportFlow
from tui.i18n import t
from tui.identity_flow import IdentityFlow
from tui.messages import ActionMarkedDone, RepositoryChanged
from tui.recovery import Recovery
from tui.screens.decisions import ActionsScreen
from tui.screens.header_editor import HeaderEditor
from tui.screens.history import BlameScreen, HistoryScreen
from tui.screens.import_screen import ImportScreen
from tui.screens.point_editor import PointEditor
from tui.sync_flow import SyncController
from tui.widgets.dialogs import ChoiceDialog, NewMeetingDialog, TextInputDialog
from tui.widgets.forum_tree import ForumTree
from tui.widgets.key_footer import KeyFooter
from tui.widgets.meeting_view import MeetingView
from tui.widgets.status_line import StatusLine, key_of

DRAFT_DELAY = 2.0
"""Seconds after the last change before the draft is written."""


CYCLE_STEPS = frozenset(
    {"approve", "send_agenda", "mark_held", "postpone", "toggle_closed", "attendance", "attach", "open_attachment", "follow_link"}
)
SAVE_BLOCKS = frozenset(
    {"edit_point", "edit_header", "new", "delete_point", "move_point", "renumber", "save", "external_editor", "sync"}
    | CYCLE_STEPS - {"open_attachment", "follow_link"}
)

NEEDS_MEETING = frozenset(
    {"edit_point", "edit_header", "delete_point", "move_point", "renumber", "save", "history", "blame", "export"}
    | CYCLE_STEPS
)


class BrowseScreen(Keyed, Screen[None]):
    """Tree and meeting side by side; edits of the meeting shown."""

    ACTIONS = "browse"

    @dataclass
    class MeetingLoaded(Message):
        meeting: Meeting
        forum: Forum | None
        from_draft: bool
        token: int

    @dataclass
    class MeetingFailed(Message):
        error: MeetingLoadError
        forum: Forum | None
        token: int

    @dataclass
    class SaveFinished(Message):
        """A save run in a worker came back: its result or the error it raised, and what to do next."""

        session: EditSession
        outcome: SaveResult | Exception
        overwrite: bool
        then: Callable[[], object] | None
        otherwise: Callable[[], object] | None
        reformatted: bool = False

    @dataclass
    class MarksSaved(Message):
        """The actions marked done in the open-actions list, saved in a worker: each meeting's rows and its outcome."""

        rows: list[ActionRow]
        outcomes: list[tuple[list[ActionRow], SaveResult | Exception]]
        done: Callable[[list[ActionRow]], None]

    @dataclass
    class HistoryRead(Message):
        """A meeting's history, opened in a worker (or why it has none)."""

        history: MeetingHistory | HistoryError
        forum: Forum | None

    @dataclass
    class MeetingCreated(Message):
        """A new meeting was written and committed in a worker, or the error that stopped it."""

        forum: Forum
        answer: tuple[dt.date, str, str]
        outcome: tuple[Meeting, SaveResult] | Exception

    def __init__(
        self, repository: Repository, language: str, open_path: Path | None = None, auto_fetch_minutes: int | None = None
    ) -> None:
        super().__init__()
        self.repository = repository
        self.language = language
        self.open_path = open_path
        self.auto_fetch_minutes = auto_fetch_minutes
        self.session: EditSession | None = None
        self.broken_path: Path | None = None
        self.broken_forum: Forum | None = None
        self._restore: Draft | None = None
        self._draft_timer: Timer | None = None
        self._pending_draft: Callable[[Meeting], None] | None = None
        self._pending_point: int | None = None
        self._load_token = 0
        self._saving = False  # a save runs in a worker: edits and a second save wait for it
        self._unsaved = 0  # the number of unsaved changes, as the status line says it

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ForumTree(self.repository, id="tree")
            yield MeetingView(id="meeting")
        yield StatusLine(id="status-line")
        yield KeyFooter()
        yield SyncController(self.repository.root, self.language)
        yield Recovery(self.repository.root)

    def on_mount(self) -> None:
        self.editor_flow = EditorFlow(self.app)
        self.export_flow = ExportFlow(self.app, self.repository, self.language)
        self.identity_flow = IdentityFlow(self.app, self.repository.root)
        self.cycle_flow = CycleFlow(self)
        self.tree.focus()
        if not self.repository.forums():
            self.view.show_message(t("empty_repository"))
        if self.open_path is not None:
            self.call_after_refresh(self._open_initial, self.open_path)
        self.sync.read_status()
        if self.auto_fetch_minutes:
            self.set_interval(self.auto_fetch_minutes * 60, lambda: self.sync.read_status(fetch=True))

    @property
    def tree(self) -> ForumTree:
        return self.query_one(ForumTree)

    @property
    def view(self) -> MeetingView:
        return self.query_one(MeetingView)

    @property
    def sync(self) -> SyncController:
        return self.query_one(SyncController)

    @property
    def _sync_state(self) -> str | None:
        """The sync's state (None, "running" or "failed"), as tests read it."""
        return self.sync.state

    def _open_initial(self, path: Path) -> None:
        """`minutes FILE`: that meeting, with the keys going to it (j/k through its points, e edits one)."""
        if not self.tree.reveal(path):
            self.notify(t("meeting_not_found", path=str(path)), severity="warning", markup=False)
            return
        self.view.focus()

    # loading ----------------------------------------------------------------
    @on(ForumTree.MeetingHighlighted)
    def _preview(self, message: ForumTree.MeetingHighlighted) -> None:
        if message.summary is not None and message.summary.path != self.shown_path:
            self.request_meeting(message.summary.path, message.forum)

    @on(ForumTree.MeetingChosen)
    def _chosen(self, message: ForumTree.MeetingChosen) -> None:
        if message.summary.path != self.shown_path:
            self.request_meeting(message.summary.path, message.forum)
        self.view.focus()

    @property
    def shown_path(self) -> Path | None:
        if self.session is not None:
            return self.session.meeting.path
        return self.broken_path

    def shown_point_number(self) -> int | None:
        """The printed number of the point highlighted in the meeting pane, if any."""
        view = self.view
        if view.highlighted is None:
            return None
        views = view.point_views()
        return views[view.highlighted].point.number if 0 <= view.highlighted < len(views) else None

    def request_meeting(self, path: Path, forum: Forum | None) -> None:
        """Show another meeting, asking first when the current one has unsaved edits."""

        def go() -> None:
            self.load_meeting(path, forum)

        def stay() -> None:
            if self.shown_path is not None:
                self.tree.select_quietly(self.shown_path)

        self.confirm_leave(go, stay)

    def load_meeting(self, path: Path, forum: Forum | None) -> None:
        """Show a meeting: parsed off the UI thread; only the latest request is shown."""
        self._load_token += 1
        self._load_in_thread(path, forum, self._load_token)

    @work(thread=True, exclusive=True, group="meeting")
    def _load_in_thread(self, path: Path, forum: Forum | None, token: int) -> None:
        """Parse the meeting (from its draft when one is being restored), then post it with the request's token."""
        restore = self._restore
        if restore is not None and self.repository.root / restore.relative == path:
            try:
                meeting = meeting_from_draft(self.repository, restore)
            except YamlLoadError:
                pass
            else:
                self.post_message(self.MeetingLoaded(meeting, forum, True, token))
                return
        try:
            meeting = self.repository.load_meeting(path)
        except MeetingLoadError as error:
            self.post_message(self.MeetingFailed(error, forum, token))
            return
        self.post_message(self.MeetingLoaded(meeting, forum, False, token))

    @on(MeetingLoaded)
    def _show(self, message: MeetingLoaded) -> None:
        if message.token != self._load_token:
            return
        restored = self._restore if message.from_draft else None
        if message.from_draft:
            self._restore = None
        forum = message.forum or self.repository.forum_of(message.meeting.path)
        self.session = EditSession(self.repository, message.meeting, forum, self.language)
        if restored is not None:
            self.session.adopt(restored)
        self.broken_path = None
        self.tree.refresh_meeting(message.meeting.path, message.meeting.data)  # the label is what was just read
        self.view.show_meeting(message.meeting, forum)
        self._update_state()
        if self._pending_point is not None:
            number, self._pending_point = self._pending_point, None
            self.call_after_refresh(self.view.scroll_to_point, number)
        if message.from_draft:
            self.notify(t("draft_restored"), markup=False)
            self._schedule_draft()

    @on(MeetingFailed)
    def _show_problems(self, message: MeetingFailed) -> None:
        if message.token != self._load_token:
            return
        error = message.error
        self.session = None
        self.broken_path = error.path
        self.broken_forum = message.forum
        self.view.show_problems(error.path, error.problems, self.repository.relative(error.path))
        reason = error.problems[0].message if error.problems else t("broken")
        self.tree.mark_broken(error.path, reason)
        self._update_state()

    # unsaved edits -----------------------------------------------------------
    def confirm_leave(self, then: Callable[[], None], otherwise: Callable[[], None] | None = None) -> None:
        """Run `then` now, or after asking save / discard / cancel when there are unsaved edits (the action list's
        marks not saved first: quitting from the list asks about them)."""
        marking = next((screen for screen in self.app.screen_stack if isinstance(screen, ActionsScreen) and screen.marked), None)
        if marking is not None:
            marking.leave(lambda: self.confirm_leave(then, otherwise))
            return
        self._confirm_leave_meeting(then, otherwise)

    def _confirm_leave_meeting(self, then: Callable[[], None], otherwise: Callable[[], None] | None = None) -> None:
        """Run `then` now, or after asking save / discard / cancel when the meeting has unsaved edits."""
        session = self.session
        if session is None or not session.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then=then, otherwise=otherwise)
            elif choice == "discard":
                session.discard_draft()
                self.session = None
                then()
            elif otherwise:
                otherwise()

        self.app.push_screen(
            ChoiceDialog(
                t("unsaved_title"),
                t("unsaved_meeting_body", meeting=session.relative),
                [("save", t("save")), ("discard", t("discard")), ("cancel", t("cancel"))],
            ),
            answer,
        )

    def _changed(self, keep_point: int | None = None) -> None:
        """Redraw after an edit in memory, keep the draft up to date, show the unsaved mark."""
        session = self.session
        if session is None:
            return
        self.view.show_meeting(session.meeting, session.forum, keep_point=keep_point)
        self._pending_draft = None
        self._schedule_draft()
        self._update_state()

    def _schedule_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self) -> None:
        """Keep the unsaved edits (including an open editor's) in the draft file."""
        session = self.session
        if session is None:
            return
        try:
            text = session.preview(self._pending_draft) if self._pending_draft else None
            session.write_draft(text)
        except OSError as error:
            self.notify(t("draft_not_saved", error=error_words(error, self.language)), severity="error", markup=False)

    def _editor_changed(self, apply: Callable[[Meeting], None]) -> None:
        self._pending_draft = apply
        self._schedule_draft()

    def unsaved_count(self) -> int:
        """How many changes ctrl+s would commit (at least 1 when the meeting differs from its file in a way not worded)."""
        session = self.session
        if session is None:
            return 0
        return len(session.unsaved_changes()) or int(session.dirty)

    def _update_state(self) -> None:
        self._unsaved = self.unsaved_count()
        dirty = self._unsaved > 0
        state = f"  … {t('saving_now')}" if self._saving else f"  ● {t('unsaved')}" if dirty else ""
        sub_title = self.repository.root.name + state
        if self.is_attached and self.app.sub_title != sub_title:  # a late worker's message while the app closes: no header
            self.app.sub_title = sub_title
        self.show_status()

    def show_status(self) -> None:
        sync = self.sync
        save_key = key_of(self, "browse.save")
        self.query_one(StatusLine).show(sync.status, self._unsaved, sync.state, sync.detail, save_key=save_key)

    # after a crash -------------------------------------------------------------------
    @on(Recovery.RestoreDraft)
    def _restore_draft(self, message: Recovery.RestoreDraft) -> None:
        """Show the draft's meeting with its edits (they are kept in this session's own draft from then on)."""
        self._restore = message.draft
        path = self.repository.root / message.draft.relative
        self.tree.reveal(path)
        self.load_meeting(path, self.repository.forum_of(path))

    @on(Recovery.Repaired)
    def _repaired(self) -> None:
        self.repository.refresh()
        self.tree.rebuild()
        self.sync.read_status()

    # saving -------------------------------------------------------------------
    def action_save(self) -> None:
        self.save()

    def save(
        self,
        overwrite: bool = False,
        then: Callable[[], object] | None = None,
        otherwise: Callable[[], object] | None = None,
        ask_approval: bool = True,
    ) -> None:
        """Save and commit the meeting in a worker (the lock or a slow hook never freezes the screen); `then` runs once
        it is saved (or there was nothing to save), `otherwise` when it was not. A decision written on the approval
        point offers to approve the minutes it names in the same commit."""
        session = self.session
        if session is None:
            if otherwise is not None:
                otherwise()
            return
        if self._saving:
            self.notify(t("saving_now"), markup=False)
            return
        target = session.decided_approval() if ask_approval and not overwrite else None
        if target is not None:
            self.cycle_flow.offer_approval_with_save(target, then, otherwise)
            return
        if session.needs_reason():
            self._ask_correction_reason(session, overwrite, then, otherwise)
            return
        self._saving = True
        self._update_state()
        self._save_in_thread(session, overwrite, then, otherwise)

    def _ask_correction_reason(
        self, session: EditSession, overwrite: bool, then: Callable[[], object] | None, otherwise: Callable[[], object] | None
    ) -> None:
        """Approved minutes change only with a reason: asked here, kept in the commit message and the file's corrections."""

        def answer(reason: str | None) -> None:
            if not reason or not reason.strip():
                if otherwise is not None:
                    otherwise()
                return
            self._saving = True
            self._update_state()
            self._save_in_thread(session, overwrite, then, otherwise, reason.strip())

        body = t("correction_body", meeting=session.meeting.name)
        self.app.push_screen(TextInputDialog(t("correction_title"), body, t("correction_reason")), answer)

    @work(thread=True, group="save")
    def _save_in_thread(
        self,
        session: EditSession,
        overwrite: bool,
        then: Callable[[], object] | None,
        otherwise: Callable[[], object] | None,
        reason: str | None = None,
    ) -> None:
        document = session.meeting.data
        try:
            outcome: SaveResult | Exception = session.save(overwrite=overwrite, reason=reason)
        except Exception as error:  # every kind is handled (or shown) by _saved on the UI thread
            outcome = error
        message = self.SaveFinished(session, outcome, overwrite, then, otherwise)
        message.reformatted = session.meeting.data is not document  # a hook (a formatter) changed what was committed
        self.post_message(message)

    @on(SaveFinished)
    def _saved(self, message: SaveFinished) -> None:
        self._saving = False
        done = self._save_outcome(message.session, message.outcome, message.overwrite, message.then, message.otherwise)
        if done and message.reformatted and message.session is self.session:
            self.view.show_meeting(message.session.meeting, message.session.forum, keep_point=self.view.highlighted)
        callback = message.then if done else message.otherwise
        if callback is not None:
            callback()

    def _save_outcome(
        self,
        session: EditSession,
        outcome: SaveResult | Exception,
        overwrite: bool,
        then: Callable[[], object] | None,
        otherwise: Callable[[], object] | None,
    ) -> bool:
        """Say how the save went; dialogs for an external change, a refused commit or a missing identity. True if saved."""
        self._update_state()
        if isinstance(outcome, NothingToSaveError):
            self.notify(t("nothing_to_save"), markup=False)
            return True
        if isinstance(outcome, ExternalChangeError):
            self._external_change(outcome)
            return False
        if isinstance(outcome, IdentityMissingError):
            self.identity_flow.ask(lambda: self.save(overwrite, then, otherwise))
            return False
        if isinstance(outcome, CommitFailedError):
            self._save_refused(outcome)
            return False
        if isinstance(outcome, RepositoryBusyError):
            self.write_draft()
            self.notify(t("repository_busy"), title=t("save_failed"), severity="error", markup=False, timeout=12)
            return False
        if isinstance(outcome, LinkedFileError):
            where = t("linked_outside") if outcome.outside else t("linked_inside")
            meeting = safe_line(self.repository.relative(outcome.path))
            self.notify(t("linked_file", meeting=meeting, where=where), title=t("save_failed"), severity="error", markup=False)
            return False
        if isinstance(outcome, CycleError):
            self.write_draft()
            said = safe_text(t(f"cycle_{outcome.kind}", **outcome.values))
            self.notify(said, title=t("save_failed"), severity="error", markup=False)
            return False
        if isinstance(outcome, (GitError, OSError)):
            self.write_draft()
            said = safe_text(error_words(outcome, self.language))
            self.notify(said, title=t("save_failed"), severity="error", markup=False, timeout=12)
            return False
        if isinstance(outcome, Exception):
            raise outcome
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._pending_draft = None
        if session is self.session:
            self.tree.refresh_meeting(session.meeting.path, session.meeting.data)
        self._update_state()
        self.sync.read_status()
        self.post_message(RepositoryChanged())
        self.notify(safe_text(outcome.message.splitlines()[0]), title=t("saved"), markup=False)
        return True

    def _save_refused(self, error: CommitFailedError) -> None:
        """git or a hook refused the commit: the edit stays unsaved and in its draft, and git's own words are shown."""
        self.write_draft()
        self._update_state()
        self.app.push_screen(
            ChoiceDialog(t("commit_refused_title"), t("commit_refused_body"), [("ok", t("ok"))], detail=safe_text(error.output))
        )

    def _external_change(self, error: ExternalChangeError) -> None:
        session = self.session

        def answer(choice: str | None) -> None:
            if session is None:
                return
            if choice == "reload":
                session.discard_draft()
                self.session = None
                self.load_meeting(session.meeting.path, session.forum)
            elif choice == "overwrite":
                self.save(overwrite=True)

        self.app.push_screen(
            ChoiceDialog(
                t("external_change_title"),
                t("external_change_body", meeting=self.repository.relative(error.path)),
                [("reload", t("reload")), ("overwrite", t("save_on_top")), ("cancel", t("cancel"))],
                detail=error.diff(),
            ),
            answer,
        )

    # editing points ------------------------------------------------------------
    def _highlighted(self) -> tuple[int, Point] | None:
        if self.session is None:
            return None
        points = self.session.meeting.points
        index = self.view.highlighted
        if index is None or not points:
            return None
        index = min(index, len(points) - 1)
        return index, points[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_MEETING and self.session is None:
            return None if action != "save" else False
        if self._saving and action in SAVE_BLOCKS:
            return False  # the meeting is being written: no edit may change it under the save
        return True

    def action_edit_point(self) -> None:
        found = self._highlighted()
        if found is None:
            self.notify(t("no_point_selected"), markup=False)
            return
        index, point = found
        self._open_point_editor(index, PointValues.from_point(point), is_new=False)

    def _open_point_editor(self, index: int, values: PointValues, is_new: bool) -> None:
        session = self.session
        assert session is not None

        def apply_to(meeting: Meeting, chosen: PointValues) -> None:
            if is_new:
                meeting.insert_point(index, Point.new(chosen.number or 1, chosen.title or "?"))
            chosen.apply(meeting.points[index])
            if is_new:
                make_room_after(meeting, index)

        def done(result: PointValues | None) -> None:
            self._pending_draft = None
            if result is None:
                self._schedule_draft()
                return
            apply_to(session.meeting, result)
            self._changed(keep_point=index)
            if editor.commit:
                self.save()

        title = t("new_point") if is_new else f"{t('point')} {values.number if values.number is not None else ''}".strip()
        editor = PointEditor(
            values,
            f"{session.forum_name} {session.meeting.date}: {title}",
            on_change=lambda chosen: self._editor_changed(lambda meeting: apply_to(meeting, chosen)),
        )
        self.app.push_screen(editor, done)

    def action_edit_header(self) -> None:
        session = self.session
        if session is None:
            return

        def done(result: HeaderValues | None) -> None:
            self._pending_draft = None
            if result is None:
                self._schedule_draft()
                return
            result.apply(session.meeting)
            self._changed(keep_point=self.view.highlighted)
            if editor.commit:
                self.save()

        editor = HeaderEditor(
            HeaderValues.from_meeting(session.meeting),
            f"{session.forum_name} {session.meeting.date}",
            on_change=lambda chosen: self._editor_changed(chosen.apply),
        )
        self.app.push_screen(editor, done)

    def action_new(self) -> None:
        if self.tree.has_focus or self.session is None:
            forum = self.tree.forum_at_cursor()
            if forum is not None:
                self.confirm_leave(lambda: self._new_meeting(forum))
                return
        if self.session is None:
            self.notify(t("choose_forum_for_new"), markup=False)
            return
        found = self._highlighted()
        index = found[0] + 1 if found else len(self.session.meeting.points)
        previous = found[1].number if found else None
        number = previous + 1 if previous is not None else index + 1
        self._open_point_editor(index, PointValues(number=number, title=""), is_new=True)

    def _new_meeting(self, forum: Forum) -> None:
        """The forum's next meeting with its agenda (repo_layout.cycle.agenda), its day, time and place asked first."""

        def answer(result: tuple[dt.date, str, str] | None) -> None:
            if result is not None:
                self._create_in_thread(forum, result)

        schedule = next_meeting(forum)
        self.app.push_screen(NewMeetingDialog(forum.name, schedule.location, schedule.start, schedule.date), answer)

    @work(thread=True, group="create")
    def _create_in_thread(self, forum: Forum, answer: tuple[dt.date, str, str]) -> None:
        date, start, location = answer
        try:
            outcome: tuple[Meeting, SaveResult] | Exception = create_agenda(
                self.repository, forum, self.language, date=date, start=start, location=location
            )
        except (IdentityMissingError, GitError, OSError) as error:
            outcome = error
        self.post_message(self.MeetingCreated(forum, answer, outcome))

    @on(MeetingCreated)
    def _created(self, message: MeetingCreated) -> None:
        outcome, forum = message.outcome, message.forum
        if isinstance(outcome, IdentityMissingError):
            self.identity_flow.ask(lambda: self._create_in_thread(forum, message.answer))
        elif isinstance(outcome, Exception):
            self.notify(safe_text(error_words(outcome, self.language)), title=t("save_failed"), severity="error", markup=False)
        else:
            meeting, result = outcome
            self.notify(result.message, title=t("saved"), markup=False)
            self.tree.reload_forum(forum)
            self.tree.reveal(meeting.path)

    def action_delete_point(self) -> None:
        found = self._highlighted()
        if found is None:
            return
        index, point = found

        def answer(choice: str | None) -> None:
            if choice == "delete" and self.session is not None:
                self.session.meeting.remove_point(index)
                self._changed(keep_point=max(0, index - 1))

        self.app.push_screen(
            ChoiceDialog(
                t("delete_point_title"),
                Text(f"{t('point')} {point.number or ''}: {safe_line(point.title)}"),
                [("delete", t("delete")), ("cancel", t("cancel"))],
                focus="cancel",  # Enter alone must not delete
            ),
            answer,
        )

    def action_move_point(self, step: int) -> None:
        found = self._highlighted()
        if found is None or self.session is None:
            return
        index = found[0]
        target = index + step
        if 0 <= target < len(self.session.meeting.points):
            move_point(self.session.meeting, index, target)  # increasing numbers stay increasing (see the function)
            self._changed(keep_point=target)

    def action_renumber(self) -> None:
        if self.session is not None and renumber_points(self.session.meeting):
            self._changed(keep_point=self.view.highlighted)

    # $EDITOR --------------------------------------------------------------------
    def action_external_editor(self) -> None:
        session = self.session
        if self.tree.has_focus or session is None:
            path = self.shown_path
            if path is not None:
                self._edit_file_externally(path)
            return
        found = self._highlighted()
        if found is None:
            return
        index, point = found

        def accept(edited: Point) -> None:
            session.replace_point(index, edited)
            self._changed(keep_point=index)

        self.editor_flow.edit_point(point_text(session.meeting, index), f"point-{point.number or index + 1}.yaml", accept)

    def _edit_file_externally(self, path: Path) -> None:
        """The whole file in $EDITOR (a broken one too); a result without problems becomes the meeting's unsaved edit."""
        original = file_text(path)
        session = self.session if self.session is not None and self.session.meeting.path == path else None
        text = session.meeting.dump() if session is not None else original
        base = session.meeting.original_text if session is not None else original

        def accept(meeting: Meeting) -> None:
            self.session = EditSession(self.repository, meeting, self.repository.forum_of(path), self.language)
            self.broken_path = None
            self._changed()

        self.editor_flow.edit_meeting(path, text, base, accept)

    # search, decision log, actions ---------------------------------------------------
    def jump_to(self, relative: str, point: int | None) -> None:
        """Show a meeting (asking first about unsaved edits) with a point in view."""
        path = self.repository.root / relative

        def go() -> None:
            if self.shown_path == path:
                if point is not None:
                    self.view.scroll_to_point(point)
                self.view.focus()
                return
            self._pending_point = point
            self.load_meeting(path, self.repository.forum_of(path))
            self.tree.reveal(path, quiet=True)  # the cursor follows; moving it must not load the meeting again
            self.view.focus()

        self.confirm_leave(go)

    def commit_action_marks(self, rows: list[ActionRow], done: Callable[[list[ActionRow]], None]) -> None:
        """Save the actions marked done in the open-actions list: one commit per meeting, in a worker; `done` gets the
        rows saved (none when the person cancelled). The meeting shown here is asked about first if it is one of them and
        has unsaved edits."""
        session = self.session
        paths = {self.repository.root / row.path for row in rows}
        if session is not None and session.meeting.path in paths and session.dirty:
            shown = session.meeting.path
            self._confirm_leave_meeting(lambda: self._after_leaving_for_marks(shown, rows, done), lambda: done([]))
            return
        self._save_marks_in_thread(rows, done)

    def _after_leaving_for_marks(self, shown: Path, rows: list[ActionRow], done: Callable[[list[ActionRow]], None]) -> None:
        if self.session is None:  # its edits were discarded: it is read again once the marks are saved
            self.broken_path = shown
        self._save_marks_in_thread(rows, done)

    @work(thread=True, exclusive=True, group="marks")
    def _save_marks_in_thread(self, rows: list[ActionRow], done: Callable[[list[ActionRow]], None]) -> None:
        by_meeting: dict[str, list[ActionRow]] = {}
        for row in rows:
            by_meeting.setdefault(row.path, []).append(row)
        outcomes: list[tuple[list[ActionRow], SaveResult | Exception]] = []
        for relative, marked in by_meeting.items():
            try:
                outcome: SaveResult | Exception = save_marked_done(
                    self.repository, relative, [(row.point, row.index, row.task) for row in marked], self.language
                )
            except Exception as error:  # every kind is said by _marks_saved on the UI thread
                outcome = error
            outcomes.append((marked, outcome))
            if isinstance(outcome, IdentityMissingError):
                break  # the rest would fail the same way: asked once, then tried again
        self.post_message(self.MarksSaved(rows, outcomes, done))

    @on(MarksSaved)
    def _marks_saved(self, message: MarksSaved) -> None:
        saved: list[ActionRow] = []
        settled: list[ActionRow] = []  # saved, or not there to mark any more: their marks go
        for marked, outcome in message.outcomes:
            if isinstance(outcome, SaveResult):
                saved.extend(marked)  # said by the app, one toast naming the action (ActionMarkedDone)
            elif isinstance(outcome, NothingToSaveError):
                settled.extend(marked)
                self.notify(t("action_not_found"), severity="warning", markup=False)
            elif isinstance(outcome, IdentityMissingError):
                rest = [row for row in message.rows if row not in saved and row not in settled]
                self.identity_flow.ask(lambda rest=rest: self._save_marks_in_thread(rest, message.done))
            elif isinstance(outcome, (MeetingLoadError, GitError, OSError, ExternalChangeError, RepositoryBusyError)):
                said = safe_text(error_words(outcome, self.language))
                self.notify(said, title=t("save_failed"), severity="error", markup=False, timeout=12)
            else:
                raise outcome
        message.done(saved + settled)
        if not saved:
            return
        changed = {self.repository.root / row.path for row in saved}
        shown = self.shown_path
        if shown in changed and (self.session is None or not self.session.dirty):
            forum = self.repository.forum_of(shown)
            self.session = None
            self.load_meeting(shown, forum)  # the file as it now is, marks included
        self.sync.read_status()
        self.post_message(RepositoryChanged())
        for row in saved:
            self.post_message(ActionMarkedDone(row))

    # the meeting's cycle (tui/cycle_flow.py) ------------------------------------------
    def action_approve(self) -> None:
        self.cycle_flow.approve()

    def action_send_agenda(self) -> None:
        session = self.session
        if session is not None:
            self.export_flow.offer(session.meeting, session.forum, agenda=True, on_sent=self._agenda_sent)

    def _agenda_sent(self, path: Path) -> None:
        """The agenda went out and the meeting's status moved on: the meeting as it now is."""
        shown = self.shown_path
        if shown is not None and (self.session is None or not self.session.dirty):
            forum = self.repository.forum_of(shown)
            self.session = None
            self.load_meeting(shown, forum)
            if forum is not None:
                self.tree.reload_forum(forum)
        self.sync.read_status()
        self.post_message(RepositoryChanged())

    def action_mark_held(self) -> None:
        self.cycle_flow.mark_held()

    def action_postpone(self) -> None:
        self.cycle_flow.toggle_postponed()

    def action_toggle_closed(self) -> None:
        self.cycle_flow.toggle_closed()

    def action_attendance(self) -> None:
        self.cycle_flow.attendance()

    def action_attach(self) -> None:
        self.cycle_flow.attach()

    def action_open_attachment(self) -> None:
        self.cycle_flow.open_attachment()

    def action_follow_link(self) -> None:
        self.cycle_flow.follow_link()

    # importing ---------------------------------------------------------------------
    def action_import_minutes(self) -> None:
        """Import a minutes file into the forum under the cursor (or the shown meeting's forum), after a dry run."""
        forum = self.tree.forum_at_cursor() or (self.session.forum if self.session is not None else None)
        if forum is None:
            self.notify(t("choose_forum_for_new"), markup=False)
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.cycle_flow.import_file(forum, path)

        self.app.push_screen(ImportScreen(forum, self.language), chosen)

    @on(CycleFlow.StepDone)
    def _cycle_step_done(self, message: CycleFlow.StepDone) -> None:
        """Say how a committing step went, and show the meetings it changed as they now are."""
        outcome = message.outcome
        if isinstance(outcome, IdentityMissingError) and message.retry is not None:
            self.identity_flow.ask(message.retry)
            return
        if isinstance(outcome, CycleError):
            self.notify(safe_text(t(f"cycle_{outcome.kind}", **outcome.values)), severity="warning", markup=False)
            return
        if isinstance(outcome, ImportFailure):
            self.notify(safe_text(outcome.words(self.language)), title=t("save_failed"), severity="error", markup=False)
            return
        if isinstance(outcome, CommitFailedError):
            self._save_refused(outcome)
            return
        if isinstance(outcome, Exception):
            said = safe_text(error_words(outcome, self.language))
            self.notify(said, title=t("save_failed"), severity="error", markup=False, timeout=12)
            return
        if isinstance(outcome, Approval):
            name = message.reload[0].name.removesuffix(".yaml")
            if outcome.tag_error:
                said = safe_text(t("approved_no_tag", meeting=name, why=outcome.tag_error))
                self.notify(said, severity="warning", markup=False)
            else:
                self.notify(safe_line(t("approved_done", meeting=name, tag=outcome.tag or "-")), title=t("saved"), markup=False)
        else:
            self.notify(safe_text(outcome.message.splitlines()[0]), title=t("saved"), markup=False)
        shown = self.shown_path
        for path in message.reload:
            forum = self.repository.forum_of(path)
            if forum is not None:
                self.tree.reload_forum(forum)
            if path == shown and (self.session is None or not self.session.dirty):
                self.session = None
                self.load_meeting(path, forum)
        self.sync.read_status()
        self.post_message(RepositoryChanged())

    # export -----------------------------------------------------------------------
    def action_export(self) -> None:
        session = self.session
        if session is not None:
            self.export_flow.offer(session.meeting, session.forum)

    # history ----------------------------------------------------------------------
    def action_history(self) -> None:
        if self.session is not None:
            self._open_history(self.session.meeting.path, self.session.forum)

    @work(thread=True, exclusive=True, group="history")
    def _open_history(self, path: Path, forum: Forum | None) -> None:
        """Find the meeting's git repository off the UI thread, then show its history."""
        try:
            history: MeetingHistory | HistoryError = MeetingHistory(path)
        except HistoryError as error:
            history = error
        self.post_message(self.HistoryRead(history, forum))

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        if isinstance(message.history, HistoryError):
            self.notify(safe_text(error_words(message.history, self.language)), severity="warning", markup=False)
            return
        self.app.push_screen(HistoryScreen(self.repository, message.history, message.forum, self.language))

    def action_blame(self) -> None:
        session = self.session
        if session is not None:
            self.app.push_screen(BlameScreen(self.repository, session.meeting.path, session.forum, self.language))

    def restored(self) -> None:
        """After a restore: show the file as it now is (unless there are unsaved edits, which stay)."""
        session = self.session
        if session is None:
            return
        if session.dirty:
            self.notify(t("restored_with_unsaved"), severity="warning", markup=False)
            return
        self.session = None
        self.load_meeting(session.meeting.path, session.forum)  # its label follows once it is shown (see _show)

    # the tree's width -------------------------------------------------------------
    def action_toggle_tree(self) -> None:
        """Hide the tree, the meeting taking the whole width (the focus goes to it), or show the tree again."""
        if not self.tree.toggle_shown() and self.tree.has_focus:
            self.view.focus()

    def action_resize_tree(self, columns: int) -> None:
        self.tree.resize_by(columns)

    # sync --------------------------------------------------------------------------
    def action_sync(self) -> None:
        if self.sync.running:
            self.notify(t("sync_running"), markup=False)
            return
        if self.session is None or not self.session.dirty:
            self.sync.start()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then=self.sync.start)

        self.app.push_screen(
            ChoiceDialog(t("unsaved_title"), t("save_before_sync"), [("save", t("save")), ("cancel", t("cancel"))]),
            answer,
        )

    @on(SyncController.Changed)
    def _sync_changed(self) -> None:
        self.show_status()

    @on(SyncController.Synced)
    def _synced(self, message: SyncController.Synced) -> None:
        """Bring the tree, the open meeting and the search index up to what arrived."""
        changed_files = message.changed_files
        if not changed_files:
            return
        self.repository.refresh()
        self.tree.rebuild()
        session = self.session
        if session is not None and session.relative in changed_files:
            if session.dirty:
                self.notify(t("changed_by_sync_unsaved"), severity="warning", markup=False)
            else:
                self.session = None
                self.load_meeting(session.meeting.path, session.forum)
        elif session is not None:
            self.tree.reveal(session.meeting.path)
        self.post_message(RepositoryChanged())

    # keys -------------------------------------------------------------------------
    def action_back(self) -> None:
        self.tree.focus()
