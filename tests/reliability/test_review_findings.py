"""A hostile reviewer's findings on concurrent saves, failed commits and repair after a kill (issue 12, classes 1, 5, 6).

The tests named `test_fixed_*` each showed something that went wrong when the review was made (their docstrings
say what); they hold now. The others pin behaviour that held then and must keep holding.
Real git repositories, real processes, no mocks.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from app_steps import edit_first_title
from conftest import git_env, hold_meetings, run_git, stop_a_rebase
from pilot_wait import settle

from repo_layout.editing.drafts import list_drafts, save_draft
from repo_layout.editing.saving import ExternalChangeError, restore_changes, restore_version
from repo_layout.editing.session import EditSession
from repo_layout.git.commit import CommitFailedError, GitError
from repo_layout.git.repair import find_leftovers, fix_all_stale
from repo_layout.git.write_lock import repository_write_lock
from repo_layout.history.changes import describe
from repo_layout.model.discover import Repository
from repo_layout.sync.session import SyncError, SyncSession
from tui.app import make_app


@pytest.fixture
def repo(identity_repo: Path) -> Path:
    """The sample with its meetings held: these saves are edits (an approved meeting's would need a reason)."""
    return hold_meetings(identity_repo)

MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
OTHER = "aarhus-kommune/chefteammoede/2021-10-14.yaml"
IMPORT_FORUM = "aarhus-kommune/chefteammoede"


def _session(root: Path, relative: str = MEETING) -> EditSession:
    repository = Repository(root)
    path = root / relative
    return EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")


def _hook(repo: Path, name: str, body: str) -> None:
    hook = repo / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    hook.chmod(0o755)


def _minutes(minutes_bin: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [minutes_bin, *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ), timeout=60, check=False
    )


def _bare_remote(repo: Path, tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True, env=git_env())
    run_git(repo, "remote", "add", "origin", str(remote))
    run_git(repo, "push", "--quiet", "-u", "origin", "main")
    return remote


# ---------------------------------------------------------------------------------------------------------------------
# Breaks: each fails today.
# ---------------------------------------------------------------------------------------------------------------------


def test_fixed_a_hook_that_stages_another_file_leaves_the_users_index_reverting_it(repo: Path) -> None:
    """A pre-commit hook that regenerates and `git add`s a file (an index page, a changelog) puts it into the commit.

    Before the fix, the user's index follows the commit for the meeting only, so `git status` shows the hook's file staged
    as deleted: the person's next plain `git commit` removes it again. The user's index should follow the commit
    for every path the commit changed (git diff-tree HEAD^ HEAD), not only the paths minutes asked for.
    """
    _hook(repo, "pre-commit", 'echo "generated" >> generated.txt\ngit add generated.txt\n')
    session = _session(repo)
    session.meeting.points[0].title = "Ændret med en hook der tilføjer en fil"
    session.save()
    assert run_git(repo, "show", "--format=", "--name-only", "HEAD").split() == [MEETING, "generated.txt"]
    assert run_git(repo, "diff", "--cached", "--name-status") == "", "the index stages a revert of the hook's file"


def test_fixed_a_formatting_hook_makes_the_next_save_of_the_same_session_an_external_change(repo: Path) -> None:
    """A pre-commit hook that reformats the staged meeting and `git add`s it (a YAML formatter) is common.

    Before the fix, the session keeps the text minutes wrote as its base, so the very next save of the same meeting says
    "changed by someone else". After the commit the session should take what was committed as its base (and its
    data), e.g. saving.save_meeting reading the file back under the lock when it differs from what it wrote.
    """
    _hook(
        repo,
        "pre-commit",
        'for f in $(git diff --cached --name-only); do printf "# formatted\\n" >> "$f"; git add "$f"; done\n',
    )
    session = _session(repo)
    session.meeting.points[0].title = "Første gemning"
    session.save()
    assert (repo / MEETING).read_text(encoding="utf-8").endswith("# formatted\n")
    session.meeting.points[0].title = "Anden gemning"
    try:
        session.save()
    except ExternalChangeError:
        pytest.fail("the second save of one session was refused as an external change made by someone else")
    assert "Anden gemning" in run_git(repo, "show", f"HEAD:{MEETING}")


def test_fixed_a_restore_racing_a_save_is_mislabelled_and_reverts_the_save_silently(repo: Path) -> None:
    """restore_version computes its message from the file read before it takes the write lock, then writes regardless.

    Here a save of point 2 lands between the two (the test holds the lock, the restore waits on it). Before the fix, the
    restore commit says only "title of point 1 changed" while it also undoes the other person's point 2. The
    restore should check, under the lock, that the file is still the text it was previewed against
    (ExternalChangeError otherwise), or at least compute its changes and message there.
    """
    original = (repo / MEETING).read_text(encoding="utf-8")
    first = run_git(repo, "rev-parse", "HEAD").strip()
    session = _session(repo)
    session.meeting.points[0].title = "Punkt 1 ændret"
    session.save()
    outcome: dict[str, object] = {}

    def restore() -> None:
        try:
            outcome["result"] = restore_version(Repository(repo), repo / MEETING, original, first, "2019-10-24", "Chefforum")
        except ExternalChangeError as error:
            outcome["refused"] = error

    with repository_write_lock(repo / ".git"):
        restorer = threading.Thread(target=restore)
        restorer.start()
        time.sleep(0.5)  # the restore has read the file and now waits for the lock
        other = _session(repo)
        other.meeting.points[1].title = "Punkt 2 ændret af en anden"
        other.save()
    restorer.join(timeout=30)
    if "refused" in outcome:
        return  # the right answer: the file changed since the restore was previewed
    parent_text = run_git(repo, "show", f"HEAD~1:{MEETING}")
    actual = describe(restore_changes(parent_text, original), "da", "commit")
    message = run_git(repo, "log", "-1", "--format=%B")
    assert actual in message, f"the restore commit says {message!r}, but it changed: {actual}"


def test_fixed_repair_says_nothing_to_repair_while_a_save_is_refused_for_the_lock(repo: Path, minutes_bin: str) -> None:
    """A stale .git/index.lock while some unrelated git runs in the repository (a `git log` in a pager, an IDE's git).

    Before the fix, the save says "`minutes repair --yes` removes it safely", and `minutes repair --yes` says "nothing to
    repair" and exits 0: the person is sent in a circle. repair should list the lock, say that a running git
    program (its pid and command line) may own it, and exit non-zero; the save's words should say the same.
    """
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    running = subprocess.Popen(["git", "hash-object", "--stdin"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.2)
        session = _session(repo)
        session.meeting.points[0].title = "Kan ikke gemmes"
        with pytest.raises(GitError, match="minutes repair"):
            session.save()
        done = _minutes(minutes_bin, "repair", "--yes", "--lang", "en", str(repo))
    finally:
        assert running.stdin is not None
        running.stdin.close()
        running.wait(timeout=10)
    assert "nothing to repair" not in done.stdout, "repair denies the lock the save was refused for"
    assert "index.lock" in done.stdout + done.stderr
    assert done.returncode != 0


def test_fixed_the_users_index_is_left_reverting_a_save_when_it_was_busy_during_the_commit(repo: Path) -> None:
    """Another git program holds the user's index (an interactive `git add -p`) while a save commits.

    Before the fix, _follow_in_real_index gives up after 2 s without a word and the commit journal is removed anyway, so the
    index keeps the old text staged: `git status` says MM and the person's next `git commit` reverts the save.
    The journal should stay until the index has followed (repair, the next save or the next start finishes it),
    and find_leftovers should then report it.
    """
    _hook(
        repo,
        "pre-commit",
        'lock="$(git rev-parse --git-common-dir)/index.lock"\n'
        '(set -C; : > "$lock") && (sleep 3; rm -f "$lock") >/dev/null 2>&1 &\nexit 0\n',
    )
    session = _session(repo)
    session.meeting.points[0].title = "Gemt mens indekset var optaget"
    session.save()
    deadline = time.monotonic() + 10
    while (repo / ".git" / "index.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    fix_all_stale(repo, quiet_seconds=0)  # what `minutes repair --yes` does
    assert run_git(repo, "status", "--porcelain") == "", "the user's index stages the old text: a revert of the save"


def test_fixed_a_killed_import_is_reported_as_committed_and_left_untracked(repo: Path, minutes_bin: str, tmp_path: Path) -> None:
    """`minutes import` killed while its commit runs (here: during a slow pre-commit hook).

    Before the fix, repair says "a save was stopped after its commit; git's index now agrees with the last commit" - but no
    commit was made: the journal is written before the commit. The imported meeting is left untracked and never
    named, and importing again makes a second file (…-2.yaml). The journal should say whether the commit was made;
    repair should name the written-but-uncommitted files and offer to commit them (or say so plainly).
    """
    marker = tmp_path / "hook-started"
    _hook(repo, "pre-commit", f': > "{marker}"\nsleep 30\n')
    source = tmp_path / "referat.txt"
    source.write_text("Referat\n\nDato: 01.03.2031\n\n1. Punkt\nTekst.\n", encoding="utf-8")
    importing = subprocess.Popen(
        [minutes_bin, "import", str(source), "--forum", str(repo / IMPORT_FORUM)],
        cwd=repo, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(importing.pid, signal.SIGKILL)
    importing.wait(timeout=10)
    (repo / ".git" / "hooks" / "pre-commit").unlink()
    time.sleep(0.3)
    done = _minutes(minutes_bin, "repair", "--yes", "--lang", "en", str(repo))
    assert "after its commit" not in done.stdout, f"repair claims a commit that was never made: {done.stdout!r}"
    assert "2031-03-01.yaml" in done.stdout + done.stderr, "the written, uncommitted import is never named"


def test_fixed_repair_continue_commits_conflict_markers_into_a_meeting(repo: Path, minutes_bin: str) -> None:
    """A rebase stopped on a conflict; `minutes repair --continue` quotes git: "mark them as resolved using git add".

    A person who does just that (git add, markers still in the file) and continues gets a commit whose meeting is
    not YAML any more: the record turned against its reader. continue_operation should refuse while a file of the
    operation holds conflict markers or does not load as a meeting, and name it.
    """
    _, stopped = stop_a_rebase(repo, MEETING)
    assert stopped.returncode != 0
    first = _minutes(minutes_bin, "repair", "--continue", str(repo))
    assert first.returncode != 0
    run_git(repo, "add", MEETING)  # as the message says
    _minutes(minutes_bin, "repair", "--continue", str(repo))
    assert "<<<<<<<" not in run_git(repo, "show", f"HEAD:{MEETING}"), "a meeting with conflict markers was committed"


def test_fixed_a_pre_push_hook_refusing_a_sync_loses_the_hooks_words(repo: Path, tmp_path: Path) -> None:
    """A local pre-push hook (a policy check) refuses the push; its lines are not `remote:` lines.

    Before the fix, the SyncError says only "git failed: error: failed to push some refs to '…'", so the person never learns
    why. classify_git_error(push=True) should keep what the hook printed (every line that is not git's own
    "error: failed to push"/hint text), as RemoteRefusedError does for `remote:` lines.
    """
    _bare_remote(repo, tmp_path)
    _hook(repo, "pre-push", "echo 'pre-push: referatet er ikke godkendt endnu' >&2\nexit 1\n")
    session = _session(repo)
    session.meeting.points[0].title = "Lokal ændring"
    session.save()
    with pytest.raises(SyncError) as refused:
        SyncSession(repo).run()
    assert "referatet er ikke godkendt endnu" in str(refused.value)


def test_fixed_a_refused_import_commit_exits_zero(repo: Path, minutes_bin: str, tmp_path: Path) -> None:
    """`minutes import` whose commit a pre-commit hook refuses prints a warning and exits 0.

    A script (or a person reading `$?`) takes that as done. The file is written, but it is not saved in the sense
    the rest of minutes uses: the exit status should be 1, the message kept as it is (cli._commit_imported).
    """
    _hook(repo, "pre-commit", "echo 'lint: nej' >&2\nexit 1\n")
    source = tmp_path / "referat.txt"
    source.write_text("Referat\n\nDato: 02.03.2031\n\n1. Punkt\nTekst.\n", encoding="utf-8")
    done = _minutes(minutes_bin, "import", str(source), "--forum", str(repo / IMPORT_FORUM), cwd=repo)
    assert "lint: nej" in done.stderr
    assert done.returncode != 0


def test_fixed_a_draft_of_a_live_window_is_offered_as_left_by_a_crash(repo: Path) -> None:
    """Two windows on one repository: the second one's start lists the first, still running, window's draft.

    The app offers it as found after a crash with "discard", which deletes the live window's draft file; if that
    window is then killed before its next draft write, its edit is gone. list_drafts (or the app's offer) should
    leave out drafts whose writer process is alive (the writer name starts with its pid; check /proc/PID).
    """
    writer = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from repo_layout.model.discover import Repository\n"
            "from repo_layout.editing.session import EditSession\n"
            "root = Path(sys.argv[1]); repository = Repository(root); path = root / sys.argv[2]\n"
            "session = EditSession(repository, repository.load_meeting(path), repository.forum_of(path), 'da')\n"
            "session.meeting.points[0].title = 'Levende redigering'\n"
            "session.write_draft()\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n",
            str(repo), MEETING,
        ],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ), cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        offered = list_drafts(repo)
    finally:
        writer.kill()
        writer.wait(timeout=10)
    assert offered == [], "a running window's draft is offered (and can be discarded) as if its writer had crashed"


async def test_fixed_the_app_freezes_while_another_writer_holds_the_repository(repo: Path) -> None:
    """While a sync's rebase, an import or a slow hook holds the write lock, ctrl+s blocks the whole app.

    BrowseScreen.save runs save_meeting on the event loop, which waits up to 15 s for the lock (and forever for a
    hook that hangs: there is no timeout). Nothing is drawn and no key works meanwhile. The save should run in a
    worker thread with a "saving…" state (the dialogs then posted back), and git's commit should have a time limit.
    """
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from repo_layout.git.write_lock import repository_write_lock\n"
            "with repository_write_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(4)\n",
            str(repo / ".git"),
        ],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ), cwd=Path(__file__).resolve().parents[2],
    )
    try:
        app = make_app(repo / MEETING)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await edit_first_title(pilot, app, "Gemt mens en anden skriver")
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            started = time.monotonic()
            await pilot.press("ctrl+s")
            blocked = time.monotonic() - started
            await settle(pilot, lambda: screen.session is not None and not screen.session.dirty)
    finally:
        holder.wait(timeout=30)
    assert blocked < 1.5, f"the app did not process anything for {blocked:.1f} s while the save waited for the lock"


