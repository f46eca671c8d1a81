"""Where things stand in a YAML file's text, read from the parser's nodes: line starts, colons, dashes, the end of a
block scalar, the span of an entry or of a list item.

A splice (`splice.py`) cuts the changed values out of the file's own bytes at these positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

BLOCK_STYLES = ("|", ">")


class CannotSplice(Exception):
    """This change cannot be spliced at this level: the caller rewrites a larger region."""


@dataclass(frozen=True)
class Source:
    """A text parsed once: its node tree (positions), its data (never to be changed) and the image of that data."""

    text: str
    root: Node
    picture: Any
    bom: int
    newline: str
    data: Any = None


class Positions:
    """Positions in one source text; CannotSplice where the text is not laid out as a splice needs."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text

    def line_start(self, index: int) -> int:
        return max(self.text.rfind("\n", 0, index) + 1, self.source.bom)

    def line_end(self, index: int) -> int:
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def at_line_start(self, index: int) -> bool:
        return index <= self.source.bom or self.text[index - 1] == "\n"

    def column(self, index: int) -> int:
        return index - self.line_start(index)

    def blank_line(self, start: int) -> bool:
        return not self.text[start : self.line_end(start)].strip()

    def finish_line(self, index: int) -> int:
        """The end of index's line (a comment may follow a value); index itself when it starts a line."""
        if self.at_line_start(index):
            return index
        end = self.line_end(index)
        rest = self.text[index:end].strip()
        if rest and not rest.startswith("#"):
            raise CannotSplice("text after a value")
        return end

    def colon_after(self, key: Node) -> int:
        index = key.end_mark.index
        while index < len(self.text) and self.text[index] in " \t":
            index += 1
        if index >= len(self.text) or self.text[index] != ":":
            raise CannotSplice("no colon after a key")
        return index + 1

    def dash_of(self, item: Node) -> int:
        start = item.start_mark.index
        line = self.line_start(start)
        prefix = self.text[line:start]
        if item.start_mark.index == item.end_mark.index or prefix.strip(" ") != "-":
            raise CannotSplice("not a block sequence item")
        return line + prefix.index("-")

    def block_indent(self, node: ScalarNode, parent_indent: int) -> int | None:
        """The content indentation of a block scalar (None when it has no content line)."""
        start, end = node.start_mark.index, node.end_mark.index
        header = self.text[start + 1 : self.line_end(start)].split("#", 1)[0]
        digits = [character for character in header if character.isdigit()]
        if digits:
            return parent_indent + int(digits[0])
        position = self.line_end(start)
        while position < end:
            stop = self.line_end(position)
            line = self.text[position:stop].rstrip("\r\n")
            if line.strip(" "):
                return len(line) - len(line.lstrip(" "))
            position = stop
        return None

    def block_end(self, node: ScalarNode, parent_indent: int) -> int:
        """Where a block scalar's own lines end: trailing empty lines of a `|`/`|-` block are the file's, not the value's."""
        start, end = node.start_mark.index, node.end_mark.index
        body = self.line_end(start)
        if "+" in self.text[start:body].split("#", 1)[0]:
            return end
        indent = self.block_indent(node, parent_indent)
        if indent is None:
            return min(body, end)
        cut = end
        while cut > body:
            line_start = self.line_start(cut - 1)
            line = self.text[line_start:cut].rstrip("\r\n")
            if line.strip(" ") or len(line) > indent:
                break
            cut = line_start
        return cut

    def value_end(self, node: Node, parent_indent: int, after: int) -> int:
        """Where a value's text ends (before a comment on its line); `after` for an empty value."""
        if isinstance(node, ScalarNode):
            if node.start_mark.index == node.end_mark.index:
                return after
            if node.style in BLOCK_STYLES:
                return self.block_end(node, parent_indent)
            return node.end_mark.index
        if node.flow_style:
            return node.end_mark.index
        if isinstance(node, MappingNode) and node.value:
            key, value = node.value[-1]
            return self.value_end(value, self.column(key.start_mark.index), self.colon_after(key))
        if isinstance(node, SequenceNode) and node.value:
            dash = self.dash_of(node.value[-1])
            return self.value_end(node.value[-1], self.column(dash), dash + 1)
        raise CannotSplice("an empty block collection")

    def entry_span(self, key: Node, value: Node) -> tuple[int, int, bool]:
        """(start, end, inline) of `key: value`; inline when the key follows a dash on its line."""
        key_start = key.start_mark.index
        line = self.line_start(key_start)
        prefix = self.text[line:key_start].strip(" ")
        if prefix not in ("", "-"):
            raise CannotSplice("a key after something other than a dash")
        end = self.finish_line(self.value_end(value, self.column(key_start), self.colon_after(key)))
        return (key_start if prefix else line), end, bool(prefix)

    def item_span(self, item: Node) -> tuple[int, int]:
        dash = self.dash_of(item)
        return self.line_start(dash), self.finish_line(self.value_end(item, self.column(dash), dash + 1))

    def gap(self, item: Node) -> int:
        """How far an item's content stands from its dash."""
        return item.start_mark.index - self.dash_of(item)

    def separator(self, node: SequenceNode) -> str:
        """The blank lines the file puts between items (those before a comment, when one stands there too)."""
        if len(node.value) < 2:
            return ""
        position = self.item_span(node.value[0])[1]
        start = position
        while position < len(self.text) and self.blank_line(position):
            position = self.line_end(position)
        return self.source.newline * self.text[start:position].count("\n")

    def with_blank_lines(self, items: list[Node], i1: int, i2: int, start: int, end: int) -> tuple[int, int]:
        """A removed run of items takes the blank lines that separated it, so no double gap is left."""
        if i2 < len(items):
            following = self.item_span(items[i2])[0]
            if not self.text[end:following].strip():
                return start, following
        elif i1 > 0:
            previous = self.item_span(items[i1 - 1])[1]
            if not self.text[previous:start].strip():
                return previous, end
        return start, end
