"""The point editor: every field of one point, sections and decision in soft-wrapped text areas.

A field nobody edits is saved exactly as it was (`ExactTextArea`); control characters in a field are kept but not
drawn, and a notice says so when the editor opens.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static, TextArea
from textual.widgets.button import ButtonVariant

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.values import ActionValues, InvalidValue, PointValues, check_date, check_number, check_time_or_range
from tui.actions import Keyed
from tui.i18n import invalid_words, t
from tui.screens.field_editor import FieldEditor
from tui.widgets.editor_form import EditorForm
from tui.widgets.exact_text_area import ExactTextArea


def _text_area(text: str, classes: str) -> ExactTextArea:
    area = ExactTextArea(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", classes=classes)
    area.indent_type = "spaces"
    return area


def _mouse_only(label: str, classes: str, tooltip: str, variant: ButtonVariant = "default") -> Button:
    """A small button for the mouse, out of the Tab order: its key (alt+up, alt+down, ctrl+delete) is in the footer."""
    button = Button(label, classes=classes, tooltip=tooltip, variant=variant)
    button.can_focus = False
    return button


class SectionEditor(Keyed, Vertical):
    """One section: its heading, buttons to move or remove it (and their keys while the focus is in it), and its text."""

    ACTIONS = "section"

    def __init__(self, heading: str, text: str) -> None:
        super().__init__(classes="section-editor")
        self.heading = heading
        self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal(classes="section-bar"):
            yield Input(self.heading, placeholder=t("section_heading"), classes="section-heading-input")
            yield _mouse_only("↑", "section-up", t("move_section_up"))
            yield _mouse_only("↓", "section-down", t("move_section_down"))
            yield _mouse_only("✕", "section-remove", t("remove_section"), "error")
        yield _text_area(self.text, "section-text-area")

    def action_move_section(self, by: int) -> None:
        self.query_one(".section-up" if by < 0 else ".section-down", Button).press()

    def action_remove_section(self) -> None:
        self.query_one(".section-remove", Button).press()

    def values(self) -> tuple[str, str]:
        return self.query_one(".section-heading-input", Input).value, self.query_one(ExactTextArea).exact_text


class ActionEditor(Keyed, Horizontal):
    """One action: task, owner, due date, done, remove (ctrl+delete while the focus is in it)."""

    ACTIONS = "action_row"

    def __init__(self, action: ActionValues) -> None:
        super().__init__(classes="action-editor")
        self.action = action

    def compose(self) -> ComposeResult:
        yield Input(self.action.task, placeholder=t("action_task"), classes="action-task")
        yield Input(self.action.owner, placeholder=t("owner"), classes="action-owner")
        due = self.action.due.isoformat() if self.action.due else ""
        yield Input(due, placeholder=t("date_format_hint"), classes="action-due")
        yield Checkbox(t("done"), self.action.done, classes="action-done")
        yield _mouse_only("✕", "action-remove", t("remove_action"), "error")

    def action_remove_action(self) -> None:
        self.query_one(".action-remove", Button).press()

    def values(self) -> ActionValues:
        due_text = self.query_one(".action-due", Input).value.strip()
        return ActionValues(
            task=self.query_one(".action-task", Input).value,
            owner=self.query_one(".action-owner", Input).value,
            due=check_date(due_text) if due_text else None,
            done=self.query_one(".action-done", Checkbox).value,
        )


class PointEditor(FieldEditor[PointValues]):
    """Edit one point; Enter applies it to the meeting, ctrl+s applies it and saves the meeting, Esc asks about changes."""

    UNSAVED_BODY = "unsaved_point_body"

    def __init__(self, values: PointValues, title: str, on_change: Callable[[PointValues], None] | None = None) -> None:
        super().__init__(values, title, on_change)
        self._title_due = bool(values.title)  # see show_errors

    def compose(self) -> ComposeResult:
        values = self.initial
        with EditorForm(id="editor-form"):
            yield Static(Text(safe_line(self.heading), style="bold"), id="editor-title")
            with Horizontal(classes="field-row"):
                with Vertical(classes="field field-small"):
                    yield Label(t("number"))
                    yield Input("" if values.number is None else str(values.number), id="field-number")
                    yield Static("", id="error-number", classes="field-error")
                with Vertical(classes="field field-small"):
                    yield Label(t("time"))
                    yield Input(values.time, id="field-time", placeholder=t("example", value="09:30-09:45"))
                    yield Static("", id="error-time", classes="field-error")
                with Vertical(classes="field"):
                    yield Label(t("case"))
                    yield Input(values.case, id="field-case")
            yield Label(t("title"))
            yield Input(values.title, id="field-title")
            yield Static("", id="error-title", classes="field-error")
            yield Label(t("presenter"))
            yield Input(values.presenter, id="field-presenter")
            yield Static(Text(t("sections"), style="bold"), classes="editor-group")
            with Vertical(id="sections"):
                for heading, text in values.sections:
                    yield SectionEditor(heading, text)
            yield Static("", id="error-sections", classes="field-error")
            yield Button(t("add_section"), id="add-section")
            yield Static(Text(t("decision"), style="bold"), classes="editor-group")
            yield Input(values.decision_heading, id="field-decision-heading", placeholder=t("default_value", value=t("decision")))
            yield _text_area(values.decision, "decision-area")
            yield Static(Text(t("attachments_one_per_line"), style="bold"), classes="editor-group")
            yield _text_area("\n".join(values.attachments), "attachments-area")
            yield Static(Text(t("actions"), style="bold"), classes="editor-group")
            with Vertical(id="actions"):
                for action in values.actions:
                    yield ActionEditor(action)
            yield Static("", id="error-actions", classes="field-error")
            yield Button(t("add_action"), id="add-action")
        yield Footer()

    # collecting -------------------------------------------------------------
    def collect(self) -> PointValues:
        """The form's values; raises InvalidValue for a field that cannot be read (number, due date)."""
        number_text = self.query_one("#field-number", Input).value.strip()
        return PointValues(
            number=check_number(number_text) if number_text else None,
            title=self.query_one("#field-title", Input).value,
            case=self.query_one("#field-case", Input).value,
            time=self.query_one("#field-time", Input).value,
            presenter=self.query_one("#field-presenter", Input).value,
            sections=[editor.values() for editor in self.query(SectionEditor)],
            decision_heading=self.query_one("#field-decision-heading", Input).value,
            decision=self.query_one(".decision-area", ExactTextArea).exact_text,
            attachments=[line for line in self.query_one(".attachments-area", ExactTextArea).exact_lines() if line.strip()],
            actions=[editor.values() for editor in self.query(ActionEditor)],
        )

    def errors(self) -> dict[str, str]:
        """Field id -> message for every field that cannot be saved as it is."""
        errors: dict[str, str] = {}
        for field, check in (("number", check_number), ("time", check_time_or_range)):
            value = self.query_one(f"#field-{field}", Input).value
            if value.strip():
                try:
                    check(value)
                except InvalidValue as error:
                    errors[field] = invalid_words(error)
        for editor in self.query(ActionEditor):
            due = editor.query_one(".action-due", Input).value
            if due.strip():
                try:
                    check_date(due)
                except InvalidValue as error:
                    errors["actions"] = invalid_words(error)
        if not errors:
            for field, problem in self.collect().problems():
                errors.setdefault(field, invalid_words(problem))
        return errors

    def show_errors(self, errors: dict[str, str], saving: bool = False) -> None:
        # a new point's empty title is not a mistake yet: it is said once the title was typed in or a save tried
        self._title_due = self._title_due or saving or bool(self.query_one("#field-title", Input).value)
        for field in ("number", "time", "title", "sections", "actions"):
            shown = errors.get(field, "") if field != "title" or self._title_due else ""
            self.query_one(f"#error-{field}", Static).update(Text(safe_text(shown)))

    # events -------------------------------------------------------------------
    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.changed()

    @on(Button.Pressed, "#add-section")
    def _add_section(self) -> None:
        editor = SectionEditor("", "")
        self.query_one("#sections").mount(editor)
        editor.call_after_refresh(lambda: editor.query_one(Input).focus())

    @on(Button.Pressed, "#add-action")
    def _add_action(self) -> None:
        editor = ActionEditor(ActionValues(""))
        self.query_one("#actions").mount(editor)
        editor.call_after_refresh(lambda: editor.query_one(Input).focus())

    @on(Button.Pressed, ".section-remove")
    async def _remove_section(self, event: Button.Pressed) -> None:
        await self._remove_row(event.button, SectionEditor, "#add-section")

    @on(Button.Pressed, ".action-remove")
    async def _remove_action(self, event: Button.Pressed) -> None:
        await self._remove_row(event.button, ActionEditor, "#add-action")

    async def _remove_row(self, button: Button, kind: type[SectionEditor] | type[ActionEditor], add_button: str) -> None:
        """Remove the section or action the button is in; a focus inside it goes to the next one's first field (else Add)."""
        editor = next(ancestor for ancestor in button.ancestors if isinstance(ancestor, kind))
        if self.focused is not None and editor in self.focused.ancestors:
            rows = list(editor.parent.query_children(kind)) if editor.parent else []
            following = rows[rows.index(editor) + 1 :] + rows[: rows.index(editor)][::-1]
            (following[0].query(Input).first() if following else self.query_one(add_button, Button)).focus()
        await editor.remove()  # gone before the form is read again
        self._changed()

    @on(Button.Pressed, ".section-up")
    @on(Button.Pressed, ".section-down")
    def _move_section(self, event: Button.Pressed) -> None:
        editor = next(ancestor for ancestor in event.button.ancestors if isinstance(ancestor, SectionEditor))
        container = self.query_one("#sections")
        siblings = list(container.query_children(SectionEditor))
        index = siblings.index(editor)
        target = index - 1 if event.button.has_class("section-up") else index + 1
        if 0 <= target < len(siblings):
            if target < index:
                container.move_child(editor, before=siblings[target])
            else:
                container.move_child(editor, after=siblings[target])
            if self.focused is not None:
                self.query_one(EditorForm).keep_in_view(self.focused)  # the field moved with its section
            self.call_after_refresh(self._changed)
