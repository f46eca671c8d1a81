"""A meeting's status as the app shows it: a glyph whose shape, not its colour, says the step, and the step in words."""

from __future__ import annotations

from repo_layout.display import safe_line
from tui.i18n import t

MARKS = {"planned": "○", "agenda_sent": "◐", "held": "●", "approved": "✓"}
"""The cycle's steps as shapes that fill up: planned, agenda sent, held, approved."""

UNKNOWN = "?"

UPCOMING = ("planned", "agenda_sent")
"""The statuses of a meeting still to be held."""


def shown_status(status: str | None) -> str | None:
    """The step a status stands for: files written before the cycle say `draft`, which reads as `held`."""
    return "held" if status == "draft" else status


def status_mark(status: str | None) -> str:
    """The glyph of a status ("" for none, "?" for a word the schema does not know)."""
    shown = shown_status(status)
    return "" if shown is None else MARKS.get(shown, UNKNOWN)


def status_words(status: str | None) -> str:
    """The status in the UI's words after its glyph ("✓ godkendt"); an unknown word is shown as written."""
    shown = shown_status(status)
    if shown is None:
        return ""
    words = t(f"status_{shown}") if shown in MARKS else safe_line(shown)
    return f"{status_mark(status)} {words}"
