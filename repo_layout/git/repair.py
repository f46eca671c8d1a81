"""What a killed program leaves behind, found and fixed: stale git locks, half-written temporary files, a stopped rebase.

Nothing is removed that a live process holds: a lock counts as stale only when no running git works in this
repository and no process has the file open (read from /proc). Temporary files are moved into the git dir, not
deleted, so even their bytes are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from repo_layout.git import paths as git_paths
from repo_layout.git import state
from repo_layout.git.command import GitCommand, run_for_write
from repo_layout.git.commit import CommitJournal, finish_interrupted_commit, uncommitted_paths
from repo_layout.git.errors import GitError
from repo_layout.git.write_lock import RepositoryBusyError, held_elsewhere, repository_write_lock
from repo_layout.yaml import yamlio

# yamlio.atomic_write's ".NAME.XXXXXXXX.tmp", and git's ".merge_file_XXXXXX" handed to a merge driver
TEMP_FILE = re.compile(r"^\.(.+\.[A-Za-z0-9_]{6,}\.tmp|merge_file_[A-Za-z0-9]{6})$")
CONFLICT_MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
HELD_OPEN = "a running program has it open"  # a busy lock's `paths` when no git program but some process holds it
PROCESSES_UNSEEN = "(running programs cannot be seen on this system)"  # a busy lock's `paths` without /proc
QUIET_SECONDS = 5  # a temporary file younger than this may belong to a save in progress (its writer holds it open meanwhile)


@dataclass(frozen=True)
class Leftover:
    """One thing left in the repository: index_lock, ref_lock, temp_file, unfinished_commit, uncommitted_files, rebase,
    merge; or busy_lock, a lock that a running program may hold (named, never removed)."""

    kind: str
    path: Path
    by_sync: bool = False
    paths: tuple[str, ...] = ()  # files written but not committed (uncommitted_files); processes (busy_lock)

    def describe(self, root: Path) -> str:
        """One English line naming it and what fixing it does."""
        shown = _shown(root, self.path)
        if self.kind in ("index_lock", "ref_lock"):
            return f"{shown}: a lock left by a git program that is no longer running; fixing removes it"
        if self.kind == "temp_file":
            kept = git_paths.LEFTOVERS
            return f"{shown}: a half-written file from an interrupted save or sync; fixing moves it into .git/{kept}/"
        if self.kind == "unfinished_commit":
            return "a save was stopped after its commit; fixing brings git's index up to that commit for its file"
        if self.kind == "uncommitted_files":
            named = ", ".join(self.paths) or "no file differs any more"
            return f"a save or import was stopped before its commit; written but not committed: {named}; fixing commits them"
        if self.kind == "busy_lock":
            return (
                f"{shown}: a git lock, and a git program is running in this repository ({', '.join(self.paths)}); "
                "wait for it to finish or close it, then save again"
            )
        who = "an interrupted sync" if self.by_sync else "git"
        return f"a {self.kind} started by {who} was not finished; continue it or abort it (back to before it began)"


    def fixed_words(self, root: Path) -> str:
        """One English line saying what fixing it did."""
        shown = _shown(root, self.path)
        if self.kind == "temp_file":
            return f"moved {shown} into .git/{git_paths.LEFTOVERS}/"
        if self.kind == "unfinished_commit":
            return "git's index now agrees with the last commit"
        if self.kind == "uncommitted_files":
            return f"committed {', '.join(self.paths)}" if self.paths else "nothing was left to commit"
        return f"removed {shown}"


class RepairError(Exception):
    """A fix could not be made; the message has git's own words.

    `kind` and `values` let a UI say it in its own language (tui/error_words.py: "repair_error_" + kind), as SyncError does.
    """

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def find_leftovers(root: Path, quiet_seconds: float = QUIET_SECONDS, deep: bool = True) -> list[Leftover]:
    """Everything stale in the repository holding `root`, locks first; empty outside git.

    A temporary file counts only once it has not changed for `quiet_seconds` (a save may still be writing it);
    without `deep` only the top folder is looked at for them (where a merge driver's files are), not the whole tree.
    """
    found = GitCommand.find(Path(root))
    if found is None:
        return []
    top, git_dir = found.work_tree, found.git_dir
    locks = [path for path in _lock_files(git_dir)]
    temps = [path for path in _temp_files(top, deep) if time.time() - _mtime(path) >= quiet_seconds]
    leftovers: list[Leftover] = []
    running = _git_running_in(top, git_dir) if locks or temps else []
    if running:  # not ours to remove: say who may hold the locks
        leftovers.extend(Leftover("busy_lock", path, paths=tuple(running)) for path in locks)
    elif locks or temps:
        open_now = _open_files({*locks, *temps})
        for path in locks:
            if path in open_now:
                leftovers.append(Leftover("busy_lock", path, paths=(HELD_OPEN,)))
            else:
                leftovers.append(Leftover("index_lock" if path.name == "index.lock" else "ref_lock", path))
        leftovers.extend(Leftover("temp_file", path) for path in temps if path not in open_now)
    if not held_elsewhere(git_dir):
        for name in (git_paths.COMMIT_JOURNAL, git_paths.INTERRUPTED_JOURNAL):
            leftovers.extend(_journal_leftover(top, git_dir, name))
    operation = _operation(git_dir)
    if operation is not None:
        leftovers.append(Leftover(operation, git_dir, by_sync=(git_dir / git_paths.SYNC_SCRATCH).exists()))
    return leftovers


def _journal_leftover(top: Path, git_dir: Path, name: str) -> list[Leftover]:
    """A commit killed half-way: the index lagging behind its commit, or files written and never committed."""
    journal = CommitJournal(git_dir, name)
    found = journal.read()
    if found is None:
        return [Leftover("unfinished_commit", journal.path)] if journal.path.exists() else []
    phase, paths, _message = found
    if phase == "committed":
        return [Leftover("unfinished_commit", journal.path)]
    unsaved = uncommitted_paths(top, paths)
    return [Leftover("uncommitted_files", journal.path, paths=tuple(unsaved))]


def remove_stale(root: Path, leftover: Leftover, quiet_seconds: float = QUIET_SECONDS) -> None:
    """Remove a stale lock or put a temporary file aside, after checking again that nothing holds it."""
    if leftover.kind in ("unfinished_commit", "uncommitted_files"):
        _finish_commit(root, leftover.path)
        return
    if leftover.kind not in ("index_lock", "ref_lock", "temp_file"):
        message = f"{leftover.kind} is finished with continue_operation or abort_operation"
        raise RepairError(message, kind="not_stale", what=leftover.kind)
    still = {item.path for item in find_leftovers(root, quiet_seconds) if item.kind == leftover.kind}
    if leftover.path not in still:
        return  # gone meanwhile, or taken up again by a live program
    if leftover.kind == "temp_file":
        found = GitCommand.find(Path(root))
        assert found is not None
        kept = found.git_dir / git_paths.LEFTOVERS
        kept.mkdir(exist_ok=True)
        target = kept / f"{int(time.time())}-{leftover.path.name.lstrip('.')}"
        shutil.move(str(leftover.path), target)
    else:
        leftover.path.unlink(missing_ok=True)


def _finish_commit(root: Path, journal: Path) -> None:
    """A commit killed half-way: the index follows HEAD, or the files written and never committed are committed."""
    top, git_dir = _locate(root)
    if not journal.exists():
        return
    if state.index_locked(git_dir):
        raise RepairError("git's index is locked; remove the stale lock first", kind="index_locked")
    try:
        with repository_write_lock(git_dir, wait=2):
            finish_interrupted_commit(top, git_dir, journal.name, commit=True)
    except RepositoryBusyError:
        return  # a save is running now; it finishes the journal itself
    except GitError as error:
        raise RepairError(f"the interrupted commit could not be made: {error}", kind="commit_failed", said=str(error)) from None


# in this order: locks go before the index is used
STALE_KINDS = ("index_lock", "ref_lock", "temp_file", "unfinished_commit", "uncommitted_files")


def fix_all_stale(root: Path, quiet_seconds: float = QUIET_SECONDS) -> list[Leftover]:
    """Remove every stale lock, put aside every temporary file, finish an interrupted save; what was fixed.

    A stopped rebase or merge is left for abort_operation or continue_operation.
    """
    _remove_dead_private_indexes(root)
    fixed = []
    for leftover in find_leftovers(root, quiet_seconds):
        if leftover.kind in STALE_KINDS:
            remove_stale(root, leftover, quiet_seconds)
            fixed.append(leftover)
    return fixed


def _remove_dead_private_indexes(root: Path) -> None:
    """Private indexes of saves whose process is gone (`minutes-index-PID-THREAD`): only git's scratch, never data."""
    found = GitCommand.find(Path(root))
    if found is None or not Path("/proc/self").exists():
        return
    for path, pid in git_paths.private_indexes(found.git_dir):
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            path.unlink(missing_ok=True)


def _stopped_operation(root: Path) -> tuple[Path, Path, str] | None:
    """The work tree, git dir and stopped operation ("rebase" or "merge") once stale locks are gone; None if none."""
    top, git_dir = _locate(root)
    fix_all_stale(top)
    operation = _operation(git_dir)
    return None if operation is None else (top, git_dir, operation)


def abort_operation(root: Path) -> None:
    """Abort a stopped rebase or merge (stale locks removed first): HEAD and the files go back to before it began."""
    stopped = _stopped_operation(root)
    if stopped is None:
        return
    top, git_dir, operation = stopped
    done = run_for_write(top, operation, "--abort")
    if done.code != 0 and operation == "rebase":
        done = run_for_write(top, "rebase", "--quit")
    if done.code != 0:
        message = f"git {operation} --abort failed: {done.said}"
        raise RepairError(message, kind="abort_failed", operation=operation, said=done.said)
    shutil.rmtree(git_dir / git_paths.SYNC_SCRATCH, ignore_errors=True)


def continue_operation(root: Path) -> None:
    """Continue a stopped rebase or finish a merge (stale locks removed first); RepairError when conflicts remain."""
    stopped = _stopped_operation(root)
    if stopped is None:
        return
    top, git_dir, operation = stopped
    unfinished = _not_resolved(top)
    if unfinished:
        raise RepairError(
            f"the {operation} cannot go on: {', '.join(unfinished)} still differ on both sides or hold conflict markers; "
            f"abort it (minutes repair --abort), or resolve them in the app's sync",
            kind="unresolved",
            operation=operation,
            files=", ".join(unfinished),
        )
    args = ("rebase", "--continue") if operation == "rebase" else ("commit", "--no-edit")
    done = run_for_write(top, *args)  # the write environment opens no editor, for the rebase's list either
    if done.code != 0:
        said = [line for line in done.said.splitlines() if line.strip() and not line.lower().startswith("hint:")]
        raise RepairError(
            f"git could not continue the {operation} ({said[-1] if said else 'no message'}); "
            "abort it instead (minutes repair --abort)",
            kind="continue_failed",
            operation=operation,
            said=said[-1] if said else "",
        )
    shutil.rmtree(git_dir / git_paths.SYNC_SCRATCH, ignore_errors=True)


def _not_resolved(top: Path) -> list[str]:
    """Files of a stopped rebase or merge that are still unmerged, hold conflict markers, or no longer load as YAML."""
    unmerged = run_for_write(top, "diff", "--name-only", "-z", "--diff-filter=U").stdout.split("\0")
    staged = run_for_write(top, "diff", "--cached", "--name-only", "-z", "HEAD").stdout.split("\0")
    bad = [path for path in unmerged if path]
    for path in filter(None, staged):
        if path in bad or not (top / path).is_file():
            continue
        try:
            text = (top / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if CONFLICT_MARKER.search(text):
            bad.append(path)
        elif path.endswith((".yaml", ".yml")):
            try:
                yamlio.load_fast(text)
            except yamlio.YamlLoadError:
                bad.append(path)
    return bad


def _locate(root: Path) -> tuple[Path, Path]:
    found = GitCommand.find(Path(root))
    if found is None:
        raise RepairError(f"{root} is not in a git repository", kind="not_git", path=str(root))
    return found.work_tree, found.git_dir


def _operation(git_dir: Path) -> str | None:
    """The rebase or merge in progress, the operations repair continues or aborts (a cherry-pick or revert is git's)."""
    going = state.operation(git_dir)
    return going if going in ("rebase", "merge") else None


def _lock_files(git_dir: Path) -> list[Path]:
    """git's lock files: index.lock, HEAD.lock, config.lock and the like, and locks of refs; not our flock file."""
    locks = [path for path in git_dir.glob("*.lock") if path.name != git_paths.WRITE_LOCK]
    refs = git_dir / "refs"
    if refs.is_dir():
        locks.extend(refs.rglob("*.lock"))
    return sorted(locks)


def _temp_files(top: Path, deep: bool = True) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [name for name in subfolders if name != ".git"] if deep else []
        found.extend(Path(folder) / name for name in files if name.startswith(".") and TEMP_FILE.match(name))
    return sorted(found)


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return time.time()


def _processes() -> list[Path]:
    proc = Path("/proc")
    mine = str(os.getpid())
    try:
        return [entry for entry in proc.iterdir() if entry.name.isdigit() and entry.name != mine]
    except OSError:
        return []


def _git_running_in(top: Path, git_dir: Path) -> list[str]:
    """The git programs running in this repository (their folder is in the work tree or the git dir), as "PID command"."""
    if not Path("/proc/self").exists():
        return [PROCESSES_UNSEEN]  # assume busy: the person decides with git
    places = (str(top), str(git_dir))
    running = []
    for entry in _processes():
        try:
            name = (entry / "comm").read_text().strip()
            if not name.startswith("git"):
                continue
            folder = os.readlink(entry / "cwd")
        except OSError:
            continue
        if any(folder == place or folder.startswith(place + os.sep) for place in places):
            running.append(f"{entry.name} {_command_line(entry)}")
    return running


def _command_line(entry: Path) -> str:
    try:
        words = (entry / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "git"
    return " ".join(word.decode("utf-8", errors="replace") for word in words if word)[:80]


def _open_files(paths: set[Path]) -> set[Path]:
    """Those of `paths` that some process has open now."""
    wanted = {str(path) for path in paths}
    open_now: set[Path] = set()
    for entry in _processes():
        try:
            descriptors = list((entry / "fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor)
            except OSError:
                continue
            if target in wanted:
                open_now.add(Path(target))
    return open_now