# ---------------------------------------------------------------------------------------------------------------------
# Regression tests: these hold today.
# ---------------------------------------------------------------------------------------------------------------------


def test_a_first_save_in_a_repository_without_commits_commits_only_the_meeting(repo: Path, tmp_path: Path) -> None:
    """An unborn branch: the save makes the first commit with the meeting alone; what the user staged stays staged."""
    fresh = tmp_path / "unborn"
    shutil.copytree(repo, fresh, ignore=shutil.ignore_patterns(".git"))
    run_git(fresh, "init", "--quiet", "--initial-branch=main")
    run_git(fresh, "add", "minutes.yaml")
    session = _session(fresh)
    session.meeting.points[0].title = "Første commit"
    result = session.save()
    assert run_git(fresh, "rev-list", "HEAD").split() == [result.commit]
    assert run_git(fresh, "show", "--format=", "--name-only", "HEAD").split() == [MEETING]
    assert run_git(fresh, "diff", "--cached", "--name-only").split() == ["minutes.yaml"]


def test_a_save_in_a_linked_worktree_commits_on_its_branch_and_leaves_main_alone(repo: Path, tmp_path: Path) -> None:
    """`git worktree add`: the git dir is .git/worktrees/NAME (a .git file points there); lock, index, journal live there."""
    linked = tmp_path / "linked"
    run_git(repo, "worktree", "add", "--quiet", "-b", "side", str(linked))
    main_head = run_git(repo, "rev-parse", "main").strip()
    session = _session(linked)
    session.meeting.points[0].title = "I et linket arbejdstræ"
    result = session.save()
    assert run_git(linked, "rev-parse", "side").strip() == result.commit
    assert run_git(repo, "rev-parse", "main").strip() == main_head
    assert run_git(linked, "status", "--porcelain") == "" and run_git(repo, "status", "--porcelain") == ""
    assert (Path(run_git(linked, "rev-parse", "--absolute-git-dir").strip()) / "minutes-write.lock").exists()


