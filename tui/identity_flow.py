"""Asking for the name and e-mail git records when a commit needs them, and writing them to git's config (this
repository's, or the user's global one when they ask to be remembered everywhere) in a thread worker; what was waiting
for them (a save, a new meeting) runs once they are set."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.app import App

from repo_layout.git.commit import GitError
from repo_layout.git.state import open_git, set_identity
from tui.error_words import error_words
from tui.i18n import language, t
from tui.widgets.dialogs import IdentityChoice, IdentityDialog


def _write(root: Path, choice: IdentityChoice) -> bool | GitError:
    """Set the identity in git's config (in a worker's thread): True once set, False when there is no git repository
    to set it in, or git's error."""
    repo = open_git(root)
    if repo is None:
        return False
    try:
        set_identity(repo, choice.who, everywhere=choice.everywhere)
    except GitError as error:
        return error
    return True


class IdentityFlow:
    """The identity dialog, then the write; `then` runs on the UI thread once the identity is set."""

    def __init__(self, app: App[object], root: Path) -> None:
        self.app = app
        self.root = root

    def ask(self, then: Callable[[], object]) -> None:
        self.app.run_worker(self._ask(then), group="identity")

    async def _ask(self, then: Callable[[], object]) -> None:
        choice = await self.app.push_screen_wait(IdentityDialog())
        if choice is None:
            self.app.notify(t("identity_needed"), severity="warning", markup=False)
            return
        written = await self.app.run_worker(partial(_write, self.root, choice), thread=True, group="identity-write").wait()
        if isinstance(written, GitError):
            self.app.notify(error_words(written, language()), severity="error", markup=False)
        elif written:
            then()
        else:
            self.app.notify(t("identity_needed"), severity="warning", markup=False)
