"""The footer with its keys in order of importance, so that a narrow terminal cuts the least important ones.

Textual's Footer lists the focused widget's keys first, then the screen's, then the app's: at 80 columns j/k of the
meeting pane pushed quit, help and search off the right edge.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.actions import REGISTRY

FIRST: tuple[str, ...] = (
    "quit", "back", "close", "help", "search", "open", "select", "apply", "save", "mark_done", "restore",
    "edit_point", "new", "history", "sync",
)  # fmt: skip
"""The footer's order: the last part of an action's registry id ("browse.quit" is "quit"); other keys come after these."""


def _ranks() -> dict[str, int]:
    """The place of each action (as a binding names it) in the footer: its best-placed registry entry's."""
    ranks: dict[str, int] = {}
    for spec in REGISTRY:
        name = spec.id.rpartition(".")[2]
        rank = FIRST.index(name) if name in FIRST else len(FIRST)
        ranks[spec.action] = min(rank, ranks.get(spec.action, rank))
    return ranks


RANKS = _ranks()


def rank(widget: Widget) -> int:
    """A footer key's place: the registry's order above; Textual's own keys last, the palette's (docked right) apart."""
    return RANKS.get(widget.action, len(FIRST)) if isinstance(widget, FooterKey) else len(FIRST) + 1


class KeyFooter(Footer):
    """Textual's Footer, its keys sorted by `FIRST` (a stable sort: keys of equal rank keep Textual's order)."""

    def compose(self) -> ComposeResult:
        yield from sorted(super().compose(), key=rank)
