"""Command palette providers: "go to meeting" by fuzzy name.

Forum names are data: the palette reads a plain string as markup, so every label goes in as `Content` (plain text,
control characters visible) and the help line with its markup escaped.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from repo_layout.display import safe_line
from repo_layout.model.discover import MeetingRef, Repository
from tui.i18n import t
from tui.messages import JumpToMeeting


def highlighted(matcher: Matcher, label: str) -> Content:
    """`label` as plain content with the letters the query matched highlighted (Matcher.highlight reads markup)."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class GoToMeeting(Provider):
    """Every meeting as "forum date", matched fuzzily; choosing one shows it."""

    async def startup(self) -> None:
        from tui.app import MinutesApp  # here: the app module imports this one

        app = self.app
        assert isinstance(app, MinutesApp)
        worker = app.run_worker(partial(_meetings, app.repository), thread=True)
        self.meetings: list[tuple[str, str]] = await worker.wait()

    def _go(self, relative: str) -> None:
        self.app.post_message(JumpToMeeting(relative, None))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        prefix = t("go_to_meeting")
        for label, relative in self.meetings:
            score = max(matcher.match(label), matcher.match(f"{prefix} {label}"))  # "gå til chef..." finds it too
            if score > 0:
                go = partial(self._go, relative)
                yield Hit(score, highlighted(matcher, label), go, text=label, help=_help(prefix, relative))

    async def discover(self) -> Hits:
        prefix = t("go_to_meeting")
        for label, relative in self.meetings[:20]:
            yield DiscoveryHit(Content(label), partial(self._go, relative), text=label, help=_help(prefix, relative))


def _help(prefix: str, relative: str) -> str:
    """The hit's second line; the palette reads it as markup, so the path's brackets are escaped."""
    return escape(f"{prefix}: {safe_line(relative)}")


def _meetings(repository: Repository) -> list[tuple[str, str]]:
    """(label, relative path) of every meeting, newest first, from file names only; labels with control characters visible."""
    rows: list[tuple[MeetingRef, str]] = []
    for forum in repository.forums():
        rows.extend((ref, forum.name) for ref in forum.meetings())
    rows.sort(key=lambda row: row[0].date, reverse=True)
    return [(safe_line(f"{name} {ref.label}"), repository.relative(ref.path)) for ref, name in rows]
