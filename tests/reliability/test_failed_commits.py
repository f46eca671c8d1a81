"""A commit git refuses is never shown as saved; a push the remote refuses says the remote's own words."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from app_steps import edit_first_title
from conftest import git_env, hold_meetings, run_git
from pilot_wait import settle

from repo_layout.editing.session import EditSession
from repo_layout.git.commit import CommitFailedError
from repo_layout.model.discover import Repository
from repo_layout.sync.session import RemoteRefusedError, SyncSession
from tui.app import make_app
from tui.widgets.dialogs import ChoiceDialog


@pytest.fixture
def repo(identity_repo: Path) -> Path:
    """The sample with its meetings held, not approved: these saves are edits, not corrections that ask a reason."""
    return hold_meetings(identity_repo)

MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
HOOKS = {
    "pre-commit": "#!/bin/sh\necho 'lint: punkt 3 har en tom beslutning' >&2\necho 'fix it and try again' >&2\nexit 1\n",
    "commit-msg": "#!/bin/sh\necho 'commit-msg: the message must name a case number' >&2\nexit 1\n",
}


def _install_hook(repo: Path, name: str) -> None:
    hook = repo / ".git" / "hooks" / name
    hook.write_text(HOOKS[name], encoding="utf-8")
    hook.chmod(0o755)


def _session(repo: Path) -> EditSession:
    repository = Repository(repo)
    path = repo / MEETING
    return EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_a_refusing_hook_leaves_the_file_the_index_and_the_edit_as_they_were(repo: Path, hook: str) -> None:
    _install_hook(repo, hook)
    before_head = run_git(repo, "rev-parse", "HEAD")
    before_bytes = (repo / MEETING).read_bytes()
    session = _session(repo)
    session.meeting.points[0].title = "Ændret titel der ikke må gå tabt"
    session.write_draft()
    with pytest.raises(CommitFailedError) as refused:
        session.save()
    said = refused.value.output
    assert HOOKS[hook].split("'")[1] in said
    assert run_git(repo, "rev-parse", "HEAD") == before_head
    assert (repo / MEETING).read_bytes() == before_bytes
    assert run_git(repo, "status", "--porcelain") == ""
    assert run_git(repo, "diff", "--cached", "--name-only") == ""
    assert session.dirty
    draft = session.draft()
    assert draft is not None and "Ændret titel der ikke må gå tabt" in draft.text
    (repo / ".git" / "hooks" / hook).unlink()
    result = session.save()
    assert result.commit == run_git(repo, "rev-parse", "HEAD").strip()
    assert not session.dirty and session.draft() is None


async def test_the_app_shows_the_hooks_words_and_keeps_the_meeting_unsaved(repo: Path) -> None:
    _install_hook(repo, "pre-commit")
    app = make_app(repo / MEETING)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await edit_first_title(pilot, app, "Titel fra appen")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        dialog = app.screen
        shown = " ".join(str(widget.render()) for widget in dialog.query("*") if hasattr(widget, "render"))
        assert "lint: punkt 3 har en tom beslutning" in shown
        assert screen.session.dirty and "●" in app.sub_title
        draft = screen.session.draft()
        assert draft is not None and "Titel fra appen" in draft.text
        assert run_git(repo, "status", "--porcelain") == ""


def _bare_remote_refusing(tmp_path: Path, repo: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True, env=git_env())
    run_git(repo, "remote", "add", "origin", str(remote))
    run_git(repo, "push", "--quiet", "-u", "origin", "main")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\necho 'Policy: main is protected until the minutes are approved'\n"
        "echo 'Contact: secretariat@example.org'\nexit 1\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    return remote


def test_a_push_refused_by_the_remote_says_every_remote_line(repo: Path, tmp_path: Path) -> None:
    _bare_remote_refusing(tmp_path, repo)
    session = _session(repo)
    session.meeting.points[0].title = "Lokal ændring"
    session.save()
    with pytest.raises(RemoteRefusedError) as refused:
        SyncSession(repo).run()
    words = str(refused.value)
    assert "Policy: main is protected until the minutes are approved" in words
    assert "Contact: secretariat@example.org" in words
    assert "pre-receive hook declined" in words


def test_minutes_sync_prints_the_remotes_reason(repo: Path, tmp_path: Path, minutes_bin: str) -> None:
    _bare_remote_refusing(tmp_path, repo)
    session = _session(repo)
    session.meeting.points[0].title = "Lokal ændring"
    session.save()
    done = subprocess.run(
        [minutes_bin, "sync", str(repo)], capture_output=True, text=True, env=dict(os.environ), timeout=60, check=False
    )
    assert done.returncode != 0
    assert "main is protected until the minutes are approved" in done.stderr
    assert "secretariat@example.org" in done.stderr
    assert "Traceback" not in done.stderr
