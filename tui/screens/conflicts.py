"""Conflicts from a sync: each field both people changed, side by side with who wrote it; choose or combine.

Both sides are file text and shown with control characters visible; the combine editor holds the exact text.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, RadioButton, RadioSet, Static, TextArea

from repo_layout.display import safe_line, safe_text
from repo_layout.sync.merge import FieldConflict
from repo_layout.sync.session import Conflict
from tui.actions import Keyed
from tui.i18n import t
from tui.widgets.exact_text_area import ExactTextArea

Choices = dict[str, dict[str, str]]


class ChoiceButton(RadioButton):
    """A radio button whose mark says whether it is the choice (● or ○), not its colour alone."""

    @property
    def BUTTON_INNER(self) -> str:
        return "●" if self.value else "○"


class FieldChoice(Vertical):
    """One conflicting field: mine and theirs side by side, and the choice (mine, theirs, or an edited text)."""

    def __init__(self, path: str, conflict: FieldConflict, mine_author: str, their_author: str) -> None:
        super().__init__(classes="field-choice")
        self.path = path
        self.conflict = conflict
        self.mine_author = mine_author
        self.their_author = their_author

    def compose(self) -> ComposeResult:
        yield Static(Text(safe_line(self.conflict.label), style="bold"), classes="conflict-label")
        with Horizontal(classes="conflict-sides"):
            with Vertical(classes="conflict-side"):
                yield Static(Text(f"{t('mine')} ({safe_line(self.mine_author)})", style="bold green"))
                yield Static(Text(safe_text(self.conflict.ours or t("removed_value"))), classes="conflict-text")
            with Vertical(classes="conflict-side"):
                yield Static(Text(f"{t('theirs')} ({safe_line(self.their_author)})", style="bold cyan"))
                yield Static(Text(safe_text(self.conflict.theirs or t("removed_value"))), classes="conflict-text")
        with RadioSet(classes="conflict-choice"):
            yield ChoiceButton(t("keep_mine"), value=True, id="pick-ours")
            yield ChoiceButton(t("keep_theirs"), id="pick-theirs")
            yield ChoiceButton(t("combine"), id="pick-edit")
        area = ExactTextArea(self.conflict.ours or "", soft_wrap=True, classes="conflict-edit")
        area.display = False
        yield area

    @on(RadioSet.Changed)
    def _picked(self, event: RadioSet.Changed) -> None:
        self.query_one(TextArea).display = event.pressed.id == "pick-edit"

    def choice(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is not None and pressed.id == "pick-theirs":
            return "theirs"
        if pressed is not None and pressed.id == "pick-edit":
            return self.query_one(ExactTextArea).exact_text
        return "ours"


class ConflictScreen(Keyed, Screen[Choices | None]):
    """Every conflict of a sync; Resolve continues the sync with the choices, Abort undoes the whole sync."""

    ACTIONS = "conflicts"

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="conflicts"):
            yield Static(Text(t("conflicts_title"), style="bold"), classes="screen-title")
            yield Static(Text(t("conflicts_body")), classes="dialog-body")
            for conflict in self.conflicts:
                yield Static(Text(safe_line(conflict.path), style="bold underline"), classes="conflict-file")
                for field in conflict.fields:
                    yield FieldChoice(conflict.path, field, conflict.ours_author, conflict.theirs_author)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("resolve"), id="conflicts-resolve", variant="primary")
                yield Button(t("abort_sync"), id="conflicts-abort", variant="error")
        yield Footer()

    def choices(self) -> Choices:
        result: Choices = {}
        for choice in self.query(FieldChoice):
            result.setdefault(choice.path, {})[choice.conflict.key] = choice.choice()
        return result

    @on(Button.Pressed, "#conflicts-resolve")
    def _resolve(self) -> None:
        self.dismiss(self.choices())

    @on(Button.Pressed, "#conflicts-abort")
    def action_abort(self) -> None:
        self.dismiss(None)
