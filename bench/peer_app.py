"""The peer of first paint: a bare Textual app that shows the same tree as `minutes open`, built as cheaply as possible.

Run as a script (`python bench/peer_app.py REPO`) so that it imports Textual
and nothing of the project: labels come from the `name:` line of minutes.yaml,
group.yaml and forum.yaml read as text, forums load no children, and the
screen has the same parts (header, tree on the left, a pane on the right,
footer). Its first paint is what Textual itself costs for this screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode


def display_name(file: Path, fallback: str) -> str:
    """The value of the first `name:` line of a small YAML file, or the fallback."""
    try:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.startswith("name:"):
                return line[5:].strip().strip('"') or fallback
    except OSError:
        pass
    return fallback


def fill(node: TreeNode[None], folder: Path) -> None:
    """Add the groups (expanded) and forums (collapsed, no children yet) under a folder, sorted by name."""
    with os.scandir(folder) as entries:
        subfolders = [Path(entry.path) for entry in entries if entry.is_dir() and not entry.name.startswith((".", "_"))]
    forums = [(display_name(sub / "forum.yaml", sub.name), sub) for sub in subfolders if (sub / "forum.yaml").is_file()]
    groups = [(display_name(sub / "group.yaml", sub.name), sub) for sub in subfolders if not (sub / "forum.yaml").is_file()]
    for name, sub in sorted(groups, key=lambda item: item[0].casefold()):
        fill(node.add(name, expand=True), sub)
    for name, _ in sorted(forums, key=lambda item: item[0].casefold()):
        node.add(name, allow_expand=True)


class PeerApp(App[None]):
    """Header, a tree of groups and forums, an empty pane and a footer."""

    BINDINGS = [("q", "quit", "quit")]
    CSS = "#tree { width: 45; } #pane { width: 1fr; padding: 1 2; }"

    def __init__(self, root: Path) -> None:
        """An app for the repository at root."""
        super().__init__()
        self.root_folder = root
        self.title = display_name(root / "minutes.yaml", root.name)
        self.sub_title = str(root)

    def compose(self) -> ComposeResult:
        """Header, tree and pane side by side, footer."""
        yield Header()
        with Horizontal():
            yield Tree(self.title, id="tree")
            yield Static("Vælg et møde i træet til venstre (pil op/ned, Enter).", id="pane")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the tree's first levels, expand the root and focus it."""
        tree = self.query_one(Tree)
        fill(tree.root, self.root_folder)
        tree.root.expand()
        tree.focus()


if __name__ == "__main__":
    PeerApp(Path(sys.argv[1]).resolve()).run()
