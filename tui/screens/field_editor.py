"""What the point editor and the header editor share: Enter applies, ctrl+s applies and saves, Esc asks about changes.

An editor is a form over a value (`PointValues`, `HeaderValues`): `collect` reads it, `errors` names the fields that
cannot be saved as they are, `show_errors` puts those words under the fields. A valid change is handed to `on_change`
(the draft of an open editor); the screen's result is the value applied, or None, and `commit` says whether the
meeting is to be saved (ctrl+s) or only changed in memory (Enter, "Anvend"), as every other edit is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.actions import SkipAction
from textual.screen import Screen
from textual.widgets import Input

from repo_layout.display import safe_text
from repo_layout.editing.values import InvalidValue
from tui.actions import Keyed
from tui.i18n import t
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.exact_text_area import ExactTextArea

V = TypeVar("V")


def hidden_characters(screen: Screen[object]) -> bool:
    """True if a field of the editor holds characters the screen does not draw (control or bidi characters)."""
    values = [field.value for field in screen.query(Input)] + [area.given for area in screen.query(ExactTextArea)]
    return any(safe_text(value) is not value for value in values)


class FieldEditor(Keyed, Screen[V | None], Generic[V]):
    """A form over one value; Enter applies it to the meeting, ctrl+s applies it and saves the meeting (a commit), Esc
    closes and asks about changes not applied."""

    ACTIONS = "editor"
    UNSAVED_BODY: ClassVar[str] = "unsaved_point_body"
    """The catalogue key of the question asked when the form is closed with unsaved changes."""

    def __init__(self, values: V, title: str, on_change: Callable[[V], None] | None = None) -> None:
        super().__init__()
        self.initial = values
        self.heading = title
        self.on_change = on_change
        self.commit = False
        """Set when the form closed with ctrl+s: the meeting is to be saved, not only changed."""

    # the form (each editor's own) -------------------------------------------------------
    def collect(self) -> V:
        """The form's values; raises InvalidValue for a field that cannot be read."""
        raise NotImplementedError

    def errors(self) -> dict[str, str]:
        """Field -> the words for what is wrong with it, for every field that cannot be saved as it is."""
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str], saving: bool = False) -> None:
        """Say each field's error under it (`saving`: a save was tried)."""
        raise NotImplementedError

    # shared -----------------------------------------------------------------------------
    def on_mount(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False  # the text is the minutes: a first keystroke must not replace it all
        title = self.query_one("#field-title", Input)
        title.focus()
        title.cursor_position = len(title.value)
        if hidden_characters(self):
            self.notify(t("hidden_characters"), severity="warning", markup=False, timeout=10)

    def is_changed(self) -> bool:
        try:
            return self.collect() != self.initial
        except InvalidValue:
            return True

    def changed(self) -> None:
        """A field changed: say what cannot be saved, and hand a valid value to `on_change`."""
        errors = self.errors()
        self.show_errors(errors)
        if self.on_change is not None and not errors:
            self.on_change(self.collect())

    def action_save(self) -> None:
        """ctrl+s: apply the form and save the meeting (ctrl+s always means save to git)."""
        self._finish(commit=True)

    def action_apply(self) -> None:
        """Enter in a one-line field ("Anvend"): apply the form to the meeting and close; the meeting is saved with
        ctrl+s. In a text area, on a button or a checkbox, Enter does what it does there (a priority binding, so the
        footer can name it)."""
        if not isinstance(self.focused, Input):
            raise SkipAction()
        self._finish(commit=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def _finish(self, commit: bool) -> None:
        errors = self.errors()
        self.show_errors(errors, saving=True)
        if errors:
            self.notify(next(iter(errors.values())), title=t("cannot_save"), severity="error", markup=False)
            return
        self.commit = commit
        self.dismiss(self.collect())

    def action_close(self) -> None:
        if not self.is_changed():
            self.dismiss(None)
            return

        def answer(choice: str | None) -> None:
            if choice == "apply":
                self.action_apply()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceDialog(
                t("unsaved_title"),
                t(self.UNSAVED_BODY),
                [("apply", t("apply")), ("discard", t("discard")), ("cancel", t("cancel"))],
            ),
            answer,
        )
