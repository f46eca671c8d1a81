"""A search hit's field and its approximate mark in words, for the search screen and `minutes search` alike."""

from __future__ import annotations

from repo_layout.display import safe_line
from repo_layout.search.results import Hit
from tui.i18n import word

APPROXIMATE = "≈"
"""The mark of a hit that holds a query's word only approximately (shown with words, never by colour alone)."""

ROLES = ("minute_taker", "present", "absent", "presenter", "owner")
"""A person hit's heading: the role the person has, named in the UI's language."""


def hit_field(hit: Hit, language: str) -> str:
    """The hit's field in words, with a section's heading (file text, made safe) or a person's role."""
    field = word(language, "field_" + hit.field)
    if not hit.heading:
        return field
    heading = word(language, hit.heading).lower() if hit.field == "person" and hit.heading in ROLES else safe_line(hit.heading)
    return f"{field}: {heading}"


def approximate_mark(language: str) -> str:
    """The approximate mark with its words: "≈ omtrentligt fund"."""
    return f"{APPROXIMATE} {word(language, 'approximate')}"
