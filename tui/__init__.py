"""The Textual app for minutes; everything about files and git lives in repo_layout."""