def test_a_save_and_repair_in_a_submodule(repo: Path, tmp_path: Path) -> None:
    """The minutes repository as a submodule (git dir in the parent's .git/modules): saves, and a stale lock is found there."""
    parent = tmp_path / "parent"
    parent.mkdir()
    run_git(parent, "init", "--quiet", "--initial-branch=main")
    (parent / "README").write_text("parent\n", encoding="utf-8")
    run_git(parent, "add", "README")
    run_git(parent, "commit", "--quiet", "-m", "parent")
    run_git(parent, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(repo), "minutes")
    root = parent / "minutes"
    session = _session(root)
    session.meeting.points[0].title = "I et undermodul"
    result = session.save()
    assert run_git(root, "rev-parse", "HEAD").strip() == result.commit and run_git(root, "status", "--porcelain") == ""
    git_dir = Path(run_git(root, "rev-parse", "--absolute-git-dir").strip())
    assert git_dir.is_relative_to(parent / ".git" / "modules")
    (git_dir / "index.lock").write_text("", encoding="utf-8")
    assert [leftover.path for leftover in find_leftovers(root, quiet_seconds=0)] == [git_dir / "index.lock"]


@pytest.mark.parametrize("folder", ["møde rum æøå", "-dash", "glob[fo]*?"])
def test_a_save_in_a_forum_folder_with_an_awkward_name(repo: Path, folder: str) -> None:
    """Spaces, æøå, a leading dash and glob characters in the folder: the commit holds exactly that file, nothing else."""
    source = repo / "albertslund-kommune" / "chefforum"
    target = repo / "albertslund-kommune" / folder
    shutil.copytree(source, target)
    run_git(repo, "add", "--", str(target))
    run_git(repo, "commit", "--quiet", "-m", "awkward folder")
    relative = f"albertslund-kommune/{folder}/2019-10-24.yaml"
    session = _session(repo, relative)
    session.meeting.points[0].title = "Akavet mappe"
    result = session.save()
    assert run_git(repo, "-c", "core.quotePath=false", "show", "--format=", "--name-only", "HEAD").splitlines() == [relative]
    assert result.commit == run_git(repo, "rev-parse", "HEAD").strip()
    assert run_git(repo, "status", "--porcelain") == ""


