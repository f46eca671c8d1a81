"""The decision log (every decision, newest first, filterable) and the open actions (by due date), from an index's columns.

Both lists are made once after each change of the columns and kept until the next.
"""

from __future__ import annotations

import datetime as dt

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
                    rows.append(DecisionRow(path, date, name, point_number, title, columns.r_text[row]))
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


def open_actions(columns: Columns) -> list[ActionRow]:
    """Every action not done, by due date (none last), then meeting date, path, point and position."""
    if columns.action_rows is None:
        rows: list[tuple[tuple, ActionRow]] = []
        for number in columns.by_path.values():
            path, date, name = columns.m_path[number], dt.date.fromordinal(columns.m_date[number]), columns.forum_name(number)
            points = columns.m_points[number]
            for point, position, task, owner, due, done in columns.m_actions[number]:
                if done:
                    continue
                point_number, title, _ = points[point]
                due_date = dt.date.fromordinal(due) if due is not None else None
                action = ActionRow(path, date, name, point_number, title, position, task, owner, due_date, done)
                rows.append(((due is None, due or 0, date, path, point, position), action))
        rows.sort(key=lambda item: item[0])
        columns.action_rows = [action for _, action in rows]
    return list(columns.action_rows)
