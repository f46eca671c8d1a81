"""Reading one point's lines into its fields: case, time, sections, decision, attachments, attendance."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from repo_layout.importing import markdown as md
from repo_layout.importing.layout import standalone
from repo_layout.importing.text import (
    BULLET,
    CAPITALISED_WORDS,
    Heading,
    Note,
    Notes,
    absent_names,
    case_number,
    heading_kind,
    minute_taker,
    name_like,
    similar,
    strip_bullet,
    time_only,
    vocabulary_heading,
)

_PRESENTER = re.compile(r"^(?:fremlægger|presenter)\s*:\s*(?P<name>\S.*?)\.?$", re.IGNORECASE)
_ACTION_HEADINGS = frozenset({"opfølgning", "follow-up"})
_ACTION = re.compile(r"^\[(?P<mark>[ xX])\]\s+(?P<rest>\S.*)$")
_ACTION_EXTRAS = re.compile(r"^(?P<task>.*?\S)\s*\((?P<extras>[^()]*)\)$")
_OWNER_LABELS = frozenset({"ansvarlig", "owner"})
_DUE_LABELS = frozenset({"frist", "due"})

_DISCUSSION_HEADINGS = frozenset({"referat", "drøftelse", "drøftelser", "discussion", "behandling"})
_DECIDING = re.compile(
    r"^(?:(?:\S+\s+){0,4}(?:besluttede|vedtog|godkendte|godkjente|vedtok|agreed|resolved|decided|approved)\b"
    r"|det\s+bl(?:e|ev)\s+(?:besluttet|vedtatt|vedtaget)|(?:godkendt|godkjent|vedtatt|enstemmig vedtatt)\b"
    r"|.{0,80}\b(?:blev|ble|was|were)\s+(?:godkendt|godkjent|vedtaget|vedtatt|approved|agreed)\b)",
    re.IGNORECASE,
)

UNHEADED = "Referat"
"""The section that holds a point's text written before any heading (the free-form minutes' account)."""


@dataclass
class ActionDraft:
    """A follow-up read from a "[ ] task (Ansvarlig: owner; Frist: YYYY-MM-DD)" line."""

    task: str
    owner: str | None = None
    due: dt.date | None = None
    done: bool = False


def action_line(text: str) -> ActionDraft | None:
    """The follow-up a checklist line holds ("[x] task (Ansvarlig: X; Frist: 2019-11-30)"), else None."""
    match = _ACTION.match(text.strip())
    if not match:
        return None
    action = ActionDraft(match["rest"].strip(), done=match["mark"] != " ")
    extras = _ACTION_EXTRAS.match(action.task)
    if not extras:
        return action
    owner, due = None, None
    for part in extras["extras"].split(";"):
        label, colon, value = part.partition(":")
        label, value = label.strip().casefold(), value.strip()
        if not colon or not value:
            return action
        if label in _OWNER_LABELS and owner is None:
            owner = value
        elif label in _DUE_LABELS and due is None:
            try:
                due = dt.date.fromisoformat(value)
            except ValueError:
                return action
        else:
            return action
    action.task, action.owner, action.due = extras["task"].strip(), owner, due
    return action


@dataclass
class PointDraft:
    """A point as read from the text, before it becomes a model Point."""

    number: int
    title: str
    case: str | None = None
    time: str | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)
    decision_heading: str | None = None
    decision: list[str] | None = None
    attachments: list[str] = field(default_factory=list)
    presenter: str | None = None
    actions: list[ActionDraft] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    minute_taker: str | None = None


def block_text(lines: list[str]) -> str:
    """Lines as a stored text: blank lines at either end dropped, one final newline; "" when empty."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(line.rstrip() for line in lines[start:end]) + "\n" if end > start else ""


