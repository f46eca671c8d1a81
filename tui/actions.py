"""Every key of the app in one registry: the bindings, the footer, the help screen and the palette are made from it.

An entry names an action, the catalogue key of its words, the group (the screen or widget that binds it, and the
help's section) and its default keys; its id is what a user's keymap will name (Textual's `App.set_keymap`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding

from tui import i18n
from tui.i18n import t


@dataclass(frozen=True)
class ActionSpec:
    """One action and its keys: `keys` are bound by the group's node; `given` are keys Textual binds there itself."""

    id: str
    action: str
    words: str
    group: str
    keys: str = ""
    given: str = ""
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    help: bool = True
    palette: bool = False


def _move(group: str) -> list[ActionSpec]:
    """Tab and shift+tab, which every screen has from Textual."""
    return [
        ActionSpec(f"{group}.next_pane", "app.focus_next", "next_pane", group, given="tab"),
        ActionSpec(f"{group}.previous_pane", "app.focus_previous", "previous_pane", group, given="shift+tab"),
    ]


def _scrolling(group: str) -> list[ActionSpec]:
    """Home, end and the page keys, which a scrolling widget has from Textual."""
    return [
        ActionSpec(f"{group}.top", "scroll_home", "top", group, given="home"),
        ActionSpec(f"{group}.bottom", "scroll_end", "bottom", group, given="end"),
        ActionSpec(f"{group}.page_up", "page_up", "page_up", group, given="pageup"),
        ActionSpec(f"{group}.page_down", "page_down", "page_down", group, given="pagedown"),
    ]


def _enter(group: str, words: str) -> ActionSpec:
    """Enter on a screen's table, list or filter, named in its footer: the key goes on to the focused widget (see
    `MinutesApp.action_press_enter`); a priority binding, as the widget's own Enter would hide the screen's."""
    return ActionSpec(f"{group}.open", "app.press_enter", words, group, keys="enter", priority=True)


def _list_keys(group: str) -> list[ActionSpec]:
    """Q or Esc back (q as in tig and lazygit), j and k through a list."""
    return [
        ActionSpec(f"{group}.back", "back", "back", group, keys="q,escape", palette=True),
        ActionSpec(f"{group}.cursor_down", "cursor_down", "cursor_down", group, keys="j", show=False),
        ActionSpec(f"{group}.cursor_up", "cursor_up", "cursor_up", group, keys="k", show=False),
    ]


