"""The `minutes` command: parses arguments, then runs the app or a non-interactive command.

Textual is imported only when the app opens, so the batch commands start fast.

Everything written to stdout and stderr passes through `repo_layout.display.safe_text` (main() wraps both streams), so
text from files and git (a title, a commit subject, git's own words) can never drive the terminal: a control character
is printed as a visible escape. `--json` is the exception in form only: its strings decode to the exact data
(`display.json_text` writes control characters as JSON escapes). A meeting exported with `-o FILE` is written exactly;
exported or shown on stdout it is for reading and escaped like the rest (`git show REV:PATH` gives the exact bytes).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

from repo_layout.display import json_text, safe_line, safe_text
from tui.error_words import error_words, fixed_words, leftover_words, os_error_words
from tui.i18n import CHOICES, word

if TYPE_CHECKING:
    from repo_layout.git.errors import GitError
    from repo_layout.history.log_prefetch import LogPrefetch
    from repo_layout.model.discover import Forum, ForumNotFoundError, Repository
    from repo_layout.model.meeting import Meeting

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

COMMANDS = (
    "open", "demo", "validate", "fmt", "log", "show", "export", "import", "search", "sync", "clone", "repair",
    "new", "approve", "postpone", "attach", "publish",
)


class UserError(Exception):
    """A mistake the user can fix; printed as one line on stderr, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutes",
        description="Minutes of leadership forums, kept as YAML in a git repository.",
        epilog="Run `minutes COMMAND --help` for a command's options. Without a command, `minutes` opens the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_cmd = commands.add_parser("open", help="open the app on the repository containing PATH")
    open_cmd.add_argument("path", nargs="?", default=".", help="a folder or meeting file (default: the current folder)")
    open_cmd.add_argument("--lang", choices=CHOICES, help="language of the UI (default: the repository's)")

    demo = commands.add_parser("demo", help="make a git copy of the sample repository and open it")
    demo.add_argument("dir", nargs="?", type=Path, help="where to put it (default: a new folder in the data directory)")
    demo.add_argument("--no-open", action="store_true", help="only make the repository and print where it is")
    demo.add_argument("--lang", choices=CHOICES, help="language of the UI (default: the repository's)")

    validate = commands.add_parser("validate", help="check every file; print path:line:column: message")
    validate.add_argument("path", nargs="?", default=".", help="a folder inside the repository (default: .)")
    validate.add_argument("--lang", choices=CHOICES, help="language of the messages (default: the repository's)")

    fmt = commands.add_parser("fmt", help="rewrite files in the canonical form, keeping comments and unknown keys")
    fmt.add_argument("path", nargs="?", default=".", help="a folder inside the repository, or one file (default: .)")
    fmt.add_argument("--check", action="store_true", help="only report files that would change; exit 1 if any")
    log = commands.add_parser("log", help="the history of one meeting, newest first")
    log.add_argument("meeting", help="the meeting file")
    log.add_argument("--json", action="store_true", help="print a JSON list of commits")
    log.add_argument("--lang", choices=CHOICES, help="language of the summaries (default: the repository's)")

    show = commands.add_parser("show", help="print a meeting as it was at a revision")
    show.add_argument("meeting", help="the meeting file")
    show.add_argument("--at", required=True, metavar="REV", help="a commit, tag or branch (e.g. HEAD~2)")
    show.add_argument("--lang", choices=CHOICES, help="language of the messages (default: the repository's)")

    export = commands.add_parser(
        "export", help="a meeting as md/html/txt/pdf, its agenda (--agenda), or a forum or repository as a static HTML site"
    )
    export.add_argument("target", help="a meeting file, or a forum/group folder or the repository for a site")
    export.add_argument(
        "--format", choices=("md", "html", "txt", "pdf"), default="html", help="the format (default: html; pdf needs -o)"
    )
    export.add_argument(
        "-o", "--output", type=Path, help="the file (a meeting) or folder (a site); without it a meeting goes to stdout"
    )
    export.add_argument(
        "--agenda", action="store_true",
        help="the agenda alone (points and their preparation, no decisions) as html, md or pdf; "
        "written to a file it marks a planned meeting's agenda sent (a commit)",
    )
    export.add_argument("--keep-status", action="store_true", help="with --agenda: leave the meeting's status as it is")
    export.add_argument("--lang", choices=CHOICES, help="language of the labels (default: the repository's)")

    publish = commands.add_parser(
        "publish", help="the approved minutes of a forum or the repository as a static site, with a PDF per meeting"
    )
    publish.add_argument("target", help="a forum (its name or folder), a group folder, or the repository's folder")
    publish.add_argument("-o", "--output", type=Path, help="the folder to write the site into (required)")
    publish.add_argument("--lang", choices=CHOICES, help="language of the labels and messages (default: the repository's)")

    importer = commands.add_parser(
        "import",
        help="minutes (text, Markdown, PDF, Word) into meeting files of a forum",
        description=(
            "Import minutes as new meetings of a forum: .txt, .md, .pdf (its text layer) and .docx files, or folders "
            "of them (read recursively). A run of a folder or of more than five files shows its progress on stderr, "
            "goes on past a file it cannot read (saying why in one line), and ends with a table of what it read."
        ),
        epilog="exit codes: 0 every file imported, 1 some files failed (or the commit), 2 misuse or a named file refused",
    )
    importer.add_argument("files", nargs="+", type=Path, help="the minutes: files, or folders searched for minutes files")
    importer.add_argument(
        "--forum", required=True, help="the forum to write the meetings into: its folder, or its name (a group folder is refused)"
    )
    importer.add_argument("--dry-run", action="store_true", help="print the YAML (one document per meeting) instead of writing")
    importer.add_argument(
        "--no-commit", action="store_true", help="write the meeting files but do not commit them (no git identity needed)"
    )
    importer.add_argument("--commit-each", action="store_true", help="one commit per imported file (default: one per run)")
    importer.add_argument(
        "--report", type=Path, metavar="FILE.json", help="write what was read (the summary and each file's notes) as JSON"
    )
    importer.add_argument("--lang", choices=CHOICES, help="language of the messages (default: the repository's)")

    search = commands.add_parser("search", help="search every forum and meeting")
    search.add_argument("query", help='the words; also forum:NAME year:2019 case:14/6833 and "exact phrase"')
    search.add_argument("--forum", help="only this forum: its name, or its folder (e.g. aarhus-kommune/chefteammoede)")
    search.add_argument("--limit", type=int, default=20, help="how many hits (default 20)")
    search.add_argument("--json", action="store_true", help="print a JSON list of hits")
    search.add_argument("--path", default=".", help="a folder inside the repository (default: .)")
    search.add_argument("--lang", choices=CHOICES, help="language of the labels and messages (default: the repository's)")

    sync = commands.add_parser("sync", help="fetch, bring in others' commits, push")
    sync.add_argument("path", nargs="?", default=".", help="a folder inside the repository (default: .)")
    sync.add_argument(
        "--repair", action="store_true",
        help="first fix what an interrupted program left (stale locks, half-written files; a stopped sync is aborted)",
    )
    sync.add_argument("--lang", choices=CHOICES, help="language of the messages (default: the repository's)")

    repair = commands.add_parser(
        "repair", help="find and fix what a killed program left: stale git locks, temporary files, a stopped rebase"
    )
    repair.add_argument("path", nargs="?", default=".", help="a folder inside the repository (default: .)")
    repair.add_argument("--yes", action="store_true", help="fix the stale locks and temporary files found (else only list them)")
    finish = repair.add_mutually_exclusive_group()
    finish.add_argument("--abort", action="store_true", help="abort a stopped rebase or merge: back to before it began")
    finish.add_argument("--continue", dest="continue_", action="store_true", help="continue a stopped rebase or merge")
    repair.add_argument("--lang", choices=CHOICES, help="language of the messages (default: the repository's)")

    clone = commands.add_parser("clone", help="clone a minutes repository and open it")
    clone.add_argument("url", help="the shared repository (URL or path)")
    clone.add_argument("dir", nargs="?", type=Path, help="where to put it (default: its name)")
    clone.add_argument("--no-open", action="store_true", help="only clone")
    clone.add_argument("--lang", choices=CHOICES, help="language of the messages and the UI (default: the repository's)")

    from tui.cli_cycle import add_cycle_commands

    add_cycle_commands(commands)  # new, approve, postpone, attach: the meeting's cycle
    return parser


