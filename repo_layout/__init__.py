"""The minutes repository as a library: layout, YAML, validation, git. Never imports Textual."""

from repo_layout.discover import Forum, Group, MeetingLoadError, MeetingRef, NotARepositoryError, Repository
from repo_layout.model import Action, Meeting, Point
from repo_layout.validate import Problem

__all__ = [
    "Action",
    "Forum",
    "Group",
    "Meeting",
    "MeetingLoadError",
    "MeetingRef",
    "NotARepositoryError",
    "Point",
    "Problem",
    "Repository",
]