REGISTRY: tuple[ActionSpec, ...] = (
    # the app, on every screen
    ActionSpec("global.quit", "quit", "quit", "global", keys="ctrl+q", show=False, priority=True, palette=True),
    ActionSpec("global.help", "help", "help", "global", keys="question_mark", key_display="?", palette=True),
    ActionSpec("global.high_contrast", "toggle_high_contrast", "high_contrast", "global", palette=True),
    ActionSpec("global.palette", "command_palette", "palette", "global", keys="ctrl+p", show=False, priority=True),
    # the home screen: the tree and the meeting side by side
    *_move("browse"),
    ActionSpec("browse.quit", "app.quit", "quit", "browse", keys="q"),
    ActionSpec("browse.back", "back", "back", "browse", keys="escape", show=False),
    ActionSpec("browse.edit_point", "edit_point", "edit", "browse", keys="e", palette=True),
    ActionSpec("browse.edit_header", "edit_header", "edit_header", "browse", keys="E", show=False, palette=True),
    ActionSpec("browse.new", "new", "new", "browse", keys="n", palette=True),
    ActionSpec("browse.delete_point", "delete_point", "delete_point", "browse", keys="delete", show=False, palette=True),
    ActionSpec("browse.move_up", "move_point(-1)", "move_up", "browse", keys="alt+up,K", show=False, palette=True),
    ActionSpec("browse.move_down", "move_point(1)", "move_down", "browse", keys="alt+down,J", show=False, palette=True),
    ActionSpec("browse.renumber", "renumber", "renumber", "browse", keys="R", show=False, palette=True),
    ActionSpec("browse.save", "save", "save", "browse", keys="ctrl+s", palette=True),
    ActionSpec("browse.external_editor", "external_editor", "external_editor", "browse", keys="ctrl+e", show=False, palette=True),
    ActionSpec("browse.history", "history", "history", "browse", keys="h", palette=True),
    ActionSpec("browse.blame", "blame", "blame", "browse", keys="b", show=False, palette=True),
    ActionSpec("browse.search", "app.search", "search", "browse", keys="slash", key_display="/", palette=True),
    ActionSpec("browse.decision_log", "app.decision_log", "decision_log", "browse", keys="d", show=False, palette=True),
    ActionSpec("browse.actions", "app.open_actions", "open_actions", "browse", keys="a", show=False, palette=True),
    ActionSpec("browse.export", "export", "export", "browse", keys="x", show=False, palette=True),
    ActionSpec("browse.sync", "sync", "sync", "browse", keys="s", palette=True),
    # the meeting's cycle (tui/cycle_flow.py)
    ActionSpec("browse.approve", "approve", "approve_minutes", "browse", keys="A", show=False, palette=True),
    ActionSpec("browse.send_agenda", "send_agenda", "send_agenda", "browse", keys="D", show=False, palette=True),
    ActionSpec("browse.mark_held", "mark_held", "mark_held", "browse", keys="H", show=False, palette=True),
    ActionSpec("browse.postpone", "postpone", "postpone_point", "browse", keys="u", show=False, palette=True),
    ActionSpec("browse.closed", "toggle_closed", "closed_point", "browse", keys="c", show=False, palette=True),
    ActionSpec("browse.attendance", "attendance", "attendance", "browse", keys="p", show=False, palette=True),
    ActionSpec("browse.attach", "attach", "attach", "browse", keys="f", show=False, palette=True),
    ActionSpec("browse.open_attachment", "open_attachment", "open_attachment", "browse", keys="o", show=False, palette=True),
    ActionSpec("browse.follow_link", "follow_link", "follow_link", "browse", keys="g", show=False, palette=True),
    ActionSpec("browse.import", "import_minutes", "import_minutes", "browse", keys="i", show=False, palette=True),
    ActionSpec("browse.toggle_tree", "toggle_tree", "toggle_tree", "browse", keys="t,ctrl+b", show=False, palette=True),
    ActionSpec("browse.wider_tree", "resize_tree(6)", "wider_tree", "browse", keys=">", show=False, palette=True),
    ActionSpec("browse.narrower_tree", "resize_tree(-6)", "narrower_tree", "browse", keys="<", show=False, palette=True),
    # the tree of forums
    ActionSpec("tree.cursor_up", "cursor_up", "cursor_up", "tree", keys="k", given="up", show=False),
    ActionSpec("tree.cursor_down", "cursor_down", "cursor_down", "tree", keys="j", given="down", show=False),
    *_scrolling("tree"),
    ActionSpec("tree.select", "select_cursor", "select", "tree", keys="enter"),
    ActionSpec("tree.expand", "toggle_node", "expand", "tree", given="space"),
    # the meeting pane
    ActionSpec("meeting.scroll_up", "scroll_up", "scroll_up", "meeting", given="up"),
    ActionSpec("meeting.scroll_down", "scroll_down", "scroll_down", "meeting", given="down"),
    *_scrolling("meeting"),
    ActionSpec("meeting.next_point", "next_point", "next_point", "meeting", keys="j"),
    ActionSpec("meeting.previous_point", "previous_point", "previous_point", "meeting", keys="k"),
    # a meeting's history, an old version of it, its blame
    *_list_keys("history"),
    _enter("history", "open_version"),
    ActionSpec("history.toggle_diff", "toggle_diff", "toggle_diff", "history", keys="d", palette=True),
    *_move("old_version"),
    ActionSpec("old_version.back", "back", "back", "old_version", keys="q,escape", palette=True),
    ActionSpec("old_version.restore", "restore", "restore", "old_version", keys="r", palette=True),
    ActionSpec("old_version.read_only", "read_only", "edit", "old_version", keys="e,E,ctrl+e", show=False, help=False),
    *_list_keys("blame"),
    _enter("blame", "history"),
    # search, the decision log, the open actions
    ActionSpec("search.close", "close", "close", "search", keys="q,escape", palette=True),
    _enter("search", "select"),
    ActionSpec("search.next", "next", "cursor_down", "search", keys="down", show=False),
    ActionSpec("search.previous", "previous", "cursor_up", "search", keys="up", show=False),
    ActionSpec("decision_log.close", "close", "close", "decision_log", keys="q,escape", palette=True),
    _enter("decision_log", "select"),
    ActionSpec("decision_log.filter", "filter", "filter_text", "decision_log", keys="slash", key_display="/"),
    ActionSpec("decision_log.to_list", "to_list", "to_list", "decision_log", keys="down", show=False),
    *_move("actions"),
    ActionSpec("actions.close", "close", "close", "actions", keys="q,escape", palette=True),
    _enter("actions", "select"),
    ActionSpec("actions.mark_done", "mark_done", "mark_done", "actions", keys="space", palette=True),
    ActionSpec("actions.save", "save", "save", "actions", keys="ctrl+s", palette=True),
    # attendance: present or absent, one key per member
    ActionSpec("attendance.present", "present", "attendance_present_key", "attendance", keys="p"),
    ActionSpec("attendance.absent", "absent", "attendance_absent_key", "attendance", keys="a,f"),
    ActionSpec("attendance.apply", "apply", "apply", "attendance", keys="enter", priority=True),
    ActionSpec("attendance.cancel", "cancel", "cancel", "attendance", keys="escape,q"),
    # importing minutes into a forum
    ActionSpec("import.import", "import", "import_now", "import", keys="ctrl+s", priority=True),
    ActionSpec("import.cancel", "cancel", "cancel", "import", keys="escape"),
    # the point and header editors, dialogs, conflicts, the help itself
    ActionSpec("editor.apply", "apply", "apply", "editor", keys="enter", priority=True),
    ActionSpec("editor.save", "save", "save", "editor", keys="ctrl+s", priority=True),
    ActionSpec("editor.close", "close", "close", "editor", keys="escape"),
    ActionSpec("dialog.cancel", "cancel", "cancel", "dialog", keys="escape"),
    ActionSpec("dialog_buttons.previous", "previous_button", "previous_button", "dialog_buttons", keys="left,up", show=False),
    ActionSpec("dialog_buttons.next", "next_button", "next_button", "dialog_buttons", keys="right,down", show=False),
    ActionSpec("dialog_buttons.press", "press_button", "press_button", "dialog_buttons", keys="space", show=False),
    ActionSpec("section.move_up", "move_section(-1)", "move_section_up", "section", keys="alt+up"),
    ActionSpec("section.move_down", "move_section(1)", "move_section_down", "section", keys="alt+down"),
    ActionSpec("section.remove", "remove_section", "remove_section", "section", keys="ctrl+delete"),
    ActionSpec("action_row.remove", "remove_action", "remove_action", "action_row", keys="ctrl+delete"),
    ActionSpec("conflicts.abort", "abort", "abort_sync", "conflicts", keys="escape"),
    ActionSpec("help.close", "close", "close", "help", keys="q,escape"),
    ActionSpec("help.close_keys", "close", "close", "help", keys="question_mark", show=False),
)

