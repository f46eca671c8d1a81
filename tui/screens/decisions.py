"""The decision log and the open actions, across every meeting, filterable; Enter jumps to the point.

Each row shows its meeting's status; an open action says where a later meeting followed it up, and the points
postponed and not taken up since are listed after the actions as open items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import DataTable, Header, Input, Select, Static

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.values import InvalidValue, check_date
from repo_layout.search.index import ActionRow, DecisionRow, SearchIndex
from repo_layout.search.textfold import fold
from tui.actions import Keyed
from tui.i18n import t
from tui.status_marks import status_words
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.fit_table import FitColumn, FitTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import key_of

if TYPE_CHECKING:
    from tui.app import MinutesApp

SHOWN = 500
"""Rows shown at once; the status line says how many matched."""


def flat(text: str) -> str:
    """Text on one line: line breaks and runs of spaces become one space (the table wraps it again to its column).

    Control characters become visible escapes (the row is shown, not searched).
    """
    return safe_line(" ".join(text.split()))


def dated(date: dt.date, status: str | None) -> Text:
    """A meeting's date, and its status under it ("✓ godkendt": the glyph's shape says it too, not only a colour)."""
    cell = Text(date.isoformat())
    if status:
        cell.append(f"\n{status_words(status)}", style="dim")
    return cell


class DateFilter(Validator):
    """An empty field or a date that exists (2021-02-28 or 28-02-2021); anything else is said at the field."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            check_date(value)
        except InvalidValue:
            return self.failure(t("date_filter_invalid", field=self.label, value=value.strip()))
        return self.success()