def test_commit_gpgsign_without_a_key_is_a_refused_commit_and_the_file_goes_back(repo: Path) -> None:
    """commit.gpgsign=true with no usable key: CommitFailedError with gpg's words; HEAD, file and index as before."""
    run_git(repo, "config", "commit.gpgsign", "true")
    run_git(repo, "config", "user.signingkey", "0000000000000000")
    head = run_git(repo, "rev-parse", "HEAD")
    before = (repo / MEETING).read_bytes()
    session = _session(repo)
    session.meeting.points[0].title = "Underskrevet?"
    with pytest.raises(CommitFailedError) as refused:
        session.save()
    assert "gpg" in refused.value.output
    assert run_git(repo, "rev-parse", "HEAD") == head and (repo / MEETING).read_bytes() == before
    assert run_git(repo, "status", "--porcelain") == "" and session.dirty


def test_core_hooks_path_hooks_are_run_and_their_words_kept(repo: Path, tmp_path: Path) -> None:
    """core.hooksPath elsewhere: that hook runs and refuses; the output says why, with control characters kept raw for
    the display layer to escape."""
    hooks = tmp_path / "shared-hooks"
    hooks.mkdir()
    (hooks / "pre-commit").write_text("#!/bin/sh\nprintf 'shared policy \\033]0;title\\007 says no\\n' >&2\nexit 1\n")
    (hooks / "pre-commit").chmod(0o755)
    run_git(repo, "config", "core.hooksPath", str(hooks))
    session = _session(repo)
    session.meeting.points[0].title = "Fælles hook"
    with pytest.raises(CommitFailedError) as refused:
        session.save()
    assert "shared policy" in refused.value.output and "says no" in refused.value.output


