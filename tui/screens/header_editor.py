"""The meeting header editor: date, times, place, minute-taker, attendance, status, information.

As in the point editor, a field nobody edits is saved exactly as it was, and hidden control characters are said.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.values import HeaderValues, InvalidValue, check_date, check_time
from repo_layout.model.fields import STATUSES
from tui.i18n import invalid_words, t, translate_bindings
from tui.screens.point_editor import hidden_characters
from tui.widgets.dialogs import ChoiceDialog
from tui.widgets.exact_text_area import ExactTextArea


def _area(text: str, widget_id: str) -> ExactTextArea:
    return ExactTextArea(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", id=widget_id, classes="short-area")


class HeaderEditor(Screen[HeaderValues | None]):
    """Edit the meeting's own fields; ctrl+s saves, Esc closes and asks about unsaved changes."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "close", "close"),
    ]

    def __init__(self, values: HeaderValues, title: str, on_change: Callable[[HeaderValues], None] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.initial = values
        self.heading = title
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        values = self.initial
        with VerticalScroll(id="editor-form"):
            yield Static(Text(safe_line(self.heading), style="bold"), id="editor-title")
            yield Label(t("title"))
            yield Input(values.title, id="field-title")
            with Horizontal(classes="field-row"):
                for field, value, placeholder in (
                    ("date", values.date.isoformat() if values.date else "", "YYYY-MM-DD"),
                    ("start", values.start, "09:00"),
                    ("end", values.end, "11:00"),
                ):
                    with Vertical(classes="field field-small"):
                        yield Label(t(field))
                        yield Input(value, id=f"field-{field}", placeholder=placeholder)
                        yield Static("", id=f"error-{field}", classes="field-error")
                with Vertical(classes="field"):
                    yield Label(t("status"))
                    options = [(t(f"status_{status}"), status) for status in STATUSES]
                    yield Select(options, value=values.status if values.status in STATUSES else Select.NULL, id="field-status")
            yield Label(t("location"))
            yield Input(values.location, id="field-location")
            yield Label(t("minute_taker"))
            yield Input(values.minute_taker, id="field-minute_taker")
            yield Label(t("present_one_per_line"))
            yield _area("\n".join(values.present), "field-present")
            yield Label(t("absent_one_per_line"))
            yield _area("\n".join(values.absent), "field-absent")
            yield Label(t("information"))
            yield _area(values.information, "field-information")
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False  # the text is the minutes: a first keystroke must not replace it all
        title = self.query_one("#field-title", Input)
        title.focus()
        title.cursor_position = len(title.value)
        if hidden_characters(self):
            self.notify(t("hidden_characters"), severity="warning", markup=False, timeout=10)

    def collect(self) -> HeaderValues:
        """The form's values; raises InvalidValue for a date or time that cannot be read."""
        date_text = self.query_one("#field-date", Input).value
        start = self.query_one("#field-start", Input).value
        end = self.query_one("#field-end", Input).value
        status = self.query_one("#field-status", Select).value
        return HeaderValues(
            date=check_date(date_text) if date_text.strip() else None,
            title=self.query_one("#field-title", Input).value,
            start=check_time(start) if start.strip() else "",
            end=check_time(end) if end.strip() else "",
            location=self.query_one("#field-location", Input).value,
            status=status if isinstance(status, str) else "",
            minute_taker=self.query_one("#field-minute_taker", Input).value,
            present=[line for line in self.query_one("#field-present", ExactTextArea).exact_lines() if line.strip()],
            absent=[line for line in self.query_one("#field-absent", ExactTextArea).exact_lines() if line.strip()],
            information=self.query_one("#field-information", ExactTextArea).exact_text,
        )

    def _errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for field, check in (("date", check_date), ("start", check_time), ("end", check_time)):
            value = self.query_one(f"#field-{field}", Input).value
            if field == "date" and not value.strip():
                errors[field] = t("date_required")
            elif value.strip():
                try:
                    check(value)
                except InvalidValue as error:
                    errors[field] = invalid_words(error)
        for field in ("date", "start", "end"):
            self.query_one(f"#error-{field}", Static).update(Text(safe_text(errors.get(field, ""))))
        return errors

    def is_changed(self) -> bool:
        try:
            return self.collect() != self.initial
        except InvalidValue:
            return True

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if not self._errors() and self.on_change is not None:
            self.on_change(self.collect())

    def action_save(self) -> None:
        errors = self._errors()
        if errors:
            self.notify(next(iter(errors.values())), title=t("cannot_save"), severity="error", markup=False)
            return
        self.dismiss(self.collect())

    def action_close(self) -> None:
        if not self.is_changed():
            self.dismiss(None)
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceDialog(
                t("unsaved_title"),
                t("unsaved_header_body"),
                [("save", t("save")), ("discard", t("discard")), ("cancel", t("cancel"))],
            ),
            answer,
        )
