"""A DataTable whose one flexible column takes the width the others leave; cells wrap to a few lines, then an ellipsis.

Textual's DataTable sizes a column to its widest cell and scrolls sideways, so at 120 columns a long title pushed the
column that mattered (a decision, a commit message) off the screen. Here every column but one has a fixed width, the
flexible one gets the rest of the table's width (laid out again when the table is resized), and a cell longer than its
column wraps to at most its column's number of lines, the last one ending in "…". When the table is too narrow for
them all (80 columns), the widest column that may give way is narrowed first, a column at a time, down to its `least`,
and wraps to more lines in proportion: no column is pushed off the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from tui.safe_display import safe_rich

ELLIPSIS = "…"


@dataclass(frozen=True)
class FitColumn:
    """A column: its label, its width (None: whatever the other columns leave), how many lines a cell may wrap to."""

    label: str
    width: int | None = None
    lines: int = 1
    minimum: int = 16
    """The flexible column's width when the table is too narrow for the others."""
    least: int | None = None
    """The narrowest the column may be made when the table is too narrow for all (None: it keeps its width)."""


def clip(cell: Text, width: int, lines: int, console: Console) -> Text:
    """`cell` wrapped at words to `width`, at most `lines` lines; the last line ends in an ellipsis if text was left out."""
    if width <= 0:
        return Text("")
    wrapped = list(cell.wrap(console, width, overflow="fold"))
    if not wrapped:
        return Text("")
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1].copy()
        last.rstrip()
        if last.cell_len > width - 1:
            last.truncate(width - 1)
        last.append(ELLIPSIS, style="dim")
        wrapped[-1] = last
    return Text("\n").join(wrapped)


class FitTable(DataTable[Text]):
    """A table of `FitColumn`s; rows are given as whole texts and clipped to the columns at the current width."""

    def __init__(
        self,
        columns: Sequence[FitColumn],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.fit_columns = list(columns)
        self.widths: list[int] = []
        self.lines: list[int] = []
        self._source: list[tuple[tuple[Text, ...], str | None]] = []
        self._laid_out_for = -1

    def on_mount(self) -> None:
        self._lay_out(self._available())

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(self._available())

    def _available(self) -> int:
        """The width the columns may use: the table's (the screen's before the first layout) less a scrollbar."""
        width = self.size.width or self.app.size.width
        return max(0, width - self.styles.scrollbar_size_vertical)

    def _widths(self, available: int) -> list[int]:
        """Each column's width at `available`: the flexible one takes the rest; when that is too little, the widest
        column that may give way is narrowed first, one at a time, down to its `least`."""
        padding = 2 * self.cell_padding * len(self.fit_columns)
        fixed = sum(column.width or 0 for column in self.fit_columns)
        widths = [
            column.width if column.width is not None else max(column.minimum, available - fixed - padding)
            for column in self.fit_columns
        ]
        excess = sum(widths) + padding - available
        while excess > 0:
            giving = [i for i, column in enumerate(self.fit_columns) if column.least is not None and widths[i] > column.least]
            if not giving:
                break
            widest = max(giving, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
        return widths

    def _lines(self) -> list[int]:
        """How many lines a cell of each column may wrap to: more when the column was narrowed, in proportion."""
        lines = []
        for column, width in zip(self.fit_columns, self.widths, strict=True):
            wanted = column.width if column.width is not None else column.minimum
            lines.append(column.lines if width >= wanted else -(-column.lines * wanted // max(1, width)))
        return lines

    def _lay_out(self, available: int) -> None:
        """Columns at `available` width, and every row clipped again to them; the cursor stays on its row."""
        if available == self._laid_out_for:
            return
        self._laid_out_for = available
        row, above = self.cursor_row, self._rows_above_cursor()
        self.clear(columns=True)
        self.widths = self._widths(available)
        self.lines = self._lines()
        for column, width in zip(self.fit_columns, self.widths, strict=True):
            self.add_column(Text(column.label), width=width)
        for cells, key in self._source:
            self._add(cells, key)
        if self.row_count and row > 0:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False, scroll=False)
            self.call_after_refresh(self._keep_place, above)

    def _rows_above_cursor(self) -> int:
        """How many rows are in view above the cursor's row: its place on the screen, kept through a new layout."""
        offsets = self._y_offsets
        if not self.row_count or int(self.scroll_y) >= len(offsets):
            return 0
        return max(0, self.cursor_row - self.get_row_index(offsets[int(self.scroll_y)][0]))

    def _keep_place(self, above: int) -> None:
        """Scroll so that the cursor's row has as many rows above it as before the new layout (if they fit)."""
        first = self._get_row_region(max(0, self.cursor_row - above))
        self.scroll_to(y=first.y - (self.header_height if self.show_header else 0), animate=False, immediate=True)
        self._scroll_cursor_into_view()

    def _add(self, cells: tuple[Text, ...], key: str | None) -> None:
        console = self.app.console
        clipped = [clip(cell, width, lines, console) for cell, width, lines in zip(cells, self.widths, self.lines, strict=True)]
        height = max((len(cell.plain.split("\n")) for cell in clipped), default=1)
        self.add_row(*clipped, height=height, key=key)

    def add_fit_row(self, *cells: Text, key: str | None = None) -> None:
        """Add a row at the bottom; each cell whole (control characters made visible), clipped here to its column."""
        cells = tuple(safe_rich(cell) for cell in cells)
        self._source.append((cells, key))
        if self.widths:
            self._add(cells, key)

    def set_rows(self, rows: Sequence[Sequence[Text]]) -> None:
        """Replace every row (the columns stay); control characters in a cell are made visible."""
        self._source = [(tuple(safe_rich(cell) for cell in cells), None) for cells in rows]
        self.clear()
        if self.widths:
            for cells, key in self._source:
                self._add(cells, key)

    def whole_rows(self) -> list[list[str]]:
        """Every row's cells as given (before clipping), as plain text."""
        return [[cell.plain for cell in cells] for cells, _ in self._source]

    def cell_text(self, row: int, column: int) -> str:
        """What a cell shows, as plain text (the clipped lines joined by line breaks)."""
        value = self.get_cell_at((row, column))
        return value.plain if isinstance(value, Text) else str(value)
