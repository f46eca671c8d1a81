"""Fetch, rebase or merge, push (session, through gitsteps, remote, status, driver, conflicts); the field-by-field merge
of meetings (merge)."""
