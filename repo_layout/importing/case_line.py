"""A point's case number on a line that says more ("Sagsnr.: 23/1234  Dok.nr.: 23/1234-5  Åbent")."""

from __future__ import annotations

import re

_CASE_LINE = re.compile(
    r"^(?:sagsnr|sags\s?nr|sag\s+nr|saksnr|saks\s?nr|sak\s+nr|sagsnummer|saksnummer|arkivsak(?:\s*nr)?|arkivsaksnr|"
    r"journalnr|j\.\s?nr)\.?\s*:?\s*(?P<case>[0-9][0-9A-Za-z./\-]*[0-9A-Za-z])(?P<rest>.*)$",
    re.IGNORECASE,
)
_REST = re.compile(
    r"^(?:\s*[,;|/]?\s*(?:dok|dokument|dokumentnr|åben|åbent|åpen|lukket|lukket punkt|offentlig|unntatt|ikke offentlig|"
    r"journalpost|arkivkode|j\.?\s?nr|løpenr|open|closed)\b.*)?\s*$",
    re.IGNORECASE,
)


def case_in_line(line: str) -> str | None:
    """The case number opening a "Sagsnr./Saksnr./Arkivsak" line, also with "Dok.nr." or "Åbent" after it; else None.

    The line itself stays in the point's text (what follows the number is kept there).
    """
    match = _CASE_LINE.match(line.strip())
    if not match or not _REST.match(match["rest"]):
        return None
    case = match["case"]
    if sum(char.isdigit() for char in case) < 3 or not any(sep in case for sep in "./-"):
        return None
    return case


def case_in_sections(sections: dict[str, list[str]]) -> str | None:
    """The case number on the first line of a point's first section, when that line is a case line."""
    for lines in sections.values():
        first = next((line for line in lines if line.strip()), None)
        return case_in_line(first) if first is not None else None
    return None
