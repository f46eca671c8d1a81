"""The limits a YAML file must keep before any parser that recurses reads it: size, depth, values, points, surrogates.

`check_limits` walks the parser's event stream (which does not recurse), so a
hostile file is refused with a position before ruamel's composers see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # no C extension: the pure parser's events (slower, the same answers)
    _CParser = None

MAX_FILE_BYTES = 2_000_000
"""A meeting is some tens of KB; a file larger than this is refused before parsing."""
MAX_DEPTH = 32
"""How deep values may nest (a meeting needs 6): deeper is refused before ruamel's recursive composer sees it."""
MAX_VALUES = 20_000
"""Keys, texts, lists and mappings in one file (a long meeting has about 2,000); reading more takes seconds."""
MAX_POINTS = 1_000
"""Points in one meeting (a long one has about 30)."""


class YamlLoadError(Exception):
    """A file could not be read as YAML; carries a 1-based line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
"""A YAML escape that makes a lone surrogate (only a double-quoted scalar can hold one)."""


def may_hold_surrogate(text: str) -> bool:
    """True when text holds a surrogate or an escape that makes one (check_limits then finds where)."""
    return _SURROGATE.search(text) is not None or _SURROGATE_ESCAPE.search(text) is not None


def size_text(size: int) -> str:
    """A file size as a person reads it (430 bytes, 12 KB, 2.1 MB)."""
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size // 1_000} KB"
    return f"{size / 1_000_000:.1f} MB"


def too_large(size: int) -> str:
    """The message for a file over MAX_FILE_BYTES."""
    return f"file is {size_text(size)}, larger than the {size_text(MAX_FILE_BYTES)} a meeting file may be; not read"


def _surrogate_message(character: str) -> str:
    return (
        f"a lone surrogate \\u{ord(character):04x} is not a character and cannot be saved as UTF-8; "
        "write the character itself"
    )


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _events(text: str, pure: bool) -> Iterator[Any]:
    """The parser's events for text, from libyaml or from ruamel's own parser (neither recurses)."""
    if pure or _CParser is None:
        yield from YAML(typ="rt").parse(text)
        return
    parser = _CParser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def check_limits(text: str) -> None:
    """Refuse text that is too large, nests too deep, holds too many values or points, or a lone surrogate.

    It walks the parser's event stream (no recursion), so the composers, which
    recurse once per level, never see a document nested deeper than MAX_DEPTH.
    """
    if len(text) > MAX_FILE_BYTES:
        raise YamlLoadError(too_large(len(text.encode("utf-8", "surrogatepass"))))
    found = _SURROGATE.search(text)
    if found:
        raise YamlLoadError(_surrogate_message(found.group()), *_line_column(text, found.start()))
    escapes = _SURROGATE_ESCAPE.search(text) is not None
    if not _scan(text, escapes, pure=False):
        # libyaml stopped at an error that ruamel's own parser (the round trip's) may read past: scan with that one too
        _scan(text, escapes, pure=True)


def _scan(text: str, escapes: bool, pure: bool) -> bool:
    """Raise YamlLoadError at the first value over a limit; False when the parser stopped at a syntax error first."""
    stack: list[list[int]] = []  # per open collection: [1 for a mapping else 0, children so far]
    values = 0
    points_level = 0  # the stack depth of the root's `points` list while it is open
    root_key: Any = None
    try:
        for event in _events(text, pure):
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                if len(stack) == points_level:
                    points_level = 0
                stack.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            values += 1
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if values > MAX_VALUES:
                raise YamlLoadError(_too_many(MAX_VALUES, "values", text), *where)
            is_key = False
            if stack:
                parent = stack[-1]
                is_key = bool(parent[0]) and parent[1] % 2 == 0
                parent[1] += 1
                if len(stack) == points_level and parent[1] > MAX_POINTS:
                    raise YamlLoadError(_too_many(MAX_POINTS, "points", text), *where)
                if len(stack) == 1 and parent[0] and is_key:
                    root_key = event.value if kind is ScalarEvent else None
            if kind is ScalarEvent:
                if escapes and _SURROGATE.search(event.value):
                    raise YamlLoadError(_surrogate_message(_SURROGATE.search(event.value).group()), *where)
            elif kind is not AliasEvent:
                stack.append([int(kind is MappingStartEvent), 0])
                if len(stack) > MAX_DEPTH:
                    raise YamlLoadError(f"values nested more than {MAX_DEPTH} levels deep (a meeting needs 6); not read", *where)
                if len(stack) == 2 and kind is SequenceStartEvent and stack[0][0] and not is_key and root_key == "points":
                    points_level = 2
    except YAMLError:
        return False  # a syntax error: the loader words it, having stopped where this parser stopped
    return True


_NODE_EVENTS = frozenset((ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent))


def _too_many(limit: int, what: str, text: str) -> str:
    size = size_text(len(text.encode("utf-8", "surrogatepass")))
    return f"more than {limit:,} {what} in a {size} file; too many for a meeting, not read"
