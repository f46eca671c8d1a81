"""Attendance: each member of the forum marked present or absent with one key, applied to the meeting as an edit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from repo_layout.display import safe_line
from tui.actions import Keyed
from tui.i18n import t
from tui.widgets.key_footer import KeyFooter

MARKS = {"present": "✓", "absent": "✗", "": "·"}
"""A member's state as a mark beside its word, never colour alone."""


class AttendanceScreen(Keyed, ModalScreen[tuple[list[str], list[str]] | None]):
    """The forum's members (and anyone the meeting names) with their attendance; Enter applies, Esc leaves it as it was."""

    ACTIONS = "attendance"

    def __init__(self, members: list[str], present: list[str], absent: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        names = list(dict.fromkeys([*members, *present, *absent]))
        self.states = {name: "present" if name in present else "absent" if name in absent else "" for name in names}
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="attendance"):
            yield Static(Text(t("attendance_title"), style="bold"), classes="dialog-title")
            if not self.names:
                yield Static(t("attendance_no_members"), classes="dialog-body")
            yield OptionList(*[Option(self._label(name), id=str(index)) for index, name in enumerate(self.names)])
            yield KeyFooter()

    def _label(self, name: str) -> Text:
        state = self.states[name]
        word = t(f"attendance_{state}") if state else ""
        return Text.assemble(f"{MARKS[state]} ", safe_line(name), (f"  {word}" if word else "", "italic"))

    def _mark(self, state: str) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not self.names:
            return
        name = self.names[index]
        self.states[name] = "" if self.states[name] == state else state
        options.replace_option_prompt_at_index(index, self._label(name))
        if index + 1 < len(self.names):
            options.highlighted = index + 1  # the next member: a list is marked with one key per name

    def action_present(self) -> None:
        self._mark("present")

    def action_absent(self) -> None:
        self._mark("absent")

    def action_apply(self) -> None:
        present = [name for name in self.names if self.states[name] == "present"]
        absent = [name for name in self.names if self.states[name] == "absent"]
        self.dismiss((present, absent))

    def action_cancel(self) -> None:
        self.dismiss(None)
