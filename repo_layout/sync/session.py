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
user's version and local commit) and `.theirs` the remote's; `_stage_of_mine` below is the
one place that maps stages to sides (and `merge.driver_main` does the same for %A/%B).

Non-meeting files: any `*.yaml` / `*.yml` file that is a mapping (forum.yaml, group.yaml,
minutes.yaml) is merged structurally by the same function; a YAML file that does not parse
is one conflict over its whole text; any other file that conflicts (README.md, a PDF)
stops the sync with `UnmergeableFileError` naming it, after the rebase or merge has been
aborted, so the repository is as it was.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.git.write_lock import repository_write_lock
from repo_layout.sync.merge import FILE_KEY, WORDS, ChoiceError, FieldConflict, merge_meeting
from repo_layout.sync.merge import resolve as resolve_text
from repo_layout.yaml import yamlio

PROGRESS = {
    "da": {
        "check": "Kontrollerer arbejdsmappen",
        "fetch": "Henter fra {remote}",
        "integrate": "Fletter ændringer ind",
        "merge_file": "Fletter {path}",
        "continue": "Fortsætter",
        "push": "Sender til {remote}",
        "abort": "Afbryder synkroniseringen",
        "done": "Synkroniseret",
    },
    "en": {
        "check": "Checking the work tree",
        "fetch": "Fetching from {remote}",
        "integrate": "Bringing in changes",
        "merge_file": "Merging {path}",
        "continue": "Continuing",
        "push": "Pushing to {remote}",
        "abort": "Aborting the sync",
        "done": "Synced",
    },
}

YAML_SUFFIXES = (".yaml", ".yml")
DRIVER = "minutes-yaml"
SCRATCH = "minutes-sync"
"""A folder in the git directory for the merge driver's attributes file and its record, during a sync."""


class SyncError(Exception):
    """A sync could not be done; the message says what to do. `changed_files` lists files it changed anyway."""

    def __init__(self, message: str, changed_files: list[str] | None = None) -> None:
        super().__init__(message)
        self.changed_files = list(changed_files or [])


class NoRemoteError(SyncError):
    """No remote, or no upstream for the branch: add a remote by URL."""


class RemoteUnreachableError(SyncError):
    """The remote does not exist or cannot be reached."""


class AuthenticationError(SyncError):
    """The remote refused the credentials (or git could not ask for them)."""


class PushRejectedError(SyncError):
    """The remote moved on between fetch and push: sync again."""


class RemoteRefusedError(SyncError):
    """The remote's own rules (a hook, a protected branch) refused the push; the message has every `remote:` line."""


class DetachedHeadError(SyncError):
    """HEAD is not on a branch, so there is nothing to sync."""


class UncommittedChangesError(SyncError):
    """Tracked files have changes that are not committed; `files` names them."""

    def __init__(self, files: list[str]) -> None:
        shown = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
        super().__init__(f"uncommitted changes in {shown}: save (commit) or discard them, then sync again")
        self.files = list(files)


