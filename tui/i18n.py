"""The UI's words in Danish and English: one catalogue per language, looked up by key.

The language is chosen once per app (minutes.yaml, overridden by --lang) with
`set_language`; `t(key)` then gives the word. Headings inside files are never
translated.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

LANGUAGES = ("da", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    "da": {
        # bindings
        "quit": "Afslut",
        "help": "Hjælp",
        "back": "Tilbage",
        "palette": "Kommandoer",
        "next_point": "Næste punkt",
        "previous_point": "Forrige punkt",
        "focus_tree": "Træet",
        "focus_meeting": "Mødet",
        "close": "Luk",
        "expand": "Fold ud/ind",
        "select": "Åbn",
        "cursor_up": "Op",
        "cursor_down": "Ned",
        "scroll_up": "Rul op",
        "scroll_down": "Rul ned",
        "page_up": "Side op",
        "page_down": "Side ned",
        "top": "Til toppen",
        "bottom": "Til bunden",
        "next_pane": "Næste rude",
        "previous_pane": "Forrige rude",
        # meeting view
        "forum": "Forum",
        "organisation": "Organisation",
        "date": "Dato",
        "time": "Tid",
        "location": "Mødested",
        "minute_taker": "Referent",
        "present": "Til stede",
        "absent": "Afbud",
        "status": "Status",
        "status_draft": "kladde",
        "status_held": "afholdt",
        "status_approved": "godkendt",
        "information": "Information",
        "point": "Punkt",
        "case": "Sag",
        "presenter": "Fremlægger",
        "decision": "Beslutning",
        "attachments": "Bilag",
        "actions": "Opfølgning",
        "owner": "Ansvarlig",
        "due": "Frist",
        "done": "udført",
        "not_done": "åben",
        "no_points": "Mødet har ingen punkter endnu.",
        "choose_meeting": "Vælg et møde i træet til venstre (pil op/ned, Enter).",
        "empty_repository": "Arkivet har ingen fora endnu.",
        "loading": "Indlæser …",
        "broken": "fejl i filen",
        "broken_title": "Filen kan ikke læses",
        "broken_hint": "Ret filen i en editor; `minutes validate` viser alle fejl. De andre møder virker som normalt.",
        "meetings_count": "{count} møder",
        "meetings_count_one": "1 møde",
        "no_forum_file": "mangler forum.yaml",
        # help
        "help_title": "Hjælp: alle taster",
        "help_global": "Overalt",
        "help_tree": "Træet",
        "help_meeting": "Mødet",
        "help_close": "Tryk Esc, q eller ? for at lukke.",
        "help_mouse": "Musen virker også: klik for at vælge, rul med hjulet.",
        # messages
        "theme_saved": "Tema gemt: {theme}",
        "settings_not_saved": "Indstillingerne kunne ikke gemmes: {error}",
        "meeting_not_found": "Mødet findes ikke i træet: {path}",
    },
    "en": {
        "quit": "Quit",
        "help": "Help",
        "back": "Back",
        "palette": "Commands",
        "next_point": "Next point",
        "previous_point": "Previous point",
        "focus_tree": "Tree",
        "focus_meeting": "Meeting",
        "close": "Close",
        "expand": "Expand/collapse",
        "select": "Open",
        "cursor_up": "Up",
        "cursor_down": "Down",
        "scroll_up": "Scroll up",
        "scroll_down": "Scroll down",
        "page_up": "Page up",
        "page_down": "Page down",
        "top": "To the top",
        "bottom": "To the bottom",
        "next_pane": "Next pane",
        "previous_pane": "Previous pane",
        "forum": "Forum",
        "organisation": "Organisation",
        "date": "Date",
        "time": "Time",
        "location": "Place",
        "minute_taker": "Minute-taker",
        "present": "Present",
        "absent": "Absent",
        "status": "Status",
        "status_draft": "draft",
        "status_held": "held",
        "status_approved": "approved",
        "information": "Information",
        "point": "Point",
        "case": "Case",
        "presenter": "Presenter",
        "decision": "Decision",
        "attachments": "Attachments",
        "actions": "Actions",
        "owner": "Owner",
        "due": "Due",
        "done": "done",
        "not_done": "open",
        "no_points": "The meeting has no points yet.",
        "choose_meeting": "Choose a meeting in the tree on the left (up/down arrows, Enter).",
        "empty_repository": "The repository has no forums yet.",
        "loading": "Loading …",
        "broken": "broken file",
        "broken_title": "The file cannot be read",
        "broken_hint": "Fix the file in an editor; `minutes validate` lists every problem. The other meetings work as usual.",
        "meetings_count": "{count} meetings",
        "meetings_count_one": "1 meeting",
        "no_forum_file": "forum.yaml missing",
        "help_title": "Help: every key",
        "help_global": "Everywhere",
        "help_tree": "Tree",
        "help_meeting": "Meeting",
        "help_close": "Press Esc, q or ? to close.",
        "help_mouse": "The mouse works too: click to select, scroll with the wheel.",
        "theme_saved": "Theme saved: {theme}",
        "settings_not_saved": "The settings could not be saved: {error}",
        "meeting_not_found": "The meeting is not in the tree: {path}",
    },
}

_language = "da"


def set_language(language: str) -> None:
    """Choose the UI language for `t` (unknown languages fall back to Danish)."""
    global _language
    _language = language if language in CATALOGUE else "da"


def language() -> str:
    return _language


def t(key: str, **values: object) -> str:
    """The word for `key` in the current language (the key itself if none is known)."""
    text = CATALOGUE[_language].get(key) or CATALOGUE["en"].get(key) or key
    return text.format(**values) if values else text


def translate_bindings(node: DOMNode) -> None:
    """Replace binding descriptions (catalogue keys) on `node` with words in the current language."""
    bindings = node._bindings.key_to_bindings
    for key, items in list(bindings.items()):
        bindings[key] = [
            dataclasses.replace(binding, description=t(binding.description)) if binding.description else binding
            for binding in items
        ]
