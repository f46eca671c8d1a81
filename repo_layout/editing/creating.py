"""A new meeting in a forum, written and committed as one change ("created")."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from repo_layout import boundary
from repo_layout.editing.saving import SaveResult, save_meeting
from repo_layout.editing.values import InvalidValue, check_time, new_meeting
from repo_layout.history.changes import Change, commit_message
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.yaml import yamlio

RECENT_MEETINGS = 3
"""How many of a forum's newest meetings say its usual start."""


def usual_start(forum: Forum, recent: int = RECENT_MEETINGS) -> str:
    """The start most of the forum's newest meetings had (the newest one's on a tie); "" when none says one.

    A new meeting's start is prefilled with it, a real value the person can see and change, never an example.
    """
    starts = []
    for ref in forum.meetings()[:recent]:
        try:
            document = None if boundary.is_link(ref.path) else yamlio.load_fast(yamlio.read_text(ref.path))
        except (OSError, yamlio.YamlLoadError):
            continue
        value = document.get("start") if isinstance(document, dict) else None
        try:
            starts.append(check_time(value) if isinstance(value, str) else None)
        except InvalidValue:
            continue
    counted = Counter(start for start in starts if start)
    if not counted:
        return ""
    most = max(counted.values())
    return next(start for start in starts if start and counted[start] == most)


def create_meeting(
    repository: Repository, forum: Forum, date: dt.date, start: str, location: str, language: str
) -> tuple[Meeting, SaveResult]:
    """Write a new meeting (standing points as its agenda, see `values.new_meeting`) and commit it.

    Raises what `saving.save_meeting` raises (IdentityMissingError, GitError, OSError, ...).
    """
    meeting = new_meeting(forum, date, start, location)
    message = commit_message(forum.name, date, [Change("created")], language)
    return meeting, save_meeting(repository, meeting, forum.name, language, message=message)
