"""Errors in the UI's language: a library error's kind worded through tui/i18n (as tui/sync_words.py does for SyncError),
else the error's own words quoted under a framing line in the UI's language; OSError worded by errno.

git's own words (its stderr) and file names are quoted as they are.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import CATALOGUE, word

if TYPE_CHECKING:
    from repo_layout.git.repair import Leftover

_ERRNO_KEYS = {
    errno.EACCES: "os_error_permission",
    errno.EPERM: "os_error_permission",
    errno.ENOSPC: "os_error_no_space",
    errno.EDQUOT: "os_error_no_space",
    errno.EROFS: "os_error_read_only",
    errno.ENOENT: "os_error_not_found",
}


def os_error_words(error: OSError, language: str) -> str:
    """What went wrong with a file, in `language`: the common causes by errno, else the system's words under ours."""
    where = error.filename if error.filename is not None else ""
    key = _ERRNO_KEYS.get(error.errno or 0)
    if key is not None:
        return word(language, key, path=str(where)).strip()
    said = error.strerror or str(error)
    return word(language, "os_error_other", path=str(where), said=said).strip()


def kind_words(error: Exception, prefix: str, language: str) -> str:
    """The error in `language` when `prefix` + its kind has words, else its own message under a framing line
    (`prefix` + "other")."""
    key = f"{prefix}{getattr(error, 'kind', '')}"
    if getattr(error, "kind", "") and key in CATALOGUE["en"]:
        return word(language, key, **getattr(error, "values", {}))
    if isinstance(error, OSError):
        return os_error_words(error, language)
    return word(language, f"{prefix}other", said=str(error))


def error_words(error: Exception, language: str) -> str:
    """Any error the app or the CLI shows, in `language`: history, git, repair, editor or file errors."""
    from repo_layout.git.errors import GitError
    from repo_layout.git.repair import RepairError
    from repo_layout.history.entries import HistoryError
    from tui.external_editor import EditorUnavailable

    prefixes: list[tuple[type[Exception], str]] = [
        (HistoryError, "history_error_"),
        (RepairError, "repair_error_"),
        (GitError, "git_error_"),
        (EditorUnavailable, "editor_error_"),
    ]
    for kind, prefix in prefixes:
        if isinstance(error, kind):
            return kind_words(error, prefix, language)
    if isinstance(error, OSError):
        return os_error_words(error, language)
    return str(error)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def leftover_files(leftover: Leftover, language: str) -> str:
    """The files (or programs) a leftover names, its markers ("a running program has it open") in `language`."""
    from repo_layout.git.repair import HELD_OPEN, PROCESSES_UNSEEN

    markers = {HELD_OPEN: "cli_leftover_held_open", PROCESSES_UNSEEN: "cli_leftover_processes_unseen"}
    return ", ".join(word(language, markers[name]) if name in markers else name for name in leftover.paths)


def leftover_words(leftover: Leftover, root: Path, language: str) -> str:
    """One line naming what a killed program left and what fixing it does, in `language` (Leftover.describe's words)."""
    from repo_layout.git import paths as git_paths

    values = {"path": _shown(root, leftover.path), "kept": git_paths.LEFTOVERS, "files": leftover_files(leftover, language)}
    values["what"] = leftover.kind
    if leftover.kind in ("index_lock", "ref_lock"):
        key = "cli_leftover_lock"
    elif leftover.kind == "uncommitted_files" and not leftover.paths:
        key = "cli_leftover_uncommitted_none"
    elif leftover.kind in ("temp_file", "unfinished_commit", "uncommitted_files", "busy_lock"):
        key = f"cli_leftover_{leftover.kind}"
    else:
        key = "cli_leftover_operation_sync" if leftover.by_sync else "cli_leftover_operation"
    return word(language, key, **values)


def fixed_words(leftover: Leftover, root: Path, language: str) -> str:
    """One line saying what fixing `leftover` did, in `language` (Leftover.fixed_words's words)."""
    from repo_layout.git import paths as git_paths

    values = {"path": _shown(root, leftover.path), "kept": git_paths.LEFTOVERS, "files": ", ".join(leftover.paths)}
    if leftover.kind in ("temp_file", "unfinished_commit"):
        key = f"cli_fixed_{leftover.kind}"
    elif leftover.kind == "uncommitted_files":
        key = "cli_fixed_uncommitted_files" if leftover.paths else "cli_fixed_uncommitted_none"
    else:
        key = "cli_fixed_lock"
    return word(language, key, **values)
