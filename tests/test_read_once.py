"""Read once, say once: a save (an edit or a correction) parses each version of the meeting once and never reads back
what it wrote; a history entry's versions are compared once for its words and its diff; the tree's label after a save
comes from the session."""

from __future__ import annotations

import collections
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import git_out, hold_meetings, run_git
from pilot_wait import open_meeting, settle

from repo_layout.editing.session import EditSession
from repo_layout.history.meeting_history import MeetingHistory
from repo_layout.model import summary
from repo_layout.model.discover import Repository
from repo_layout.yaml import splice, yamlio
from tui.app import make_app
from tui.widgets.forum_tree import ForumTree

PARSERS = ("load_text", "load_fast", "nodes_and_data")


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, names: tuple[str, ...]) -> collections.Counter[str]:
    """Count the calls of real functions of `module` (each still does its work)."""
    counts: collections.Counter[str] = collections.Counter()
    for name in names:
        real: Callable[..., Any] = getattr(module, name)

        def counted(*args: Any, _real: Callable[..., Any] = real, _name: str = name, **kwargs: Any) -> Any:
            counts[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return counts


@pytest.fixture
def repo(identity_repo: Path) -> Path:
    """The sample with its meetings held: a save of them is an edit, not a correction (counted on its own below)."""
    return hold_meetings(identity_repo)


def open_session(root: Path) -> EditSession:
    repository = Repository(root)
    forum = repository.forums()[0]
    meeting = repository.load_meeting(forum.meetings()[-1].path)
    return EditSession(repository, meeting, forum, "da")


def test_a_save_parses_the_old_and_the_new_version_once_each_and_reads_nothing_back(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(repo)
    session.meeting.data["title"] = "En ny titel"
    splice.forget_parsed()  # as if the meeting were opened just now: the old text has not been parsed yet
    parsed = count_calls(monkeypatch, yamlio, PARSERS)
    read = count_calls(monkeypatch, yamlio, ("read_text",))
    result = session.save()
    assert result.commit is not None and "titel" in result.message
    assert sum(parsed.values()) == 2, parsed  # the old version (for the splice and the worded change), the proof of the new
    assert read["read_text"] == 0, read
    on_disk = (repo / session.relative).read_text(encoding="utf-8")
    assert session.meeting.original_text == on_disk
    assert git_out(repo, "show", f"HEAD:{session.relative}") == on_disk


def test_a_correction_of_approved_minutes_parses_each_version_once_too(
    identity_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(identity_repo)  # the sample's minutes are approved: this save is a correction
    session.meeting.data["title"] = "En ny titel"
    splice.forget_parsed()
    parsed = count_calls(monkeypatch, yamlio, PARSERS)
    read = count_calls(monkeypatch, yamlio, ("read_text",))
    result = session.save(reason="Titlen var forkert")
    assert "rettelse efter godkendelse: Titlen var forkert" in result.message and "- titel ændret" in result.message
    assert sum(parsed.values()) == 2, parsed  # asking whether it was approved and what changed reads the same old version
    assert read["read_text"] == 0, read
    assert session.meeting.corrections[-1].why == "Titlen var forkert"


def test_a_hook_that_reformats_the_file_is_still_followed(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\n"
        "for f in $(git diff --cached --name-only); do sed -i 's/En ny titel/EN NY TITEL/' \"$f\"; git add \"$f\"; done\n"
    )
    hook.chmod(0o755)
    session = open_session(repo)
    session.meeting.data["title"] = "En ny titel"
    session.save()
    assert session.meeting.data["title"] == "EN NY TITEL"
    assert session.meeting.original_text == (repo / session.relative).read_text(encoding="utf-8")
    assert not session.dirty


def test_a_history_entry_is_worked_out_once_for_its_words_and_its_diff(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(repo)
    session.meeting.data["title"] = "En ny titel"
    session.save()
    history = MeetingHistory(session.meeting.path)
    entry = history.all_entries()[0]
    started: list[list[str]] = []
    real_popen = subprocess.Popen.__init__

    def counted(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        started.append(list(args))
        real_popen(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", counted)
    words, diff = history.summary(entry), history.diff(entry)
    first = len(started)
    assert history.summary(entry, "en") and history.diff(entry) == diff and history.summary(entry) == words
    assert len(started) == first, started[first:]  # the second look asks git nothing
    assert words == "titel ændret"
    assert "+title: En ny titel" in diff.splitlines()


async def test_the_tree_label_after_a_save_comes_from_the_session(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(open_session(repo).meeting.path)
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await open_meeting(pilot, app)
        session = browse.session
        assert session is not None
        await settle(pilot, lambda: browse.tree.find_meeting(session.meeting.path) is not None)
        session.meeting.data["title"] = "Titel fra sessionen"
        summarized = count_calls(monkeypatch, summary, ("summarize",))
        browse.save()
        await settle(pilot, lambda: not browse._saving)
        node = app.screen.query_one(ForumTree).find_meeting(session.meeting.path)
        assert node is not None and "Titel fra sessionen" in str(node.label)
        assert summarized["summarize"] == 0
    run_git(repo, "diff", "--quiet", "HEAD")  # the save was committed whole
