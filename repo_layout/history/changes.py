"""What changed between two versions of a meeting, by field, and the words that say it.

Used for commit messages ("beslutning i punkt 3 ændret") and for the history's
summaries ("punkt 3: beslutning ændret"), in Danish or English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from repo_layout.words import words as words_of

HEADER_FIELDS = ("title", "date", "start", "end", "location", "minute_taker", "information", "corrections")
LIST_FIELDS = ("present", "absent")
POINT_FIELDS = (
    "title", "case", "time", "presenter", "approves", "carried_from", "decision_heading", "decision", "follow_up", "attachments"
)
POINT_MARKS = ("closed", "postponed")
"""Point keys said as a mark put on or taken off ("punkt 3 udsat"), the postponement's reason included."""


@dataclass(frozen=True)
class Change:
    """One change: kind, the point's number (or None), the field, and a detail (a name, a heading).

    A move names the point and the point it now stands before or after by their numbers before the move
    (field "before" or "after", detail the other point's number)."""

    kind: str  # field | status | marked | unmarked | added_item | removed_item | point_added | point_removed
    #            point_moved | renumbered | section_added | section_removed | section_changed | action_added | action_removed
    #            action_done | action_reopened | action_changed | created | deleted
    point: int | str | None = None
    field: str | None = None
    detail: str | None = None


def _plain(value: Any) -> Any:
    """A ruamel (or plain) value as plain Python for comparison."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _points(document: dict[str, Any]) -> list[dict[str, Any]]:
    points = document.get("points")
    return [point for point in points if isinstance(point, dict)] if isinstance(points, list) else []


def _label(point: dict[str, Any], fallback: int) -> int | str:
    number = point.get("number")
    return number if isinstance(number, int) and not isinstance(number, bool) else f"#{fallback + 1}"


def _identity(point: dict[str, Any]) -> str:
    return str(point.get("title") or "")


def diff_meetings(old: Any, new: Any) -> list[Change]:
    """The changes from `old` to `new` (documents or None for a missing file), in reading order."""
    if old is None and new is None:
        return []
    if old is None:
        return [Change("created")]
    if new is None:
        return [Change("deleted")]
    old_doc, new_doc = _plain(old), _plain(new)
    if not isinstance(old_doc, dict) or not isinstance(new_doc, dict):
        return [Change("field", field="information")] if old_doc != new_doc else []
    changes: list[Change] = []
    if old_doc.get("status") != new_doc.get("status"):
        changes.append(Change("status", field="status", detail=str(new_doc.get("status") or "")))
    for field in HEADER_FIELDS:
        if old_doc.get(field) != new_doc.get(field):
            changes.append(Change("field", field=field))
    for field in LIST_FIELDS:
        before = [str(item) for item in old_doc.get(field) or [] if not isinstance(item, (dict, list))]
        after = [str(item) for item in new_doc.get(field) or [] if not isinstance(item, (dict, list))]
        changes.extend(Change("added_item", field=field, detail=name) for name in after if name not in before)
        changes.extend(Change("removed_item", field=field, detail=name) for name in before if name not in after)
    changes.extend(_point_changes(_points(old_doc), _points(new_doc)))
    return changes


def _match_points(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of the same point; None on one side for added or removed points."""
    pairs: dict[int, int] = {}
    used_new: set[int] = set()
    # same title first (in order), then the same number, then what is left at the same position
    for key in (_identity, lambda point: point.get("number")):
        for old_index, point in enumerate(old):
            if old_index in pairs:
                continue
            for new_index, candidate in enumerate(new):
                if new_index in used_new:
                    continue
                value = key(point)
                if value not in (None, "") and key(candidate) == value:
                    pairs[old_index] = new_index
                    used_new.add(new_index)
                    break
    result: list[tuple[int | None, int | None]] = [(o, n) for o, n in pairs.items()]
    result.extend((o, None) for o in range(len(old)) if o not in pairs)
    result.extend((None, n) for n in range(len(new)) if n not in used_new)
    return result


