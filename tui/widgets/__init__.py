"""Widgets of the app: the forum tree and the meeting view."""
