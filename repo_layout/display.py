"""Text from files and git made safe to show on a terminal: control characters become visible escapes.

    safe_text("a\\x1b]0;PWNED\\x07b")  -> "a\\\\x1b]0;PWNED\\\\x07b"   (newlines and tabs kept)
    safe_line("two\\nlines")          -> "two\\\\nlines"                (one line: newline and tab escaped too)
    json_text([...])                  -> JSON whose strings decode to the exact data, with nothing a terminal acts on

What is escaped, and how it looks:
- every C0 control but the newline and tab the caller keeps, DEL, and every C1 control (U+0080-U+009F):
  `\\n`, `\\t`, `\\r` for those three, otherwise `\\xHH` (`\\x1b` for ESC, `\\x9b` for the one-byte CSI);
- the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069: "Trojan source"), the line and
  paragraph separators (U+2028, U+2029) and lone surrogates (U+D800-U+DFFF, which a YAML escape can produce): `\\uHHHH`.
Everything else is left alone: Danish letters, emoji (with their zero-width joiners), tabs and newlines where kept.
A backslash in the data is not doubled, so `\\x1b` on screen may also be those four characters; this is for reading.

The rule of the house (docs/architecture.md): a terminal is not data, a file is. Everything the program prints to
stdout or stderr, and everything a screen draws, goes through these functions, except JSON (`--json`), whose strings
decode to the exact data. A file written with `-o` (an export) holds the data exactly as it is.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache

__all__ = ["drop_unsafe", "has_unsafe", "json_text", "safe_line", "safe_text"]

_ALWAYS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
"""What is escaped in every field (newline \\x0a and tab \\x09 are decided by the caller)."""

_JSON_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
"""What json.dumps(ensure_ascii=False) leaves raw that a terminal could act on (it escapes every C0 control itself)."""


_COMPILED: dict[tuple[bool, bool], re.Pattern[str]] = {}


def _unsafe(keep_newlines: bool, keep_tabs: bool) -> re.Pattern[str]:
    """The characters to escape, compiled when first used (about a millisecond each; `minutes log` needs two)."""
    pattern = _COMPILED.get((keep_newlines, keep_tabs))
    if pattern is None:
        kept = ("" if keep_tabs else "\t") + ("" if keep_newlines else "\n")
        pattern = _COMPILED[keep_newlines, keep_tabs] = re.compile(f"[{kept}{_ALWAYS}]")
    return pattern


@cache
def _json_unsafe() -> re.Pattern[str]:
    return re.compile(f"[{_JSON_UNSAFE}]")


_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


@lru_cache(maxsize=256)
def _escape(character: str) -> str:
    code = ord(character)
    return _SHORT.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _replace(match: re.Match[str]) -> str:
    return _escape(match.group())


def has_unsafe(text: str) -> bool:
    """True if `text` holds anything safe_line would escape (a newline or tab counts)."""
    return _unsafe(False, False).search(text) is not None


def safe_text(text: str, *, keep_newlines: bool = True, keep_tabs: bool = True) -> str:
    """`text` with every control character a terminal could act on shown as a visible escape (see the module)."""
    pattern = _unsafe(keep_newlines, keep_tabs)
    if pattern.search(text) is None:  # the common case: nothing to do, the same string back
        return text
    return pattern.sub(_replace, text)


def safe_line(text: str) -> str:
    """`text` for a field shown on one line (a title, a name, a commit subject): newlines and tabs escaped too."""
    return safe_text(text, keep_newlines=False, keep_tabs=False)


def drop_unsafe(text: str) -> str:
    """`text` without what safe_line would escape (a lone surrogate becomes U+FFFD): for a line already laid out in cells.

    Those characters take no cell (a surrogate takes one, as U+FFFD does), so dropping them keeps every width; the visible
    escapes of safe_text are for text not yet laid out.
    """
    pattern = _unsafe(False, False)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: "\ufffd" if "\ud800" <= match.group() <= "\udfff" else "", text)


def json_text(value: object, *, indent: int | None = 2) -> str:
    """`value` as JSON that decodes to exactly `value`, with DEL, C1, bidi controls and lone surrogates as \\uHHHH."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    pattern = _json_unsafe()
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
