"""The tree of groups, forums, years and meetings; forums and years load their children lazily.

Each meeting shows its status as a glyph (tui/status_marks), and a forum's next planned meeting comes first under it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from repo_layout.display import safe_line
from repo_layout.model.discover import Forum, Group, MeetingRef, Repository
from repo_layout.model.summary import MeetingSummary, summarize, summarize_document
from tui.actions import Keyed
from tui.i18n import t
from tui.status_marks import UPCOMING, status_mark


@dataclass
class NodeData:
    """What a tree node stands for."""

    kind: str  # "root" | "group" | "forum" | "year" | "meeting"
    group: Group | None = None
    forum: Forum | None = None
    year: int | None = None
    refs: list[MeetingRef] = field(default_factory=list)
    summary: MeetingSummary | None = None
    loaded: bool = False
    upcoming: bool = False
    """A forum's next planned meeting, shown first under the forum (the meeting is in its year too)."""


def year_buckets(refs: list[MeetingRef]) -> list[tuple[int, list[MeetingRef]]]:
    """Meetings grouped by year, newest year first (refs are already newest first)."""
    buckets: dict[int, list[MeetingRef]] = defaultdict(list)
    for ref in refs:
        buckets[ref.date.year].append(ref)
    return sorted(buckets.items(), reverse=True)


def meeting_label(summary: MeetingSummary) -> Text:
    """The label of a meeting leaf: date, status glyph and title, or a broken mark."""
    label = Text(safe_line(summary.ref.label), style="bold")
    if summary.broken:
        label.append("  ⚠ " + t("broken"), style="bold red")
        return label
    mark = status_mark(summary.status)
    label.append(f"  {mark} " if mark else "  ")
    if summary.title:
        label.append(safe_line(summary.title))
    return label


def upcoming_label(summary: MeetingSummary) -> Text:
    """The label of a forum's next planned meeting: its date, its status glyph and the words "next meeting" (at 80
    columns the date, the glyph and "next" are what fits; the meeting view words the status)."""
    label = Text(safe_line(summary.ref.label), style="bold")
    label.append(f" {status_mark(summary.status)} ")
    label.append(t("next_meeting"), style="bold")
    return label


def next_planned(refs: list[MeetingRef], today: dt.date) -> MeetingSummary | None:
    """The forum's next meeting still to be held (planned or agenda sent, dated today or later), read from its file.

    Only meetings dated today or later are read: a few files, however long the forum's past.
    """
    coming = sorted((ref for ref in refs if ref.date >= today), key=lambda ref: (ref.date, ref.sequence))
    for ref in coming:
        summary = summarize(ref)
        if not summary.broken and summary.status in UPCOMING:
            return summary
    return None


MIN_WIDTH = 16
"""The narrowest the tree's keys make it: a date and a little of the title."""


