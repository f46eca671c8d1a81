"""Why a sync could not be done, in the UI's language: a SyncError's kind worded through tui/i18n ("sync_error_" + kind).

The library's message stays English (programs, logs); an error without a worded kind is shown as the library says it.
Git's own words (`said`) and the remote's lines are quoted as they are, like a file's name.
"""

from __future__ import annotations

from repo_layout.git.errors import SyncError
from tui.i18n import CATALOGUE, word


def sync_error_words(error: SyncError, language: str) -> str:
    """The error in `language` when its kind has words, else the library's message."""
    key = f"sync_error_{getattr(error, 'kind', '')}"
    if key in CATALOGUE["en"]:
        return word(language, key, **getattr(error, "values", {}))
    return str(error)
