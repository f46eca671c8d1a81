"""Keys one at a time: a key typed is handled to the end before the next one is given to a widget.

Textual hands each key to the focused widget's queue at once, and a key the widget leaves alone (Tab, Backspace,
ctrl+u, a screen's key) comes back to the app's queue to find its binding; by then the keys typed after it in the same
burst (a paste, a laggy SSH link) have already been handed to the old focus, so "Mette", Tab, "mette@example.dk" gave
one field "Mettemette@example.dk". Here a key (or a paste) that arrives while another is still on its way waits for
it. A paste with tabs into a one-line field goes field by field, as the same text typed would (Textual would keep the
tab characters in the one field).
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widgets import Input

STUCK_AFTER = 0.5
"""Seconds after which a key still on its way (its widget went away with it) no longer holds the keys behind it."""


class KeyQueue(App[int]):
    """The app's part: hold a key back while the one before it is still being handled (mixed into MinutesApp)."""

    _key_on_way: events.Key | events.Paste | None = None
    _keys_waiting: deque[events.Key | events.Paste] | None = None
    _key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        """A key or paste from the terminal goes now if nothing is on its way and the screen is ready, else waits."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)
        elif self._key_on_way is None and not self._keys_waiting and self._screen_ready():
            await self._give(event)
        else:
            if self._keys_waiting is None:
                self._keys_waiting = deque()
            self._keys_waiting.append(event)
            self._arm_timer()
            if self._key_on_way is None:
                self._next_when_ready()

    def _screen_ready(self) -> bool:
        """False while a screen just pushed is not yet composed (its first field not yet focused)."""
        try:
            return self.screen.is_mounted
        except ScreenStackError:
            return True

    def _arm_timer(self) -> None:
        """Start the STUCK_AFTER timer while keys wait."""
        if self._key_timer is None and self._keys_waiting:
            self._key_timer = self.set_timer(STUCK_AFTER, self._key_done)

    def _next_when_ready(self) -> None:
        """Give the next waiting key once the screen is composed (a callback in its queue runs after its mount)."""
        if self._screen_ready() or not self.screen.call_later(self.call_later, self._give_next):
            self.call_later(self._give_next)

    async def _give(self, event: events.Key | events.Paste) -> None:
        """Let Textual handle the key (its priority bindings, else the focused widget), and follow it to its end."""
        if isinstance(event, events.Paste) and "\t" in event.text and isinstance(self.focused, Input):
            first, *rest = event.text.split("\t")
            for piece in reversed(rest):
                self._keys_waiting = self._keys_waiting or deque()
                self._keys_waiting.extendleft([events.Paste(piece), events.Key("tab", "\t")])
            event = events.Paste(first)
        target: MessagePump = self.focused or self.screen
        self._key_on_way = event
        self._arm_timer()
        await super().on_event(event)
        if event.is_forwarded:
            self._follow(event, target)
        else:
            self._key_done()  # a priority binding took it

    async def _give_next(self) -> None:
        """Give the first waiting key, unless one is on its way or the screen is not ready yet."""
        if self._key_on_way is not None or not self._keys_waiting:
            return
        if self._screen_ready():
            await self._give(self._keys_waiting.popleft())
        else:
            self._next_when_ready()

    def _follow(self, event: events.Key | events.Paste, node: MessagePump) -> None:
        """Check once `node` has handled the key: stopped there, or on to its parent (as Textual bubbles it)."""

        def check() -> None:
            if self._key_on_way is not event:
                return
            parent = node.parent if isinstance(node, DOMNode) else None
            if node is self or parent is None or event._stop_propagation or not node.is_attached:
                self._key_done()
            else:
                self._follow(event, parent)

        if not node.call_later(check):
            self._key_done()

    def _key_done(self) -> None:
        """The key on its way was handled (or is taken as handled after STUCK_AFTER): on to the next one waiting."""
        self._key_on_way = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._keys_waiting:
            self._next_when_ready()
