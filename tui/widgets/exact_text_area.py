"""A TextArea that gives back the exact text it was given while the person has not changed it.

Textual's TextArea splits its text with str.splitlines, so a \\x1c, \\x85, \\u2028 or a lone \\r\\n among \\n in a
field comes back as a plain newline: saving an editor would change a field nobody touched. Control characters in
the text are kept but not drawn (the app's ControlFilter drops them from the screen); `has_hidden` says there are some.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea

from repo_layout.display import safe_text


class ExactTextArea(TextArea):
    """`exact_text` is the given text until an edit, then what the area holds."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.given = text
        self.loaded = self.text  # the given text as the area holds it (line breaks possibly changed)

    @property
    def exact_text(self) -> str:
        """The text to save: the given text while the area still holds what it was given."""
        return self.given if self.text == self.loaded else self.text

    def exact_lines(self) -> list[str]:
        """One item per line (a list field: attachments, names): the given text's lines while unchanged."""
        return self.given.split("\n") if self.text == self.loaded else self.text.splitlines()

    @property
    def has_hidden(self) -> bool:
        """True if the given text has characters the screen does not draw (control characters, bidi controls)."""
        return safe_text(self.given) is not self.given
