"""Reading a minutes file as text: UTF-8, else Windows-1252 or Latin-1, with LF line ends; a file that is no text is
refused with ImportFailure.
"""

from __future__ import annotations

from pathlib import Path

from repo_layout.importing.report import ImportFailure
from repo_layout.importing.text import Note
from repo_layout.yaml import limits

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))
_ALLOWED_SYMBOLS = frozenset("–—‘’‚“”„…•·§½¼¾°€£«»×÷±©®™†‡‰‹›¨´¸¯¬¦¡¿µ¶\xa0\xad")


def read_source(path: Path) -> str:
    """A text file's content: UTF-8, else Windows-1252 / Latin-1; no BOM, LF line ends; ImportFailure if unusable."""
    return decode(Path(path))[0]


def decode(path: Path) -> tuple[str, str]:
    """The text and the name of the encoding it was read in."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailure(Note("failure_unreadable", path=path, reason=error.strerror or error)) from None
    if len(data) > limits.MAX_FILE_BYTES:
        raise ImportFailure(Note("failure_too_large", path=path, limit=limits.MAX_FILE_BYTES // 1_000_000))
    if not data.strip():
        raise ImportFailure(Note("failure_empty", path=path))
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(path, data.decode(codec)), name
            except UnicodeDecodeError:
                raise ImportFailure(Note("failure_bad_bom", path=path, encoding=name)) from None
    if b"\x00" in data:
        raise ImportFailure(Note("failure_binary", path=path))
    try:
        return _checked(path, data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError as error:
        position = error.start
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _sensible(text):
            latin1 = not any(0x80 <= byte <= 0x9F for byte in data)
            return _checked(path, text), "Latin-1" if latin1 else "Windows-1252"
    raise ImportFailure(Note("failure_encoding", path=path, byte=position))


def _sensible(text: str) -> bool:
    """True when a decoded text's non-ASCII characters are mostly letters (æ, ø, å, é) and common symbols."""
    others = [char for char in text if ord(char) > 127]
    odd = [char for char in others if not char.isalpha() and char not in _ALLOWED_SYMBOLS]
    return len(odd) <= len(others) // 10


def _checked(path: Path, text: str) -> str:
    """A decoded text normalised, refused when it is empty or full of control characters."""
    text = normalise(text)
    if not text.strip():
        raise ImportFailure(Note("failure_empty", path=path))
    controls = sum(1 for char in text if (ord(char) < 32 and char not in "\t\n\f") or 0x7F <= ord(char) < 0xA0)
    if controls > max(2, len(text) // 1000):
        raise ImportFailure(Note("failure_controls", path=path, count=controls))
    return text


def normalise(text: str) -> str:
    """Text with LF line ends only: no BOM, CRLF and CR made LF, page breaks and Unicode line separators as LF."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for separator in ("\f", "\v", "\u2028", "\u2029", "\x85"):
        text = text.replace(separator, "\n")
    return text
