"""git's failures as errors a person can act on: the line of git's words that says what went wrong, and what a remote refused.

git runs with LC_ALL=C where its words are classified here (repo_layout.git.command.write_environment).
"""

from __future__ import annotations


class GitError(Exception):
    """A git operation failed; the message says what to do.

    The message is English (programs, logs); `kind` and `values` let a UI say it in its own language, as for SyncError
    (tui/error_words.py: the i18n key "git_error_" + kind, else git's words under a framing line); "" for none.
    """

    def __init__(self, message: str, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


class SyncError(Exception):
    """A sync (or another exchange with a remote) could not be done; the message says what to do.

    `changed_files` lists files it changed anyway. The message is English (programs, logs); `kind` and `values` let a
    UI say it in its own language (tui/sync_words.py: the i18n key "sync_error_" + kind); "" for none.
    """

    def __init__(self, message: str, changed_files: list[str] | None = None, kind: str = "", **values: str) -> None:
        super().__init__(message)
        self.changed_files = list(changed_files or [])
        self.kind = kind
        self.values = values


class RemoteUnreachableError(SyncError):
    """The remote does not exist or cannot be reached."""


class AuthenticationError(SyncError):
    """The remote refused the credentials (or git could not ask for them)."""


class PushRejectedError(SyncError):
    """The remote moved on between fetch and push: sync again."""


class RemoteRefusedError(SyncError):
    """The remote's own rules (a hook, a protected branch) refused the push; the message has every `remote:` line."""


def detail(stderr: str) -> str:
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
    said = detail(stderr)
    if push and any(marker in text for marker in _REJECTED):
        message = f"the remote has commits this sync has not seen ({said}); sync again"
        return PushRejectedError(message, kind="rejected", said=said)
    remote_said = _remote_lines(stderr)
    if push and ("[remote rejected]" in text or (remote_said and "hook declined" in text)):
        refused = [line.strip() for line in stderr.splitlines() if "[remote rejected]" in line]
        lines = "\n".join([*remote_said, *refused])
        return RemoteRefusedError("the remote refused the push\n" + lines, kind="refused", lines=lines)
    if push and "failed to push some refs" in text:
        hook_said = [line.strip() for line in stderr.splitlines() if line.strip() and not _is_gits_own(line)]
        if hook_said:  # a local pre-push hook (a policy check) said why
            lines = "\n".join(hook_said)
            return RemoteRefusedError("the push was refused before it was sent\n" + lines, kind="refused_here", lines=lines)
    if any(marker in text for marker in _AUTH):
        message = f"the remote refused access ({said}); check the user name and password or token, or the SSH key"
        return AuthenticationError(message, kind="auth", said=said)
    if any(marker in text for marker in _UNREACHABLE):
        return RemoteUnreachableError(
            f"the remote cannot be reached ({said}); check its address and the network", kind="unreachable", said=said
        )
    return SyncError(f"git failed: {said}", kind="git_failed", said=said)
