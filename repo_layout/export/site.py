"""A static HTML site of a repository (or one group or forum): an index, a page per meeting, a decision list.

Every link is relative, so the folder works from a file:// URL or any web
server. A meeting file that cannot be loaded (or rendered) is listed as
broken, with the reason, and gets no page; `SiteFiles.skipped` names it.

Nothing is written through a symbolic link inside the target folder: each
page is written to a new file beside it and renamed over the name, so a link
planted where a page goes is replaced by the page and its target is never
touched; a folder of the site that is a link is refused before anything is
written (writing into it would write outside the target). Every folder is
opened relative to its parent with O_NOFOLLOW, so a link made while the
export runs is refused as well.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
from dataclasses import dataclass
from html import escape
from itertools import groupby
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from repo_layout.export.common import labels, meeting_title, number_label, point_anchors, short_date
from repo_layout.export.context import ExportContext, approval_words, attachment_copies
from repo_layout.export.html import page, render_html, text_html
from repo_layout.model.discover import Forum, Group, MeetingRef, Repository
from repo_layout.model.loading import MeetingLoadError
from repo_layout.model.meeting import Meeting

INDEX = "index.html"
DECISIONS = "decisions.html"


class ExportTargetError(ValueError):
    """The site cannot be written where asked (a folder in it is a symbolic link, or the disk refused)."""


class SiteFiles(list[Path]):
    """The files a site export wrote, the meetings it could not read (relative path, why), and for a publication the
    meetings published and those left out because they are not approved (relative paths)."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: list[tuple[str, str]] = []
        self.meetings: list[str] = []
        self.left_out: list[str] = []


@dataclass
class Entry:
    """One meeting file of the site: its page's path (relative to the site) and the meeting or why it failed."""

    forum: Forum
    ref: MeetingRef
    page: PurePosixPath
    meeting: Meeting | None = None
    problem: str | None = None
    context: ExportContext | None = None


def resolve_scope(repository: Repository, scope: Path | None) -> Group | Forum:
    """The group or forum a scope folder names (the whole tree for None); ValueError for any other folder."""
    if scope is None:
        return repository.tree
    wanted = Path(scope).resolve()
    if wanted == repository.root:
        return repository.tree
    for forum in repository.forums():
        if forum.path == wanted:
            return forum
    pending = [repository.tree]
    while pending:
        group = pending.pop()
        if group.path == wanted:
            return group
        pending.extend(group.groups)
    raise ValueError(f"{scope}: not a forum or group folder of the repository at {repository.root}")


def href(from_page: PurePosixPath, to: PurePosixPath, fragment: str = "") -> str:
    """A relative, URL-quoted link from one page of the site to another."""
    relative = os.path.relpath(to.as_posix(), from_page.parent.as_posix() or ".")
    link = quote(PurePosixPath(relative).as_posix())
    return f"{link}#{quote(fragment)}" if fragment else link


def forum_anchor(forum: Forum) -> str:
    """The id of a forum's section on the index page."""
    return "forum-" + forum.relative.replace("/", "-")


def _problem_note(repository: Repository, error: MeetingLoadError) -> str:
    problems = error.problems or [error]
    first = problems[0]
    if hasattr(first, "relative_to"):
        first = first.relative_to(repository.root)
    return str(first)


def collect(repository: Repository, scope: Group | Forum) -> list[Entry]:
    """Every meeting under the scope, loaded, newest first within each forum."""
    base = scope.path
    forums = [scope] if isinstance(scope, Forum) else scope.all_forums()
    entries = []
    for forum in forums:
        folder = PurePosixPath(forum.path.relative_to(base).as_posix())
        for ref in forum.meetings():
            entry = Entry(forum, ref, folder / f"{ref.path.stem}.html")
            try:
                entry.meeting = repository.load_meeting(ref.path)
            except MeetingLoadError as error:
                entry.problem = _problem_note(repository, error)
            entries.append(entry)
    return entries


def site_nav(from_page: PurePosixPath, language: str, forum: Forum | None = None) -> str:
    """The links back to the index (at the forum's section) and to the decision list."""
    words = labels(language)
    back = href(from_page, PurePosixPath(INDEX), forum_anchor(forum) if forum else "")
    decisions = href(from_page, PurePosixPath(DECISIONS))
    return (
        f'<nav class="site"><a href="{escape(back)}">← {escape(words["back"])}</a>'
        f'<a href="{escape(decisions)}">{escape(words["all_decisions"])}</a></nav>\n'
    )


def _meeting_item(entry: Entry, language: str) -> str:
    date = escape(short_date(entry.ref.date) + (f" ({entry.ref.sequence})" if entry.ref.sequence > 1 else ""))
    if entry.meeting is None:
        words = labels(language)
        note = f'<span class="note">{escape(words["broken"])}: {escape(entry.problem or "")}</span>'
        return f'<li class="broken">{date} — {escape(entry.ref.name)} — {note}</li>'
    title = escape(meeting_title(entry.meeting, entry.forum.info, language))
    return f'<li><a href="{escape(href(PurePosixPath(INDEX), entry.page))}">{date}</a> — {title}</li>'


