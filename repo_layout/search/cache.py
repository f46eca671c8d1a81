"""The search index's side on disk: which meeting files exist under which git blob id, their rows, and the cache files.

Blob ids, cheaply and correctly. The meeting files are the ones the tree
shows (`Repository.forums()` and `Forum.meetings()`, folder listings only).
Inside git (found with `git rev-parse --absolute-git-dir`, which is what
`gitstate.open_git` would find, without importing GitPython), `git ls-files -s -z` gives the blob id of every path as staged
(about 10 ms for 10,000 files) and `git ls-files -m -z` the tracked paths
whose work-tree content differs from the index (git compares content whenever
the stat data disagrees, so an edit by another program, a checkout or a pull
is seen); both run in the repository's folder, so paths come out relative to
it. A clean tracked path gets the staged id; every other meeting file
(modified, untracked, ignored, in conflict, or outside git altogether) is
read and hashed the way git hashes a blob: sha1(b"blob <size>\\0" + bytes).
A file that is parsed is always keyed by the id of the bytes actually read,
so a file changed between listing and reading can never be cached under a
stale id.

Reading a file. `yamlio.load_fast` (ruamel's C safe loader) costs 4-5 ms for
an 11 KB meeting on this machine, nearly all of it in the Python resolver and
constructor: 45 s for 10,000 files. `load_plain` walks the same libyaml C
parser's event stream and builds plain dicts, lists and strings itself
(about 0.6 ms a file). It handles only plain YAML (no anchors, aliases, tags,
directives, complex or duplicate keys, merge keys); anything else falls back
to `yamlio.load_fast`, which also reports the errors of a broken file.
`extract` turns a loaded meeting into a record: compact tuples of strings.

The cache is one snapshot (every row and the inverted index, as written after
a full build) plus a small journal of records parsed since, both keyed by
blob id, written atomically (temporary file and rename) with a checksum and a
format number; a file that is missing, corrupt, or of another format or
Python version is ignored and rebuilt. It lives in `<git dir>/minutes-index/`
when the repository is in git, else under `locations.cache_dir()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import marshal
import os
import re
import selectors
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from sys import intern
from typing import Any

from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from repo_layout import locations
from repo_layout.model.discover import Repository, meeting_date_from_name
from repo_layout.search.textfold import fold, index_words
from repo_layout.yaml import limits, yamlio

try:
    from _ruamel_yaml import CParser
except ImportError:  # no C extension: every file goes through load_fast
    CParser = None

FORMAT = 2
"""Bump when a record, the folding or the index layout changes: older cache files are then ignored."""

FORUM, TITLE, POINT_TITLE, CASE, SECTION, DECISION, ATTACHMENT, PERSON, INFORMATION, ACTION = range(10)
FIELD_NAMES = ("forum", "title", "point_title", "case", "section", "decision", "attachment", "person", "information", "action")
NAMING = frozenset((TITLE, POINT_TITLE, CASE, PERSON, ATTACHMENT))
"""Short fields that name something: posted twice, in the naming postings as well (so an old title still competes)."""

MAX_ROWS = 20_000
"""A meeting with more rows than this is refused (a YAML alias bomb could otherwise expand while it is walked)."""

Row = tuple[int, int, str | None, str]
"""(point index or -1 for the meeting, field code, heading or role, text)."""
PointInfo = tuple[int, str, str | None]
"""(printed number, title, case number)."""
ActionInfo = tuple[int, int, str, str | None, int | None, bool]
"""(point index, index in the point's actions, task, owner, due date as an ordinal, done)."""
Record = tuple[Any, ...]
"""("ok", rows, points, actions) or ("broken", message)."""


# --- reading a meeting file -------------------------------------------------

class _NotPlain(Exception):
    """The document uses something `load_plain` leaves to the full loader."""


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _plain_value(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it, for the types a meeting uses."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    match = _DATE.fullmatch(value)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise _NotPlain from None
    return value


def load_plain(text: str) -> Any:
    """Parse plain YAML to dicts, lists and scalars from libyaml's events; anything unusual goes to load_fast."""
    if CParser is None or len(text) > limits.MAX_FILE_BYTES or limits.may_hold_surrogate(text):
        return yamlio.load_fast(text)
    try:
        return _from_events(text)
    except Exception:  # any parse error or unusual construct: the full loader decides (and words the error)
        return yamlio.load_fast(text)


def _from_events(text: str) -> Any:
    """Build the document from the C parser's events; raise _NotPlain for what only the full loader handles."""
    parser = CParser(text)
    get = parser.get_event
    try:
        if type(get()) is not StreamStartEvent:
            raise _NotPlain
        event = get()
        if type(event) is StreamEndEvent:
            return None
        if type(event) is not DocumentStartEvent or event.version is not None:
            raise _NotPlain
        stack: list[tuple[Any, bool, Any]] = []
        values = 0
        top: Any = None
        is_map = False
        key: Any = _NO_KEY
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    raise _NotPlain
                value = event.value
                if event.implicit[0] and not event.style and value[:1] in _TYPED_STARTS:
                    value = _plain_value(value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= limits.MAX_DEPTH:
                    raise _NotPlain  # over the depth limit: load_fast refuses it in the words validate uses
                stack.append((top, is_map, key))
                is_map = kind is MappingStartEvent
                top = {} if is_map else []
                key = _NO_KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = top
                top, is_map, key = stack.pop()
            elif kind is DocumentEndEvent:
                if type(get()) is not StreamEndEvent:
                    raise _NotPlain  # a second document: load_fast refuses it with a message
                if type(root) is dict and type(root.get("points")) is list and len(root["points"]) > limits.MAX_POINTS:
                    raise _NotPlain
                return root
            else:
                raise _NotPlain  # an alias, or an event out of place
            values += 1
            if values > limits.MAX_VALUES:
                raise _NotPlain
            if top is None:
                root = value
            elif not is_map:
                top.append(value)
            elif key is not _NO_KEY:
                top[key] = value
                key = _NO_KEY
            else:
                if type(value) is not str:
                    if isinstance(value, (dict, list)):
                        raise _NotPlain
                    value = str(value)
                if value == "<<" or value in top:
                    raise _NotPlain  # a merge key, or a duplicate key
                key = value
    finally:
        parser.dispose()


_NO_KEY = object()
_TYPED_STARTS = frozenset(("", *"~nNtTfF+-0123456789"))
"""First characters of the plain scalars that are not strings (null, booleans, numbers, dates)."""


def decode(data: bytes) -> str:
    """A meeting file's bytes as text, refusing what yamlio.read_text refuses."""
    if len(data) > limits.MAX_FILE_BYTES:
        raise yamlio.YamlLoadError(f"file is larger than {limits.MAX_FILE_BYTES // 1_000_000} MB; not a meeting")
    if b"\x00" in data:
        raise yamlio.YamlLoadError("file is binary (contains NUL bytes), not YAML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise yamlio.YamlLoadError(f"file is not UTF-8 (byte {error.start}); save it as UTF-8") from None


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these bytes."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def read_record(path: str) -> tuple[str, Record] | None:
    """(blob id of the bytes read, record) for one meeting file; None when it cannot be read now (gone, unreadable)."""
    try:
        data = read_no_link(path)
    except OSError:
        return None
    return blob_id(data), parse_record(data)


def read_no_link(path: str) -> bytes:
    """A file's bytes; OSError when the file is a symbolic link (a meeting is never read through one)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


Postings = dict[str, bytes]
"""word -> the rows holding it, as the bytes of an array("I"), ascending."""
Batch = tuple[list[tuple[str, Record] | None], Postings, Postings, list[tuple[str, int]]]
"""What indexing a batch of files gives: per file (blob id, record) or None when it could not be read; then the
postings of every row and of the naming rows, and (folded case number, row), with rows numbered from 0 across
the batch's readable records in order (the index adds where the batch begins)."""


def index_records(records: list[Record]) -> tuple[Postings, Postings, list[tuple[str, int]]]:
    """Cut the rows of some records into words: postings of all rows, of the naming rows, and the case numbers."""
    postings: dict[str, array] = {}
    named: dict[str, array] = {}
    cases: list[tuple[str, int]] = []
    row = 0
    for record in records:
        if record[0] != "ok":
            continue
        for _, code, _, text in record[1]:
            folded = fold(text)
            tokens = index_words(folded)
            for token in tokens:
                found = postings.get(token)
                if found is None:
                    postings[token] = found = array("I")
                found.append(row)
            if code in NAMING:
                for token in tokens:
                    found = named.get(token)
                    if found is None:
                        named[token] = found = array("I")
                    found.append(row)
                if code == CASE:
                    cases.append((folded.strip(), row))
            row += 1
    return (
        {word: found.tobytes() for word, found in postings.items()},
        {word: found.tobytes() for word, found in named.items()},
        cases,
    )


def parse_files(paths: list[str]) -> Batch:
    """Read, parse and index a batch of meeting files (in a worker process for a cold build)."""
    items = [read_record(path) for path in paths]
    return (items, *index_records([item[1] for item in items if item is not None]))


_WORKER = "from repo_layout.search.cache import serve_worker; serve_worker()"
_LENGTH = struct.Struct("<Q")


def serve_worker() -> None:
    """A worker process: read a marshalled list of path batches on stdin, write each batch's results as it is done."""
    batches = marshal.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    for batch in batches:
        data = marshal.dumps(parse_files(batch))
        out.write(_LENGTH.pack(len(data)) + data)
        out.flush()


def parse_in_workers(batches: list[list[str]], workers: int) -> Iterator[Batch]:
    """parse_files of every batch, in order, spread over `workers` Python processes (a batch a worker fails is parsed here).

    Worker w parses batches w, w + workers, ... and writes each result as it
    is done; this process drains every worker's pipe as data arrives (so no
    worker ever waits on a full pipe) and hands the batches on in order.
    """
    env = dict(os.environ)
    project = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = project + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else project
    processes: list[subprocess.Popen[bytes]] = []
    try:
        try:
            for _ in range(workers):
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-c", _WORKER],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        env=env,
                    )
                )
            for number, process in enumerate(processes):
                assert process.stdin is not None
                process.stdin.write(marshal.dumps(batches[number::workers]))
                process.stdin.close()
        except OSError:
            _stop(processes)
            processes = []
        yield from _collect(processes, batches)
    finally:
        _stop(processes)


def _collect(processes: list[subprocess.Popen[bytes]], batches: list[list[str]]) -> Iterator[Batch]:
    """The workers' results in batch order, read from all pipes as they come; batches of a failed worker parsed here."""
    count = len(processes)
    ready: dict[int, Batch] = {}
    received = [0] * count
    buffers = [bytearray() for _ in range(count)]
    finished = [False] * count
    selector = selectors.DefaultSelector()
    for number, process in enumerate(processes):
        assert process.stdout is not None
        selector.register(process.stdout.fileno(), selectors.EVENT_READ, number)
    try:
        for position, batch in enumerate(batches):
            worker = position % count if count else 0
            while position not in ready and count and not finished[worker]:
                for key, _ in selector.select(timeout=1.0):
                    number = key.data
                    chunk = os.read(key.fd, 1 << 20)
                    if not chunk:
                        selector.unregister(key.fd)
                        finished[number] = True
                        continue
                    buffers[number] += chunk
                    for result in _frames(buffers[number]):
                        ready[number + received[number] * count] = result
                        received[number] += 1
            found = ready.pop(position, None)
            yield found if found is not None else parse_files(batch)
    finally:
        selector.close()


def _frames(buffer: bytearray) -> Iterator[Batch]:
    """Take every complete length-prefixed result off the front of a worker's buffer."""
    while len(buffer) >= _LENGTH.size:
        (length,) = _LENGTH.unpack_from(buffer)
        if len(buffer) < _LENGTH.size + length:
            return
        data = bytes(buffer[_LENGTH.size : _LENGTH.size + length])
        del buffer[: _LENGTH.size + length]
        try:
            result = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            continue
        if isinstance(result, tuple) and len(result) == 4:
            yield result


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """End worker processes (they have finished, or are no longer wanted)."""
    for process in processes:
        with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
            process.kill()
            process.wait(timeout=5)
            if process.stdout is not None:
                process.stdout.close()


def parse_record(data: bytes) -> Record:
    """The record of a meeting file's bytes; a broken file gives ("broken", why)."""
    try:
        document = load_plain(decode(data))
    except yamlio.YamlLoadError as error:
        where = f" (line {error.line}, column {error.column})" if error.line > 1 or error.column > 1 else ""
        return ("broken", f"{error.message}{where}")
    try:
        return extract(document)
    except _TooLarge:
        return ("broken", f"more than {MAX_ROWS} entries; not a meeting")


# --- from a document to a record ------------------------------------------

class _TooLarge(Exception):
    """The meeting has more rows than MAX_ROWS."""


def _text(value: Any) -> str | None:
    """A scalar as text (None for nothing, a mapping or a list), stripped of surrounding blank lines."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def _texts(value: Any) -> list[str]:
    """The texts of a list of scalars (or of one scalar)."""
    items = value if isinstance(value, list) else [value]
    return [text for text in (_text(item) for item in items) if text]


def extract(document: Any) -> Record:
    """The rows, points and actions of a loaded meeting document."""
    if not isinstance(document, dict):
        return ("broken", "not a mapping of fields")
    rows: list[Row] = []
    title = _text(document.get("title"))
    if title:
        rows.append((-1, TITLE, None, title))
    taker = _text(document.get("minute_taker"))
    if taker:
        rows.append((-1, PERSON, "minute_taker", intern(taker)))
    for role in ("present", "absent"):
        rows.extend((-1, PERSON, role, intern(name)) for name in _texts(document.get(role)))
    information = _text(document.get("information"))
    if information:
        rows.append((-1, INFORMATION, None, information))
    points: list[PointInfo] = []
    actions: list[ActionInfo] = []
    items = document.get("points")
    for index, point in enumerate(items if isinstance(items, list) else []):
        if not isinstance(point, dict):
            point = {}
        _extract_point(index, point, rows, points, actions)
        if len(rows) > MAX_ROWS:
            raise _TooLarge
    return ("ok", tuple(rows), tuple(points), tuple(actions))


def _extract_point(index: int, point: dict, rows: list[Row], points: list[PointInfo], actions: list[ActionInfo]) -> None:
    """Append one point's rows, its (number, title, case) and its actions."""
    number = point.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        number = index + 1
    title = _text(point.get("title")) or ""
    case = _text(point.get("case"))
    points.append((number, title, case))
    if title:
        rows.append((index, POINT_TITLE, None, title))
    if case:
        rows.append((index, CASE, None, case))
    presenter = _text(point.get("presenter"))
    if presenter:
        rows.append((index, PERSON, "presenter", intern(presenter)))
    sections = point.get("sections")
    if isinstance(sections, dict):
        for heading, body in sections.items():
            text = _text(body)
            if text:
                rows.append((index, SECTION, intern(str(heading).strip()), text))
    decision = _text(point.get("decision"))
    if decision:
        rows.append((index, DECISION, None, decision))
    attachments = point.get("attachments")
    for item in attachments if isinstance(attachments, list) else []:
        name = _text(item.get("title") or item.get("file")) if isinstance(item, dict) else _text(item)
        if name:
            rows.append((index, ATTACHMENT, None, name))
    listed = point.get("actions")
    for position, action in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(action, dict):
            continue
        task = _text(action.get("task")) or ""
        owner = _text(action.get("owner"))
        due = action.get("due")
        due_ordinal = due.toordinal() if isinstance(due, dt.date) else None
        actions.append((index, position, task, owner, due_ordinal, action.get("done") is True))
        if task:
            rows.append((index, ACTION, None, task))
        if owner:
            rows.append((index, PERSON, "owner", intern(owner)))
        if len(rows) > MAX_ROWS:
            raise _TooLarge


# --- which meeting files exist, under which blob id ------------------------

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
    """A meeting file found in the tree, with the blob id git knows for it (None: hash the bytes)."""

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


def list_meetings(repository: Repository) -> Listing:
    """The forums and meeting files the tree shows, each with its blob id where git already knows it."""
    root = repository.root
    git_dir, staged = _git_blobs(root)
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
            meetings.append(MeetingFile(relative, entry.path, parsed[0], parsed[1], index, staged.get(relative), signature))
    return Listing(forums, meetings, cache_folder(root, git_dir))


def resolve_blobs(listing: Listing, trusted: Trusted) -> tuple[list[MeetingFile], Trusted]:
    """Every meeting with its blob id, and the signatures to trust next time; files that vanished are left out.

    A file whose signature is the one trusted last time keeps its blob id; a
    file not seen before takes the id git has staged for it when git calls it
    clean and it has not changed in the last RACY_NS; every other file is read
    and hashed. So a rewrite git's second-granular stat check could miss (same
    size, same mtime) is still seen, and a signature is trusted only when the
    file had settled, so a second write within the clock's granularity is not
    missed either.
    """
    now = time.time_ns()
    found: list[MeetingFile] = []
    keep: Trusted = {}
    for meeting in listing.meetings:
        known = trusted.get(meeting.path)
        signature = meeting.signature
        settled = signature is not None and max(signature[1], signature[2]) < now - RACY_NS
        if known is not None and known[0] == signature:
            blob = known[1]
        elif known is None and meeting.blob is not None and settled:
            blob = meeting.blob
        else:
            try:
                blob = blob_id(read_no_link(meeting.absolute))
            except OSError:
                continue
        found.append(MeetingFile(meeting.path, meeting.absolute, meeting.date, meeting.sequence, meeting.forum, blob, signature))
        if settled and signature is not None:
            keep[meeting.path] = (signature, blob)
    return found, keep


def _git(root: Path, *args: str) -> bytes | None:
    """The output of a git command run in `root`, or None when git is missing or fails."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


_FILE_MODES = frozenset((b"100644", b"100755"))
"""Git's modes of a regular file; a symbolic link (120000) or a submodule (160000) is no meeting's blob."""


def _git_blobs(root: Path) -> tuple[Path | None, dict[str, str]]:
    """The git dir holding `root` (or None) and the blob id of every clean tracked .yaml file, by path relative to root."""
    found = _git(root, "rev-parse", "--absolute-git-dir")
    if not found or not found.strip():
        return None, {}
    git_dir = Path(os.fsdecode(found.strip()))
    staged_output = _git(root, "ls-files", "-s", "-z", "--", "*.yaml")
    modified_output = _git(root, "ls-files", "-m", "-z", "--", "*.yaml")
    if staged_output is None or modified_output is None:
        return git_dir, {}
    modified = set(os.fsdecode(path) for path in modified_output.split(b"\0") if path)
    blobs: dict[str, str] = {}
    for entry in staged_output.split(b"\0"):
        if not entry:
            continue
        info, _, path_bytes = entry.partition(b"\t")
        parts = info.split()
        path = os.fsdecode(path_bytes)
        if len(parts) != 3 or parts[2] != b"0" or parts[0] not in _FILE_MODES or path in modified:
            blobs.pop(path, None)  # a conflict (stage 1-3), a link (120000) or a modified file: hash what is in the work tree
            continue
        blobs[path] = parts[1].decode("ascii")
    for path in modified:
        blobs.pop(path, None)
    return git_dir, blobs


def cache_folder(root: Path, git_dir: Path | None) -> Path:
    """Where this repository's search cache lives: inside the git dir, else in the user's cache folder."""
    tag = hashlib.sha1(str(root).encode()).hexdigest()[:16]
    if git_dir is not None:
        return git_dir / "minutes-index" / tag
    return locations.cache_dir() / "search-index" / tag


# --- the cache files -------------------------------------------------------

_MAGIC = b"MINUTES-SEARCH\n"
_HEADER = struct.Struct("<IIQI")
"""format, Python version tag, payload length, crc32 of the payload."""
_PYTHON = sys.version_info[0] * 100 + sys.version_info[1]
SNAPSHOT = "snapshot.bin"
JOURNAL = "journal.bin"


def write_file(path: Path, payload: Any) -> None:
    """Write a marshal-able value to `path` atomically (temporary file in the same folder, then rename)."""
    data = marshal.dumps(payload)
    header = _MAGIC + _HEADER.pack(FORMAT, _PYTHON, len(data), zlib.crc32(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_file(path: Path) -> Any:
    """The value stored in a cache file, or None when it is missing, corrupt, or from another format or Python."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _HEADER.size
    if len(data) < start or not data.startswith(_MAGIC):
        return None
    version, python, length, checksum = _HEADER.unpack_from(data, len(_MAGIC))
    payload = memoryview(data)[start:]
    if version != FORMAT or python != _PYTHON or length != len(payload) or zlib.crc32(payload) != checksum:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def remove_file(path: Path) -> None:
    """Delete a cache file if it exists."""
    with contextlib.suppress(OSError):
        path.unlink()


# --- checking what a cache file holds ----------------------------------------

class CacheInconsistent(ValueError):
    """A cache file read back whole (checksum right) whose content does not hang together: it is rebuilt."""


_MAX_ORDINAL = dt.date.max.toordinal()
_FIELD_CODES = bytes(range(len(FIELD_NAMES)))


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise CacheInconsistent(what)


_NONE = type(None)


def _strings(value: Any, optional: bool = False) -> bool:
    """A list of str (or None, when optional); types are gathered in C, so a million items cost milliseconds."""
    return type(value) is list and set(map(type, value)) <= ({str, _NONE} if optional else {str})


def _ints(value: Any) -> bool:
    return type(value) is list and set(map(type, value)) <= {int}


def _ordinal(value: Any) -> bool:
    return type(value) is int and 1 <= value <= _MAX_ORDINAL


def _tuples(items: list[Any], size: int, kinds: tuple[set[type], ...]) -> bool:
    """Every item a tuple of `size` whose columns have the given types."""
    if set(map(type, items)) - {tuple} or set(map(len, items)) - {size}:
        return False
    return all(set(map(type, map(itemgetter(column), items))) <= allowed for column, allowed in enumerate(kinds))


_POINT_KINDS = ({int}, {str}, {str, _NONE})
_ACTION_KINDS = ({int}, {int}, {str}, {str, _NONE}, {int, _NONE}, {bool})


def _points_sound(points: Any) -> bool:
    """(number, title, case) tuples, as extract makes them."""
    return type(points) is tuple and _tuples(list(points), 3, _POINT_KINDS)


def _actions_sound(actions: Any, points: int) -> bool:
    """(point index, position, task, owner, due ordinal, done) tuples pointing at existing points."""
    if type(actions) is not tuple or not _tuples(list(actions), 6, _ACTION_KINDS):
        return False
    if not actions:
        return True
    indexes = [action[0] for action in actions]
    dues = [action[4] for action in actions if action[4] is not None]
    return 0 <= min(indexes) and max(indexes) < points and all(1 <= due <= _MAX_ORDINAL for due in dues)


def sound_record(record: Any) -> bool:
    """True for a record of the shape extract makes: every row, point and action usable as the index uses them."""
    if type(record) is not tuple or not record:
        return False
    if record[0] == "broken":
        return len(record) == 2 and type(record[1]) is str
    if record[0] != "ok" or len(record) != 4 or not _points_sound(record[2]):
        return False
    points = len(record[2])
    rows = record[1]
    return (
        type(rows) is tuple
        and all(
            type(row) is tuple and len(row) == 4 and type(row[0]) is int and -1 <= row[0] < points
            and type(row[1]) is int and 0 <= row[1] < len(FIELD_NAMES)
            and (row[2] is None or type(row[2]) is str) and type(row[3]) is str
            for row in rows
        )
        and _actions_sound(record[3], points)
    )


def _postings_sound(postings: Any) -> bool:
    """word -> row ids as bytes (each list's rows are checked when the index first uses it: see search._PostingLists)."""
    return type(postings) is dict and set(map(type, postings)) <= {str} and set(map(type, postings.values())) <= {bytes}


def check_snapshot(snapshot: Any) -> None:
    """Raise CacheInconsistent unless every column, range, row id and record of a snapshot is usable as the index uses it.

    The checksum only says the bytes are the ones written; this says they make
    an index (a file written by a broken program, or made to look right, is rebuilt).
    """
    _need(type(snapshot) is dict and type(snapshot.get("id")) is str, "not a snapshot")
    meetings = snapshot.get("m")
    rows_part = snapshot.get("r")
    _need(type(meetings) is tuple and len(meetings) == 9 and type(rows_part) is tuple and len(rows_part) == 6, "parts")
    paths, blobs, dates, sequences, starts, ends, points, actions, alive = meetings
    row_meeting, row_point, fields, headings, texts, row_alive = rows_part
    _need(_strings(paths) and _strings(blobs) and _ints(sequences) and _ints(starts) and _ints(ends), "meeting columns")
    _need(type(dates) is list and all(_ordinal(date) for date in dates), "dates")
    _need(type(points) is list and type(actions) is list and type(alive) is bytes, "meeting columns")
    count = len(paths)
    _need(all(len(column) == count for column in (blobs, dates, sequences, starts, ends, points, actions, alive)), "lengths")
    _need(not alive.translate(None, b"\x00\x01"), "alive flags")
    _need(all(type(column) is bytes for column in (row_meeting, row_point, fields, row_alive)), "row columns")
    _need(len(row_meeting) % 4 == 0 and len(row_point) % 4 == 0, "row columns")
    _need(_strings(headings, optional=True) and _strings(texts), "row texts")
    rows = len(texts)
    _need(len(row_meeting) // 4 == rows == len(row_point) // 4 == len(fields) == len(headings) == len(row_alive), "row lengths")
    _need(not fields.translate(None, _FIELD_CODES) and not row_alive.translate(None, b"\x00\x01"), "row codes")
    _need(set(map(type, points)) <= {tuple} and set(map(type, actions)) <= {tuple}, "points")
    _need(_tuples(list(chain.from_iterable(points)), 3, _POINT_KINDS), "points")
    every_action = list(chain.from_iterable(actions))
    _need(_tuples(every_action, 6, _ACTION_KINDS), "actions")
    # meetings own consecutive row ranges in their order (the index only appends): each row's owner and point follow
    _need(not count or (starts[0] == 0 and starts[1:] == ends[:-1] and ends[-1] == rows), "row ranges")
    _need(all(map(int.__le__, starts, ends)), "row ranges")
    owner = array("I")
    owner.frombytes(row_meeting)
    spans = list(map(int.__sub__, ends, starts))
    _need(owner == array("I", chain.from_iterable(map(repeat, range(count), spans))), "rows of another meeting")
    point_of = array("i")
    point_of.frombytes(row_point)
    point_counts = list(map(len, points))
    _need(not rows or min(point_of) >= -1, "point of a row")
    ranges = zip(starts, ends, point_counts, strict=True)
    _need(all(max(point_of[start:end]) < limit for start, end, limit in ranges if end > start), "point of a row")
    action_limits = chain.from_iterable(map(repeat, point_counts, map(len, actions)))
    _need(all(0 <= action[0] < limit for action, limit in zip(every_action, action_limits, strict=False)), "point of an action")
    _need(all(1 <= action[4] <= _MAX_ORDINAL for action in every_action if action[4] is not None), "due dates")
    _need(_postings_sound(snapshot.get("p")) and _postings_sound(snapshot.get("n")), "postings")
    cases = snapshot.get("c")
    _need(type(cases) is tuple and len(cases) == 2 and _strings(cases[0]) and _ints(cases[1]), "cases")
    _need(len(cases[0]) == len(cases[1]) and all(0 <= row < rows for row in cases[1]), "cases")
    broken = snapshot.get("b")
    _need(type(broken) is dict and all(type(key) is str and type(value) is str for key, value in broken.items()), "broken")
    trusted = snapshot.get("s")
    _need(type(trusted) is dict, "signatures")
    for path, entry in trusted.items():
        _need(type(path) is str and type(entry) is tuple and len(entry) == 2 and type(entry[1]) is str, "signatures")
        _need(type(entry[0]) is tuple and len(entry[0]) == 4 and all(type(part) is int for part in entry[0]), "signatures")
