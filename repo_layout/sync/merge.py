"""Structural 3-way merge of meeting files (and any YAML mapping): field by field, point by point.

The merge starts from the "ours" document, so its comments, key order and layout stay,
and applies the other side's changes to it through ruamel round-trip objects:

- a field (header field, point field, section of a point, field of an action) changed on
  one side only takes that side's value; the same change on both sides is no conflict;
- the points of a meeting and the actions of a point are matched between versions the way
  `changes.diff_meetings` matches them (`changes._match_points`: same title, then same
  number), so a point added on each side keeps both, and a point deleted on one side and
  edited on the other is a conflict rather than a silent loss;
- lists of plain values (present, absent, attachments, members) merge as sets;
- the same field changed to different values on both sides is a `FieldConflict`; the text
  of a `MergeResult` keeps "ours" there, and `resolve` applies a person's choices.

In this application "ours" is always the local user's version ("mine") and "theirs" the
version that came from the remote; `repo_layout.sync.session` takes care of git's inverted sides
during a rebase before it calls this module.

Run as `python -m repo_layout.sync.merge --driver MODE RECORD LANGUAGE %O %A %B %P` it is a git
merge driver (see `driver_main`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from repo_layout.history.changes import HEADER_FIELDS, LIST_FIELDS, Change, _match_points, _plain, diff_meetings, phrase
from repo_layout.history.changes import WORDS as CHANGE_WORDS
from repo_layout.model.fields import ACTION_KEYS, MEETING_KEYS, POINT_KEYS
from repo_layout.yaml import splice, styles, yamlio

WORDS = {
    "da": {
        "section": "afsnit",
        "action": "opfølgning",
        "action_fields": {"task": "opgave", "owner": "ansvarlig", "due": "frist", "done": "udført"},
        "order": "rækkefølge",
        "points_order": "punkternes rækkefølge",
        "file": "hele filen",
        "ours": "fra mig",
        "theirs": "fra dem",
    },
    "en": {
        "section": "section",
        "action": "action",
        "action_fields": {"task": "task", "owner": "owner", "due": "due", "done": "done"},
        "order": "order",
        "points_order": "order of the points",
        "file": "the whole file",
        "ours": "from me",
        "theirs": "from them",
    },
}

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


@dataclass
class MergeResult:
    """The merged text (with "ours" in conflicting places), the conflicts, and what was merged in words."""

    text: str
    conflicts: list[FieldConflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


class ChoiceError(ValueError):
    """A choice for `resolve` is missing or cannot be used."""


class _Absent:
    """The value of a key or item that is not there (distinct from a YAML null)."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()


def _p(value: Any) -> Any:
    """A value as plain Python for comparison; ABSENT stays ABSENT."""
    return value if value is ABSENT else _plain(value)


def _identity_key(value: Any) -> str:
    """A hashable text for a value, for set merges."""
    return json.dumps(_plain(value), sort_keys=True, default=str, ensure_ascii=False)


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


def _adopt(value: Any) -> Any:
    """A value from the other document, ready to be stored in ours (a bare str gets its canonical style)."""
    if isinstance(value, str) and not isinstance(value, ScalarString):
        return styles.styled(value)
    return value


@dataclass(frozen=True)
class _Where:
    """Where in the document a merge is: the conflict-key prefix, the label prefix and the kind of mapping."""

    key: str
    label: str
    kind: str  # meeting | point | sections | action | map


_ORDERS = {"meeting": MEETING_KEYS, "point": POINT_KEYS, "action": ACTION_KEYS}