def forum_html(forum: Forum, entries: list[Entry], language: str, level: int, group_name: str = "") -> str:
    """A forum's section of the index: its name, organisation and meetings by year, newest first."""
    heading = f"h{min(level, 6)}"
    year_heading = f"h{min(level + 1, 6)}"
    parts = [f'<section class="forum-list" id="{escape(forum_anchor(forum))}">', f"<{heading}>{escape(forum.name)}</{heading}>"]
    if forum.info.organisation and forum.info.organisation != group_name:
        parts.append(f'<p class="note">{escape(forum.info.organisation)}</p>')
    mine = [entry for entry in entries if entry.forum.path == forum.path]
    if not mine:
        parts.append(f'<p class="note">{escape(labels(language)["no_meetings"])}</p>')
    for year, group in groupby(mine, key=lambda entry: entry.ref.date.year):
        items = "\n".join(_meeting_item(entry, language) for entry in group)
        parts.append(f'<{year_heading}>{year}</{year_heading}>\n<ul class="meetings">\n{items}\n</ul>')
    parts.append("</section>")
    return "\n".join(parts)


def group_html(group: Group, entries: list[Entry], language: str, level: int, top: bool) -> str:
    """A group's section of the index: its forums, then its subgroups, each under its own heading."""
    parts = []
    if not top:
        heading = f"h{min(level, 6)}"
        parts.append(f'<section class="group"><{heading}>{escape(group.name)}</{heading}>')
    inner = level if top else level + 1
    parts.extend(forum_html(forum, entries, language, inner, "" if top else group.name) for forum in group.forums)
    parts.extend(group_html(child, entries, language, inner, False) for child in group.groups)
    if not top:
        parts.append("</section>")
    return "\n".join(parts)


def index_page(repository: Repository, scope: Group | Forum, entries: list[Entry], language: str) -> str:
    """The index: forums grouped by their groups, meetings by year, and a link to the decision list."""
    words = labels(language)
    title = repository.config.name if scope.path == repository.root else scope.name
    if isinstance(scope, Forum):
        body = forum_html(scope, entries, language, 2)
    else:
        body = group_html(scope, entries, language, 2, True)
    link = escape(href(PurePosixPath(INDEX), PurePosixPath(DECISIONS)))
    decisions = f'<p><a href="{link}">{escape(words["all_decisions"])}</a></p>'
    main = f"<h1>{escape(title)}</h1>\n{decisions}\n{body}"
    return page(f"{title} – {words['index_title']}", main, language)


def decisions_page(repository: Repository, entries: list[Entry], language: str) -> str:
    """Every decision (date, forum, point, title, text), newest first, each linking to its point."""
    words = labels(language)
    found: list[tuple[dt.date, int, str]] = []
    for entry in sorted(entries, key=lambda entry: entry.forum.name.casefold()):
        if entry.meeting is None:
            continue
        anchors = point_anchors(entry.meeting)
        for position, (point, anchor) in enumerate(zip(entry.meeting.points, anchors, strict=True), start=1):
            if not (point.decision or "").strip():
                continue
            link = escape(href(PurePosixPath(DECISIONS), entry.page, anchor))
            meta = (
                f'<a href="{link}">{escape(short_date(entry.ref.date))}</a> · {escape(entry.forum.name)} · '
                f'<a href="{link}">{escape(words["point"])} {number_label(point, position)}: {escape(point.title)}</a>'
            )
            text = text_html(point.decision)
            html = f'<article class="entry"><p class="meta">{meta}</p>\n<div class="decision">{text}</div></article>'
            found.append((entry.ref.date, entry.ref.sequence, html))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    items = "\n".join(html for _, _, html in found) or f'<p class="note">{escape(words["no_decisions"])}</p>'
    back = href(PurePosixPath(DECISIONS), PurePosixPath(INDEX))
    nav = f'<nav class="site"><a href="{escape(back)}">← {escape(words["back"])}</a></nav>\n'
    main = f'<h1>{escape(words["decisions_title"])}</h1>\n<p class="note">{escape(words["decisions_help"])}</p>\n{items}'
    return page(f"{repository.config.name} – {words['decisions_title']}", main, language, nav)


def _open_folder(target: Path, top: int, parts: tuple[str, ...]) -> int:
    """A descriptor of the folder target/parts, made as needed; never through a symbolic link."""
    fd = os.dup(top)
    try:
        for depth, part in enumerate(parts, start=1):
            try:
                os.mkdir(part, dir_fd=fd)
            except FileExistsError:
                pass
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise ExportTargetError(_not_a_folder(target.joinpath(*parts[:depth]))) from None
                raise
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_a_folder(path: Path) -> str:
    return f"{path}: is a symbolic link or a file, not a folder; the site is not written (nothing is written through a link)"