_asked_language: str | None = None
"""The language --lang asked for, if any: the words of a refusal made before a repository (and its language) is found."""


def _find(path: str) -> Repository:
    from repo_layout.model.discover import NotARepositoryError, Repository
    from repo_layout.words import DEFAULT

    try:
        return Repository.find(path)
    except NotARepositoryError as error:
        if error.reason == "unreadable":
            raise UserError(str(error)) from None
        raise UserError(word(_asked_language or DEFAULT, f"cli_not_repository_{error.reason}", path=error.path)) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from repo_layout.model.validate import check_repository
    from tui.problem_words import open_item_line, problem_line

    repository = _find(args.path)
    language = _language(args, repository)
    validation = check_repository(repository)
    problems = validation.problems
    for problem in problems:
        shown = problem.relative_to(Path.cwd().resolve()) if _inside_cwd(repository) else problem
        print(safe_line(problem_line(shown, language)))
    if validation.open_items:  # work still to do, not problems: the exit code does not count them
        print(word(language, "cli_open_items"))
        for item in validation.open_items:
            shown_item = item.relative_to(Path.cwd().resolve()) if _inside_cwd(repository) else item
            print(safe_line(open_item_line(shown_item, language)))
    errors = sum(problem.is_error for problem in problems)
    print(_validated(repository, language, errors, len(problems) - errors), file=sys.stderr if problems else sys.stdout)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _validated(repository: Repository, language: str, errors: int, warnings: int) -> str:
    """What validate checked and found, one line: "5 referater i 3 fora kontrolleret: ingen problemer"."""
    forums = repository.forums()
    meetings = sum(len(forum.meetings()) for forum in forums)
    if errors or warnings:
        found = ", ".join(
            _counted(language, key, count) for key, count in (("cli_errors", errors), ("cli_warnings", warnings)) if count
        )
    else:
        found = word(language, "cli_no_problems")
    return word(
        language, "cli_validated",
        meetings=_counted(language, "cli_meetings", meetings), forums=_counted(language, "cli_forums", len(forums)),
        found=found,
    )


