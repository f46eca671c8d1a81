"""Plain YAML straight from libyaml's event stream: the fast reader for indexing meeting files.

`yamlio.load_fast` (ruamel's C safe loader) costs 4-5 ms for an 11 KB meeting
on this machine, nearly all of it in the Python resolver and constructor: 45 s
for 10,000 files. `load_plain` walks the same libyaml C parser's event stream
and builds plain dicts, lists and strings itself (about 0.6 ms a file). It
handles only plain YAML (no anchors, aliases, tags, directives, complex or
duplicate keys, merge keys); anything else falls back to `yamlio.load_fast`,
which also reports the errors of a broken file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from repo_layout.yaml import limits, yamlio

try:
    from _ruamel_yaml import CParser
except ImportError:  # no C extension: every file goes through load_fast
    CParser = None


class _NotPlain(Exception):
    """The document uses something `load_plain` leaves to the full loader."""


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _plain_value(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it, for the types a meeting uses."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    match = _DATE.fullmatch(value)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise _NotPlain from None
    return value


def load_plain(text: str) -> Any:
    """Parse plain YAML to dicts, lists and scalars from libyaml's events; anything unusual goes to load_fast."""
    if CParser is None or len(text) > limits.MAX_FILE_BYTES or limits.may_hold_surrogate(text):
        return yamlio.load_fast(text)
    try:
        return _from_events(text)
    except Exception:  # any parse error or unusual construct: the full loader decides (and words the error)
        return yamlio.load_fast(text)


def _from_events(text: str) -> Any:
    """Build the document from the C parser's events; raise _NotPlain for what only the full loader handles."""
    parser = CParser(text)
    get = parser.get_event
    try:
        if type(get()) is not StreamStartEvent:
            raise _NotPlain
        event = get()
        if type(event) is StreamEndEvent:
            return None
        if type(event) is not DocumentStartEvent or event.version is not None:
            raise _NotPlain
        stack: list[tuple[Any, bool, Any]] = []
        values = 0
        top: Any = None
        is_map = False
        key: Any = _NO_KEY
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    raise _NotPlain
                value = event.value
                if event.implicit[0] and not event.style and value[:1] in _TYPED_STARTS:
                    value = _plain_value(value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= limits.MAX_DEPTH:
                    raise _NotPlain  # over the depth limit: load_fast refuses it in the words validate uses
                stack.append((top, is_map, key))
                is_map = kind is MappingStartEvent
                top = {} if is_map else []
                key = _NO_KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = top
                top, is_map, key = stack.pop()
            elif kind is DocumentEndEvent:
                if type(get()) is not StreamEndEvent:
                    raise _NotPlain  # a second document: load_fast refuses it with a message
                if type(root) is dict and type(root.get("points")) is list and len(root["points"]) > limits.MAX_POINTS:
                    raise _NotPlain
                return root
            else:
                raise _NotPlain  # an alias, or an event out of place
            values += 1
            if values > limits.MAX_VALUES:
                raise _NotPlain
            if top is None:
                root = value
            elif not is_map:
                top.append(value)
            elif key is not _NO_KEY:
                top[key] = value
                key = _NO_KEY
            else:
                if type(value) is not str:
                    if isinstance(value, (dict, list)):
                        raise _NotPlain
                    value = str(value)
                if value == "<<" or value in top:
                    raise _NotPlain  # a merge key, or a duplicate key
                key = value
    finally:
        parser.dispose()


_NO_KEY = object()
_TYPED_STARTS = frozenset(("", *"~nNtTfF+-0123456789"))
"""First characters of the plain scalars that are not strings (null, booleans, numbers, dates)."""
