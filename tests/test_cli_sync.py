"""`minutes sync` and `minutes clone`, run as the installed console script against a real git remote.

The remote is a bare repository in tmp_path; Anna and Bo each have a clone with their own user.name
and user.email, and every commit is made with the git binary. `minutes` runs with no identity in its
environment, so whatever it commits carries the identity of the clone it runs in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sync_world
from conftest import SAMPLE_REPO
from sync_world import ANNA, BO, DECISION_1, DECISION_7, MEETING, OTHER_MEETING, replace_once


def isolated_env(home: Path) -> dict[str, str]:
    """No user or system git config and no identity from the environment: each clone's own config decides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "MINUTES_")) and key.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C.UTF-8")
    env.update(
        MINUTES_DATA_DIR=str(home / "data"), MINUTES_CONFIG_DIR=str(home / "config"), MINUTES_CACHE_DIR=str(home / "cache")
    )
    return env


@dataclass
class World(sync_world.Clones):
    """The remote and the two clones, and the isolated environment that git and `minutes` run in."""

    env: dict[str, str]

    def git(self, repo: Path, *args: str) -> str:
        """The real git binary in `repo`; fail the test with git's words when it fails."""
        result = subprocess.run(["git", *args], cwd=repo, env=self.env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"git {' '.join(args)} in {repo.name} failed: {result.stderr.strip()}")
        return result.stdout

    def head(self, repo: Path, revision: str = "HEAD") -> str:
        return self.git(repo, "rev-parse", revision).strip()

    def edit(self, repo: Path, relative: str, old: str, new: str, message: str) -> str:
        """Replace `old` by `new` once in a file, commit it with git as the clone's user; the commit id."""
        replace_once(repo, relative, old, new)
        self.git(repo, "commit", "--quiet", "-am", message)
        return self.head(repo)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a bare remote holding sample-repo as committed and pushed by Anna; Anna's and Bo's clones."""
    base = tmp_path_factory.mktemp("sync-template")
    return sync_world.make_template(base, isolated_env(base))


@pytest.fixture
def world(template: Path, tmp_path: Path) -> World:
    """A fresh copy of the template for one test, the clones pointing at its own remote."""
    env = isolated_env(tmp_path)
    clones = sync_world.copy_template(template, tmp_path, env)
    return World(clones.remote, clones.anna, clones.bo, env)


@pytest.fixture
def minutes(minutes_bin: str, world: World) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `minutes` in a folder, with the world's isolated environment."""

    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [minutes_bin, *map(str, args)], cwd=cwd, env=world.env, capture_output=True, text=True, timeout=60, check=False
        )

    return run