class DecisionLogScreen(Keyed, Screen[DecisionRow | None]):
    """Every decision, newest first; filter by forum, date range and text as you type."""

    ACTIONS = "decision_log"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # search.tcss: narrower forum and date filters below 100

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index
        self.shown: list[DecisionRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="log-filters"):
            yield Static(Text(t("decision_log"), style="bold"), classes="screen-title")
            with Horizontal(classes="filter-row"):
                forums = [(Text(safe_line(name)), name) for name in self.index.forums()]  # a Text: never markup
                yield Select(forums, prompt=t("all_forums"), id="filter-forum")
                for widget_id, label in (("filter-from", t("from_date")), ("filter-to", t("to_date"))):
                    yield Input(
                        placeholder=label,
                        id=widget_id,
                        classes="date-filter",
                        validators=[DateFilter(label)],
                        validate_on=["changed", "submitted"],
                    )
                yield Input(placeholder=t("filter_text"), id="filter-text")
            yield Static("", id="filter-error", classes="filter-error -empty")
            yield Static("", id="log-status")
        yield FitTable(
            [
                FitColumn(t("date"), 10, lines=2),
                FitColumn(t("forum"), 15, lines=2, least=8),
                FitColumn(t("point"), 5),
                FitColumn(t("title"), 24, lines=2, least=10),
                FitColumn(t("decision"), None, lines=2, minimum=30, least=16),
            ],
            id="log-table",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.apply_filters()
        self.query_one(FitTable).focus()  # the list first, as in a sub-view: q goes back, / filters

    def action_filter(self) -> None:
        """Put the cursor in the text filter (from the list: typing there narrows the list as you type)."""
        self.query_one("#filter-text", Input).focus()

    def action_to_list(self) -> None:
        """From a filter back to the list."""
        self.query_one(FitTable).focus()

    def _date(self, widget_id: str) -> tuple[dt.date | None, str | None]:
        """The date a date field holds (None when empty or not a date) and what is wrong with it, if anything."""
        field = self.query_one(widget_id, Input)
        if not field.value.strip():
            return None, None
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            return None, result.failure_descriptions[0]
        return check_date(field.value), None

    @on(Input.Changed)
    @on(Select.Changed)
    def apply_filters(self) -> None:
        forum = self.query_one("#filter-forum", Select).value
        (start, start_error), (end, end_error) = self._date("#filter-from"), self._date("#filter-to")
        errors = [error for error in (start_error, end_error) if error]
        error_line = self.query_one("#filter-error", Static)
        error_line.update(Text(safe_text("\n".join(errors))))
        error_line.set_class(not errors, "-empty")
        text = self.query_one("#filter-text", Input).value.strip() or None
        forum_name = forum if isinstance(forum, str) else None
        matched = self.index.decisions(forum=forum_name, start=start, end=end, text=text)
        filtered = forum_name is not None or start is not None or end is not None or text is not None
        total = len(self.index.decisions()) if filtered else len(matched)
        self.shown = matched[:SHOWN]
        self.query_one(FitTable).set_rows(
            [
                (
                    dated(row.date, row.status),
                    Text(safe_line(row.forum)),
                    Text("" if row.point is None else str(row.point)),
                    Text(flat(row.point_title)),
                    Text(flat(row.text)),
                )
                for row in self.shown
            ]
        )
        if len(matched) > len(self.shown):
            status = t("log_count_limited", shown=len(self.shown), matched=len(matched), total=total)
        else:
            status = t("log_count", shown=len(self.shown), total=total)
        self.query_one("#log-status", Static).update(Text(status, style="dim"))

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            self.dismiss(self.shown[event.cursor_row])

    @on(Input.Submitted)
    def _submitted(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.shown):
            self.dismiss(self.shown[row])

    def action_close(self) -> None:
        self.dismiss(None)


ActionKey = tuple[str, int | None, int, str]
"""An action's place: its meeting, point number, position in the point and task."""


def action_key(row: ActionRow) -> ActionKey:
    return (row.path, row.point, row.index, row.task)


def action_task(row: ActionRow) -> Text:
    """An action's task, and where a later meeting followed it up."""
    task = Text(flat(row.task))
    if row.followed_up is not None:
        meeting, point = row.followed_up
        where = t("followed_up_at", meeting=meeting, point="-" if point is None else point)
        task.append(f"\n↪ {safe_line(where)}", style="italic")
    return task


def postponed_task(row: ActionRow) -> Text:
    """A postponed point not taken up, as an open item: the point's title and why it waits."""
    task = Text(f"↷ {t('postponed_item', title=flat(row.point_title))}", style="bold")
    if row.task:
        task.append(f"\n{flat(row.task)}")
    return task


class ActionsScreen(Keyed, Screen[ActionRow | None]):
    """Every action not done, by owner and due date, overdue marked.

    Space marks one done (☑ and struck through) or undoes the mark; ctrl+s saves the marks, one commit per meeting;
    leaving with marks not saved asks first.
    """

    ACTIONS = "actions"

    def __init__(self, index: SearchIndex, today: dt.date | None = None) -> None:
        super().__init__()
        self.index = index
        self.today = today or dt.date.today()
        self.rows: list[ActionRow] = []
        self.marked: dict[ActionKey, ActionRow] = {}
        self.saved: set[ActionKey] = set()  # committed: gone from the list before the index has caught up
        self.saving = False  # the marks are being saved (ctrl+s waits for that)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="log-filters"):
            yield Static(Text(t("open_actions"), style="bold"), classes="screen-title")
            yield Input(placeholder=t("filter_owner_text"), id="filter-text")
            yield Static("", id="log-status")
        yield FitTable(
            [
                FitColumn(t("owner"), 13, lines=2, least=9),
                FitColumn(t("due"), 11, lines=2),
                FitColumn(t("action_task"), None, lines=3, minimum=30, least=18),
                FitColumn(t("forum"), 15, lines=2, least=9),
                FitColumn(t("date"), 10, lines=2),
                FitColumn(t("point"), 21, lines=2, least=10),
            ],
            id="actions-table",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        """The rows again from the index (after a filter or a save), the marks kept; nothing once the screen is closing."""
        if not self.is_attached or not self.query("#filter-text"):
            return
        words = fold(self.query_one("#filter-text", Input).value).split()
        rows = [row for row in self.index.open_actions() if action_key(row) not in self.saved]
        rows.extend(self.index.postponed_points())
        self.rows = [
            row
            for row in rows
            if all(word in fold(f"{row.owner or ''} {row.task} {row.forum} {row.point_title}") for word in words)
        ]
        cells = []
        for row in self.rows:
            overdue = row.due is not None and row.due < self.today
            due = Text(row.due.isoformat() if row.due else "—", style="bold red" if overdue else "")
            if overdue:
                due.append(f" {t('overdue')}", style="bold red")
            point = Text("" if row.point is None else f"{row.point} ", style="bold")
            point.append(flat(row.point_title))
            owner, forum = Text(safe_line(row.owner or "—")), Text(safe_line(row.forum))
            task = postponed_task(row) if row.postponed else action_task(row)
            row_cells = (owner, due, task, forum, dated(row.date, row.status), point)
            if action_key(row) in self.marked:  # done, not saved: a mark and struck through, not colour alone
                for cell in row_cells:
                    cell.stylize("strike")
                row_cells = (owner, due, Text("☑ ", style="bold") + task, *row_cells[3:])
            cells.append(row_cells)
        table = self.query_one(FitTable)
        cursor = table.cursor_row
        table.set_rows(cells)
        if 0 <= cursor < len(self.rows):
            table.move_cursor(row=cursor)
        self._show_count()

    def _show_count(self) -> None:
        status = Text(t("actions_count", count=len(self.rows)), style="dim")
        if self.marked:
            status.append(f"  ☑ {t('marks_unsaved', count=len(self.marked))}", style="bold yellow")
            status.append(f" ({t('save_key_hint', keys=key_of(self, 'actions.save'))})", style="dim")
        self.query_one("#log-status", Static).update(status)

    @on(Input.Changed, "#filter-text")
    def _filter(self) -> None:
        self.reload()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            row = self.rows[event.cursor_row]
            self.leave(lambda: self.dismiss(row))

    def action_mark_done(self) -> None:
        """Mark the action under the cursor done, or undo its mark: nothing is saved until ctrl+s."""
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.rows) and self.rows[table.cursor_row].postponed:
            self.notify(t("postponed_not_done"), markup=False)
            return
        if 0 <= table.cursor_row < len(self.rows):
            key = action_key(self.rows[table.cursor_row])
            if self.marked.pop(key, None) is None:
                self.marked[key] = self.rows[table.cursor_row]
            self.reload()

    def action_save(self, then: Callable[[], object] | None = None) -> None:
        """Save the marks: one commit per meeting (the home screen saves them); `then` runs once all are saved."""
        if not self.marked:
            self.notify(t("nothing_to_save"), markup=False)
            if then is not None:
                then()
            return
        if self.saving:
            self.notify(t("saving_now"), markup=False)
            return
        self.saving = True

        def saved(rows: list[ActionRow]) -> None:
            self.saving = False
            for row in rows:
                self.marked.pop(action_key(row), None)
                self.saved.add(action_key(row))
            if self.is_attached:
                self.reload()
            if then is not None and not self.marked:
                then()

        cast("MinutesApp", self.app).browse.commit_action_marks(list(self.marked.values()), saved)

    def action_close(self) -> None:
        self.leave(lambda: self.dismiss(None))

    def leave(self, then: Callable[[], object]) -> None:
        """Run `then`, asking save / discard / cancel first when actions are marked done and not saved."""
        if not self.marked:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then)
            elif choice == "discard":
                self.marked.clear()
                then()

        self.app.push_screen(
            ChoiceDialog(
                t("unsaved_title"),
                t("unsaved_marks_body", count=len(self.marked)),
                [("save", t("save")), ("discard", t("discard")), ("cancel", t("cancel"))],
            ),
            answer,
        )
