"""What a stopped program left, offered back when the app starts: unsaved edits kept as drafts, and stale locks or an
interrupted rebase or merge with their fix.

`Recovery` is a part of the browse screen that draws nothing (browse.tcss hides it). It looks once, in a thread
worker, and tells its screen by message: `RestoreDraft` when the person chose to go on with a draft, `Repaired`
after a repair changed the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.widget import Widget

from repo_layout.display import safe_line, safe_text
from repo_layout.editing.drafts import Draft, discard_draft_file, list_drafts, set_aside_bad_drafts
from repo_layout.git.repair import (
    STALE_KINDS,
    Leftover,
    RepairError,
    abort_operation,
    continue_operation,
    find_leftovers,
    fix_all_stale,
)
from tui.error_words import error_words, leftover_files
from tui.i18n import language, t
from tui.widgets.dialogs import ChoiceDialog


class Recovery(Widget):
    """Offers the drafts a crash left, then the fix for what an interrupted program left."""

    @dataclass
    class RestoreDraft(Message):
        """The person chose to go on with this draft: its meeting is shown with the draft's edits."""

        draft: Draft

    class Repaired(Message):
        """A repair changed the repository (the tree and the status are read again)."""

    @dataclass
    class _Found(Message, bubble=False):
        notices: list[str]
        drafts: list[Draft]
        leftovers: list[Leftover]

    @dataclass
    class _Done(Message, bubble=False):
        words: str
        failed: bool

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def on_mount(self) -> None:
        self._look()

    @work(thread=True, exclusive=True, group="recovery")
    def _look(self) -> None:
        """Drafts that cannot be read are set aside (and said); the rest and the leftovers are offered."""
        notices = set_aside_bad_drafts(self.root)
        self.post_message(self._Found(notices, list_drafts(self.root), find_leftovers(self.root)))

    @on(_Found)
    def _found(self, message: _Found) -> None:
        for notice in message.notices:
            self.notify(t("draft_set_aside", notice=safe_line(notice)), severity="warning", markup=False)
        # after the notices (the app takes them in as messages), so a dialog never comes before what it follows from
        self.app.call_later(self._offer, message.drafts, message.leftovers)

    def _offer(self, drafts: list[Draft], leftovers: list[Leftover]) -> None:
        self._offer_drafts(drafts)
        if leftovers:
            self._offer_repair(leftovers)

    # drafts -------------------------------------------------------------------------
    def _offer_drafts(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft, rest = drafts[0], drafts[1:]
        when = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self.post_message(self.RestoreDraft(draft))
            elif choice == "discard":
                discard_draft_file(draft)
            if rest:
                self._offer_drafts(rest)

        self.app.push_screen(
            ChoiceDialog(
                t("draft_found_title"),
                t("draft_found_body", meeting=draft.relative, when=when),
                [("restore", t("restore")), ("discard", t("discard")), ("cancel", t("later"))],
            ),
            answer,
        )

    # leftovers ----------------------------------------------------------------------
    def _offer_repair(self, leftovers: list[Leftover]) -> None:
        """Say what a stopped program left and offer the fix; a stopped rebase or merge is continued or aborted."""
        root = self.root

        def words(leftover: Leftover) -> str:
            shown = leftover.path.relative_to(root).as_posix() if leftover.path.is_relative_to(root) else leftover.path.name
            return t(f"leftover_{leftover.kind}", path=safe_line(shown), more=safe_line(leftover_files(leftover, language())))

        lines = [words(leftover) for leftover in leftovers]
        kinds = {leftover.kind for leftover in leftovers}
        choices = []
        if kinds & {"rebase", "merge"}:
            choices = [("continue", t("repair_continue")), ("abort", t("repair_abort"))]
        elif kinds & set(STALE_KINDS):
            choices = [("fix", t("repair_fix"))]
        self.app.push_screen(
            ChoiceDialog(t("repair_title"), t("repair_body") + "\n\n" + "\n".join(lines), [*choices, ("later", t("later"))]),
            self._repair,
        )

    @work(thread=True, exclusive=True, group="repair")
    def _repair(self, choice: str | None) -> None:
        if choice not in ("fix", "continue", "abort"):
            return
        try:
            if choice == "abort":
                abort_operation(self.root)
            elif choice == "continue":
                continue_operation(self.root)
            else:
                fix_all_stale(self.root)
        except RepairError as error:
            self.post_message(self._Done(error_words(error, language()), True))
            return
        self.post_message(self._Done(t(f"repair_done_{choice}"), False))

    @on(_Done)
    def _repaired(self, message: _Done) -> None:
        severity = "error" if message.failed else "information"
        self.notify(safe_text(message.words), title=t("repair_title"), severity=severity, markup=False, timeout=12)
        self.post_message(self.Repaired())
