"""Search across every forum and meeting as you type; Enter jumps to the meeting and point."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from repo_layout.display import safe_line
from repo_layout.search.index import Hit, SearchIndex
from tui.actions import Keyed
from tui.i18n import language, t
from tui.safe_display import safe_styled_line
from tui.search_words import approximate_mark, hit_field


def hit_label(hit: Hit) -> Text:
    """Two lines: where the hit is (forum, date, point), then the excerpt with the matches highlighted.

    Every part is file text, shown on one line with control characters visible. An approximate hit says so first, in
    words ("≈ omtrentligt fund"), not by colour alone.
    """
    where = Text()
    if hit.approximate:
        where.append(f"{approximate_mark(language())}  ", style="italic")
    where.append(safe_line(hit.forum), style="bold")
    where.append(f"  {hit.date.isoformat()}")
    if hit.point is not None or hit.point_title:
        where.append(f"  {t('point')} {hit.point if hit.point is not None else ''}", style="bold")
        if hit.point_title:
            where.append(f" {safe_line(hit.point_title)}")
    where.append(f"  ({hit_field(hit, language())})", style="dim")
    excerpt = safe_styled_line(hit.excerpt.replace("\n", " "), hit.spans, "bold reverse")
    where.append("\n")
    where.append_text(excerpt)
    return where


class SearchScreen(Keyed, ModalScreen[Hit | None]):
    """A query box over a ranked list of hits; the index is the app's, refreshed when the screen opens."""

    ACTIONS = "search"

    @dataclass
    class Results(Message):
        query: str
        hits: list[Hit]

    def __init__(self, index: SearchIndex | None, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.initial_query = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static(Text(t("search_title"), style="bold"), id="search-title")
            yield Input(self.initial_query, placeholder=t("search_placeholder"), id="search-input")
            yield Static(Text(t("search_hint"), style="dim"), id="search-status")
            yield OptionList(id="search-results")
        yield Footer()  # the search's keys (Esc, Enter), not those of the screen under it

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.index is None:
            self.query_one("#search-status", Static).update(Text(t("index_building")))
        elif self.initial_query:
            self.run_query(self.initial_query)

    def index_ready(self, index: SearchIndex) -> None:
        """The app's index has been built (or refreshed): search again with what is typed."""
        self.index = index
        query = self.query_one(Input).value
        self.query_one("#search-status", Static).update(Text(t("search_hint"), style="dim"))
        if query.strip():
            self.run_query(query)

    def progress(self, done: int, total: int) -> None:
        self.query_one("#search-status", Static).update(Text(t("index_progress", done=done, total=total)))

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.index is not None:
            self.run_query(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_query(self, query: str) -> None:
        """Rank the hits for `query` off the UI thread."""
        if self.index is None:
            return
        hits = self.index.search(query, limit=50) if query.strip() else []
        self.post_message(self.Results(query, hits))

    @on(Results)
    def _show(self, message: Results) -> None:
        if message.query != self.query_one(Input).value:
            return
        self.hits = message.hits
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(hit_label(hit)) for hit in message.hits])
        status = t("search_count", count=len(message.hits)) if message.query.strip() else t("search_hint")
        self.query_one("#search-status", Static).update(Text(status, style="dim"))
        if message.hits:
            results.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _submit(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None and 0 <= results.highlighted < len(self.hits):
            self.dismiss(self.hits[results.highlighted])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index])

    def action_next(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_previous(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
