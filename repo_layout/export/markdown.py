"""A meeting as Markdown (CommonMark): headings per point, a facts list, the decision in a quote block.

All text from the files is escaped, so that a line such as "# x", "1. at ..." or
"**x**" inside the minutes shows as written instead of becoming markup, and the
lines of a paragraph keep their line breaks (a backslash at the end of a line).
"""

from __future__ import annotations

import re

from repo_layout.export import common
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


def _facts(pairs: list[tuple[str, str | None]]) -> str:
    return "\n".join(f"- **{label}:** {inline(value)}" for label, value in pairs if value)


def header(meeting: Meeting, forum: ForumInfo | None, language: str) -> list[str]:
    """The title and the meeting's facts: forum, date, time, place, attendance, information."""
    words = common.labels(language)
    forum_facts = [(words["forum"], forum.name), (words["organisation"], forum.organisation)] if forum else []
    facts = _facts([*forum_facts, *common.meeting_facts(meeting, language)])
    parts = [f"# {inline(common.meeting_title(meeting, forum, language))}", facts]
    if meeting.information:
        parts.extend([f"**{words['information']}**", block(meeting.information)])
    return parts


def point_parts(point: Point, position: int, language: str) -> list[str]:
    """One point: its heading, facts, sections, decision, attachments and actions."""
    words = common.labels(language)
    parts = [f"## {words['point']} {common.number_label(point, position)}: {inline(point.title)}"]
    facts = _facts(common.point_facts(point, language))
    if facts:
        parts.append(facts)
    for heading, text in point.sections:
        parts.append(f"### {inline(heading)}")
        if common.paragraphs(text):
            parts.append(block(text))
    if point.decision or point.decision_heading:
        quoted = f"> **{inline(common.decision_heading(point, language))}**"
        body = block(point.decision, "> ")
        parts.append(f"{quoted}\n>\n{body}" if body else quoted)
    if point.attachments:
        parts.append(f"### {words['attachments']}")
        parts.append("\n".join(f"- {inline(title)}" for title in point.attachments))
    if point.actions:
        parts.append(f"### {words['actions']}")
        parts.append(
            "\n".join(
                f"- [{'x' if action.done else ' '}] {inline(common.action_text(action.task, action.owner, action.due, language))}"
                for action in point.actions
            )
        )
    return parts


def render_markdown(meeting: Meeting, forum: ForumInfo | None, language: str = "da") -> str:
    """The whole meeting as one Markdown document, ending with one newline."""
    parts = header(meeting, forum, language)
    for position, point in enumerate(meeting.points, start=1):
        parts.extend(point_parts(point, position, language))
    return "\n\n".join(part for part in parts if part) + "\n"
