"""A save that rewrites only what changed: the new text of each changed value spliced into the file's own bytes.

A full re-dump rewrites every construct ruamel does not keep (`...`, extra
spaces after a colon, plain scalars over several lines, CRLF); a splice leaves
every byte outside the changed values as it was, and is proven by reading the
result back and comparing it with the document.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

from repo_layout.yaml import styles, yamlio

_BLOCK_STYLES = ("|", ">")
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_BLOCK_STRINGS = (LiteralScalarString, FoldedScalarString)


class _Open(str):
    """Rendered lines that end in a `|+` block: blank lines after them would become part of its text."""


def _joined(texts: list[str], separator: str, before: bool) -> str:
    """Texts with the separator before (or after) each, leaving it out where a `|+` block would take it in."""
    parts = []
    for index, text in enumerate(texts):
        if before and not (index and isinstance(texts[index - 1], _Open)):
            parts.append(separator)
        parts.append(text)
        if not before and not isinstance(text, _Open):
            parts.append(separator)
    return "".join(parts)


class _Cannot(Exception):
    """This change cannot be spliced at this level: the caller rewrites a larger region."""


def image(value: Any) -> Any:
    """A hashable, order-keeping image of a document's data; 1, True, 1.0 and "1" all differ."""
    if isinstance(value, dict):
        return ("m", tuple((image(key), image(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return ("s", tuple(image(item) for item in value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", int(value))
    if isinstance(value, float):
        return ("f", repr(float(value)))
    if isinstance(value, str):
        return ("t", str(value))
    if isinstance(value, dt.datetime):
        return ("w", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if value is None:
        return ("n",)
    return ("o", type(value).__name__, repr(value))


def _loose(picture: Any) -> Any:
    """An item's image without its `number`: a renumbered point is still the same point."""
    if picture[0] == "m":
        return ("m", tuple(pair for pair in picture[1] if pair[0] != ("t", "number")))
    return picture


def _likeness(old: Any, new: Any) -> int:
    """How many entries two mappings share (0 for anything else): a point whose title changed still shares its number."""
    if old[0] != "m" or new[0] != "m":
        return 0
    return len(set(old[1]) & set(new[1]))


def _align(old: tuple[Any, ...], new: tuple[Any, ...]) -> list[tuple[int, int]]:
    """Pairs (old index, new index), in order, of the items most alike: each pair is edited in place."""
    if len(old) * len(new) > 40_000:
        return [(index, index) for index in range(min(len(old), len(new)))]
    score = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            alike = _likeness(old[i], new[j])
            score[i][j] = max(best, score[i + 1][j + 1] + alike) if alike else best
    pairs = []
    i = j = 0
    while i < len(old) and j < len(new):
        alike = _likeness(old[i], new[j])
        if alike and score[i][j] == score[i + 1][j + 1] + alike:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass(frozen=True)
class _Source:
    """A text parsed once: its node tree (positions) and the image of its data."""

    text: str
    root: Node
    picture: Any
    bom: int
    newline: str


@functools.lru_cache(maxsize=16)
def _parse(text: str) -> _Source | None:
    """The text's nodes and data, or None when it does not read as a YAML mapping."""
    try:
        root, data = yamlio.nodes_and_data(text)
    except yamlio.YamlLoadError:
        return None
    if not isinstance(root, MappingNode) or root.flow_style or not isinstance(data, dict):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    return _Source(text, root, image(data), 1 if text.startswith("\ufeff") else 0, newline)


def splice(original: str, document: Any, layout: yamlio.Layout) -> str | None:
    """`original` with only the values that differ in `document` rewritten; None when that cannot be done and proven."""
    source = _parse(original)
    if source is None or not isinstance(document, dict):
        return None
    picture = image(document)
    if picture == source.picture:
        return original
    splicer = _Splicer(source, layout)
    try:
        splicer.mapping(source.root, source.picture, document, picture)
        text = _apply(original, splicer.edits)
    except _Cannot:
        return None
    return text if _reads_as(text, picture) else None


def save_text(original: str, document: Any, layout: yamlio.Layout) -> str:
    """The text to write for `document` read from `original`: spliced when possible, else dumped whole."""
    spliced = splice(original, document, layout) if original else None
    return spliced if spliced is not None else yamlio.dump_text(document, layout)


def _reads_as(text: str, picture: Any) -> bool:
    """True when text reads back to exactly the data pictured (libyaml first, ruamel's own parser when they differ)."""
    try:
        if image(yamlio.load_fast(text)) == picture:
            return True
    except yamlio.YamlLoadError:
        pass
    try:
        return image(yamlio.load_text(text)) == picture
    except yamlio.YamlLoadError:
        return False


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    position = 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            raise _Cannot("overlapping edits")
        parts.append(text[position:start])
        parts.append(new)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _bare(value: Any) -> Any:
    """A copy of a value without comments (kept comments would be written twice), keeping styles."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _bare(item)
        if isinstance(value, CommentedMap) and value.fa.flow_style():
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_bare(item) for item in value)
        if isinstance(value, CommentedSeq) and value.fa.flow_style():
            sequence.fa.set_flow_style()
        return sequence
    return value


def _has_break(text: str) -> bool:
    return any(character in text for character in _BREAKS)


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


class _Splicer:
    """Collects (start, end, new text) edits that turn the source text into a document's text."""

    def __init__(self, source: _Source, layout: yamlio.Layout) -> None:
        self.source = source
        self.text = source.text
        self.layout = layout
        self.edits: list[tuple[int, int, str]] = []

    def child(self) -> _Splicer:
        return _Splicer(self.source, self.layout)

    # positions ------------------------------------------------------------------------------

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
            raise _Cannot("text after a value")
        return end

    def colon_after(self, key: Node) -> int:
        index = key.end_mark.index
        while index < len(self.text) and self.text[index] in " \t":
            index += 1
        if index >= len(self.text) or self.text[index] != ":":
            raise _Cannot("no colon after a key")
        return index + 1

    def dash_of(self, item: Node) -> int:
        start = item.start_mark.index
        line = self.line_start(start)
        prefix = self.text[line:start]
        if item.start_mark.index == item.end_mark.index or prefix.strip(" ") != "-":
            raise _Cannot("not a block sequence item")
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
            if node.style in _BLOCK_STYLES:
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
        raise _Cannot("an empty block collection")

    def entry_span(self, key: Node, value: Node) -> tuple[int, int, bool]:
        """(start, end, inline) of `key: value`; inline when the key follows a dash on its line."""
        key_start = key.start_mark.index
        line = self.line_start(key_start)
        prefix = self.text[line:key_start].strip(" ")
        if prefix not in ("", "-"):
            raise _Cannot("a key after something other than a dash")
        end = self.finish_line(self.value_end(value, self.column(key_start), self.colon_after(key)))
        return (key_start if prefix else line), end, bool(prefix)

    def item_span(self, item: Node) -> tuple[int, int]:
        dash = self.dash_of(item)
        return self.line_start(dash), self.finish_line(self.value_end(item, self.column(dash), dash + 1))

    def past_blank_lines(self, index: int, text: str) -> int:
        """After a `|+` block, the blank lines that follow it in the file go (else they would join its text)."""
        if not isinstance(text, _Open):
            return index
        while index < len(self.text) and self.at_line_start(index) and self.blank_line(index):
            index = self.line_end(index)
        return index

    def edit(self, start: int, end: int, new: str) -> None:
        if start == end == len(self.text) and self.text and not self.text.endswith("\n"):
            new = self.source.newline + new
        self.edits.append((start, end, new))

    # rendering ------------------------------------------------------------------------------

    def _lines(self, text: str) -> str:
        return text.replace("\n", self.source.newline) if self.source.newline != "\n" else text

    def render_entry(self, key: Any, value: Any, indent: int) -> str:
        """`key: value` as lines at `indent`, the first line without its indentation."""
        lines, open_ended = _dumped_lines(CommentedMap([(key, _bare(value))]), self.layout)
        text = self._lines(lines[0] + "".join(" " * indent + line if line.strip("\n") else line for line in lines[1:]))
        return _Open(text) if open_ended else text

    def render_item(self, value: Any, dash_column: int, gap: int) -> str:
        """`- value` as whole lines with the dash at `dash_column`."""
        offset = self.layout.offset
        layout = yamlio.Layout(self.layout.mapping, offset + gap, offset)
        wrapped = CommentedMap([("k", CommentedSeq([_bare(value)]))])
        lines, open_ended = _dumped_lines(wrapped, layout)
        out = []
        for line in lines[1:]:
            if line.strip("\n"):
                if not line.startswith(" " * offset):
                    raise _Cannot("unexpected item rendering")
                line = " " * dash_column + line[offset:]
            out.append(line)
        text = self._lines("".join(out))
        return _Open(text) if open_ended else text

    def render_inline(self, value: Any) -> str:
        """A scalar or flow collection as the text after `key: `, on one line."""
        if isinstance(value, str) and (not isinstance(value, ScalarString) or isinstance(value, _BLOCK_STRINGS)):
            value = styles.styled(str(value))
        text = yamlio.dump_text(CommentedMap([("k", _bare(value))]), self.layout)
        if not text.startswith("k: ") or text.count("\n") != 1 or not text.endswith("\n"):
            raise _Cannot("not a one-line value")
        return text[3:-1]

    # the walk -------------------------------------------------------------------------------

    def value(self, node: Node, old: Any, new: Any, picture: Any, parent_indent: int, after: int) -> None:
        """Edits that turn node's text (data pictured by `old`) into `new` (pictured by `picture`)."""
        if old == picture:
            return
        if isinstance(node, MappingNode) and not node.flow_style and isinstance(new, dict) and new:
            self.mapping(node, old, new, picture)
        elif isinstance(node, SequenceNode) and not node.flow_style and isinstance(new, list) and new:
            self.sequence(node, old, new, picture)
        elif isinstance(node, ScalarNode) and not isinstance(new, (dict, list)):
            self.scalar(node, new, parent_indent)
        elif isinstance(node, (MappingNode, SequenceNode)) and node.flow_style:
            self.edits.append((node.start_mark.index, node.end_mark.index, self.render_inline(new)))
        else:
            raise _Cannot("the kind of value changed")

    def scalar(self, node: ScalarNode, new: Any, parent_indent: int) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        if start == end:
            raise _Cannot("an empty value")
        was_block = node.style in _BLOCK_STYLES
        comment = ""
        if was_block:
            stop = self.block_end(node, parent_indent)
            head = self.text[start : self.line_end(start)].rstrip("\r\n")
            if " #" in head or "\t#" in head:
                comment = "#" + head.split("#", 1)[1]
        else:
            stop = end
        if isinstance(new, str) and styles.can_be_literal(str(new)):
            indent = (self.block_indent(node, parent_indent) if was_block else None) or parent_indent + self.layout.mapping
            header, lines = literal_block(str(new), indent, parent_indent, self.source.newline)
            if not was_block:
                stop = self.line_end(end)
                comment = self.text[end:stop].strip()
                if comment and not comment.startswith("#"):
                    raise _Cannot("text after a value")
            first = header + ("  " + comment if comment else "") + self.source.newline
            stop = self._swallow_blank_run(stop, header, indent)
            self.edits.append((start, stop, first + lines))
            return
        rendered = self.render_inline(new)
        if was_block:
            rendered += ("  " + comment if comment else "") + self.source.newline
        self.edits.append((start, stop, rendered))

    def _swallow_blank_run(self, stop: int, header: str, indent: int) -> int:
        """A `|+` block takes the blank lines after it, and a line of spaces deeper than its indent too: drop them."""
        position = stop
        deep = False
        while position < len(self.text) and self.blank_line(position):
            line = self.text[position : self.line_end(position)].rstrip("\r\n")
            deep = deep or len(line) > indent or "\t" in line
            position = self.line_end(position)
        if position > stop and ("+" in header or deep):
            if "+" in header:
                return position
            self.edits.append((stop, position, self.source.newline * self.text[stop:position].count("\n")))
        return stop

    def mapping(self, node: MappingNode, old: Any, new: dict, picture: Any) -> None:
        pairs = node.value
        old_pairs, new_pairs = old[1], picture[1]
        new_items = list(new.items())
        old_keys = [key for key, _ in old_pairs]
        new_keys = [key for key, _ in new_pairs]
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for offset in range(i2 - i1):
                    i, j = i1 + offset, j1 + offset
                    if old_pairs[i][1] != new_pairs[j][1]:
                        self.entry(pairs[i], old_pairs[i][1], new_items[j], new_pairs[j][1])
            else:
                self.entries(node, old_pairs, i1, i2, [(new_items[j], new_pairs[j]) for j in range(j1, j2)])

    def entry(self, pair: tuple[Node, Node], old: Any, item: tuple[Any, Any], picture: Any) -> None:
        """A changed value under an unchanged key: its own edits, or `key: value` written again."""
        key, value = pair
        sub = self.child()
        try:
            sub.value(value, old, item[1], picture, self.column(key.start_mark.index), self.colon_after(key))
        except _Cannot:
            start, end, inline = self.entry_span(key, value)
            indent = self.column(key.start_mark.index)
            rendered = self.render_entry(item[0], item[1], indent)
            self.edits.append((start, self.past_blank_lines(end, rendered), ("" if inline else " " * indent) + rendered))
            return
        self.edits.extend(sub.edits)

    def entry_text(self, node: MappingNode, old_pairs: Any, new: tuple[Any, Any], picture: tuple[Any, Any]) -> str:
        """A new entry's text, first line unindented: a moved entry's own text (edited), else written fresh."""
        indent = self.column(node.value[0][0].start_mark.index)
        for index, (old_key, old_value) in enumerate(old_pairs):
            if old_key != picture[0]:
                continue
            key, value = node.value[index]
            sub = self.child()
            try:
                start, end, inline = self.entry_span(key, value)
                sub.value(value, old_value, new[1], picture[1], indent, self.colon_after(key))
                own = _apply_within(self.text, start, end, sub.edits)
            except _Cannot:
                break
            return own if inline else own[indent:]
        return self.render_entry(new[0], new[1], indent)

    def entries(self, node: MappingNode, old_pairs: Any, i1: int, i2: int, new: list[tuple[tuple[Any, Any], Any]]) -> None:
        """Entries i1..i2 of a mapping replaced by `new` (either side may be empty)."""
        pairs = node.value
        indent = self.column(pairs[0][0].start_mark.index)
        texts = [self.entry_text(node, old_pairs, item, picture) for item, picture in new]
        if i1 < i2:
            start, _, inline = self.entry_span(*pairs[i1])
            end = self.entry_span(*pairs[i2 - 1])[1]
            if not texts:
                if inline:
                    if i2 == len(pairs):
                        raise _Cannot("a mapping emptied")
                    end = pairs[i2][0].start_mark.index
                self.edits.append((start, end, ""))
                return
            joined = texts[0] + "".join(" " * indent + text for text in texts[1:])
            self.edits.append((start, self.past_blank_lines(end, texts[-1]), joined if inline else " " * indent + joined))
            return
        joined = "".join(" " * indent + text for text in texts)
        if i1 > 0:
            end = self.entry_span(*pairs[i1 - 1])[1]
            self.edit(end, self.past_blank_lines(end, texts[-1]), joined)
            return
        start, _, inline = self.entry_span(*pairs[0])
        if inline:
            self.edits.append((start, start, joined[indent:] + " " * indent))
        else:
            self.edits.append((start, start, joined))

    def sequence(self, node: SequenceNode, old: Any, new: list, picture: Any) -> None:
        items = node.value
        old_items, new_items = old[1], picture[1]
        matcher = difflib.SequenceMatcher(None, old_items, new_items, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag != "replace":
                self.items(node, old_items, i1, i2, list(range(j1, j2)), new, new_items)
                continue
            i, j = i1, j1
            for old_index, new_index in [*_align(old_items[i1:i2], new_items[j1:j2]), (i2 - i1, j2 - j1)]:
                if (i, j) != (i1 + old_index, j1 + new_index):
                    self.items(node, old_items, i, i1 + old_index, list(range(j, j1 + new_index)), new, new_items)
                i, j = i1 + old_index, j1 + new_index
                if i < i2:
                    self.item(items[i], old_items[i], new[j], new_items[j])
                i, j = i + 1, j + 1

    def item(self, node: Node, old: Any, new: Any, picture: Any) -> None:
        """A changed item in its place: its own edits, or the item written again."""
        sub = self.child()
        dash = self.dash_of(node)
        try:
            sub.value(node, old, new, picture, self.column(dash), dash + 1)
        except _Cannot:
            start, end = self.item_span(node)
            rendered = self.render_item(new, self.column(dash), self.gap(node))
            self.edits.append((start, self.past_blank_lines(end, rendered), rendered))
            return
        self.edits.extend(sub.edits)

    def gap(self, item: Node) -> int:
        """How far an item's content stands from its dash."""
        return item.start_mark.index - self.dash_of(item)

    def item_text(self, node: SequenceNode, old_items: Any, new: Any, picture: Any) -> str:
        """A new item's lines: a moved item's own text (edited when its number changed), else written fresh."""
        for wanted in (picture, _loose(picture)):
            for index, old in enumerate(old_items):
                if (old if wanted is picture else _loose(old)) != wanted:
                    continue
                item = node.value[index]
                sub = self.child()
                try:
                    start, end = self.item_span(item)
                    dash = self.dash_of(item)
                    sub.value(item, old, new, picture, self.column(dash), dash + 1)
                    return _apply_within(self.text, start, end, sub.edits)
                except _Cannot:
                    continue
        first = node.value[0]
        return self.render_item(new, self.column(self.dash_of(first)), self.gap(first))

    def separator(self, node: SequenceNode) -> str:
        """The blank lines the file puts between items (those before a comment, when one stands there too)."""
        if len(node.value) < 2:
            return ""
        position = self.item_span(node.value[0])[1]
        start = position
        while position < len(self.text) and self.blank_line(position):
            position = self.line_end(position)
        return self.source.newline * self.text[start:position].count("\n")

    def items(self, node: SequenceNode, old_items: Any, i1: int, i2: int, js: list[int], new: list, pictures: Any) -> None:
        """Items i1..i2 of a sequence replaced by the new items js (either side may be empty)."""
        items = node.value
        separator = self.separator(node)
        texts = [self.item_text(node, old_items, new[j], pictures[j]) for j in js]
        if i1 < i2:
            start = self.item_span(items[i1])[0]
            end = self.item_span(items[i2 - 1])[1]
            if not texts:
                start, end = self._with_blank_lines(items, i1, i2, start, end)
                self.edits.append((start, end, ""))
                return
            joined = _joined(texts, separator, before=True)[len(separator) :]
            self.edits.append((start, self.past_blank_lines(end, texts[-1]), joined))
            return
        if i1 > 0:
            end = self.item_span(items[i1 - 1])[1]
            self.edit(end, self.past_blank_lines(end, texts[-1]), _joined(texts, separator, before=True))
        else:
            start = self.item_span(items[0])[0]
            self.edits.append((start, start, _joined(texts, separator, before=False)))

    def _with_blank_lines(self, items: list[Node], i1: int, i2: int, start: int, end: int) -> tuple[int, int]:
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


def _dumped_lines(document: Any, layout: yamlio.Layout) -> tuple[list[str], bool]:
    """A small document dumped, as lines (split at LF only), and whether it ends in a `|+` block (then without the
    `...` ruamel writes after one)."""
    lines = [line + "\n" for line in yamlio.dump_text(document, layout).split("\n")[:-1]]
    if lines and lines[-1] == "...\n":
        return lines[:-1], True
    return lines, False


def _apply_within(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    """text[start:end] with the edits (all inside that range) applied."""
    if any(edit_start < start or edit_end > end for edit_start, edit_end, _ in edits):
        raise _Cannot("an edit outside its region")
    return _apply(text[start:end], [(edit_start - start, edit_end - start, new) for edit_start, edit_end, new in edits])
