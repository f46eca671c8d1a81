"""A meeting file as the search index keeps it: a record of compact tuples (rows, points, actions, cycle), keyed by blob id.

`parse_record` reads a file's bytes (`plain_yaml.load_plain`, falling back to
the full loader) and `extract` turns the document into a record; a file that
cannot be read becomes ("broken", why). `sound_record` says whether a record
read back from the cache has the shape `extract` makes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from operator import itemgetter
from sys import intern
from typing import Any

from repo_layout.search.plain_yaml import load_plain
from repo_layout.yaml import yamlio

FORUM, TITLE, POINT_TITLE, CASE, SECTION, DECISION, ATTACHMENT, PERSON, INFORMATION, ACTION = range(10)
FIELD_NAMES = ("forum", "title", "point_title", "case", "section", "decision", "attachment", "person", "information", "action")
NAMING = frozenset((TITLE, POINT_TITLE, CASE, PERSON, ATTACHMENT))
"""Short fields that name something: posted twice, in the naming postings as well (so an old title still competes)."""

MAX_ROWS = 20_000
"""A meeting with more rows than this is refused (a YAML alias bomb could otherwise expand while it is walked)."""

Row = tuple[int, int, str | None, str]
"""(point index or -1 for the meeting, field code, heading or role, text)."""
PointInfo = tuple[int, str, str | None]
"""(printed number, title, case number)."""
ActionInfo = tuple[int, int, str, str | None, int | None, bool]
"""(point index, index in the point's actions, task, owner, due date as an ordinal, done)."""
CycleInfo = tuple[Any, ...]
"""(status or None, postponed, carried, follow-ups): the meeting's place in its cycle, for the decision log and the
open actions. postponed: (point index, reason or None); carried: (point index, meeting, point number or None), the
point's `carried_from`; follow-ups: (point index, meeting, point number or None, task), a follow-up point's items."""
Record = tuple[Any, ...]
"""("ok", rows, points, actions, cycle) or ("broken", message)."""


# --- reading a meeting file -------------------------------------------------


def decode(data: bytes) -> str:
    """A meeting file's bytes as text, refusing what yamlio.read_text refuses (in the same words)."""
    return yamlio.decode_text(data)


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these bytes."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def read_record(path: str) -> tuple[str, Record] | None:
    """(blob id of the bytes read, record) for one meeting file; None when it cannot be read now (gone, unreadable)."""
    try:
        data = read_no_link(path)
    except OSError:
        return None
    return blob_id(data), parse_record(data)


def read_no_link(path: str) -> bytes:
    """A file's bytes; OSError when the file is a symbolic link (a meeting is never read through one)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def parse_record(data: bytes) -> Record:
    """The record of a meeting file's bytes; a broken file gives ("broken", why)."""
    try:
        document = load_plain(decode(data))
    except yamlio.YamlLoadError as error:
        where = f" (line {error.line}, column {error.column})" if error.line > 1 or error.column > 1 else ""
        return ("broken", f"{error.message}{where}")
    try:
        return extract(document)
    except _TooLarge:
        return ("broken", f"more than {MAX_ROWS} entries; not a meeting")


# --- from a document to a record ------------------------------------------


class _TooLarge(Exception):
    """The meeting has more rows than MAX_ROWS."""


def _text(value: Any) -> str | None:
    """A scalar as text (None for nothing, a mapping or a list), stripped of surrounding blank lines."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def _texts(value: Any) -> list[str]:
    """The texts of a list of scalars (or of one scalar)."""
    items = value if isinstance(value, list) else [value]
    return [text for text in (_text(item) for item in items) if text]


def extract(document: Any) -> Record:
    """The rows, points and actions of a loaded meeting document."""
    if not isinstance(document, dict):
        return ("broken", "not a mapping of fields")
    rows: list[Row] = []
    title = _text(document.get("title"))
    if title:
        rows.append((-1, TITLE, None, title))
    taker = _text(document.get("minute_taker"))
    if taker:
        rows.append((-1, PERSON, "minute_taker", intern(taker)))
    for role in ("present", "absent"):
        rows.extend((-1, PERSON, role, intern(name)) for name in _texts(document.get(role)))
    information = _text(document.get("information"))
    if information:
        rows.append((-1, INFORMATION, None, information))
    points: list[PointInfo] = []
    actions: list[ActionInfo] = []
    items = document.get("points")
    for index, point in enumerate(items if isinstance(items, list) else []):
        if not isinstance(point, dict):
            point = {}
        _extract_point(index, point, rows, points, actions)
        if len(rows) > MAX_ROWS:
            raise _TooLarge
    return ("ok", tuple(rows), tuple(points), tuple(actions), _cycle(document))


def _link(value: Any) -> tuple[str, int | None] | None:
    """A link's (meeting, point number) as `PointLink.read` reads it, or None."""
    if not isinstance(value, dict):
        return None
    meeting = value.get("meeting")
    if isinstance(meeting, dt.date):
        meeting = meeting.isoformat()
    if not isinstance(meeting, str) or not meeting:
        return None
    number = value.get("point")
    return intern(meeting), number if isinstance(number, int) and not isinstance(number, bool) else None


def _cycle(document: dict) -> CycleInfo:
    """The meeting's status, postponed points, carried points and follow-up items (see CycleInfo)."""
    status = document.get("status")
    postponed: list[tuple[int, str | None]] = []
    carried: list[tuple[int, str, int | None]] = []
    follow_ups: list[tuple[int, str, int | None, str]] = []
    items = document.get("points")
    for index, point in enumerate(items if isinstance(items, list) else []):
        if not isinstance(point, dict):
            continue
        mark = point.get("postponed")
        if isinstance(mark, dict) or mark is True:
            postponed.append((index, _text(mark.get("reason")) if isinstance(mark, dict) else None))
        link = _link(point.get("carried_from"))
        if link is not None:
            carried.append((index, *link))
        listed = point.get("follow_up")
        for item in listed if isinstance(listed, list) else []:
            link = _link(item)
            if link is not None:
                follow_ups.append((index, *link, _text(item.get("task")) or ""))
        if len(follow_ups) > MAX_ROWS:
            raise _TooLarge
    return (
        intern(status) if isinstance(status, str) and status else None,
        tuple(postponed),
        tuple(carried),
        tuple(follow_ups),
    )


def _extract_point(index: int, point: dict, rows: list[Row], points: list[PointInfo], actions: list[ActionInfo]) -> None:
    """Append one point's rows, its (number, title, case) and its actions."""
    number = point.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        number = index + 1
    title = _text(point.get("title")) or ""
    case = _text(point.get("case"))
    points.append((number, title, case))
    if title:
        rows.append((index, POINT_TITLE, None, title))
    if case:
        rows.append((index, CASE, None, case))
    presenter = _text(point.get("presenter"))
    if presenter:
        rows.append((index, PERSON, "presenter", intern(presenter)))
    sections = point.get("sections")
    if isinstance(sections, dict):
        for heading, body in sections.items():
            text = _text(body)
            if text:
                rows.append((index, SECTION, intern(str(heading).strip()), text))
    decision = _text(point.get("decision"))
    if decision:
        rows.append((index, DECISION, None, decision))
    attachments = point.get("attachments")
    for item in attachments if isinstance(attachments, list) else []:
        name = _text(item.get("title") or item.get("file")) if isinstance(item, dict) else _text(item)
        if name:
            rows.append((index, ATTACHMENT, None, name))
    listed = point.get("actions")
    for position, action in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(action, dict):
            continue
        task = _text(action.get("task")) or ""
        owner = _text(action.get("owner"))
        due = action.get("due")
        due_ordinal = due.toordinal() if isinstance(due, dt.date) else None
        actions.append((index, position, task, owner, due_ordinal, action.get("done") is True))
        if task:
            rows.append((index, ACTION, None, task))
        if owner:
            rows.append((index, PERSON, "owner", intern(owner)))
        if len(rows) > MAX_ROWS:
            raise _TooLarge


# --- the shape of a record read back from the cache ---------------------------

MAX_ORDINAL = dt.date.max.toordinal()
NONE = type(None)
POINT_KINDS = ({int}, {str}, {str, NONE})
"""The types of a point's (number, title, case number)."""
ACTION_KINDS = ({int}, {int}, {str}, {str, NONE}, {int, NONE}, {bool})
"""The types of an action's (point index, position, task, owner, due ordinal, done)."""
POSTPONED_KINDS = ({int}, {str, NONE})
CARRIED_KINDS = ({int}, {str}, {int, NONE})
FOLLOW_UP_KINDS = ({int}, {str}, {int, NONE}, {str})


def typed_tuples(items: list[Any], size: int, kinds: tuple[set[type], ...]) -> bool:
    """Every item a tuple of `size` whose columns have the given types."""
    if set(map(type, items)) - {tuple} or set(map(len, items)) - {size}:
        return False
    return all(set(map(type, map(itemgetter(column), items))) <= allowed for column, allowed in enumerate(kinds))


def _points_sound(points: Any) -> bool:
    """(number, title, case) tuples, as extract makes them."""
    return type(points) is tuple and typed_tuples(list(points), 3, POINT_KINDS)


def _actions_sound(actions: Any, points: int) -> bool:
    """(point index, position, task, owner, due ordinal, done) tuples pointing at existing points."""
    if type(actions) is not tuple or not typed_tuples(list(actions), 6, ACTION_KINDS):
        return False
    if not actions:
        return True
    indexes = [action[0] for action in actions]
    dues = [action[4] for action in actions if action[4] is not None]
    return 0 <= min(indexes) and max(indexes) < points and all(1 <= due <= MAX_ORDINAL for due in dues)


def cycle_sound(cycle: Any, points: int) -> bool:
    """(status, postponed, carried, follow-ups) as `_cycle` makes them, each at an existing point."""
    if type(cycle) is not tuple or len(cycle) != 4 or not (cycle[0] is None or type(cycle[0]) is str):
        return False
    parts = ((cycle[1], 2, POSTPONED_KINDS), (cycle[2], 3, CARRIED_KINDS), (cycle[3], 4, FOLLOW_UP_KINDS))
    return all(
        type(part) is tuple and typed_tuples(list(part), size, kinds) and all(0 <= item[0] < points for item in part)
        for part, size, kinds in parts
    )


def sound_record(record: Any) -> bool:
    """True for a record of the shape extract makes: every row, point, action and cycle mark usable as the index uses them."""
    if type(record) is not tuple or not record:
        return False
    if record[0] == "broken":
        return len(record) == 2 and type(record[1]) is str
    if record[0] != "ok" or len(record) != 5 or not _points_sound(record[2]) or not cycle_sound(record[4], len(record[2])):
        return False
    points = len(record[2])
    rows = record[1]
    return (
        type(rows) is tuple
        and all(
            type(row) is tuple and len(row) == 4 and type(row[0]) is int and -1 <= row[0] < points
            and type(row[1]) is int and 0 <= row[1] < len(FIELD_NAMES)
            and (row[2] is None or type(row[2]) is str) and type(row[3]) is str
            for row in rows
        )
        and _actions_sound(record[3], points)
    )
