"""Finding a minutes repository and walking its folders into groups, forums and meetings.

Listing reads folder entries and the small forum.yaml / group.yaml files only;
no meeting file is opened until a meeting is asked for.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from repo_layout import boundary
from repo_layout.model.config_files import ForumInfo, RepositoryConfig
from repo_layout.model.file_names import FORUM_FILE, GROUP_FILE, MARKER, MEETING_NAME, meeting_date_from_name
from repo_layout.model.loading import load_meeting
from repo_layout.model.meeting import Meeting
from repo_layout.words import DEFAULT, supported
from repo_layout.yaml import yamlio


class NotARepositoryError(Exception):
    """The path is not inside a minutes repository; `reason` (missing, outside, unreadable) lets a UI word it."""

    def __init__(self, message: str, path: str = "", reason: str = "outside") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class ForumNotFoundError(ValueError):
    """A forum's name or path that names no single forum; `candidates` are the forums it could mean.

    `reason` says why, for the words a person reads (tui/i18n): "unknown" (no forum by that name or path), "group" (a
    folder of forums, not a forum), "not_forum" (a folder holding no forum) or "ambiguous" (several forums by that name).
    """

    def __init__(self, given: str, reason: str, candidates: list[Forum]) -> None:
        self.given = given
        self.reason = reason
        self.candidates = candidates
        names = ", ".join(forum.relative for forum in candidates)
        super().__init__(f"{given}: {reason} forum" + (f" (could be: {names})" if names else ""))


@dataclass(frozen=True)
class MeetingRef:
    """A meeting known by its path: date and sequence come from the file name."""

    path: Path
    date: dt.date
    sequence: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        suffix = f" ({self.sequence})" if self.sequence > 1 else ""
        return f"{self.date.isoformat()}{suffix}"


@dataclass
class Forum:
    """A folder holding forum.yaml and meeting files."""

    path: Path
    repository: Repository

    @cached_property
    def info(self) -> ForumInfo:
        file = self.path / FORUM_FILE
        try:
            document = None if boundary.is_link(file) else yamlio.load_fast(yamlio.read_text(file))
        except (OSError, yamlio.YamlLoadError):
            document = None
        return ForumInfo.from_document(document, fallback_name=self.path.name)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def has_forum_file(self) -> bool:
        return (self.path / FORUM_FILE).is_file()

    @property
    def relative(self) -> str:
        return self.path.relative_to(self.repository.root).as_posix()

    def meetings(self) -> list[MeetingRef]:
        """Every meeting file, newest first, from the file names alone."""
        refs = []
        with os.scandir(self.path) as entries:
            for entry in entries:
                parsed = meeting_date_from_name(entry.name)
                if parsed and entry.is_file():
                    refs.append(MeetingRef(Path(entry.path), parsed[0], parsed[1]))
        refs.sort(key=lambda ref: (ref.date, ref.sequence), reverse=True)
        return refs

    def stray_files(self) -> list[Path]:
        """YAML files in the forum folder that are neither forum.yaml nor a meeting name."""
        with os.scandir(self.path) as entries:
            return sorted(
                Path(entry.path)
                for entry in entries
                if entry.is_file()
                and entry.name.endswith((".yaml", ".yml"))
                and entry.name != FORUM_FILE
                and not MEETING_NAME.match(entry.name)
            )


@dataclass
class Group:
    """A folder of groups and forums (the repository's root is the top group)."""

    path: Path
    repository: Repository
    groups: list[Group] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)

    @cached_property
    def name(self) -> str:
        if self.path == self.repository.root:
            return self.repository.config.name
        file = self.path / GROUP_FILE
        if file.is_file() and not boundary.is_link(file):
            try:
                document = yamlio.load_fast(yamlio.read_text(file))
                if isinstance(document, dict) and document.get("name"):
                    return str(document["name"])
            except (OSError, yamlio.YamlLoadError):
                pass
        return self.path.name

    def all_forums(self) -> list[Forum]:
        found = list(self.forums)
        for group in self.groups:
            found.extend(group.all_forums())
        return found


def _is_meetings_folder(path: Path) -> bool:
    with os.scandir(path) as entries:
        return any(MEETING_NAME.match(entry.name) for entry in entries)


