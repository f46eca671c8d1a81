"""The help screen: every binding of the app, the tree and the meeting view, in the UI's language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t, translate_bindings

ACTION_WORDS = {
    "quit": "quit",
    "help": "help",
    "command_palette": "palette",
    "app.focus_next": "next_pane",
    "app.focus_previous": "previous_pane",
    "back": "back",
    "cursor_up": "cursor_up",
    "cursor_down": "cursor_down",
    "select_cursor": "select",
    "toggle_node": "expand",
    "scroll_up": "scroll_up",
    "scroll_down": "scroll_down",
    "page_up": "page_up",
    "page_down": "page_down",
    "scroll_home": "top",
    "scroll_end": "bottom",
    "next_point": "next_point",
    "previous_point": "previous_point",
    "focus_tree": "focus_tree",
    "focus_meeting": "focus_meeting",
    "edit_point": "edit",
    "edit_header": "edit_header",
    "new": "new",
    "delete_point": "delete_point",
    "move_point(-1)": "move_up",
    "move_point(1)": "move_down",
    "renumber": "renumber",
    "save": "save",
    "external_editor": "external_editor",
    "history": "history",
    "blame": "blame",
    "restore": "restore",
    "search": "search",
    "decision_log": "decision_log",
    "actions": "open_actions",
    "export": "export",
    "mark_done": "mark_done",
    "sync": "sync",
}
"""The catalogue key that describes each action; actions not listed here are not shown."""


def binding_rows(bindings: BindingsMap, key_display: object) -> list[tuple[str, str]]:
    """(keys, description) rows for the actions in ACTION_WORDS, keys of one action joined."""
    by_action: dict[str, list[str]] = {}
    for key, binding in bindings:
        if binding.action not in ACTION_WORDS or binding.system:
            continue
        keys = by_action.setdefault(binding.action, [])
        shown = key_display(Binding(key, binding.action, key_display=binding.key_display))  # type: ignore[operator]
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), t(ACTION_WORDS[action])) for action, keys in by_action.items()]


class HelpScreen(ModalScreen[None]):
    """Lists every binding with its description; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("q", "close", "close", show=False),
        Binding("question_mark", "close", "close", show=False),
    ]

    def __init__(self, sections: list[tuple[str, BindingsMap]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(t("help_title"), style="bold"), id="help-title")
            for title, bindings in self.sections:
                table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for keys, description in binding_rows(bindings, self.app.get_key_display):
                    table.add_row(Text(keys), Text(description))
                yield Static(table, classes="help-section")
            yield Static(Text(t("help_mouse")), classes="help-note")
            yield Static(Text(t("help_close"), style="dim"), classes="help-note")

    def action_close(self) -> None:
        self.dismiss(None)
