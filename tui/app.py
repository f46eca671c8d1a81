"""Placeholder until the browsing app lands: say where the repository is."""

from __future__ import annotations

from repo_layout.discover import Repository


def run_app(path: str, language: str | None = None) -> int:
    repository = Repository.find(path)
    print(f"Minutes repository: {repository.root}")
    return 0
