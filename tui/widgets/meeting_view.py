"""The meeting as a person reads the minutes: header, then every point with its decision set apart.

All text from files goes into rich Text objects, so it is shown literally and
never read as markup, and through `safe_text`/`safe_line` first, so a control
character in it shows as a visible escape (one-line fields escape newlines too).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from repo_layout.display import safe_line, safe_text
from repo_layout.model.discover import Forum
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.model.problems import Problem
from tui.actions import Keyed
from tui.i18n import language, t
from tui.problem_words import problem_words


def _literal(text: str | None, style: str = "") -> Text:
    """Text shown as written (several lines allowed), control characters visible."""
    return Text(safe_text(text or ""), style=style)


def _line(text: str | None, style: str = "") -> Text:
    """A one-line field (a title, a heading, a name): line breaks and control characters visible."""
    return Text(safe_line(text or ""), style=style)


def _rstrip(text: str) -> str:
    return text.rstrip("\n")


def header_lines(meeting: Meeting, forum: Forum | None) -> list[tuple[str, str]]:
    """The header as (label, value) rows, only the rows that have a value."""
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
        rows.append((t("status"), t(f"status_{meeting.status}")))
    return rows


class PointView(Vertical):
    """One agenda point: title, facts, sections, decision, attachments, actions."""

    def __init__(self, point: Point, index: int, highlighted: bool = False) -> None:
        super().__init__(classes="point -highlight" if highlighted else "point")
        self.point = point
        self.index = index

    def compose(self) -> object:
        point = self.point
        title = Text()
        if point.number is not None:
            title.append(f"{t('point')} {point.number}. ", style="bold")
        title.append(safe_line(point.title), style="bold")
        yield Static(title, classes="point-title")
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
        for heading, body in point.sections:
            yield Static(_line(heading), classes="section-heading")
            yield Static(_literal(_rstrip(body)), classes="section-text")
        if point.decision:
            with Vertical(classes="decision"):
                yield Static(_line(point.decision_heading or t("decision")), classes="decision-heading")
                yield Static(_literal(_rstrip(point.decision)), classes="decision-text")
        if point.attachments:
            yield Static(_literal(t("attachments")), classes="section-heading")
            attachments = (Text.assemble("• ", safe_line(title_)) for title_ in point.attachments)
            yield Static(Text("\n").join(attachments), classes="attachments")
        if point.actions:
            yield Static(_literal(t("actions")), classes="section-heading")
            yield Static(Text("\n").join(_action_line(action) for action in point.actions), classes="actions")


def _action_line(action: Action) -> Text:
    """One action as the meeting shows it: done or not, the task, its owner and due date."""
    line = Text.assemble("☑ " if action.done else "☐ ", safe_line(action.task))
    if action.owner:
        line.append(f"  ({t('owner')}: ", style="dim")
        line.append(safe_line(action.owner), style="dim")
        line.append(")", style="dim")
    if action.due:
        line.append(f"  {t('due')}: {action.due.isoformat()}", style="dim")
    return line


class MeetingView(Keyed, VerticalScroll):
    """The right pane: one meeting, its problems, or a hint to choose one."""

    ACTIONS = "meeting"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.meeting: Meeting | None = None
        self.forum: Forum | None = None
        self.highlighted: int | None = None
        self._point_views: list[PointView] = []  # the points shown now (see _replace)

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
        """Render a meeting; the first point is highlighted, or `keep_point` with the scroll kept."""
        self.meeting = meeting
        self.forum = forum
        widgets: list[Widget] = []
        title = meeting.title or " ".join(part for part in ((forum.name if forum else ""), str(meeting.date or "")) if part)
        widgets.append(Static(_line(title), classes="meeting-title"))
        header = Text()
        rows = header_lines(meeting, forum)
        width = max((len(label) for label, _ in rows), default=0)
        for index, (label, value) in enumerate(rows):
            if index:
                header.append("\n")
            header.append(f"{label:<{width}}  ", style="bold")
            header.append(safe_line(value))
        widgets.append(Static(header, classes="meeting-header"))
        if meeting.information:
            widgets.append(Static(_literal(t("information")), classes="section-heading"))
            widgets.append(Static(_literal(_rstrip(meeting.information)), classes="section-text"))
        points = meeting.points
        if not points:
            widgets.append(Static(_literal(t("no_points")), classes="hint"))
        chosen = min(keep_point, len(points) - 1) if keep_point is not None and points else 0
        widgets.extend(PointView(point, index, highlighted=index == chosen) for index, point in enumerate(points))
        scroll_y = self.scroll_y
        self._replace(*widgets)
        self.highlighted = chosen if points else None
        if keep_point is not None:
            self.call_after_refresh(self._restore_position, scroll_y, chosen)

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
