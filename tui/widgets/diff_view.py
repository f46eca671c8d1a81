"""A unified diff as coloured text; within a changed line of prose the changed words stand out. And a change as the
meeting's fields: each field's place and name, its old and its new words, the words that differ marked.

The diff is of file text: its control characters are shown as visible escapes (`repo_layout.display.safe_text`).
Marks do not rely on colour alone: lines start with - or +, changed words are also struck through or underlined.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rich.text import Text

from repo_layout.display import safe_line, safe_text
from repo_layout.history.field_changes import FieldChange

_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

ADDED = "green"
REMOVED = "red"
WORD_ADDED = "bold black on green"
WORD_REMOVED = "bold black on red"
FIELD_WORD_REMOVED = "bold strike black on red"
FIELD_WORD_ADDED = "bold underline black on green"


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


def _words_changed(old: str, new: str) -> tuple[Text, Text]:
    """The old and the new text of a field, the words that differ struck through (old) and underlined (new)."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    removed, added = Text(style=REMOVED), Text(style=ADDED)
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_opcodes():
        same = tag == "equal"
        removed.append("".join(old_tokens[i1:i2]), style=None if same else FIELD_WORD_REMOVED)
        added.append("".join(new_tokens[j1:j2]), style=None if same else FIELD_WORD_ADDED)
    return removed, added


def field_changes_text(rows: list[FieldChange], meeting_place: str, empty: str) -> Text:
    """Each changed field as "place · field", then "- old words" and "+ new words" (wrapped at words by the view).

    `meeting_place` names the meeting's own fields (the header); `empty` is said when no field changed.
    """
    if not rows:
        return Text(empty, style="italic")
    text = Text()
    for row in rows:
        place = safe_line(row.place or meeting_place)
        text.append(f"{place[:1].upper()}{place[1:]} · {safe_line(row.field)}", style="bold")
        text.append(f"  {safe_line(row.title)}\n" if row.title else "\n", style="dim")
        old, new = safe_text(row.old or ""), safe_text(row.new or "")
        removed, added = _words_changed(old, new)
        if row.old is not None:
            text.append("- ", style=REMOVED)
            text.append_text(removed)
            text.append("\n")
        if row.new is not None:
            text.append("+ ", style=ADDED)
            text.append_text(added)
            text.append("\n")
        text.append("\n")
    text.rstrip()
    return text