class _PointReader:
    """A small state machine over a point's lines: which block is open, and what has been seen."""

    def __init__(
        self, draft: PointDraft, lines: list[str], mode: str, markdown: bool, section_lines: dict[int, str], notes: Notes
    ) -> None:
        self.draft = draft
        self.lines = lines
        self.mode = mode
        self.markdown = markdown
        self.section_lines = section_lines
        self.notes = notes
        self.kind: str | None = None  # the open block: "section" | "decision" | "attachments"
        self.block: list[str] | None = None
        self.preamble = True  # only case, time, attachments or a repeated title so far
        self.has_content = False
        self.block_has_text = False
        self.sectioned = False  # free-form: the point began with a sub-heading
        self.listed = False  # a "Bilag" heading has been read (a line like the title is then an attachment)
        self.before_actions: tuple[str | None, list[str] | None, bool] | None = None  # the block an actions list interrupted
        self.last_heading: str | None = None  # the section heading written in the text that opened the last block

    def read(self, index: int) -> None:
        """Take one line of the point."""
        raw = self.lines[index].rstrip()
        text = raw.strip()
        if self.kind == "actions":
            if not text:
                return
            action = action_line(text)
            if action is not None:
                self.draft.actions.append(action)
                return
            self.kind, self.block, self.block_has_text = self.before_actions or (None, None, False)
        if not text:
            if self.block is not None:
                self.block.append("")
            return
        if self.preamble and self.kind is None and self.draft.case is None and (case := case_number(text)):
            self.draft.case = case
            return
        if self.kind != "attachments" and not self.block_has_text and self.take_time(text):
            return
        if self.preamble and self.kind is None and self.draft.presenter is None and (presenter := _PRESENTER.match(text)):
            if name_like(presenter["name"]):
                self.draft.presenter = presenter["name"].strip()
                return
        if self.preamble and similar(text, self.draft.title) and (not self.listed or self.heading_follows(index)):
            if text != self.draft.title:
                repeated = Note("dropped_repeat", number=self.draft.number, text=repr(text), title=repr(self.draft.title))
                self.notes.guesses.append(repeated)
            self.kind, self.block = None, None
            return
        if self.actions_heading(index, text):
            self.before_actions = (self.kind, self.block, self.block_has_text)
            self.kind = "actions"
            return
        heading = self.heading(index, text)
        if heading is not None:
            self.open(heading, raw)
        else:
            self.add(raw)

    def take_time(self, text: str) -> bool:
        """A line that is only a time slot gives the point's time; True when it did."""
        slot = time_only(text)
        if slot is None:
            return False
        if self.draft.time not in (None, slot):
            self.notes.warnings.append(Note("second_time", number=self.draft.number, text=repr(text)))
            return False
        self.draft.time = slot
        return True

    def heading_follows(self, index: int) -> bool:
        """True when the next non-empty line after `index` is a section or decision heading.

        After a "Bilag" list a line like the title is the title repeated only when the point's text
        follows it (as the seeds write it); at the end of the list it is an attachment (as the exporter writes it).
        """
        after = next((i for i in range(index + 1, len(self.lines)) if self.lines[i].strip()), None)
        if after is None:
            return False
        if after in self.section_lines:
            return True
        found = vocabulary_heading(md.plain(self.lines[after]) if self.markdown else self.lines[after].strip())
        return found is not None and found.kind != "attachments"

    def actions_heading(self, index: int, text: str) -> bool:
        """True for an "Opfølgning" / "Follow-up" heading whose next line is a "[ ] task" line."""
        bare = " ".join((md.plain(text) if self.markdown else text).rstrip(":").split()).casefold()
        if bare not in _ACTION_HEADINGS:
            return False
        following = next((line for line in self.lines[index + 1 :] if line.strip()), "")
        return action_line(md.plain(following) if self.markdown else following) is not None

    def heading(self, index: int, text: str) -> Heading | None:
        """The heading a line is here (vocabulary, Markdown, or a free-form sub-heading), else None."""
        if index in self.section_lines:
            forced = self.section_lines[index]
            return Heading(heading_kind(forced) or "section", forced)
        found = vocabulary_heading(md.plain(text) if self.markdown else text)
        if found is not None and self.kind == "attachments" and md.bare(found.text) in CAPITALISED_WORDS:
            return None  # an attachment's name ("Drøftelse"), not a heading of the older vocabulary
        if found is not None or self.mode != "free":
            return found
        words = text.split()
        if not text.endswith(":") or len(words) > 10 or BULLET.match(text) or not standalone(self.lines, index):
            return None
        if self.kind is not None and not self.block_has_text:
            return None  # the line right under a heading is that heading's text
        if len(words) <= 3 or self.sectioned or not self.has_content:
            return Heading("section", text)
        return None

    def open(self, heading: Heading, raw: str) -> None:
        """Start the block a heading names; a repeated heading stays as text in the open block."""
        if heading.kind == "attachments":
            self.kind, self.block, self.block_has_text, self.listed = "attachments", None, False, True
            if heading.inline:
                self.add(heading.inline)
            return
        duplicate = self.draft.decision is not None if heading.kind == "decision" else heading.text in self.draft.sections
        if duplicate:
            self.notes.warnings.append(Note("heading_twice", number=self.draft.number, heading=repr(heading.text)))
            if self.kind == "attachments" or self.block is None:
                self.resume(heading)
            self.add(raw)
            return
        if heading.kind == "decision":
            self.draft.decision, self.draft.decision_heading = [], heading.text
            self.block = self.draft.decision
        else:
            self.block = self.draft.sections[heading.text] = []
        self.last_heading = heading.text if heading.kind == "section" else None
        self.kind, self.block_has_text = heading.kind, False
        self.sectioned = self.sectioned or not self.has_content
        self.preamble, self.has_content = False, True
        if heading.inline:
            self.add(heading.inline)

    def resume(self, heading: Heading) -> None:
        """Go back into the block of an earlier heading of the same name (after an attachment list)."""
        self.kind = heading.kind
        self.block = self.draft.decision if heading.kind == "decision" else self.draft.sections[heading.text]
        self.block_has_text = True

    def add(self, raw: str) -> None:
        """Add a text line to the open block (a section named Referat when none is open yet)."""
        text = raw.strip()
        if self.kind == "attachments":
            self.draft.attachments.append(strip_bullet(text) if self.markdown else text)
            self.block_has_text = True
            return
        if self.block is None:
            self.notes.guesses.append(Note("text_before_heading", number=self.draft.number, heading=repr(UNHEADED)))
            self.block = self.draft.sections.setdefault(UNHEADED, [])
            self.kind = "section"
        self.preamble, self.has_content = False, True
        self.block.append(raw)
        self.block_has_text = True
        self.attendance(text)

    def attendance(self, text: str) -> None:
        """Absentees and the minute taker named in a line (which stays in the text)."""
        for name in absent_names(text):
            if name not in self.draft.absent:
                self.draft.absent.append(name)
        taker = minute_taker(text)
        if taker and self.draft.minute_taker is None:
            self.draft.minute_taker = taker