class ForumTree(Keyed, Tree[NodeData]):
    """Groups, forums, years and meetings of one repository."""

    ACTIONS = "tree"

    @dataclass
    class MeetingHighlighted(Message):
        """The cursor is on a meeting (or left one: summary is None)."""

        summary: MeetingSummary | None
        forum: Forum | None

    @dataclass
    class MeetingChosen(Message):
        """Enter or a click on a meeting."""

        summary: MeetingSummary
        forum: Forum | None

    @dataclass
    class _Loaded(Message):
        node: TreeNode[NodeData]
        payload: object

    def __init__(self, repository: Repository, **kwargs: object) -> None:
        super().__init__(Text(safe_line(repository.config.name)), data=NodeData("root"), **kwargs)  # type: ignore[arg-type]
        self.repository = repository
        self.show_root = True
        self.guide_depth = 3
        self.today = dt.date.today()
        """The day that decides which planned meeting is the next one."""

    def on_mount(self) -> None:
        self._fill_group(self.root, self.repository.tree)
        self.root.expand()

    # its width, for a narrow terminal ------------------------------------------
    def toggle_shown(self) -> bool:
        """Hide the tree (the meeting takes the whole width) or show it again; True when it is shown."""
        self.toggle_class("-hidden")
        return not self.has_class("-hidden")

    def resize_by(self, columns: int) -> None:
        """Make the tree `columns` wider (narrower when negative), shown if hidden; browse.tcss keeps room for the meeting."""
        shown = not self.has_class("-hidden")
        self.remove_class("-hidden")
        if shown:
            self.add_class("-resized")
            self.styles.width = max(MIN_WIDTH, self.outer_size.width + columns)

    def rebuild(self) -> None:
        """Scan the folders again (after a sync brought new forums or meetings)."""
        self.root.remove_children()
        self._fill_group(self.root, self.repository.tree)
        self.root.expand()

    # building -----------------------------------------------------------
    def _fill_group(self, node: TreeNode[NodeData], group: Group) -> None:
        for child in group.groups:
            child_node = node.add(Text(safe_line(child.name)), data=NodeData("group", group=child), expand=True)
            self._fill_group(child_node, child)
        for forum in group.forums:
            label = Text(safe_line(forum.name))
            if not forum.has_forum_file:
                label.append(f"  ⚠ {t('no_forum_file')}", style="yellow")
            node.add(label, data=NodeData("forum", forum=forum), allow_expand=True)

    @staticmethod
    def _first_fill(node: TreeNode[NodeData]) -> NodeData | None:
        """The node's data when its children are still to be made (marked made from now on), else None."""
        data = node.data
        assert data is not None
        if data.loaded:
            return None
        data.loaded = True
        node.remove_children()
        return data

    def _apply_forum(self, node: TreeNode[NodeData], refs: list[MeetingRef], upcoming: MeetingSummary | None) -> None:
        data = self._first_fill(node)
        if data is None:
            return
        if upcoming is not None:
            node.add_leaf(upcoming_label(upcoming), data=NodeData("meeting", forum=data.forum, summary=upcoming, upcoming=True))
        for index, (year, year_refs) in enumerate(year_buckets(refs)):
            label = Text(str(year), style="bold")
            count = t("meetings_count_one") if len(year_refs) == 1 else t("meetings_count", count=len(year_refs))
            label.append(f"  ({count})", style="dim")
            year_node = node.add(label, data=NodeData("year", forum=data.forum, year=year, refs=year_refs))
            year_node.allow_expand = True
            if index == 0:
                year_node.expand()

    def _apply_year(self, node: TreeNode[NodeData], summaries: list[MeetingSummary]) -> None:
        data = self._first_fill(node)
        if data is None:
            return
        for summary in summaries:
            node.add_leaf(meeting_label(summary), data=NodeData("meeting", forum=data.forum, summary=summary))

    # lazy loading -------------------------------------------------------
    @on(Tree.NodeExpanded)
    def _load_on_expand(self, event: Tree.NodeExpanded[NodeData]) -> None:
        data = event.node.data
        if data is None or data.loaded:
            return
        if data.kind == "forum" and data.forum is not None:
            self._load_forum(event.node, data.forum)
        elif data.kind == "year":
            self._load_year(event.node, data.refs)

    @work(thread=True, group="tree")
    def _load_forum(self, node: TreeNode[NodeData], forum: Forum) -> None:
        refs = forum.meetings()
        self.post_message(self._Loaded(node, (refs, next_planned(refs, self.today))))

    @work(thread=True, group="tree")
    def _load_year(self, node: TreeNode[NodeData], refs: list[MeetingRef]) -> None:
        self.post_message(self._Loaded(node, [summarize(ref) for ref in refs]))

    @on(_Loaded)
    def _apply_loaded(self, message: _Loaded) -> None:
        data = message.node.data
        if data is None:
            return
        if data.kind == "forum":
            self._apply_forum(message.node, *message.payload)  # type: ignore[misc]
        elif data.kind == "year":
            self._apply_year(message.node, message.payload)  # type: ignore[arg-type]

    # meetings ------------------------------------------------------------
    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        data = event.node.data
        if data is not None and data.kind == "meeting" and data.summary is not None:
            self.post_message(self.MeetingHighlighted(data.summary, data.forum))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if data is not None and data.kind == "meeting" and data.summary is not None:
            self.post_message(self.MeetingChosen(data.summary, data.forum))

    def mark_broken(self, path: Path, reason: str) -> None:
        """Show a meeting as broken once a full load found errors the fast read missed."""
        for node in self._meeting_nodes(path):
            old = node.data.summary if node.data is not None else None
            if old is not None and not old.broken:
                self._relabel(node, MeetingSummary(old.ref, old.title, True, reason))

    def refresh_meeting(self, path: Path, document: object) -> None:
        """Label a meeting from its data as saved (`document`, the open meeting's): the file is not read again.

        When its status changed, the forum's next meeting is found again (a held meeting is no longer the next one).
        """
        changed = False
        for node in self._meeting_nodes(path):
            if node.data is not None and node.data.summary is not None:
                old = node.data.summary
                self._relabel(node, summarize_document(old.ref, document))
                changed = changed or node.data.summary.status != old.status
        forum_node = self._find_forum_node(Path(path).resolve().parent)
        if changed and forum_node is not None:
            self._refresh_upcoming(forum_node)

    def _refresh_upcoming(self, forum_node: TreeNode[NodeData]) -> None:
        """Put the forum's next planned meeting first under it again (reads only the meetings dated today or later)."""
        data = forum_node.data
        if data is None or data.forum is None or not data.loaded:
            return
        for child in list(forum_node.children):
            if child.data is not None and child.data.upcoming:
                child.remove()
        upcoming = next_planned(data.forum.meetings(), self.today)
        if upcoming is not None:
            node_data = NodeData("meeting", forum=data.forum, summary=upcoming, upcoming=True)
            forum_node.add_leaf(upcoming_label(upcoming), data=node_data, before=0 if forum_node.children else None)

    def _relabel(self, node: TreeNode[NodeData], summary: MeetingSummary) -> None:
        """Give a meeting node its new facts; the next-meeting node stays until the forum is listed again."""
        assert node.data is not None
        node.data.summary = summary
        node.set_label(upcoming_label(summary) if node.data.upcoming and not summary.broken else meeting_label(summary))

    def _meeting_nodes(self, path: Path) -> list[TreeNode[NodeData]]:
        """Every node of the meeting at `path`: its year's, and the next-meeting node when it is the next one."""
        path = Path(path).resolve()
        found, stack = [], [self.root]
        while stack:
            node = stack.pop()
            data = node.data
            if data is not None and data.kind == "meeting" and data.summary is not None and data.summary.path == path:
                found.append(node)
            stack.extend(node.children)
        return found

    def reload_forum(self, forum: Forum) -> None:
        """List a forum's meetings again (after a meeting was added)."""
        node = self._find_forum_node(forum.path)
        if node is not None and node.data is not None:
            node.data.loaded = False
            refs = forum.meetings()
            self._apply_forum(node, refs, next_planned(refs, self.today))

    def forum_at_cursor(self) -> Forum | None:
        """The forum of the node under the cursor (a forum, a year or a meeting), if any."""
        node = self.cursor_node
        return node.data.forum if node is not None and node.data is not None else None

    def select_quietly(self, path: Path) -> None:
        """Put the cursor back on a meeting without asking to show it again."""
        node = self.find_meeting(path)
        if node is not None:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)

    def find_meeting(self, path: Path) -> TreeNode[NodeData] | None:
        path = Path(path).resolve()
        return self._find_node(lambda data: data.kind == "meeting" and data.summary is not None and data.summary.path == path)

    def _find_node(self, matches: Callable[[NodeData], bool]) -> TreeNode[NodeData] | None:
        """The first node, depth first, whose data `matches`."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.data is not None and matches(node.data):
                return node
            stack.extend(node.children)
        return None

    def reveal(self, path: Path, quiet: bool = False) -> bool:
        """Expand down to the meeting at `path` (loading what is needed now) and move the cursor to it.

        `quiet`: the caller shows the meeting itself, so the move does not announce the meeting as highlighted.
        """
        path = Path(path).resolve()
        forum_node = self._find_forum_node(path.parent)
        if forum_node is None or forum_node.data is None or forum_node.data.forum is None:
            return False
        self._expand_ancestors(forum_node)
        if not forum_node.data.loaded:
            refs = forum_node.data.forum.meetings()
            self._apply_forum(forum_node, refs, next_planned(refs, self.today))
        forum_node.expand()
        for year_node in forum_node.children:
            year_data = year_node.data
            if year_data is None or year_data.kind != "year" or not any(ref.path == path for ref in year_data.refs):
                continue
            if not year_data.loaded:
                self._apply_year(year_node, [summarize(ref) for ref in year_data.refs])
            year_node.expand()
            if self.find_meeting(path) is not None:
                self.call_after_refresh(self._move_to_meeting, path, quiet)
                return True
        return False

    def _move_to_meeting(self, path: Path, quiet: bool) -> None:
        node = self.find_meeting(path)
        if node is None:
            return
        if quiet:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)
        else:
            self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def _find_forum_node(self, folder: Path) -> TreeNode[NodeData] | None:
        return self._find_node(lambda data: data.kind == "forum" and data.forum is not None and data.forum.path == folder)

    @staticmethod
    def _expand_ancestors(node: TreeNode[NodeData]) -> None:
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
