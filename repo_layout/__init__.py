"""The minutes repository as a library: layout, YAML, validation, git. Never imports Textual.

Its parts are the subpackages (yaml, model, git, history, editing, search, importing, export, sync); the few
modules at the top are shared by several of them (display, boundary, locations, demo).

The names below are loaded when first used, so that a command which needs little (`minutes log`)
does not pay for the YAML and model modules before it starts its first git process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from repo_layout.model.discover import Forum, Group, MeetingRef, NotARepositoryError, Repository
    from repo_layout.model.loading import MeetingLoadError
    from repo_layout.model.meeting import Meeting
    from repo_layout.model.points import Action, Point
    from repo_layout.model.problems import Problem

_HOMES = {
    "Forum": "model.discover",
    "Group": "model.discover",
    "MeetingLoadError": "model.loading",
    "MeetingRef": "model.discover",
    "NotARepositoryError": "model.discover",
    "Repository": "model.discover",
    "Action": "model.points",
    "Meeting": "model.meeting",
    "Point": "model.points",
    "Problem": "model.problems",
}

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


def __getattr__(name: str) -> Any:
    """A name of the list above, from its module (imported now)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'repo_layout' has no attribute {name!r}")
    return getattr(importlib.import_module(f"repo_layout.{home}"), name)
