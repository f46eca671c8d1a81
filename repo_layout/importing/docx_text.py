"""A Word (.docx) file as Markdown minutes text: headings as headings, list numbers written out, tables as text rows.

python-docx reads the paragraphs and tables in their order; Word keeps a numbered list's numbers in its numbering
definitions, not in the text, so they are counted here (decimal lists as "N.", bullets as "-").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnreadableDocx(Exception):
    """The file is no Word document python-docx can open; the message says why."""


MAX_UNPACKED_BYTES = 50_000_000
"""A Word file that unpacks to more than this is refused before it is parsed (a zip bomb, or no minutes)."""


def docx_text(path: Path) -> str:
    """The text of the .docx at `path` as Markdown; UnreadableDocx for a broken, hostile or oversized file."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableDocx(str(error).splitlines()[0] if str(error) else type(error).__name__) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocx(f"unpacks to {unpacked // 1_000_000} MB, over {MAX_UNPACKED_BYTES // 1_000_000} MB")
    try:
        return _docx_text(path)
    except UnreadableDocx:
        raise
    except Exception as error:  # any failure of the parser on a hostile file is "unreadable", never a crash
        raise UnreadableDocx(str(error).splitlines()[0] if str(error) else type(error).__name__) from None


def _docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableDocx(str(error).splitlines()[0] if str(error) else type(error).__name__) from None
    formats = _number_formats(document)
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            lines += _paragraph(Paragraph(block, document), formats, counters)
        elif block.tag == f"{_W}tbl":
            lines += _table(Table(block, document))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"  # one blank line between blocks


def _paragraph(paragraph: Paragraph, formats: dict[tuple[str, int], str], counters: dict[tuple[str, int], int]) -> list[str]:
    """A paragraph's lines: a heading with its # marks, a list item with its number, a bold run-in label in **."""
    text = paragraph.text.replace("\t", " ").rstrip()
    if not text.strip():
        return [""]
    number = _list_number(paragraph, formats, counters)
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style or "")
    if style == "Title" or heading:
        level = 1 if style == "Title" else min(6, int(heading[1]) + 1) if heading else 2
        return ["", "#" * level + " " + (number + " " if number else "") + text.strip(), ""]
    if number:
        return [f"{number} {text.strip()}"]
    return [_bold_label(paragraph, text)]


def _bold_label(paragraph: Paragraph, text: str) -> str:
    """The paragraph's text with its bold opening words (a run-in label, or the whole line) marked as **bold**."""
    bold = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if not run.bold:
            break
        bold += run.text
    label = bold.strip()
    if not label or not text.lstrip().startswith(label) or "*" in label:
        return text
    start = text.index(label)
    return text[:start] + f"**{label}**" + text[start + len(label) :]


def _table(table: Table) -> list[str]:
    """A table's rows as lines: two cells as "label: value", more cells joined with " | "."""
    rows = [""]
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or value != cells[-1]:  # a merged cell is repeated once per column it spans
                cells.append(value)
        cells = [cell for cell in cells if cell] or [""]
        if len(cells) == 2 and len(cells[0]) <= 40 and not cells[0].endswith(":"):
            rows.append(f"{cells[0]}: {cells[1]}")
        else:
            rows.append(" | ".join(cells))
    return [*rows, ""]


def _number_formats(document: object) -> dict[tuple[str, int], str]:
    """(numId, level) -> the level's number format ("decimal", "bullet", ...), from the document's numbering part."""
    formats: dict[tuple[str, int], str] = {}
    try:
        numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    except (KeyError, NotImplementedError, AttributeError):
        return formats
    abstract = {}
    for node in numbering.iterchildren(f"{_W}abstractNum"):
        levels = {}
        for level in node.iterchildren(f"{_W}lvl"):
            fmt = level.find(f"{_W}numFmt")
            levels[int(level.get(f"{_W}ilvl", "0"))] = fmt.get(f"{_W}val") if fmt is not None else "decimal"
        abstract[node.get(f"{_W}abstractNumId")] = levels
    for node in numbering.iterchildren(f"{_W}num"):
        ref = node.find(f"{_W}abstractNumId")
        for level, fmt in abstract.get(ref.get(f"{_W}val") if ref is not None else None, {}).items():
            formats[(node.get(f"{_W}numId"), level)] = fmt
    return formats


def _list_number(paragraph: Paragraph, formats: dict[tuple[str, int], str], counters: dict[tuple[str, int], int]) -> str:
    """The number Word shows before a list paragraph ("3.", "6.2.", "-"), counted here; "" for no list."""
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is None and paragraph.style is not None:
        style_properties = paragraph.style.element.pPr
        numbering = style_properties.numPr if style_properties is not None else None
    if numbering is None or numbering.numId is None:
        return ""
    num_id = str(numbering.numId.val)
    level = int(numbering.ilvl.val) if numbering.ilvl is not None else 0
    if num_id == "0":
        return ""
    fmt = formats.get((num_id, level), "decimal")
    if fmt == "bullet":
        return "-"
    counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
    for deeper in [key for key in counters if key[0] == num_id and key[1] > level]:
        del counters[deeper]
    parts = [str(counters.get((num_id, up), 1)) for up in range(level + 1)]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (counters[(num_id, level)] - 1) % 26)
        return (letter.upper() if fmt == "upperLetter" else letter) + ")"
    return ".".join(parts) + "."
