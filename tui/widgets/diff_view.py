"""A unified diff as coloured text; within a changed line of prose the changed words stand out.

The diff is of file text: its control characters are shown as visible escapes (`repo_layout.display.safe_text`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rich.text import Text

from repo_layout.display import safe_text

_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

ADDED = "green"
REMOVED = "red"
WORD_ADDED = "bold black on green"
WORD_REMOVED = "bold black on red"


def _tokens(line: str) -> list[str]:
    return _WORDS.findall(line)


def _pair_line(old: str, new: str) -> tuple[Text, Text]:
    """A removed and an added line with the words that differ highlighted."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    removed, added = Text("-", style=REMOVED), Text("+", style=ADDED)
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_opcodes():
        old_part, new_part = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            removed.append(old_part, style=REMOVED)
            added.append(new_part, style=ADDED)
        else:
            removed.append(old_part, style=WORD_REMOVED)
            added.append(new_part, style=WORD_ADDED)
    return removed, added


def diff_text(diff: str) -> Text:
    """Render a unified diff; runs of removed lines followed by added lines are paired word by word."""
    text = Text()
    lines = safe_text(diff).splitlines()  # escaped first, so only a newline breaks a line (not a \r, \x1c or \u2028)
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("-") and not line.startswith("---"):
            removed = []
            while index < len(lines) and lines[index].startswith("-") and not lines[index].startswith("---"):
                removed.append(lines[index][1:])
                index += 1
            added = []
            while index < len(lines) and lines[index].startswith("+") and not lines[index].startswith("+++"):
                added.append(lines[index][1:])
                index += 1
            pairs = min(len(removed), len(added))
            rendered_removed, rendered_added = [], []
            for position in range(pairs):
                old_line, new_line = _pair_line(removed[position], added[position])
                rendered_removed.append(old_line)
                rendered_added.append(new_line)
            rendered_removed += [Text("-" + rest, style=REMOVED) for rest in removed[pairs:]]
            rendered_added += [Text("+" + rest, style=ADDED) for rest in added[pairs:]]
            for part in (*rendered_removed, *rendered_added):
                text.append_text(part)
                text.append("\n")
            continue
        if line.startswith("+") and not line.startswith("+++"):
            text.append(line + "\n", style=ADDED)
        elif line.startswith("@@"):
            text.append(line + "\n", style="cyan")
        elif line.startswith(("---", "+++")):
            text.append(line + "\n", style="bold")
        else:
            text.append(line + "\n")
        index += 1
    return text
