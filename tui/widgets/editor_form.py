"""The scrolling form of the point and header editors: the focused field's label stays in view as Tab moves on."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.widget import Widget


def label_of(field: Widget, form: Widget) -> Widget | None:
    """The row that names `field`: the nearest widget drawn just above it inside `form` (a label, a group's heading,
    the heading of a section's text); None when the field starts a row of its own kind (the next section, action)."""
    node = field
    while node is not form and node.parent is not None:
        siblings = list(node.parent.children)
        index = siblings.index(node)
        earlier = [sibling for sibling in siblings[:index] if sibling.display]
        if earlier:
            previous = earlier[-1]
            return None if previous.children else previous
        if not isinstance(node.parent, Widget):
            return None
        node = node.parent
    return None


class EditorForm(VerticalScroll):
    """A form that scrolls so a focused field's label shows with it (Textual alone shows only the field)."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.keep_in_view(event.widget)

    def keep_in_view(self, field: Widget) -> None:
        """Scroll (after the next refresh, when the layout is known) so `field` and its label show."""

        def show() -> None:
            label = label_of(field, self)
            if label is not None:
                self.scroll_to_widget(label, animate=False, immediate=True)
            self.scroll_to_widget(field, animate=False, immediate=True)

        self.call_after_refresh(show)