def test_two_threads_of_one_process_saving_different_meetings_both_commit_their_own_file(repo: Path) -> None:
    """The lock excludes threads too: two threads at once, each commit holds its own file, nothing left staged."""
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def save(relative: str, title: str) -> None:
        try:
            session = _session(repo, relative)
            session.meeting.points[0].title = title
            barrier.wait()
            result = session.save()
            assert result.commit is not None
            results[relative] = result.commit
        except BaseException as error:  # reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(relative, f"Tråd {relative[:5]}")) for relative in (MEETING, OTHER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    for relative, commit in results.items():
        assert run_git(repo, "show", "--format=", "--name-only", commit).split() == [relative]
    assert run_git(repo, "status", "--porcelain") == ""


def test_two_threads_saving_one_meeting_one_wins_the_other_is_told(repo: Path) -> None:
    """Same meeting from two threads of one process: one commit, one ExternalChangeError, the loser's edit still dirty."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    sessions = {title: _session(repo) for title in ("Tråd A", "Tråd B")}

    def save(title: str) -> None:
        session = sessions[title]
        session.meeting.points[0].title = title
        barrier.wait()
        try:
            session.save()
            outcomes[title] = "saved"
        except ExternalChangeError:
            outcomes[title] = "external"

    threads = [threading.Thread(target=save, args=(title,)) for title in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["external", "saved"]
    loser = next(title for title, outcome in outcomes.items() if outcome == "external")
    assert sessions[loser].dirty and loser not in run_git(repo, "show", f"HEAD:{MEETING}")


def test_a_save_after_the_file_was_deleted_on_disk_is_an_external_change(repo: Path) -> None:
    """The meeting file removed behind the session's back: the save refuses (nothing recreated silently), the edit stays."""
    session = _session(repo)
    session.meeting.points[0].title = "Filen forsvandt"
    (repo / MEETING).unlink()
    with pytest.raises(ExternalChangeError) as changed:
        session.save()
    assert changed.value.disk_text is None
    assert not (repo / MEETING).exists() and session.dirty