HELP_SECTIONS: tuple[tuple[str, str], ...] = (
    ("help_global", "global"),
    ("help_editing", "browse"),
    ("help_tree", "tree"),
    ("help_meeting", "meeting"),
    ("help_history", "old_version"),
    ("open_actions", "actions"),
    ("attendance_title", "attendance"),
)
"""The help screen's sections: (catalogue key of the heading, group)."""

PALETTE: tuple[str, ...] = tuple(spec.id for spec in REGISTRY if spec.palette)
"""The ids of the actions the command palette offers where their group is (global ones everywhere), each named by its
words and described by the catalogue's `<words>_help` and its keys."""

Keymap = dict[str, str]
"""A user's keys by action id, as `App.set_keymap` takes them ("ctrl+f", "S", "f5,ctrl+f")."""


def group(name: str) -> list[ActionSpec]:
    """The entries of one group, in the registry's order."""
    return [spec for spec in REGISTRY if spec.group == name]


def by_id(spec_id: str) -> ActionSpec:
    return next(spec for spec in REGISTRY if spec.id == spec_id)


def default_keys(spec: ActionSpec) -> list[str]:
    """The keys an action has unless a keymap moves it: Textual's own first."""
    return [key for key in f"{spec.given},{spec.keys}".split(",") if key]


