"""The home screen: the forum tree on the left, the selected meeting on the right."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from repo_layout.discover import Forum, MeetingLoadError, Repository
from repo_layout.model import Meeting
from tui.i18n import t, translate_bindings
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView


class BrowseScreen(Screen[None]):
    """Tree and meeting side by side."""

    BINDINGS = [
        Binding("escape", "back", "back"),
    ]

    class MeetingLoaded(Message):
        def __init__(self, meeting: Meeting, forum: Forum | None) -> None:
            super().__init__()
            self.meeting = meeting
            self.forum = forum

    class MeetingFailed(Message):
        def __init__(self, error: MeetingLoadError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, repository: Repository, open_path: Path | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.repository = repository
        self.open_path = open_path
        self.shown_path: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ForumTree(self.repository, id="tree")
            yield MeetingView(id="meeting")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(ForumTree)
        tree.focus()
        if not self.repository.forums():
            self.query_one(MeetingView).show_message(t("empty_repository"))
        if self.open_path is not None:
            self.call_after_refresh(self._open_initial, self.open_path)

    def _open_initial(self, path: Path) -> None:
        if not self.query_one(ForumTree).reveal(path):
            self.notify(t("meeting_not_found", path=str(path)), severity="warning", markup=False)

    # meetings -------------------------------------------------------------
    @on(ForumTree.MeetingHighlighted)
    def _preview(self, message: ForumTree.MeetingHighlighted) -> None:
        if message.summary is not None:
            self.load_meeting(message.summary.path, message.forum)

    @on(ForumTree.MeetingChosen)
    def _chosen(self, message: ForumTree.MeetingChosen) -> None:
        if message.summary.path != self.shown_path:
            self.load_meeting(message.summary.path, message.forum)
        self.query_one(MeetingView).focus()

    @work(thread=True, exclusive=True, group="meeting")
    def load_meeting(self, path: Path, forum: Forum | None) -> None:
        """Parse the meeting off the UI thread, then post the result."""
        try:
            meeting = self.repository.load_meeting(path)
        except MeetingLoadError as error:
            self.post_message(self.MeetingFailed(error))
            return
        self.post_message(self.MeetingLoaded(meeting, forum))

    @on(MeetingLoaded)
    def _show(self, message: MeetingLoaded) -> None:
        self.shown_path = message.meeting.path
        self.query_one(MeetingView).show_meeting(message.meeting, message.forum)

    @on(MeetingFailed)
    def _show_problems(self, message: MeetingFailed) -> None:
        error = message.error
        self.shown_path = error.path
        view = self.query_one(MeetingView)
        view.show_problems(error.path, error.problems, self.repository.relative(error.path))
        reason = error.problems[0].message if error.problems else t("broken")
        self.query_one(ForumTree).mark_broken(error.path, reason)

    # keys -------------------------------------------------------------------
    def action_back(self) -> None:
        self.query_one(ForumTree).focus()
