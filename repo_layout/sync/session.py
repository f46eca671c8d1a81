"""Sync a minutes repository with its git remote: fetch, rebase (or merge), a field-by-field merge of YAML files, push.

Everything runs through the git binary. While git rebases or merges, a merge driver
(`python -m repo_layout.sync.merge --driver ...`, given to git with `-c` for that command only,
through a temporary attributes file) merges every `*.yaml` file that both sides changed
with `merge.merge_meeting`, so git's line merge never decides a meeting: it neither
conflicts on adjacent lines nor succeeds wrongly. What still needs a person comes back as
`Conflict`s; nothing is pushed until `SyncSession.resolve` has settled them, and
`SyncSession.abort` returns the repository to where it was.

Sides ("mine" and "theirs"). git names the two sides of a 3-way merge by index stage:
:1: is the common ancestor, :2: "ours", :3: "theirs". During a *merge* :2: is HEAD (the
local branch, the user's own work) and :3: is MERGE_HEAD (the remote's). During a *rebase*
they are inverted: git checks out the upstream and replays each local commit on top of it,
so :2: ("ours") is the upstream (with the local commits already replayed) and :3:
("theirs") is the local commit being replayed. This module always presents the sides as
the person sees them: `FieldConflict.ours` / `Conflict.ours_author` are *mine* (the local
user's version and local commit) and `.theirs` the remote's; `conflicts.stage_of_mine` is the
one place that maps stages to sides (and `merge.driver_main` does the same for %A/%B).

Non-meeting files: any `*.yaml` / `*.yml` file that is a mapping (forum.yaml, group.yaml,
minutes.yaml) is merged structurally by the same function; a YAML file that does not parse
is one conflict over its whole text; any other file that conflicts (README.md, a PDF)
stops the sync with `UnmergeableFileError` naming it, after the rebase or merge has been
aborted, so the repository is as it was.

The parts: `gitsteps` (the git commands and what they read back), `remote` (upstream, fetch, add a remote,
clone), `status` (the state at a glance, the check before a sync), `driver` (git told to use the merge
driver), `conflicts` (unmerged files as mine and theirs); this module runs a sync through them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.git import paths as git_paths
from repo_layout.git import state
from repo_layout.git.command import GitCommand, GitResult
from repo_layout.git.errors import (
    AuthenticationError,
    PushRejectedError,
    RemoteRefusedError,
    RemoteUnreachableError,
    SyncError,
    classify_git_error,
)
from repo_layout.git.write_lock import repository_write_lock
from repo_layout.sync import driver
from repo_layout.sync.conflicts import Conflict, Pending, UnmergeableFileError, merge_files, unmerged
from repo_layout.sync.gitsteps import Place, branch_of, commit_of, count, git, place_of, settings, why
from repo_layout.sync.merge import ChoiceError
from repo_layout.sync.remote import (
    NoRemoteError,
    Upstream,
    add_remote,
    clone,
    fetch_only,
    network,
    rebase_mode,
    set_upstream,
    upstream_of,
)
from repo_layout.sync.status import (
    DetachedHeadError,
    OperationInProgressError,
    RepoStatus,
    UncommittedChangesError,
    ready_to_sync,
    status,
)
from repo_layout.words import supported
from repo_layout.words import words as words_of
from repo_layout.yaml import yamlio

# the names a sync's callers import from here (the errors and results are made in the modules above)
__all__ = [
    "AuthenticationError", "Conflict", "DetachedHeadError", "NoRemoteError", "OperationInProgressError", "PushRejectedError",
    "RemoteRefusedError", "RemoteUnreachableError", "RepoStatus", "SyncError", "SyncOutcome", "SyncSession",
    "UncommittedChangesError", "UnmergeableFileError", "add_remote", "classify_git_error", "clone", "fetch_only", "status",
]


@dataclass
class SyncOutcome:
    """A finished sync: commits that arrived, commits pushed, what was merged, files changed in the work tree."""

    fetched: int = 0
    pushed: int = 0
    merged: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)


class SyncSession:
    """One sync of one repository: run(), then resolve() or abort() while conflicts wait for a person.

    The callbacks run on the caller's thread (a worker in the app); `progress` gets short phrases.
    """

    def __init__(self, root: Path, language: str = "da", progress: Callable[[str], None] | None = None) -> None:
        self.root = Path(root)
        self.language = supported(language)
        self.progress = progress
        self._place: Place | None = None
        self._settings: dict[str, str] = {}
        self._branch: str | None = None
        self._orig_head: str | None = None
        self._upstream: Upstream | None = None
        self._mode = "rebase"
        self._fetched = 0
        self._merged: dict[str, list[str]] = {}
        self._pending: dict[str, Pending] = {}
        self._state = "idle"  # idle | running | paused | done
        self._scratch: Path | None = None

    # helpers -----------------------------------------------------------------------------

    def _say(self, what: str, **values: str) -> None:
        if self.progress is not None:
            self.progress(words_of(self.language)["progress"][what].format(**values))

    @property
    def place(self) -> Place:
        """Where the repository is (looked up once per session)."""
        if self._place is None:
            self._place = place_of(self.root)
        return self._place

    @property
    def top(self) -> Path:
        return self.place.top

    @property
    def git_dir(self) -> Path:
        return self.place.git_dir

    def _git(self, *args: str, check: bool = True, given: str | None = None) -> GitResult:
        return git(self.top, *args, check=check, env=driver.driver_environment(), given=given)

    def _merge_config(self) -> list[str]:
        """`-c` options that make git merge YAML files with merge.driver_main for this one command."""
        self._scratch = self.git_dir / git_paths.SYNC_SCRATCH
        mode = "merge" if self._mode == "merge" else "rebase"
        return driver.merge_config(self._scratch, self._settings.get("core.attributesfile"), mode, self.language)

    def _collect_driver_records(self) -> None:
        """Read what the merge driver merged by itself since the last look."""
        if self._scratch is not None:
            for path, words in driver.merged_by_driver(self._scratch):
                self._add_merged(path, words)

    def _add_merged(self, path: str, words: list[str]) -> None:
        if path and words:
            known = self._merged.setdefault(path, [])
            known.extend(word for word in words if word not in known)

    def _cleanup(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _check(self) -> None:
        """Refuse to start in a state where a sync could lose or mix up work."""
        self._say("check")
        self._place = place = ready_to_sync(self.root)  # HEAD as it is now, also when this session ran before
        self._branch, self._orig_head = place.branch, place.head

    # run ---------------------------------------------------------------------------------

    def run(self) -> SyncOutcome | list[Conflict]:
        """Fetch, bring in the remote's commits (rebase, or merge per the git settings), push; or the conflicts."""
        if self._state == "paused":
            raise SyncError("this sync waits for its conflicts to be resolved or aborted", kind="waiting")
        self._state = "running"
        self._merged, self._pending, self._fetched = {}, {}, 0
        try:
            self._check()
            assert self._branch is not None and self._orig_head is not None
            self._settings = settings(self.top, self._branch)
            upstream = self._upstream = upstream_of(self.top, self._branch, self._settings)
            self._mode = rebase_mode(self._branch, self._settings)
            self._say("fetch", remote=upstream.remote)
            network(self.top, "fetch", "--quiet", upstream.remote, known=self._settings)
            remote_sha = commit_of(self.top, upstream.tracking)
            if remote_sha is not None and not upstream.configured:
                set_upstream(self.top, self._branch, upstream)
                self._upstream = upstream = Upstream(upstream.remote, upstream.merge_ref, True)
            if remote_sha is None:
                return self._finish(remote_sha)
            counts = self._git("rev-list", "--left-right", "--count", f"{self._orig_head}...{remote_sha}").stdout.split()
            ahead, behind = int(counts[0]), int(counts[1])
            self._fetched = behind
            if behind == 0:
                return self._finish(remote_sha, self._orig_head, ahead)
            self._say("integrate")
            if ahead == 0:
                with repository_write_lock(self.git_dir):  # no save writes a file while git moves the work tree
                    result = self._git("merge", "--ff-only", "--quiet", remote_sha, check=False)
                if result.code != 0:
                    self._fail(why(result))
                return self._finish(remote_sha, remote_sha, 0)
            with repository_write_lock(self.git_dir):
                result = self._integrate(upstream)
            return result if result is not None else self._finish(remote_sha)
        except BaseException:
            if self._state != "paused":
                self._state = "idle"
                self._cleanup()
            raise

    def _integrate(self, upstream: Upstream) -> list[Conflict] | None:
        """Rebase onto (or merge) the upstream with the YAML merge driver; conflicts left for a person, or None."""
        target = f"{upstream.remote}/{upstream.branch}"
        if self._mode == "merge":
            args = ["merge", "--no-edit", "--ff", target]  # --ff: a merge.ff=only setting must not stop it
        elif self._mode == "rebase-merges":
            args = ["rebase", "--rebase-merges", target]
        else:
            args = ["rebase", target]
        result = self._git(*self._merge_config(), *args, check=False)
        return self._settle(result)

    def _settle(self, result: GitResult) -> list[Conflict] | None:
        """After a git step: merge what git left unmerged, continue, repeat; the conflicts for a person, or None."""
        for _ in range(10_000):  # each round replays at least one commit; the bound only guards against a loop
            self._collect_driver_records()
            operation = state.operation(self.git_dir)
            if operation is None:
                if result.code != 0:
                    self._fail(why(result))
                return None
            left = unmerged(self.top, driver.driver_environment())
            if not left:
                if result.code != 0:
                    self._fail(why(result))
            else:
                conflicts = self._merge_unmerged(left, operation)
                if conflicts:
                    self._state = "paused"
                    return conflicts
            result = self._continue(operation)
        message = "git kept stopping while bringing in the remote's changes; nothing was changed"
        self._fail(SyncError(message, kind="kept_stopping"))
        return None

    def _fail(self, error: SyncError) -> None:
        """Undo the sync and raise `error`."""
        self._restore()
        raise error

    def _continue(self, operation: str) -> GitResult:
        """Continue the rebase, or commit the merge, after every unmerged file was staged."""
        self._say("continue")
        if operation == "rebase":
            return self._git(*self._merge_config(), "rebase", "--continue", check=False)
        message_file = self.git_dir / "MERGE_MSG"
        message = message_file.read_text(encoding="utf-8") if message_file.exists() else "Merge"
        lines = [line for line in message.splitlines() if not line.startswith("#")]
        words = [f"{path}: {'; '.join(found)}" for path, found in self._merged.items()]
        text = "\n".join(lines).strip() + ("\n\n" + "\n".join(words) if words else "") + "\n"
        return self._git("commit", "--cleanup=strip", "-F", "-", check=False, given=text)

    def _merge_unmerged(self, left: dict[str, dict[int, str]], operation: str) -> list[Conflict]:
        """Merge each unmerged file structurally; stage the ones that merge; the rest are conflicts (or the sync is undone)."""
        try:
            found = merge_files(
                GitCommand(self.top, self.git_dir), left, operation, self.language, driver.driver_environment(),
                lambda path: self._say("merge_file", path=path),
            )
        except UnmergeableFileError:
            self._restore()
            raise
        for path, text, words in found.merged:
            self._write(path, text)
            self._add_merged(path, words)
        self._pending.update(found.pending)
        return found.conflicts

    def _write(self, path: str, text: str | None) -> None:
        """Put a merged file in the work tree and stage it (None: delete it)."""
        if text is None:
            self._git("rm", "--quiet", "--force", "--", path)
            return
        yamlio.atomic_write(self.top / path, text)
        self._git("add", "--", path)

    # resolve / abort ---------------------------------------------------------------------

    def resolve(self, choices: dict[str, dict[str, str]]) -> SyncOutcome | list[Conflict]:
        """Settle the waiting conflicts (path -> conflict key -> "ours" | "theirs" | text), continue, push."""
        if self._state != "paused" or not self._pending:
            raise SyncError("there are no conflicts waiting in this sync", kind="no_conflicts")
        missing = [path for path in self._pending if path not in choices]
        if missing:
            raise ChoiceError(f"no choices for {', '.join(missing)}")
        texts = {path: pending.final(choices[path], self.language) for path, pending in self._pending.items()}
        operation = state.operation(self.git_dir)
        if operation is None:
            raise SyncError("the rebase or merge of this sync is no longer in progress; sync again", kind="not_in_progress")
        self._state = "running"
        try:
            for path, text in texts.items():
                self._write(path, text)
                self._add_merged(path, self._pending[path].merged)
            self._pending = {}
            conflicts = self._settle(self._continue(operation))
            if conflicts is not None:
                return conflicts
            return self._finish(commit_of(self.top, self._upstream.tracking) if self._upstream else None)
        except BaseException:
            if self._state != "paused":
                self._state = "idle"
                self._cleanup()
            raise

    def abort(self) -> None:
        """Return the repository to its state before run(): same branch, HEAD and work tree, no operation."""
        self._say("abort")
        self._restore()
        self._pending = {}
        self._state = "idle"
        self._cleanup()
        shutil.rmtree(self.git_dir / git_paths.SYNC_SCRATCH, ignore_errors=True)  # also what an unfinished earlier session left

    def _restore(self) -> None:
        """End any rebase or merge and put the branch back where this sync found it."""
        operation = state.operation(self.git_dir)
        if operation == "rebase":
            if self._git("rebase", "--abort", check=False).code != 0:
                self._git("rebase", "--quit", check=False)
        elif operation == "merge":
            if self._git("merge", "--abort", check=False).code != 0:
                self._git("reset", "--merge", check=False)
        if self._orig_head is None or self._branch is None or self._state == "done":
            return
        if branch_of(self.top) != self._branch:
            self._git("checkout", "--quiet", "--force", self._branch)
        if commit_of(self.top, "HEAD") != self._orig_head:
            self._git("reset", "--quiet", "--hard", self._orig_head)

    # finish ------------------------------------------------------------------------------

    def _finish(self, remote_sha: str | None, head: str | None = None, ahead: int | None = None) -> SyncOutcome:
        """Push what is ahead of the remote (`remote_sha`, None when it lacks the branch) and say what happened."""
        assert self._upstream is not None and self._branch is not None and self._orig_head is not None
        upstream = self._upstream
        head = head or commit_of(self.top, "HEAD") or self._orig_head
        changed = []
        if head != self._orig_head:
            changed = self._git("diff", "--name-only", "-z", "--no-renames", self._orig_head, head).stdout.split("\0")
            changed = [path for path in changed if path]
        if ahead is None:
            ahead = count(self.top, head, f"^{remote_sha}") if remote_sha else count(self.top, head)
        pushed = 0
        if ahead:
            self._say("push", remote=upstream.remote)
            try:
                target = f"HEAD:{upstream.merge_ref}"
                network(self.top, "push", "--quiet", upstream.remote, target, push=True, known=self._settings)
            except SyncError as error:
                error.changed_files = changed
                self._state = "idle"
                self._cleanup()
                raise
            pushed = ahead
            if not upstream.configured:
                set_upstream(self.top, self._branch, upstream)
        self._say("done")
        self._state = "done"
        self._cleanup()
        merged = [f"{path}: {'; '.join(words)}" for path, words in self._merged.items()]
        return SyncOutcome(self._fetched, pushed, merged, changed)
