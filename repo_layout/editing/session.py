"""An editing session over one meeting: the edits in memory, their draft on disk, and the save."""

from __future__ import annotations

import copy
from collections.abc import Callable

from repo_layout.cycle.approval import decided_approval
from repo_layout.cycle.errors import CycleError
from repo_layout.cycle.steps import held_by_edit, save_correction, was_approved
from repo_layout.editing.drafts import Draft, discard_draft, discard_draft_file, load_draft, new_writer, save_draft
from repo_layout.editing.saving import NothingToSaveError, SaveResult, save_meeting
from repo_layout.history.changes import Change, diff_meetings
from repo_layout.model.discover import Forum, Repository
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.yaml import splice, yamlio


class EditSession:
    """A meeting being read or edited; `dirty` when it differs from its file."""

    def __init__(self, repository: Repository, meeting: Meeting, forum: Forum | None, language: str) -> None:
        self.repository = repository
        self.meeting = meeting
        self.forum = forum
        self.language = language
        self.writer = new_writer()  # names this session's draft file
        self._base: tuple[str, object] | None = None  # (original text, its data) for unsaved_changes

    @property
    def forum_name(self) -> str:
        return self.forum.name if self.forum is not None else self.meeting.path.parent.name

    @property
    def relative(self) -> str:
        return self.repository.relative(self.meeting.path)

    @property
    def dirty(self) -> bool:
        return self.meeting.dump() != self.meeting.original_text

    def unsaved_changes(self) -> list[Change]:
        """The edits not yet committed, as worded changes (each once); what ctrl+s would commit.

        The file's text is parsed once per saved version (the C loader), so this is cheap to ask after every edit.
        """
        text = self.meeting.original_text
        if self.meeting.dump() == text:
            return []
        return list(dict.fromkeys(diff_meetings(self._base_data(), self.meeting.data)))

    def preview(self, change: Callable[[Meeting], None]) -> str:
        """The text the meeting would have with `change` applied to a copy (for drafts of open editors)."""
        meeting = self.meeting
        clone = Meeting(meeting.path, copy.deepcopy(meeting.data), meeting.original_text, meeting.layout, meeting.source_text)
        change(clone)
        return clone.dump()

    def write_draft(self, text: str | None = None) -> bool:
        """Keep the unsaved text as a draft (or drop the draft when there is nothing unsaved); True if kept."""
        text = self.meeting.dump() if text is None else text
        if text == self.meeting.original_text:
            discard_draft(self.repository.root, self.relative, self.writer)
            return False
        save_draft(self.repository.root, self.relative, text, self.meeting.original_text, self.writer)
        return True

    def discard_draft(self) -> None:
        discard_draft(self.repository.root, self.relative, self.writer)

    def draft(self) -> Draft | None:
        return load_draft(self.repository.root, self.relative, self.writer)

    def adopt(self, restored: Draft) -> None:
        """Take over a draft offered back after a crash: this session keeps the edits in its own draft from now on."""
        self.write_draft()
        discard_draft_file(restored)

    def replace_point(self, index: int, point: Point) -> None:
        """Put `point` (a point edited on its own) in the place of the point at `index`."""
        self.meeting.data["points"][index] = point.data

    def mark_done(self, point: int | None, index: int, task: str) -> int | None:
        """Mark done the action of point number `point` at `index` with `task` (found by its task if it moved);
        the index of its point in the meeting, or None when no such action is there."""
        found = find_action(self.meeting, point, index, task)
        if found is None:
            return None
        point_index, action = found
        action.done = True
        return point_index

    def decided_approval(self) -> str | None:
        """The earlier meeting whose minutes this edit's approval-point decision approves (not approved yet), or None."""
        if self.forum is None or not self.dirty:
            return None
        return decided_approval(self.forum, self._base_data(), self.meeting)

    def needs_reason(self) -> bool:
        """True when saving would correct approved minutes: the change needs a reason (marking actions done does not)."""
        if not was_approved(self._base_data()):
            return False
        changes = list(dict.fromkeys(diff_meetings(self._base_data(), self.meeting.data)))
        if not changes:
            return self.dirty  # a change no words say (the file's own text) is still a correction
        return not all(change.kind in ("action_done", "action_reopened") for change in changes)

    def save(self, overwrite: bool = False, reason: str | None = None) -> SaveResult:
        """Write and commit (see saving.save_meeting); the draft goes once the commit is made.

        A correction of approved minutes needs `reason` (CycleError "reason_needed" without it) and records it; an edit
        that writes decisions or attendance into a planned meeting marks it held.
        """
        if self.needs_reason():
            if self.forum is None or not (reason or "").strip():
                raise CycleError("reason_needed", meeting=self.meeting.name)
            return save_correction(
                self.repository, self.forum, self.meeting, reason or "", self.language, self.writer, overwrite, self._base_data()
            )
        held_by_edit(self.meeting, self._base_data())
        return save_meeting(
            self.repository, self.meeting, self.forum_name, self.language, overwrite=overwrite, writer=self.writer
        )

    def _base_data(self) -> object:
        """The data of the file as it was read: the splice's own parse of it when a save's splice has made one, else
        parsed here once per saved version (the C loader); None for a new file."""
        text = self.meeting.original_text
        if self._base is None or self._base[0] is not text:
            base = splice.source_data(text) if text else None  # kept for the save's splice into the same text
            if base is None and text:
                try:
                    base = yamlio.load_fast(text)
                except yamlio.YamlLoadError:
                    base = {}
            self._base = (text, base)
        return self._base[1]


def find_action(meeting: Meeting, number: int | None, index: int, task: str) -> tuple[int, Action] | None:
    """The point index and action named by a point number, the action's position and its task."""
    for point_index, point in enumerate(meeting.points):
        if point.number != number:
            continue
        actions = point.actions
        if index < len(actions) and actions[index].task == task:
            return point_index, actions[index]
        for action in actions:
            if action.task == task:
                return point_index, action
    return None


def save_marked_done(
    repository: Repository, relative: str, marks: list[tuple[int | None, int, str]], language: str
) -> SaveResult:
    """Mark actions of one meeting done, each named (point number, position, task), and save it as one commit.

    Raises MeetingLoadError when the file cannot be read, NothingToSaveError when none of the actions is there any more
    (or all were done already), and what `save_meeting` raises.
    """
    path = repository.root / relative
    meeting = repository.load_meeting(path)
    session = EditSession(repository, meeting, repository.forum_of(path), language)
    for point, index, task in marks:
        session.mark_done(point, index, task)
    if not session.dirty:
        raise NothingToSaveError(f"{path.name}: the actions are not there any more, or are done already")
    return session.save()


def meeting_from_draft(repository: Repository, draft: Draft) -> Meeting:
    """The meeting as the draft has it, based on the file text the draft started from."""
    path = repository.root / draft.relative
    base = draft.base_text
    try:
        if yamlio.read_text(path) == draft.text:
            base = draft.text  # written before a crash stopped the commit: the file is the draft, only the commit is missing
    except (OSError, yamlio.YamlLoadError):
        pass
    return Meeting(path, yamlio.load_text(draft.text), base, yamlio.guess_layout(draft.text), source_text=draft.text)
