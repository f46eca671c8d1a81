"""Pilot tests' common steps: waiting for a condition on the app (polling, never longer than ten seconds), opening a meeting."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from tui.i18n import t
from tui.screens.browse import BrowseScreen
from tui.widgets.dialogs import TextInputDialog


async def settle(pilot: Pilot, condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run until `condition()` is true; fail the test when it is not within tries x 0.05 s."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


async def open_meeting(pilot: Pilot, app: App) -> BrowseScreen:
    """Wait for the meeting the app was started on to be read, then put the focus in the meeting view."""
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await settle(pilot, lambda: screen.session is not None)
    screen.view.focus()
    await pilot.pause()
    return screen


async def give_reason(pilot: Pilot, app: App, reason: str) -> None:
    """Answer the question a save of approved minutes asks (a correction needs its reason): `reason`, then Enter."""

    def asked() -> bool:
        screen = app.screen
        return isinstance(screen, TextInputDialog) and screen.title_text == t("correction_title") and bool(screen.query(Input))

    await settle(pilot, asked)
    app.screen.query_one(Input).value = reason
    await pilot.press("enter")


def tree_nodes(node: TreeNode) -> Iterator[TreeNode]:
    """The node and every node below it, depth first."""
    yield node
    for child in node.children:
        yield from tree_nodes(child)


def find_forum(tree: Tree, name: str) -> TreeNode:
    """The forum tree's node of the forum called `name`."""
    forums = (node for node in tree_nodes(tree.root) if node.data and node.data.kind == "forum")
    return next(node for node in forums if node.data.forum.name == name)