def assert_one_error_line(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """Exit `code`, no traceback, and exactly one "minutes: " error line (the last) naming each of `words`.

    `minutes sync` reports its progress on stderr too ("Kontrollerer arbejdsmappen"); those lines may
    come before the error, which is the one line that says what went wrong.
    """
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("minutes: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    for word in words:
        assert word in errors[0], (word, errors[0])
    return errors[0]


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file of the work tree (outside .git) and its bytes."""
    return {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }


def repository_state(world: World, repo: Path) -> dict[str, object]:
    """All a failed sync could have changed in a clone: HEAD, branch, status, index, work tree files, stash."""
    return {
        "HEAD": world.head(repo),
        "branch": world.git(repo, "symbolic-ref", "HEAD").strip(),
        "status": world.git(repo, "status", "--porcelain", "--untracked-files=all"),
        "index": world.git(repo, "write-tree").strip(),
        "files": snapshot(repo),
        "stash": world.git(repo, "stash", "list"),
    }


def operation_in_progress(repo: Path) -> list[str]:
    git_dir = repo / ".git"
    return [name for name in ("rebase-merge", "rebase-apply", "MERGE_HEAD", "CHERRY_PICK_HEAD") if (git_dir / name).exists()]


# --- sync -----------------------------------------------------------------------------------------------


def test_sync_brings_in_the_other_change_and_pushes_mine(world: World, minutes) -> None:
    theirs = world.edit(world.bo, OTHER_MEETING, "status: approved", "status: held", "Bo: 2015 afholdt")
    world.git(world.bo, "push", "--quiet")
    world.edit(world.anna, MEETING, "location: Mødelokale 1", "location: Byrådssalen", "Anna: nyt mødested")

    result = minutes("sync", cwd=world.anna)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "hentet 1, sendt 1"

    # Anna has Bo's change and kept hers
    assert "status: held" in (world.anna / OTHER_MEETING).read_text(encoding="utf-8")
    assert "location: Byrådssalen" in (world.anna / MEETING).read_text(encoding="utf-8")
    assert world.git(world.anna, "status", "--porcelain", "--untracked-files=all") == ""
    assert operation_in_progress(world.anna) == []
    # her commit sits on top of Bo's (a rebase), still hers, and the remote has it
    assert world.head(world.anna, "HEAD~1") == theirs
    assert world.git(world.anna, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s").strip() == (
        "Anna Andersen <anna@example.org>|Anna Andersen <anna@example.org>|Anna: nyt mødested"
    )
    assert world.head(world.remote, "main") == world.head(world.anna)
    assert "location: Byrådssalen" in world.git(world.remote, "show", f"main:{MEETING}")

    # and Bo, syncing by path from elsewhere, ends with both changes too
    again = minutes("sync", world.bo, cwd=world.bo.parent)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "hentet 1, sendt 0"
    assert world.head(world.bo) == world.head(world.remote, "main")
    assert "location: Byrådssalen" in (world.bo / MEETING).read_text(encoding="utf-8")


def test_sync_merges_different_points_of_one_meeting_field_by_field(world: World, minutes) -> None:
    world.edit(world.bo, MEETING, DECISION_1, "      Godkendt af Bo.\n", "Bo: punkt 1")
    world.git(world.bo, "push", "--quiet")
    world.edit(world.anna, MEETING, DECISION_7, "      Intet nyt, skrev Anna.\n", "Anna: punkt 7")

    result = minutes("sync", cwd=world.anna)
    assert result.returncode == 0, result.stderr
    assert any(line.startswith(f"flettet: {MEETING}") for line in result.stdout.splitlines()), result.stdout
    text = (world.anna / MEETING).read_text(encoding="utf-8")
    assert "Godkendt af Bo." in text and "Intet nyt, skrev Anna." in text
    assert world.git(world.remote, "show", f"main:{MEETING}") == text
    assert world.git(world.anna, "status", "--porcelain") == ""


def test_sync_without_a_remote_is_one_line_and_exit_2(world: World, minutes, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    shutil.copytree(SAMPLE_REPO, alone)
    world.git(alone, "init", "--quiet", "--initial-branch=main")
    world.git(alone, "add", "--all")
    world.git(alone, "-c", f"user.name={ANNA[0]}", "-c", f"user.email={ANNA[1]}", "commit", "--quiet", "-m", "Referaterne")
    before = (world.head(alone), snapshot(alone))

    result = minutes("sync", cwd=alone)
    assert_one_error_line(result, 2, "arkivet har ingen fjern-kopi at synkronisere med")
    english = minutes("sync", "--lang", "en", cwd=alone)
    assert_one_error_line(english, 2, "this repository has no remote to sync with")
    assert result.stdout == ""
    assert (world.head(alone), snapshot(alone)) == before
    assert world.git(alone, "status", "--porcelain") == ""


def test_sync_outside_a_repository_is_exit_2(world: World, minutes, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert_one_error_line(minutes("sync", cwd=tmp_path / "empty"), 2, "ligger ikke i et referatarkiv")


@pytest.mark.parametrize("mode", ["rebase", "merge"])
def test_a_same_field_conflict_exits_1_and_leaves_the_repository_as_it_was(world: World, minutes, mode: str) -> None:
    if mode == "merge":
        world.git(world.anna, "config", "pull.rebase", "false")
    world.edit(world.bo, MEETING, DECISION_1, "      Bo skrev denne beslutning.\n", "Bo: beslutning 1")
    world.git(world.bo, "push", "--quiet")
    world.edit(world.anna, MEETING, DECISION_1, "      Anna skrev denne beslutning.\n", "Anna: beslutning 1")
    remote_before = world.head(world.remote, "main")
    before = repository_state(world, world.anna)

    for _ in range(2):  # and again: nothing was left behind that changes the second try
        result = minutes("sync", cwd=world.anna)
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        conflicts = [line for line in result.stderr.splitlines() if line.startswith("konflikt: ")]
        assert conflicts == [f"konflikt: {MEETING}: punkt 1: beslutning ({ANNA[0]} / {BO[0]})"], result.stderr
        assert "de samme felter er ændret på begge sider; intet er ændret eller sendt." in result.stderr
        assert repository_state(world, world.anna) == before
        assert operation_in_progress(world.anna) == []
        assert world.head(world.remote, "main") == remote_before, "nothing was pushed"


# --- clone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "file-url"])
def test_clone_makes_a_working_copy(world: World, minutes, tmp_path: Path, as_url: bool) -> None:
    url = world.remote.as_uri() if as_url else str(world.remote)
    target = tmp_path / "carla" / "referater"
    result = minutes("clone", url, target, "--no-open", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == target
    assert (target / "minutes.yaml").is_file()
    assert (target / ".git").is_dir()
    assert world.head(target) == world.head(world.remote, "main")
    assert world.git(target, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"
    assert snapshot(target) == snapshot(world.anna)
    validated = minutes("validate", cwd=target)
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_clone_without_dir_uses_the_remotes_name(world: World, minutes, tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = minutes("clone", world.remote, "--no-open", cwd=here)
    assert result.returncode == 0, result.stderr
    assert (here / "remote" / "minutes.yaml").is_file()


def test_clone_into_a_non_empty_folder_is_refused(world: World, minutes, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "mine.txt").write_text("mit eget\n", encoding="utf-8")
    result = minutes("clone", world.remote, target, "--no-open", "--lang", "en", cwd=tmp_path)
    assert_one_error_line(result, 2, "not empty")
    assert sorted(path.name for path in target.iterdir()) == ["mine.txt"]
    assert (target / "mine.txt").read_text(encoding="utf-8") == "mit eget\n"


def test_clone_of_a_remote_that_does_not_exist(world: World, minutes, tmp_path: Path) -> None:
    result = minutes("clone", tmp_path / "nowhere.git", tmp_path / "copy", "--no-open", cwd=tmp_path)
    assert_one_error_line(result, 2)
    assert not (tmp_path / "copy").exists()
