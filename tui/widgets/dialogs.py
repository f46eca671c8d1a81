"""Small modal dialogs: a choice between buttons, the git identity, a new meeting's facts.

A dialog's title and body often hold a file's text, a path or git's words: they are shown with control characters
visible (`repo_layout.display`), whatever the caller passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Select, Static

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.values import InvalidValue, check_date, check_time
from repo_layout.git.commit import Identity
from tui.actions import Keyed
from tui.i18n import t
from tui.safe_display import safe_rich
from tui.widgets.diff_view import diff_text


def _body(body: str | Text) -> Text:
    """A dialog's body as a Text with control characters visible."""
    return safe_rich(body) if isinstance(body, Text) else Text(safe_text(body))


class DialogButtons(Keyed, Horizontal):
    """A dialog's row of buttons: the arrow keys move between them, Space and Enter press the focused one.

    The focused button is drawn as the one Enter presses (dialogs.tcss); "primary" is only a hint in its label's colour.
    """

    ACTIONS = "dialog_buttons"

    def __init__(self) -> None:
        super().__init__(classes="dialog-buttons")

    def _step(self, by: int) -> None:
        buttons = list(self.query_children(Button))
        focused = self.screen.focused
        index = buttons.index(focused) if focused in buttons else 0
        buttons[max(0, min(len(buttons) - 1, index + by))].focus()

    def action_previous_button(self) -> None:
        self._step(-1)

    def action_next_button(self) -> None:
        self._step(1)

    def action_press_button(self) -> None:
        focused = self.screen.focused
        if isinstance(focused, Button) and focused.parent is self:
            focused.press()


class FocusFirst:
    """A dialog's first field (its AUTO_FOCUS) gets the focus as soon as the dialog is composed, and at its mount
    too: Textual's own auto focus waits while the terminal window is not the focused one."""

    AUTO_FOCUS: str | None

    def on_mount(self) -> None:
        assert isinstance(self, ModalScreen)
        if self.focused is None and self.AUTO_FOCUS:
            self.query(self.AUTO_FOCUS).first().focus()


class ChoiceDialog(Keyed, FocusFirst, ModalScreen[str]):
    """A question with a few answers as buttons; Esc answers "cancel"."""

    ACTIONS = "dialog"

    def __init__(
        self, title: str, body: str | Text, choices: list[tuple[str, str]], detail: str | None = None, focus: str | None = None
    ) -> None:
        """`focus` names the answer whose button Enter presses at first (the first one when None)."""
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.body = body
        self.choices = choices
        self.detail = detail
        self.AUTO_FOCUS = f"#choice-{focus}" if focus else "Button"  # focused as soon as it is composed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(safe_line(self.title_text), style="bold"), classes="dialog-title")
            yield Static(_body(self.body), classes="dialog-body")
            if self.detail:
                with VerticalScroll(classes="dialog-detail"):
                    yield Static(diff_text(self.detail))
            with DialogButtons():
                for index, (answer, label) in enumerate(self.choices):
                    yield Button(label, id=f"choice-{answer}", variant="primary" if index == 0 else "default")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "choice-cancel").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss("cancel")


@dataclass(frozen=True)
class IdentityChoice:
    """The author the identity dialog was given, and whether to remember it for all repositories (global git config)."""

    who: Identity
    everywhere: bool


