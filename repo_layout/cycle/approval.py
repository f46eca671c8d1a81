"""Approving a meeting's minutes: status `approved` in one commit, and an annotated git tag by the approver, so that
plain git can say who approved them and when; `approval_of` reads that back."""

from __future__ import annotations

from dataclasses import dataclass

from repo_layout.cycle.errors import CycleError
from repo_layout.cycle.links import meeting_path
from repo_layout.editing.saving import save_together
from repo_layout.git.commit import GitError
from repo_layout.git.state import identity, open_git
from repo_layout.git.tags import TagInfo, make_annotated_tag, read_tag, tag_exists, tag_name
from repo_layout.history.changes import describe, diff_meetings
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.words import LANGUAGES, words
from repo_layout.yaml import yamlio

APPROVABLE = ("held", "draft", None)
"""The statuses minutes can be approved from: held (files from before the cycle say draft, or nothing)."""


@dataclass(frozen=True)
class Approval:
    """A made approval: its commit, and its tag (None outside git, or when git refused the tag: `tag_error` says why)."""

    commit: str | None
    tag: str | None
    tag_error: str | None = None


def approval_tag(forum: Forum, meeting_name: str, language: str) -> str:
    """The approval tag's name: `<forum folder>/<meeting>/godkendt` (the last word in the repository's language)."""
    return tag_name(forum.relative, meeting_name, words(language)["cycle"]["tag_word"])


def approval_of(repository: Repository, forum: Forum, meeting_name: str) -> TagInfo | None:
    """Who approved the meeting's minutes and when, from its approval tag (any language's word); None when untagged."""
    repo = open_git(repository.root)
    if repo is None:
        return None
    for language in (repository.config.language, *LANGUAGES):
        base = approval_tag(forum, meeting_name, language)
        found, name, number = None, base, 1
        while tag_exists(repo, name):  # a name someone else's tag held first: approve() took the next one
            found = read_tag(repo, name) or found
            number += 1
            name = f"{base}-{number}"
        if found is not None:
            return found
    return None


def approval_point(meeting: Meeting) -> int | None:
    """The index of the meeting's point that approves earlier minutes, or None."""
    for index, point in enumerate(meeting.points):
        if point.approves:
            return index
    return None


def approve(
    repository: Repository, forum: Forum, target: Meeting, language: str, via: Meeting | None = None, writer: str = ""
) -> Approval:
    """Mark `target` approved and tag it; `via` is the next meeting whose approval point decides it (its decision
    is written when empty, in the same commit).

    Raises CycleError when `target` is not held, or already approved; what saving raises for the commit.
    """
    if target.status == "approved":
        raise CycleError("already_approved", meeting=target.name)
    if target.status not in APPROVABLE:
        raise CycleError("not_held", meeting=target.name, status=target.status or "")
    repo = open_git(repository.root)
    who = identity(repo) if repo is not None else None
    cycle = words(language)["cycle"]
    before = target.status
    target.status = "approved"
    changed = [target]
    message = cycle["commit_approved"].format(forum=forum.name, meeting=target.name)
    if via is not None and via.path != target.path:
        index = approval_point(via)
        if index is not None and not (via.points[index].decision or "").strip():
            via.points[index].decision = cycle["approved_decision"].format(meeting=target.name) + "\n"
        if via.is_changed():  # the approving meeting's own edits go in the same commit, said in its body
            changed.append(via)
            message += _changes_of(via, forum, language)
    try:
        result = save_together(repository, changed, message, writer=writer)
    except Exception:
        target.status = before  # not approved: as it was (held, draft, or no status)
        raise
    if repo is None or result.commit is None:
        return Approval(result.commit, None)
    name = _free_tag_name(repository, forum, target.name, language)
    tag_message = cycle["tag_message"].format(forum=forum.name, meeting=target.name, who=who.name if who else "")
    try:
        make_annotated_tag(repo, name, tag_message + "\n", result.commit, who)  # the approver tags, whatever git's config says
    except GitError as error:
        return Approval(result.commit, None, str(error))
    return Approval(result.commit, name)


def _changes_of(meeting: Meeting, forum: Forum, language: str) -> str:
    """The worded changes of `meeting` since it was read, as a commit message's body naming it."""
    try:
        before = yamlio.load_fast(meeting.original_text) if meeting.original_text else None
    except yamlio.YamlLoadError:
        before = {}
    phrases = describe(diff_meetings(before, meeting.data), language, "commit").split(", ")
    return f"\n\n{forum.name} {meeting.name}:\n" + "\n".join(f"- {phrase}" for phrase in phrases)


def decided_approval(forum: Forum, before: object, meeting: Meeting) -> str | None:
    """The meeting whose minutes `meeting`'s approval point now decides: its decision was written since `before` (the
    file's data) and the meeting it names is not approved yet. None otherwise."""
    index = approval_point(meeting)
    if index is None or not (meeting.points[index].decision or "").strip():
        return None
    name = meeting.points[index].approves or ""
    old_points = before.get("points") if isinstance(before, dict) else None
    if isinstance(old_points, list) and index < len(old_points) and isinstance(old_points[index], dict):
        if str(old_points[index].get("decision") or "").strip():
            return None  # decided before: not this save's doing
    path = meeting_path(forum, name)
    if path is None:
        return None
    try:
        document = yamlio.load_fast(yamlio.read_text(path))
    except (OSError, yamlio.YamlLoadError):
        return None
    status = document.get("status") if isinstance(document, dict) else None
    return name if status in APPROVABLE else None


def _free_tag_name(repository: Repository, forum: Forum, meeting_name: str, language: str) -> str:
    """The approval tag's name, with -2, -3 when an earlier approval (later corrected and approved again) holds it."""
    repo = open_git(repository.root)
    base = approval_tag(forum, meeting_name, language)
    name, number = base, 1
    while repo is not None and tag_exists(repo, name):
        number += 1
        name = f"{base}-{number}"
    return name


def meeting_to_approve(forum: Forum, meeting: Meeting) -> str | None:
    """The meeting an approval point of `meeting` names, when the forum has it."""
    index = approval_point(meeting)
    if index is None:
        return None
    name = meeting.points[index].approves
    return name if name and meeting_path(forum, name) is not None else None
