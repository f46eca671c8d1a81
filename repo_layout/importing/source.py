"""Reading a minutes file as text: UTF-8, else Windows-1252 or Latin-1, with LF line ends; a file that is no text is
refused with ImportFailure. A .pdf is read from its text layer (pdf_text), a .docx as Markdown (docx_text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.importing.report import ImportFailure
from repo_layout.importing.text import Note
from repo_layout.yaml import limits

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))
_ALLOWED_SYMBOLS = frozenset("–—‘’‚“”„…•·§½¼¾°€£«»×÷±©®™†‡‰‹›¨´¸¯¬¦¡¿µ¶\xa0\xad")


SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")
"""The files a folder given to the import is searched for."""


MAX_DOCUMENT_BYTES = 50_000_000
"""A PDF or Word file holds fonts and pictures beside its text: it may be larger than a text file (limits)."""


@dataclass
class Source:
    """A minutes file read as text: the text, what the reading guessed, and lines to keep in the meeting's information."""

    text: str
    notes: list[Note] = field(default_factory=list)
    information: list[str] = field(default_factory=list)


def load(path: Path) -> Source:
    """The minutes text of a .txt, .md, .pdf or .docx file (any other name is read as text); ImportFailure if unusable."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".pdf":
        return _load_pdf(path)
    if suffix == ".docx":
        return _load_docx(path)
    text, encoding = decode(path)
    return Source(text, [] if encoding == "UTF-8" else [Note("decoded", encoding=encoding)])


def _load_pdf(path: Path) -> Source:
    """A PDF's text layer, its running headers/footers kept for the information and its page numbers dropped."""
    from repo_layout.importing.pdf_text import NoTextLayer, UnreadablePdf, pdf_text

    _check_size(path)
    try:
        read = pdf_text(path)
    except NoTextLayer:
        raise ImportFailure(Note("failure_no_text_layer", path=path)) from None
    except UnreadablePdf as error:
        raise ImportFailure(Note("failure_bad_pdf", path=path, reason=error)) from None
    notes = [Note("read_pdf", pages=read.pages)]
    if read.furniture:
        notes.append(Note("pdf_furniture", lines=" / ".join(read.furniture)))
    if read.page_numbers:
        notes.append(Note("pdf_page_numbers", count=read.page_numbers))
    return Source(_checked(path, read.text), notes, read.furniture)


def _load_docx(path: Path) -> Source:
    """A Word document's text as Markdown."""
    from repo_layout.importing.docx_text import UnreadableDocx, docx_text

    _check_size(path)
    try:
        text = docx_text(path)
    except UnreadableDocx as error:
        raise ImportFailure(Note("failure_bad_docx", path=path, reason=error)) from None
    return Source(_checked(path, text), [Note("read_docx")])


def _check_size(path: Path) -> None:
    """ImportFailure for a file that cannot be read, is empty, or is larger than minutes are."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFailure(Note("failure_unreadable", path=path, reason=error.strerror or error)) from None
    if size == 0:
        raise ImportFailure(Note("failure_empty", path=path))
    if size > MAX_DOCUMENT_BYTES:
        raise ImportFailure(Note("failure_too_large", path=path, limit=MAX_DOCUMENT_BYTES // 1_000_000))


def read_source(path: Path) -> str:
    """A minutes file's text (`load`): a text file decoded, a PDF's text layer, a Word file as Markdown; no BOM, LF ends."""
    return load(Path(path)).text


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
