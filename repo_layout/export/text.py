"""A meeting as plain text in the style of the seed exports, so that the text importer can read it back.

Layout (every block separated by exactly one blank line, as the seeds do):

    <title>
    Mødedato <Weekday> d. DD. <month> YYYY kl. HH:MM[ - HH:MM]
    Mødested <place>
    Til stede: A, B                      (when the meeting lists who was present)
    X deltog ikke i mødet.               (per absentee, unless a text already says so)
    Referent: X                          (unless a text already says so)
    Status: godkendt 2019-11-07 af Ida   (only when an approval tag says who approved the minutes and when)
    Rettelser efter godkendelsen:        (the corrections, one line each, when there are any)
    Information:                         (the meeting's information, when it has one)
    <information text>
    Punkt N: <title>
    udsat: why · udsat fra mødet ...     (the point's marks of the cycle, when it has any)
    <case number>
    HH:MM - HH:MM                        (the point's time, unless its title already holds it)
    Fremlægger: X                        (unless the title or the information already names X)
    <section heading>
    <section text>
    Beslutning | <decision_heading>
    <decision text>
    Bilag
    <attachment>[: path]                 (one per line, a blank line between them; a kept file's path)
    Opfølgning
    [ ] task (Ansvarlig: owner; Frist: YYYY-MM-DD)   (one per line, no blank lines between)
"""

from __future__ import annotations

from repo_layout.export.common import (
    action_line,
    clean_text,
    closed_words,
    correction_lines,
    decision_heading,
    hidden,
    labels,
    long_date,
    meeting_time,
    meeting_title,
    number_label,
    point_marks,
    presenter_is_written,
    says_absent,
    says_minute_taker,
    time_in_title,
    time_slot,
)
from repo_layout.export.context import ExportContext
from repo_layout.model.config_files import ForumInfo
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Point


def one_line(text: str | None) -> str:
    """A value that must stay on one line (a title, a heading, a name) with its line breaks as spaces."""
    return " ".join((text or "").split())


def header_blocks(meeting: Meeting, forum: ForumInfo | None, language: str, context: ExportContext | None = None) -> list[str]:
    """The title, date, place, attendance, status and correction blocks that open the text."""
    words = labels(language)
    blocks = [one_line(meeting_title(meeting, forum, language))]
    when = meeting_time(meeting)
    if meeting.date is not None:
        line = f"{words['date_line']} {long_date(meeting.date, language)}"
        blocks.append(f"{line} {words['at']} {when}" if when else line)
    elif when:
        blocks.append(f"{words['date_line']} {words['at']} {when}")
    if meeting.location:
        blocks.append(f"{words['place_line']} {one_line(meeting.location)}")
    if meeting.present:
        blocks.append(f"{words['present']}: {', '.join(one_line(name) for name in meeting.present)}")
    for name in meeting.absent:
        if not says_absent(meeting, name):
            blocks.append(words["absent_sentence"].format(name=one_line(name)))
    if meeting.minute_taker and not says_minute_taker(meeting, meeting.minute_taker):
        blocks.append(f"{words['minute_taker']}: {one_line(meeting.minute_taker)}")
    if context is not None and context.approved:  # the seeds have no status line: only an approval tag adds one
        blocks.append(f"{words['status']}: {one_line(context.approved)}")
    corrections = correction_lines(meeting, language)
    if corrections:
        blocks.append("\n".join([f"{words['corrections']}:", *(one_line(line) for line in corrections)]))
    information = clean_text(meeting.information)
    if information:
        blocks.extend([f"{words['information']}:", information])
    return blocks


def point_blocks(
    meeting: Meeting, point: Point, position: int, language: str, context: ExportContext | None = None
) -> list[str]:
    """The blocks of one point: heading line, marks, case, time, presenter, sections, decision, attachments, actions.

    In a publication a closed point is its heading "Punkt N: Lukket punkt" only.
    """
    words = labels(language)
    context = context or ExportContext()
    if hidden(point, context.public):
        return [f"{words['point']} {number_label(point, position)}: {closed_words(language)}"]
    blocks = [f"{words['point']} {number_label(point, position)}: {one_line(point.title)}"]
    marks = point_marks(point, language)
    if marks:
        blocks.append(" · ".join(one_line(mark) for mark in marks))
    if point.case:
        blocks.append(one_line(point.case))
    if point.time and not time_in_title(point):
        blocks.append(time_slot(point.time))
    if point.presenter and not presenter_is_written(meeting, point):
        blocks.append(f"{words['presenter']}: {one_line(point.presenter)}")
    for heading, text in point.sections:
        blocks.append(one_line(heading))
        if clean_text(text):
            blocks.append(clean_text(text))
    if point.decision or point.decision_heading:
        blocks.append(one_line(decision_heading(point, language)))
        if clean_text(point.decision):
            blocks.append(clean_text(point.decision))
    if point.attachment_entries:
        blocks.append(words["attachments"])
        blocks.extend(
            f"{one_line(entry.title)}: {context.links[entry.file]}" if entry.file in context.links else one_line(entry.title)
            for entry in point.attachment_entries
        )
    if point.actions:
        blocks.append(words["actions"])
        blocks.append(
            "\n".join(
                action_line(one_line(action.task), one_line(action.owner) or None, action.due, action.done, language)
                for action in point.actions
            )
        )
    return blocks


def render_text(meeting: Meeting, forum: ForumInfo | None, language: str = "da", context: ExportContext | None = None) -> str:
    """The whole meeting as plain text, ending with one newline."""
    blocks = header_blocks(meeting, forum, language, context)
    for position, point in enumerate(meeting.points, start=1):
        blocks.extend(point_blocks(meeting, point, position, language, context))
    return "\n\n".join(block for block in blocks if block) + "\n"
