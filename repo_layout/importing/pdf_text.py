"""The text layer of a PDF as minutes text: pages in order, the page headers and footers taken out, hyphenation undone.

pypdf reads the text in the order the PDF draws it, which keeps two columns apart (docs/architecture.md, "Importing").
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_EDGE = 3  # lines at the top and at the bottom of a page where a running header or footer may stand
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:side|page|sida|s\.|p\.)\s*\d+(?:\s*(?:af|of|av|/|fra)\s*\d+)?|\d{1,3}"
    r"(?:\s*(?:af|of|av|/|fra)\s*\d{1,3})?)\s*$",
    re.IGNORECASE,
)  # "Side 2 af 5", "Page 3 of 7", "- 4 -", "12", "3/9"; a year alone ("2024") is no page number
_PAGE_IN_LINE = re.compile(r"\b(?:side|page|sida)\s*\d+(?:\s*(?:af|of|av|/)\s*\d+)?", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(r"^\s*(?:(?:punkt|pkt\.|sak|item)\s*)?\d{1,4}(?:[./]\d{1,4})?[.):]?\s+\S", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<![\s\d])[^\s.]{5,}\.$")  # "kvartal." ends a sentence; "1." and "pr." do not
_YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?\s*$")  # "2024" or "2024-2027" wrapped off a title
_SOFT_BREAK = ("\u2010", "\u00ad")  # a hyphenation hyphen and a soft hyphen: the word goes on at the next line


@dataclass
class PdfText:
    """A PDF's minutes text, the running header/footer lines taken out of it, and how many page numbers were dropped."""

    text: str
    furniture: list[str] = field(default_factory=list)
    page_numbers: int = 0
    pages: int = 0


class NoTextLayer(Exception):
    """The PDF has no text to read (a scan): it needs OCR before it can be imported."""


class UnreadablePdf(Exception):
    """The file is no PDF that pypdf can open; the message says why."""


def pdf_text(path: Path) -> PdfText:
    """The text of the PDF at `path`; NoTextLayer for a scan, UnreadablePdf for a broken or encrypted file."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about a damaged file are said as one line below
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("encrypted")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except UnreadablePdf:
        raise
    except Exception as error:  # any failure of the parser on a hostile file is "unreadable", never a crash
        raise UnreadablePdf(str(error).splitlines()[0] if str(error) else type(error).__name__) from None
    if not any(page.strip() for page in pages):
        raise NoTextLayer()
    return clean_pages([page.replace("\r\n", "\n").replace("\r", "\n").split("\n") for page in pages])


def clean_pages(pages: list[list[str]]) -> PdfText:
    """Pages' lines as one text: lines repeated at the edge of most pages and page numbers out, hyphenation joined."""
    edges = [_edge_indexes(lines) for lines in pages]
    seen = Counter(key for lines, indexes in zip(pages, edges, strict=True) for key in {_key(lines, i) for i in indexes})
    needed = max(2, -(-len(pages) * 3 // 5))  # on three pages in five at least, and on two
    inside = {
        " ".join(line.split())
        for lines, indexes in zip(pages, edges, strict=True)
        for i, line in enumerate(lines)
        if i not in indexes
    }
    furniture: list[str] = []
    numbers = 0
    kept: list[str] = []
    for lines, indexes in zip(pages, edges, strict=True):
        drop: set[int] = set()
        for index in indexes:
            line = lines[index].strip()
            if _PAGE_NUMBER.match(line) and (len(pages) > 1 or _PAGE_IN_LINE.fullmatch(line)):  # one page: "Side 1 af 1"
                drop.add(index)
                numbers += 1
            elif seen[_key(lines, index)] >= needed and len(pages) > 1 and " ".join(line.split()) not in inside:
                drop.add(index)
                if line not in furniture:
                    furniture.append(line)
        kept += [line.rstrip() for index, line in enumerate(lines) if index not in drop]
    text = "\n".join(_join_wrapped_titles(_dehyphenate(kept))).strip("\n") + "\n"
    return PdfText(text, furniture, numbers, len(pages))


def _edge_indexes(lines: list[str]) -> list[int]:
    """The indexes of a page's first and last few non-blank lines."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))


def _key(lines: list[str], index: int) -> str:
    """A line compared across pages: its place from the top or bottom, its words but for a page number in it."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    rank = f"top {filled.index(index)}" if index in filled[:_EDGE] else f"bottom {len(filled) - filled.index(index)}"
    return rank + " " + _PAGE_IN_LINE.sub("#", " ".join(lines[index].split()))


def _join_wrapped_titles(lines: list[str]) -> list[str]:
    """Lines with a numbered title that the page or a column wrapped ("2. Budget for 1." / "kvartal") joined again.

    Only a short numbered line that ends no sentence, followed by a short line in lower case or a year alone: text
    under a title starts a sentence, so it starts with a capital.
    """
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            _NUMBERED_TITLE.match(previous)
            and len(previous.split()) <= 12
            and not (previous.rstrip().endswith((":", ";", "!", "?")) or _SENTENCE_END.search(previous.rstrip()))
            and (line[:1].islower() or _YEAR_ALONE.match(line))
            and len(line) <= 60
        ):
            out[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _dehyphenate(lines: list[str]) -> list[str]:
    """Lines with a word broken by a hyphenation hyphen joined again: its end moves up to the line it started on."""
    out = list(lines)
    for index in range(len(out) - 1):
        line, following = out[index], out[index + 1]
        if line.endswith(_SOFT_BREAK) and following[:1].islower():
            rest, _, after = following.partition(" ")
            out[index] = line[:-1] + rest
            out[index + 1] = after
    return [line for index, line in enumerate(out) if line or not (index and lines[index] and not out[index])]
