"""The meeting as a person reads the minutes: header, then every point with its decision set apart.

All text from files goes into rich Text objects, so it is shown literally and
never read as markup, and through `safe_text`/`safe_line` first, so a control
character in it shows as a visible escape (one-line fields escape newlines too).

The meeting's cycle is shown too: its status in words, who approved it and when (from the approval tag, read in a
worker), a point's marks (closed, postponed) and links (carried from, taken up at, approves, follow-up), kept
attachment files and the corrections made after approval. `links_of_current_point` gives the links to follow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from repo_layout.cycle.agenda import own_sections
from repo_layout.cycle.approval import approval_of
from repo_layout.cycle.links import forum_meetings, taken_up_at
from repo_layout.display import safe_line, safe_text
from repo_layout.git.tags import TagInfo
from repo_layout.model.discover import Forum
from repo_layout.model.meeting import Correction, Meeting
from repo_layout.model.points import Action, FollowUp, Point, PointLink
from repo_layout.model.problems import Problem
from repo_layout.words import words
from tui.actions import Keyed
from tui.i18n import language, t
from tui.problem_words import problem_words
from tui.status_marks import status_words


def _literal(text: str | None, style: str = "") -> Text:
    """Text shown as written (several lines allowed), control characters visible."""
    return Text(safe_text(text or ""), style=style)


def _line(text: str | None, style: str = "") -> Text:
    """A one-line field (a title, a heading, a name): line breaks and control characters visible."""
    return Text(safe_line(text or ""), style=style)


def _rstrip(text: str) -> str:
    return text.rstrip("\n")


def _cycle_words() -> dict:
    """The library's words for the cycle's links and marks, in the UI's language."""
    return words(language())["cycle"]


def _point_number(link: PointLink) -> str:
    return "-" if link.point is None else str(link.point)


def approval_words(approval: TagInfo) -> str:
    """Who approved the minutes and when, as the approval tag records it ("godkendt 2019-11-07 af Ida")."""
    return _cycle_words()["approved_by"].format(date=approval.when.date().isoformat(), who=approval.tagger)


def header_lines(meeting: Meeting, forum: Forum | None, approval: TagInfo | None = None) -> list[tuple[str, str]]:
    """The header as (label, value) rows, only the rows that have a value; the status says who approved it, if known."""
    rows: list[tuple[str, str]] = []
    if forum is not None:
        rows.append((t("forum"), forum.name))
        if forum.info.organisation:
            rows.append((t("organisation"), forum.info.organisation))
    if meeting.date is not None:
        rows.append((t("date"), meeting.date.isoformat()))
    if meeting.start or meeting.end:
        rows.append((t("time"), "-".join(part for part in (meeting.start, meeting.end) if part)))
    if meeting.location:
        rows.append((t("location"), meeting.location))
    if meeting.minute_taker:
        rows.append((t("minute_taker"), meeting.minute_taker))
    if meeting.present:
        rows.append((t("present"), ", ".join(meeting.present)))
    if meeting.absent:
        rows.append((t("absent"), ", ".join(meeting.absent)))
    if meeting.status:
        status = status_words(meeting.status)
        if meeting.status == "approved" and approval is not None:
            status = f"{status[:1]} {approval_words(approval)}"
        rows.append((t("status"), status))
    return rows


def _header_text(rows: list[tuple[str, str]]) -> Text:
    header = Text()
    width = max((len(label) for label, _ in rows), default=0)
    for index, (label, value) in enumerate(rows):
        if index:
            header.append("\n")
        header.append(f"{label:<{width}}  ", style="bold")
        header.append(safe_line(value))
    return header


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def postponed_words(point: Point) -> str:
    """"Udsat: reason" (or "Udsat" when no reason was given)."""
    cycle = _cycle_words()
    reason = point.postponed_reason
    return _capitalized(cycle["postponed"].format(reason=reason) if reason else cycle["postponed_bare"])


def carried_words(link: PointLink) -> str:
    """The link back of a carried point: "udsat fra mødet 2019-10-24, punkt 3"."""
    return t("link_carried_from", meeting=link.meeting, point=_point_number(link))


def taken_up_words(link: PointLink) -> str:
    """The link forward of a postponed point: "taget op igen på mødet 2019-11-07, punkt 4"."""
    return t("link_taken_up", meeting=link.meeting, point=_point_number(link))


