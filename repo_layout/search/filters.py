"""What a query's filters allow: `forum:` (a forum's name or folder), `year:` (a year or a range), `case:` (a case number)."""

from __future__ import annotations

from bisect import bisect_left

from repo_layout.search.columns import Columns
from repo_layout.search.textfold import Query


def matching_forums(columns: Columns, wanted: str) -> list[int]:
    """The forums a `forum:` value names: its folder from the root, a prefix of the folded name or of one of its words,
    or of a folder on its path."""
    slug = wanted.replace(" ", "-")
    matched = []
    for index, (name, folder) in enumerate(columns.forum_folded):
        if (
            folder == wanted.strip("/")
            or name.startswith(wanted)
            or any(word.startswith(wanted) for word in name.split())
            or any(part.startswith(slug) for part in folder.split("/"))
        ):
            matched.append(index)
    return matched


def allowed_meetings(columns: Columns, query: Query) -> list[int] | None:
    """The living meetings the forum: and year: filters allow (None: no such filter)."""
    if not (query.forums or query.years):
        return None
    numbers = list(columns.by_path.values())
    for wanted in query.forums:
        forums = set(matching_forums(columns, wanted))
        numbers = [number for number in numbers if columns.m_forum[number] in forums]
    years = columns.m_year
    for low, high in query.years:
        numbers = [number for number in numbers if low <= years[number] <= high]
    return numbers


def rows_with_case(columns: Columns, cases: list[str], meetings: set[int] | None) -> list[int]:
    """The case-number rows of living points whose case begins with one of `cases` (of the given meetings)."""
    keys, rows = columns.case_table()
    found = []
    for case in cases:
        for position in range(bisect_left(keys, case), bisect_left(keys, case + "\U0010ffff")):
            row = rows[position]
            if columns.r_alive[row] and (meetings is None or columns.r_meeting[row] in meetings):
                found.append(row)
    return found


def allowed_rows(columns: Columns, query: Query) -> set[int] | None:
    """The rows the query's filters allow (None: every row), cached while the index is unchanged."""
    if not (query.forums or query.years or query.cases):
        return None
    key = (tuple(query.forums), tuple(query.years), tuple(query.cases))
    if key in columns.filter_rows:
        return columns.filter_rows[key]
    numbers = allowed_meetings(columns, query)
    rows: set[int] = set()
    if query.cases:
        meeting_of, point_of = columns.r_meeting, columns.r_point
        for row in rows_with_case(columns, query.cases, None if numbers is None else set(numbers)):
            number, point = meeting_of[row], point_of[row]
            start, end = row, row + 1
            while start > columns.m_start[number] and point_of[start - 1] == point:
                start -= 1
            while end < columns.m_end[number] and point_of[end] == point:
                end += 1
            rows.update(range(start, end))
    else:
        for number in numbers or ():
            rows.update(range(columns.m_start[number], columns.m_end[number]))
    if len(columns.filter_rows) > 32:
        columns.filter_rows.clear()
    columns.filter_rows[key] = rows
    return rows