class Repository:
    """A minutes repository on disk: its config and its tree of groups and forums."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._tree: Group | None = None
        self._links: list[Path] = []

    @classmethod
    def find(cls, start: Path | str = ".") -> Repository:
        """The repository containing `start`, searching upwards for minutes.yaml."""
        path = Path(start).expanduser()
        try:
            path = path.resolve()
        except OSError as error:
            raise NotARepositoryError(f"{start}: {error.strerror}", str(start), "unreadable") from None
        if not path.exists():
            raise NotARepositoryError(f"{start}: no such file or folder", str(start), "missing")
        folder = path if path.is_dir() else path.parent
        for candidate in (folder, *folder.parents):
            if (candidate / MARKER).is_file():
                return cls(candidate)
        raise NotARepositoryError(f"{start}: not inside a minutes repository (no {MARKER} found in it or above it)", str(start))

    @cached_property
    def config(self) -> RepositoryConfig:
        marker = self.root / MARKER
        try:
            document = None if boundary.is_link(marker) else yamlio.load_fast(yamlio.read_text(marker))
        except (OSError, yamlio.YamlLoadError):
            document = None
        if not isinstance(document, dict):
            return RepositoryConfig(name=self.root.name)
        schema = document.get("schema")
        return RepositoryConfig(
            name=str(document.get("name") or self.root.name),
            language=supported(str(document.get("language") or DEFAULT)),
            schema=schema if isinstance(schema, int) else 1,
        )

    @property
    def tree(self) -> Group:
        """The folder tree as groups and forums (scanned once, then cached; see refresh)."""
        if self._tree is None:
            self._links = []
            self._tree = self._scan(self.root)
        return self._tree

    def linked_folders(self) -> list[tuple[Path, str]]:
        """Folders of the tree that are symbolic links, with why each is not read (the scan never follows a link)."""
        self.tree  # noqa: B018 - the scan finds them
        return [(path, boundary.link_problem(path, self.root) or "") for path in self._links]

    def refresh(self) -> None:
        """Forget the scanned tree so the next access scans the folders again."""
        self._tree = None

    def _scan(self, folder: Path) -> Group:
        group = Group(folder, self)
        subfolders = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith((".", "_")):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                elif entry.is_symlink() and entry.is_dir():
                    self._links.append(Path(entry.path))
        subfolders.sort()
        for sub in subfolders:
            if (sub / FORUM_FILE).is_file() or _is_meetings_folder(sub):
                group.forums.append(Forum(sub, self))
                continue
            child = self._scan(sub)
            if child.forums or child.groups:
                group.groups.append(child)
        group.forums.sort(key=lambda forum: forum.name.casefold())
        group.groups.sort(key=lambda child: child.name.casefold())
        return group

    def forums(self) -> list[Forum]:
        return self.tree.all_forums()

    def forum_of(self, path: Path) -> Forum | None:
        """The forum whose folder holds `path` (a meeting file), if any."""
        folder = Path(path).resolve().parent
        for forum in self.forums():
            if forum.path == folder:
                return forum
        return None

    def find_forum(self, name_or_path: str | Path, base: Path | None = None) -> Forum:
        """The forum a person names: its folder (relative to `base`, to the root, or absolute), its name or its folder's name.

        Names are compared without regard to case; ForumNotFoundError, with the forums it could mean, for anything else.
        """
        given = str(name_or_path).strip()
        forums = self.forums()
        by_folder = {forum.path: forum for forum in forums}
        for folder in self._folders_named(given, base):
            if folder in by_folder:
                return by_folder[folder]
            if folder.is_dir() and (folder == self.root or self.root in folder.parents):
                under = [forum for forum in forums if folder in forum.path.parents]
                raise ForumNotFoundError(given, "group" if under else "not_forum", under)
        wanted = given.casefold().strip("/")
        named = [forum for forum in forums if wanted in (forum.name.casefold(), forum.path.name.casefold())]
        if len(named) == 1:
            return named[0]
        if named:
            raise ForumNotFoundError(given, "ambiguous", named)
        raise ForumNotFoundError(given, "unknown", _close_forums(wanted, forums))

    def _folders_named(self, given: str, base: Path | None) -> list[Path]:
        """The folders a forum argument may name: from `base` (the current folder) and from the root, links resolved."""
        if not given:
            return []
        path = Path(given).expanduser()
        found = []
        for folder in ([path] if path.is_absolute() else [Path(base or Path.cwd()) / path, self.root / path]):
            try:
                found.append(folder.resolve())
            except OSError:
                continue
        return found

    def relative(self, path: Path) -> str:
        """The path relative to the root, as the tree names it (a link is not followed: its own name, not its target's)."""
        given = Path(os.path.abspath(path))
        try:
            return given.relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).resolve().relative_to(self.root).as_posix()

    def load_meeting(self, path: Path) -> Meeting:
        """Parse one meeting file; raise MeetingLoadError listing its problems."""
        return load_meeting(Path(path))


def _close_forums(wanted: str, forums: list[Forum]) -> list[Forum]:
    """The forums whose name, folder name or folder is like `wanted` (contains it, or is spelled nearly so)."""
    keys = {forum.path: (forum.name.casefold(), forum.path.name.casefold(), forum.relative.casefold()) for forum in forums}
    close = []
    for forum in forums:
        names = keys[forum.path]
        if wanted and (any(wanted in name for name in names) or difflib.get_close_matches(wanted, names, n=1, cutoff=0.7)):
            close.append(forum)
    return close
