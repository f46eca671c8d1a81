"""Turning a minutes text into a Meeting and a report of what was guessed.

The pieces live in text (line patterns), layout (where points start), header
and point (reading the lines into fields); this module puts them together.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

from repo_layout.importing import markdown as md
from repo_layout.importing.case_line import case_in_sections
from repo_layout.importing.header import Header, read_header
from repo_layout.importing.layout import Skeleton, find_skeleton, near_headings, toc_title
from repo_layout.importing.point import PointDraft, block_text, read_point
from repo_layout.importing.report import ImportFailure, ImportReport
from repo_layout.importing.source import normalise
from repo_layout.importing.text import (
    Note,
    Notes,
    find_date,
    heading_kind,
    minute_taker,
    similar,
    title_time_and_presenter,
)
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.yaml import limits

PLAIN_DECISION_HEADINGS = ("Beslutning", "Decision")
"""Decision headings that need no decision_heading (the schema's default)."""


def parse_minutes(text: str, source_name: str = "", forum_name: str | None = None) -> tuple[Meeting, ImportReport]:
    """Turn a minutes text into a Meeting (its path a placeholder YYYY-MM-DD.yaml) and a report of the guesses."""
    notes = Notes()
    lines = md.unquote([line.rstrip() for line in normalise(text).split("\n")])
    if not any(line.strip() for line in lines):
        raise ImportFailure(Note("failure_no_text", path=source_name or "-"))
    if limits.may_hold_surrogate(text) and any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise ImportFailure(Note("failure_surrogate", path=source_name or "-"))
    skeleton = find_skeleton(lines)
    if skeleton.starts:
        notes.guesses.append(_describe(skeleton))
        header_lines = [index for index in range(skeleton.starts[0].index) if index not in skeleton.toc | skeleton.clutter]
        header = read_header(lines, header_lines, notes, markdown=skeleton.markdown, title_index=skeleton.title_index)
        _keep_clutter(skeleton, header, notes)
        _sign(lines, skeleton, header, notes)
        drafts = _read_points(lines, skeleton, notes)
    else:
        header, drafts = _one_point(lines, skeleton, notes, forum_name)
    if header.title is None and skeleton.title_index is not None:
        header.title = md.plain(lines[skeleton.title_index])  # a "# Title" that stood after other text
    date = _meeting_date(header, lines, source_name, notes)
    meeting = _build(date, header, drafts, lines, notes)
    _unused_decision_words(drafts, notes)
    _check_contents(skeleton, header, meeting, notes)
    report = ImportReport(Path(source_name or "<text>"), None, notes.guesses, notes.unplaced, notes.warnings)
    return meeting, report


_DECISION_HINT = re.compile(
    r"^(?:\W*)(?:beslutning|besluttet|besluttede|vedtak|vedtatt|vedtaget|vedtog|resolved|agreed|decision|decided)\b",
    re.IGNORECASE,
)


def _unused_decision_words(drafts: list[PointDraft], notes: Notes) -> None:
    """Say which points without a decision hold a line that starts like one, for the user to look at."""
    for draft in drafts:
        if draft.decision is not None:
            continue
        for body in draft.sections.values():
            line = next((line.strip() for line in body if _DECISION_HINT.match(line.strip())), None)
            if line is not None:
                notes.unplaced.append(Note("decision_word_unused", number=draft.number, text=repr(line)))
                break


def _keep_clutter(skeleton: Skeleton, header: Header, notes: Notes) -> None:
    """A web page's own lines ("Til toppen", breadcrumbs, cookie text) go to the information, said in the report."""
    for index in sorted(skeleton.clutter):
        if index not in header.information:
            header.information.append(index)
    if skeleton.clutter:
        notes.guesses.append(Note("web_clutter", count=len(skeleton.clutter)))


def _sign(lines: list[str], skeleton: Skeleton, header: Header, notes: Notes) -> None:
    """A closing "Referent X" line is the minute taker, unless the header named another one (then it stays text)."""
    if skeleton.signature is None:
        return
    name = minute_taker(lines[skeleton.signature])
    if header.minute_taker not in (None, name):
        skeleton.signature = None
        return
    header.minute_taker = name
    notes.guesses.append(Note("taker_closing", name=name, line=repr(lines[skeleton.signature].strip())))


def _one_point(lines: list[str], skeleton: Skeleton, notes: Notes, forum_name: str | None) -> tuple[Header, list[PointDraft]]:
    """A text without recognisable points: the header lines it starts with, then one point holding the rest."""
    header_lines = [index for index in range(len(lines)) if index not in skeleton.toc | skeleton.clutter]
    header = read_header(
        lines, header_lines, notes, markdown=skeleton.markdown, title_index=skeleton.title_index, stop_when_unknown=True
    )
    _keep_clutter(skeleton, header, notes)
    skip = skeleton.toc | skeleton.clutter | {skeleton.title_index}
    body = [index for index in range(header.end_index, len(lines)) if index not in skip]
    draft = PointDraft(1, header.title or forum_name or "Referat")
    notes.warnings.append(Note("no_points"))
    for index, line, reason in near_headings(lines):
        notes.unplaced.append(Note(f"near_heading_{reason}", line=index + 1, text=repr(line)))
    return header, [read_point(draft, lines, body, notes, markdown=skeleton.markdown, section_lines=skeleton.section_lines)]


def _describe(skeleton: Skeleton) -> Note:
    """A report line saying how the points were found."""
    titles = ", ".join(repr(start.title) for start in skeleton.starts)
    return Note(f"points_{skeleton.mode}", count=len(skeleton.starts), titles=titles)


def _read_points(lines: list[str], skeleton: Skeleton, notes: Notes) -> list[PointDraft]:
    """Every point's lines read into a draft, numbered as printed (or counting on)."""
    drafts = []
    skip = skeleton.toc | skeleton.clutter | {index for index in (skeleton.signature, skeleton.title_index) if index is not None}
    ends = [start.index for start in skeleton.starts[1:]] + [len(lines)]
    number = 0
    for start, end in zip(skeleton.starts, ends, strict=True):
        number = start.number if start.number is not None else number + 1
        body = [index for index in range(start.index + start.lines_used, end) if index not in skip]
        draft = PointDraft(number, start.title or f"Punkt {number}", case=start.reference)
        drafts.append(
            read_point(
                draft, lines, body, notes, mode=skeleton.mode, markdown=skeleton.markdown, section_lines=skeleton.section_lines
            )
        )
    numbers = [draft.number for draft in drafts]
    if any(later <= earlier for earlier, later in itertools.pairwise(numbers)):
        notes.warnings.append(Note("numbers_not_rising", numbers=numbers))
    return drafts


def _meeting_date(header: Header, lines: list[str], source_name: str, notes: Notes) -> dt.date:
    """The header's date, else one in the file name, else the first in the text, else today (with a warning)."""
    if header.date is not None:
        return header.date
    found = find_date(Path(source_name).name) if source_name else None
    if found:
        notes.guesses.append(Note("date_from_file", date=found[0], name=repr(Path(source_name).name)))
        return found[0]
    for line in lines:
        found = find_date(line)
        if found:
            notes.warnings.append(Note("date_from_body", date=found[0], line=repr(line.strip())))
            return found[0]
    today = dt.date.today()
    notes.warnings.append(Note("no_date", today=today))
    return today


def _information(lines: list[str], indices: list[int]) -> str:
    """The information lines with the blank lines that stood between them (one blank between separate places)."""
    kept: list[str] = []
    for position, index in enumerate(indices):
        if position:
            between = lines[indices[position - 1] + 1 : index]
            kept.extend([""] * (len(between) if all(not line.strip() for line in between) else 1))
        kept.append(lines[index])
    return block_text(kept)


def _build(date: dt.date, header: Header, drafts: list[PointDraft], lines: list[str], notes: Notes) -> Meeting:
    """The Meeting, built through the model's typed views."""
    meeting = Meeting.new(Path(f"{date.isoformat()}.yaml"), date)
    meeting.title = header.title
    meeting.start, meeting.end = header.start, header.end
    meeting.location = header.location
    meeting.status = "held"
    absent = list(header.absent)
    taker = header.minute_taker
    for draft in drafts:
        absent.extend(name for name in draft.absent if name not in absent)
        if taker is None and draft.minute_taker:
            taker = draft.minute_taker
            notes.guesses.append(Note("taker_from_point", name=taker, number=draft.number))
    if header.present:
        notes.guesses.append(Note("present", names=", ".join(header.present)))
    if absent:
        notes.guesses.append(Note("absent", names=", ".join(absent)))
    meeting.minute_taker = taker
    meeting.present = header.present
    meeting.absent = absent
    meeting.information = _information(lines, sorted(set(header.information))) or None
    for position, draft in enumerate(drafts):
        meeting.insert_point(position, _point(draft, header, notes))
    return meeting


def _point(draft: PointDraft, header: Header, notes: Notes) -> Point:
    """One model Point from a draft, with time and presenter from the information lines or the title."""
    point = Point.new(draft.number, draft.title)
    point.case = draft.case or case_in_sections(draft.sections)
    title_time, title_presenter = title_time_and_presenter(draft.title)
    info = header.points.get(draft.number)
    times = [time for time in (draft.time, info.time if info else None, title_time) if time]
    if len(set(times)) > 1:
        notes.warnings.append(Note("times_disagree", number=draft.number, times=sorted(set(times)), kept=times[0]))
    point.time = times[0] if times else None
    if title_time and times and times[0] == title_time and not draft.time and not (info and info.time):
        notes.guesses.append(Note("time_from_title", number=draft.number, time=title_time))
    point.presenter = draft.presenter or (info.presenter if info else None) or title_presenter
    if title_presenter and point.presenter == title_presenter and not draft.presenter:
        notes.guesses.append(Note("presenter_from_title", number=draft.number, presenter=repr(title_presenter)))
    for heading, body in draft.sections.items():
        point.sections.set(heading, block_text(body))
    if draft.decision is not None:
        decision = block_text(draft.decision)
        heading = draft.decision_heading or ""
        point.decision_heading = None if heading in PLAIN_DECISION_HEADINGS else heading
        point.decision = decision or None
        if not decision:
            notes.warnings.append(Note("empty_heading", number=draft.number, heading=repr(heading)))
    point.attachments = [item for item in draft.attachments if item]
    for action in draft.actions:
        point.add_action(Action.new(action.task, owner=action.owner, due=action.due, done=action.done))
    return point


def _same_title(one: str, other: str) -> bool:
    """Equal titles, allowing for a contents line whose dot leader swallowed a final period ("CF - Evt.")."""
    return one.rstrip(". ") == other.rstrip(". ")


def _check_contents(skeleton: Skeleton, header: Header, meeting: Meeting, notes: Notes) -> None:
    """Compare the table of contents (and the information's "Pkt. N" lines) with the points; warn about differences."""
    numbers = {point.number for point in meeting.points}
    for number in sorted(set(header.points) - numbers):
        notes.warnings.append(Note("information_names_missing_point", number=number))
    entries = [toc_title(text) for _, text in skeleton.toc_entries]
    entries = [(number, title) for number, title in entries if heading_kind(title) != "decision"]
    if not entries:
        return
    unmatched = [(point.number, point.title) for point in meeting.points]
    before = len(notes.warnings)
    for number, title in entries:
        exact = next((item for item in unmatched if _same_title(item[1], title) and number in (None, item[0])), None)
        near = exact or next((item for item in unmatched if similar(item[1], title) or item[0] == number), None)
        if near is None:
            notes.warnings.append(Note("toc_extra", title=repr(title)))
            continue
        unmatched.remove(near)
        if exact is None:
            notes.warnings.append(Note("toc_differs", title=repr(title), number=near[0], other=repr(near[1])))
    for number, title in unmatched:
        notes.warnings.append(Note("not_in_toc", number=number, title=repr(title)))
    if len(notes.warnings) == before:
        notes.guesses.append(Note("toc_skipped", count=len(entries)))