def _write(target: Path, top: int, relative: PurePosixPath, data: bytes, written: list[Path]) -> None:
    """Write one page: a new file in its folder renamed over the name (a link there is replaced, its target untouched)."""
    folder = _open_folder(target, top, relative.parent.parts)
    temporary = f".{relative.name}.{secrets.token_hex(4)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, relative.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        os.close(folder)
    written.append(target.joinpath(*relative.parts))


def write_files(target: Path, files: dict[PurePosixPath, bytes]) -> list[Path]:
    """Write files under the folder `target` as a site's pages are written: never through a link (see the module)."""
    check_target(target, list(files))
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        top = os.open(target, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise ExportTargetError(f"{target}: cannot be written: {error.strerror or error}") from None
    try:
        for relative, data in files.items():
            _write(target, top, relative, data, written)
    except OSError as error:
        raise ExportTargetError(f"{target}: cannot be written: {error.strerror or error}") from None
    finally:
        os.close(top)
    return written


def check_target(target: Path, pages: list[PurePosixPath]) -> None:
    """Refuse, before anything is written, a target whose site folders include a symbolic link or a file."""
    folders = {page.parent.parts[:depth] for page in pages for depth in range(1, len(page.parent.parts) + 1)}
    for parts in sorted(folders):
        path = target.joinpath(*parts)
        if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
            raise ExportTargetError(_not_a_folder(path))


RENDER_ERRORS = (ValueError, TypeError, AttributeError, RecursionError)
"""What rendering one odd meeting may raise; it costs that meeting its page, never the site."""


def _render(entry: Entry, language: str) -> bytes | None:
    """A meeting's page, or None (the entry then says why) when the meeting cannot be rendered."""
    assert entry.meeting is not None
    try:
        nav = site_nav(entry.page, language, entry.forum)
        return render_html(entry.meeting, entry.forum.info, language, nav, entry.context).encode()
    except RENDER_ERRORS as error:
        fail(entry, error)
        return None


def fail(entry: Entry, error: Exception) -> None:
    """Mark the entry's meeting as one that could not be exported, and why."""
    entry.meeting, entry.problem = None, f"{entry.ref.name}: could not be exported ({type(error).__name__}: {error})"


def entry_attachments(entry: Entry) -> tuple[dict[str, str], dict[PurePosixPath, bytes]]:
    """The entry's kept attachments copied beside its page: their links (file -> href) and the files to write."""
    assert entry.meeting is not None
    return attachment_copies(entry.forum, entry.meeting, entry.page.parent)


def export_site(repository: Repository, target: Path, scope: Path | None = None, language: str | None = None) -> SiteFiles:
    """Write the static site into `target` and return the files written (pages first, then index and decisions).

    A meeting that cannot be loaded or rendered gets no page: it is listed as
    broken on the index and in the result's `skipped`. Each page says the
    meeting's approval (from its tag) and links its kept attachments, copied
    beside it. ExportTargetError when the target cannot be written safely (see
    the module's notes).
    """
    language = language or repository.config.language
    labels(language)
    chosen = resolve_scope(repository, scope)
    entries = collect(repository, chosen)
    extra: dict[PurePosixPath, bytes] = {}
    for entry in entries:
        if entry.meeting is not None:
            try:
                links, files = entry_attachments(entry)
            except OSError as error:
                fail(entry, error)
                continue
            entry.context = ExportContext(approval_words(repository, entry.forum, entry.meeting, language), links)
            extra.update(files)
    return write_site(repository, Path(target), chosen, entries, language, extra)


def write_site(
    repository: Repository,
    target: Path,
    chosen: Group | Forum,
    entries: list[Entry],
    language: str,
    extra: dict[PurePosixPath, bytes] | None = None,
) -> SiteFiles:
    """Write the entries' pages, then `extra` files (attachments, PDFs), then the index and the decision list."""
    pages = {entry.page: _render(entry, language) for entry in entries if entry.meeting is not None}
    files = {page: data for page, data in pages.items() if data is not None}
    files.update(extra or {})
    # every text on these two pages comes from meetings that loaded and rendered; "replace" only as a last guard
    files[PurePosixPath(INDEX)] = index_page(repository, chosen, entries, language).encode("utf-8", "replace")
    files[PurePosixPath(DECISIONS)] = decisions_page(repository, entries, language).encode("utf-8", "replace")
    written = SiteFiles()
    written.extend(write_files(target, files))
    for entry in entries:
        if entry.meeting is None:
            written.skipped.append((entry.ref.path.relative_to(repository.root).as_posix(), entry.problem or "broken"))
    return written
