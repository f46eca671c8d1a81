"""Which meeting files exist, under which git blob id; and where a repository's search cache lives.

The meeting files are the ones the tree shows (`Repository.forums()` and
`Forum.meetings()`, folder listings only). Inside git (found by
`GitCommand.find`, without importing GitPython), `git ls-files -s -z` gives the
blob id of every path as staged (about 10 ms for 10,000 files) and `git
ls-files -m -z` the tracked paths whose work-tree content differs from the
index (git compares content whenever the stat data disagrees, so an edit by
another program, a checkout or a pull is seen); both run in the repository's
folder, so paths come out relative to it. A clean tracked path gets the staged
id; every other meeting file (modified, untracked, ignored, in conflict, or
outside git altogether) is read and hashed the way git hashes a blob:
sha1(b"blob <size>\\0" + bytes). A file that is parsed is always keyed by the
id of the bytes actually read, so a file changed between listing and reading
can never be cached under a stale id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from repo_layout import locations
from repo_layout.git.command import GitCommand, GitCommandFailed
from repo_layout.git.paths import SEARCH_INDEX
from repo_layout.model.discover import Repository
from repo_layout.model.file_names import meeting_date_from_name
from repo_layout.search.records import blob_id, read_no_link

Signature = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a file: when it is unchanged, so are the bytes (see `resolve_blobs`)."""
Trusted = dict[str, tuple[Signature, str]]
"""path -> (signature, blob id) of files whose bytes were known when the signature was taken."""
RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the clock's granularity: its signature is not trusted yet."""


@dataclass(frozen=True)
class ForumEntry:
    """A forum as search shows it: display name and folder (relative, posix)."""

    name: str
    folder: str


@dataclass(frozen=True)
class MeetingFile:
    """A meeting file found in the tree, with its blob id once `resolve_blobs` knows it (None before)."""

    path: str
    absolute: str
    date: dt.date
    sequence: int
    forum: int
    blob: str | None
    signature: Signature | None = None


@dataclass(frozen=True)
class Listing:
    """Every forum and meeting file of the repository, and where its cache lives."""

    forums: list[ForumEntry]
    meetings: list[MeetingFile]
    cache: Path
    root: Path | None = None
    git: GitCommand | None = None
    """The git work tree holding the repository (None: not in git)."""

    def staged_blobs(self) -> dict[str, str]:
        """The blob id of every clean tracked .yaml file, by path relative to the root (asked of git only when needed)."""
        return _staged_blobs(self.git, self.root) if self.git is not None and self.root is not None else {}


def list_meetings(repository: Repository) -> Listing:
    """The forums and meeting files the tree shows, with their signatures (their blob ids come from `resolve_blobs`)."""
    root = repository.root
    git = GitCommand.find(root)
    forums: list[ForumEntry] = []
    meetings: list[MeetingFile] = []
    for forum in repository.forums():
        index = len(forums)
        folder = forum.relative
        forums.append(ForumEntry(forum.name, folder))
        try:
            entries = list(os.scandir(forum.path))
        except OSError:
            continue
        for entry in entries:
            parsed = meeting_date_from_name(entry.name)  # the rule Forum.meetings() uses, without a Path per file
            if parsed is None or not entry.is_file(follow_symlinks=False):
                continue  # a link is never indexed: validate and the tree say why
            try:
                info = entry.stat()
            except OSError:
                continue
            relative = f"{folder}/{entry.name}" if folder != "." else entry.name
            signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            meetings.append(MeetingFile(relative, entry.path, parsed[0], parsed[1], index, None, signature))
    return Listing(forums, meetings, cache_folder(root, git.git_dir if git is not None else None), root, git)


def resolve_blobs(listing: Listing, trusted: Trusted) -> tuple[list[MeetingFile], Trusted]:
    """Every meeting with its blob id, and the signatures to trust next time; files that vanished are left out.

    A file whose signature is the one trusted last time keeps its blob id; a
    file not seen before takes the id git has staged for it when git calls it
    clean and it has not changed in the last RACY_NS; every other file is read
    and hashed. So a rewrite git's second-granular stat check could miss (same
    size, same mtime) is still seen, and a signature is trusted only when the
    file had settled, so a second write within the clock's granularity is not
    missed either. Git is asked only when a file was not seen before (a warm
    start of an unchanged repository runs no `git ls-files`).
    """
    now = time.time_ns()
    found: list[MeetingFile] = []
    keep: Trusted = {}
    staged: dict[str, str] | None = None
    for meeting in listing.meetings:
        known = trusted.get(meeting.path)
        signature = meeting.signature
        settled = signature is not None and max(signature[1], signature[2]) < now - RACY_NS
        blob = None
        if known is not None and known[0] == signature:
            blob = known[1]
        elif known is None and settled:
            if staged is None:
                staged = listing.staged_blobs()
            blob = staged.get(meeting.path)
        if blob is None:
            try:
                blob = blob_id(read_no_link(meeting.absolute))
            except OSError:
                continue
        found.append(MeetingFile(meeting.path, meeting.absolute, meeting.date, meeting.sequence, meeting.forum, blob, signature))
        if settled and signature is not None:
            keep[meeting.path] = (signature, blob)
    return found, keep


_FILE_MODES = frozenset((b"100644", b"100755"))
"""Git's modes of a regular file; a symbolic link (120000) or a submodule (160000) is no meeting's blob."""


def _staged_blobs(git: GitCommand, root: Path) -> dict[str, str]:
    """The blob id of every clean tracked .yaml file under `root`, by path relative to it."""
    try:  # in the repository's folder (-C), so paths come out relative to it
        staged_output = git.output("-C", str(root), "ls-files", "-s", "-z")
        modified_output = git.output("-C", str(root), "ls-files", "-m", "-z")
    except GitCommandFailed:
        return {}
    modified = set(os.fsdecode(path) for path in modified_output.split(b"\0") if path.endswith(b".yaml"))
    blobs: dict[str, str] = {}
    for entry in staged_output.split(b"\0"):
        if not entry.endswith(b".yaml"):
            continue  # GitCommand reads pathspecs literally, so the *.yaml filter is applied here
        info, _, path_bytes = entry.partition(b"\t")
        parts = info.split()
        path = os.fsdecode(path_bytes)
        if len(parts) != 3 or parts[2] != b"0" or parts[0] not in _FILE_MODES or path in modified:
            blobs.pop(path, None)  # a conflict (stage 1-3), a link (120000) or a modified file: hash what is in the work tree
            continue
        blobs[path] = parts[1].decode("ascii")
    for path in modified:
        blobs.pop(path, None)
    return blobs


def cache_folder(root: Path, git_dir: Path | None) -> Path:
    """Where this repository's search cache lives: inside the git dir, else in the user's cache folder."""
    tag = hashlib.sha1(str(root).encode()).hexdigest()[:16]
    if git_dir is not None:
        return git_dir / SEARCH_INDEX / tag
    return locations.cache_dir() / "search-index" / tag
