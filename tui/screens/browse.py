"""The home screen: the forum tree on the left, the selected meeting on the right, and its editing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Header

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.drafts import Draft, discard_draft_file, list_drafts, set_aside_bad_drafts
from repo_layout.editing.saving import ExternalChangeError, LinkedFileError, NothingToSaveError, SaveResult, save_meeting
from repo_layout.editing.session import EditSession, meeting_from_draft
from repo_layout.editing.values import HeaderValues, PointValues, make_room_after, new_meeting, renumber_points
from repo_layout.export.formats import export_meeting
from repo_layout.git.commit import CommitFailedError, GitError
from repo_layout.git.repair import (
    STALE_KINDS,
    Leftover,
    RepairError,
    abort_operation,
    continue_operation,
    find_leftovers,
    fix_all_stale,
)
from repo_layout.git.state import IdentityMissingError, open_git, set_identity
from repo_layout.git.write_lock import RepositoryBusyError
from repo_layout.history.changes import Change, commit_message
from repo_layout.history.meeting_history import HistoryError
from repo_layout.model.checks import check_meeting_document
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.loading import MeetingLoadError
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio
from tui import external_editor
from tui.i18n import t, translate_bindings
from tui.screens.header_editor import HeaderEditor
from tui.screens.history import BlameScreen, HistoryScreen
from tui.screens.point_editor import PointEditor
from tui.sync_flow import SyncFlow
from tui.widgets.dialogs import ChoiceDialog, ExportDialog, IdentityDialog, NewMeetingDialog
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView
from tui.widgets.status_line import StatusLine

DRAFT_DELAY = 2.0
"""Seconds after the last change before the draft is written."""


SAVE_BLOCKS = frozenset(
    {"edit_point", "edit_header", "new", "delete_point", "move_point", "renumber", "save", "external_editor", "sync"}
)


class BrowseScreen(SyncFlow):
    """Tree and meeting side by side; edits of the meeting shown."""

    BINDINGS = [
        Binding("escape", "back", "back", show=False),
        Binding("e", "edit_point", "edit", id="edit_point"),
        Binding("E", "edit_header", "edit_header", show=False, id="edit_header"),
        Binding("n", "new", "new", id="new"),
        Binding("delete", "delete_point", "delete_point", show=False, id="delete_point"),
        Binding("alt+up,K", "move_point(-1)", "move_up", show=False, id="move_up"),
        Binding("alt+down,J", "move_point(1)", "move_down", show=False, id="move_down"),
        Binding("R", "renumber", "renumber", show=False, id="renumber"),
        Binding("ctrl+s", "save", "save", id="save"),
        Binding("ctrl+e", "external_editor", "external_editor", show=False, id="external_editor"),
        Binding("h", "history", "history", id="history"),
        Binding("b", "blame", "blame", show=False, id="blame"),
        Binding("slash", "search", "search", key_display="/", id="search"),
        Binding("d", "decision_log", "decision_log", show=False, id="decision_log"),
        Binding("a", "actions", "actions", show=False, id="actions"),
        Binding("x", "export", "export", show=False, id="export"),
        Binding("s", "sync", "sync", id="sync"),
    ]

    class MeetingLoaded(Message):
        def __init__(self, meeting: Meeting, forum: Forum | None, from_draft: bool, token: int) -> None:
            super().__init__()
            self.meeting = meeting
            self.forum = forum
            self.from_draft = from_draft
            self.token = token

    class SaveFinished(Message):
        """A save run in a worker came back: its result or the error it raised, and what to do next."""

        def __init__(
            self,
            session: EditSession,
            outcome: SaveResult | Exception,
            overwrite: bool,
            then: Callable[[], object] | None,
            otherwise: Callable[[], object] | None,
        ) -> None:
            super().__init__()
            self.session = session
            self.outcome = outcome
            self.overwrite = overwrite
            self.then = then
            self.otherwise = otherwise
            self.reformatted = False

    class LeftoversFound(Message):
        """What an interrupted program left in the repository (looked for once, at start)."""

        def __init__(self, leftovers: list[Leftover]) -> None:
            super().__init__()
            self.leftovers = leftovers

    class RepairDone(Message):
        """A repair finished: the words to show, and whether it failed."""

        def __init__(self, words: str, failed: bool) -> None:
            super().__init__()
            self.words = words
            self.failed = failed

    class MeetingFailed(Message):
        def __init__(self, error: MeetingLoadError, forum: Forum | None, token: int) -> None:
            super().__init__()
            self.error = error
            self.forum = forum
            self.token = token

    def __init__(self, repository: Repository, language: str, open_path: Path | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.repository = repository
        self.language = language
        self.open_path = open_path
        self.session: EditSession | None = None
        self.broken_path: Path | None = None
        self.broken_forum: Forum | None = None
        self._restore: Draft | None = None
        self._draft_timer: Timer | None = None
        self._pending_draft: Callable[[Meeting], None] | None = None
        self._pending_point: int | None = None
        self._export_folder: Path | None = None  # the folder and format of the last export, offered again
        self._export_format = "html"
        self._load_token = 0
        self._saving = False  # a save runs in a worker: edits and a second save wait for it

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ForumTree(self.repository, id="tree")
            yield MeetingView(id="meeting")
        yield StatusLine(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.tree.focus()
        if not self.repository.forums():
            self.view.show_message(t("empty_repository"))
        if self.open_path is not None:
            self.call_after_refresh(self._open_initial, self.open_path)
        for notice in set_aside_bad_drafts(self.repository.root):
            self.notify(t("draft_set_aside", notice=safe_line(notice)), severity="warning", markup=False)
        self.call_after_refresh(self._offer_drafts, list_drafts(self.repository.root))
        self._look_for_leftovers()
        self.read_status()
        minutes = getattr(self.app, "settings", None) and self.app.settings.auto_fetch_minutes  # type: ignore[attr-defined]
        if minutes:
            self.set_interval(minutes * 60, lambda: self.read_status(fetch=True))

    @property
    def tree(self) -> ForumTree:
        return self.query_one(ForumTree)

    @property
    def view(self) -> MeetingView:
        return self.query_one(MeetingView)

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
            except yamlio.YamlLoadError:
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
        """Run `then` now, or after asking save / discard / cancel when there are unsaved edits."""
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
            self.notify(t("draft_not_saved", error=error.strerror or str(error)), severity="error", markup=False)

    def _editor_changed(self, apply: Callable[[Meeting], None]) -> None:
        self._pending_draft = apply
        self._schedule_draft()

    def _update_state(self) -> None:
        dirty = self.session is not None and self.session.dirty
        state = f"  … {t('saving_now')}" if self._saving else f"  ● {t('unsaved')}" if dirty else ""
        self.app.sub_title = self.repository.root.name + state
        self.show_status()

    # after a kill --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="repair")
    def _look_for_leftovers(self) -> None:
        self.post_message(self.LeftoversFound(find_leftovers(self.repository.root)))

    @on(LeftoversFound)
    def _offer_repair(self, message: LeftoversFound) -> None:
        """Say what a stopped program left and offer the fix; a stopped rebase or merge is continued or aborted."""
        if not message.leftovers:
            return
        root = self.repository.root

        def words(leftover: Leftover) -> str:
            shown = leftover.path.relative_to(root).as_posix() if leftover.path.is_relative_to(root) else leftover.path.name
            return t(f"leftover_{leftover.kind}", path=safe_line(shown), more=safe_line(", ".join(leftover.paths)))

        lines = [words(leftover) for leftover in message.leftovers]
        kinds = {leftover.kind for leftover in message.leftovers}
        choices = []
        if kinds & {"rebase", "merge"}:
            choices = [("continue", t("repair_continue")), ("abort", t("repair_abort"))]
        elif kinds & set(STALE_KINDS):
            choices = [("fix", t("repair_fix"))]
        self.app.push_screen(
            ChoiceDialog(t("repair_title"), t("repair_body") + "\n\n" + "\n".join(lines), [*choices, ("later", t("later"))]),
            self._repair,
        )

    @work(thread=True, exclusive=True, group="repair")
    def _repair(self, choice: str | None) -> None:
        if choice not in ("fix", "continue", "abort"):
            return
        root = self.repository.root
        try:
            if choice == "abort":
                abort_operation(root)
            elif choice == "continue":
                continue_operation(root)
            else:
                fix_all_stale(root)
        except RepairError as error:
            self.post_message(self.RepairDone(str(error), True))
            return
        self.post_message(self.RepairDone(t(f"repair_done_{choice}"), False))

    @on(RepairDone)
    def _repaired(self, message: RepairDone) -> None:
        severity = "error" if message.failed else "information"
        self.notify(safe_text(message.words), title=t("repair_title"), severity=severity, markup=False, timeout=12)
        self.repository.refresh()
        self.tree.rebuild()
        self.read_status()

    def _offer_drafts(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft, rest = drafts[0], drafts[1:]
        when = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self._restore = draft
                path = self.repository.root / draft.relative
                self.tree.reveal(path)
                self.load_meeting(path, self.repository.forum_of(path))
            elif choice == "discard":
                discard_draft_file(draft)
            if rest:
                self._offer_drafts(rest)

        self.app.push_screen(
            ChoiceDialog(
                t("draft_found_title"),
                t("draft_found_body", meeting=draft.relative, when=when),
                [("restore", t("restore")), ("discard", t("discard")), ("cancel", t("later"))],
            ),
            answer,
        )

    # saving -------------------------------------------------------------------
    def action_save(self) -> None:
        self.save()

    def save(
        self, overwrite: bool = False, then: Callable[[], object] | None = None, otherwise: Callable[[], object] | None = None
    ) -> None:
        """Save and commit the meeting in a worker (the lock or a slow hook never freezes the screen); `then` runs once
        it is saved (or there was nothing to save), `otherwise` when it was not."""
        session = self.session
        if session is None:
            if otherwise is not None:
                otherwise()
            return
        if self._saving:
            self.notify(t("saving_now"), markup=False)
            return
        self._saving = True
        self._update_state()
        self._save_in_thread(session, overwrite, then, otherwise)

    @work(thread=True, group="save")
    def _save_in_thread(
        self, session: EditSession, overwrite: bool, then: Callable[[], object] | None, otherwise: Callable[[], object] | None
    ) -> None:
        document = session.meeting.data
        try:
            outcome: SaveResult | Exception = session.save(overwrite=overwrite)
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
            self._ask_identity(lambda: self.save(overwrite, then, otherwise))
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
        if isinstance(outcome, (GitError, OSError)):
            self.write_draft()
            self.notify(safe_text(str(outcome)), title=t("save_failed"), severity="error", markup=False, timeout=12)
            return False
        if isinstance(outcome, Exception):
            raise outcome
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._pending_draft = None
        if session is self.session:
            self.tree.refresh_meeting(session.meeting.path)
        self._update_state()
        self.read_status()
        update_index = getattr(self.app, "update_index", None)
        if update_index is not None:
            update_index()
        self.notify(safe_text(outcome.message.splitlines()[0]), title=t("saved"), markup=False)
        return True

    def _save_refused(self, error: CommitFailedError) -> None:
        """git or a hook refused the commit: the edit stays unsaved and in its draft, and git's own words are shown."""
        self.write_draft()
        self._update_state()
        self.app.push_screen(
            ChoiceDialog(t("commit_refused_title"), t("commit_refused_body"), [("ok", t("ok"))], detail=safe_text(error.output))
        )

    def _ask_identity(self, then: Callable[[], object]) -> None:
        repo = open_git(self.repository.root)

        def answer(who: object) -> None:
            if who is None or repo is None:
                self.notify(t("identity_needed"), severity="warning", markup=False)
                return
            try:
                set_identity(repo, who)  # type: ignore[arg-type]
            except GitError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            then()

        self.app.push_screen(IdentityDialog(), answer)

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
        needs_meeting = {
            "edit_point", "edit_header", "delete_point", "move_point", "renumber", "save", "history", "blame", "export"
        }
        if action in needs_meeting and self.session is None:
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
            self.save()

        self.app.push_screen(
            HeaderEditor(
                HeaderValues.from_meeting(session.meeting),
                f"{session.forum_name} {session.meeting.date}",
                on_change=lambda chosen: self._editor_changed(chosen.apply),
            ),
            done,
        )

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
        def answer(result: object) -> None:
            if result is None:
                return
            date, start, location = result  # type: ignore[misc]
            meeting = new_meeting(forum, date, start, location)
            message = commit_message(forum.name, date, [Change("created")], self.language)
            try:
                save_meeting(self.repository, meeting, forum.name, self.language, message=message)
            except IdentityMissingError:
                self._ask_identity(lambda: answer(result))
                return
            except (GitError, OSError) as error:
                self.notify(str(error), title=t("save_failed"), severity="error", markup=False)
                return
            self.notify(message, title=t("saved"), markup=False)
            self.tree.reload_forum(forum)
            self.tree.reveal(meeting.path)

        self.app.push_screen(NewMeetingDialog(forum.name, forum.info.location), answer)

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
            self.session.meeting.move_point(index, target)
            self._changed(keep_point=target)

    def action_renumber(self) -> None:
        if self.session is not None and renumber_points(self.session.meeting):
            self._changed(keep_point=self.view.highlighted)

    # $EDITOR --------------------------------------------------------------------
    def action_external_editor(self) -> None:
        if self.tree.has_focus or self.session is None:
            path = self.shown_path
            if path is not None:
                self._edit_file_externally(path)
            return
        found = self._highlighted()
        if found is not None:
            self._edit_point_externally(*found)

    def _edit_point_externally(self, index: int, point: Point, text: str | None = None) -> None:
        session = self.session
        assert session is not None
        text = text if text is not None else yamlio.dump_text(point.data, session.meeting.layout)
        result = self._run_editor(text, f"point-{point.number or index + 1}.yaml")
        if result is None:
            return
        try:
            document = yamlio.load_text(result)
        except yamlio.YamlLoadError as error:
            problems = [Problem(Path("point"), error.line, error.column, error.message)]
            document = None
        else:
            problems = _point_problems(document)
        if problems:
            self._editor_result_rejected(problems, lambda: self._edit_point_externally(index, point, result))
            return
        points = session.meeting.data["points"]
        points[index] = document
        self._changed(keep_point=index)

    def _edit_file_externally(self, path: Path, text: str | None = None) -> None:
        try:
            original = yamlio.read_text(path)
        except (OSError, yamlio.YamlLoadError):
            original = path.read_bytes().decode("utf-8", errors="replace")
        session = self.session if self.session is not None and self.session.meeting.path == path else None
        if text is None:
            text = session.meeting.dump() if session is not None else original
        result = self._run_editor(text, path.name)
        if result is None:
            return
        problems: list[Problem] = []
        try:
            document = yamlio.load_text(result)
        except yamlio.YamlLoadError as error:
            problems = [Problem(path, error.line, error.column, error.message)]
        else:
            special = yamlio.special_features(document)
            problems = [Problem(path, line, column, message) for line, column, message in special]
            problems += [problem for problem in check_meeting_document(path, document) if problem.is_error]
        if problems:
            self._editor_result_rejected(problems, lambda: self._edit_file_externally(path, result))
            return
        base = session.meeting.original_text if session is not None else original
        meeting = Meeting(path, document, base, yamlio.guess_layout(result), source_text=result)
        forum = self.repository.forum_of(path)
        self.session = EditSession(self.repository, meeting, forum, self.language)
        self.broken_path = None
        self._changed()
        self.save()

    def _run_editor(self, text: str, name: str) -> str | None:
        try:
            path = external_editor.new_edit_file(text, name)
        except OSError as error:
            self.notify(str(error), severity="error", markup=False)
            return None
        try:
            return external_editor.run_editor(self.app, path)
        except external_editor.EditorUnavailable as error:
            self.notify(str(error), title=t("editor_unavailable"), severity="warning", markup=False, timeout=10)
            return None
        finally:
            external_editor.cleanup(path)

    def _editor_result_rejected(self, problems: list[Problem], again: Callable[[], None]) -> None:
        body = Text(t("editor_result_invalid") + "\n\n")
        for problem in problems:
            body.append(f"{problem.line}:{problem.column}: {safe_text(problem.message)}\n")

        def answer(choice: str | None) -> None:
            if choice == "again":
                again()

        self.app.push_screen(
            ChoiceDialog(t("editor_result_title"), body, [("again", t("edit_again")), ("discard", t("discard"))]),
            answer,
        )

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

    def action_search(self) -> None:
        self.app.open_search()  # type: ignore[attr-defined]

    def action_decision_log(self) -> None:
        self.app.open_decision_log()  # type: ignore[attr-defined]

    def action_actions(self) -> None:
        self.app.open_actions()  # type: ignore[attr-defined]

    def mark_action_done(
        self, relative: str, point_number: int | None, action_index: int, task: str, then: Callable[[], None]
    ) -> None:
        """Mark one action done and save it as an edit would: the meeting becomes the one shown."""
        path = self.repository.root / relative

        def mark() -> None:
            if self.session is None or self.session.meeting.path != path:
                try:
                    meeting = self.repository.load_meeting(path)
                except MeetingLoadError as error:
                    self.notify(str(error), severity="error", markup=False)
                    return
                self.session = EditSession(self.repository, meeting, self.repository.forum_of(path), self.language)
                self.broken_path = None
                self.tree.select_quietly(path)
            found = _find_action(self.session.meeting, point_number, action_index, task)
            if found is None:
                self.notify(t("action_not_found"), severity="error", markup=False)
                return
            point_index, action = found
            action.done = True
            self._changed(keep_point=point_index)
            self.save(then=then)

        self.confirm_leave(mark)

    # export -----------------------------------------------------------------------
    def action_export(self) -> None:
        session = self.session
        if session is None:
            return
        folder = self._export_folder or self._default_export_folder()
        stem = str(folder / f"{session.meeting.path.parent.name}-{session.meeting.path.stem}")

        def write(fmt: str, path: Path) -> None:
            forum = session.forum.info if session.forum else None
            try:
                yamlio.atomic_write(path, export_meeting(session.meeting, forum, fmt, self.language))
            except (OSError, ValueError) as error:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
                self.notify(f"{path}: {reason}", title=t("export_failed"), severity="error", markup=False)
                return
            self._export_folder, self._export_format = path.parent, fmt
            self.notify(str(path), title=t("exported"), markup=False)

        def answer(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            fmt, target = result
            path = Path(target).expanduser().absolute()
            if not path.exists():
                write(fmt, path)
                return
            choices = [("replace", t("export_replace")), ("cancel", t("cancel"))]
            self.app.push_screen(
                ChoiceDialog(t("export_replace_title"), Text(str(path)), choices, focus="cancel"),
                lambda choice: write(fmt, path) if choice == "replace" else None,
            )

        self.app.push_screen(ExportDialog(stem, self._export_format), answer)

    def _default_export_folder(self) -> Path:
        """Where exports go first: the working folder, unless it is in the repository (an export there would be untracked)."""
        here = Path.cwd()
        root = self.repository.root.resolve()
        return Path.home() if here.resolve() == root or root in here.resolve().parents else here

    # history ----------------------------------------------------------------------
    def action_history(self) -> None:
        if self.session is None:
            return
        try:
            screen = HistoryScreen(
                self.repository, self.session.meeting.path, self.session.forum, self.language, on_restored=self._restored
            )
        except HistoryError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.app.push_screen(screen)

    def action_blame(self) -> None:
        if self.session is None:
            return
        session = self.session
        self.app.push_screen(
            BlameScreen(self.repository, session.meeting.path, session.forum, self.language, on_restored=self._restored)
        )

    def _restored(self) -> None:
        """After a restore: show the file as it now is (unless there are unsaved edits, which stay)."""
        session = self.session
        if session is None:
            return
        if session.dirty:
            self.notify(t("restored_with_unsaved"), severity="warning", markup=False)
            return
        self.session = None
        self.load_meeting(session.meeting.path, session.forum)
        self.tree.refresh_meeting(session.meeting.path)

    # after a sync --------------------------------------------------------------------
    def after_sync(self, changed_files: list[str]) -> None:
        """Bring the tree, the open meeting and the search index up to what arrived."""
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
        update_index = getattr(self.app, "update_index", None)
        if update_index is not None:
            update_index()

    # keys -------------------------------------------------------------------------
    def action_back(self) -> None:
        self.tree.focus()


def _find_action(meeting: Meeting, number: int | None, index: int, task: str) -> tuple[int, Action] | None:
    """The point index and action named by a point number, the action's position and its task."""
    for point_index, point in enumerate(meeting.points):
        if point.number != number:
            continue
        actions = point.actions
        if index < len(actions) and actions[index].task == task:
            return point_index, actions[index]
        for action in actions:
            if action.task == task:
                return point_index, action
    return None


def _point_problems(document: object) -> list[Problem]:
    """Problems of a point edited on its own, checked as the only point of a meeting."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(document, CommentedMap):
        return [Problem(Path("point"), 1, 1, "a point must be a mapping with at least a title")]
    special = yamlio.special_features(document)
    if special:
        return [Problem(Path("point"), line, column, message) for line, column, message in special]
    wrapper = CommentedMap()
    wrapper["points"] = CommentedSeq([document])
    problems = check_meeting_document(Path("point"), wrapper)
    return [problem for problem in problems if problem.is_error and "date" not in problem.message]
