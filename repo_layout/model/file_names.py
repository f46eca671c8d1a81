"""What the files of a minutes repository are called: minutes.yaml, group.yaml, forum.yaml and YYYY-MM-DD[-N].yaml."""

from __future__ import annotations

import datetime as dt
import re

MARKER = "minutes.yaml"
FORUM_FILE = "forum.yaml"
GROUP_FILE = "group.yaml"
MEETING_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-(\d+))?\.yaml$")


def meeting_date_from_name(name: str) -> tuple[dt.date, int] | None:
    """The date and same-day sequence number a meeting file name stands for, or None."""
    match = MEETING_NAME.match(name)
    if not match:
        return None
    year, month, day, sequence = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)), int(sequence or 1)
    except ValueError:
        return None
