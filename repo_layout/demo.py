"""A demo repository: a fresh git copy of sample-repo/ with one dated commit per meeting.

`make run` keeps one copy (`kept_demo`) in the data folder and opens it again on the next run, so drafts and the
identity carry over; `make demo-fresh` moves it aside and makes a new one. Run as `python -m repo_layout.demo [--fresh]`
it prints the kept copy's path (for the Makefile) and says on stderr what it did.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from repo_layout.git.commit import GitError, Identity, commit_paths, init_repository
from repo_layout.git.state import untracked_files
from repo_layout.locations import data_dir, sample_repository
from repo_layout.model.discover import Repository
from repo_layout.model.loading import MeetingLoadError
from repo_layout.words import words

SECRETARIAT = Identity("Sekretariatet", "sekretariatet@example.org")
_TZ = dt.timezone(dt.timedelta(hours=1))


class DemoError(Exception):
    """The demo repository could not be made; the message says why."""


def default_demo_dir() -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return data_dir() / f"demo-{stamp}"


def kept_demo_dir() -> Path:
    """The one demo copy `make run` opens every time: `demo` in the data folder."""
    return data_dir() / "demo"


@dataclass(frozen=True)
class KeptDemo:
    """The kept demo copy: where it is, whether it was just made, and where an older one was moved (demo-fresh)."""

    path: Path
    made: bool
    moved_aside: Path | None = None


def kept_demo(fresh: bool = False) -> KeptDemo:
    """The kept demo copy, made when missing; with `fresh`, the old copy is moved aside (nothing is deleted) first."""
    target = kept_demo_dir()
    moved: Path | None = None
    if fresh and target.exists():
        moved = target.with_name(f"demo-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")
        target.rename(moved)
    if (target / ".git").exists():
        return KeptDemo(target.resolve(), made=False)
    return KeptDemo(make_demo(target), made=True, moved_aside=moved)


def _author_for(name: str | None) -> Identity:
    if not name:
        return SECRETARIAT
    slug = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isascii() and (ch.isalnum() or ch == "."))
    return Identity(name, f"{slug or 'referent'}@example.org")


def make_demo(target: Path | None = None, source: Path | None = None) -> Path:
    """Copy the sample repository to `target` and commit its meetings in date order."""
    source = source or sample_repository()
    # resolved: meeting paths from the tree are absolute, and the setup commit must leave them out
    target = (Path(target) if target else default_demo_dir()).expanduser().resolve()
    if not (source / "minutes.yaml").is_file():
        raise DemoError(f"the sample repository is missing: {source}")
    if target.exists() and any(target.iterdir()):
        raise DemoError(f"{target} exists and is not empty; name a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    repository = Repository(target)
    commits = words(repository.config.language)["commits"]
    setup_message, meeting_message = commits["demo_setup"], commits["demo_meeting"]
    try:
        repo = init_repository(target)
        refs = sorted(
            ((forum, ref) for forum in repository.forums() for ref in forum.meetings()),
            key=lambda pair: (pair[1].date, pair[1].sequence),
        )
        meeting_paths = {ref.path for _, ref in refs}
        setup_files = [path for path in sorted(target.rglob("*.yaml")) if path not in meeting_paths and ".git" not in path.parts]
        first_day = refs[0][1].date if refs else dt.date.today()
        setup_time = dt.datetime.combine(first_day - dt.timedelta(days=7), dt.time(10, 0), _TZ)
        commit_paths(repo, setup_files, setup_message, SECRETARIAT, setup_time)
        for forum, ref in refs:
            try:
                taker = repository.load_meeting(ref.path).minute_taker
            except MeetingLoadError:
                taker = None
            when = dt.datetime.combine(ref.date, dt.time(16, 0), _TZ)
            message = meeting_message.format(forum=forum.name, date=ref.date.isoformat())
            commit_paths(repo, [ref.path], message, _author_for(taker), when)
        leftovers = untracked_files(repo)
        if leftovers:
            commit_paths(repo, [target / name for name in leftovers], setup_message, SECRETARIAT, setup_time)
    except GitError as error:
        raise DemoError(str(error)) from None
    return target


def main(argv: list[str]) -> int:
    """Print the kept demo copy's path on stdout (made or reused); what happened goes to stderr."""
    if argv not in ([], ["--fresh"]):
        print("usage: python -m repo_layout.demo [--fresh]", file=sys.stderr)
        return 2
    try:
        kept = kept_demo(fresh=argv == ["--fresh"])
    except (DemoError, OSError) as error:
        print(f"minutes: {error}", file=sys.stderr)
        return 1
    if kept.moved_aside is not None:
        print(f"The previous demo repository was moved to {kept.moved_aside}", file=sys.stderr)
    if kept.made:
        print(f"Made a new demo repository (a git copy of the sample) in {kept.path}", file=sys.stderr)
    else:
        print(f"Opening the demo repository kept in {kept.path} (make demo-fresh makes a new one)", file=sys.stderr)
    print(kept.path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
