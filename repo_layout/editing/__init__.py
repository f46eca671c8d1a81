"""Edits as values, drafts of unsaved edits, and the save that writes and commits."""
