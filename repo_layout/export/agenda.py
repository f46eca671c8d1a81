"""A meeting's agenda alone, to send before the meeting: its header (forum, date, time, place) and every point with its
number, title, case, time, presenter, preparation sections, attachments, a carried point's link back and the
follow-up point's open actions; never a decision, an action or a correction. As HTML (print-ready), Markdown or PDF.

    render_agenda(meeting, forum_info, "pdf", "da") -> bytes     (html and md give str)
    export_agenda(repository, forum, meeting, "pdf", Path("dagsorden.pdf"), "da") -> AgendaExport

Writing a planned meeting's agenda to a file moves the meeting on to `agenda_sent` (one commit), unless asked not to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath

from repo_layout.cycle.agenda import own_sections
from repo_layout.cycle.steps import mark_status
from repo_layout.editing.saving import SaveResult
from repo_layout.export import markdown
from repo_layout.export.common import (
    labels,
    long_date,
    meeting_time,
    meeting_title,
    point_anchors,
    point_facts,
)
from repo_layout.export.context import attachment_copies, attachment_files
from repo_layout.export.html import (
    attachments_html,
    facts_html,
    forum_line_html,
    marks_html,
    page,
    point_heading,
    text_html,
)
from repo_layout.export.pdf import html_to_pdf
from repo_layout.export.site import write_files
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point
from repo_layout.words import words
from repo_layout.yaml.yamlio import atomic_write

AGENDA_FORMATS = ("html", "md", "pdf")
SUFFIXES = {"html": ".html", "md": ".md", "pdf": ".pdf"}


def agenda_title(meeting: Meeting, forum: ForumInfo | None, language: str) -> str:
    """The meeting's title, or "DAGSORDEN <forum> d. DD-MM-YYYY" when it has none."""
    return meeting_title(meeting, forum, language, "agenda")


def agenda_facts(meeting: Meeting, language: str) -> list[tuple[str, str | None]]:
    """The agenda's header facts: date, time and place."""
    names = labels(language)
    return [
        (names["date"], long_date(meeting.date, language) if meeting.date else None),
        (names["time"], meeting_time(meeting)),
        (names["place"], meeting.location),
    ]


def follow_up_lines(point: Point, language: str) -> list[str]:
    """The follow-up point's open actions, one line each: task, owner and due date, where it was decided."""
    cycle = words(language)["cycle"]
    lines = []
    for item in point.follow_up:
        who = item.owner or "-"
        if item.due:
            who = cycle["follow_up_due"].format(who=who, due=item.due.isoformat())
        number = item.link.point if item.link.point is not None else "-"
        lines.append(cycle["follow_up_line"].format(task=item.task, who=who, meeting=item.link.meeting, point=number))
    return lines


def preparation(point: Point, language: str) -> list[tuple[str, str]]:
    """The point's sections, less the follow-up list the agenda wrote into it (shown from `follow_up` instead)."""
    return own_sections(point)


def _point_html(point: Point, position: int, anchor: str, language: str, links: Mapping[str, str]) -> str:
    parts = [
        f'<article class="point" id="{escape(anchor)}">',
        point_heading(point, position, language, point.title),
        marks_html(point, language),
        facts_html(point_facts(point, language), "facts point-facts"),
    ]
    for heading, text in preparation(point, language):
        parts.append(f'<section class="section"><h3>{escape(heading)}</h3>\n{text_html(text)}</section>')
    follow = follow_up_lines(point, language)
    if follow:
        items = "".join(f"<li>{escape(line)}</li>" for line in follow)
        parts.append(f'<section class="actions"><h3>{escape(labels(language)["actions"])}</h3><ul>{items}</ul></section>')
    parts.append(attachments_html(point, language, dict(links)))
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def render_agenda_html(
    meeting: Meeting, forum: ForumInfo | None, language: str = "da", links: Mapping[str, str] | None = None
) -> str:
    """The agenda as a standalone, print-ready HTML document (`links`: an attachment's file -> its href)."""
    title = agenda_title(meeting, forum, language)
    header = "\n".join(
        part
        for part in (
            '<header class="meeting">',
            forum_line_html(forum),
            f"<h1>{escape(title)}</h1>",
            facts_html(agenda_facts(meeting, language)),
            "</header>",
        )
        if part
    )
    anchors = point_anchors(meeting)
    points = [
        _point_html(point, position, anchor, language, links or {})
        for position, (point, anchor) in enumerate(zip(meeting.points, anchors, strict=True), start=1)
    ]
    return page(title, "\n".join([header, *points]), language)


