"""Meeting: one meeting file as a typed view over its round-trip document, and the text a save writes for it.

The view reads and writes its fields in the ruamel document it wraps, so that
comments, key order, unknown keys and the style of untouched values survive;
its points are `points.Point` views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.model.fields import MEETING_KEYS, get_string_list, get_text, place_key, set_key, set_string_list, set_text
from repo_layout.model.points import Point
from repo_layout.yaml import splice, styles, yamlio


@dataclass(frozen=True)
class Correction:
    """A change made to approved minutes: when, by whom, what changed (worded) and why."""

    date: dt.date
    by: str
    what: str
    why: str

    @classmethod
    def read(cls, value: object) -> Correction | None:
        if not isinstance(value, dict):
            return None
        date = value.get("date")
        if isinstance(date, dt.datetime):
            date = date.date()
        if not isinstance(date, dt.date):
            return None
        return cls(date, get_text(value, "by") or "", get_text(value, "what") or "", get_text(value, "why") or "")

    def as_map(self) -> CommentedMap:
        mapping = CommentedMap()
        mapping["date"] = self.date
        for key in ("by", "what", "why"):
            text = getattr(self, key)
            if text:
                mapping[key] = styles.restyle_keep(None, text)
        return mapping


class Meeting:
    """One meeting file: its parsed document, the text it was read from, and typed fields."""

    def __init__(
        self, path: Path, document: CommentedMap, original_text: str, layout: yamlio.Layout, source_text: str | None = None
    ) -> None:
        self.path = Path(path)
        self.data = document
        self.original_text = original_text
        self.source_text = original_text if source_text is None else source_text
        self.layout = layout

    @classmethod
    def new(cls, path: Path, date: dt.date) -> Meeting:
        meeting = cls(path, CommentedMap(), "", yamlio.CANONICAL)
        meeting.date = date
        meeting.data["points"] = CommentedSeq()
        return meeting

    # header fields
    @property
    def title(self) -> str | None:
        return get_text(self.data, "title")

    @title.setter
    def title(self, value: str | None) -> None:
        set_text(self.data, "title", value, MEETING_KEYS)

    @property
    def date(self) -> dt.date | None:
        value = self.data.get("date")
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None

    @date.setter
    def date(self, value: dt.date) -> None:
        if self.date != value:
            set_key(self.data, "date", value, MEETING_KEYS)

    @property
    def start(self) -> str | None:
        return get_text(self.data, "start")

    @start.setter
    def start(self, value: str | None) -> None:
        set_text(self.data, "start", value, MEETING_KEYS)

    @property
    def end(self) -> str | None:
        return get_text(self.data, "end")

    @end.setter
    def end(self, value: str | None) -> None:
        set_text(self.data, "end", value, MEETING_KEYS)

    @property
    def location(self) -> str | None:
        return get_text(self.data, "location")

    @location.setter
    def location(self, value: str | None) -> None:
        set_text(self.data, "location", value, MEETING_KEYS)

    @property
    def status(self) -> str | None:
        return get_text(self.data, "status")

    @status.setter
    def status(self, value: str | None) -> None:
        set_text(self.data, "status", value, MEETING_KEYS)

    @property
    def minute_taker(self) -> str | None:
        return get_text(self.data, "minute_taker")

    @minute_taker.setter
    def minute_taker(self, value: str | None) -> None:
        set_text(self.data, "minute_taker", value, MEETING_KEYS)

    @property
    def present(self) -> list[str]:
        return get_string_list(self.data, "present")

    @present.setter
    def present(self, values: list[str]) -> None:
        set_string_list(self.data, "present", values, MEETING_KEYS)

    @property
    def absent(self) -> list[str]:
        return get_string_list(self.data, "absent")

    @absent.setter
    def absent(self, values: list[str]) -> None:
        set_string_list(self.data, "absent", values, MEETING_KEYS)

    @property
    def information(self) -> str | None:
        return get_text(self.data, "information")

    @information.setter
    def information(self, value: str | None) -> None:
        set_text(self.data, "information", value, MEETING_KEYS)

    @property
    def name(self) -> str:
        """The meeting's file name without .yaml, as links name it (`2019-10-24`, `2019-10-24-2`)."""
        return self.path.name.removesuffix(".yaml").removesuffix(".yml")

    @property
    def corrections(self) -> list[Correction]:
        value = self.data.get("corrections")
        if not isinstance(value, list):
            return []
        return [item for item in (Correction.read(entry) for entry in value) if item is not None]

    def add_correction(self, correction: Correction) -> None:
        """Record a change made after approval (oldest first)."""
        sequence = self.data.get("corrections")
        if not isinstance(sequence, CommentedSeq):
            sequence = CommentedSeq()
            place_key(self.data, "corrections", sequence, MEETING_KEYS)
        sequence.append(correction.as_map())

    # points
    @property
    def points(self) -> list[Point]:
        value = self.data.get("points")
        if not isinstance(value, list):
            return []
        return [Point(item) for item in value if isinstance(item, CommentedMap)]

    def _point_sequence(self) -> CommentedSeq:
        sequence = self.data.get("points")
        if not isinstance(sequence, CommentedSeq):
            sequence = CommentedSeq()
            place_key(self.data, "points", sequence, MEETING_KEYS)
        return sequence

    def insert_point(self, index: int, point: Point) -> None:
        self._point_sequence().insert(index, point.data)

    def remove_point(self, index: int) -> Point:
        return Point(self._point_sequence().pop(index))

    def move_point(self, index: int, new_index: int) -> None:
        sequence = self._point_sequence()
        item = sequence.pop(index)
        sequence.insert(new_index, item)

    def renumber_points(self, start: int = 1) -> None:
        for offset, point in enumerate(self.points):
            point.number = start + offset

    # text
    @property
    def original_text(self) -> str:
        """The text the meeting was read from (or last saved as)."""
        return self._original_text

    @original_text.setter
    def original_text(self, text: str) -> None:
        self._original_text = text
        self.source_text = text
        self._original_redumped: str | None = None

    def dump(self) -> str:
        """The file's text for the document as it now is: the text it was read from, with only the changed values rewritten.

        `source_text` is the text the document was parsed from (the file, or a
        draft or an external editor's result based on it); when a change cannot
        be spliced into it and proven, the whole document is dumped.
        """
        if self.source_text:
            spliced = splice.splice(self.source_text, self.data, self.layout)
            if spliced is not None:
                return spliced
        text = yamlio.dump_text(self.data, self.layout)
        if self.original_text and (text == self.original_text or text == self._redumped_original()):
            return self.original_text
        return text

    def _redumped_original(self) -> str | None:
        """The original text parsed and dumped again, computed once: what "unchanged" dumps to."""
        if self._original_redumped is None:
            try:
                self._original_redumped = yamlio.dump_text(yamlio.load_text(self.original_text), self.layout)
            except yamlio.YamlLoadError:
                self._original_redumped = ""
        return self._original_redumped or None

    def is_changed(self) -> bool:
        return self.dump() != self.original_text