class IdentityDialog(Keyed, FocusFirst, ModalScreen[IdentityChoice | None]):
    """Asks for the name and email that git records as the author, for this repository or for all of them."""

    ACTIONS = "dialog"
    AUTO_FOCUS = "#identity-name"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("identity_title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("identity_body")), classes="dialog-body")
            yield Label(t("identity_name"))
            yield Input(id="identity-name")
            yield Label(t("identity_email"))
            yield Input(id="identity-email", placeholder=t("example", value=t("email_example")))
            yield Static("", id="identity-error", classes="field-error")
            with DialogButtons():
                yield Button(t("identity_here"), id="identity-ok", variant="primary")
                yield Button(t("identity_everywhere"), id="identity-everywhere")
                yield Button(t("cancel"), id="identity-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#identity-ok")
    @on(Button.Pressed, "#identity-everywhere")
    def _ok(self, event: Input.Submitted | Button.Pressed) -> None:
        name = self.query_one("#identity-name", Input).value.strip()
        email = self.query_one("#identity-email", Input).value.strip()
        if not name or "@" not in email or " " in email:
            self.query_one("#identity-error", Static).update(Text(t("identity_invalid")))
            return
        everywhere = isinstance(event, Button.Pressed) and event.button.id == "identity-everywhere"
        self.dismiss(IdentityChoice(Identity(name, email), everywhere))

    @on(Button.Pressed, "#identity-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NewMeetingDialog(Keyed, FocusFirst, ModalScreen[tuple[dt.date, str, str] | None]):
    """Asks the date, start and place of a new meeting, filled in with today, the forum's usual start and its place.

    A field with no real value to offer shows an example marked as one ("fx 09:00"), never a value-like text.
    """

    ACTIONS = "dialog"
    AUTO_FOCUS = "#new-date"

    def __init__(self, forum_name: str, location: str | None, start: str = "", date: dt.date | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.forum_name = forum_name
        self.location = location or ""
        self.start = start
        self.date = date or dt.date.today()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("new_meeting_title", forum=safe_line(self.forum_name)), style="bold"), classes="dialog-title")
            yield Label(t("date"))
            yield Input(self.date.isoformat(), id="new-date", placeholder=t("date_format_hint"))
            yield Label(t("start"))
            yield Input(self.start, id="new-start", placeholder=t("example", value="09:00"))
            yield Label(t("location"))
            yield Input(self.location, id="new-location", placeholder=t("example", value=t("location_example")))
            yield Static("", id="new-error", classes="field-error")
            with DialogButtons():
                yield Button(t("create"), id="new-ok", variant="primary")
                yield Button(t("cancel"), id="new-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#new-ok")
    def _ok(self) -> None:
        error = self.query_one("#new-error", Static)
        try:
            date = check_date(self.query_one("#new-date", Input).value)
            start = self.query_one("#new-start", Input).value
            if start.strip():
                start = check_time(start)
        except InvalidValue as problem:
            error.update(Text(safe_text(str(problem))))
            return
        self.dismiss((date, start, self.query_one("#new-location", Input).value))

    @on(Button.Pressed, "#new-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(Keyed, FocusFirst, ModalScreen[tuple[str, str] | None]):
    """Asks what to export (the minutes, the agenda, or the forum's published site), its format and the file or folder;
    a file name's extension chooses the format."""

    ACTIONS = "dialog"
    AUTO_FOCUS = "#export-file"
    EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "txt", ".pdf": "pdf"}
    AGENDA = "agenda-"

    def __init__(self, default_stem: str, default_format: str = "html", publish: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.default_stem = default_stem
        self.default_format = default_format
        self.publish = publish

    def _formats(self) -> list[tuple[str, str]]:
        minutes, agenda = t("export_minutes"), t("export_agenda")
        formats = [(f"{minutes}: HTML", "html"), (f"{minutes}: Markdown", "md"), (f"{minutes}: {t('plain_text')}", "txt")]
        formats += [(f"{agenda}: PDF", "agenda-pdf"), (f"{agenda}: HTML", "agenda-html"), (f"{agenda}: Markdown", "agenda-md")]
        if self.publish:
            formats.append((t("export_publish"), "publish"))
        return formats

    def _name_for(self, fmt: str) -> str:
        if fmt == "publish":
            return f"{self.default_stem.rsplit('-', 3)[0]}-{t('export_publish_folder')}"
        return f"{self.default_stem}.{fmt.removeprefix(self.AGENDA)}"

    def compose(self) -> ComposeResult:
        formats = self._formats()
        first = self.default_format if self.default_format in {value for _, value in formats} else "html"
        with Vertical(classes="dialog"):
            yield Static(Text(t("export_title"), style="bold"), classes="dialog-title")
            yield Label(t("export_format"))
            yield Select(formats, value=first, allow_blank=False, id="export-format")
            yield Label(t("export_file"))
            yield Input(self._name_for(first), id="export-file")
            yield Static("", id="export-error", classes="field-error")
            with DialogButtons():
                yield Button(t("export"), id="export-ok", variant="primary")
                yield Button(t("cancel"), id="export-cancel")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        field = self.query_one("#export-file", Input)
        path = Path(field.value)
        if event.value == "publish":
            field.value = str(path.parent / Path(self._name_for("publish")).name)
        elif path.suffix.lower() in self.EXTENSIONS or not path.suffix:
            name = path.with_suffix(f".{str(event.value).removeprefix(self.AGENDA)}")
            field.value = str(name) if path.name else field.value

    @on(Input.Changed, "#export-file")
    def _file_changed(self, event: Input.Changed) -> None:
        base = self.EXTENSIONS.get(Path(event.value).suffix.lower())
        select = self.query_one("#export-format", Select)
        if base is None or select.value == "publish":
            return
        agenda = base == "pdf" or (str(select.value).startswith(self.AGENDA) and base != "txt")
        chosen = f"{self.AGENDA}{base}" if agenda else base
        if select.value != chosen:
            select.value = chosen

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        value = self.query_one("#export-file", Input).value.strip()
        error = self.query_one("#export-error", Static)
        if not value:
            error.update(Text(t("export_file_needed")))
            return
        folder = Path(value).expanduser().parent
        if not folder.is_dir():
            error.update(Text(t("export_folder_missing", folder=safe_line(str(folder)))))
            return
        fmt = str(self.query_one("#export-format", Select).value)
        self.dismiss((fmt, value))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class TextInputDialog(Keyed, FocusFirst, ModalScreen[str | None]):
    """Asks for one line of text (a URL, a name); Esc cancels."""

    ACTIONS = "dialog"
    AUTO_FOCUS = "#text-input"

    def __init__(self, title: str, body: str | Text, label: str, value: str = "", suggester: Suggester | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.body = body
        self.label = label
        self.value = value
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(safe_line(self.title_text), style="bold"), classes="dialog-title")
            yield Static(_body(self.body), classes="dialog-body")
            yield Label(Text(safe_line(self.label)))
            yield Input(self.value, id="text-input", suggester=self.suggester)
            with DialogButtons():
                yield Button(t("ok"), id="text-ok", variant="primary")
                yield Button(t("cancel"), id="text-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#text-ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one(Input).value)

    @on(Button.Pressed, "#text-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
