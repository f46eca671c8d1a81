"""Completion of a file path as it is typed: the first entry of its folder that starts with what was typed."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the rest of a path (folders end in "/"); `~` is the home folder. Accept with → or End."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(os.path.expanduser(value))
        folder, start = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in os.scandir(folder))
        except OSError:
            return None
        hidden = start.startswith(".")  # hidden entries only when a dot was typed
        match = next((name for name in names if name.startswith(start) and (hidden or not name.startswith("."))), None)
        if match is None or match == start:
            return None
        return value + match[len(start):]
