"""A meeting as one standalone HTML page: inline CSS for screen and A4 print, every file text HTML-escaped."""

from __future__ import annotations

import string
from html import escape

from repo_layout.export.common import (
    action_text,
    closed_words,
    correction_lines,
    decision_heading,
    hidden,
    labels,
    meeting_facts,
    meeting_title,
    number_label,
    paragraphs,
    point_anchors,
    point_facts,
    point_marks,
)
from repo_layout.export.context import ExportContext
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem 4rem; color: #1b1b1b; background: #fff;
  font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; line-height: 1.5; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25;
  break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 0 0 0.6rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 0.3rem; }
p { margin: 0 0 0.7rem; orphans: 3; widows: 3; }
a { color: #1f4e79; }
nav.site { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.9rem; margin-bottom: 1.5rem; }
nav.site a { margin-right: 1.2rem; }
.forum { font-family: "Helvetica Neue", Arial, sans-serif; color: #555; margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: bold; font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.9rem; }
dl.facts dd { margin: 0; }
header.meeting { border-bottom: 2px solid #1f4e79; margin-bottom: 1.5rem; padding-bottom: 0.5rem;
  break-inside: avoid; page-break-inside: avoid; }
.information { margin: 0.5rem 0 1rem; }
article.point { border-top: 1px solid #bbb; padding-top: 1rem; margin-top: 1.5rem;
  break-inside: avoid; page-break-inside: avoid; }
.decision { background: #eef3f8; border-left: 5px solid #1f4e79; padding: 0.6rem 1rem 0.2rem; margin: 1rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.decision h3 { margin-top: 0; }
.attachments ul, .actions ul { margin: 0.2rem 0 0.8rem; padding-left: 1.3rem; }
.actions .done { text-decoration: line-through; color: #555; }
ul.meetings { list-style: none; padding-left: 0; }
ul.meetings li { margin: 0.2rem 0; }
.broken { color: #8a1c1c; }
.marks { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.9rem; color: #5a3d00; margin: 0 0 0.6rem; }
.corrections { border-left: 5px solid #8a5a00; padding: 0.2rem 1rem; margin: 1rem 0; }
.corrections ul { margin: 0.2rem 0 0.4rem; padding-left: 1.3rem; }
p.pdf { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.9rem; }
.note { font-size: 0.9rem; color: #555; }
article.entry { border-top: 1px solid #ddd; padding-top: 0.6rem; margin-top: 0.8rem;
  break-inside: avoid; page-break-inside: avoid; }
article.entry .meta { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.9rem; margin-bottom: 0.3rem; }
@page { size: A4; margin: 20mm 18mm 22mm 20mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.site { display: none; }
  a { color: inherit; text-decoration: none; }
  .decision { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def text_html(text: str | None) -> str:
    """Text as escaped paragraphs, keeping its line breaks as <br>."""
    return "\n".join("<p>" + "<br>\n".join(escape(line.strip()) for line in lines) + "</p>" for lines in paragraphs(text))


def facts_html(pairs: list[tuple[str, str | None]], css_class: str = "facts") -> str:
    """A definition list of the pairs that have a value (empty when none has)."""
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in pairs if value)
    return f'<dl class="{css_class}">{rows}</dl>' if rows else ""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_numbers_css(language: str) -> str:
    """The printed page's footer, "Side 1 af 2", from CSS page counters (a PDF and a browser's print both number pages)."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(labels(language)["page_of"]):
        if literal:
            parts.append(_css_string(literal))
        if name in ("page", "pages"):
            parts.append(f"counter({name})")
    content = " ".join(parts)
    return (
        "@page { @bottom-center { content: " + content + '; font-family: "Helvetica Neue", Arial, sans-serif;'
        " font-size: 9pt; color: #555; } }"
    )


def page(title: str, body: str, language: str, nav: str = "") -> str:
    """A complete standalone UTF-8 HTML document around `body` (title and nav are HTML-ready)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}\n{page_numbers_css(language)}\n</style>\n</head>\n<body>\n"
        f"{nav}<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def forum_line_html(forum: ForumInfo | None) -> str:
    """The forum's name and organisation above the title ("" without a forum)."""
    if forum is None:
        return ""
    return f'<p class="forum">{escape(" · ".join(part for part in (forum.name, forum.organisation) if part))}</p>'


def header_html(meeting: Meeting, forum: ForumInfo | None, language: str, context: ExportContext | None = None) -> str:
    """The meeting's title, forum, date, time, place, attendance, status (its approval), information and corrections."""
    words = labels(language)
    context = context or ExportContext()
    parts = ['<header class="meeting">', forum_line_html(forum)]
    parts.append(f"<h1>{escape(meeting_title(meeting, forum, language))}</h1>")
    parts.append(facts_html(meeting_facts(meeting, language, context.approved)))
    if context.pdf:
        parts.append(f'<p class="pdf"><a href="{escape(context.pdf)}">{escape(words["pdf"])}</a></p>')
    if meeting.information:
        information = text_html(meeting.information)
        parts.append(f'<section class="information"><h2>{escape(words["information"])}</h2>\n{information}</section>')
    corrections = correction_lines(meeting, language)
    if corrections:
        items = "".join(f"<li>{escape(line)}</li>" for line in corrections)
        parts.append(f'<section class="corrections"><h2>{escape(words["corrections"])}</h2><ul>{items}</ul></section>')
    parts.append("</header>")
    return "\n".join(part for part in parts if part)


def point_heading(point: Point, position: int, language: str, title: str) -> str:
    """A point's <h2>: "Punkt 3:" and its title."""
    number = f"{escape(labels(language)['point'])} {number_label(point, position)}:"
    return f'<h2><span class="number">{number}</span> {escape(title)}</h2>'


def marks_html(point: Point, language: str) -> str:
    """The point's marks (closed, postponed and why, carried from) on one line, or ""."""
    marks = point_marks(point, language)
    return f'<p class="marks">{" · ".join(escape(mark) for mark in marks)}</p>' if marks else ""


def attachments_html(point: Point, language: str, links: dict[str, str] | None = None) -> str:
    """The point's attachments, each kept file linked (`links`: file -> href), or ""."""
    entries = point.attachment_entries
    if not entries:
        return ""
    links = links or {}
    items = "".join(
        f'<li><a href="{escape(links[entry.file])}">{escape(entry.title)}</a></li>'
        if entry.file in links
        else f"<li>{escape(entry.title)}</li>"
        for entry in entries
    )
    return f'<section class="attachments"><h3>{escape(labels(language)["attachments"])}</h3><ul>{items}</ul></section>'


def point_html(point: Point, position: int, anchor: str, language: str, context: ExportContext | None = None) -> str:
    """One point as an <article> with id `anchor`, kept on one page where the printer can; in a publication a
    closed point is its number and "Lukket punkt" only."""
    context = context or ExportContext()
    if hidden(point, context.public):
        heading = point_heading(point, position, language, closed_words(language))
        return f'<article class="point closed" id="{escape(anchor)}">\n{heading}\n</article>'
    parts = [
        f'<article class="point" id="{escape(anchor)}">',
        point_heading(point, position, language, point.title),
        marks_html(point, language),
        facts_html(point_facts(point, language), "facts point-facts"),
    ]
    for heading, text in point.sections:
        parts.append(f'<section class="section"><h3>{escape(heading)}</h3>\n{text_html(text)}</section>')
    if point.decision or point.decision_heading:
        heading = escape(decision_heading(point, language))
        parts.append(f'<section class="decision"><h3>{heading}</h3>\n{text_html(point.decision)}</section>')
    parts.append(attachments_html(point, language, dict(context.links)))
    if point.actions:
        items = "".join(
            f'<li class="{"done" if action.done else "open"}">'
            f"{escape(action_text(action.task, action.owner, action.due, language))}</li>"
            for action in point.actions
        )
        parts.append(f'<section class="actions"><h3>{escape(labels(language)["actions"])}</h3><ul>{items}</ul></section>')
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def meeting_body(meeting: Meeting, forum: ForumInfo | None, language: str, context: ExportContext | None = None) -> str:
    """The meeting's header and its points, ready to go inside <main>."""
    anchors = point_anchors(meeting)
    points = [
        point_html(point, position, anchor, language, context)
        for position, (point, anchor) in enumerate(zip(meeting.points, anchors, strict=True), start=1)
    ]
    return "\n".join([header_html(meeting, forum, language, context), *points])


def render_html(
    meeting: Meeting, forum: ForumInfo | None, language: str = "da", nav: str = "", context: ExportContext | None = None
) -> str:
    """The meeting as a standalone HTML document; `nav` is optional ready-made navigation HTML."""
    title = meeting_title(meeting, forum, language)
    return page(title, meeting_body(meeting, forum, language, context), language, nav)
