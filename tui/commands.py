"""Command palette providers: "go to meeting" by fuzzy name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from repo_layout.discover import MeetingRef
from tui.i18n import t


class GoToMeeting(Provider):
    """Every meeting as "forum date", matched fuzzily; choosing one shows it."""

    async def startup(self) -> None:
        repository = self.app.repository  # type: ignore[attr-defined]
        worker = self.app.run_worker(partial(_meetings, repository), thread=True)
        self.meetings: list[tuple[str, str]] = await worker.wait()

    def _go(self, relative: str) -> None:
        self.app.browse.jump_to(relative, None)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        prefix = t("go_to_meeting")
        for label, relative in self.meetings:
            score = max(matcher.match(label), matcher.match(f"{prefix} {label}"))  # "gå til chef..." finds it too
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._go, relative), text=label, help=f"{prefix}: {relative}")

    async def discover(self) -> Hits:
        prefix = t("go_to_meeting")
        for label, relative in self.meetings[:20]:
            yield DiscoveryHit(label, partial(self._go, relative), text=label, help=f"{prefix}: {relative}")


def _meetings(repository: object) -> list[tuple[str, str]]:
    """(label, relative path) of every meeting, newest first, from file names only."""
    rows: list[tuple[MeetingRef, str]] = []
    for forum in repository.forums():  # type: ignore[attr-defined]
        rows.extend((ref, forum.name) for ref in forum.meetings())
    rows.sort(key=lambda row: row[0].date, reverse=True)
    return [(f"{name} {ref.label}", repository.relative(ref.path)) for ref, name in rows]  # type: ignore[attr-defined]
