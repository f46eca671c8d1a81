"""`minutes fmt` over a repository: the files the schema knows, each brought to its canonical form (`yaml.canonical`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo_layout.model.discover import Repository
from repo_layout.model.file_names import FORUM_FILE, GROUP_FILE, MARKER
from repo_layout.model.loading import load_document
from repo_layout.model.problems import Problem
from repo_layout.yaml import yamlio
from repo_layout.yaml.canonical import canonical_text


@dataclass
class FormatResult:
    """What `fmt` found: files that changed (or would) and files it could not read."""

    changed: list[Path]
    problems: list[Problem]


def repository_files(repository: Repository) -> list[Path]:
    """Every YAML file the schema knows about in a repository, in a stable order."""
    files = [repository.root / MARKER]
    stack = [repository.tree]
    while stack:
        group = stack.pop()
        stack.extend(group.groups)
        if group.path != repository.root and (group.path / GROUP_FILE).is_file():
            files.append(group.path / GROUP_FILE)
    for forum in repository.forums():
        if (forum.path / FORUM_FILE).is_file():
            files.append(forum.path / FORUM_FILE)
        files.extend(ref.path for ref in reversed(forum.meetings()))
    return sorted(files)


def format_files(files: list[Path], write: bool) -> FormatResult:
    """Bring files to canonical form; with write=False only report which would change."""
    result = FormatResult([], [])
    for path in files:
        document, text, problems = load_document(path)
        if document is None:
            result.problems.extend(problem for problem in problems if problem.is_error)
            continue
        new_text = canonical_text(document)
        if new_text != text:
            result.changed.append(path)
            if write:
                yamlio.atomic_write(path, new_text)
    return result
