"""The meeting's cycle in the app: approve, postpone, close a point, attendance, attachments, follow a link, mark held.

Steps that change the file and commit at once (approve, mark held, attach) run in a thread worker and post
`CycleFlow.StepDone`; marks on a point (postponed, closed) and attendance are edits in memory, saved with ctrl+s
like any other edit and worded in its commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from repo_layout.cycle.approval import APPROVABLE, Approval, approve, meeting_to_approve
from repo_layout.cycle.errors import CycleError
from repo_layout.cycle.links import meeting_path
from repo_layout.cycle.steps import ATTACHMENT_WARN_MB, attach_file, attachment_folder, mark_status
from repo_layout.display import safe_line
from repo_layout.editing.saving import SaveResult
from repo_layout.export.context import attachment_files
from repo_layout.importing.importer import commit_imported, import_files
from repo_layout.model.discover import Forum
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point, PointLink
from tui.i18n import t
from tui.opener import open_file
from tui.path_suggester import PathSuggester
from tui.screens.attendance import AttendanceScreen
from tui.widgets.dialogs import ChoiceDialog, TextInputDialog

if TYPE_CHECKING:
    from tui.screens.browse import BrowseScreen


@dataclass
class Link:
    """Somewhere a point leads: a meeting of the forum (its path) and a point number, with words for a chooser."""

    label: str
    path: Path
    point: int | None


class CycleFlow:
    """The cycle's keys on the browse screen: each asks what it needs, then acts on the meeting shown."""

    @dataclass
    class StepDone(Message):
        """A step that commits came back: its result or the error it raised, and the meetings to read again."""

        outcome: SaveResult | Approval | Exception
        reload: list[Path]
        retry: Callable[[], None] | None = None

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen

    @property
    def _session_forum(self) -> tuple[Meeting, Forum] | None:
        session = self.screen.session
        if session is None or session.forum is None:
            return None
        return session.meeting, session.forum

    def _run(self, step: Callable[[], SaveResult | Approval], reload: list[Path], retry: Callable[[], None]) -> None:
        """Run a committing step in a thread worker; its outcome comes back as StepDone."""

        def work() -> None:
            try:
                outcome: SaveResult | Approval | Exception = step()
            except Exception as error:  # every kind is said by the screen on the UI thread
                outcome = error
            self.screen.post_message(self.StepDone(outcome, reload, retry))

        self.screen.run_worker(work, thread=True, group="cycle")

    def _when_saved(self, then: Callable[[], None]) -> None:
        """Run `then` on the meeting as saved: unsaved edits are saved (or discarded) first, as when leaving it."""
        self.screen.confirm_leave(then)

    # approval ---------------------------------------------------------------------
    def approve(self) -> None:
        """Approve the minutes: the meeting shown when it is held, else the one its approval point names."""
        found = self._session_forum
        if found is None:
            return
        meeting, forum = found
        if meeting.status in APPROVABLE:
            target_path, via = meeting.path, None
        else:
            name = meeting_to_approve(forum, meeting)
            path = meeting_path(forum, name) if name else None
            if path is None:
                self.screen.notify(t("approve_nothing", status=t(f"status_{meeting.status}")), markup=False)
                return
            target_path, via = path, meeting
        name = target_path.name.removesuffix(".yaml")

        def answer(choice: str | None) -> None:
            if choice == "approve":
                self._when_saved(lambda: self._approve(forum, target_path, via is not None))

        self.screen.app.push_screen(
            ChoiceDialog(
                t("approve_title"),
                t("approve_body", forum=safe_line(forum.name), meeting=name),
                [("approve", t("approve")), ("cancel", t("cancel"))],
            ),
            answer,
        )

    def offer_approval_with_save(
        self, target: str, then: Callable[[], object] | None, otherwise: Callable[[], object] | None
    ) -> None:
        """The approval point got its decision: approve the minutes it names in the same commit, or only save."""
        screen = self.screen
        found = self._session_forum
        path = meeting_path(found[1], target) if found is not None else None
        if found is None or path is None:
            screen.save(then=then, otherwise=otherwise, ask_approval=False)
            return
        forum = found[1]

        def answer(choice: str | None) -> None:
            if choice == "approve":
                self._approve(forum, path, via_shown=True, with_edits=True)
            elif choice == "save":
                screen.save(then=then, otherwise=otherwise, ask_approval=False)
            elif otherwise is not None:
                otherwise()

        screen.app.push_screen(
            ChoiceDialog(
                t("approve_title"),
                t("approve_with_save_body", forum=safe_line(forum.name), meeting=target),
                [("approve", t("approve_and_save")), ("save", t("save_only")), ("cancel", t("cancel"))],
            ),
            answer,
        )

    def _approve(self, forum: Forum, target_path: Path, via_shown: bool, with_edits: bool = False) -> None:
        """Approve in a worker; `via_shown`: through the meeting shown (as saved, or `with_edits` as it is on screen)."""
        screen = self.screen
        via_path = screen.shown_path if via_shown else None
        session = screen.session if with_edits else None

        def step() -> Approval:
            target = screen.repository.load_meeting(target_path)
            via = session.meeting if session is not None else None
            if via is None and via_path is not None:
                via = screen.repository.load_meeting(via_path)
            return approve(screen.repository, forum, target, screen.language, via=via)

        reload = [path for path in (target_path, via_path) if path is not None]
        self._run(step, reload, lambda: self._approve(forum, target_path, via_shown))

    def mark_held(self) -> None:
        found = self._session_forum
        if found is None:
            return
        _, forum = found
        path = found[0].path

        def go() -> None:
            def step() -> SaveResult:
                meeting = self.screen.repository.load_meeting(path)
                result = mark_status(self.screen.repository, forum, meeting, "held", self.screen.language)
                if result is None:
                    raise CycleError("already_approved" if meeting.status == "approved" else "not_held",
                                     meeting=meeting.name, status=meeting.status or "")
                return result

            self._run(step, [path], go)

        self._when_saved(go)

    # marks on the highlighted point (edits in memory) --------------------------------------------
    def _point(self) -> tuple[int, Point] | None:
        """The highlighted point and its index; None (and a notice saying so) when there is none."""
        found = self.screen._highlighted()
        if found is None:
            self.screen.notify(t("no_point_selected"), markup=False)
        return found

    def toggle_postponed(self) -> None:
        """Postpone the highlighted point with a reason (asked), or take the postponement back."""
        screen = self.screen
        found = self._point()
        if found is None:
            return
        index, point = found
        if point.postponed:
            point.take_back_postponement()
            screen._changed(keep_point=index)
            return

        def answer(reason: str | None) -> None:
            if reason is None or screen.session is None:
                return
            screen.session.meeting.points[index].postpone(reason.strip() or None)
            screen._changed(keep_point=index)

        title = f"{t('point')} {point.number or ''}: {safe_line(point.title)}"
        screen.app.push_screen(TextInputDialog(t("postpone_title"), title, t("postpone_reason")), answer)

    def toggle_closed(self) -> None:
        found = self._point()
        if found is None:
            return
        index, point = found
        point.closed = not point.closed
        self.screen._changed(keep_point=index)

    def attendance(self) -> None:
        """Mark each member present or absent (from the forum's members and the names the meeting has)."""
        found = self._session_forum
        if found is None:
            return
        meeting, forum = found
        screen = self.screen

        def done(result: tuple[list[str], list[str]] | None) -> None:
            if result is None or screen.session is None:
                return
            present, absent = result
            screen.session.meeting.present = present
            screen.session.meeting.absent = absent
            screen._changed(keep_point=screen.view.highlighted)

        screen.app.push_screen(AttendanceScreen(forum.info.members, meeting.present, meeting.absent), done)

    # attachments ---------------------------------------------------------------------------------
    def attach(self) -> None:
        """Ask for a file (with completion) and keep it beside the meeting, listed under the highlighted point."""
        screen = self.screen
        found = self._session_forum
        if found is None:
            return
        highlighted = screen._highlighted()
        number = highlighted[1].number if highlighted else None

        def answer(value: str | None, force: bool = False) -> None:
            if not value or not value.strip():
                return
            source = Path(value.strip()).expanduser()
            if not force and source.is_file() and source.stat().st_size > ATTACHMENT_WARN_MB * 1_000_000:
                size = f"{source.stat().st_size / 1_000_000:.1f}"
                screen.app.push_screen(
                    ChoiceDialog(
                        t("attach_big_title"),
                        t("attach_big_body", file=safe_line(source.name), size=size, limit=str(ATTACHMENT_WARN_MB)),
                        [("attach", t("attach_anyway")), ("cancel", t("cancel"))],
                        focus="cancel",
                    ),
                    lambda choice: answer(value, force=True) if choice == "attach" else None,
                )
                return
            self._when_saved(lambda: self._attach(source, number, force))

        folder = t("attach_body", folder=screen.repository.relative(attachment_folder(found[0])))
        dialog = TextInputDialog(t("attach_title"), folder, t("attach_file"), suggester=PathSuggester())
        screen.app.push_screen(dialog, answer)

    def _attach(self, source: Path, number: int | None, force: bool) -> None:
        screen = self.screen
        path = screen.shown_path
        found = self._session_forum
        if path is None or found is None:
            return
        forum = found[1]

        def step() -> SaveResult:
            meeting = screen.repository.load_meeting(path)
            return attach_file(screen.repository, forum, meeting, source, screen.language, number=number, force=force)

        self._run(step, [path], lambda: self._attach(source, number, force))

    def open_attachment(self) -> None:
        """Open a kept attachment of the highlighted point with the system's opener (a chooser when it has several)."""
        screen = self.screen
        found, meeting_forum = screen._highlighted(), self._session_forum
        if found is None or meeting_forum is None:
            screen.notify(t("no_point_selected"), markup=False)
            return
        meeting, forum = meeting_forum
        kept = attachment_files(forum, meeting)  # inside the forum's folder, through no link
        files = [(entry.title, kept[entry.file]) for entry in found[1].attachment_entries if entry.file in kept]
        if not files:
            screen.notify(t("no_attachment_files"), markup=False)
            return

        def open_one(target: Path) -> None:
            problem = open_file(target, forum.path)
            if problem:
                screen.notify(t("open_failed", file=safe_line(target.name), why=problem), severity="error", markup=False)

        if len(files) == 1:
            open_one(files[0][1])
            return
        choices = [(str(number), safe_line(title)) for number, (title, _) in enumerate(files)]
        screen.app.push_screen(
            ChoiceDialog(t("open_attachment_title"), "", [*choices, ("cancel", t("cancel"))]),
            lambda choice: open_one(files[int(choice)][1]) if choice not in (None, "cancel") else None,
        )

    # importing ---------------------------------------------------------------------------------------
    def import_file(self, forum: Forum, path: Path) -> None:
        """Import `path` as a new meeting of `forum` and commit it, in a worker; the tree shows it when done."""

        def step() -> SaveResult:
            done = import_files([path], forum.path)
            written = [meeting.path for meeting, _ in done]
            commit = commit_imported(written)
            stem = ", ".join(file.stem for file in written)
            return SaveResult(commit, f"{forum.name}: {stem}", [])

        self._run(step, [forum.path / "forum.yaml"], lambda: self.import_file(forum, path))

    # links ------------------------------------------------------------------------------------------
    def links(self) -> list[Link]:
        """Where the highlighted point leads: the point it was carried from, the point it was taken up at, the meeting it
        approves, and the points its follow-up actions were decided at."""
        screen = self.screen
        found, meeting_forum = screen._highlighted(), self._session_forum
        if found is None or meeting_forum is None:
            return []
        forum = meeting_forum[1]
        point = found[1]
        links: list[Link] = []

        def add(label: str, link: PointLink | None) -> None:
            path = meeting_path(forum, link.meeting) if link is not None else None
            if link is not None and path is not None:
                links.append(Link(label, path, link.point))

        if point.carried_from is not None:
            link = point.carried_from
            add(t("link_carried_from", meeting=link.meeting, point=link.point or "-"), link)
        views = screen.view.point_views()
        taken = views[found[0]].taken_up if 0 <= found[0] < len(views) else None  # found by the view's worker
        if point.postponed and taken is not None:
            add(t("link_taken_up", meeting=taken.meeting, point=taken.point or "-"), taken)
        if point.approves:
            add(t("link_approves", meeting=point.approves), PointLink(point.approves, None))
        for item in point.follow_up:
            add(t("link_follow_up", task=safe_line(item.task), meeting=item.link.meeting), item.link)
        return links

    def follow_link(self) -> None:
        """Go to where the highlighted point leads (a chooser when it leads to several places)."""
        screen = self.screen
        links = self.links()
        if not links:
            screen.notify(t("no_links"), markup=False)
            return

        def go(link: Link) -> None:
            screen.jump_to(screen.repository.relative(link.path), link.point)

        if len(links) == 1:
            go(links[0])
            return
        choices = [(str(number), link.label) for number, link in enumerate(links)]
        screen.app.push_screen(
            ChoiceDialog(t("follow_link_title"), Text(""), [*choices, ("cancel", t("cancel"))]),
            lambda choice: go(links[int(choice)]) if choice not in (None, "cancel") else None,
        )
