"""What one history entry changed, as the meeting's fields with their words before and after ("punkt 3, beslutning").

The history shows these at any width instead of the YAML diff, whose long lines a narrow terminal wraps mid-word;
the places and field names are the library's words (`repo_layout.words`), the values the file's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repo_layout.history.changes import HEADER_FIELDS, LIST_FIELDS, POINT_FIELDS, _label, _match_points, _plain, _points
from repo_layout.words import words as words_of


@dataclass(frozen=True)
class FieldChange:
    """One field of the meeting that changed: its place ("punkt 3", or None for the meeting's own fields), the field
    in words, its text before and after (None where it was not there), and the point's title (to know it by)."""

    place: str | None
    field: str
    old: str | None
    new: str | None
    title: str | None = None


def _text(value: Any) -> str | None:
    """A field's value as the text a person reads: lists one item a line; None when the field is absent or empty."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {item}" for key, item in value.items())
    return str(value).rstrip("\n")


def _changed(place: str | None, field: str, old: Any, new: Any, title: str | None = None) -> list[FieldChange]:
    before, after = _text(old), _text(new)
    return [FieldChange(place, field, before, after, title)] if before != after else []


def _action_text(action: dict[str, Any], done_word: str) -> str:
    """An action as one line: its task, then owner and due date, and the word for done when it is."""
    extra = [str(action[key]) for key in ("owner", "due") if action.get(key)]
    line = str(action.get("task") or "") + (f" ({', '.join(extra)})" if extra else "")
    return f"{line} [{done_word}]" if action.get("done") else line


def field_changes(before: Any, after: Any, language: str = "da") -> list[FieldChange]:
    """The fields that differ from the document `before` to `after` (None for a missing file), in reading order."""
    words = words_of(language)["changes"]
    fields = words["fields"]
    old = _plain(before) if isinstance(before, dict) else {}
    new = _plain(after) if isinstance(after, dict) else {}
    rows: list[FieldChange] = []
    for field in (*HEADER_FIELDS, *LIST_FIELDS):
        rows += _changed(None, fields.get(field, field), old.get(field), new.get(field))
    old_points, new_points = _points(old), _points(new)
    pairs = _match_points(old_points, new_points)
    for o, n in sorted(pairs, key=lambda pair: pair[1] if pair[1] is not None else len(new_points) + (pair[0] or 0)):
        was = old_points[o] if o is not None else {}
        now = new_points[n] if n is not None else {}
        label = _label(now, n) if n is not None else _label(was, o or 0)
        rows += _point_rows(f"{words['point']} {label}", was, now, language)
    return rows


def _point_rows(place: str, was: dict[str, Any], now: dict[str, Any], language: str) -> list[FieldChange]:
    """One point's changed fields, sections and actions (all of them for a point added or removed)."""
    words = words_of(language)["changes"]
    fields = words["fields"]
    title = _text(now.get("title") or was.get("title"))
    rows = _changed(place, fields["number"], was.get("number"), now.get("number"), title)
    for field in POINT_FIELDS:
        rows += _changed(place, fields.get(field, field), was.get(field), now.get(field), None if field == "title" else title)
    old_sections = was.get("sections") if isinstance(was.get("sections"), dict) else {}
    new_sections = now.get("sections") if isinstance(now.get("sections"), dict) else {}
    for heading in dict.fromkeys([*new_sections, *old_sections]):
        rows += _changed(place, f"{words['section']} '{heading}'", old_sections.get(heading), new_sections.get(heading), title)
    old_actions = {str(a.get("task")): a for a in was.get("actions") or [] if isinstance(a, dict)}
    new_actions = {str(a.get("task")): a for a in now.get("actions") or [] if isinstance(a, dict)}
    for task in dict.fromkeys([*new_actions, *old_actions]):
        before, after = old_actions.get(task), new_actions.get(task)
        rows += _changed(
            place,
            words["action"],
            _action_text(before, words["done"]) if before else None,
            _action_text(after, words["done"]) if after else None,
            title,
        )
    return rows
