"""What searching gives: hits, the decision log's rows and the open actions' rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Hit:
    """One search result: where it is, how good it is, and an excerpt with the matching words' spans."""

    path: str
    """The meeting file, relative to the repository's root (posix); for a forum, its newest meeting."""
    date: dt.date
    forum: str
    """The forum's display name."""
    point: int | None
    """The point's printed number; None for the meeting itself (title, people, information) and for a forum."""
    point_title: str | None
    field: str
    """forum, title, point_title, case, section, decision, attachment, person, information or action."""
    heading: str | None
    """The section's heading for a section; for a person the role: minute_taker, present, absent, presenter, owner."""
    score: float
    """0..100, higher is better; with a quoted phrase, hits holding it exactly score 50 and up, the others below."""
    excerpt: str
    """At most about 160 characters of the original text around the match, whitespace collapsed, … where cut."""
    spans: tuple[tuple[int, int], ...]
    """(start, end) of each matching word in `excerpt`, sorted, not overlapping."""
    approximate: bool = False
    """True when a word of the query is matched only by a word like it (a typo apart, or containing it), not exactly."""

    def as_json(self) -> dict[str, Any]:
        """The hit as a JSON-ready object (what `minutes search --json` prints)."""
        return {
            "path": self.path,
            "date": self.date.isoformat(),
            "forum": self.forum,
            "point": self.point,
            "point_title": self.point_title,
            "field": self.field,
            "heading": self.heading,
            "score": self.score,
            "excerpt": self.excerpt,
            "spans": [list(span) for span in self.spans],
            "approximate": self.approximate,
        }


@dataclass(frozen=True)
class DecisionRow:
    """A decision of one point, for the decision log."""

    path: str
    date: dt.date
    forum: str
    point: int | None
    point_title: str
    text: str
    status: str | None = None
    """The meeting's status (planned, agenda_sent, held, approved, draft), None when the file has none."""


@dataclass(frozen=True)
class ActionRow:
    """An action named in a point (index: its position in the point's actions list)."""

    path: str
    date: dt.date
    forum: str
    point: int | None
    point_title: str
    index: int
    task: str
    owner: str | None
    due: dt.date | None
    done: bool
    status: str | None = None
    """The status of the meeting that decided the action."""
    followed_up: tuple[str, int | None] | None = None
    """The latest later meeting (its name) and follow-up point that lists the action, if any."""
    postponed: bool = False
    """Not an action: a point postponed at its meeting and not taken up since (task is its reason, or empty)."""
