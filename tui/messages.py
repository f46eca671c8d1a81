"""What screens tell the app: typed messages that bubble from a screen to `MinutesApp`, which acts on them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from repo_layout.search.index import ActionRow


@dataclass
class JumpToMeeting(Message):
    """Show a meeting (by its path in the repository) with a point in view, asking first about unsaved edits."""

    relative: str
    point: int | None


@dataclass
class ActionMarkedDone(Message):
    """An action marked done in the open-actions list was saved (committed with its meeting)."""

    row: ActionRow


@dataclass
class VersionRestored(Message):
    """An old version of a meeting was restored as a new commit: back to the meeting, as it now is."""

    path: Path


class RepositoryChanged(Message):
    """Files of the repository changed (a save, a sync): what reads them all (the search index) follows."""
