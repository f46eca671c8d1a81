"""The new text of a changed value, in the file's layout and line ends: an entry, a list item, the value after
`key: `, a literal block.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

from repo_layout.yaml import styles, yamlio
from repo_layout.yaml.splice_positions import CannotSplice

_BLOCK_STRINGS = (LiteralScalarString, FoldedScalarString)


class Open(str):
    """Rendered lines that end in a `|+` block: blank lines after them would become part of its text."""


def join_texts(texts: list[str], separator: str, before: bool) -> str:
    """Texts with the separator before (or after) each, leaving it out where a `|+` block would take it in."""
    parts = []
    for index, text in enumerate(texts):
        if before and not (index and isinstance(texts[index - 1], Open)):
            parts.append(separator)
        parts.append(text)
        if not before and not isinstance(text, Open):
            parts.append(separator)
    return "".join(parts)


def bare(value: Any) -> Any:
    """A copy of a value without comments (kept comments would be written twice), keeping styles."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = bare(item)
        if isinstance(value, CommentedMap) and value.fa.flow_style():
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(bare(item) for item in value)
        if isinstance(value, CommentedSeq) and value.fa.flow_style():
            sequence.fa.set_flow_style()
        return sequence
    return value


def literal_block(text: str, indent: int, parent_indent: int, newline: str = "\n") -> tuple[str, str]:
    """`text` as a literal block: the header (`|`, `|-`, `|+`, with an indentation digit when needed) and its lines."""
    chomp = "-" if not text.endswith("\n") else "+" if text == "\n" or text.endswith("\n\n") else ""
    body = text[:-1] if text.endswith("\n") else text
    digit = ""
    if text[:1] in (" ", "\n", "\t"):  # else the first line's spaces would count as indentation (libyaml: and a tab)
        if not 1 <= indent - parent_indent <= 9:
            indent = parent_indent + 2
        digit = str(indent - parent_indent)
    lines = "".join((" " * indent + line if line else "") + newline for line in body.split("\n"))
    return f"|{digit}{chomp}", lines


def dumped_lines(document: Any, layout: yamlio.Layout) -> tuple[list[str], bool]:
    """A small document dumped, as lines (split at LF only), and whether it ends in a `|+` block (then without the
    `...` ruamel writes after one)."""
    lines = [line + "\n" for line in yamlio.dump_text(document, layout).split("\n")[:-1]]
    if lines and lines[-1] == "...\n":
        return lines[:-1], True
    return lines, False


class Renderer:
    """Writes values for one file: its layout and its line ends."""

    def __init__(self, layout: yamlio.Layout, newline: str) -> None:
        self.layout = layout
        self.newline = newline

    def with_newlines(self, text: str) -> str:
        """Text with the file's own line ends."""
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def entry(self, key: Any, value: Any, indent: int) -> str:
        """`key: value` as lines at `indent`, the first line without its indentation."""
        lines, open_ended = dumped_lines(CommentedMap([(key, bare(value))]), self.layout)
        text = self.with_newlines(lines[0] + "".join(" " * indent + line if line.strip("\n") else line for line in lines[1:]))
        return Open(text) if open_ended else text

    def item(self, value: Any, dash_column: int, gap: int) -> str:
        """`- value` as whole lines with the dash at `dash_column`."""
        offset = self.layout.offset
        layout = yamlio.Layout(self.layout.mapping, offset + gap, offset)
        wrapped = CommentedMap([("k", CommentedSeq([bare(value)]))])
        lines, open_ended = dumped_lines(wrapped, layout)
        out = []
        for line in lines[1:]:
            if line.strip("\n"):
                if not line.startswith(" " * offset):
                    raise CannotSplice("unexpected item rendering")
                line = " " * dash_column + line[offset:]
            out.append(line)
        text = self.with_newlines("".join(out))
        return Open(text) if open_ended else text

    def inline(self, value: Any) -> str:
        """A scalar or flow collection as the text after `key: `, on one line."""
        if isinstance(value, str) and (not isinstance(value, ScalarString) or isinstance(value, _BLOCK_STRINGS)):
            value = styles.styled(str(value))
        text = yamlio.dump_text(CommentedMap([("k", bare(value))]), self.layout)
        if not text.startswith("k: ") or text.count("\n") != 1 or not text.endswith("\n"):
            raise CannotSplice("not a one-line value")
        return text[3:-1]
