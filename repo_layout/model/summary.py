"""A meeting's tree label facts (title, status, broken or not), read fast without a round trip."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from repo_layout import boundary
from repo_layout.model.discover import MeetingRef
from repo_layout.yaml import yamlio


@dataclass(frozen=True)
class MeetingSummary:
    """What the tree shows for a meeting: date, title, status (None when the file has none), and whether it is broken."""

    ref: MeetingRef
    title: str | None
    broken: bool
    reason: str | None = None
    status: str | None = None

    @property
    def path(self) -> Path:
        return self.ref.path

    @property
    def date(self) -> dt.date:
        return self.ref.date


def summarize(ref: MeetingRef) -> MeetingSummary:
    """Read one meeting with the fast loader; a file that fails is marked broken, never raised."""
    linked = boundary.link_problem(ref.path)
    if linked is not None:
        return MeetingSummary(ref, None, True, linked)
    try:
        document = yamlio.load_fast(yamlio.read_text(ref.path))
    except (OSError, yamlio.YamlLoadError) as error:
        reason = getattr(error, "message", None) or getattr(error, "strerror", None) or str(error)
        return MeetingSummary(ref, None, True, reason)
    return summarize_document(ref, document)


def summarize_document(ref: MeetingRef, document: object) -> MeetingSummary:
    """The tree facts of a meeting already read (an open meeting's data after a save): nothing is read again."""
    if not isinstance(document, dict):
        return MeetingSummary(ref, None, True, "not a mapping of fields")
    title = document.get("title")
    points = document.get("points")
    date = document.get("date")
    if points is not None and not isinstance(points, list):
        return MeetingSummary(ref, _title(title), True, "points is not a list")
    if not isinstance(date, dt.date) or date != ref.date:
        return MeetingSummary(ref, _title(title), True, "date missing or not matching the file name")
    if isinstance(points, list) and any(not isinstance(point, dict) or not point.get("title") for point in points):
        return MeetingSummary(ref, _title(title), True, "a point without a title")
    status = document.get("status")
    return MeetingSummary(ref, _title(title), False, status=status if isinstance(status, str) and status else None)


def _title(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
