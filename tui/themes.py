"""The high-contrast theme: white and yellow on black, every state also said in text or a mark (see docs/ux.md)."""

from __future__ import annotations

from textual.theme import Theme

from tui.settings import HIGH_CONTRAST

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "#FFFF00",
        "input-selection-background": "#FFFF00 50%",
        "border": "#FFFFFF",
        "border-blurred": "#A0A0A0",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
    },
)
"""Contrast over 15:1 for text (white on black) and the cursor (black on yellow); no text dimmed."""
