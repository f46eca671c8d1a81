"""What a merge's result took from each side, in words (the words themselves are in repo_layout.words)."""

from __future__ import annotations

from typing import Any

from repo_layout.history.changes import HEADER_FIELDS, LIST_FIELDS, Change, diff_meetings, phrase
from repo_layout.words import words as words_of


def _all_changes(old: Any, new: Any) -> list[Change]:
    """The changes between two plain documents: diff_meetings, plus keys it does not know (forum.yaml)."""
    found = diff_meetings(old, new)
    known = set(HEADER_FIELDS) | set(LIST_FIELDS) | {"points"}
    for key in dict.fromkeys([*old, *new]):
        if key not in known and old.get(key) != new.get(key):
            found.append(Change("field", field=str(key)))
    return found


def merged_words(base: Any, ours: Any, theirs: Any, result: Any, language: str) -> list[str]:
    """What the result took from each side, in words ("fra dem: punkt 4: beslutning ændret")."""
    words = words_of(language)["merge"]
    from_ours = set(_all_changes(base, ours))
    from_theirs = set(_all_changes(base, theirs))
    found: list[str] = []
    for change in _all_changes(base, result):
        if change.kind == "renumbered":
            continue
        side = "ours" if change in from_ours and change not in from_theirs else None
        side = "theirs" if change in from_theirs and change not in from_ours else side
        if side is not None:
            found.append(f"{words[side]}: {phrase(change, language)}")
    return list(dict.fromkeys(found))