def _counted(language: str, key: str, count: int) -> str:
    """A count with its noun: "1 referat", "5 referater" (the key + "_one" for one)."""
    return word(language, f"{key}_one" if count == 1 else key, count=count)


def _inside_cwd(repository: Repository) -> bool:
    try:
        repository.root.relative_to(Path.cwd().resolve())
    except ValueError:
        return False
    return True


def cmd_fmt(args: argparse.Namespace) -> int:
    from repo_layout.model.formatting import format_files, repository_files
    from tui.problem_words import problem_line

    repository = _find(args.path)
    language = _language(args, repository)
    target = Path(args.path).resolve()
    files = [target] if target.is_file() else [f for f in repository_files(repository) if f.is_relative_to(target)]
    result = format_files(files, write=not args.check)
    for path in result.changed:
        print(word(language, "cli_fmt_would" if args.check else "cli_fmt_done", path=safe_line(repository.relative(path))))
    for problem in result.problems:
        print(safe_line(problem_line(problem, language)), file=sys.stderr)
    if result.problems:
        print(word(language, "cli_fmt_unreadable", files=_counted(language, "cli_files", len(result.problems))), file=sys.stderr)
    if not result.changed and not result.problems:
        print(word(language, "cli_fmt_canonical", files=_counted(language, "cli_files", len(files))))
    return EXIT_PROBLEMS if result.problems or (args.check and result.changed) else EXIT_OK


def _meeting_history(path: str, language: str | None = None) -> tuple[Repository, object]:
    from repo_layout.history.meeting_history import HistoryError, MeetingHistory
    from repo_layout.model.file_names import meeting_date_from_name

    target = Path(path).resolve()
    # a deleted meeting still has a history: look for the repository from the nearest folder that exists
    repository = _find(path if target.exists() else str(next(folder for folder in target.parents if folder.is_dir())))
    if target.is_dir() or meeting_date_from_name(target.name) is None:
        raise UserError(word(language or repository.config.language, "cli_not_meeting", path=path))
    try:
        return repository, MeetingHistory(target)
    except HistoryError as error:
        raise UserError(error_words(error, language or repository.config.language)) from None


def cmd_log(args: argparse.Namespace) -> int:
    from repo_layout.history import log_prefetch

    # main() started the log before anything else loaded (or found none to start); a call from elsewhere starts it here
    prefetch = args.log_prefetch if hasattr(args, "log_prefetch") else log_prefetch.start(Path(args.meeting))
    try:
        return _print_log(args, prefetch)
    finally:
        if prefetch is not None:
            prefetch.cancel()


