"""A merge's conflicts: each recorded under a stable key with a label for people, and a person's choice read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from repo_layout.words import supported, words
from repo_layout.yaml import styles, yamlio

FILE_KEY = "file"
"""The conflict key when a file cannot be merged structurally (not YAML, not a mapping, deleted on one side)."""


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed differently: a stable key, a label for people, and the three versions."""

    key: str
    label: str
    base: str | None
    ours: str | None
    theirs: str | None


class ChoiceError(ValueError):
    """A choice for `resolve` is missing or cannot be used."""


class _Absent:
    """The value of a key or item that is not there (distinct from a YAML null)."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()


def _show(value: Any) -> str | None:
    """A value as text for a person: strings as they are, anything else as YAML."""
    if value is ABSENT:
        return None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return yamlio.dump_text(value)


@dataclass(frozen=True)
class Where:
    """Where in the document a merge is: the conflict-key prefix, the label prefix and the kind of mapping."""

    key: str
    label: str
    kind: str  # meeting | point | sections | action | map


def point_title(item: Any) -> str:
    return str(item.get("title") or "") if isinstance(item, Mapping) else ""


def action_task(item: Any) -> str:
    return str(item.get("task") or "") if isinstance(item, Mapping) else ""


class ConflictRecorder:
    """The conflicts of one merge, in the merge's language, with the choices made for them (None while merging)."""

    def __init__(self, language: str, choices: dict[str, str] | None) -> None:
        self.language = supported(language)
        self.words = words(self.language)["merge"]
        self.fields: dict[str, str] = words(self.language)["changes"]["fields"]
        self.point_word: str = words(self.language)["changes"]["point"]
        self.choices = choices
        self.conflicts: list[FieldConflict] = []
        self._seen: dict[str, int] = {}

    def conflict(self, key: str, label: str, base: Any, ours: Any, theirs: Any) -> str:
        """Record a conflict; return the choice for it ("ours" while merging without choices)."""
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        if count > 1:
            key = f"{key}~{count}"
        self.conflicts.append(FieldConflict(key, label, _show(base), _show(ours), _show(theirs)))
        if self.choices is None:
            return "ours"
        return self.choices.get(key, "ours")

    def parse_choice(self, text: str, label: str, *values: Any) -> Any:
        """A person's combined text as a value: a string field takes the text itself, anything else is YAML."""
        present = [value for value in values if value is not ABSENT and value is not None]
        if present and all(isinstance(value, str) for value in present):
            return styles.styled(text) if text != "" else ABSENT
        if not text.strip():
            return ABSENT
        try:
            return yamlio.load_text(text)
        except yamlio.YamlLoadError as error:
            raise ChoiceError(f"{label}: the text is not valid YAML (line {error.line}): {error.message}") from None

    def name(self, where: Where, key: Any) -> tuple[str, str]:
        """The conflict key and the label of a key inside `where`."""
        text = str(key)
        if where.kind == "meeting":
            return text, self.fields.get(text, text)
        if where.kind == "point":
            return f"{where.key}:{text}", f"{where.label}: {self.fields.get(text, text)}"
        if where.kind == "sections":
            return f"{where.key}:section:{text}", f"{where.label}: {self.words['section']} '{text}'"
        if where.kind == "action":
            return f"{where.key}:{text}", f"{where.label}: {self.words['action_fields'].get(text, text)}"
        return (f"{where.key}:{text}" if where.key else text), (f"{where.label}: {text}" if where.label else text)

    def point_where(self, items: list[tuple[Any, int]]) -> Where:
        """The place of one point, named by its number (from the first side that has the point)."""
        ident = ""
        for item, index in items:
            if item is ABSENT:
                continue
            number = item.get("number") if isinstance(item, Mapping) else None
            ident = str(number) if isinstance(number, int) and not isinstance(number, bool) else f"#{index + 1}"
            break
        return Where(f"point:{ident}", f"{self.point_word} {ident}", "point")

    def action_where(self, parent: Where, items: list[tuple[Any, int]]) -> Where:
        """The place of one action of a point, named by its position and task."""
        for item, index in items:
            if item is not ABSENT:
                label = f"{parent.label}: {self.words['action']} '{action_task(item)}'"
                return Where(f"{parent.key}:action:{index + 1}", label, "action")
        return Where(f"{parent.key}:action", f"{parent.label}: {self.words['action']}", "action")
