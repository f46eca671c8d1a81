"""The edits that turn a file's text into an edited document's text: a walk over the file's nodes beside the data
they held and the data wanted, each changed value replaced in place where it can be, a larger region where not.
"""

from __future__ import annotations

import difflib
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from repo_layout.yaml import styles, yamlio
from repo_layout.yaml.splice_positions import BLOCK_STYLES, CannotSplice, Positions, Source
from repo_layout.yaml.splice_render import Open, Renderer, join_texts, literal_block


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


class Splicer(Positions):
    """Collects (start, end, new text) edits that turn the source text into a document's text."""

    def __init__(self, source: Source, layout: yamlio.Layout) -> None:
        super().__init__(source)
        self.layout = layout
        self.render = Renderer(layout, source.newline)
        self.edits: list[tuple[int, int, str]] = []

    def child(self) -> Splicer:
        return Splicer(self.source, self.layout)

    def past_blank_lines(self, index: int, text: str) -> int:
        """After a `|+` block, the blank lines that follow it in the file go (else they would join its text)."""
        if not isinstance(text, Open):
            return index
        while index < len(self.text) and self.at_line_start(index) and self.blank_line(index):
            index = self.line_end(index)
        return index

    def edit(self, start: int, end: int, new: str) -> None:
        if start == end == len(self.text) and self.text and not self.text.endswith("\n"):
            new = self.source.newline + new
        self.edits.append((start, end, new))

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
            self.edits.append((node.start_mark.index, node.end_mark.index, self.render.inline(new)))
        else:
            raise CannotSplice("the kind of value changed")

    def scalar(self, node: ScalarNode, new: Any, parent_indent: int) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        if start == end:
            raise CannotSplice("an empty value")
        was_block = node.style in BLOCK_STYLES
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
                    raise CannotSplice("text after a value")
            first = header + ("  " + comment if comment else "") + self.source.newline
            stop = self._swallow_blank_run(stop, header, indent)
            self.edits.append((start, stop, first + lines))
            return
        rendered = self.render.inline(new)
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
        except CannotSplice:
            start, end, inline = self.entry_span(key, value)
            indent = self.column(key.start_mark.index)
            rendered = self.render.entry(item[0], item[1], indent)
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
                own = apply_within(self.text, start, end, sub.edits)
            except CannotSplice:
                break
            return own if inline else own[indent:]
        return self.render.entry(new[0], new[1], indent)

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
                        raise CannotSplice("a mapping emptied")
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
        except CannotSplice:
            start, end = self.item_span(node)
            rendered = self.render.item(new, self.column(dash), self.gap(node))
            self.edits.append((start, self.past_blank_lines(end, rendered), rendered))
            return
        self.edits.extend(sub.edits)

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
                    return apply_within(self.text, start, end, sub.edits)
                except CannotSplice:
                    continue
        first = node.value[0]
        return self.render.item(new, self.column(self.dash_of(first)), self.gap(first))

    def items(self, node: SequenceNode, old_items: Any, i1: int, i2: int, js: list[int], new: list, pictures: Any) -> None:
        """Items i1..i2 of a sequence replaced by the new items js (either side may be empty)."""
        items = node.value
        separator = self.separator(node)
        texts = [self.item_text(node, old_items, new[j], pictures[j]) for j in js]
        if i1 < i2:
            start = self.item_span(items[i1])[0]
            end = self.item_span(items[i2 - 1])[1]
            if not texts:
                start, end = self.with_blank_lines(items, i1, i2, start, end)
                self.edits.append((start, end, ""))
                return
            joined = join_texts(texts, separator, before=True)[len(separator) :]
            self.edits.append((start, self.past_blank_lines(end, texts[-1]), joined))
            return
        if i1 > 0:
            end = self.item_span(items[i1 - 1])[1]
            self.edit(end, self.past_blank_lines(end, texts[-1]), join_texts(texts, separator, before=True))
        else:
            start = self.item_span(items[0])[0]
            self.edits.append((start, start, join_texts(texts, separator, before=False)))


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    position = 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            raise CannotSplice("overlapping edits")
        parts.append(text[position:start])
        parts.append(new)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def apply_within(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    """text[start:end] with the edits (all inside that range) applied."""
    if any(edit_start < start or edit_end > end for edit_start, edit_end, _ in edits):
        raise CannotSplice("an edit outside its region")
    return apply_edits(text[start:end], [(edit_start - start, edit_end - start, new) for edit_start, edit_end, new in edits])
