"""The meeting header editor: date, times, place, minute-taker, attendance, status, information.

As in the point editor, a field nobody edits is saved exactly as it was, and hidden control characters are said.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.values import HeaderValues, InvalidValue, check_date, check_time
from repo_layout.model.fields import STATUSES
from tui.i18n import invalid_words, t
from tui.screens.field_editor import FieldEditor
from tui.widgets.editor_form import EditorForm
from tui.widgets.exact_text_area import ExactTextArea


def _area(text: str, widget_id: str) -> ExactTextArea:
    return ExactTextArea(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", id=widget_id, classes="short-area")


class HeaderEditor(FieldEditor[HeaderValues]):
    """Edit the meeting's own fields; Enter applies them, ctrl+s applies them and saves the meeting, Esc asks about changes."""

    UNSAVED_BODY = "unsaved_header_body"

    def compose(self) -> ComposeResult:
        values = self.initial
        with EditorForm(id="editor-form"):
            yield Static(Text(safe_line(self.heading), style="bold"), id="editor-title")
            yield Label(t("title"))
            yield Input(values.title, id="field-title")
            with Horizontal(classes="field-row"):
                for field, value, placeholder in (
                    ("date", values.date.isoformat() if values.date else "", t("date_format_hint")),
                    ("start", values.start, t("example", value="09:00")),
                    ("end", values.end, t("example", value="11:00")),
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

    def errors(self) -> dict[str, str]:
        """Field -> message for the date and times that cannot be saved as they are."""
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
        return errors

    def show_errors(self, errors: dict[str, str], saving: bool = False) -> None:
        for field in ("date", "start", "end"):
            self.query_one(f"#error-{field}", Static).update(Text(safe_text(errors.get(field, ""))))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.changed()
