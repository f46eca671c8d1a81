"""Scalar styles: which strings may be written plain, which become literal blocks, and how an edit keeps a value's style.

Quoting is decided here once (`styled`): plain only when ruamel's emitter allows it
in block context and it reads as a string in YAML 1.1 and 1.2 alike; otherwise
double-quoted; a string with a line break becomes a literal block.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    ScalarString,
)

STR_TAG = "tag:yaml.org,2002:str"
_YAML11 = VersionedResolver(version=(1, 1))
_YAML12 = VersionedResolver(version=(1, 2))
_TIME_LIKE = re.compile(r"^\d{1,2}[:.]\d{2}(\s*-\s*\d{1,2}[:.]\d{2})?$")
"""Times and time slots (`09:00`, `09:30-09:45`) are always quoted, as the schema says."""
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")
"""Line breaks other than LF: a literal block would read them back as LF, so such text is quoted."""


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
        _YAML11.resolve(ScalarNode, text, implicit) == STR_TAG
        and _YAML12.resolve(ScalarNode, text, implicit) == STR_TAG
    )


def plain_is_safe(text: str) -> bool:
    """True when `text` may be written unquoted and reads back as the same string everywhere."""
    if "\n" in text or not text or _TIME_LIKE.match(text):
        return False
    analysis = _EMITTER.analyze_scalar(text)
    return bool(analysis.allow_block_plain) and resolves_as_string(text)


_NOT_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""What a literal block cannot hold: control characters, a BOM, and line breaks other than LF.

Written as the characters it refuses: the same set as "everything but the printable ranges", whose
negated class took regex 10-20 ms to compile at every start."""
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


def styled_if_bare(value: Any) -> Any:
    """A value from another document, ready to be stored in this one: a bare str gets its canonical style, anything else
    (a string with a style of its own, a number, a list) stays as it is."""
    if isinstance(value, str) and not isinstance(value, ScalarString):
        return styled(value)
    return value


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



def is_plain(value: Any) -> bool:
    """True for a string that was written (or is to be written) without quotes or block style."""
    return isinstance(value, str) and (not isinstance(value, ScalarString) or isinstance(value, PlainScalarString))
