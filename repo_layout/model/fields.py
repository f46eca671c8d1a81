"""The fields of the documents: the schema's keys in their order, and reading or writing one field so that the values
around it keep their style and a new key lands in schema order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.yaml import styles

MEETING_KEYS = (
    "title",
    "date",
    "start",
    "end",
    "location",
    "status",
    "minute_taker",
    "present",
    "absent",
    "information",
    "corrections",
    "points",
)
POINT_KEYS = (
    "number",
    "title",
    "case",
    "time",
    "presenter",
    "closed",
    "approves",
    "carried_from",
    "postponed",
    "sections",
    "decision_heading",
    "decision",
    "follow_up",
    "attachments",
    "actions",
)
ACTION_KEYS = ("task", "owner", "due", "done")
FORUM_KEYS = (
    "name", "organisation", "description", "weekday", "start", "end", "location", "members", "standing_points"
)
REPOSITORY_KEYS = ("schema", "name", "language")
GROUP_KEYS = ("name",)
STATUSES = ("planned", "agenda_sent", "held", "approved", "draft")
"""The meeting's cycle in order; `draft` is what files written before the cycle say, read as `held`."""
CYCLE_STATUSES = STATUSES[:4]
CORRECTION_KEYS = ("date", "by", "what", "why")
FOLLOW_UP_KEYS = ("meeting", "point", "task", "owner", "due")
LINK_KEYS = ("meeting", "point")


def set_key(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set, replace or (for None/empty) remove a key, inserting a new key in schema order."""
    if value is None or value == "" or value == []:
        if key in mapping:
            del mapping[key]
        return
    place_key(mapping, key, value, order)


def place_key(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key (even to an empty container), inserting a new key in schema order."""
    if key in mapping:
        mapping[key] = value
        return
    position = len(mapping)
    if key in order:
        later = set(order[order.index(key) + 1 :])
        for index, existing in enumerate(mapping):
            if existing in later:
                position = index
                break
    mapping.insert(position, key, value)


def get_text(mapping: Mapping[str, Any], key: str) -> str | None:
    """A field as text, or None when it is missing or null."""
    value = mapping.get(key)
    if value is None:
        return None
    return str(value)


def set_text(mapping: CommentedMap, key: str, value: str | None, order: tuple[str, ...]) -> None:
    """Set a text field in its canonical style (the old value kept when equal); empty or None removes it."""
    if value is None or value == "":
        set_key(mapping, key, None, order)
        return
    set_key(mapping, key, styles.restyle_keep(mapping.get(key), value), order)


def get_string_list(mapping: Mapping[str, Any], key: str) -> list[str]:
    """A list field as texts, leaving out nulls and nested values; [] when it is not a list."""
    value = mapping.get(key)
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if item is not None and not isinstance(item, (dict, list))]


def set_string_list(mapping: CommentedMap, key: str, values: list[str], order: tuple[str, ...]) -> None:
    """Set a list of texts, keeping the list and the style of its unchanged items; empty removes it."""
    if not values:
        set_key(mapping, key, None, order)
        return
    old = mapping.get(key)
    if isinstance(old, list) and [str(item) for item in old] == list(values):
        return
    sequence = old if isinstance(old, CommentedSeq) else CommentedSeq()
    previous = list(sequence)
    sequence.clear()
    for index, item in enumerate(values):
        sequence.append(styles.restyle_keep(previous[index] if index < len(previous) else None, item))
    set_key(mapping, key, sequence, order)


def existing_key(mapping: CommentedMap, heading: str) -> Any:
    """The key object of the mapping that reads as `heading` (so its style is kept), else `heading` itself."""
    for key in mapping:
        if str(key) == heading:
            return key
    return heading
