"""Checking a whole repository: its config, groups, forums and every meeting, as problems."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout import boundary
from repo_layout.model.checks import At, Checker, ambiguous_plain, check_meeting_document
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.fields import FORUM_KEYS, GROUP_KEYS, REPOSITORY_KEYS
from repo_layout.model.file_names import FORUM_FILE, GROUP_FILE, MARKER, MEETING_NAME, meeting_date_from_name
from repo_layout.model.loading import document_to_check, load_document
from repo_layout.model.points import PointLink
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


@dataclass(frozen=True)
class OpenItem:
    """A point postponed at a meeting that no later meeting took up (not a problem: work still to do)."""

    path: Path
    line: int
    column: int
    meeting: str
    point: int | None
    title: str
    reason: str | None

    def relative_to(self, root: Path) -> OpenItem:
        try:
            return dataclasses.replace(self, path=self.path.relative_to(root))
        except ValueError:
            return self


@dataclass(frozen=True)
class Validation:
    """What `minutes validate` finds: the problems (errors and warnings), and the open items of the meetings' cycle."""

    problems: list[Problem]
    open_items: list[OpenItem]


def validate_repository(repository: Repository) -> list[Problem]:
    """Every problem in a repository: its config, groups, forums and meetings."""
    return check_repository(repository).problems


def check_repository(repository: Repository, today: dt.date | None = None) -> Validation:
    """Every problem in a repository (its config, groups, forums and meetings), and the postponed points not taken up."""
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
    tags = _approval_tags(repository)
    open_items: list[OpenItem] = []
    for forum in repository.forums():
        problems.extend(forum_problems(forum))
        cycle = _ForumCycle(forum, today or dt.date.today(), tags)
        for path, document, found in cycle.documents:
            problems.extend(found)
            if isinstance(document, CommentedMap):
                problems.extend(cycle.problems(path, document))
                open_items.extend(cycle.open_items(path, document))
    return Validation(problems, open_items)


def _approval_tags(repository: Repository) -> set[str] | None:
    """The repository's annotated tags (one git call), or None outside git."""
    from repo_layout.git.state import open_git
    from repo_layout.git.tags import annotated_tag_names

    repo = open_git(repository.root)
    return None if repo is None else annotated_tag_names(repo)


