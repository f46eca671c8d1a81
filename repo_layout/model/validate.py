"""Checking a whole repository: its config, groups, forums and every meeting, as problems."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from repo_layout import boundary
from repo_layout.model.checks import Checker, ambiguous_plain
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.fields import FORUM_KEYS, GROUP_KEYS, REPOSITORY_KEYS
from repo_layout.model.file_names import FORUM_FILE, GROUP_FILE, MARKER, MEETING_NAME, meeting_date_from_name
from repo_layout.model.loading import document_to_check, load_document, meeting_problems
from repo_layout.model.problems import CheckProblem, Problem


def _check_small_file(path: Path, known: tuple[str, ...], what: str, required: Iterable[str] = ()) -> list[Problem]:
    """Problems of minutes.yaml, a forum.yaml or a group.yaml: YAML, unknown keys, required keys, ambiguous values."""
    document, _, problems = load_document(path)
    document = document_to_check(document, problems)
    if document is None:
        return problems
    checker = Checker(path)
    if not isinstance(document, CommentedMap):
        checker.add(None, None, f"{what} must be a mapping of keys", kind="file_not_mapping", file=what)
        return [*problems, *checker.problems]
    checker.unknown_keys(document, known, what)
    for key in required:
        if key not in document:
            checker.add(None, None, f"{what} needs `{key}:`", kind="needs_key", file=what, field=key)
    ambiguous_plain(checker, document)
    return [*problems, *checker.problems]


def forum_problems(forum: Forum) -> list[Problem]:
    """Problems of a forum folder: missing or bad forum.yaml, stray YAML files."""
    problems = []
    file = forum.path / FORUM_FILE
    if not file.is_file():
        message = f"forum folder has meetings but no {FORUM_FILE}; add one with `name:`"
        problems.append(CheckProblem(forum.path, 1, 1, message, "error", "forum_without_file", (("file", FORUM_FILE),)))
    else:
        problems.extend(_check_small_file(file, FORUM_KEYS, FORUM_FILE, required=("name",)))
    for stray in forum.stray_files():
        problems.append(
            CheckProblem(
                stray, 1, 1, "not a meeting file name: meetings are named YYYY-MM-DD.yaml or YYYY-MM-DD-2.yaml", "warning",
                "stray_file",
            )
        )
    for path in sorted(forum.path.glob("*.yaml")):
        # named like a meeting, but no such day (2019-02-30): not listed as a meeting, nor as a stray file
        if MEETING_NAME.match(path.name) and meeting_date_from_name(path.name) is None:
            message = f"{path.name} is not a real date, so the meeting is not listed"
            problems.append(CheckProblem(path, 1, 1, message, "error", "not_a_real_date", (("name", path.name),)))
    return problems


def validate_repository(repository: Repository) -> list[Problem]:
    """Every problem in a repository: its config, groups, forums and meetings."""
    problems = _check_small_file(repository.root / MARKER, REPOSITORY_KEYS, MARKER)
    for folder, why in sorted(repository.linked_folders()):
        outside = boundary.outside_repository(repository.root, folder)
        severity, kind = ("error", "link_outside") if outside else ("warning", "link_inside")
        problems.append(CheckProblem(folder, 1, 1, why, severity, kind))
    stack = [repository.tree]
    while stack:
        group = stack.pop()
        stack.extend(group.groups)
        if group.path != repository.root and (group.path / GROUP_FILE).is_file():
            problems.extend(_check_small_file(group.path / GROUP_FILE, GROUP_KEYS, GROUP_FILE))
    for forum in repository.forums():
        problems.extend(forum_problems(forum))
        for ref in reversed(forum.meetings()):
            problems.extend(meeting_problems(ref.path))
    return problems