def test_a_stale_index_lock_at_save_names_the_way_out_and_keeps_everything(repo: Path) -> None:
    """A stale index.lock when saving: GitError naming `minutes repair`, the file untouched, HEAD the same, the edit dirty."""
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    head = run_git(repo, "rev-parse", "HEAD")
    before = (repo / MEETING).read_bytes()
    session = _session(repo)
    session.meeting.points[0].title = "Låst indeks"
    with pytest.raises(GitError, match="minutes repair"):
        session.save()
    assert (repo / MEETING).read_bytes() == before and run_git(repo, "rev-parse", "HEAD") == head and session.dirty


def test_a_temporary_file_a_live_process_holds_open_is_never_moved(repo: Path) -> None:
    """A half-written `.NAME.XXXXXXXX.tmp` held open by a live program, old mtime: not a leftover, fix_all_stale leaves it."""
    temp = repo / "albertslund-kommune" / "chefforum" / ".2019-10-24.yaml.abcd1234.tmp"
    writer = subprocess.Popen(
        [
            sys.executable, "-c",
            f"import time\nf = open({str(temp)!r}, 'w')\nf.write('half')\nf.flush()\nprint('ok', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ok"
        old = time.time() - 600
        os.utime(temp, (old, old))
        assert find_leftovers(repo, quiet_seconds=0) == []
        assert fix_all_stale(repo, quiet_seconds=0) == []
        assert temp.read_text(encoding="utf-8") == "half"
    finally:
        writer.kill()
        writer.wait(timeout=10)


def test_finding_leftovers_in_a_work_tree_of_ten_thousand_files_is_quick(repo: Path) -> None:
    """The temp-file walk covers the whole work tree: 10,000 files (one stale temp among them) in well under a second."""
    for number in range(10_000):
        folder = repo / "bulk" / f"d{number // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{number}.txt").write_text("x", encoding="utf-8")
    stale = repo / "bulk" / "d42" / ".f4200.txt.abcd1234.tmp"
    stale.write_text("half", encoding="utf-8")
    started = time.monotonic()
    found = find_leftovers(repo, quiet_seconds=0)
    elapsed = time.monotonic() - started
    assert [leftover.path for leftover in found] == [stale]
    assert elapsed < 1.0, f"find_leftovers took {elapsed:.2f} s"


def test_sync_repair_when_nothing_is_wrong_just_syncs(repo: Path, tmp_path: Path, minutes_bin: str) -> None:
    """`minutes sync --repair` on a healthy repository: no repair message, an ordinary sync, exit 0."""
    _bare_remote(repo, tmp_path)
    done = _minutes(minutes_bin, "sync", "--repair", str(repo))
    assert done.returncode == 0, done.stderr
    assert "repaired" not in done.stderr and "Traceback" not in done.stderr


def test_repair_continue_with_conflicts_left_says_so_and_changes_nothing(repo: Path, minutes_bin: str) -> None:
    """`minutes repair --continue` while the conflict is unresolved: exit non-zero, one line, HEAD and the rebase as they were."""
    stop_a_rebase(repo, MEETING)
    head = run_git(repo, "rev-parse", "HEAD")
    done = _minutes(minutes_bin, "repair", "--continue", str(repo))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert run_git(repo, "rev-parse", "HEAD") == head and (repo / ".git" / "rebase-merge").exists()


def test_drafts_of_a_dead_writer_and_of_the_old_format_are_both_offered(repo: Path) -> None:
    """A writer whose process died (pid gone) and a draft file from before writers were named: both listed at start."""
    text = (repo / MEETING).read_text(encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    save_draft(repo, MEETING, text.replace("Chefforum", "Chefforum (død skriver)", 1), text, f"{dead.stdout.strip()}-abcdef")
    other_text = (repo / OTHER).read_text(encoding="utf-8")
    save_draft(repo, OTHER, other_text + "# gammelt format\n", other_text)  # no writer: the name of the previous format
    assert (repo / ".git" / "minutes-drafts" / (OTHER.replace("/", "__") + ".json")).exists()
    offered = {draft.relative for draft in list_drafts(repo)}
    assert offered == {MEETING, OTHER}
