"""Importing minutes (plain text, Markdown, PDF, Word) as new meetings of a forum, and committing them.

`import_files` reads each file (`source`), turns it into a Meeting and a report
(`parsing`, `report`), and places and writes new meeting files in the forum
without ever overwriting one; `commit_imported` commits them together.
`minutes_files` finds the minutes in the folders of an archive.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from repo_layout import boundary
from repo_layout.editing.values import meeting_path_for
from repo_layout.git.commit import commit_paths
from repo_layout.git.state import check_can_commit, open_git
from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.report import ImportFailure, ImportReport
from repo_layout.importing.source import SOURCE_SUFFIXES, load
from repo_layout.importing.text import Note
from repo_layout.model.discover import Forum, NotARepositoryError, Repository
from repo_layout.model.file_names import FORUM_FILE, meeting_date_from_name
from repo_layout.model.meeting import Meeting
from repo_layout.words import words
from repo_layout.yaml import yamlio


def checked_forum_folder(forum_dir: Path) -> Path:
    """The forum folder, links resolved, once it is known to be a folder the import may write into; else ImportFailure.

    Refused: a folder that does not exist, one inside a .git folder, and one
    that (through a symbolic link) lies outside the repository holding the
    path as given. The repository is looked for by name from the path as
    given, so a link cannot lead the check into another repository.
    """
    given = Path(os.path.abspath(forum_dir))
    if not given.is_dir():
        raise ImportFailure(Note("failure_no_folder", path=forum_dir))
    real = given.resolve()
    if boundary.GIT_FOLDER in real.parts or boundary.GIT_FOLDER in given.parts:
        raise ImportFailure(Note("failure_in_git", path=forum_dir))
    root = boundary.repository_root_of(given / FORUM_FILE)
    if root is not None and boundary.outside_repository(root, given):
        raise ImportFailure(Note("failure_outside", path=forum_dir, root=root))
    return real


def _forum(forum_dir: Path) -> Forum:
    """The forum in `forum_dir` (inside its repository when there is one); ForumNotFoundError for a folder that is none.

    A folder of a repository is a forum when it holds forum.yaml or meeting files (model.discover); a meeting written
    anywhere else would belong to no forum, and the repository would then fail validation.
    """
    try:
        repository = Repository.find(forum_dir)
    except NotARepositoryError:
        return Forum(forum_dir, Repository(forum_dir))
    return repository.find_forum(forum_dir)


def check_can_commit_into(forum_dir: Path) -> None:
    """Raise GitError (IdentityMissingError when git does not know the user) when an import could not be committed.

    Called before anything is written, so that a refused import leaves no file behind; no git repository is no refusal.
    """
    repo = open_git(Repository.find(forum_dir).root)
    if repo is not None:
        check_can_commit(repo)


def _free_path(forum: Forum, date: dt.date, planned: set[Path]) -> Path:
    """The first meeting file name for `date` that is neither on disk nor planned in this import."""
    candidate = meeting_path_for(forum, date)
    sequence = (meeting_date_from_name(candidate.name) or (date, 1))[1]
    while candidate in planned or candidate.exists():
        sequence += 1
        candidate = forum.path / f"{date.isoformat()}-{sequence}.yaml"
    return candidate


def _write_new(path: Path, text: str) -> bool:
    """Create `path` with `text` (reserved first, so an existing file is never replaced); False when it exists."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    os.close(descriptor)
    try:
        yamlio.atomic_write(path, text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return True


def minutes_files(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Each file given, and each minutes file (.txt .md .pdf .docx) under each folder given, in name order.

    The flag says whether the file was named (True) or found in a folder (False): a named file that cannot be read
    stops the import, a found one is left out and reported. Hidden files and folders are passed by.
    """
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if not Path(path).is_dir():
            found.append((Path(path), True))
            continue
        for root, folders, files in os.walk(path):
            folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
            for name in sorted(files):
                if not name.startswith((".", "~$")) and Path(name).suffix.casefold() in SOURCE_SUFFIXES:
                    found.append((Path(root) / name, False))
    return found


def import_files(
    paths: list[Path],
    forum_dir: Path,
    dry_run: bool = False,
    failures: list[tuple[Path, ImportFailure]] | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[tuple[Meeting, ImportReport]]:
    """Import minutes files as new meetings of the forum in `forum_dir`; nothing is written if any file is refused.

    With a `failures` list, a refused file is added to it instead and the others are imported; `progress` is told
    (done, total, path) before each file is read.
    """
    forum_dir = checked_forum_folder(Path(forum_dir))
    forum = _forum(forum_dir)
    forum_name = forum.info.name if (forum_dir / FORUM_FILE).is_file() else None
    results = []
    for number, path in enumerate(paths):
        if progress is not None:
            progress(number, len(paths), Path(path))
        try:
            results.append(_read(Path(path), forum_name))
        except ImportFailure as failure:
            if failures is None:
                raise
            failures.append((Path(path), failure))
    if progress is not None:
        progress(len(paths), len(paths), Path(paths[-1]) if paths else Path())
    planned: set[Path] = set()
    for meeting, report in results:
        target = _free_path(forum, meeting.date or dt.date.today(), planned)
        while not dry_run and not _write_new(target, meeting.dump()):
            planned.add(target)
            target = _free_path(forum, meeting.date or dt.date.today(), planned)
        planned.add(target)
        meeting.path = target
        report.meeting_path = target
        first_choice = forum_dir / f"{(meeting.date or dt.date.today()).isoformat()}.yaml"
        if target != first_choice:
            report.warnings.append(Note("same_day", date=first_choice.stem, existing=first_choice.name, name=target.name))
    return results


def _read(path: Path, forum_name: str | None) -> tuple[Meeting, ImportReport]:
    """One file read and parsed into a meeting and its report; ImportFailure when it cannot be."""
    source = load(path)
    meeting, report = parse_minutes(source.text, str(path), forum_name)
    report.source = path
    report.guesses[:0] = source.notes
    if source.information:  # a PDF's running header: kept, but out of the points
        kept = "\n".join(source.information)
        meeting.information = f"{meeting.information}\n\n{kept}" if meeting.information else kept
    return meeting, report


def commit_imported(paths: list[Path]) -> str | None:
    """Commit the imported meeting files together, as a save in the app would; the commit, or None without git.

    GitError (IdentityMissingError when git does not know the user) says why it cannot be done; the files stay.
    """
    repository = Repository.find(paths[0].parent)
    repo = open_git(repository.root)
    if repo is None:
        return None  # a repository without git: the files are the record
    check_can_commit(repo)
    forum = repository.forum_of(paths[0])
    # a language the library cannot write gets English here (the other words fall back to Danish)
    imported = words(repository.config.language, fallback="en")["commits"]["imported"]
    stems = [path.stem for path in paths]
    dates = ", ".join(stems) if len(stems) <= 12 else f"{', '.join(stems[:3])}, … {stems[-1]}; {len(stems)}"
    message = imported.format(forum=forum.name if forum else paths[0].parent.name, dates=dates)
    return commit_paths(repo, paths, message)
