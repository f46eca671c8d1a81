"""The walk of a structural merge: the other side's changes applied to ours, field by field, point by point.

It works on ruamel round-trip objects (CommentedMap, CommentedSeq), so ours'
comments, key order and layout stay.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.history.changes import _match_points, _plain
from repo_layout.model.fields import ACTION_KEYS, MEETING_KEYS, POINT_KEYS
from repo_layout.sync.merge_conflicts import ABSENT, ChoiceError, ConflictRecorder, Where, action_task, point_title
from repo_layout.yaml import styles


def _p(value: Any) -> Any:
    """A value as plain Python for comparison; ABSENT stays ABSENT."""
    return value if value is ABSENT else _plain(value)


def _identity_key(value: Any) -> str:
    """A hashable text for a value, for set merges."""
    return json.dumps(_plain(value), sort_keys=True, default=str, ensure_ascii=False)


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


def _find(items: list[Any], wanted: Any) -> int:
    """The index of an object in a list by identity, or -1."""
    return next((index for index, item in enumerate(items) if item is wanted), -1)


class FieldMerger(ConflictRecorder):
    """One merge: walks the three documents, changes the ours document in place, collects conflicts."""

    def __init__(self, language: str, choices: dict[str, str] | None) -> None:
        super().__init__(language, choices)
        self.changed = False

    def merge_mapping(self, base: Any, ours: CommentedMap, theirs: Mapping[Any, Any], where: Where) -> None:
        """Merge `theirs` into `ours` (changed in place) key by key, against `base`."""
        base_map: Mapping[Any, Any] = base if isinstance(base, Mapping) else {}
        for key in list(dict.fromkeys([*ours, *theirs, *base_map])):
            self.merge_entry(ours, theirs, key, base_map.get(key, ABSENT), ours.get(key, ABSENT), theirs.get(key, ABSENT), where)

    def merge_entry(
        self, parent: CommentedMap, theirs_parent: Mapping[Any, Any], key: Any, b: Any, o: Any, t: Any, where: Where
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
            inner = Where(where.key, where.label, kind) if kind == "sections" else Where(conflict_key, label, kind)
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

    def put(self, parent: CommentedMap, key: Any, value: Any, theirs_parent: Mapping[Any, Any], where: Where) -> None:
        """Set (or, for ABSENT, remove) a key of ours; a new key goes where schema order or theirs puts it."""
        self.changed = True
        if value is ABSENT:
            if key in parent:
                del parent[key]
            return
        value = styles.styled_if_bare(value)
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
            ours.insert(position, styles.styled_if_bare(item))
            ours_keys.insert(position, item_key)
        if not ours:
            del parent[key]

    def merge_sequence(self, base: list[Any], ours: CommentedSeq, theirs: list[Any], where: Where, kind: str) -> None:
        """Merge the points of a meeting (kind "point") or the actions of a point (kind "action") item by item."""
        self.changed = True
        match: Callable[[list[Any], list[Any]], list[tuple[int | None, int | None]]] = (
            _match_points if kind == "point" else _match_actions
        )
        identity = point_title if kind == "point" else action_task
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

        def place(item: Any, o_index: int | None, t_index: int | None, b_index: int | None) -> Where:
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
            item = styles.styled_if_bare(to_insert[t_index])
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
        where: Where,
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
        return f"{number}. {point_title(item)}" if number is not None else point_title(item)
    return action_task(item)


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
