"""The cycle's commands: `minutes new`, `approve`, `postpone` and `attach`, each one commit worded by the library.

Their words are the repository's language (or --lang); a refusal is one line on stderr: exit 2 for a command given
wrongly (a bad date, an unknown forum, a point that is no number, a path that is no meeting), 1 for a step the
meeting or git refuses. The commit messages are the library's, in the repository's language, as the app writes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from repo_layout.display import safe_line
from tui.cli import EXIT_OK, EXIT_PROBLEMS, UserError, _find, _forum, _inside_cwd, _language, _one_line
from tui.i18n import CATALOGUE, CHOICES, word

if TYPE_CHECKING:
    from repo_layout.editing.saving import SaveResult
    from repo_layout.model.discover import Forum, Repository
    from repo_layout.model.meeting import Meeting

T = TypeVar("T")


def add_cycle_commands(commands: argparse._SubParsersAction) -> None:
    """The four commands' parsers, with their --help."""
    lang_help = "language of the messages (default: the repository's)"
    said = {
        "new": "make a forum's next meeting with its agenda (status planned) and commit it",
        "approve": "approve a held meeting's minutes: status approved, a commit and an annotated git tag in your name",
        "postpone": "mark a point postponed; the next agenda carries it with a link back",
        "attach": "keep a file beside a meeting (in its folder) as an attachment of a point, and commit both",
    }
    new = commands.add_parser("new", help=said["new"], description=said["new"])
    new.add_argument("forum", metavar="FORUM", help="the forum: its folder, or its name")
    new.add_argument("--date", help="the meeting's day, YYYY-MM-DD (default: the forum's next usual day)")
    new.add_argument("--lang", choices=CHOICES, help=lang_help)

    approve = commands.add_parser("approve", help=said["approve"], description=said["approve"])
    approve.add_argument("meeting", metavar="MEETING", help="the meeting file")
    approve.add_argument("--lang", choices=CHOICES, help=lang_help)

    postpone = commands.add_parser("postpone", help=said["postpone"], description=said["postpone"])
    postpone.add_argument("meeting", metavar="MEETING", help="the meeting file")
    postpone.add_argument("point", metavar="POINT", help="the point's number")
    postpone.add_argument("--reason", default="", help="why it is postponed (kept in the file and the commit message)")
    postpone.add_argument("--lang", choices=CHOICES, help=lang_help)

    attach = commands.add_parser("attach", help=said["attach"], description=said["attach"])
    attach.add_argument("meeting", metavar="MEETING", help="the meeting file")
    attach.add_argument("file", metavar="FILE", type=Path, help="the file to copy into the meeting's folder")
    attach.add_argument("--point", help="the point's number (default: the first point)")
    attach.add_argument(
        "--force", action="store_true", help="keep a file over 10 MB (git keeps every version of it in every clone, forever)"
    )
    attach.add_argument("--lang", choices=CHOICES, help=lang_help)


def cycle_handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    """The commands by name, for `minutes`'s dispatch."""
    return {"new": cmd_new, "approve": cmd_approve, "postpone": cmd_postpone, "attach": cmd_attach}


