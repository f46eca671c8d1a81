"""Publishing: the static site of a forum, group or repository with approved minutes only, each page naming its
approval, a PDF beside each page, the kept attachments copied and linked.

    publish(repository, forum_or_folder_or_None, Path("site"), language=None) -> SiteFiles  (.meetings: published)

A closed point ("lukket punkt") is published as its number and "Lukket punkt" only: the meeting is copied and the
point emptied before anything is rendered, so no page, PDF, index, decision list or file name can hold its title,
text, decision, actions or attachments. Its title and its actions' tasks are also words no published line may
hold: a line elsewhere naming them (the information's "Pkt. 4 ...", a later follow-up point listing its action, a
correction) is left out.
"""

from __future__ import annotations

import copy
from pathlib import Path, PurePosixPath
from typing import Any

from repo_layout.cycle.links import forum_meetings
from repo_layout.export.common import labels
from repo_layout.export.context import ExportContext, approval_words
from repo_layout.export.html import render_html
from repo_layout.export.pdf import html_to_pdf
from repo_layout.export.site import (
    RENDER_ERRORS,
    Entry,
    SiteFiles,
    collect,
    entry_attachments,
    fail,
    resolve_scope,
    write_site,
)
from repo_layout.model.discover import Forum, Group, Repository
from repo_layout.model.meeting import Meeting

KEPT_OF_CLOSED = ("number", "closed")
"""All a closed point keeps when published."""
SHORTEST_SECRET = 4
"""A closed point's title or task shorter than this ("Evt") is too common a word to leave lines out for."""


def closed_words_of(forum: Forum) -> list[str]:
    """The titles and action tasks of every closed point of the forum, as no published line may hold them."""
    found: set[str] = set()
    for meeting in forum_meetings(forum):
        for point in meeting.points():
            if point.get("closed") is not True:
                continue
            actions = point.get("actions")
            tasks = [action.get("task") for action in actions if isinstance(action, dict)] if isinstance(actions, list) else []
            for text in (point.get("title"), *tasks):
                if isinstance(text, str) and len(" ".join(text.split())) >= SHORTEST_SECRET:
                    found.add(" ".join(text.split()).casefold())
    return sorted(found)


def _names(text: str, secrets: list[str]) -> bool:
    flat = " ".join(text.split()).casefold()
    return any(secret in flat for secret in secrets)


def _holds(value: Any, secrets: list[str]) -> bool:
    if isinstance(value, str):
        return _names(value, secrets)
    if isinstance(value, dict):
        return any(_holds(item, secrets) for item in value.values())
    if isinstance(value, list):
        return any(_holds(item, secrets) for item in value)
    return False


def _scrubbed(value: Any, secrets: list[str]) -> Any:
    """`value` without what names a secret: a text's lines that do, a list's items that do; maps are changed in place."""
    if isinstance(value, str):
        return "\n".join(line for line in value.split("\n") if not _names(line, secrets))
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _scrubbed(value[key], secrets)
        return value
    if isinstance(value, list):
        kept = [_scrubbed(item, secrets) for item in value if not _holds(item, secrets)]
        value[:] = kept
        return value
    return value


def redacted(meeting: Meeting, secrets: list[str] | None = None) -> Meeting:
    """A copy of the meeting fit for publication: each closed point keeps its number only, and no text names `secrets`."""
    data = copy.deepcopy(meeting.data)
    public = Meeting(meeting.path, data, meeting.original_text, meeting.layout)
    secrets = secrets or []
    for point in public.points:
        if point.closed:
            for key in [key for key in point.data if key not in KEPT_OF_CLOSED]:
                del point.data[key]
        elif secrets:
            _scrubbed(point.data, secrets)
    if secrets:
        for key in [key for key in data if key != "points"]:
            data[key] = _scrubbed(data[key], secrets)
    return public


def publish(
    repository: Repository, scope: Forum | Group | Path | None, target: Path, language: str | None = None
) -> SiteFiles:
    """Write the published site of `scope` (a forum or group, or its folder; None for the repository) into `target`.

    Only approved meetings are published (the result's `meetings`); the others are named in its `left_out`, a
    meeting that cannot be read in its `skipped`. Raises ValueError for a folder that is no forum or group,
    ExportTargetError when the target cannot be written safely, PdfUnavailableError when WeasyPrint cannot run.
    """
    language = language or repository.config.language
    words = labels(language)
    chosen = scope if isinstance(scope, Forum | Group) else resolve_scope(repository, scope)
    entries = collect(repository, chosen)
    broken = [entry for entry in entries if entry.meeting is None]
    approved = [entry for entry in entries if entry.meeting is not None and entry.meeting.status == "approved"]
    secrets: dict[Path, list[str]] = {}
    extra: dict[PurePosixPath, bytes] = {}
    published: list[Entry] = []
    for entry in approved:
        assert entry.meeting is not None
        if entry.forum.path not in secrets:
            secrets[entry.forum.path] = closed_words_of(entry.forum)
        approval = approval_words(repository, entry.forum, entry.meeting, language) or words["approved"]
        entry.meeting = redacted(entry.meeting, secrets[entry.forum.path])
        try:
            links, files = entry_attachments(entry)
            context = ExportContext(approval, links, public=True)
            pdf = html_to_pdf(render_html(entry.meeting, entry.forum.info, language, context=context))
        except (OSError, *RENDER_ERRORS) as error:
            fail(entry, error)
            broken.append(entry)
            continue
        pdf_page = entry.page.with_suffix(".pdf")
        entry.context = ExportContext(approval, links, public=True, pdf=pdf_page.name)
        extra.update(files)
        extra[pdf_page] = pdf
        published.append(entry)
    written = write_site(repository, Path(target), chosen, published, language, extra)
    broken.extend(entry for entry in published if entry.meeting is None)  # its page could not be rendered
    published = [entry for entry in published if entry.meeting is not None]
    written.skipped = [
        (entry.ref.path.relative_to(repository.root).as_posix(), entry.problem or "broken") for entry in broken
    ]
    written.meetings = [entry.ref.path.relative_to(repository.root).as_posix() for entry in published]
    written.left_out = [
        entry.ref.path.relative_to(repository.root).as_posix()
        for entry in entries
        if entry.meeting is not None and entry not in approved
    ]
    return written
