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
    """A file could not be read as YAML; carries a 1-based line and column, and what is wrong as a kind with its values.

    `message` is English, for programs and logs; `kind` and `values` let a UI word it in its own language (tui/i18n:
    the key "yaml_" + kind): too_large, surrogate, too_many, too_deep, binary, not_utf8, value, or for a syntax
    error the kind of `syntax_kind` (colon, missing_colon, tab, unclosed, indentation, duplicate_key, alias, syntax).
    """

    def __init__(self, message: str, line: int = 1, column: int = 1, kind: str = "syntax", **values: str) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind
        self.values = values


SYNTAX_KINDS = (
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "missing_colon"),
    ("cannot start any token", "tab"),
    ("while scanning a quoted scalar", "unclosed"),
    ("found unexpected end of stream", "unclosed"),
    ("duplicate key", "duplicate_key"),
    ("anchors and aliases are not allowed", "alias"),
    ("expected <block end>", "indentation"),
    ("did not find expected key", "indentation"),
    ("did not find expected '-' indicator", "indentation"),
    ("while parsing a block", "indentation"),
)
"""The parser's words (ruamel's and libyaml's) for the syntax errors a person makes most, by what we call them."""


def syntax_kind(parser_words: str) -> str:
    """What a parser's message is about, as one of the kinds of SYNTAX_KINDS ("syntax" for any other)."""
    return next((kind for words, kind in SYNTAX_KINDS if words in parser_words), "syntax")


def syntax_error(parser_words: str, line: int, column: int) -> YamlLoadError:
    """A syntax error in our own words, the parser's kept after them for the curious (the kind words it for people)."""
    kind = syntax_kind(parser_words)
    ours = {
        "colon": "a colon where none may be; put the text in quotes if the colon belongs to it",
        "missing_colon": "a key without its colon",
        "tab": "a tab character; YAML indents with spaces",
        "unclosed": "a quote or bracket is not closed before the file ends",
        "duplicate_key": "a key given twice in the same mapping",
        "alias": "anchors and aliases (& and *) are not allowed in a meeting file",
        "indentation": "the indentation does not fit the lines above",
    }.get(kind, "the text cannot be read as YAML here")
    return YamlLoadError(f"{ours} (the YAML parser: {parser_words})", line, column, kind, parser=parser_words)


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


def too_large_error(size: int) -> YamlLoadError:
    """The refusal of a file over MAX_FILE_BYTES."""
    return YamlLoadError(too_large(size), 1, 1, "too_large", size=size_text(size), limit=size_text(MAX_FILE_BYTES))


def _surrogate_error(character: str, line: int, column: int) -> YamlLoadError:
    code = f"\\u{ord(character):04x}"
    message = f"a lone surrogate {code} is not a character and cannot be saved as UTF-8; write the character itself"
    return YamlLoadError(message, line, column, "surrogate", code=code)


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
        raise too_large_error(len(text.encode("utf-8", "surrogatepass")))
    found = _SURROGATE.search(text)
    if found:
        raise _surrogate_error(found.group(), *_line_column(text, found.start()))
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
                raise _too_many(MAX_VALUES, "values", text, where)
            is_key = False
            if stack:
                parent = stack[-1]
                is_key = bool(parent[0]) and parent[1] % 2 == 0
                parent[1] += 1
                if len(stack) == points_level and parent[1] > MAX_POINTS:
                    raise _too_many(MAX_POINTS, "points", text, where)
                if len(stack) == 1 and parent[0] and is_key:
                    root_key = event.value if kind is ScalarEvent else None
            if kind is ScalarEvent:
                if escapes and _SURROGATE.search(event.value):
                    raise _surrogate_error(_SURROGATE.search(event.value).group(), *where)
            elif kind is not AliasEvent:
                stack.append([int(kind is MappingStartEvent), 0])
                if len(stack) > MAX_DEPTH:
                    raise too_deep_error(*where)
                if len(stack) == 2 and kind is SequenceStartEvent and stack[0][0] and not is_key and root_key == "points":
                    points_level = 2
    except YAMLError:
        return False  # a syntax error: the loader words it, having stopped where this parser stopped
    return True


_NODE_EVENTS = frozenset((ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent))


def too_deep_error(line: int = 1, column: int = 1) -> YamlLoadError:
    """The refusal of values nested deeper than MAX_DEPTH."""
    message = f"values nested more than {MAX_DEPTH} levels deep (a meeting needs 6); not read"
    return YamlLoadError(message, line, column, "too_deep", limit=str(MAX_DEPTH))


def _too_many(limit: int, what: str, text: str, where: tuple[int, int]) -> YamlLoadError:
    size = size_text(len(text.encode("utf-8", "surrogatepass")))
    message = f"more than {limit:,} {what} in a {size} file; too many for a meeting, not read"
    return YamlLoadError(message, *where, f"too_many_{what}", limit=str(limit), size=size)
