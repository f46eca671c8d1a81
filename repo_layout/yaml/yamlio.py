"""The one place that configures ruamel.yaml: round-trip load, dump, scalar styles, atomic write.

Every other module reads and writes YAML through these functions, so that the
settings that keep files byte-identical live here and nowhere else.
"""

from __future__ import annotations

import functools
import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    ScalarString,
)

try:
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # no C extension: the pure parser's events (slower, the same answers)
    _CParser = None

WIDTH = 2**31 - 1
"""No re-wrapping: a long line in the file stays one line (ruamel folds any line longer than its width)."""

MAPPING_INDENT = 2
SEQUENCE_INDENT = 4
SEQUENCE_OFFSET = 2

MAX_FILE_BYTES = 2_000_000
"""A meeting is some tens of KB; a file larger than this is refused before parsing."""
MAX_DEPTH = 32
"""How deep values may nest (a meeting needs 6): deeper is refused before ruamel's recursive composer sees it."""
MAX_VALUES = 20_000
"""Keys, texts, lists and mappings in one file (a long meeting has about 2,000); reading more takes seconds."""
MAX_POINTS = 1_000
"""Points in one meeting (a long one has about 30)."""

_STR_TAG = "tag:yaml.org,2002:str"
_YAML11 = VersionedResolver(version=(1, 1))
_YAML12 = VersionedResolver(version=(1, 2))
_TIME_LIKE = re.compile(r"^\d{1,2}[:.]\d{2}(\s*-\s*\d{1,2}[:.]\d{2})?$")
"""Times and time slots (`09:00`, `09:30-09:45`) are always quoted, as the schema says."""
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")
"""Line breaks other than LF: a literal block would read them back as LF, so such text is quoted."""


class YamlLoadError(Exception):
    """A file could not be read as YAML; carries a 1-based line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Layout:
    """The indentation style of one file, so that a save keeps it."""

    mapping: int = MAPPING_INDENT
    sequence: int = SEQUENCE_INDENT
    offset: int = SEQUENCE_OFFSET


CANONICAL = Layout()


class _Composer(Composer):
    """Refuses aliases while composing, so no shared structure (an alias bomb) is ever built."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise ComposerError(
                None, None, f"alias *{event.anchor} (anchors and aliases are not allowed)", event.start_mark
            )
        return super().compose_node(parent, index)


class _Constructor(RoundTripConstructor):
    """Reports a value that cannot be built (a date like 2019-13-45) at its own line and column."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as error:
            what = f"{node.value!r}" if isinstance(node, ScalarNode) else "a value"
            kind = "date" if str(node.tag).endswith(":timestamp") else str(node.tag).rsplit(":", 1)[-1]
            message = f"{what} is not a valid {kind}: {error}"
            raise ConstructorError(None, None, message, node.start_mark) from None


class _Representer(RoundTripRepresenter):
    """Writes a plain `str` holding a line break as a literal block, never as a quoted one-liner with \\n."""

    def represent_str(self, data: str) -> Any:
        if can_be_literal(data):
            return self.represent_scalar(_STR_TAG, data, style="|")
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)


class _Emitter(Emitter):
    """ruamel's emitter with two fixes for other readers: a literal block starting with a tab gets an indentation
    digit (libyaml refuses it without), and a string in a flow list (`[a, b]`) is quoted unless every reader takes
    it plain there."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "" and self.flow_level and isinstance(self.event.value, str) and self.event.value:
            value = self.event.value
            if not self.analyze_scalar(value).allow_flow_plain or value[0] in "?:-" or ":" in value:
                return '"'
        return style

    def determine_block_hints(self, text: Any) -> Any:
        hints, indent, indicator = super().determine_block_hints(text)
        if text[:1] == "\t" and not hints[:1].isdigit():
            return "2" + hints, 2, indicator
        return hints, indent, indicator