def read_point(
    draft: PointDraft,
    lines: list[str],
    indices: list[int],
    notes: Notes,
    *,
    mode: str = "punkt",
    markdown: bool = False,
    section_lines: dict[int, str] | None = None,
) -> PointDraft:
    """Read a point's body lines (given by index) into `draft`, and return it."""
    reader = _PointReader(draft, lines, mode, markdown, section_lines or {}, notes)
    for index in indices:
        reader.read(index)
    _closing_decision(draft, reader.last_heading, notes)
    return draft


def _closing_decision(draft: PointDraft, heading: str | None, notes: Notes) -> None:
    """A point with no decision heading whose "Referat"/"Drøftelse" ends in a paragraph that decides: that is the decision.

    Minutes often write the account, then one last paragraph ("Udvalget besluttede ...", "Godkendt.") as the decision.
    """
    if draft.decision is not None or heading is None or md.bare(heading) not in _DISCUSSION_HEADINGS:
        return
    body = draft.sections.get(heading)
    if not body:
        return
    end = len(body)
    while end and not body[end - 1].strip():
        end -= 1
    start = end
    while start and body[start - 1].strip():
        start -= 1
    if start == 0 or not any(line.strip() for line in body[:start]) or not _DECIDING.match(body[start].strip()):
        return
    draft.decision, draft.decision_heading = body[start:end], "Beslutning"
    del body[start:]
    notes.guesses.append(Note("closing_decision", number=draft.number, heading=repr(heading), text=repr(body_first(draft))))


def body_first(draft: PointDraft) -> str:
    """The first line of a draft's decision, for the report."""
    return next((line.strip() for line in draft.decision or [] if line.strip()), "")
