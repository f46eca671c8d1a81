"""The help screen: every key of the app, the tree and the meeting view, in the UI's language, from tui.actions
(the user's keys where their keymap moves an action)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.actions import HELP_SECTIONS, Keyed, help_rows
from tui.i18n import t


class HelpScreen(Keyed, ModalScreen[None]):
    """Lists every action of the registry's help sections with its keys; Esc, q or ? closes it."""

    ACTIONS = "help"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(t("help_title"), style="bold"), id="help-title")
            for heading, group in HELP_SECTIONS:
                table = Table(title=t(heading), title_justify="left", show_header=False, box=None, padding=(0, 2))
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for keys, description in help_rows(group, self.app.get_key_display, getattr(self.app, "keymap", {})):
                    table.add_row(Text(keys), Text(description))
                yield Static(table, classes="help-section")
            yield Static(Text(t("help_mouse")), classes="help-note")
            yield Static(Text(t("help_close"), style="dim"), classes="help-note")
        yield Footer()  # its own keys (q closes), not those of the screen under it

    def action_close(self) -> None:
        self.dismiss(None)