def make_yaml(layout: Layout = CANONICAL) -> YAML:
    """A round-trip YAML instance with the project's settings."""
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def guess_layout(text: str) -> Layout:
    """The sequence indentation the file itself uses (first block sequence found)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped.startswith("- ") and stripped != "-":
            continue
        dash = len(line) - len(stripped)
        for previous in reversed(lines[:index]):
            if not previous.strip() or previous.lstrip().startswith("#"):
                continue
            parent = len(previous) - len(previous.lstrip(" "))
            if previous.rstrip().endswith(":") and dash >= parent:
                offset = dash - parent
                return Layout(MAPPING_INDENT, offset + 2, offset)
            break
    return CANONICAL


def load_text(text: str) -> Any:
    """Parse YAML text round-trip; raise YamlLoadError with a position on any failure."""
    check_limits(text)
    try:
        return make_yaml(guess_layout(text)).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        if "duplicate key" in str(error):
            message = f"duplicate key: {error.problem}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlLoadError(message or "invalid YAML", line, column) from None
    except YAMLError as error:
        raise YamlLoadError(f"invalid YAML: {error}") from None
    except (ValueError, TypeError, OverflowError) as error:
        raise YamlLoadError(f"a value could not be read: {error}") from None
    except RecursionError:  # not expected after check_limits; a clear refusal all the same
        raise YamlLoadError(f"values nested too deep (at most {MAX_DEPTH} levels)") from None


def read_text(path: Path) -> str:
    """A file's text as UTF-8; a BOM or CRLF is kept so the caller can report it."""
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise YamlLoadError(too_large(len(data)))
    if b"\x00" in data:
        raise YamlLoadError("file is binary (contains NUL bytes), not YAML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlLoadError(f"file is not UTF-8 (byte {error.start}); save it as UTF-8") from None


# --- limits, checked before any parse that recurses --------------------------

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


def dump_text(document: Any, layout: Layout = CANONICAL) -> str:
    """Serialise a round-trip document to text with the project's settings."""
    stream = io.StringIO()
    make_yaml(layout).dump(document, stream)
    return stream.getvalue()


def nodes_and_data(text: str) -> tuple[Any, Any]:
    """The node tree of a text (marks are offsets into `text`) and its data, for splicing edits into the text.

    libyaml reads it when it can (ten times faster than ruamel's parser; a BOM is
    given to it as a line break so the offsets stay the text's own), else ruamel's
    round-trip parser. Raises YamlLoadError.
    """
    check_limits(text)
    fast = YAML(typ="safe", pure=False)
    fast.Constructor = _NoAliasConstructor
    for yaml, given in ((fast, "\n" + text[1:] if text.startswith("\ufeff") else text), (make_yaml(), text)):
        try:
            constructor, parser = yaml.get_constructor_parser(given)
            try:
                node = constructor.composer.get_single_node()
                return node, constructor.construct_document(node) if node is not None else None
            finally:
                parser.dispose()
        except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            continue
    raise YamlLoadError("the text cannot be read as YAML")


@functools.cache
def _umask() -> int:
    """The process's umask, read once; from /proc where it can be, since setting it to read it is not thread-safe."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_write(path: Path, text: str) -> None:
    """Write text to path atomically: temporary file in the same folder, fsync, rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to path atomically (see atomic_write)."""
    path = Path(path)
    # the file keeps its mode; a new one gets what open() would give it (mkstemp alone makes it 0600)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# --- scalar styles ---------------------------------------------------------

class _AnalysingEmitter(Emitter):
    """An emitter used only to ask which scalar styles a string allows."""

    class _Serializer:
        use_version = None

    @property
    def serializer(self) -> Any:
        return self._Serializer


_EMITTER = _AnalysingEmitter(io.StringIO(), allow_unicode=True)


def resolves_as_string(text: str) -> bool:
    """True when a plain scalar `text` reads as a string in YAML 1.1 and 1.2 alike."""
    implicit = (True, False)
    return (
        _YAML11.resolve(ScalarNode, text, implicit) == _STR_TAG
        and _YAML12.resolve(ScalarNode, text, implicit) == _STR_TAG
    )


def plain_is_safe(text: str) -> bool:
    """True when `text` may be written unquoted and reads back as the same string everywhere."""
    if "\n" in text or not text or _TIME_LIKE.match(text):
        return False
    analysis = _EMITTER.analyze_scalar(text)
    return bool(analysis.allow_block_plain) and resolves_as_string(text)


_NOT_IN_BLOCK = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""What a literal block cannot hold: control characters, a BOM, and line breaks other than LF."""
_LINE_END_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def can_be_literal(text: str) -> bool:
    """True when a multi-line string can be written as a literal block and read back the same.

    Tabs and trailing spaces are fine in a literal block (ruamel's own check
    refuses them, which would make such text a quoted one-liner).
    """
    return "\n" in text and _NOT_IN_BLOCK.search(text) is None


def edited_text(text: str) -> str:
    """Multi-line text as an edit stores it: LF line breaks, no spaces or tabs at line ends.

    Spaces at line ends hide in a diff, and would make the text a quoted one-liner.
    """
    if "\n" not in text and not _OTHER_BREAKS.intersection(text):
        return text
    text = text.replace("\r\n", "\n")
    for other in _OTHER_BREAKS:
        text = text.replace(other, "\n")
    return _LINE_END_SPACE.sub("", text)


def styled(text: str) -> str:
    """The string in the canonical style: literal block if multi-line, quoted if ambiguous."""
    if can_be_literal(text):
        return LiteralScalarString(text)
    if plain_is_safe(text):
        # PlainScalarString, not str: ruamel keeps the old value's quotes when a str replaces it
        return PlainScalarString(text)
    return DoubleQuotedScalarString(text)


def restyle_keep(old: Any, new: str) -> Any:
    """The value to store for `new`: the old object if equal (keeps its style), else styled."""
    if isinstance(old, str) and str(old) == new:
        return old
    new = edited_text(new)
    if isinstance(old, str) and str(old) == new:
        return old
    return styled(new)


def canonical_scalar(value: str) -> str:
    """The canonical form of a string that is already in a document (for `minutes fmt`)."""
    if isinstance(value, LiteralScalarString):
        return value if "\n" not in value or can_be_literal(str(value)) else styled(str(value))
    return styled(str(value))


def needs_literal_block(value: Any) -> bool:
    """True for a string with a line break that is not a literal block but could be (what `minutes fmt` rewrites)."""
    return isinstance(value, str) and not isinstance(value, LiteralScalarString) and can_be_literal(str(value))


def walk(node: Any, seen: set[int] | None = None) -> Iterator[tuple[Any, Any, Any]]:
    """Every (container, key, value) of a document, each shared node visited once."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key, value
            yield from walk(value, seen)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index, value
            yield from walk(value, seen)


def special_features(document: Any) -> list[tuple[int, int, str]]:
    """Tags and anchors in a document, as (line, column, description); empty for plain YAML."""
    found: list[tuple[int, int, str]] = []

    def check(node: Any, line: int, column: int) -> None:
        anchor = getattr(node, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            found.append((line, column, f"anchor &{anchor.value} (anchors and aliases are not allowed)"))
        tag = getattr(node, "tag", None)
        tag_value = getattr(tag, "value", None) if tag is not None else None
        if isinstance(node, TaggedScalar) or tag_value:
            found.append((line, column, f"tag {tag_value or '?'} (tags are not allowed)"))

    check(document, 1, 1)
    for container, key, value in walk(document):
        line, column = position_of(container, key)
        check(value, line, column)
    return found


def position_of(container: Any, key: Any) -> tuple[int, int]:
    """The 1-based line and column of a key (mapping) or item (sequence) in its file."""
    lc = getattr(container, "lc", None)
    if lc is None:
        return (1, 1)
    try:
        if isinstance(container, CommentedMap):
            line, column = lc.key(key)
        elif isinstance(container, CommentedSeq):
            line, column = lc.item(key)
        else:
            return (1, 1)
    except (KeyError, IndexError, TypeError):
        line, column = lc.line, lc.col
    return (line + 1, column + 1)


def is_plain(value: Any) -> bool:
    """True for a string that was written (or is to be written) without quotes or block style."""
    return isinstance(value, str) and (not isinstance(value, ScalarString) or isinstance(value, PlainScalarString))


class _NoAliasConstructor(SafeConstructor):
    """The safe constructor, refusing a node that is used twice (an alias)."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "anchors and aliases are not allowed", node.start_mark)
        return super().construct_object(node, deep)


def load_fast(text: str) -> Any:
    """Parse YAML to plain Python with the C safe loader (no round trip): for reading many files.

    Tags that would construct objects are refused, and so is the second use of
    any node (an alias), so an alias bomb is refused before anything expands.
    """
    check_limits(text)
    loader = YAML(typ="safe", pure=False)
    loader.Constructor = _NoAliasConstructor
    try:
        return loader.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlLoadError(str(error.problem or error), line, column) from None
    except (YAMLError, ValueError, TypeError, OverflowError) as error:
        raise YamlLoadError(f"invalid YAML: {error}") from None
    except RecursionError:  # not expected after check_limits; a clear refusal all the same
        raise YamlLoadError(f"values nested too deep (at most {MAX_DEPTH} levels)") from None
