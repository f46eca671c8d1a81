"""The one place that configures ruamel.yaml: round-trip load, dump, the fast loader, atomic write.

Every other module reads and writes YAML through these functions, so that the
settings that keep files byte-identical live here and nowhere else. Its helpers
are `limits` (what a file may hold, checked before any parse) and `styles`
(how each string is written).
"""

from __future__ import annotations

import functools
import io
import os
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
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from repo_layout.yaml.limits import (
    MAX_FILE_BYTES,
    YamlLoadError,
    check_limits,
    syntax_error,
    too_deep_error,
    too_large_error,
)
from repo_layout.yaml.styles import STR_TAG, can_be_literal

# --- the configuration -------------------------------------------------------------------------------

WIDTH = 2**31 - 1
"""No re-wrapping: a long line in the file stays one line (ruamel folds any line longer than its width)."""

MAPPING_INDENT = 2
SEQUENCE_INDENT = 4
SEQUENCE_OFFSET = 2


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
            return self.represent_scalar(STR_TAG, data, style="|")
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


# --- reading -----------------------------------------------------------------------------------------

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
        raise syntax_error(message or "invalid YAML", line, column) from None
    except YAMLError as error:
        raise syntax_error(str(error), 1, 1) from None
    except (ValueError, TypeError, OverflowError) as error:
        raise YamlLoadError(f"a value could not be read: {error}", 1, 1, "value", detail=str(error)) from None
    except RecursionError:  # not expected after check_limits; a clear refusal all the same
        raise too_deep_error() from None


def read_text(path: Path) -> str:
    """A file's text as UTF-8; a BOM or CRLF is kept so the caller can report it."""
    return decode_text(path.read_bytes())


def decode_text(data: bytes) -> str:
    """A meeting file's bytes as text (see read_text); YamlLoadError when too large, binary or not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise too_large_error(len(data))
    if b"\x00" in data:
        raise YamlLoadError("file is binary (contains NUL bytes), not YAML", 1, 1, "binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"file is not UTF-8 (byte {error.start}); save it as UTF-8"
        raise YamlLoadError(message, 1, 1, "not_utf8", byte=str(error.start)) from None


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
        raise syntax_error(str(error.problem or error), line, column) from None
    except (YAMLError, ValueError, TypeError, OverflowError) as error:
        raise syntax_error(str(error), 1, 1) from None
    except RecursionError:  # not expected after check_limits; a clear refusal all the same
        raise too_deep_error() from None


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
    raise YamlLoadError("the text cannot be read as YAML", 1, 1, "syntax", parser="")


# --- writing -----------------------------------------------------------------------------------------

def dump_text(document: Any, layout: Layout = CANONICAL) -> str:
    """Serialise a round-trip document to text with the project's settings."""
    stream = io.StringIO()
    make_yaml(layout).dump(document, stream)
    return stream.getvalue()


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


# --- a loaded document -------------------------------------------------------------------------------

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