def follow_up_line(item: FollowUp) -> Text:
    """An open action listed on a follow-up point: the task, its owner and due date, and where it was decided."""
    line = task_line(False, item.task, item.owner, item.due)
    line.append("\n  ")
    line.append(safe_line(t("decided_at", meeting=item.link.meeting, point=_point_number(item.link))), style="dim italic")
    return line


def correction_line(correction: Correction) -> Text:
    """One correction after approval: when, by whom, what changed and why."""
    text = _cycle_words()["correction"].format(
        date=correction.date.isoformat(), who=correction.by, what=correction.what, why=correction.why
    )
    return Text.assemble("• ", safe_line(text))


class PointView(Vertical):
    """One agenda point: title, facts, sections, decision, attachments, actions."""

    def __init__(self, point: Point, index: int, highlighted: bool = False, taken_up: PointLink | None = None) -> None:
        super().__init__(classes="point -highlight" if highlighted else "point")
        self.point = point
        self.index = index
        self.taken_up = taken_up
        """Where a postponed point was taken up again (found in a worker: None until then, or when not yet)."""

    def links(self) -> list[PointLink]:
        """The points of other meetings this point names: carried from, taken up at, approves, its follow-up's."""
        point = self.point
        found = [point.carried_from, self.taken_up]
        if point.approves:
            found.append(PointLink(point.approves, None))
        found.extend(item.link for item in point.follow_up)
        return list(dict.fromkeys(link for link in found if link is not None))

    def show_taken_up(self, link: PointLink | None) -> None:
        """Show where the postponed point was taken up again (a worker found it after the point was drawn)."""
        self.taken_up = link
        for line in self.query(".point-taken-up").results(Static):
            line.update(Text(safe_line(f"↪ {taken_up_words(link)}")) if link is not None else Text(""))
            line.set_class(link is None, "-empty")

    def compose(self) -> object:
        point = self.point
        title = Text()
        if point.number is not None:
            title.append(f"{t('point')} {point.number}. ", style="bold")
        title.append(safe_line(point.title), style="bold")
        yield Static(title, classes="point-title")
        yield from self._cycle_marks()
        facts = [
            (t("case"), point.case),
            (t("time"), point.time),
            (t("presenter"), point.presenter),
        ]
        fact_text = Text()
        for label, value in facts:
            if value:
                if fact_text:
                    fact_text.append("   ")
                fact_text.append(f"{label}: ", style="dim")
                fact_text.append(safe_line(value))
        if fact_text:
            yield Static(fact_text, classes="point-facts")
        for heading, body in own_sections(point):  # an agenda's written follow-up list is shown once, below
            yield Static(_line(heading), classes="section-heading")
            yield Static(_literal(_rstrip(body)), classes="section-text")
        if point.decision:
            with Vertical(classes="decision"):
                yield Static(_line(point.decision_heading or t("decision")), classes="decision-heading")
                yield Static(_literal(_rstrip(point.decision)), classes="decision-text")
        if point.follow_up:
            yield Static(_literal(t("follow_up_items")), classes="section-heading")
            yield Static(Text("\n").join(follow_up_line(item) for item in point.follow_up), classes="follow-up")
        entries = point.attachment_entries
        if entries:
            yield Static(_literal(t("attachments")), classes="section-heading")
            yield Static(Text("\n").join(_attachment_line(entry.title, entry.file) for entry in entries), classes="attachments")
        if point.actions:
            yield Static(_literal(t("actions")), classes="section-heading")
            yield Static(Text("\n").join(_action_line(action) for action in point.actions), classes="actions")


    def _cycle_marks(self) -> list[Static]:
        """The point's marks and links, each in words (never a colour alone): closed, postponed, carried, taken up."""
        point = self.point
        marks = []
        if point.closed:
            marks.append(Static(Text(f"🔒 {t('closed_point')}", style="bold"), classes="point-mark point-closed"))
        if point.postponed:
            marks.append(Static(_line(f"↷ {postponed_words(point)}", style="bold"), classes="point-mark point-postponed"))
        if point.carried_from is not None:
            marks.append(Static(_line(f"↩ {carried_words(point.carried_from)}"), classes="point-link point-carried"))
        if point.approves:
            marks.append(Static(_line(f"→ {t('link_approves', meeting=point.approves)}"), classes="point-link point-approves"))
        if point.postponed:
            line = Static("", classes="point-link point-taken-up -empty")
            marks.append(line)
        return marks

    def on_mount(self) -> None:
        if self.taken_up is not None:
            self.show_taken_up(self.taken_up)


