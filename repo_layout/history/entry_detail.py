"""One history entry worked out once: the file before and after it, its changes by field, its words and its diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from repo_layout.history.changes import Change, describe
from repo_layout.history.field_changes import FieldChange, field_changes
from repo_layout.words import words


@dataclass(frozen=True)
class EntryDetail:
    """What one entry changed; `shallow` where a shallow clone ends (nothing before it is known).

    `before_data` and `after_data` are the two versions as parsed for `changes`, kept for `fields` (not parsed again).
    """

    path: str
    before: str | None
    after: str | None
    changes: list[Change] = field(default_factory=list)
    shallow: bool = False
    before_data: object = field(default=None, compare=False, repr=False)
    after_data: object = field(default=None, compare=False, repr=False)

    def summary(self, language: str = "da") -> str:
        """The change in words, by field ("punkt 3: beslutning ændret")."""
        if self.shallow:
            return words(language)["shallow"]
        return describe(self.changes, language)

    def fields(self, language: str = "da") -> list[FieldChange]:
        """The change as the meeting's fields, each with its text before and after (none where a shallow clone ends)."""
        if self.shallow:
            return []
        return field_changes(self.before_data, self.after_data, language)

    def diff(self, context: int = 3) -> str:
        """The change as a unified diff of the file (none where a shallow clone ends)."""
        if self.shallow:
            return ""
        return "".join(
            difflib.unified_diff(
                (self.before or "").splitlines(keepends=True),
                (self.after or "").splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
                n=context,
            )
        )
