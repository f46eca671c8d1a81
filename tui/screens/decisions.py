"""The decision log and the open actions, across every meeting, filterable; Enter jumps to the point."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from repo_layout.editing import InvalidValue, check_date
from repo_layout.search import ActionRow, DecisionRow, SearchIndex
from repo_layout.textfold import fold
from tui.i18n import t, translate_bindings

SHOWN = 500
"""Rows shown at once; the status line says how many matched."""


class DecisionLogScreen(Screen[DecisionRow | None]):
    """Every decision, newest first; filter by forum, date range and text as you type."""

    BINDINGS = [Binding("escape", "close", "close")]

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        translate_bindings(self)
        self.index = index
        self.shown: list[DecisionRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="log-filters"):
            yield Static(Text(t("decision_log"), style="bold"), classes="screen-title")
            with Horizontal(classes="filter-row"):
                forums = [(name, name) for name in self.index.forums()]
                yield Select(forums, prompt=t("all_forums"), id="filter-forum")
                yield Input(placeholder=t("from_date"), id="filter-from", classes="date-filter")
                yield Input(placeholder=t("to_date"), id="filter-to", classes="date-filter")
                yield Input(placeholder=t("filter_text"), id="filter-text")
            yield Static("", id="log-status")
        yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("date"), t("forum"), t("point"), t("title"), t("decision"))
        self.apply_filters()
        self.query_one("#filter-text", Input).focus()

    def _date(self, widget_id: str) -> dt.date | None:
        value = self.query_one(widget_id, Input).value
        if not value.strip():
            return None
        try:
            return check_date(value)
        except InvalidValue:
            return None

    @on(Input.Changed)
    @on(Select.Changed)
    def apply_filters(self) -> None:
        forum = self.query_one("#filter-forum", Select).value
        start, end = self._date("#filter-from"), self._date("#filter-to")
        text = self.query_one("#filter-text", Input).value.strip() or None
        matched = self.index.decisions(forum=forum if isinstance(forum, str) else None, start=start, end=end, text=text)
        self.shown = matched[:SHOWN]
        table = self.query_one(DataTable)
        table.clear()
        for row in self.shown:
            first_line = row.text.strip().splitlines()[0] if row.text.strip() else ""
            table.add_row(
                Text(row.date.isoformat()),
                Text(row.forum),
                Text("" if row.point is None else str(row.point)),
                Text(row.point_title),
                Text(first_line),
            )
        status = t("log_count", shown=len(self.shown), total=len(matched))
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


class ActionsScreen(Screen[ActionRow | None]):
    """Every action not done, by owner and due date, overdue marked; space marks one done (a commit)."""

    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("space", "mark_done", "mark_done"),
    ]

    def __init__(self, index: SearchIndex, today: dt.date | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.index = index
        self.today = today or dt.date.today()
        self.rows: list[ActionRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="log-filters"):
            yield Static(Text(t("open_actions"), style="bold"), classes="screen-title")
            yield Input(placeholder=t("filter_owner_text"), id="filter-text")
            yield Static("", id="log-status")
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(t("owner"), t("due"), t("action_task"), t("forum"), t("date"), t("point"))
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        words = fold(self.query_one("#filter-text", Input).value).split()
        rows = self.index.open_actions()
        self.rows = [
            row for row in rows if all(word in fold(f"{row.owner or ''} {row.task} {row.forum}") for word in words)
        ]
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            overdue = row.due is not None and row.due < self.today
            due = Text(row.due.isoformat() if row.due else "—", style="bold red" if overdue else "")
            if overdue:
                due.append(f" {t('overdue')}", style="bold red")
            table.add_row(
                Text(row.owner or "—"),
                due,
                Text(row.task),
                Text(row.forum),
                Text(row.date.isoformat()),
                Text("" if row.point is None else str(row.point)),
            )
        self.query_one("#log-status", Static).update(Text(t("actions_count", count=len(self.rows)), style="dim"))

    @on(Input.Changed, "#filter-text")
    def _filter(self) -> None:
        self.reload()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            self.dismiss(self.rows[event.cursor_row])

    def action_mark_done(self) -> None:
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            self.app.mark_action_done(self.rows[table.cursor_row], self)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)
