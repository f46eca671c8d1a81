"""A meeting as Markdown (CommonMark): headings per point, a facts list, the decision in a quote block.

All text from the files is escaped, so that a line such as "# x", "1. at ..." or
"**x**" inside the minutes shows as written instead of becoming markup, and the
lines of a paragraph keep their line breaks (a backslash at the end of a line).
"""

from __future__ import annotations

import re

from repo_layout.export import common
from repo_layout.export.context import ExportContext
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point

_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")
_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def inline(text: str | None) -> str:
    """One line of text with every Markdown character that could act as markup escaped."""
    flat = " ".join((text or "").split())
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))


def escape_line(line: str) -> str:
    """A line of text escaped inline and at its start (list markers, setext underlines, numbers)."""
    escaped = inline(line)
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1).isdigit():
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"\\{escaped}"


def _paragraph(lines: list[str], prefix: str) -> str:
    if all(line.lstrip().startswith("- ") and line.lstrip()[2:].strip() for line in lines):
        return "\n".join(f"{prefix}- {escape_line(line.lstrip()[2:])}" for line in lines)
    return "\\\n".join(f"{prefix}{escape_line(line)}" for line in lines)


def block(text: str | None, prefix: str = "") -> str:
    """Escaped paragraphs with hard line breaks and `prefix` on every line; an all-"- " paragraph stays a bullet list."""
    return f"\n{prefix.rstrip()}\n".join(_paragraph(lines, prefix) for lines in common.paragraphs(text))


def facts(pairs: list[tuple[str, str | None]]) -> str:
    """The pairs that have a value as a bold-labelled list."""
    return "\n".join(f"- **{label}:** {inline(value)}" for label, value in pairs if value)


def forum_facts(forum: ForumInfo | None, language: str) -> list[tuple[str, str | None]]:
    """The forum's name and organisation as facts (none without a forum)."""
    words = common.labels(language)
    return [(words["forum"], forum.name), (words["organisation"], forum.organisation)] if forum else []


def header(meeting: Meeting, forum: ForumInfo | None, language: str, context: ExportContext | None = None) -> list[str]:
    """The title and the meeting's facts: forum, date, time, place, attendance, status, information, corrections."""
    words = common.labels(language)
    approved = context.approved if context else None
    listed = facts([*forum_facts(forum, language), *common.meeting_facts(meeting, language, approved)])
    parts = [f"# {inline(common.meeting_title(meeting, forum, language))}", listed]
    if meeting.information:
        parts.extend([f"**{words['information']}**", block(meeting.information)])
    corrections = common.correction_lines(meeting, language)
    if corrections:
        parts.extend([f"**{words['corrections']}**", "\n".join(f"- {inline(line)}" for line in corrections)])
    return parts


def point_heading(point: Point, position: int, language: str, title: str) -> str:
    """A point's heading: "## Punkt 3: title"."""
    return f"## {common.labels(language)['point']} {common.number_label(point, position)}: {inline(title)}"


def marks_line(point: Point, language: str) -> str:
    """The point's marks (closed, postponed and why, carried from) in italics, or ""."""
    marks = common.point_marks(point, language)
    return f"*{' · '.join(inline(mark) for mark in marks)}*" if marks else ""


def attachment_lines(point: Point, links: dict[str, str]) -> str:
    """The point's attachments as a list, each kept file with its path (`links`: file -> path or href)."""
    return "\n".join(
        f"- {inline(entry.title)}: {inline(links[entry.file])}" if entry.file in links else f"- {inline(entry.title)}"
        for entry in point.attachment_entries
    )


def point_parts(point: Point, position: int, language: str, context: ExportContext | None = None) -> list[str]:
    """One point: its heading, marks, facts, sections, decision, attachments and actions; in a publication a closed
    point is its heading "Punkt N: Lukket punkt" only."""
    words = common.labels(language)
    context = context or ExportContext()
    if common.hidden(point, context.public):
        return [point_heading(point, position, language, common.closed_words(language))]
    parts = [point_heading(point, position, language, point.title), marks_line(point, language)]
    listed = facts(common.point_facts(point, language))
    if listed:
        parts.append(listed)
    for heading, text in point.sections:
        parts.append(f"### {inline(heading)}")
        if common.paragraphs(text):
            parts.append(block(text))
    if point.decision or point.decision_heading:
        quoted = f"> **{inline(common.decision_heading(point, language))}**"
        body = block(point.decision, "> ")
        parts.append(f"{quoted}\n>\n{body}" if body else quoted)
    if point.attachment_entries:
        parts.append(f"### {words['attachments']}")
        parts.append(attachment_lines(point, dict(context.links)))
    if point.actions:
        parts.append(f"### {words['actions']}")
        parts.append(
            "\n".join(
                f"- [{'x' if action.done else ' '}] {inline(common.action_text(action.task, action.owner, action.due, language))}"
                for action in point.actions
            )
        )
    return parts


def render_markdown(
    meeting: Meeting, forum: ForumInfo | None, language: str = "da", context: ExportContext | None = None
) -> str:
    """The whole meeting as one Markdown document, ending with one newline."""
    parts = header(meeting, forum, language, context)
    for position, point in enumerate(meeting.points, start=1):
        parts.extend(point_parts(point, position, language, context))
    return "\n\n".join(part for part in parts if part) + "\n"
