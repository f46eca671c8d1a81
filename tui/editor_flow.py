"""$EDITOR on one point or on a whole meeting file: the app suspended meanwhile, the result checked by the library,
and a result with problems offered back ("edit again" starts from what was written, so nothing typed is lost).

The editor owns the terminal while it runs, so this flow is synchronous on the UI thread by nature.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App

from repo_layout.display import safe_text
from repo_layout.editing.from_text import meeting_from_text, point_from_text
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.model.problems import Problem
from tui import external_editor
from tui.error_words import error_words, os_error_words
from tui.i18n import language, t
from tui.problem_words import problem_words
from tui.widgets.dialogs import ChoiceDialog


class EditorFlow:
    """Hands text to the user's editor and what comes back, once it holds no problems, to `accept`."""

    def __init__(self, app: App[object]) -> None:
        self.app = app

    def edit_point(self, text: str, name: str, accept: Callable[[Point], None]) -> None:
        """Edit one point's YAML (`name` names the temporary file); `accept` gets the point written."""
        result = self._run(text, name)
        if result is None:
            return
        found = point_from_text(result)
        if isinstance(found, list):
            self._rejected(found, lambda: self.edit_point(result, name, accept))
            return
        accept(found)

    def edit_meeting(self, path: Path, text: str, base_text: str, accept: Callable[[Meeting], None]) -> None:
        """Edit a meeting file's text; `accept` gets the meeting written, to be saved over the file as `base_text`."""
        result = self._run(text, path.name)
        if result is None:
            return
        found = meeting_from_text(path, result, base_text)
        if isinstance(found, list):
            self._rejected(found, lambda: self.edit_meeting(path, result, base_text, accept))
            return
        accept(found)

    def _run(self, text: str, name: str) -> str | None:
        """The text as the editor left it, or None (said in a notice) when the editor could not run."""
        try:
            path = external_editor.new_edit_file(text, name)
        except OSError as error:
            self.app.notify(os_error_words(error, language()), title=t("editor_unavailable"), severity="error", markup=False)
            return None
        try:
            return external_editor.run_editor(self.app, path)
        except external_editor.EditorUnavailable as error:
            said = error_words(error, language())
            self.app.notify(said, title=t("editor_unavailable"), severity="warning", markup=False, timeout=10)
            return None
        finally:
            external_editor.cleanup(path)

    def _rejected(self, problems: list[Problem], again: Callable[[], None]) -> None:
        """Say what is wrong with the result; "edit again" reopens the editor on it."""
        body = Text(t("editor_result_invalid") + "\n\n")
        for problem in problems:
            body.append(f"{problem.line}:{problem.column}: {safe_text(problem_words(problem, language()))}\n")

        def answer(choice: str | None) -> None:
            if choice == "again":
                again()

        self.app.push_screen(
            ChoiceDialog(t("editor_result_title"), body, [("again", t("edit_again")), ("discard", t("discard"))]),
            answer,
        )
