"""The decision log (every decision, newest first, filterable) and the open actions (by due date), from an index's columns.

Both lists are made once after each change of the columns and kept until the next. Each row carries its meeting's
status; an open action says where a later meeting followed it up, and the postponed points no later meeting of the
forum took up are listed beside the actions (the links are the meetings' file names, inside one forum).
"""

from __future__ import annotations

import datetime as dt
import posixpath

from repo_layout.search.columns import Columns
from repo_layout.search.filters import matching_forums
from repo_layout.search.records import DECISION, POINT_TITLE
from repo_layout.search.results import ActionRow, DecisionRow
from repo_layout.search.terms import expand
from repo_layout.search.textfold import STOPWORDS, fold, parse_query


def decisions(
    columns: Columns,
    forum: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    text: str | None = None,
) -> list[DecisionRow]:
    """Every decision of every meeting, newest first; optionally of one forum, in a date range, holding words of `text`."""
    rows, ids = decision_log(columns)
    if text and text.strip():
        matching = decisions_matching(columns, text)
        if matching is not None:
            rows = [row for row, number in zip(rows, ids, strict=True) if number in matching]
    if forum:
        allowed = {columns.forums[index].name for index in matching_forums(columns, " ".join(fold(forum).split()))}
        rows = [row for row in rows if row.forum in allowed]
    if start:
        rows = [row for row in rows if row.date >= start]
    if end:
        rows = [row for row in rows if row.date <= end]
    return list(rows)


def decision_log(columns: Columns) -> tuple[list[DecisionRow], list[int]]:
    """Every decision, newest first, and the row each comes from (made once after each change)."""
    if columns.decision_rows is None:
        rows: list[DecisionRow] = []
        ids: list[int] = []
        titles: dict[int, int] = {}
        for number in columns.living_newest_first():
            path, date, name = columns.m_path[number], dt.date.fromordinal(columns.m_date[number]), columns.forum_name(number)
            points = columns.m_points[number]
            title_row: dict[int, int] = {}
            for row in range(columns.m_start[number], columns.m_end[number]):
                code = columns.r_field[row]
                if code == POINT_TITLE:
                    title_row[columns.r_point[row]] = row
                elif code == DECISION:
                    point_number, title, _ = points[columns.r_point[row]]
                    status = columns.m_cycle[number][0]
                    rows.append(DecisionRow(path, date, name, point_number, title, columns.r_text[row], status))
                    ids.append(row)
                    if columns.r_point[row] in title_row:
                        titles[title_row[columns.r_point[row]]] = row
        columns.decision_rows, columns.decision_ids, columns.decision_titles = rows, ids, titles
        columns.decision_set = set(ids)
    return columns.decision_rows, columns.decision_ids


def decisions_matching(columns: Columns, text: str) -> set[int] | None:
    """The decisions (by row) whose text or point title holds every word of `text`; None when `text` has no words."""
    terms = [(word, last) for word, last in parse_query(text).words if word not in STOPWORDS or last]
    if not terms:
        return None
    found: set[int] | None = None
    titles = columns.decision_titles
    title_rows = set(titles)
    for word, last in terms:
        matched: set[int] = set()
        for expansion, _ in expand(columns, word, last):
            posted = columns.postings[expansion]
            matched |= columns.decision_set.intersection(posted)
            matched.update(titles[row] for row in title_rows.intersection(posted))
        found = matched if found is None else found & matched
        if not found:
            return set()
    return found


def meeting_name(path: str) -> str:
    """A meeting's name as the cycle's links write it: its file name without .yaml."""
    return posixpath.basename(path).removesuffix(".yaml").removesuffix(".yml")


Place = tuple[str, str, int | None]
"""A point of a forum's meeting: (the forum's folder, meeting name, point number)."""


def _forum_of(columns: Columns, number: int) -> str:
    """The meeting's forum, as its folder: links never leave it."""
    return posixpath.dirname(columns.m_path[number])


def _follow_ups(columns: Columns) -> dict[tuple[Place, str], tuple[int, str, int | None]]:
    """(where an action was decided, its task) -> (date, meeting, point) of the latest follow-up point listing it."""
    found: dict[tuple[Place, str], tuple[int, str, int | None]] = {}
    for number in columns.by_path.values():
        follow_ups = columns.m_cycle[number][3]
        if not follow_ups:
            continue
        forum, name, points = _forum_of(columns, number), meeting_name(columns.m_path[number]), columns.m_points[number]
        for point, meeting, decided_at, task in follow_ups:
            key = ((forum, meeting, decided_at), task)
            place = (columns.m_date[number], name, points[point][0])
            if key not in found or place[0] > found[key][0]:
                found[key] = place
    return found


def open_actions(columns: Columns) -> list[ActionRow]:
    """Every action not done, by due date (none last), then meeting date, path, point and position."""
    if columns.action_rows is None:
        followed = _follow_ups(columns)
        rows: list[tuple[tuple, ActionRow]] = []
        for number in columns.by_path.values():
            path, date, name = columns.m_path[number], dt.date.fromordinal(columns.m_date[number]), columns.forum_name(number)
            points, status = columns.m_points[number], columns.m_cycle[number][0]
            forum, meeting = _forum_of(columns, number), meeting_name(path)
            for point, position, task, owner, due, done in columns.m_actions[number]:
                if done:
                    continue
                point_number, title, _ = points[point]
                due_date = dt.date.fromordinal(due) if due is not None else None
                later = followed.get(((forum, meeting, point_number), task))
                action = ActionRow(
                    path, date, name, point_number, title, position, task, owner, due_date, done, status,
                    later[1:] if later is not None else None,
                )  # fmt: skip
                rows.append(((due is None, due or 0, date, path, point, position), action))
        rows.sort(key=lambda item: item[0])
        columns.action_rows = [action for _, action in rows]
    return list(columns.action_rows)


def postponed_points(columns: Columns) -> list[ActionRow]:
    """The points postponed at a meeting that no later meeting of the forum carried (`carried_from`), oldest first.

    Each is a row with `postponed` set: the point's title, and its reason as the task.
    """
    carried: set[Place] = set()
    for number in columns.by_path.values():
        forum = _forum_of(columns, number)
        carried.update((forum, meeting, point) for _, meeting, point in columns.m_cycle[number][2])
    rows: list[ActionRow] = []
    for number in columns.living_newest_first()[::-1]:
        postponed = columns.m_cycle[number][1]
        if not postponed:
            continue
        path, date, name = columns.m_path[number], dt.date.fromordinal(columns.m_date[number]), columns.forum_name(number)
        forum, meeting, status = _forum_of(columns, number), meeting_name(path), columns.m_cycle[number][0]
        for point, reason in postponed:
            point_number, title, _ = columns.m_points[number][point]
            if (forum, meeting, point_number) not in carried:
                rows.append(ActionRow(path, date, name, point_number, title, -1, reason or "", None, None, False, status,
                                      postponed=True))
    return rows