def render_agenda_markdown(
    meeting: Meeting, forum: ForumInfo | None, language: str = "da", links: Mapping[str, str] | None = None
) -> str:
    """The agenda as one Markdown document, ending with one newline (`links`: an attachment's file -> its path)."""
    names = labels(language)
    facts = [*markdown.forum_facts(forum, language), *agenda_facts(meeting, language)]
    parts = [f"# {markdown.inline(agenda_title(meeting, forum, language))}", markdown.facts(facts)]
    for position, point in enumerate(meeting.points, start=1):
        parts.extend([markdown.point_heading(point, position, language, point.title), markdown.marks_line(point, language)])
        parts.append(markdown.facts(point_facts(point, language)))
        for heading, text in preparation(point, language):
            parts.extend([f"### {markdown.inline(heading)}", markdown.block(text)])
        follow = follow_up_lines(point, language)
        if follow:
            parts.extend([f"### {names['actions']}", "\n".join(f"- {markdown.inline(line)}" for line in follow)])
        if point.attachment_entries:
            parts.extend([f"### {names['attachments']}", markdown.attachment_lines(point, dict(links or {}))])
    return "\n\n".join(part for part in parts if part) + "\n"


def render_agenda(
    meeting: Meeting, forum: ForumInfo | None, fmt: str, language: str = "da", links: Mapping[str, str] | None = None
) -> str | bytes:
    """The agenda in `fmt`: html or md as text, pdf as bytes (PdfUnavailableError when WeasyPrint cannot run)."""
    if fmt not in AGENDA_FORMATS:
        raise ValueError(f"unknown agenda format {fmt!r}: use one of {', '.join(AGENDA_FORMATS)}")
    labels(language)
    if fmt == "md":
        return render_agenda_markdown(meeting, forum, language, links)
    html = render_agenda_html(meeting, forum, language, links)
    return html_to_pdf(html) if fmt == "pdf" else html


@dataclass
class AgendaExport:
    """A written agenda: its file, the attachments copied beside it, and the status commit (None when unchanged)."""

    path: Path
    copied: list[Path] = field(default_factory=list)
    status: SaveResult | None = None


def export_agenda(
    repository: Repository,
    forum: Forum,
    meeting: Meeting,
    fmt: str,
    output: Path,
    language: str,
    keep_status: bool = False,
) -> AgendaExport:
    """Write the agenda to `output`, then move a planned meeting to agenda_sent ("dagsorden udsendt") unless `keep_status`.

    HTML gets the kept attachments copied beside it (`<meeting>/<file>`) and linked; Markdown names their paths in
    the repository. Raises ValueError (format), PdfUnavailableError, ExportTargetError or OSError (the file), and what
    saving raises (GitError, IdentityMissingError) for the status commit, after the file is written.
    """
    output = Path(output)
    copied: list[Path] = []
    if fmt == "html":
        links, copies = attachment_copies(forum, meeting)
        document = render_agenda(meeting, forum.info, fmt, language, links)
        copied = write_files(output.parent, copies) if copies else []
    else:
        files = attachment_files(forum, meeting)
        links = {file: path.relative_to(repository.root).as_posix() for file, path in files.items()}
        document = render_agenda(meeting, forum.info, fmt, language, links if fmt == "md" else None)
    if isinstance(document, str):
        atomic_write(output, document)
    else:
        _write_bytes(output, document)
    result = AgendaExport(output, copied)
    if meeting.status == "planned" and not keep_status:
        result.status = mark_status(repository, forum, meeting, "agenda_sent", language)
    return result


def _write_bytes(path: Path, data: bytes) -> None:
    """Write bytes as `atomic_write` writes text: a new file renamed over the name (a link there is replaced)."""
    write_files(path.parent, {PurePosixPath(path.name): data})
