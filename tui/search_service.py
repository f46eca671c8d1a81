"""The app's one search index: built the first time it is needed, refreshed after that, always in a thread worker.

`ready()` awaits the index (building it if need be) and `refreshed()` a refresh that starts after the call; while
it builds, the worker posts `SearchService.Progress` and at the end `SearchService.Done` to the app, which hands the
latter back to `finished` (the service is not a widget: it has no message queue of its own). One refresh runs at a
time; asks meanwhile are served by one more refresh after it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual.app import App
from textual.message import Message

from repo_layout.model.discover import Repository
from repo_layout.search.index import SearchIndex


class SearchService:
    """Owns the `SearchIndex` of the app's repository."""

    @dataclass
    class Progress(Message):
        """Files read so far while the index is built."""

        done: int
        total: int

    @dataclass
    class Done(Message):
        """A build or refresh finished; it covers every ask up to `covers`."""

        index: SearchIndex
        covers: int

    def __init__(self, app: App[object], repository: Repository) -> None:
        self._app = app
        self._repository = repository
        self.index: SearchIndex | None = None
        self._asked = 0  # refreshes asked for
        self._covered = 0  # asks the last finished refresh covers
        self._running = False
        self._again = False
        self._finished: asyncio.Event | None = None

    @property
    def running(self) -> bool:
        return self._running

    def update(self) -> int:
        """Build the index (from its cache) or refresh it to the files as they are now; the number of this ask."""
        self._asked += 1
        if self._running:
            self._again = True
        else:
            self._start()
        return self._asked

    def _start(self) -> None:
        self._running, self._again = True, False
        covers, index = self._asked, self.index
        self._app.run_worker(lambda: self._work(index, covers), thread=True, group="index", name="search index")

    def _work(self, index: SearchIndex | None, covers: int) -> None:
        """The build or refresh, in the worker's thread."""

        def progress(done: int, total: int) -> None:
            self._app.post_message(self.Progress(done, total))

        if index is None:
            index = SearchIndex.build(self._repository, progress=progress)
        else:
            index.refresh(progress=progress)
        self._app.post_message(self.Done(index, covers))

    def finished(self, message: Done) -> None:
        """Take a finished build or refresh (on the UI thread); start the next one when more were asked meanwhile."""
        self.index = message.index
        self._covered = max(self._covered, message.covers)
        self._running = False
        if self._finished is not None:
            self._finished.set()
            self._finished = None
        if self._again:
            self._start()

    async def _next_finish(self) -> None:
        if self._finished is None:
            self._finished = asyncio.Event()
        await self._finished.wait()

    async def ready(self) -> SearchIndex:
        """The index, once it exists (its build starts now if none runs)."""
        if self.index is None and not self._running:
            self.update()
        while self.index is None:
            await self._next_finish()
        return self.index

    async def refreshed(self) -> SearchIndex:
        """The index once a refresh that started after this call has finished."""
        ask = self.update()
        while self._covered < ask or self.index is None:
            await self._next_finish()
        return self.index
