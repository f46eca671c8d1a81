"""A repository's remote: which one a branch syncs with, and the commands that talk to it (fetch, add a remote, clone)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo_layout.git.command import GitResult, network_environment
from repo_layout.git.errors import SyncError, classify_git_error
from repo_layout.sync.gitsteps import commit_of, count, git, place_of, settings


class NoRemoteError(SyncError):
    """No remote, or no upstream for the branch: add a remote by URL."""


def network(root: Path, *args: str, push: bool = False, known: dict[str, str] | None = None) -> GitResult:
    """Run a git command that talks to a remote (`known`: the git settings, if read already); failures are classified."""
    if known is None:
        known = settings(root, None)
    result = git(root, *args, check=False, env=network_environment(ssh_configured="core.sshcommand" in known))
    if result.code != 0:
        raise classify_git_error(result.stderr or result.stdout, push=push)
    return result


@dataclass(frozen=True)
class Upstream:
    remote: str
    merge_ref: str  # refs/heads/<name> on the remote
    configured: bool

    @property
    def branch(self) -> str:
        return self.merge_ref.removeprefix("refs/heads/")

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.remote}/{self.branch}"


def upstream_of(top: Path, branch: str, known: dict[str, str]) -> Upstream:
    """The remote and branch this branch syncs with; NoRemoteError when there is none."""
    remote = known.get(f"branch.{branch}.remote")
    merge_ref = known.get(f"branch.{branch}.merge")
    if remote and merge_ref and remote != ".":
        return Upstream(remote, merge_ref, True)
    remotes = git(top, "remote").stdout.split()
    if not remotes:
        raise NoRemoteError("this repository has no remote to sync with; add one by its URL", kind="no_remote")
    if "origin" in remotes or len(remotes) == 1:
        return Upstream("origin" if "origin" in remotes else remotes[0], f"refs/heads/{branch}", False)
    raise NoRemoteError(
        f"branch {branch} has no upstream and there are several remotes ({', '.join(remotes)}); "
        f"choose one: git branch --set-upstream-to=REMOTE/{branch}",
        kind="no_upstream", branch=branch, remotes=", ".join(remotes),
    )


def set_upstream(top: Path, branch: str, upstream: Upstream) -> None:
    git(top, "config", f"branch.{branch}.remote", upstream.remote)
    git(top, "config", f"branch.{branch}.merge", upstream.merge_ref)


def rebase_mode(branch: str, known: dict[str, str]) -> str:
    """"rebase", "rebase-merges" or "merge", from branch.<name>.rebase, else pull.rebase; rebase when unset."""
    value = known.get(f"branch.{branch}.rebase") or known.get("pull.rebase")
    if value is None:
        return "rebase"
    value = value.lower()
    if value in ("false", "no", "off", "0"):
        return "merge"
    if value in ("merges", "m"):
        return "rebase-merges"
    return "rebase"


def fetch_only(root: Path) -> int:
    """Fetch from the remote without touching the branch or the work tree; return how many commits are behind."""
    place = place_of(root)
    top, branch = place.top, place.branch
    known = settings(top, branch)
    if branch is None:
        remotes = git(top, "remote").stdout.split()
        if not remotes:
            raise NoRemoteError("this repository has no remote to sync with; add one by its URL", kind="no_remote")
        network(top, "fetch", "--quiet", "origin" if "origin" in remotes else remotes[0], known=known)
        return 0
    upstream = upstream_of(top, branch, known)
    network(top, "fetch", "--quiet", upstream.remote, known=known)
    remote_sha = commit_of(top, upstream.tracking)
    return count(top, remote_sha, f"^{place.head}") if remote_sha and place.head else 0


def add_remote(root: Path, url: str, name: str = "origin") -> None:
    """Add a remote by URL, fetch it, and make it the current branch's upstream when it has that branch."""
    place = place_of(root)
    top = place.top
    existing = git(top, "remote", "get-url", name, check=False)
    if existing.code == 0:
        if existing.stdout.strip() != url:
            url_there = existing.stdout.strip()
            message = f"a remote named {name} already exists ({url_there}); remove it or choose another name"
            raise SyncError(message, kind="remote_exists", name=name, url=url_there)
    else:
        git(top, "remote", "add", name, url)
    try:
        network(top, "fetch", "--quiet", name)
    except SyncError:
        if existing.code != 0:
            git(top, "remote", "remove", name, check=False)
        raise
    branch = place.branch
    if branch is not None and commit_of(top, f"refs/remotes/{name}/{branch}"):
        set_upstream(top, branch, Upstream(name, f"refs/heads/{branch}", True))


def clone(url: str, target: Path) -> Path:
    """Clone the repository at `url` into `target` (a new or empty folder); return the work tree's path."""
    target = Path(target).expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        message = f"{target} already exists and is not an empty folder; choose another folder"
        raise SyncError(message, kind="target_exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    network(target.parent, "clone", "--quiet", "--", url, str(target))
    return target