def _print_log(args: argparse.Namespace, prefetch: LogPrefetch | None) -> int:
    from repo_layout.history.meeting_history import HistoryError
    from repo_layout.history.summaries import summaries

    repository, history = _meeting_history(args.meeting, args.lang)
    language = args.lang or repository.config.language
    try:
        pending = history.uncommitted_entry()
        entries = ([pending] if pending else []) + history.all_entries(prefetch)
        if not entries:
            raise UserError(word(language, "cli_log_never", path=args.meeting))
        rows = [
            {
                "commit": entry.commit,
                "date": entry.date.isoformat(),
                "author": entry.author,
                "email": entry.email,
                "message": entry.message or word(language, "not_committed"),
                "summary": summary,
                "path": entry.path,
            }
            for entry, summary in zip(entries, summaries(history, entries, language), strict=True)
        ]
    except HistoryError as error:
        raise UserError(error_words(error, language)) from None
    if args.json:
        print(json_text(rows))
    else:
        for row in rows:
            commit = (row["commit"] or "-------")[:7]
            date = row["date"][:16].replace("T", " ")
            print(f"{commit}  {date}  {safe_line(row['author'] or '-')}  {safe_line(row['message'])}")
            print(f"         {row['summary']}")
    if history.is_shallow():
        print(word(language, "cli_log_shallow"), file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from repo_layout.history.meeting_history import HistoryError

    repository, history = _meeting_history(args.meeting, args.lang)
    try:
        text = history.text_at_revision(args.at)
    except HistoryError as error:
        raise UserError(error_words(error, _language(args, repository))) from None
    sys.stdout.write(text)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from repo_layout.boundary import link_problem
    from repo_layout.model.file_names import meeting_date_from_name
    from repo_layout.model.loading import MeetingLoadError
    from tui.problem_words import problem_line

    linked = link_problem(Path(args.target))
    if linked is not None:
        raise UserError(f"{args.target}: {linked}")
    repository = _find(args.target)
    language = args.lang or repository.config.language
    target = Path(args.target).resolve()
    if target.is_file():
        if meeting_date_from_name(target.name) is None:
            raise UserError(word(language, "cli_not_meeting", path=args.target))
        if args.agenda and args.format == "txt":
            raise UserError(word(language, "cli_export_agenda_formats"))
        if args.format == "pdf" and args.output is None:
            raise UserError(word(language, "cli_export_pdf_needs_file"))
        if args.output is not None:
            _check_output_file(args.output, language)
        try:
            meeting = repository.load_meeting(target)
        except MeetingLoadError as error:
            problem = problem_line(error.problems[0], language) if error.problems else str(error)
            raise UserError(word(language, "cli_export_unreadable", path=args.target, problem=problem)) from None
        forum = repository.forum_of(target)
        if args.agenda:
            return _export_agenda(args, repository, forum, meeting, language)
        return _export_meeting(args, repository, forum, meeting, language)
    from repo_layout.export.formats import export_site

    if args.agenda or args.format != "html" or args.output is None:
        raise UserError(word(language, "cli_export_site_only"))
    if args.output.exists() and not args.output.is_dir():
        raise UserError(word(language, "cli_export_not_folder", path=args.output))
    try:
        written = export_site(repository, args.output, scope=target, language=language)
    except ValueError as error:
        raise UserError(str(error)) from None
    for relative, why in getattr(written, "skipped", []):
        what = why if why.startswith(relative) else f"{relative}: {why}"
        print(safe_line(word(language, "cli_export_skipped", what=what)), file=sys.stderr)
    files = _counted(language, "cli_files", len(written))
    print(word(language, "cli_export_wrote_site", files=files, path=args.output), file=sys.stderr)
    return EXIT_OK


def _check_output_file(output: Path, language: str) -> None:
    """Refuse an output file whose folder is missing, or that is a folder, before anything is made."""
    if not Path(output).expanduser().absolute().parent.is_dir():
        raise UserError(word(language, "cli_export_no_folder", path=output, folder=Path(output).parent))
    if Path(output).is_dir():
        raise UserError(word(language, "cli_export_is_folder", path=output))


def _export_meeting(
    args: argparse.Namespace, repository: Repository, forum: Forum | None, meeting: Meeting, language: str
) -> int:
    """`minutes export MEETING`: the minutes with their approval and attachments, to stdout or a file (-o)."""
    from repo_layout.export.context import meeting_context
    from repo_layout.export.formats import export_meeting, write_meeting
    from repo_layout.export.pdf import PdfUnavailableError, html_to_pdf
    from repo_layout.export.site import ExportTargetError, write_files

    if args.output is None:
        context = meeting_context(repository, forum, meeting, language)
        sys.stdout.write(export_meeting(meeting, forum.info if forum else None, args.format, language, context))
        return EXIT_OK
    output = Path(args.output).expanduser()
    try:
        if args.format == "pdf":
            context = meeting_context(repository, forum, meeting, language)
            html = export_meeting(meeting, forum.info if forum else None, "html", language, context)
            write_files(output.parent, {PurePosixPath(output.name): html_to_pdf(html)})
        else:
            write_meeting(repository, forum, meeting, args.format, output, language)
    except PdfUnavailableError as error:
        raise UserError(word(language, "cli_export_no_pdf", reason=error)) from None
    except (OSError, ExportTargetError) as error:  # a link named OUTPUT is replaced, its target untouched
        reason = getattr(error, "strerror", None) or error
        raise UserError(word(language, "cli_export_not_written", path=args.output, reason=reason)) from None
    print(word(language, "cli_export_wrote", path=args.output), file=sys.stderr)
    return EXIT_OK


def _export_agenda(
    args: argparse.Namespace, repository: Repository, forum: Forum | None, meeting: Meeting, language: str
) -> int:
    """`minutes export MEETING --agenda`: the agenda to stdout, or to a file, which marks a planned meeting's agenda sent."""
    from repo_layout.export.agenda import export_agenda, render_agenda
    from repo_layout.export.pdf import PdfUnavailableError
    from repo_layout.export.site import ExportTargetError
    from repo_layout.git.errors import GitError

    if forum is None:
        raise UserError(word(language, "cli_export_agenda_no_forum", path=args.target))
    if args.output is None:
        sys.stdout.write(str(render_agenda(meeting, forum.info, args.format, language)))
        return EXIT_OK
    output = Path(args.output).expanduser()
    try:
        done = export_agenda(repository, forum, meeting, args.format, output, language, keep_status=args.keep_status)
    except PdfUnavailableError as error:
        raise UserError(word(language, "cli_export_no_pdf", reason=error)) from None
    except (OSError, ExportTargetError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UserError(word(language, "cli_export_not_written", path=args.output, reason=reason)) from None
    except GitError as error:  # the file is written; the status commit was refused
        reason = _one_line(error_words(error, language))
        print(f"minutes: {word(language, 'cli_export_status_unchanged', path=args.output, reason=reason)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(word(language, "cli_export_wrote", path=args.output), file=sys.stderr)
    if done.status is not None:
        commit = (done.status.commit or "-")[:7]
        print(word(language, "cli_export_agenda_sent", meeting=meeting.name, commit=commit), file=sys.stderr)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from repo_layout.export.pdf import PdfUnavailableError
    from repo_layout.export.publish import publish
    from repo_layout.model.discover import ForumNotFoundError

    given = Path(args.target)
    if os.path.lexists(os.path.abspath(given)):  # a folder: the repository, a group or a forum
        from repo_layout.boundary import link_problem

        linked = link_problem(given)
        if linked is not None:
            raise UserError(f"{args.target}: {linked}")
        repository = _find(str(given))
    else:  # a forum's name
        repository = _find(".")
    language = _language(args, repository)
    if args.output is None:
        raise UserError(word(language, "cli_publish_needs_output"))
    if args.output.exists() and not args.output.is_dir():
        raise UserError(word(language, "cli_export_not_folder", path=args.output))
    scope: Path | Forum | None = None
    if not os.path.lexists(os.path.abspath(given)) or given.resolve() != repository.root:
        try:
            scope = repository.find_forum(args.target)
        except ForumNotFoundError as error:
            if error.reason != "group":
                raise UserError(_forum_refusal(error, repository, language, str(args.target))) from None
            scope = given.resolve()
    try:
        written = publish(repository, scope, args.output, language)
    except PdfUnavailableError as error:
        raise UserError(word(language, "cli_export_no_pdf", reason=error)) from None
    except ValueError as error:  # ExportTargetError too: a folder of the site is a link
        raise UserError(str(error)) from None
    for relative, why in written.skipped:
        what = why if why.startswith(relative) else f"{relative}: {why}"
        print(safe_line(word(language, "cli_export_skipped", what=what)), file=sys.stderr)
    if written.left_out:
        what = _counted(language, "cli_meetings", len(written.left_out))
        print(word(language, "cli_publish_left_out", what=what), file=sys.stderr)
    files = _counted(language, "cli_files", len(written))
    print(word(language, "cli_publish_wrote", count=len(written.meetings), files=files, path=args.output), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from repo_layout.git.errors import GitError
    from repo_layout.importing.importer import check_can_commit_into, checked_forum_folder, import_files, minutes_files
    from repo_layout.importing.report import ImportFailure
    from repo_layout.model.discover import ForumNotFoundError

    given = Path(args.forum)
    if not Path(os.path.abspath(given)).exists():  # a forum's name, or its folder from the repository's root (.. read as written)
        repository = _find(".")
        given = _forum(repository, args.forum, _language(args, repository)).path
    try:
        forum_dir = checked_forum_folder(given)  # before anything resolves a link: .git or a link out is refused
    except ImportFailure as error:
        raise UserError(error.words(args.lang or _language_near(given))) from None
    repository = _find(str(forum_dir))
    language = _language(args, repository)
    _forum(repository, forum_dir, language, shown=str(args.forum))
    found = minutes_files([Path(file) for file in args.files])
    if not found:
        raise UserError(word(language, "cli_import_nothing_found", paths=", ".join(str(file) for file in args.files)))
    archive = len(found) > 5 or not all(named for _, named in found)  # a folder or many files: go on past a bad one
    committing = not args.dry_run and not args.no_commit
    if committing:
        try:
            check_can_commit_into(forum_dir)  # before anything is written: a refused import leaves no file behind
        except GitError as error:
            print(f"minutes: {_commit_refusal(error, language)}", file=sys.stderr)
            return EXIT_PROBLEMS
    failures: list[tuple[Path, ImportFailure]] = []
    try:
        results = import_files(
            [path for path, _ in found],
            forum_dir,
            dry_run=args.dry_run,
            failures=failures if archive else None,
            progress=_ImportProgress(sys.stderr) if archive else None,
        )
    except ImportFailure as error:
        raise UserError(error.words(language)) from None
    except ForumNotFoundError as error:
        raise UserError(_forum_refusal(error, repository, language, str(args.forum))) from None
    for _path, failure in failures:
        print(f"minutes: {word(language, 'cli_import_skipped', reason=safe_line(failure.words(language)))}", file=sys.stderr)
    for index, (meeting, report) in enumerate(results):
        if args.dry_run:
            if index:
                sys.stdout.write("---\n")
            sys.stdout.write(meeting.dump())
        if not archive:
            print(report.format(language), file=sys.stderr)
    committed: list[str] = []
    exit_code = EXIT_PROBLEMS if failures else EXIT_OK
    if committing and results:
        groups = [[meeting.path] for meeting, _ in results] if args.commit_each else [[meeting.path for meeting, _ in results]]
        for paths in groups:
            commit = _commit_imported(paths, language, quiet=archive and args.commit_each)
            if commit is None:
                exit_code = EXIT_PROBLEMS
                break
            committed.append(commit)
    rows = _import_rows(results, failures, language)
    if archive:
        _print_import_table(rows, failures, len(found), language)
    if args.report is not None:
        report = {"forum": str(forum_dir), "dry_run": bool(args.dry_run), "commits": [c for c in committed if c], "files": rows}
        args.report.write_text(json_text(report) + "\n", encoding="utf-8")
        print(word(language, "cli_import_report_written", path=args.report), file=sys.stderr)
    elif archive:
        print(word(language, "cli_import_report_hint"), file=sys.stderr)
    return exit_code


class _ImportProgress:
    """An import's progress on stderr: a bar redrawn in place on a terminal, else one plain "N/M file" line per file."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()

    def __call__(self, done: int, total: int, path: Path) -> None:
        """Show that `done` of `total` files are read and `path` is next (or the last, when all are done)."""
        if not self.terminal:
            if done < total:
                print(f"{done + 1}/{total} {safe_line(str(path))}", file=self.stream, flush=True)
            return
        width = 30
        filled = width * done // max(total, 1)
        name = safe_line(path.name)[:40]
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name}"
        self.stream.write(line.ljust(80) if done < total else f"{line}\n")
        self.stream.flush()


def _import_rows(results: list, failures: list, language: str) -> list[dict[str, object]]:
    """One row per file read: its meeting's date, points, decisions, information lines and notes; or why it failed."""
    rows: list[dict[str, object]] = []
    for meeting, report in results:
        information = meeting.information or ""
        rows.append(
            {
                "file": str(report.source),
                "status": "imported",
                "meeting": str(meeting.path) if meeting.path else None,
                "date": meeting.date.isoformat() if meeting.date else None,
                "points": len(meeting.points),
                "decisions": sum(1 for point in meeting.points if point.decision),
                "information_lines": sum(1 for line in information.splitlines() if line.strip()),
                "notes": {
                    "guessed": [note.words(language) for note in report.guesses],
                    "unplaced": [note.words(language) for note in report.unplaced],
                    "warnings": [note.words(language) for note in report.warnings],
                },
            }
        )
    rows += [{"file": str(path), "status": "failed", "reason": failure.words(language)} for path, failure in failures]
    return rows


def _print_import_table(rows: list[dict[str, object]], failures: list, total: int, language: str) -> None:
    """The summary table of an archive's import on stderr, and its totals."""
    head = word(language, "cli_import_columns").split("|")
    table = [head]
    for row in rows:
        if row["status"] != "imported":
            continue
        meeting = Path(str(row["meeting"])).name if row["meeting"] else "-"
        cells = [row["file"], row["date"] or "-", row["points"], row["decisions"], row["information_lines"], meeting]
        table.append([safe_line(str(cell)) for cell in cells])
    widths = [max(len(line[column]) for line in table) for column in range(len(head))]
    for line in table:
        pairs = enumerate(zip(line, widths, strict=True))
        cells = [cell.ljust(width) if column in (0, 1, 5) else cell.rjust(width) for column, (cell, width) in pairs]
        print("  ".join(cells).rstrip(), file=sys.stderr)
    imported = [row for row in rows if row["status"] == "imported"]
    print(
        word(
            language,
            "cli_import_totals",
            imported=len(imported),
            total=total,
            failed=len(failures),
            points=sum(int(str(row["points"])) for row in imported),
            decisions=sum(int(str(row["decisions"])) for row in imported),
        ),
        file=sys.stderr,
    )


def _language(args: argparse.Namespace, repository: Repository) -> str:
    """The language of the command's words: --lang when given, else the repository's."""
    return getattr(args, "lang", None) or repository.config.language


def _language_near(path: Path) -> str:
    """The language of the repository holding `path` (as written, links not followed), else the default."""
    from repo_layout.boundary import repository_root_of
    from repo_layout.model.discover import Repository
    from repo_layout.words import DEFAULT

    root = repository_root_of(Path(os.path.abspath(path)) / "-")
    return Repository(root).config.language if root is not None else DEFAULT


def _forum(repository: Repository, name_or_path: str | Path, language: str, shown: str | None = None) -> Forum:
    """The forum an option names (its name, or its folder from here or the root); else UserError naming what it could mean."""
    from repo_layout.model.discover import ForumNotFoundError

    try:
        return repository.find_forum(name_or_path)
    except ForumNotFoundError as error:
        raise UserError(_forum_refusal(error, repository, language, shown)) from None


def _forum_refusal(error: ForumNotFoundError, repository: Repository, language: str, shown: str | None) -> str:
    """Why a forum option was refused, and the forums it could mean (else every forum, when there are few)."""
    message = word(language, f"cli_forum_{error.reason}", given=shown or error.given)
    candidates = error.candidates or (repository.forums() if len(repository.forums()) <= 8 else [])
    if candidates:
        key = "cli_forum_could_be" if error.candidates else "cli_forum_all"
        message += word(language, key, forums=", ".join(f"{forum.relative} ({forum.name})" for forum in candidates))
    return safe_line(message)


def _commit_refusal(error: GitError, language: str) -> str:
    """Why the import cannot be committed, said before anything is written, and what to do."""
    from repo_layout.git.state import IdentityMissingError

    if isinstance(error, IdentityMissingError):
        return word(language, "cli_import_no_identity")
    return word(language, "cli_import_cannot_commit", reason=_one_line(str(error)))


def _commit_imported(paths: list[Path], language: str, quiet: bool = False) -> str | None:
    """Commit the imported files; say on stderr what was done or why it could not be; the commit ("" without git), or None.

    `quiet` leaves out the line naming a commit (one commit per file of an archive would be hundreds of lines).
    """
    from repo_layout.git.commit import GitError
    from repo_layout.importing.importer import commit_imported

    try:
        commit = commit_imported(paths)
    except GitError as error:
        print(word(language, "cli_import_not_committed", reason=error), file=sys.stderr)
        return None
    if commit is not None and not quiet:
        print(word(language, "cli_import_committed", commit=commit[:7]), file=sys.stderr)
    return commit or ""


def cmd_search(args: argparse.Namespace) -> int:
    from repo_layout.search.index import SearchIndex
    from tui.search_words import approximate_mark, hit_field

    repository = _find(args.path)
    language = _language(args, repository)
    forum = _forum(repository, args.forum, language).relative if args.forum else None
    index = SearchIndex.build(repository)
    hits = index.search(args.query, limit=max(1, args.limit), forum=forum)
    if args.json:
        print(json_text([hit.as_json() for hit in hits]))
        return EXIT_OK
    for hit in hits:
        where = f"{safe_line(hit.forum)} {hit.date.isoformat()}"
        if hit.point is not None:
            where += f" {word(language, 'point').lower()} {hit.point}"
        mark = f"  {approximate_mark(language)}" if hit.approximate else ""
        print(f"{hit.score:5.1f}  {where}  [{hit_field(hit, language)}]  {safe_line(hit.path)}{mark}")
        print(f"       {safe_line(hit.excerpt.replace(chr(10), ' '))}")
    if not hits:
        print(word(language, "cli_no_hits"), file=sys.stderr)
    return EXIT_OK


def _one_line(message: str) -> str:
    """A message of several lines (git's own words after ours) as the one line the command line promises."""
    return "; ".join(line.strip() for line in message.splitlines() if line.strip())


def cmd_repair(args: argparse.Namespace) -> int:
    from repo_layout.git.repair import (
        STALE_KINDS,
        RepairError,
        abort_operation,
        continue_operation,
        find_leftovers,
        fix_all_stale,
    )

    repository = _find(args.path)
    language = _language(args, repository)
    leftovers = find_leftovers(repository.root)
    for leftover in leftovers:
        print(safe_line(leftover_words(leftover, repository.root, language)))
    try:
        if args.yes:
            for fixed in fix_all_stale(repository.root):
                print(safe_line(fixed_words(fixed, repository.root, language)))
        if args.abort:
            abort_operation(repository.root)
            print(word(language, "cli_repair_aborted"))
        elif args.continue_:
            continue_operation(repository.root)
            print(word(language, "cli_repair_continued"))
    except RepairError as error:
        print(f"minutes: {safe_line(_one_line(error_words(error, language)))}", file=sys.stderr)
        return EXIT_PROBLEMS
    remaining = find_leftovers(repository.root)
    if not leftovers:
        print(word(language, "cli_repair_nothing"))
    elif remaining:
        kinds = {leftover.kind for leftover in remaining}
        hints = []
        if kinds & set(STALE_KINDS):
            hints.append(word(language, "cli_repair_hint_yes"))
        if "busy_lock" in kinds:
            hints.append(word(language, "cli_repair_hint_busy"))
        if kinds & {"rebase", "merge"}:
            hints.append(word(language, "cli_repair_hint_operation"))
        print(f"minutes repair: {'; '.join(hints)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from repo_layout.git.repair import RepairError, abort_operation, find_leftovers, fix_all_stale
    from repo_layout.sync.session import SyncError, SyncSession
    from tui.sync_words import sync_error_words

    repository = _find(args.path)
    language = _language(args, repository)
    leftovers = find_leftovers(repository.root, deep=False)  # what blocks a sync; `minutes repair` looks everywhere
    if leftovers and args.repair:
        try:
            fix_all_stale(repository.root)
            if any(leftover.kind in ("rebase", "merge") for leftover in leftovers):
                abort_operation(repository.root)
        except RepairError as error:
            raise UserError(_one_line(error_words(error, language))) from None
        print(word(language, "cli_sync_repaired", count=len(leftovers)), file=sys.stderr)
    elif leftovers:
        for leftover in leftovers:
            print(safe_line(f"minutes: {leftover_words(leftover, repository.root, language)}"), file=sys.stderr)
        raise UserError(word(language, "cli_sync_unfinished"))
    session = SyncSession(repository.root, language, progress=lambda phrase: print(phrase, file=sys.stderr))
    try:
        result = session.run()
    except SyncError as error:
        raise UserError(_one_line(sync_error_words(error, language))) from None
    if isinstance(result, list):
        for conflict in result:
            for field in conflict.fields:
                who = f"{conflict.ours_author} / {conflict.theirs_author}"
                said = word(language, "cli_sync_conflict", path=conflict.path, field=field.label, who=who)
                print(safe_line(said), file=sys.stderr)
        session.abort()
        print(word(language, "cli_sync_conflicts"), file=sys.stderr)
        return EXIT_PROBLEMS
    print(word(language, "cli_sync_done", fetched=result.fetched, pushed=result.pushed))
    for line in result.merged:
        print(word(language, "cli_sync_merged", line=safe_line(line)))
    return EXIT_OK


def cmd_clone(args: argparse.Namespace) -> int:
    from repo_layout.sync.session import SyncError, clone
    from tui.sync_words import sync_error_words

    language = args.lang or _language_near(Path.cwd())
    target = args.dir or Path(args.url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") or "minutes")
    if target.exists() and any(target.iterdir()):
        raise UserError(word(language, "cli_not_empty", path=safe_line(str(target))))
    try:
        path = clone(args.url, target)
    except SyncError as error:
        raise UserError(_one_line(sync_error_words(error, language))) from None
    if args.no_open:
        print(path)
        return EXIT_OK
    return _run_app(str(path), args.lang)


def cmd_demo(args: argparse.Namespace) -> int:
    from repo_layout.demo import DemoError, make_demo

    language = args.lang or _language_near(Path.cwd())
    if args.dir is not None and args.dir.exists() and (not args.dir.is_dir() or any(args.dir.iterdir())):
        raise UserError(word(language, "cli_not_empty", path=safe_line(str(args.dir))))
    try:
        path = make_demo(args.dir)
    except DemoError as error:
        raise UserError(_one_line(word(language, "cli_demo_failed", said=str(error)))) from None
    if args.no_open:
        print(path)
        return EXIT_OK
    return _run_app(str(path), args.lang)


def cmd_open(args: argparse.Namespace) -> int:
    given = Path(args.path)
    if given.is_symlink():  # a link is named, never followed out of the repository
        from repo_layout.boundary import outside_repository

        repository = _find(str(given.absolute().parent))
        if outside_repository(repository.root, given.absolute()):
            raise UserError(f"{args.path} is a symbolic link that points outside the repository; it is not opened")
        return _run_app(str(given.absolute().parent), args.lang)
    _find(args.path)
    return _run_app(args.path, args.lang)


def _run_app(path: str, language: str | None) -> int:
    from tui.app import run_app

    with _plain_streams():  # the app draws with escape sequences of its own (on the real stderr); it makes text safe itself
        return run_app(path, language)


class _TerminalSafe:
    """A text stream that writes everything through `safe_text`: newlines and tabs kept, control characters visible."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(safe_text(text))
        return len(text)

    def writelines(self, lines: Iterator[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)  # flush, fileno, isatty, encoding, ...


@contextlib.contextmanager
def _terminal_safe_streams() -> Iterator[None]:
    """stdout and stderr wrapped in `_TerminalSafe` for the duration (a test calling main() gets its own streams back)."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(stdout), _TerminalSafe(stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


@contextlib.contextmanager
def _plain_streams() -> Iterator[None]:
    """The streams as they were before `_terminal_safe_streams` (for the app, which manages the terminal itself)."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = stdout.stream if isinstance(stdout, _TerminalSafe) else stdout
    sys.stderr = stderr.stream if isinstance(stderr, _TerminalSafe) else stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _start_log(arguments: list[str]) -> LogPrefetch | None:
    """For `minutes log MEETING`: git's walk of the history, started before argparse and the library load."""
    from repo_layout.history import log_prefetch

    meeting = log_prefetch.log_argument(arguments)
    return log_prefetch.start(Path(meeting)) if meeting else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `minutes` console script; all it prints is made safe for a terminal (see the module)."""
    with _terminal_safe_streams():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help")):
        arguments.insert(0, "open")
    prefetch = _start_log(arguments)
    try:
        args = _parser().parse_args(arguments)
    except SystemExit:
        if prefetch is not None:
            prefetch.cancel()
        raise
    args.log_prefetch = prefetch
    global _asked_language
    _asked_language = getattr(args, "lang", None)
    handlers = {
        "open": cmd_open,
        "demo": cmd_demo,
        "validate": cmd_validate,
        "fmt": cmd_fmt,
        "log": cmd_log,
        "show": cmd_show,
        "export": cmd_export,
        "import": cmd_import,
        "search": cmd_search,
        "sync": cmd_sync,
        "clone": cmd_clone,
        "repair": cmd_repair,
        "publish": cmd_publish,
    }
    if args.command in ("new", "approve", "postpone", "attach"):
        from tui.cli_cycle import run_cycle_command

        handlers[args.command] = run_cycle_command
    try:
        return handlers[args.command](args)
    except UserError as error:
        print(f"minutes: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `minutes log ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the exit's flush does not fail again
        return EXIT_OK
    except OSError as error:
        print(f"minutes: {_one_line(os_error_words(error, _asked_language or _language_near(Path.cwd())))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
