"""What screens tell the app: typed messages that bubble from a screen to `MinutesApp`, which acts on them."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from repo_layout.search.index import ActionRow


class JumpToMeeting(Message):
    """Show a meeting (by its path in the repository) with a point in view, asking first about unsaved edits."""

    def __init__(self, relative: str, point: int | None) -> None:
        super().__init__()
        self.relative = relative
        self.point = point


class MarkActionDone(Message):
    """Mark an open action done: a saved, committed edit of its meeting."""

    def __init__(self, row: ActionRow) -> None:
        super().__init__()
        self.row = row


class ActionMarkedDone(Message):
    """An action was marked done and its meeting saved."""

    def __init__(self, row: ActionRow) -> None:
        super().__init__()
        self.row = row


class VersionRestored(Message):
    """An old version of a meeting was restored as a new commit: back to the meeting, as it now is."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class RepositoryChanged(Message):
    """Files of the repository changed (a save, a sync): what reads them all (the search index) follows."""