def _staying(order: list[int]) -> set[int]:
    """The longest run of `order` (old indexes in their new order) that kept its relative order: the points that did not move.

    Of equally long runs the one ending lowest is kept, so a point moved up past one other is the one said to move.
    """
    tails: list[int] = []  # positions in `order` ending the best run of each length
    previous = [-1] * len(order)
    for position, value in enumerate(order):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if order[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        previous[position] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    staying: set[int] = set()
    position = tails[-1] if tails else -1
    while position >= 0:
        staying.add(order[position])
        position = previous[position]
    return staying


def _moves(old: list[dict[str, Any]], matched: list[tuple[int, int]]) -> dict[int, Change]:
    """New index -> the move of each point that changed place ("point 2 moved before point 1"), in old numbers."""
    in_new_order = sorted(matched, key=lambda pair: pair[1])
    staying = _staying([o for o, _ in in_new_order])
    moves: dict[int, Change] = {}
    for position, (o, n) in enumerate(in_new_order):
        if o in staying:
            continue
        if position + 1 < len(in_new_order):
            anchor, where = in_new_order[position + 1][0], "before"
        else:
            anchor, where = in_new_order[position - 1][0], "after"
        moves[n] = Change("point_moved", point=_label(old[o], o), field=where, detail=str(_label(old[anchor], anchor)))
    return moves


def _point_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    changes: list[Change] = []
    pairs = _match_points(old, new)
    moves = _moves(old, [(o, n) for o, n in pairs if o is not None and n is not None])
    renumbered = 0
    for o, n in sorted(pairs, key=lambda pair: pair[1] if pair[1] is not None else len(new) + (pair[0] or 0)):
        if o is None and n is not None:
            changes.append(Change("point_added", point=_label(new[n], n)))
        elif n is None and o is not None:
            changes.append(Change("point_removed", point=_label(old[o], o)))
        elif o is not None and n is not None:
            before, after = old[o], new[n]
            label = _label(after, n)
            if n in moves:
                changes.append(moves[n])
            if before.get("number") != after.get("number"):
                renumbered += 1
            for field in POINT_FIELDS:
                if before.get(field) != after.get(field):
                    changes.append(Change("field", point=label, field=field))
            for mark in POINT_MARKS:
                if before.get(mark) != after.get(mark):
                    kind = "marked" if after.get(mark) not in (None, False) else "unmarked"
                    changes.append(Change(kind, point=label, field=mark))
            changes.extend(_section_changes(before, after, label))
            changes.extend(_action_changes(before, after, label))
    if renumbered:
        changes.append(Change("renumbered"))
    return changes


def _section_changes(before: dict[str, Any], after: dict[str, Any], label: int | str) -> list[Change]:
    old = before.get("sections") if isinstance(before.get("sections"), dict) else {}
    new = after.get("sections") if isinstance(after.get("sections"), dict) else {}
    changes = [Change("section_added", point=label, detail=heading) for heading in new if heading not in old]
    changes += [Change("section_removed", point=label, detail=heading) for heading in old if heading not in new]
    changes += [
        Change("section_changed", point=label, detail=heading)
        for heading in new
        if heading in old and old[heading] != new[heading]
    ]
    return changes


def _action_changes(before: dict[str, Any], after: dict[str, Any], label: int | str) -> list[Change]:
    old = [a for a in before.get("actions") or [] if isinstance(a, dict)]
    new = [a for a in after.get("actions") or [] if isinstance(a, dict)]
    old_by_task = {str(a.get("task")): a for a in old}
    new_by_task = {str(a.get("task")): a for a in new}
    changes = []
    for task, action in new_by_task.items():
        previous = old_by_task.get(task)
        if previous is None:
            changes.append(Change("action_added", point=label, detail=task))
        elif bool(previous.get("done")) != bool(action.get("done")):
            changes.append(Change("action_done" if action.get("done") else "action_reopened", point=label, detail=task))
        elif previous != action:
            changes.append(Change("action_changed", point=label, detail=task))
    changes += [Change("action_removed", point=label, detail=task) for task in old_by_task if task not in new_by_task]
    return changes


def phrase(change: Change, language: str = "da", style: str = "summary") -> str:
    """One change in words: style "summary" ("punkt 3: beslutning ændret") or "commit" ("beslutning i punkt 3 ændret")."""
    words = words_of(language)["changes"]
    fields = words["fields"]
    point = f"{words['point']} {change.point}"
    field = fields.get(change.field or "", change.field or "")
    if change.kind == "created":
        return words["created"]
    if change.kind == "deleted":
        return words["deleted"]
    if change.kind == "renumbered":
        return words["renumbered"]
    if change.kind == "status":
        status = words_of(language)["labels"].get(change.detail or "", change.detail or "")
        return words["status_to"].format(status=status.lower() if status else "-")
    if change.kind in ("marked", "unmarked"):
        return f"{point} {words['marks'][f'{change.field}_{change.kind}']}"
    if change.kind == "point_added":
        return f"{point} {words['added']}"
    if change.kind == "point_removed":
        return f"{point} {words['removed']}"
    if change.kind == "point_moved":
        if change.field in ("before", "after") and change.detail:
            where = words["moved_before"] if change.field == "before" else words["moved_after"]
            return f"{point} {where} {words['point']} {change.detail}"
        return f"{point} {words['moved']}"
    if change.kind in ("added_item", "removed_item"):
        verb = words["added"] if change.kind == "added_item" else words["removed"]
        return f"{field}: {change.detail} {verb}"
    if change.kind.startswith("section_"):
        verb = {"section_added": words["added"], "section_removed": words["removed"]}.get(change.kind, words["changed"])
        what = f"{words['section']} '{change.detail}'"
        return f"{point}: {what} {verb}" if style == "summary" else f"{what}{words['of_point']}{point} {verb}"
    if change.kind.startswith("action_"):
        verb = {
            "action_added": words["added"],
            "action_removed": words["removed"],
            "action_done": words["done"],
            "action_reopened": words["reopened"],
        }.get(change.kind, words["changed"])
        what = f"{words['action']} '{change.detail}'"
        return f"{point}: {what} {verb}" if style == "summary" else f"{what}{words['of_point']}{point} {verb}"
    # a field
    if change.point is None:
        return f"{field} {words['changed']}"
    if style == "summary":
        return f"{point}: {field} {words['changed']}"
    return f"{field}{words['of_point']}{point} {words['changed']}"


def describe(changes: list[Change], language: str = "da", style: str = "summary", limit: int | None = None) -> str:
    """Changes as one line of phrases joined by commas; `limit` phrases at most, then "and N more"."""
    words = words_of(language)["changes"]
    if not changes:
        return words["nothing"]
    phrases = list(dict.fromkeys(phrase(change, language, style) for change in changes))
    if limit is not None and len(phrases) > limit:
        rest = len(phrases) - limit
        return ", ".join(phrases[:limit]) + ", " + words["more"].format(count=rest)
    return ", ".join(phrases)


def commit_message(forum: str, date: dt.date | None, changes: list[Change], language: str = "da") -> str:
    """A commit message: a subject naming forum, date and the first changes; every change in the body."""
    prefix = f"{forum} {date.isoformat()}" if date else forum
    subject = f"{prefix}: {describe(changes, language, 'commit', limit=3)}"
    phrases = list(dict.fromkeys(phrase(change, language, "commit") for change in changes))
    if len(phrases) <= 3:
        return subject
    return subject + "\n\n" + "\n".join(f"- {item}" for item in phrases)