class _ForumCycle:
    """One forum's meetings read once, and the checks that need the other meetings: links, attachments, approval tags."""

    def __init__(self, forum: Forum, today: dt.date, tags: set[str] | None) -> None:
        self.forum = forum
        self.today = today
        self.documents: list[tuple[Path, Any, list[Problem]]] = []
        for ref in reversed(forum.meetings()):
            document, _, found = load_document(ref.path)
            document = document_to_check(document, found)
            if document is not None:
                found.extend(check_meeting_document(ref.path, document))
            self.documents.append((ref.path, document, found))
        self.names = {_name(path) for path, _, _ in self.documents}
        self.carried = {
            link for _, document, _ in self.documents for point in _points(document)
            if (link := PointLink.read(point.get("carried_from"))) is not None
        }  # fmt: skip
        self.tagged = self._tagged(tags)
        self.tags_begin = min((date for name in self.tagged if (date := _date(self.forum.path / f"{name}.yaml"))), default=None)

    def _tagged(self, tags: set[str] | None) -> set[str]:
        """The approved meetings that have an approval tag (in any language's word); none outside git.

        Approved meetings dated after the oldest of them should have one too (`tags_begin`); older ones were approved
        before approvals were tagged.
        """
        from repo_layout.cycle.approval import approval_tag
        from repo_layout.words import LANGUAGES

        if not tags:
            return set()
        named = tags | {tag.rsplit("-", 1)[0] for tag in tags}  # a second approval's tag ends in -2
        return {
            _name(path) for path, document, _ in self.documents
            if isinstance(document, dict) and document.get("status") == "approved"
            and {approval_tag(self.forum, _name(path), language) for language in LANGUAGES} & named
        }  # fmt: skip

    def problems(self, path: Path, document: CommentedMap) -> list[Problem]:
        """The meeting's problems that need the forum: a past date still planned, a missing approval tag, links to
        meetings the forum lacks, attachments whose file is missing or outside the forum's folder."""
        checker = Checker(path)
        status, date = document.get("status"), _date(path)
        if status in ("planned", "agenda_sent") and date is not None and date < self.today:
            message = f"the meeting is {status} but its date {date} has passed; mark it held, or move it"
            checker.add(document, "status", message, "warning", "past_planned", status=status, date=date)
        if status == "approved" and self.tags_begin and date and date > self.tags_begin:
            if _name(path) not in self.tagged:
                message = "the minutes say approved, but git has no approval tag: it cannot say who approved them, or when"
                checker.add(document, "status", message, "warning", "no_approval_tag")
        for index, point in enumerate(_points(document)):
            number = point.get("number")
            at = {"point": str(number if isinstance(number, int) else index + 1)}
            self._links(checker, point, at)
            self._attachments(checker, point, at)
        return checker.problems

    def _links(self, checker: Checker, point: CommentedMap, at: At) -> None:
        targets: list[tuple[Any, Any, str]] = [(point, "approves", "approves")]
        for field in ("carried_from",):
            if isinstance(point.get(field), dict):
                targets.append((point[field], "meeting", field))
        follow_up = point.get("follow_up")
        for item in follow_up if isinstance(follow_up, list) else []:
            if isinstance(item, dict):
                targets.append((item, "meeting", "follow_up"))
        for container, key, field in targets:
            value = container.get(key)
            name = value.isoformat() if isinstance(value, dt.date) else value
            if isinstance(name, str) and name.strip() and name not in self.names:
                message = f"{field} names the meeting {name}, which the forum does not have"
                checker.add(container, key, message, "warning", "unknown_meeting", at=at, field=field, meeting=name)

    def _attachments(self, checker: Checker, point: CommentedMap, at: At) -> None:
        attachments = point.get("attachments")
        for item in attachments if isinstance(attachments, list) else []:
            file = item.get("file") if isinstance(item, dict) else None
            if not isinstance(file, str) or not file.strip():
                continue
            target = self.forum.path / file
            relative = PurePosixPath(file.replace("\\", "/"))
            if relative.is_absolute() or ".." in relative.parts or boundary.outside_repository(self.forum.path, target):
                message = f"attachment {file} leads outside the forum's folder; it is not read"
                checker.add(item, "file", message, kind="attachment_outside", at=at, file=file)
            elif not target.is_file():
                message = f"attachment {file} is not in the forum's folder (files are kept beside their meeting)"
                checker.add(item, "file", message, "warning", "attachment_missing", at=at, file=file)

    def open_items(self, path: Path, document: CommentedMap) -> list[OpenItem]:
        """The meeting's postponed points that no later meeting carried."""
        found = []
        for point in _points(document):
            postponed = point.get("postponed")
            if not (isinstance(postponed, dict) or postponed is True):
                continue
            number = point.get("number")
            number = number if isinstance(number, int) and not isinstance(number, bool) else None
            if PointLink(_name(path), number) in self.carried:
                continue
            reason = postponed.get("reason") if isinstance(postponed, dict) else None
            line, column = _position(point)
            title = str(point.get("title") or "")
            found.append(OpenItem(path, line, column, _name(path), number, title, str(reason) if reason else None))
        return found


def _points(document: Any) -> list[CommentedMap]:
    points = document.get("points") if isinstance(document, dict) else None
    return [point for point in points if isinstance(point, dict)] if isinstance(points, list) else []


def _position(point: CommentedMap) -> tuple[int, int]:
    from repo_layout.yaml import yamlio

    return yamlio.position_of(point, "postponed")


def _name(path: Path) -> str:
    return path.name.removesuffix(".yaml").removesuffix(".yml")


def _date(path: Path) -> dt.date | None:
    parsed = meeting_date_from_name(path.name)
    return parsed[0] if parsed else None
