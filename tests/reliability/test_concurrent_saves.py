"""Two writers at the same instant: real processes, a real git repository, rounds counted.

Same meeting: exactly one commit wins, the other writer is told the file changed and keeps its edit (dirty, draft).
Different meetings: both commits land, each holds its own file with a message about its own change, nothing staged.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import hold_meetings, run_git
from reliability_rounds import rounds

from repo_layout.editing.saving import ExternalChangeError
from repo_layout.editing.session import EditSession
from repo_layout.model.discover import Repository


@pytest.fixture
def repo(identity_repo: Path) -> Path:
    """The sample with its meetings held, not approved: these saves are edits, not corrections that ask a reason."""
    return hold_meetings(identity_repo)

SAME = "albertslund-kommune/chefforum/2019-10-24.yaml"
OTHER = "aarhus-kommune/chefteammoede/2021-10-14.yaml"
FORK = multiprocessing.get_context("fork")


def _writer(root: str, relative: str, title: str, barrier: Any, results: Any) -> None:
    """One writer: open the meeting, change point 1's title, keep the draft, wait for the other, save."""
    repository = Repository(Path(root))
    path = repository.root / relative
    session = EditSession(repository, repository.load_meeting(path), repository.forum_of(path), "da")
    session.meeting.points[0].title = title
    session.write_draft()
    barrier.wait()
    try:
        result = session.save()
        outcome: dict[str, object] = {"outcome": "saved", "commit": result.commit, "message": result.message}
    except ExternalChangeError:
        outcome = {"outcome": "external"}
    except Exception as error:  # the test reports any other failure by name
        outcome = {"outcome": f"error: {type(error).__name__}: {error}"}
    draft = session.draft()
    outcome.update(title=title, dirty=session.dirty, draft_title=title if draft and title in draft.text else None)
    results.put(outcome)


def _race(root: Path, jobs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    barrier = FORK.Barrier(len(jobs))
    results = FORK.Queue()
    workers = [FORK.Process(target=_writer, args=(str(root), rel, title, barrier, results)) for rel, title in jobs]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return outcomes


def _commits(root: Path) -> list[str]:
    return run_git(root, "rev-list", "HEAD").split()


def _files_of(root: Path, commit: str) -> list[str]:
    return run_git(root, "show", "--format=", "--name-only", commit).split()


def test_two_writers_of_one_meeting_one_wins_and_the_other_keeps_its_edit(repo: Path) -> None:
    count = rounds(12, 100)
    lost = mislabelled = 0
    for round_number in range(count):
        before = _commits(repo)
        mine, theirs = f"Runde {round_number} fra A", f"Runde {round_number} fra B"
        outcomes = _race(repo, [(SAME, mine), (SAME, theirs)])
        kinds = sorted(outcome["outcome"] for outcome in outcomes)
        assert kinds == ["external", "saved"], outcomes
        winner = next(outcome for outcome in outcomes if outcome["outcome"] == "saved")
        loser = next(outcome for outcome in outcomes if outcome["outcome"] == "external")
        after = _commits(repo)
        assert after[1:] == before and after[0] == winner["commit"]
        head_text = run_git(repo, "show", f"HEAD:{SAME}")
        if winner["title"] not in head_text or loser["title"] in head_text:
            mislabelled += 1
        if "titel i punkt 1" not in run_git(repo, "log", "-1", "--format=%s"):
            mislabelled += 1
        if not (loser["dirty"] and loser["draft_title"] == loser["title"]):
            lost += 1
        assert (repo / SAME).read_text(encoding="utf-8") == head_text
        assert run_git(repo, "status", "--porcelain") == ""
    assert (lost, mislabelled) == (0, 0), f"{count} rounds: {lost} lost, {mislabelled} mislabelled"


def test_two_writers_of_different_meetings_both_land_each_with_its_own_file(repo: Path) -> None:
    count = rounds(12, 100)
    failed = mixed = 0
    for round_number in range(count):
        before = _commits(repo)
        outcomes = _race(repo, [(SAME, f"Runde {round_number} i Chefforum"), (OTHER, f"Runde {round_number} i Aarhus")])
        if any(outcome["outcome"] != "saved" for outcome in outcomes):
            failed += 1
            continue
        after = _commits(repo)
        assert after[2:] == before and len(after) == len(before) + 2
        for outcome in outcomes:
            relative = SAME if "Chefforum" in outcome["title"] else OTHER
            files = _files_of(repo, outcome["commit"])
            shown = run_git(repo, "show", f"{outcome['commit']}:{relative}")
            forum_words = "Chefforum 2019-10-24" if relative == SAME else "2021-10-14"
            if files != [relative] or outcome["title"] not in shown or forum_words not in outcome["message"]:
                mixed += 1
        assert run_git(repo, "diff", "--cached", "--name-only") == ""
        assert run_git(repo, "status", "--porcelain") == ""
    assert (failed, mixed) == (0, 0), f"{count} rounds: {failed} failed, {mixed} mixed up"


def test_a_save_never_commits_what_the_user_staged_by_hand(repo: Path) -> None:
    (repo / "NOTES.md").write_text("private notes\n", encoding="utf-8")
    run_git(repo, "add", "NOTES.md")
    outcomes = _race(repo, [(SAME, "Alene i sin commit")])
    assert outcomes[0]["outcome"] == "saved"
    assert _files_of(repo, outcomes[0]["commit"]) == [SAME]
    assert run_git(repo, "diff", "--cached", "--name-only").split() == ["NOTES.md"]


def test_an_import_and_a_save_at_the_same_time_both_commit(repo: Path, minutes_bin: str, tmp_path: Path) -> None:
    count = rounds(4, 20)
    source = tmp_path / "referat.txt"
    for round_number in range(count):
        source.write_text(f"Referat\n\nDato: {round_number + 1:02d}.03.2031\n\n1. Punkt\nTekst.\n", encoding="utf-8")
        before = _commits(repo)
        barrier = FORK.Barrier(2)
        results = FORK.Queue()
        writer = FORK.Process(target=_writer, args=(str(repo), SAME, f"Runde {round_number}", barrier, results))
        writer.start()
        barrier.wait()
        env = {**os.environ, "MINUTES_CACHE_DIR": str(tmp_path / "cache")}
        imported = subprocess.run(
            [minutes_bin, "import", str(source), "--forum", str(repo / "aarhus-kommune/chefteammoede")],
            cwd=repo, env=env, capture_output=True, text=True, timeout=60, check=False,
        )
        outcome = results.get(timeout=60)
        writer.join(timeout=30)
        assert imported.returncode == 0, imported.stderr
        assert outcome["outcome"] == "saved", outcome
        assert len(_commits(repo)) == len(before) + 2
        assert _files_of(repo, outcome["commit"]) == [SAME]
        assert run_git(repo, "status", "--porcelain") == ""
