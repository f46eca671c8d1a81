"""A new meeting in a forum, written and committed as one change ("created")."""

from __future__ import annotations

import datetime as dt

from repo_layout.editing.saving import SaveResult, save_meeting
from repo_layout.editing.values import new_meeting
from repo_layout.history.changes import Change, commit_message
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting


def create_meeting(
    repository: Repository, forum: Forum, date: dt.date, start: str, location: str, language: str
) -> tuple[Meeting, SaveResult]:
    """Write a new meeting (standing points as its agenda, see `values.new_meeting`) and commit it.

    Raises what `saving.save_meeting` raises (IdentityMissingError, GitError, OSError, ...).
    """
    meeting = new_meeting(forum, date, start, location)
    message = commit_message(forum.name, date, [Change("created")], language)
    return meeting, save_meeting(repository, meeting, forum.name, language, message=message)
