"""Exporting minutes for publication: one meeting as Markdown, HTML or plain text, or a static HTML site.

    export_meeting(meeting, forum, "html", language="da") -> str
    export_site(repository, Path("site"), scope=None, language=None) -> list[Path]

The text format is the one the text importer reads back (see export_text); the
HTML is one standalone file with print CSS for A4 (see export_html).
"""

from __future__ import annotations

from collections.abc import Callable

from repo_layout.export.common import labels
from repo_layout.export.html import render_html
from repo_layout.export.markdown import render_markdown
from repo_layout.export.site import export_site
from repo_layout.export.text import render_text
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.meeting import Meeting

__all__ = ["FORMATS", "SUFFIXES", "export_meeting", "export_site"]

FORMATS = ("md", "html", "txt")
SUFFIXES = {"md": ".md", "html": ".html", "txt": ".txt"}

_RENDERERS: dict[str, Callable[[Meeting, ForumInfo | None, str], str]] = {
    "md": render_markdown,
    "html": render_html,
    "txt": render_text,
}


def export_meeting(meeting: Meeting, forum: ForumInfo | None, fmt: str, language: str = "da") -> str:
    """The meeting as a document in `fmt` (md, html or txt) with labels in `language` (da or en)."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    labels(language)
    return _RENDERERS[fmt](meeting, forum, language)
