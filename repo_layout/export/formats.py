"""Exporting minutes for publication: one meeting as Markdown, HTML or plain text, or a static HTML site.

    export_meeting(meeting, forum, "html", language="da") -> str
    write_meeting(repository, forum, meeting, "html", Path("x.html"), "da") -> list[Path]   (the cycle's facts too)
    export_site(repository, Path("site"), scope=None, language=None) -> list[Path]

The text format is the one the text importer reads back (see export_text); the
HTML is one standalone file with print CSS for A4 (see export_html).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from repo_layout.export.common import labels
from repo_layout.export.context import ExportContext, attachment_copies, meeting_context
from repo_layout.export.html import render_html
from repo_layout.export.markdown import render_markdown
from repo_layout.export.site import export_site, write_files
from repo_layout.export.text import render_text
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.yaml.yamlio import atomic_write

__all__ = ["FORMATS", "SUFFIXES", "export_meeting", "export_site", "write_meeting"]

FORMATS = ("md", "html", "txt")
SUFFIXES = {"md": ".md", "html": ".html", "txt": ".txt"}

_RENDERERS: dict[str, Callable[[Meeting, ForumInfo | None, str, ExportContext | None], str]] = {
    "md": render_markdown,
    "html": lambda meeting, forum, language, context: render_html(meeting, forum, language, context=context),
    "txt": render_text,
}


def export_meeting(
    meeting: Meeting, forum: ForumInfo | None, fmt: str, language: str = "da", context: ExportContext | None = None
) -> str:
    """The meeting as a document in `fmt` (md, html or txt) with labels in `language` (da or en).

    `context` (export.context.meeting_context) adds what the file alone does not say: the approval from its tag and
    the kept attachments' links.
    """
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    labels(language)
    return _RENDERERS[fmt](meeting, forum, language, context)


def write_meeting(
    repository: Repository, forum: Forum | None, meeting: Meeting, fmt: str, output: Path, language: str = "da"
) -> list[Path]:
    """Write the meeting to `output` with its approval (from the tag) and its kept attachments; the files written.

    HTML gets the attachments copied beside it (`<meeting>/<file>`) and linked; Markdown and text name their paths
    in the repository. Raises ValueError (format, language), ExportTargetError or OSError.
    """
    context = meeting_context(repository, forum, meeting, language)
    copies: dict[PurePosixPath, bytes] = {}
    if fmt == "html" and forum is not None:
        links, copies = attachment_copies(forum, meeting)
        context = ExportContext(context.approved, links)
    text = export_meeting(meeting, forum.info if forum else None, fmt, language, context)
    copied = write_files(Path(output).parent, copies) if copies else []
    atomic_write(Path(output), text)
    return [Path(output), *copied]
