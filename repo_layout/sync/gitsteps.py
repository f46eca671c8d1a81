"""The git commands a sync runs, and what it reads back: where the repository and HEAD are, settings, counts, dirty files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo_layout.git.command import GitResult, run_for_write, write_environment
from repo_layout.git.errors import SyncError, detail
from repo_layout.git.paths import locate


def git(root: Path, *args: str, check: bool = True, env: dict[str, str] | None = None, given: str | None = None) -> GitResult:
    """Run git in `root`; with `check`, a failure raises SyncError with git's own words.

    git stays in the terminal's session: a user's own ssh command (core.sshCommand) may ask there for a passphrase.
    """
    result = run_for_write(root, *args, env=env if env is not None else write_environment(), given=given, own_session=False)
    if check and result.code != 0:
        said = detail(result.stderr or result.stdout)
        raise SyncError(f"git {args[0]} failed: {said}", kind="git_failed", said=said)
    return result


@dataclass(frozen=True)
class Place:
    """Where a repository is and what HEAD is: work tree, git directory, branch (None when detached), commit."""

    top: Path
    git_dir: Path
    branch: str | None
    head: str | None


def place_of(root: Path) -> Place:
    """Work tree, git directory, branch and HEAD commit (one git call, two more on a branch without commits)."""
    found = locate(Path(root))
    if found is None:
        message = f"{root} is not in a git repository; sync needs one (clone it or add a remote)"
        raise SyncError(message, kind="not_git", path=str(root))
    if found.head is not None:
        return Place(found.work_tree, found.git_dir, found.branch, found.head)
    top = found.work_tree
    return Place(top, found.git_dir, branch_of(top), commit_of(top, "HEAD"))  # an unborn branch


def _ere(text: str) -> str:
    """`text` escaped for a POSIX extended regular expression."""
    return "".join(f"\\{char}" if char in "\\.[]()*+?{}|^$" else char for char in text)


def settings(top: Path, branch: str | None) -> dict[str, str]:
    """The git settings a sync reads (upstream, rebase mode, ssh command, attributes file), in one git call.

    Keys are as git prints them: section and name in lower case, the branch name as it is.
    """
    wanted = r"pull\.rebase|core\.(sshcommand|attributesfile)"
    if branch is not None:
        wanted = rf"branch\.{_ere(branch)}\.(remote|merge|rebase)|{wanted}"
    output = git(top, "config", "-z", "--get-regexp", f"^({wanted})$", check=False).stdout
    found: dict[str, str] = {}
    for entry in filter(None, output.split("\0")):
        key, _, value = entry.partition("\n")
        found[key] = value
    return found


def branch_of(top: Path) -> str | None:
    result = git(top, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    return result.stdout.strip() or None if result.code == 0 else None


def commit_of(top: Path, revision: str) -> str | None:
    result = git(top, "rev-parse", "-q", "--verify", f"{revision}^{{commit}}", check=False)
    return result.stdout.strip() or None if result.code == 0 else None


def count(top: Path, *revisions: str) -> int:
    return int(git(top, "rev-list", "--count", *revisions, "--").stdout.strip() or 0)


def dirty_files(top: Path) -> list[str]:
    """Tracked files with uncommitted changes (staged or not), relative to the top of the work tree."""
    output = git(top, "--no-optional-locks", "status", "--porcelain", "-z", "--untracked-files=no").stdout
    entries = output.split("\0")
    files: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        files.append(entry[3:])
        if entry[0] in "RC":
            index += 1  # the original path of a rename or copy follows
    return files


def why(result: GitResult) -> SyncError:
    """Why git could not bring in the remote's changes, naming untracked files in the way."""
    output = f"{result.stderr}\n{result.stdout}"
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if "untracked working tree files would be" in line:
            files = ", ".join(entry.strip() for entry in lines[index + 1 :] if entry.startswith(("\t", "    ")))
            message = (
                f"files that are not in git are in the way of the remote's changes: {files}; "
                "move or delete them, then sync again (nothing was changed)"
            )
            return SyncError(message, kind="untracked_in_way", files=files)
    said = detail(output)
    return SyncError(f"git could not bring in the remote's changes ({said}); nothing was changed", kind="integrate", said=said)