def keys_of(spec: ActionSpec, keymap: Keymap) -> list[str]:
    """The keys an action has under a keymap (the keymap's replace all of its own, as `App.set_keymap` does)."""
    if spec.id in keymap:
        return [key.strip() for key in keymap[spec.id].split(",") if key.strip()]
    return default_keys(spec)


def rebindable(spec: ActionSpec) -> bool:
    """Whether a keymap may move the action: it has a binding (an id `App.set_keymap` finds)."""
    return bool(default_keys(spec))


def bindings(name: str) -> list[Binding]:
    """The bindings of one group, described in the UI's language, each with its id for a user's keymap.

    Keys Textual binds itself (`given`) are bound again under the action's id (the same action, not shown), so that a
    keymap moves them too.
    """
    return [
        Binding(
            ",".join(default_keys(spec)),
            spec.action,
            t(spec.words),
            show=spec.show and bool(spec.keys),
            key_display=spec.key_display,
            priority=spec.priority,
            id=spec.id,
        )
        for spec in group(name)
        if rebindable(spec)
    ]


def shown_keys(spec: ActionSpec, keymap: Keymap, key_display: Callable[[Binding], str]) -> str:
    """An action's keys as the footer shows them ("⏎", "^s", "?"), joined by " / ", after the user's keymap."""
    display = None if spec.id in keymap else spec.key_display
    shown = [key_display(Binding(key, spec.action, key_display=display)) for key in keys_of(spec, keymap)]
    return " / ".join(dict.fromkeys(shown))


def help_rows(name: str, key_display: Callable[[Binding], str], keymap: Keymap | None = None) -> list[tuple[str, str]]:
    """(keys, words) of each action of a group the help lists, with the user's keys, each key as the footer shows it."""
    listed = [spec for spec in group(name) if spec.help and rebindable(spec)]
    return [(shown_keys(spec, keymap or {}, key_display), t(spec.words)) for spec in listed]


_variants: dict[tuple[type[Keyed], str], type[Keyed]] = {}


class Keyed:
    """A screen, widget or app whose bindings are the registry's group `ACTIONS`, described in the UI's language.

    Textual reads `BINDINGS` once, when a class is made, and the language is chosen per app, so each language gets
    a subclass of the same name holding its bindings; making an instance makes it of that subclass.
    """

    ACTIONS: ClassVar[str] = ""
    LANGUAGE: ClassVar[str | None] = None

    def __new__(cls, *args: object, **kwargs: object) -> Keyed:
        """An instance of the class for the UI's language (the arguments go to __init__)."""
        return super().__new__(_variant(cls, i18n.language()))


def _variant(cls: type[Keyed], language: str) -> type[Keyed]:
    """`cls` with the bindings of its group in `language` (made once per class and language)."""
    if cls.__dict__.get("LANGUAGE") is not None:
        return cls
    key = (cls, language)
    if key not in _variants:
        namespace = {
            "BINDINGS": bindings(cls.ACTIONS),
            "LANGUAGE": language,
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        _variants[key] = type(cls)(cls.__name__, (cls,), namespace)
    return _variants[key]