def _attachment_line(title: str, file: str | None) -> Text:
    """An attachment: its title, and the file kept in the repository when there is one."""
    line = Text.assemble("• ", safe_line(title))
    if file:
        line.append(f"  📎 {t('attachment_kept', file=safe_line(file))}", style="dim")
    return line


def _action_line(action: Action) -> Text:
    """One action as the meeting shows it: done or not, the task, its owner and due date."""
    return task_line(action.done, action.task, action.owner, action.due)


def task_line(done: bool, task: str, owner: str | None, due: dt.date | None) -> Text:
    """An action's line: done or not, the task, its owner and due date."""
    line = Text.assemble("☑ " if done else "☐ ", safe_line(task))
    if owner:
        line.append(f"  ({t('owner')}: ", style="dim")
        line.append(safe_line(owner), style="dim")
        line.append(")", style="dim")
    if due:
        line.append(f"  {t('due')}: {due.isoformat()}", style="dim")
    return line


class MeetingView(Keyed, VerticalScroll):
    """The right pane: one meeting, its problems, or a hint to choose one."""

    ACTIONS = "meeting"

    @dataclass
    class _ApprovalRead(Message):
        path: Path
        approval: TagInfo | None

    @dataclass
    class _TakenUpRead(Message):
        path: Path
        taken_up: dict[int, PointLink]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.meeting: Meeting | None = None
        self.forum: Forum | None = None
        self.highlighted: int | None = None
        self._point_views: list[PointView] = []  # the points shown now (see _replace)
        self._header: Static | None = None
        self.approvals: dict[Path, TagInfo | None] = {}
        """Approval tags read so far, by meeting file (git is asked once per meeting, in a worker)."""
        self.taken_up: dict[Path, dict[int, PointLink]] = {}
        """Where each postponed point (by index) of a meeting was taken up again, found in a worker."""

    def on_mount(self) -> None:
        self.show_message(t("choose_meeting"))

    def _replace(self, *widgets: Widget) -> None:
        self.remove_children()
        # the new points, not a query: until the removal above is done, a query finds the old meeting's too
        self._point_views = [widget for widget in widgets if isinstance(widget, PointView)]
        self.mount_all(widgets)
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.meeting = None
        self.highlighted = None
        self._replace(Static(_literal(message), classes="hint"))

    def show_problems(self, path: Path, problems: list[Problem], relative: str) -> None:
        """Show why a meeting file cannot be read, as `line:column: message` rows."""
        self.meeting = None
        self.highlighted = None
        body = Text()
        for index, problem in enumerate(problems):
            if index:
                body.append("\n")
            body.append(f"{problem.line}:{problem.column}: ", style="bold")
            body.append(safe_text(problem_words(problem, language())))
        self._replace(
            Static(_line(f"⚠ {t('broken_title')}: {relative}"), classes="broken-title"),
            Static(body, classes="broken-problems"),
            Static(_literal(t("broken_hint")), classes="hint"),
        )

    def show_meeting(self, meeting: Meeting, forum: Forum | None, keep_point: int | None = None) -> None:
        """Render a meeting; the first point is highlighted, or `keep_point` with the scroll kept.

        A meeting shown afresh (no `keep_point`) has its approval and its postponed points' links read again.
        """
        path = meeting.path.resolve()
        if keep_point is None or self.meeting is None or self.meeting.path.resolve() != path:
            self.approvals.pop(path, None)
            self.taken_up.pop(path, None)
        self.meeting = meeting
        self.forum = forum
        widgets: list[Widget] = []
        title = meeting.title or " ".join(part for part in ((forum.name if forum else ""), str(meeting.date or "")) if part)
        widgets.append(Static(_line(title), classes="meeting-title"))
        self._header = Static(_header_text(header_lines(meeting, forum, self.approvals.get(path))), classes="meeting-header")
        widgets.append(self._header)
        if meeting.information:
            widgets.append(Static(_literal(t("information")), classes="section-heading"))
            widgets.append(Static(_literal(_rstrip(meeting.information)), classes="section-text"))
        if meeting.corrections:
            widgets.append(Static(_literal(t("corrections")), classes="section-heading"))
            widgets.append(Static(Text("\n").join(map(correction_line, meeting.corrections)), classes="corrections"))
        points = meeting.points
        if not points:
            widgets.append(Static(_literal(t("no_points")), classes="hint"))
        chosen = min(keep_point, len(points) - 1) if keep_point is not None and points else 0
        taken_up = self.taken_up.get(path, {})
        widgets.extend(
            PointView(point, index, highlighted=index == chosen, taken_up=taken_up.get(index))
            for index, point in enumerate(points)
        )
        self._read_cycle(meeting, forum, path)
        scroll_y = self.scroll_y
        self._replace(*widgets)
        self.highlighted = chosen if points else None
        if keep_point is not None:
            self.call_after_refresh(self._restore_position, scroll_y, chosen)

    # the cycle's facts that need git or the forum's other meetings -----------
    def _read_cycle(self, meeting: Meeting, forum: Forum | None, path: Path) -> None:
        """Start the workers for what is not known yet: the approval tag, where postponed points were taken up."""
        if forum is None:
            return
        if meeting.status == "approved" and path not in self.approvals:
            self._read_approval(forum, meeting.name, path)
        points = enumerate(meeting.points)
        postponed = [(index, PointLink(meeting.name, point.number)) for index, point in points if point.postponed]
        if postponed and path not in self.taken_up:
            self._read_taken_up(forum, postponed, path)

    @work(thread=True, group="meeting-approval")
    def _read_approval(self, forum: Forum, name: str, path: Path) -> None:
        self.post_message(self._ApprovalRead(path, approval_of(forum.repository, forum, name)))

    @work(thread=True, exclusive=True, group="meeting-links")
    def _read_taken_up(self, forum: Forum, postponed: list[tuple[int, PointLink]], path: Path) -> None:
        meetings = forum_meetings(forum)
        found = {index: taken for index, link in postponed if (taken := taken_up_at(forum, link, meetings)) is not None}
        self.post_message(self._TakenUpRead(path, found))

    def _shows(self, path: Path) -> bool:
        return self.meeting is not None and self.meeting.path.resolve() == path

    @on(_ApprovalRead)
    def _approval_read(self, message: _ApprovalRead) -> None:
        self.approvals[message.path] = message.approval
        if message.approval is None:
            return  # the header already says "approved" without a name: no layout again, no scroll moved
        if self._shows(message.path) and self._header is not None and self.meeting is not None:
            self._header.update(_header_text(header_lines(self.meeting, self.forum, message.approval)))

    @on(_TakenUpRead)
    def _taken_up_read(self, message: _TakenUpRead) -> None:
        self.taken_up[message.path] = message.taken_up
        if self._shows(message.path):
            for view in self.point_views():
                if view.point.postponed and view.index in message.taken_up:  # a point not taken up stays as drawn
                    view.show_taken_up(message.taken_up[view.index])

    def links_of_current_point(self) -> list[PointLink]:
        """The links of the highlighted point (carried from, taken up at, approves, follow-up), for a key to follow."""
        views = self.point_views()
        if self.highlighted is None or not 0 <= self.highlighted < len(views):
            return []
        return views[self.highlighted].links()

    def _restore_position(self, scroll_y: float, index: int) -> None:
        self.scroll_to(y=scroll_y, animate=False)
        views = self.point_views()
        if 0 <= index < len(views):
            self.scroll_to_widget(views[index], animate=False)

    # points ----------------------------------------------------------------
    def point_views(self) -> list[PointView]:
        return list(self._point_views)

    def highlight_point(self, index: int, scroll: bool = True) -> None:
        views = self.point_views()
        if not views:
            return
        index = max(0, min(index, len(views) - 1))
        for view in views:
            view.set_class(view.index == index, "-highlight")
        self.highlighted = index
        if scroll:
            self._scroll_to_laid_out(views[index], tries=20)

    def _scroll_to_laid_out(self, view: PointView, tries: int) -> None:
        """Scroll the point to the top once it has a place: a meeting just shown is laid out a refresh or two later."""
        if view.virtual_region.height == 0 and tries > 0 and view.is_attached:
            self.call_after_refresh(self._scroll_to_laid_out, view, tries - 1)
            return
        self.scroll_to_widget(view, top=True, animate=False)

    def action_next_point(self) -> None:
        self.highlight_point(0 if self.highlighted is None else self.highlighted + 1)

    def action_previous_point(self) -> None:
        self.highlight_point(0 if self.highlighted is None else self.highlighted - 1)

    def scroll_to_point(self, number_or_index: int, by_number: bool = True) -> None:
        """Highlight and show a point, found by its printed number (or its index)."""
        for view in self.point_views():
            if (view.point.number if by_number else view.index) == number_or_index:
                self.highlight_point(view.index)
                return
