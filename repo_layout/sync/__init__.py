"""Fetch, rebase or merge, push; the field-by-field merge of meetings."""
