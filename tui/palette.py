"""The command palette with its own words in the UI's language (Textual's says "No matches found" in English)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui.i18n import t


class WordedPalette(CommandPalette):
    """Textual's command palette; when nothing matches, it says so in the UI's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short wait with no match, a disabled line that says so (Textual's own, with our words)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search is discovery: nothing to say when it finds nothing
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("palette_no_matches"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
