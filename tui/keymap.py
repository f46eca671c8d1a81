"""A user's keymap (the "keys" of the settings file) checked against the action registry before the app uses it.

An entry with an unknown action id, a key Textual cannot read, or a key another action of the same screen has is
left out with a problem naming the file's line; the rest of the keymap applies (`App.set_keymap`).
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from tui.actions import PALETTE, REGISTRY, ActionSpec, Keymap, by_id, keys_of, rebindable
from tui.i18n import t

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value for key in Keys) | {"space", "enter", "tab", "escape", "backspace", "delete"}


def _event_name(character: str) -> str:
    """The name Textual gives the key of a punctuation character ("slash" for "/"), as in its key events."""
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


CHARACTERS = {_event_name(chr(code)): chr(code) for code in range(0x21, 0x7F) if not chr(code).isalnum()}
"""Punctuation by its key name: "slash" is "/", "question_mark" is "?"."""

WITH_THE_SCREEN = {"tree": "browse", "meeting": "browse", "section": "editor", "action_row": "editor", "dialog_buttons": "dialog"}
"""Widget groups whose keys are active together with a screen's (the tree and the meeting on the home screen, an
editor's sections, a dialog's buttons); two widgets of one screen are never focused at once."""


@dataclass(frozen=True)
class KeymapProblem:
    """One entry left out, said in the UI's language; `line` is the entry's line in the settings file (1-based)."""

    line: int
    message: str


def key_name(key: str) -> str | None:
    """One key in the canonical form two spellings share ("?" and "question_mark" alike), or None if it is no key."""
    *modifiers, name = key.strip().split("+")
    if not name or any(modifier not in MODIFIERS for modifier in modifiers):
        return None
    base = name if len(name) == 1 or name in NAMED_KEYS else CHARACTERS.get(name) or key_to_character(name)
    if base is None or not base.isprintable():
        return None
    return "+".join([*sorted(modifiers), base])


def _screen(spec: ActionSpec) -> str:
    return WITH_THE_SCREEN.get(spec.group, spec.group)


def _same_screen(first: ActionSpec, second: ActionSpec) -> bool:
    """Whether two actions can be active at once: one screen's (with its widgets'), or one of them the app's own."""
    if "global" in (first.group, second.group):
        return True
    if first.group in WITH_THE_SCREEN and second.group in WITH_THE_SCREEN:
        return first.group == second.group  # the tree's and the meeting's keys are never active together
    return _screen(first) == _screen(second)


def _canonical(spec: ActionSpec, keymap: Keymap) -> set[str]:
    return {name for key in keys_of(spec, keymap) if (name := key_name(key)) is not None}


def _clash(spec: ActionSpec, keymap: Keymap) -> tuple[str, ActionSpec] | None:
    """A key of `spec` (as the keymap has it) that another action of the same screen also has, with that action."""
    mine = _canonical(spec, keymap)
    for other in REGISTRY:
        if other.id == spec.id or not rebindable(other) or not _same_screen(spec, other):
            continue
        if other.action == spec.action and other.group == spec.group:
            continue  # two entries of one action (help's Esc and its q) are one action
        shared = mine & _canonical(other, keymap)
        if shared:
            return sorted(shared)[0], other
    return None


def check_keymap(raw: object, text: str, path: Path) -> tuple[Keymap, list[KeymapProblem]]:
    """The valid part of a keymap as read from the settings file (`raw` is its "keys" value), and a problem for each
    entry left out; `text` is the file's text, to name each entry's line."""
    if raw is None:
        return {}, []
    where = _Lines(text, path)
    if not isinstance(raw, dict):
        return {}, [KeymapProblem(where.line("keys"), t("keymap_not_mapping", where=where.at("keys")))]
    accepted: Keymap = {}
    problems: list[KeymapProblem] = []
    for action_id, value in raw.items():
        ids = {spec.id for spec in REGISTRY if rebindable(spec)}
        if action_id in PALETTE and action_id not in ids:
            problems.append(where.problem(action_id, "keymap_palette_only", id=action_id))
            continue
        if action_id not in ids:
            close = difflib.get_close_matches(str(action_id), sorted(ids), n=1)
            hint = t("keymap_did_you_mean", id=close[0]) if close else ""
            problems.append(where.problem(action_id, "keymap_unknown_action", id=action_id, hint=hint))
            continue
        keys = [key.strip() for key in value.split(",")] if isinstance(value, str) else []
        if not keys or any(key_name(key) is None for key in keys):
            shortcut = json.dumps(value, ensure_ascii=False)
            problems.append(where.problem(action_id, "keymap_bad_key", id=action_id, shortcut=shortcut))
            continue
        accepted[action_id] = ",".join(keys)
    # a clash drops the later of two moved actions, or the moved one when the other keeps its own keys
    for action_id in reversed(list(accepted)):
        found = _clash(by_id(action_id), accepted)
        if found is not None:
            key, other = found
            problems.append(where.problem(action_id, "keymap_clash", id=action_id, shortcut=key, other=other.id))
            del accepted[action_id]
    problems.sort(key=lambda problem: problem.line)
    return accepted, problems


class _Lines:
    """Where an entry of the settings file is: its line, found from its quoted name after the "keys" entry."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.start = max(text.find('"keys"'), 0)

    def line(self, name: str) -> int:
        position = self.text.find(json.dumps(name), self.start if name != "keys" else 0)
        return self.text.count("\n", 0, max(position, self.start)) + 1

    def at(self, name: str) -> str:
        return f"{self.path}:{self.line(name)}"

    def problem(self, name: object, words: str, **values: object) -> KeymapProblem:
        line = self.line(str(name))
        return KeymapProblem(line, t(words, where=f"{self.path}:{line}", **values))