class OperationInProgressError(SyncError):
    """A rebase, merge, cherry-pick or revert is already in progress."""

    def __init__(self, message: str, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class UnmergeableFileError(SyncError):
    """A file that is not YAML changed on both sides; the sync was undone."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass
class RepoStatus:
    """The repository at a glance: branch, upstream, commits ahead/behind, uncommitted files, operation."""

    branch: str | None
    upstream: str | None
    ahead: int
    behind: int
    detached: bool
    dirty_files: list[str]
    operation: str | None  # "rebase" | "merge" | "cherry-pick" | "revert" | None


@dataclass
class Conflict:
    """A file both sides changed in the same fields: the fields, and who wrote each side (mine = ours)."""

    path: str
    fields: list[FieldConflict]
    ours_author: str
    theirs_author: str
    ours_commit: str
    theirs_commit: str


@dataclass
class SyncOutcome:
    """A finished sync: commits that arrived, commits pushed, what was merged, files changed in the work tree."""

    fetched: int = 0
    pushed: int = 0
    merged: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)


# git ---------------------------------------------------------------------------------------

def _env(network: bool = False, ssh_configured: bool = False) -> dict[str, str]:
    """The environment for git: English messages (they are classified), no prompts, no editor."""
    env = dict(os.environ)
    env.update(
        LC_ALL="C",
        LANGUAGE="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_EDITOR="true",
        GIT_SEQUENCE_EDITOR="true",
        GIT_MERGE_AUTOEDIT="no",
    )
    if network and not ssh_configured and "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        # no passphrase prompt in a terminal the app owns, and no endless wait for a host that does not answer
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
    return env


def _run(
    root: Path,
    *args: str,
    check: bool = True,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run git in `root`; with `check`, a failure raises SyncError with git's own words."""
    result = subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=root,
        env=env if env is not None else _env(),
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if check and result.returncode != 0:
        raise SyncError(f"git {args[0]} failed: {_detail(result.stderr or result.stdout)}")
    return result


def _detail(stderr: str) -> str:
    """The line of git's output that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("hint:")]
    for prefix in ("fatal:", "error:", "remote: error:", "ERROR:"):
        for line in lines:
            if line.startswith(prefix):
                return line
    return lines[-1] if lines else "no message from git"


_AUTH = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "permission denied",
    "access denied",
    "invalid username or password",
    "invalid credentials",
    "returned error: 401",
    "returned error: 403",
    "host key verification failed",
)
_UNREACHABLE = (
    "does not appear to be a git repository",
    "does not exist",
    "repository not found",
    "not found",
    "could not resolve host",
    "could not resolve hostname",
    "name or service not known",
    "temporary failure in name resolution",
    "failed to connect",
    "couldn't connect",
    "connection refused",
    "connection timed out",
    "operation timed out",
    "no route to host",
    "network is unreachable",
    "unable to access",
    "no such file or directory",
    "could not read from remote repository",
)
_REJECTED = (
    "(fetch first)",
    "(non-fast-forward)",
    "updates were rejected",
    "failed to update ref",
    "cannot lock ref",
    "(stale info)",
)


def _remote_lines(stderr: str) -> list[str]:
    """Every line the remote itself sent (git prefixes them `remote:`), in order, blank ones left out."""
    lines = [line.strip() for line in stderr.splitlines()]
    return [line for line in lines if line.startswith("remote:") and line[len("remote:"):].strip()]


def _is_gits_own(line: str) -> bool:
    """A line git writes itself around a failed push (not a hook's words)."""
    stripped = line.strip()
    return stripped.lower().startswith(("error:", "hint:", "to ", "fatal:", "! [", "warning:")) or stripped.startswith("remote:")


def classify_git_error(stderr: str, push: bool = False) -> SyncError:
    """The SyncError for git's stderr from fetch, push, clone or ls-remote: auth, unreachable, rejected or other."""
    text = stderr.lower()
    detail = _detail(stderr)
    if push and any(marker in text for marker in _REJECTED):
        return PushRejectedError(f"the remote has commits this sync has not seen ({detail}); sync again")
    remote_said = _remote_lines(stderr)
    if push and ("[remote rejected]" in text or (remote_said and "hook declined" in text)):
        refused = [line.strip() for line in stderr.splitlines() if "[remote rejected]" in line]
        return RemoteRefusedError("the remote refused the push\n" + "\n".join([*remote_said, *refused]))
    if push and "failed to push some refs" in text:
        said = [line.strip() for line in stderr.splitlines() if line.strip() and not _is_gits_own(line)]
        if said:  # a local pre-push hook (a policy check) said why
            return RemoteRefusedError("the push was refused before it was sent\n" + "\n".join(said))
    if any(marker in text for marker in _AUTH):
        return AuthenticationError(
            f"the remote refused access ({detail}); check the user name and password or token, or the SSH key"
        )
    if any(marker in text for marker in _UNREACHABLE):
        return RemoteUnreachableError(f"the remote cannot be reached ({detail}); check its address and the network")
    return SyncError(f"git failed: {detail}")


def _network(
    root: Path, *args: str, push: bool = False, settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a git command that talks to a remote; failures become the classified SyncError."""
    if settings is None:
        settings = _settings(root, None)
    result = _run(root, *args, check=False, env=_env(network=True, ssh_configured="core.sshcommand" in settings))
    if result.returncode != 0:
        raise classify_git_error(result.stderr or result.stdout, push=push)
    return result


@dataclass(frozen=True)
class _Place:
    """Where a repository is and what HEAD is: work tree, git directory, branch (None when detached), commit."""

    top: Path
    git_dir: Path
    branch: str | None
    head: str | None


def _locate(root: Path) -> _Place:
    """Work tree, git directory, branch and HEAD commit, in one git call."""
    asked = ("--show-toplevel", "--absolute-git-dir", "HEAD", "--symbolic-full-name", "HEAD")
    result = _run(Path(root), "rev-parse", *asked, check=False)
    lines = result.stdout.splitlines()
    if result.returncode == 0 and len(lines) == 4:
        name = lines[3]
        branch = name.removeprefix("refs/heads/") if name.startswith("refs/heads/") else None
        return _Place(Path(lines[0]), Path(lines[1]), branch, lines[2])
    if len(lines) < 2:
        raise SyncError(f"{root} is not in a git repository; sync needs one (clone it or add a remote)")
    top = Path(lines[0])
    return _Place(top, Path(lines[1]), _branch(top), _sha(top, "HEAD"))  # an unborn branch


def _ere(text: str) -> str:
    """`text` escaped for a POSIX extended regular expression."""
    return "".join(f"\\{char}" if char in "\\.[]()*+?{}|^$" else char for char in text)


def _settings(top: Path, branch: str | None) -> dict[str, str]:
    """The git settings a sync reads (upstream, rebase mode, ssh command, attributes file), in one git call.

    Keys are as git prints them: section and name in lower case, the branch name as it is.
    """
    wanted = r"pull\.rebase|core\.(sshcommand|attributesfile)"
    if branch is not None:
        wanted = rf"branch\.{_ere(branch)}\.(remote|merge|rebase)|{wanted}"
    output = _run(top, "config", "-z", "--get-regexp", f"^({wanted})$", check=False).stdout
    found: dict[str, str] = {}
    for entry in filter(None, output.split("\0")):
        key, _, value = entry.partition("\n")
        found[key] = value
    return found


def _operation(git_dir: Path) -> str | None:
    """The git operation in progress: rebase, merge, cherry-pick, revert, or None."""
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        return "rebase"
    if (git_dir / "MERGE_HEAD").exists():
        return "merge"
    if (git_dir / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    if (git_dir / "REVERT_HEAD").exists():
        return "revert"
    return None


def _branch(top: Path) -> str | None:
    result = _run(top, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def _sha(top: Path, revision: str) -> str | None:
    result = _run(top, "rev-parse", "-q", "--verify", f"{revision}^{{commit}}", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def _count(top: Path, *revisions: str) -> int:
    return int(_run(top, "rev-list", "--count", *revisions, "--").stdout.strip() or 0)


def _dirty_files(top: Path) -> list[str]:
    """Tracked files with uncommitted changes (staged or not), relative to the top of the work tree."""
    output = _run(top, "--no-optional-locks", "status", "--porcelain", "-z", "--untracked-files=no").stdout
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


def _why(result: subprocess.CompletedProcess[str]) -> str:
    """Why git could not bring in the remote's changes, naming untracked files in the way."""
    output = f"{result.stderr}\n{result.stdout}"
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if "untracked working tree files would be" in line:
            files = [entry.strip() for entry in lines[index + 1 :] if entry.startswith(("\t", "    "))]
            return (
                f"files that are not in git are in the way of the remote's changes: {', '.join(files)}; "
                "move or delete them, then sync again (nothing was changed)"
            )
    return f"git could not bring in the remote's changes ({_detail(output)}); nothing was changed"


@dataclass(frozen=True)
class _Upstream:
    remote: str
    merge_ref: str  # refs/heads/<name> on the remote
    configured: bool

    @property
    def branch(self) -> str:
        return self.merge_ref.removeprefix("refs/heads/")

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.remote}/{self.branch}"


def _upstream(top: Path, branch: str, settings: dict[str, str]) -> _Upstream:
    """The remote and branch this branch syncs with; NoRemoteError when there is none."""
    remote = settings.get(f"branch.{branch}.remote")
    merge_ref = settings.get(f"branch.{branch}.merge")
    if remote and merge_ref and remote != ".":
        return _Upstream(remote, merge_ref, True)
    remotes = _run(top, "remote").stdout.split()
    if not remotes:
        raise NoRemoteError("this repository has no remote to sync with; add one by its URL")
    if "origin" in remotes or len(remotes) == 1:
        return _Upstream("origin" if "origin" in remotes else remotes[0], f"refs/heads/{branch}", False)
    raise NoRemoteError(
        f"branch {branch} has no upstream and there are several remotes ({', '.join(remotes)}); "
        f"choose one: git branch --set-upstream-to=REMOTE/{branch}"
    )


def _set_upstream(top: Path, branch: str, upstream: _Upstream) -> None:
    _run(top, "config", f"branch.{branch}.remote", upstream.remote)
    _run(top, "config", f"branch.{branch}.merge", upstream.merge_ref)


def _rebase_mode(branch: str, settings: dict[str, str]) -> str:
    """"rebase", "rebase-merges" or "merge", from branch.<name>.rebase, else pull.rebase; rebase when unset."""
    value = settings.get(f"branch.{branch}.rebase") or settings.get("pull.rebase")
    if value is None:
        return "rebase"
    value = value.lower()
    if value in ("false", "no", "off", "0"):
        return "merge"
    if value in ("merges", "m"):
        return "rebase-merges"
    return "rebase"


# public functions --------------------------------------------------------------------------

def status(root: Path, fetch: bool = False) -> RepoStatus:
    """The repository's state from `git rev-parse` and `git status` (no network unless `fetch`)."""
    place = _locate(root)
    top = place.top
    if fetch:
        fetch_only(top)
    output = _run(top, "--no-optional-locks", "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=no").stdout
    branch: str | None = None
    upstream: str | None = None
    ahead = behind = 0
    dirty: list[str] = []
    entries = output.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if entry.startswith("# branch.head "):
            branch = entry.removeprefix("# branch.head ")
        elif entry.startswith("# branch.upstream "):
            upstream = entry.removeprefix("# branch.upstream ")
        elif entry.startswith("# branch.ab "):
            plus, minus = entry.removeprefix("# branch.ab ").split()
            ahead, behind = int(plus), -int(minus)
        elif entry.startswith("1 "):
            dirty.append(entry.split(" ", 8)[8])
        elif entry.startswith("2 "):
            dirty.append(entry.split(" ", 9)[9])
            index += 1
        elif entry.startswith("u "):
            dirty.append(entry.split(" ", 10)[10])
    detached = branch == "(detached)"
    git_dir = place.git_dir
    operation = _operation(git_dir)
    if detached:
        branch = None
        head_name = git_dir / "rebase-merge" / "head-name"
        if operation == "rebase" and head_name.exists():
            branch = head_name.read_text(encoding="utf-8").strip().removeprefix("refs/heads/")
    return RepoStatus(branch, upstream, ahead, behind, detached, dirty, operation)


def fetch_only(root: Path) -> int:
    """Fetch from the remote without touching the branch or the work tree; return how many commits are behind."""
    place = _locate(root)
    top, branch = place.top, place.branch
    settings = _settings(top, branch)
    if branch is None:
        remotes = _run(top, "remote").stdout.split()
        if not remotes:
            raise NoRemoteError("this repository has no remote to sync with; add one by its URL")
        _network(top, "fetch", "--quiet", "origin" if "origin" in remotes else remotes[0], settings=settings)
        return 0
    upstream = _upstream(top, branch, settings)
    _network(top, "fetch", "--quiet", upstream.remote, settings=settings)
    remote_sha = _sha(top, upstream.tracking)
    return _count(top, remote_sha, f"^{place.head}") if remote_sha and place.head else 0


def add_remote(root: Path, url: str, name: str = "origin") -> None:
    """Add a remote by URL, fetch it, and make it the current branch's upstream when it has that branch."""
    place = _locate(root)
    top = place.top
    existing = _run(top, "remote", "get-url", name, check=False)
    if existing.returncode == 0:
        if existing.stdout.strip() != url:
            raise SyncError(f"a remote named {name} already exists ({existing.stdout.strip()}); remove it or choose another name")
    else:
        _run(top, "remote", "add", name, url)
    try:
        _network(top, "fetch", "--quiet", name)
    except SyncError:
        if existing.returncode != 0:
            _run(top, "remote", "remove", name, check=False)
        raise
    branch = place.branch
    if branch is not None and _sha(top, f"refs/remotes/{name}/{branch}"):
        _set_upstream(top, branch, _Upstream(name, f"refs/heads/{branch}", True))


def clone(url: str, target: Path) -> Path:
    """Clone the repository at `url` into `target` (a new or empty folder); return the work tree's path."""
    target = Path(target).expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SyncError(f"{target} already exists and is not an empty folder; choose another folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    _network(target.parent, "clone", "--quiet", "--", url, str(target))
    return target


# the session -------------------------------------------------------------------------------

@dataclass
class _Pending:
    """A file that waits for a person: the three versions (mine = the local user's) and what merged by itself."""

    base: str | None
    mine: str | None
    theirs: str | None
    merged: list[str]

    def final(self, choices: dict[str, str], language: str) -> str | None:
        """The file's text after the choices; None when the file is to be deleted."""
        if self.mine is None or self.theirs is None:
            choice = choices.get(FILE_KEY)
            if choice is None:
                raise ChoiceError(f"no choice made for {FILE_KEY!r}")
            return self.mine if choice == "ours" else self.theirs if choice == "theirs" else choice
        return resolve_text(self.base, self.mine, self.theirs, choices, language)


class SyncSession:
    """One sync of one repository: run(), then resolve() or abort() while conflicts wait for a person.

    The callbacks run on the caller's thread (a worker in the app); `progress` gets short phrases.
    """

    def __init__(self, root: Path, language: str = "da", progress: Callable[[str], None] | None = None) -> None:
        self.root = Path(root)
        self.language = language if language in PROGRESS else "da"
        self.progress = progress
        self._place: _Place | None = None
        self._settings: dict[str, str] = {}
        self._branch: str | None = None
        self._orig_head: str | None = None
        self._upstream: _Upstream | None = None
        self._mode = "rebase"
        self._fetched = 0
        self._merged: dict[str, list[str]] = {}
        self._pending: dict[str, _Pending] = {}
        self._state = "idle"  # idle | running | paused | done
        self._scratch: Path | None = None

    # helpers -----------------------------------------------------------------------------

    def _say(self, what: str, **values: str) -> None:
        if self.progress is not None:
            self.progress(PROGRESS[self.language][what].format(**values))

    @property
    def place(self) -> _Place:
        """Where the repository is (looked up once per session)."""
        if self._place is None:
            self._place = _locate(self.root)
        return self._place

    @property
    def top(self) -> Path:
        return self.place.top

    @property
    def git_dir(self) -> Path:
        return self.place.git_dir

    def _git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run(self.top, *args, check=check, env=self._driver_env())

    def _driver_env(self) -> dict[str, str]:
        env = _env()
        package_parent = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        env["PYTHONUTF8"] = "1"
        return env

    def _merge_config(self) -> list[str]:
        """`-c` options that make git merge YAML files with merge.driver_main for this one command."""
        # inside the git directory: not in the work tree, and abort() in a later session (after a crash) removes it
        self._scratch = self.git_dir / SCRATCH
        self._scratch.mkdir(exist_ok=True)
        attributes = self._scratch / "attributes"
        if not attributes.exists():
            own = self._settings.get("core.attributesfile")
            text = ""
            if own and Path(own).expanduser().is_file():
                text = Path(own).expanduser().read_text(encoding="utf-8", errors="replace").rstrip("\n") + "\n"
            attributes.write_text(text + "".join(f"*{suffix} merge={DRIVER}\n" for suffix in YAML_SUFFIXES), encoding="utf-8")
        mode = "merge" if self._mode == "merge" else "rebase"
        command = " ".join(
            [
                shlex.quote(sys.executable),
                "-m",
                "repo_layout.sync.merge",
                "--driver",
                mode,
                shlex.quote(str(self._scratch / "merged.jsonl")),
                self.language,
                "%O %A %B %P",
            ]
        )
        return [
            "-c", f"core.attributesFile={attributes}",
            "-c", f"merge.{DRIVER}.name=minutes: field-by-field merge of YAML files",
            "-c", f"merge.{DRIVER}.driver={command}",
            "-c", "rerere.enabled=false",
            "-c", "rebase.autoStash=false",
        ]  # fmt: skip

    def _collect_driver_records(self) -> None:
        """Read what the merge driver merged by itself since the last look."""
        if self._scratch is None:
            return
        record = self._scratch / "merged.jsonl"
        if not record.exists():
            return
        for line in record.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            self._add_merged(str(entry.get("path", "")), [str(word) for word in entry.get("merged", [])])
        record.unlink()

    def _add_merged(self, path: str, words: list[str]) -> None:
        if path and words:
            known = self._merged.setdefault(path, [])
            known.extend(word for word in words if word not in known)

    def _cleanup(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    # preconditions -----------------------------------------------------------------------

    def _check(self) -> None:
        """Refuse to start in a state where a sync could lose or mix up work."""
        self._say("check")
        self._place = place = _locate(self.root)  # HEAD as it is now, also when this session ran before
        operation = _operation(place.git_dir)
        if operation is not None:
            raise OperationInProgressError(
                f"a git {operation} is already in progress in this repository (an interrupted sync leaves one); "
                "finish or abort it (minutes repair --continue / --abort), then sync again",
                operation,
            )
        if (self.git_dir / "index.lock").exists():
            raise SyncError(
                "git is busy: .git/index.lock exists. If no other git program is running, a stopped one left it: "
                "`minutes repair --yes` removes it safely; then sync again."
            )
        branch, head = place.branch, place.head
        if branch is None:
            raise DetachedHeadError(
                "HEAD is detached (not on a branch), so there is nothing to sync; check out a branch (git switch main)"
            )
        if head is None:
            raise SyncError(f"branch {branch} has no commits yet; save a meeting first")
        dirty = _dirty_files(self.top)
        if dirty:
            raise UncommittedChangesError(dirty)
        self._branch, self._orig_head = branch, head

    # run ---------------------------------------------------------------------------------

    def run(self) -> SyncOutcome | list[Conflict]:
        """Fetch, bring in the remote's commits (rebase, or merge per the git settings), push; or the conflicts."""
        if self._state == "paused":
            raise SyncError("this sync waits for its conflicts to be resolved or aborted")
        self._state = "running"
        self._merged, self._pending, self._fetched = {}, {}, 0
        try:
            self._check()
            assert self._branch is not None and self._orig_head is not None
            self._settings = _settings(self.top, self._branch)
            upstream = self._upstream = _upstream(self.top, self._branch, self._settings)
            self._mode = _rebase_mode(self._branch, self._settings)
            self._say("fetch", remote=upstream.remote)
            _network(self.top, "fetch", "--quiet", upstream.remote, settings=self._settings)
            remote_sha = _sha(self.top, upstream.tracking)
            if remote_sha is not None and not upstream.configured:
                _set_upstream(self.top, self._branch, upstream)
                self._upstream = upstream = _Upstream(upstream.remote, upstream.merge_ref, True)
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
                if result.returncode != 0:
                    self._fail(_why(result))
                return self._finish(remote_sha, remote_sha, 0)
            with repository_write_lock(self.git_dir):
                result = self._integrate(upstream)
            return result if result is not None else self._finish(remote_sha)
        except BaseException:
            if self._state != "paused":
                self._state = "idle"
                self._cleanup()
            raise

    def _integrate(self, upstream: _Upstream) -> list[Conflict] | None:
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

    def _settle(self, result: subprocess.CompletedProcess[str]) -> list[Conflict] | None:
        """After a git step: merge what git left unmerged, continue, repeat; the conflicts for a person, or None."""
        for _ in range(10_000):  # each round replays at least one commit; the bound only guards against a loop
            self._collect_driver_records()
            operation = _operation(self.git_dir)
            if operation is None:
                if result.returncode != 0:
                    self._fail(_why(result))
                return None
            unmerged = self._unmerged()
            if not unmerged:
                if result.returncode != 0:
                    self._fail(_why(result))
            else:
                conflicts = self._merge_unmerged(unmerged, operation)
                if conflicts:
                    self._state = "paused"
                    return conflicts
            result = self._continue(operation)
        self._fail("git kept stopping while bringing in the remote's changes; nothing was changed")
        return None

    def _fail(self, message: str) -> None:
        """Undo the sync and raise SyncError(message)."""
        self._restore()
        raise SyncError(message)

    def _continue(self, operation: str) -> subprocess.CompletedProcess[str]:
        """Continue the rebase, or commit the merge, after every unmerged file was staged."""
        self._say("continue")
        if operation == "rebase":
            return self._git(*self._merge_config(), "rebase", "--continue", check=False)
        message_file = self.git_dir / "MERGE_MSG"
        message = message_file.read_text(encoding="utf-8") if message_file.exists() else "Merge"
        lines = [line for line in message.splitlines() if not line.startswith("#")]
        words = [f"{path}: {'; '.join(found)}" for path, found in self._merged.items()]
        text = "\n".join(lines).strip() + ("\n\n" + "\n".join(words) if words else "") + "\n"
        return _run(self.top, "commit", "--cleanup=strip", "-F", "-", check=False, env=self._driver_env(), stdin=text)

    def _unmerged(self) -> dict[str, dict[int, str]]:
        """Unmerged paths and their index stages (1 base, 2 and 3 the sides) as blob ids."""
        output = self._git("ls-files", "-u", "-z").stdout
        found: dict[str, dict[int, str]] = {}
        for entry in filter(None, output.split("\0")):
            info, path = entry.split("\t", 1)
            _, blob, stage = info.split()
            found.setdefault(path, {})[int(stage)] = blob
        return found

    def _blob(self, blob: str | None, path: str) -> str | None:
        if blob is None:
            return None
        data = subprocess.run(
            ["git", "cat-file", "blob", blob], cwd=self.top, env=_env(), capture_output=True, check=True
        ).stdout
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self._restore()
            raise UnmergeableFileError(f"{path} is not UTF-8 text and changed on both sides; the sync was undone", path) from None

    def _stage_of_mine(self, operation: str) -> tuple[int, int]:
        """(stage of mine, stage of theirs): a rebase replays the local commit as :3:, a merge has HEAD as :2:."""
        return (3, 2) if operation == "rebase" else (2, 3)

    def _merge_unmerged(self, unmerged: dict[str, dict[int, str]], operation: str) -> list[Conflict]:
        """Merge each unmerged file structurally; stage the ones that merge; the rest are conflicts."""
        mine_stage, theirs_stage = self._stage_of_mine(operation)
        conflicts: list[Conflict] = []
        for path, stages in sorted(unmerged.items()):
            if not path.endswith(YAML_SUFFIXES):
                self._restore()
                raise UnmergeableFileError(
                    f"{path} changed on both sides and is not a YAML file, so it cannot be merged field by field; "
                    "the sync was undone. Merge it by hand with git, or ask the other person to undo their change.",
                    path,
                )
            self._say("merge_file", path=path)
            base = self._blob(stages.get(1), path)
            mine = self._blob(stages.get(mine_stage), path)
            theirs = self._blob(stages.get(theirs_stage), path)
            if mine is None or theirs is None:
                words = WORDS.get(self.language, WORDS["da"])
                fields = [FieldConflict(FILE_KEY, words["file"], base, mine, theirs)]
                merged: list[str] = []
            else:
                result = merge_meeting(base, mine, theirs, self.language)
                if not result.conflicts:
                    self._write(path, result.text)
                    self._add_merged(path, result.merged)
                    continue
                fields, merged = result.conflicts, result.merged
            self._pending[path] = _Pending(base, mine, theirs, merged)
            conflicts.append(Conflict(path, fields, *self._authors(path, operation)))
        return conflicts

    def _authors(self, path: str, operation: str) -> tuple[str, str, str, str]:
        """(mine author, theirs author, mine commit, theirs commit) for a conflicting file."""
        if operation == "rebase":
            mine = _sha(self.top, "REBASE_HEAD") or ""
            onto_file = self.git_dir / "rebase-merge" / "onto"
            onto = onto_file.read_text(encoding="utf-8").strip() if onto_file.exists() else "HEAD"
            theirs_range = [onto, f"^{mine}"] if mine else [onto]
            mine_range = [mine] if mine else ["HEAD"]
        else:
            theirs_range = ["MERGE_HEAD", "^HEAD"]
            mine_range = ["HEAD", "^MERGE_HEAD"]

        def last(revisions: list[str]) -> tuple[str, str]:
            result = self._git("log", "-1", "--format=%H%x00%an", *revisions, "--", path, check=False)
            if not result.stdout.strip():
                result = self._git("log", "-1", "--format=%H%x00%an", *revisions, check=False)
            sha, _, name = result.stdout.strip().partition("\0")
            return name, sha

        mine_author, mine_commit = last(mine_range)
        theirs_author, theirs_commit = last(theirs_range)
        return mine_author, theirs_author, mine_commit, theirs_commit

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
            raise SyncError("there are no conflicts waiting in this sync")
        missing = [path for path in self._pending if path not in choices]
        if missing:
            raise ChoiceError(f"no choices for {', '.join(missing)}")
        texts = {path: pending.final(choices[path], self.language) for path, pending in self._pending.items()}
        operation = _operation(self.git_dir)
        if operation is None:
            raise SyncError("the rebase or merge of this sync is no longer in progress; sync again")
        self._state = "running"
        try:
            for path, text in texts.items():
                self._write(path, text)
                self._add_merged(path, self._pending[path].merged)
            self._pending = {}
            conflicts = self._settle(self._continue(operation))
            if conflicts is not None:
                return conflicts
            return self._finish(_sha(self.top, self._upstream.tracking) if self._upstream else None)
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
        shutil.rmtree(self.git_dir / SCRATCH, ignore_errors=True)  # also what an unfinished earlier session left

    def _restore(self) -> None:
        """End any rebase or merge and put the branch back where this sync found it."""
        operation = _operation(self.git_dir)
        if operation == "rebase":
            if self._git("rebase", "--abort", check=False).returncode != 0:
                self._git("rebase", "--quit", check=False)
        elif operation == "merge":
            if self._git("merge", "--abort", check=False).returncode != 0:
                self._git("reset", "--merge", check=False)
        if self._orig_head is None or self._branch is None or self._state == "done":
            return
        if _branch(self.top) != self._branch:
            self._git("checkout", "--quiet", "--force", self._branch)
        if _sha(self.top, "HEAD") != self._orig_head:
            self._git("reset", "--quiet", "--hard", self._orig_head)

    # finish ------------------------------------------------------------------------------

    def _finish(self, remote_sha: str | None, head: str | None = None, ahead: int | None = None) -> SyncOutcome:
        """Push what is ahead of the remote (`remote_sha`, None when it lacks the branch) and say what happened."""
        assert self._upstream is not None and self._branch is not None and self._orig_head is not None
        upstream = self._upstream
        head = head or _sha(self.top, "HEAD") or self._orig_head
        changed = []
        if head != self._orig_head:
            changed = self._git("diff", "--name-only", "-z", "--no-renames", self._orig_head, head).stdout.split("\0")
            changed = [path for path in changed if path]
        if ahead is None:
            ahead = _count(self.top, head, f"^{remote_sha}") if remote_sha else _count(self.top, head)
        pushed = 0
        if ahead:
            self._say("push", remote=upstream.remote)
            try:
                target = f"HEAD:{upstream.merge_ref}"
                _network(self.top, "push", "--quiet", upstream.remote, target, push=True, settings=self._settings)
            except SyncError as error:
                error.changed_files = changed
                self._state = "idle"
                self._cleanup()
                raise
            pushed = ahead
            if not upstream.configured:
                _set_upstream(self.top, self._branch, upstream)
        self._say("done")
        self._state = "done"
        self._cleanup()
        merged = [f"{path}: {'; '.join(words)}" for path, words in self._merged.items()]
        return SyncOutcome(self._fetched, pushed, merged, changed)