def _match_actions(old: list[Any], new: list[Any]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of the same action: same task first, then what is left in order."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for old_index, action in enumerate(old):
        for new_index, candidate in enumerate(new):
            if new_index not in used and str(action.get("task") or "") == str(candidate.get("task") or ""):
                pairs[old_index] = new_index
                used.add(new_index)
                break
    left_old = [index for index in range(len(old)) if index not in pairs]
    left_new = [index for index in range(len(new)) if index not in used]
    for old_index, new_index in zip(left_old, left_new, strict=False):
        pairs[old_index] = new_index
        used.add(new_index)
    result: list[tuple[int | None, int | None]] = list(pairs.items())
    result.extend((index, None) for index in range(len(old)) if index not in pairs)
    result.extend((None, index) for index in range(len(new)) if index not in used)
    return result


def _title(item: Any) -> str:
    return str(item.get("title") or "") if isinstance(item, Mapping) else ""


def _task(item: Any) -> str:
    return str(item.get("task") or "") if isinstance(item, Mapping) else ""


def _find(items: list[Any], wanted: Any) -> int:
    """The index of an object in a list by identity, or -1."""
    return next((index for index, item in enumerate(items) if item is wanted), -1)


class _Merger:
    """One merge: walks the three documents, changes the ours document in place, collects conflicts."""

    def __init__(self, language: str, choices: dict[str, str] | None) -> None:
        self.language = language if language in WORDS else "da"
        self.words = WORDS[self.language]
        self.fields: dict[str, str] = CHANGE_WORDS[self.language]["fields"]
        self.point_word: str = CHANGE_WORDS[self.language]["point"]
        self.choices = choices
        self.conflicts: list[FieldConflict] = []
        self.changed = False
        self._seen: dict[str, int] = {}

    # conflicts ---------------------------------------------------------------------------

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

    # names -------------------------------------------------------------------------------

    def name(self, where: _Where, key: Any) -> tuple[str, str]:
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

    def point_where(self, items: list[tuple[Any, int]]) -> _Where:
        """The place of one point, named by its number (from the first side that has the point)."""
        ident = ""
        for item, index in items:
            if item is ABSENT:
                continue
            number = item.get("number") if isinstance(item, Mapping) else None
            ident = str(number) if isinstance(number, int) and not isinstance(number, bool) else f"#{index + 1}"
            break
        return _Where(f"point:{ident}", f"{self.point_word} {ident}", "point")

    def action_where(self, parent: _Where, items: list[tuple[Any, int]]) -> _Where:
        """The place of one action of a point, named by its position and task."""
        for item, index in items:
            if item is not ABSENT:
                label = f"{parent.label}: {self.words['action']} '{_task(item)}'"
                return _Where(f"{parent.key}:action:{index + 1}", label, "action")
        return _Where(f"{parent.key}:action", f"{parent.label}: {self.words['action']}", "action")

    # mappings ----------------------------------------------------------------------------

    def merge_mapping(self, base: Any, ours: CommentedMap, theirs: Mapping[Any, Any], where: _Where) -> None:
        """Merge `theirs` into `ours` (changed in place) key by key, against `base`."""
        base_map: Mapping[Any, Any] = base if isinstance(base, Mapping) else {}
        for key in list(dict.fromkeys([*ours, *theirs, *base_map])):
            self.merge_entry(ours, theirs, key, base_map.get(key, ABSENT), ours.get(key, ABSENT), theirs.get(key, ABSENT), where)

    def merge_entry(
        self, parent: CommentedMap, theirs_parent: Mapping[Any, Any], key: Any, b: Any, o: Any, t: Any, where: _Where
    ) -> None:
        """Merge one key of a mapping."""
        plain_b, plain_o, plain_t = _p(b), _p(o), _p(t)
        if plain_o == plain_t or plain_t == plain_b:
            return
        only_theirs = plain_o == plain_b
        conflict_key, label = self.name(where, key)
        lists = isinstance(o, CommentedSeq) and isinstance(t, list) and (b is ABSENT or b is None or isinstance(b, list))
        maps_only = lists and all(isinstance(item, Mapping) for item in [*o, *t, *(b if isinstance(b, list) else [])])
        # containers are merged inside, also when only theirs changed them: ours' comments and layout stay
        if lists and maps_only and where.kind == "meeting" and str(key) == "points":
            self.merge_sequence(b if isinstance(b, list) else [], o, t, where, "point")
        elif lists and maps_only and where.kind == "point" and str(key) == "actions":
            self.merge_sequence(b if isinstance(b, list) else [], o, t, where, "action")
        elif isinstance(o, CommentedMap) and isinstance(t, Mapping) and (b is ABSENT or b is None or isinstance(b, Mapping)):
            kind = "sections" if where.kind == "point" and str(key) == "sections" else "map"
            inner = _Where(where.key, where.label, kind) if kind == "sections" else _Where(conflict_key, label, kind)
            self.merge_mapping(b, o, t, inner)
        elif lists and not only_theirs:
            self.merge_set(parent, key, b if isinstance(b, list) else [], o, t)
            return
        elif only_theirs:
            self.put(parent, key, t, theirs_parent, where)
            return
        else:
            choice = self.conflict(conflict_key, label, b, o, t)
            if choice == "theirs":
                self.put(parent, key, t, theirs_parent, where)
            elif choice != "ours":
                self.put(parent, key, self.parse_choice(choice, label, b, o, t), theirs_parent, where)
            return
        if only_theirs and _p(parent.get(key, ABSENT)) != plain_t:
            self.put(parent, key, t, theirs_parent, where)  # a change the walk cannot express (a reorder): theirs whole

    def put(self, parent: CommentedMap, key: Any, value: Any, theirs_parent: Mapping[Any, Any], where: _Where) -> None:
        """Set (or, for ABSENT, remove) a key of ours; a new key goes where schema order or theirs puts it."""
        self.changed = True
        if value is ABSENT:
            if key in parent:
                del parent[key]
            return
        value = _adopt(value)
        if key in parent:
            parent[key] = value
            return
        parent.insert(self.position(parent, key, theirs_parent, _ORDERS.get(where.kind, ())), key, value)

    @staticmethod
    def position(parent: CommentedMap, key: Any, theirs_parent: Mapping[Any, Any], order: tuple[str, ...]) -> int:
        """Where a new key goes: before the first later key in schema order, else after its predecessor in theirs."""
        existing = [str(name) for name in parent]
        if str(key) in order:
            later = set(order[order.index(str(key)) + 1 :])
            return next((index for index, name in enumerate(existing) if name in later), len(existing))
        theirs_keys = [str(name) for name in theirs_parent]
        if str(key) in theirs_keys:
            for previous in reversed(theirs_keys[: theirs_keys.index(str(key))]):
                if previous in existing:
                    return existing.index(previous) + 1
            return 0
        return len(existing)

    # lists -------------------------------------------------------------------------------

    def merge_set(self, parent: CommentedMap, key: Any, base: list[Any], ours: list[Any], theirs: list[Any]) -> None:
        """Merge lists of values as sets: what theirs removed goes, what theirs added comes (after its predecessor)."""
        self.changed = True
        base_keys = {_identity_key(item) for item in base}
        theirs_keys = {_identity_key(item) for item in theirs}
        removed = base_keys - theirs_keys
        for index in reversed(range(len(ours))):
            if _identity_key(ours[index]) in removed:
                del ours[index]
        ours_keys = [_identity_key(item) for item in ours]
        for index, item in enumerate(theirs):
            item_key = _identity_key(item)
            if item_key in base_keys or item_key in ours_keys:
                continue
            position = 0
            for previous in reversed(theirs[:index]):
                previous_key = _identity_key(previous)
                if previous_key in ours_keys:
                    position = ours_keys.index(previous_key) + 1
                    break
            # what ours added at the same place stays first
            while position < len(ours_keys) and ours_keys[position] not in base_keys | theirs_keys:
                position += 1
            ours.insert(position, _adopt(item))
            ours_keys.insert(position, item_key)
        if not ours:
            del parent[key]

    def merge_sequence(self, base: list[Any], ours: CommentedSeq, theirs: list[Any], where: _Where, kind: str) -> None:
        """Merge the points of a meeting (kind "point") or the actions of a point (kind "action") item by item."""
        self.changed = True
        match: Callable[[list[Any], list[Any]], list[tuple[int | None, int | None]]] = (
            _match_points if kind == "point" else _match_actions
        )
        identity = _title if kind == "point" else _task
        ours_items, theirs_items = list(ours), list(theirs)
        base_to_ours = {b: o for b, o in match(base, ours_items) if b is not None and o is not None}
        base_to_theirs = {b: t for b, t in match(base, theirs_items) if b is not None and t is not None}
        ours_added = [index for index in range(len(ours_items)) if index not in base_to_ours.values()]
        theirs_added = [index for index in range(len(theirs_items)) if index not in base_to_theirs.values()]
        # the same item (same title / task) added on both sides is one item
        added_pairs: dict[int, int] = {}
        for t_index in theirs_added:
            for o_index in ours_added:
                name = identity(ours_items[o_index])
                if o_index not in added_pairs and name and name == identity(theirs_items[t_index]):
                    added_pairs[o_index] = t_index
                    break
        ours_to_base = {o: b for b, o in base_to_ours.items()}
        ours_to_theirs = {o: base_to_theirs[b] for b, o in base_to_ours.items() if b in base_to_theirs} | added_pairs
        only_ours = {id(ours_items[index]) for index in ours_added if index not in added_pairs}
        theirs_object: dict[int, Any] = {t: ours_items[o] for o, t in ours_to_theirs.items()}
        final: list[Any] = list(ours_items)

        def place(item: Any, o_index: int | None, t_index: int | None, b_index: int | None) -> _Where:
            sides = [
                (ours_items[o_index] if o_index is not None else ABSENT, o_index or 0),
                (theirs_items[t_index] if t_index is not None else ABSENT, t_index or 0),
                (base[b_index] if b_index is not None else ABSENT, b_index or 0),
            ]
            return self.point_where(sides) if kind == "point" else self.action_where(where, sides)

        for o_index, item in enumerate(ours_items):
            t_index, b_index = ours_to_theirs.get(o_index), ours_to_base.get(o_index)
            if t_index is not None:
                if _p(item) != _p(theirs_items[t_index]):
                    spot = place(item, o_index, t_index, b_index)
                    self.merge_mapping(base[b_index] if b_index is not None else {}, item, theirs_items[t_index], spot)
            elif b_index is not None:
                # theirs deleted the item: gone when ours left it alone, a conflict when ours edited it
                if _p(item) == _p(base[b_index]):
                    final.pop(_find(final, item))
                    continue
                spot = place(item, o_index, None, b_index)
                choice = self.conflict(spot.key, spot.label, base[b_index], item, ABSENT)
                if choice == "theirs":
                    final.pop(_find(final, item))
                elif choice != "ours":
                    replacement = self.parse_choice(choice, spot.label, base[b_index], item)
                    position = _find(final, item)
                    if replacement is ABSENT:
                        final.pop(position)
                    else:
                        final[position] = replacement
        to_insert: dict[int, Any] = {}
        for b_index, t_index in base_to_theirs.items():
            if b_index in base_to_ours or _p(theirs_items[t_index]) == _p(base[b_index]):
                continue
            # ours deleted the item, theirs edited it
            spot = place(theirs_items[t_index], None, t_index, b_index)
            choice = self.conflict(spot.key, spot.label, base[b_index], ABSENT, theirs_items[t_index])
            if choice == "theirs":
                to_insert[t_index] = theirs_items[t_index]
            elif choice != "ours":
                replacement = self.parse_choice(choice, spot.label, base[b_index], theirs_items[t_index])
                if replacement is not ABSENT:
                    to_insert[t_index] = replacement
        for t_index in theirs_added:
            if t_index not in added_pairs.values():
                to_insert[t_index] = theirs_items[t_index]
        self.merge_order(final, base, ours_items, theirs_items, ours_to_base, ours_to_theirs, where, kind)
        for t_index in sorted(to_insert):
            item = _adopt(to_insert[t_index])
            position = 0
            for previous in range(t_index - 1, -1, -1):
                anchor = theirs_object.get(previous)
                if anchor is not None and _find(final, anchor) >= 0:
                    position = _find(final, anchor) + 1
                    break
            # what ours added at the same place stays first
            while position < len(final) and id(final[position]) in only_ours:
                position += 1
            final.insert(position, item)
            theirs_object[t_index] = item
        _rearrange(ours, final)

    def merge_order(
        self,
        final: list[Any],
        base: list[Any],
        ours_items: list[Any],
        theirs_items: list[Any],
        ours_to_base: dict[int, int],
        ours_to_theirs: dict[int, int],
        where: _Where,
        kind: str,
    ) -> None:
        """Take theirs' order of the common items when ours kept the base order; both moved differently is a conflict."""
        index_of = {id(item): index for index, item in enumerate(ours_items)}
        common = [
            item
            for item in final
            if id(item) in index_of and index_of[id(item)] in ours_to_base and index_of[id(item)] in ours_to_theirs
        ]
        if len(common) < 2:
            return
        base_index = {id(item): ours_to_base[index_of[id(item)]] for item in common}
        theirs_index = {id(item): ours_to_theirs[index_of[id(item)]] for item in common}
        ours_order = [base_index[id(item)] for item in common]
        theirs_sorted = sorted(common, key=lambda item: theirs_index[id(item)])
        theirs_order = [base_index[id(item)] for item in theirs_sorted]
        if theirs_order == sorted(theirs_order) or theirs_order == ours_order:
            return
        slots = [_find(final, item) for item in common]
        if ours_order == sorted(ours_order):
            for slot, item in zip(slots, theirs_sorted, strict=True):
                final[slot] = item
            return

        def describe(items: list[Any]) -> str:
            return "".join(f"{_item_line(item, kind)}\n" for item in items)

        base_items = sorted(common, key=lambda item: base_index[id(item)])
        label = self.words["points_order"] if kind == "point" else f"{where.label}: {self.words['order']}"
        key = "points:order" if kind == "point" else f"{where.key}:actions:order"
        choice = self.conflict(key, label, describe(base_items), describe(common), describe(theirs_sorted))
        if choice == "ours":
            return
        if choice == "theirs":
            wanted = theirs_sorted
        else:
            lines = [line.strip() for line in choice.splitlines() if line.strip()]
            by_line = {_item_line(item, kind): item for item in common}
            unknown = [line for line in lines if line not in by_line]
            if unknown:
                raise ChoiceError(f"{label}: unknown lines {unknown}; write the lines of one version in a new order")
            wanted = [by_line[line] for line in dict.fromkeys(lines)]
            wanted += [item for item in common if all(item is not other for other in wanted)]
        for slot, item in zip(slots, wanted, strict=True):
            final[slot] = item


def _item_line(item: Any, kind: str) -> str:
    """One line naming a point ("3. Title") or an action (its task), for order conflicts."""
    if kind == "point":
        number = item.get("number")
        return f"{number}. {_title(item)}" if number is not None else _title(item)
    return _task(item)


def _rearrange(sequence: CommentedSeq, final: list[Any]) -> None:
    """Make `sequence` hold exactly `final`, with inserts and deletes so that comments move with their items."""
    for index, item in enumerate(final):
        if index < len(sequence) and sequence[index] is item:
            continue
        found = next((position for position in range(index + 1, len(sequence)) if sequence[position] is item), None)
        if found is not None:
            del sequence[found]
        sequence.insert(index, item)
    while len(sequence) > len(final):
        del sequence[len(sequence) - 1]


# words ------------------------------------------------------------------------------------

def _all_changes(old: Any, new: Any) -> list[Change]:
    """The changes between two plain documents: diff_meetings, plus keys it does not know (forum.yaml)."""
    found = diff_meetings(old, new)
    known = set(HEADER_FIELDS) | set(LIST_FIELDS) | {"points"}
    for key in dict.fromkeys([*old, *new]):
        if key not in known and old.get(key) != new.get(key):
            found.append(Change("field", field=str(key)))
    return found


def _merged_words(base: Any, ours: Any, theirs: Any, result: Any, language: str) -> list[str]:
    """What the result took from each side, in words ("fra dem: punkt 4: beslutning ændret")."""
    words = WORDS.get(language, WORDS["da"])
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


# the merge --------------------------------------------------------------------------------

def _merge(base: str | None, ours: str, theirs: str, language: str, choices: dict[str, str] | None) -> MergeResult:
    merger = _Merger(language, choices)
    if ours == theirs or (base is not None and theirs == base):
        return MergeResult(ours)
    try:
        ours_doc = yamlio.load_text(ours)
        theirs_doc = yamlio.load_text(theirs)
    except yamlio.YamlLoadError:
        return _whole_file(merger, base, ours, theirs)
    try:
        base_doc = yamlio.load_text(base) if base else None
    except yamlio.YamlLoadError:
        base_doc = None  # an unreadable ancestor: merge the two sides as if both had added everything
    base_doc = CommentedMap() if base_doc is None else base_doc
    if not all(isinstance(doc, CommentedMap) for doc in (base_doc, ours_doc, theirs_doc)):
        return _whole_file(merger, base, ours, theirs)
    plain_base, plain_ours, plain_theirs = _plain(base_doc), _plain(ours_doc), _plain(theirs_doc)
    if base is not None and ours == base:
        return MergeResult(theirs, [], _merged_words(plain_base, plain_ours, plain_theirs, plain_theirs, merger.language))
    merger.merge_mapping(base_doc, ours_doc, theirs_doc, _Where("", "", "meeting"))
    text = splice.save_text(ours, ours_doc, yamlio.guess_layout(ours)) if merger.changed else ours
    words = _merged_words(plain_base, plain_ours, plain_theirs, _plain(ours_doc), merger.language)
    return MergeResult(text, merger.conflicts, words)


def _whole_file(merger: _Merger, base: str | None, ours: str, theirs: str) -> MergeResult:
    """A file that is not a YAML mapping on every side: one conflict over the whole text."""
    choice = merger.conflict(FILE_KEY, merger.words["file"], ABSENT if base is None else base, ours, theirs)
    text = ours if choice == "ours" else theirs if choice == "theirs" else choice
    return MergeResult(text, merger.conflicts, [])


def merge_meeting(base: str | None, ours: str, theirs: str, language: str = "da") -> MergeResult:
    """Merge two versions of a meeting file field by field against their common ancestor (None when there is none)."""
    return _merge(base, ours, theirs, language, None)


def resolve(base: str | None, ours: str, theirs: str, choices: dict[str, str], language: str = "da") -> str:
    """The final file: the merge with each conflict settled by "ours", "theirs" or a replacement text."""
    result = _merge(base, ours, theirs, language, choices)
    missing = [conflict.label for conflict in result.conflicts if conflict.key not in choices]
    if missing:
        raise ChoiceError(f"no choice made for: {', '.join(missing)}")
    return result.text


# git merge driver -------------------------------------------------------------------------

def driver_main(argv: list[str]) -> int:
    """Git merge driver: `--driver MODE RECORD LANGUAGE %O %A %B %P`; exit 0 when merged, 1 when a person must choose.

    MODE says which of git's sides is the local user's: during a rebase %A is the
    upstream and %B the local commit being replayed; during a merge %A is the local
    HEAD. The merged text goes to %A; a line of JSON naming what was merged goes to RECORD.
    """
    if len(argv) != 8 or argv[0] != "--driver":
        print("usage: python -m repo_layout.sync.merge --driver MODE RECORD LANGUAGE BASE CURRENT OTHER PATH", file=sys.stderr)
        return 2
    mode, record, language, base_file, current_file, other_file, path = argv[1:]
    try:
        base, current, other = (Path(name).read_bytes().decode("utf-8") for name in (base_file, current_file, other_file))
        mine, theirs = (other, current) if mode == "rebase" else (current, other)
        result = merge_meeting(base or None, mine, theirs, language)
        if result.conflicts:
            return 1
        Path(current_file).write_bytes(result.text.encode("utf-8"))
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"path": path, "merged": result.merged}, ensure_ascii=False) + "\n")
    except Exception:  # any failure leaves the file to the caller, as a conflict
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(driver_main(sys.argv[1:]))
