"""Every word the library writes for people, one module per language: `words(language)` gives that language's table.

The languages are the modules of this package (`da.py`, `en.py`): a third language is one new file holding a
`WORDS: LibraryWords`, and `tests/test_i18n.py` checks that it has every key. Problems the library names for
programs and logs stay in English beside the code; the app's own words are in `tui/i18n/`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import TypedDict

LANGUAGES: tuple[str, ...] = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))
"""The languages the library can write, found from the modules of this package ("da", "en")."""

DEFAULT = "da"
"""The language of a repository that names none, and the fallback for a language the library cannot write."""


class ChangeWords(TypedDict):
    """What changed in a meeting, in words: commit messages and the history's summaries (history.changes)."""

    fields: dict[str, str]  # a field's name (title, decision, present, ...) in words
    point: str
    changed: str
    added: str
    removed: str
    moved: str
    moved_before: str  # "point 2 moved before point 1"
    moved_after: str  # "point 1 moved after point 3"
    renumbered: str
    section: str
    action: str
    done: str
    reopened: str
    created: str
    deleted: str
    nothing: str
    more: str  # "{count}" more changes
    of_point: str  # the connective in "decision of point 3 changed", with its spaces
    status_to: str  # {status}: the status changed to a new one ("status: afholdt")
    marks: dict[str, str]  # closed_marked, closed_unmarked, postponed_marked, postponed_unmarked: after "point 3"


class MergeWords(TypedDict):
    """The labels of a merge's conflicts and what the result took from each side (sync.merge_words)."""

    section: str
    action: str
    action_fields: dict[str, str]  # task, owner, due, done
    order: str
    points_order: str
    file: str
    ours: str
    theirs: str


# functional form: "continue" cannot be a class attribute
SyncProgress = TypedDict(
    "SyncProgress",
    {"check": str, "fetch": str, "integrate": str, "merge_file": str, "continue": str, "push": str, "abort": str, "done": str},
)
"""The short phrases a sync reports as it goes (sync.session); {remote} and {path} are filled in."""


class DateWords(TypedDict):
    """Dates in words for exports (export.common)."""

    weekdays: tuple[str, ...]  # Monday first, seven
    months: tuple[str, ...]  # January first, twelve
    long: str  # {weekday}, {day}, {month}, {year}: "Torsdag d. 24. oktober 2019"
    in_title: str  # {date} (DD-MM-YYYY) in a meeting's made-up title: "d. 24-10-2019"


class CommitWords(TypedDict):
    """Commit messages the library writes besides the changes of a save."""

    imported: str  # {forum}, {dates}: an import (importing.importer)
    demo_setup: str  # the demo repository's first commit (demo)
    demo_meeting: str  # {forum}, {date}: one demo meeting (demo)
    restore: str  # {commit}, {date}: an old version restored (editing.saving)


class CycleWords(TypedDict):
    """The meeting's cycle in words (repo_layout.cycle): agenda points, links, approval, commit subjects."""

    approval_point: str  # {meeting}: the first point of a new agenda
    approval_of: str  # {meeting}: added to a standing approval point's title
    approval_stems: tuple[str, ...]  # a standing point whose title holds one of these approves minutes
    approved_decision: str  # {meeting}: the approval point's decision
    follow_up_point: str  # the point listing the forum's open actions
    follow_up_line: str  # {task} {who} {meeting} {point}: one open action, in the follow-up point's text
    follow_up_due: str  # {due}: added to a follow-up line's owner
    carried_from: str  # {meeting} {point}: a carried point's link back
    taken_up: str  # {meeting} {point}: a postponed point's link forward
    postponed: str  # {reason}: a postponed point's mark ("" reason gives the bare word)
    postponed_bare: str
    closed: str  # a closed point's words, the only thing published of it
    approved_by: str  # {date} {who}
    tag_word: str  # the last part of an approval tag's name
    tag_message: str  # {forum} {meeting} {who}: the approval tag's message
    correction: str  # {date} {who} {what} {why}: one correction, as exports print it
    weekdays: tuple[str, ...]  # Monday first: the names forum.yaml may use for its weekday
    commit_agenda: str  # {forum} {meeting}: the agenda made
    commit_sent: str  # {forum} {meeting}: the agenda sent
    commit_held: str  # {forum} {meeting}: marked held
    commit_approved: str  # {forum} {meeting}: minutes approved
    commit_postponed: str  # {forum} {meeting} {point}: a point postponed
    commit_resumed: str  # {forum} {meeting} {point}: a postponement taken back
    commit_correction: str  # {forum} {meeting} {why}: a correction after approval (the changes follow in the body)
    commit_attached: str  # {forum} {meeting} {file}: an attachment added


class LibraryWords(TypedDict):
    """All the words of one language; every language module holds one as `WORDS`."""

    changes: ChangeWords
    shallow: str  # the summary of a change this shallow clone does not have (history.meeting_history)
    merge: MergeWords
    progress: SyncProgress
    labels: dict[str, str]  # the export's labels (export.common.labels): every language has the same keys
    dates: DateWords
    importing: dict[str, str]  # an import's report (importing.text.Note): each note's kind, and the report's labels
    commits: CommitWords
    cycle: CycleWords


@functools.cache
def _table(language: str) -> LibraryWords:
    table: LibraryWords = importlib.import_module(f"{__name__}.{language}").WORDS
    return table


def words(language: str, fallback: str = DEFAULT) -> LibraryWords:
    """The words of `language`; those of `fallback` for a language the library cannot write."""
    return _table(language if language in LANGUAGES else fallback)


def supported(language: str) -> str:
    """`language` when the library can write it, else the default (a repository's or a caller's choice, made safe)."""
    return language if language in LANGUAGES else DEFAULT