def cmd_new(args: argparse.Namespace) -> int:
    from repo_layout.cycle.agenda import create_agenda

    given = Path(args.forum)
    repository = _find(str(given) if given.is_dir() else ".")  # a forum's folder, or its name from inside the repository
    language = _language(args, repository)
    date = _date(args.date, language) if args.date else None
    forum = _forum(repository, args.forum, language, shown=str(args.forum))
    meeting, result = _committing(
        language, lambda: create_agenda(repository, forum, repository.config.language, date=date)
    )
    print(_shown_path(repository, meeting.path))
    _say_committed(result, language)
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    from repo_layout.cycle.approval import approve

    repository, forum, meeting, language = _meeting(args)
    approval = _committing(language, lambda: approve(repository, forum, meeting, repository.config.language))
    if approval.commit is not None:
        print(word(language, "cli_committed", commit=approval.commit[:7], message=_subject(meeting, repository)),
              file=sys.stderr)
    if approval.tag is not None:
        print(approval.tag)
        return EXIT_OK
    if approval.commit is None:
        print(f"minutes: {word(language, 'cli_approve_no_git', meeting=meeting.name)}", file=sys.stderr)
        return EXIT_OK
    said = _one_line(approval.tag_error or "")
    print(f"minutes: {safe_line(word(language, 'cli_approve_no_tag', meeting=meeting.name, reason=said))}", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_postpone(args: argparse.Namespace) -> int:
    from repo_layout.cycle.steps import postpone_point

    repository, forum, meeting, language = _meeting(args)
    number = _point_number(args.point, language)
    _refuse_approved(meeting, language)
    result = _committing(
        language, lambda: postpone_point(repository, forum, meeting, number, args.reason, repository.config.language),
        unchanged=word(language, "cli_postpone_unchanged", meeting=meeting.name, point=number),
    )
    _say_committed(result, language)
    return EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    from repo_layout.cycle.steps import ATTACHMENT_WARN_MB, attach_file

    repository, forum, meeting, language = _meeting(args)
    number = _point_number(args.point, language) if args.point is not None else None
    _refuse_approved(meeting, language)
    source = Path(args.file).expanduser()
    size = source.stat().st_size if source.is_file() else 0
    result = _committing(
        language,
        lambda: attach_file(repository, forum, meeting, source, repository.config.language, number, force=args.force),
    )
    if size > ATTACHMENT_WARN_MB * 1_000_000:
        megabytes = f"{size / 1_000_000:.1f}"
        print(f"minutes: {word(language, 'cli_attach_big', file=source.name, size=megabytes)}", file=sys.stderr)
    _say_committed(result, language)
    return EXIT_OK


def _date(given: str, language: str) -> dt.date:
    """The day --date names; UserError (exit 2) when it is no date."""
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise UserError(word(language, "cli_bad_date", value=safe_line(given))) from None


def _point_number(given: str, language: str) -> int:
    """A point's number as given; UserError (exit 2) when it is not a whole number."""
    text = given.strip()
    if not text.isascii() or not text.isdigit():
        raise UserError(word(language, "cli_bad_point", value=safe_line(given)))
    return int(text)


def _meeting(args: argparse.Namespace) -> tuple[Repository, Forum, Meeting, str]:
    """The repository, forum, meeting and language of a command's MEETING; UserError when it names no meeting."""
    from repo_layout.boundary import link_problem
    from repo_layout.model.file_names import meeting_date_from_name
    from repo_layout.model.loading import MeetingLoadError
    from tui.problem_words import problem_line

    linked = link_problem(Path(args.meeting))
    if linked is not None:
        raise UserError(f"{args.meeting}: {linked}")
    repository = _find(args.meeting)
    language = _language(args, repository)
    target = Path(args.meeting).resolve()
    forum = repository.forum_of(target) if target.is_file() else None
    if forum is None or meeting_date_from_name(target.name) is None:
        raise UserError(word(language, "cli_not_meeting", path=args.meeting))
    try:
        meeting = repository.load_meeting(target)
    except MeetingLoadError as error:
        problem = problem_line(error.problems[0], language) if error.problems else str(error)
        raise UserError(word(language, "cli_export_unreadable", path=args.meeting, problem=problem)) from None
    return repository, forum, meeting, language


def _refuse_approved(meeting: Meeting, language: str) -> None:
    """Approved minutes change only as a correction with its reason, which the app asks for: refused here (exit 1)."""
    if meeting.status == "approved":
        raise _Refused(word(language, "cli_approved_unchanged", meeting=meeting.name))


class _Refused(Exception):
    """A step the meeting or git refuses: one line on stderr, exit 1."""


def _committing(language: str, step: Callable[[], T], unchanged: str | None = None) -> T:
    """Run a committing step; its refusals (the cycle's, git's, no identity) as _Refused in `language`."""
    from repo_layout.cycle.errors import CycleError
    from repo_layout.editing.saving import ExternalChangeError, LinkedFileError, NothingToSaveError
    from repo_layout.git.errors import GitError
    from repo_layout.git.state import IdentityMissingError
    from tui.error_words import error_words

    try:
        return step()
    except CycleError as error:
        raise _Refused(_cycle_words(error, language)) from None
    except IdentityMissingError:
        raise _Refused(word(language, "cli_no_identity")) from None
    except GitError as error:
        raise _Refused(word(language, "cli_not_committed", reason=_one_line(error_words(error, language)))) from None
    except NothingToSaveError:
        raise _Unchanged(unchanged or "") from None
    except (ExternalChangeError, LinkedFileError) as error:
        raise _Refused(str(error)) from None


class _Unchanged(Exception):
    """The step changes nothing (it was taken already): said on stderr, exit 0."""


def _cycle_words(error: Exception, language: str) -> str:
    """A CycleError in `language` (its kind's words, "cycle_" + kind), with what to do about a large file."""
    kind = getattr(error, "kind", "")
    values = dict(getattr(error, "values", {}))
    if "status" in values:
        values["status"] = word(language, f"status_{values['status'] or None}")
    said = word(language, f"cycle_{kind}", **values) if f"cycle_{kind}" in CATALOGUE["en"] else str(error)
    if kind == "attachment_too_big":
        said += word(language, "cli_attach_force")
    return said


def _subject(meeting: Meeting, repository: Repository) -> str:
    """The approval commit's message as the library words it (for the line that names the commit)."""
    from repo_layout.words import words

    forum = repository.forum_of(meeting.path)
    cycle = words(repository.config.language)["cycle"]
    return cycle["commit_approved"].format(forum=forum.name if forum else "", meeting=meeting.name)


def _say_committed(result: SaveResult, language: str) -> None:
    """On stderr: the commit and its subject, or that the repository is not in git."""
    if result.commit is None:
        print(word(language, "cli_written_no_git"), file=sys.stderr)
    else:
        subject = result.message.splitlines()[0] if result.message else ""
        print(safe_line(word(language, "cli_committed", commit=result.commit[:7], message=subject)), file=sys.stderr)


def _shown_path(repository: Repository, path: Path) -> str:
    """A path as the person can use it: from the current folder when the repository is below it, else absolute."""
    if _inside_cwd(repository):
        return safe_line(str(path.relative_to(Path.cwd().resolve())))
    return safe_line(str(path))


def run_cycle_command(args: argparse.Namespace) -> int:
    """Run one of the cycle's commands; a refusal is one line on stderr (exit 1), a repeated step says so (exit 0)."""
    try:
        return cycle_handlers()[args.command](args)
    except _Refused as error:
        print(f"minutes: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except _Unchanged as error:
        print(f"minutes: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_OK
