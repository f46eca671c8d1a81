"""Shared fixtures: a fresh copy of sample-repo, real git repositories, the installed `minutes` command.

Everything here works on real files in tmp_path and the real git binary; nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from repo_layout.demo import make_demo
from repo_layout.model.discover import Repository
from repo_layout.search.index import SearchIndex

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE_REPO = PROJECT / "sample-repo"
# sample-repo's meetings, by the names the search tests know them by
LULS = "albertslund-kommune/chefforum/2019-10-24.yaml"
BUDGET = "albertslund-kommune/chefforum/2015-04-23.yaml"
LEMVIG = "lemvig-kommune/centerledermoede/2020-10-08.yaml"
AARHUS = "aarhus-kommune/chefteammoede/2021-10-14.yaml"
SL = "sl-ledersektionen/aarsmoede/2018-04-05.yaml"

GIT_NAME = "Test Referent"
GIT_EMAIL = "referent@example.org"
DEMO_AUTHOR = ("Ida Referent", "ida@example.org")


def _minutes_binary() -> str:
    beside_python = Path(sys.executable).parent / "minutes"
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("minutes")
    if found is None:
        pytest.fail("the `minutes` console script is not installed (pip install -e '.[test]')")
    return found


def git_env(name: str = GIT_NAME, email: str = GIT_EMAIL) -> dict[str, str]:
    """The environment for git: no user or system config can change what a test sees; `name <email>` commits."""
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
    )
    return env


def run_git(repo: Path, *args: str) -> str:
    """Run the real git binary in `repo`; fail the test with git's own words if it fails."""
    result = subprocess.run(
        ["git", "-c", f"user.name={GIT_NAME}", "-c", f"user.email={GIT_EMAIL}", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=git_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"git {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def git_out(repo: Path, *args: str) -> str:
    """The git binary in `repo` with the environment as it is (the repository's own config decides); its output."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def stop_a_rebase(repo: Path, relative: str) -> tuple[str, subprocess.CompletedProcess[bytes]]:
    """`git rebase other` stopped on a conflict: main and a new branch `other` each changed the first "Chefforum" in `relative`.

    Returns main's HEAD just before the rebase, and the rebase's result.
    """
    meeting = repo / relative
    run_git(repo, "switch", "--quiet", "-c", "other")
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("Chefforum", "Chefforum (anden)", 1), encoding="utf-8")
    run_git(repo, "commit", "--quiet", "-am", "other")
    run_git(repo, "switch", "--quiet", "main")
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("Chefforum", "Chefforum (main)", 1), encoding="utf-8")
    run_git(repo, "commit", "--quiet", "-am", "main")
    mine = run_git(repo, "rev-parse", "HEAD").strip()
    stopped = subprocess.run(["git", "rebase", "other"], cwd=repo, env=git_env(), capture_output=True, check=False)
    return mine, stopped


def make_git_repo(path: Path, message: str = "initial") -> Path:
    """`git init` the folder and commit everything in it."""
    run_git(path, "init", "--quiet", "--initial-branch=main")
    run_git(path, "add", "--all")
    run_git(path, "commit", "--quiet", "--message", message)
    return path


def hold_meetings(root: Path, *relatives: str) -> Path:
    """Make approved meetings (all of the repository's, or those named) held again, in one commit; the root.

    An edit of approved minutes is a correction that needs a reason; tests of editing itself edit held meetings.
    """
    paths = [root / relative for relative in relatives] or [
        path for path in sorted(root.rglob("*.yaml")) if ".git" not in path.relative_to(root).parts
    ]
    held = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if "\nstatus: approved\n" in text:
            path.write_text(text.replace("\nstatus: approved\n", "\nstatus: held\n", 1), encoding="utf-8")
            held.append(str(path.relative_to(root)))
    if not held:
        pytest.fail(f"no approved meeting to hold in {root}")
    run_git(root, "commit", "--quiet", "--message", "meetings held, not approved", "--", *held)
    return root


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `relative path -> text or bytes` under root, making folders as needed."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def plain(node: Any) -> Any:
    """A ruamel round-trip document as plain Python (dict, list, str, int, float, datetime), for comparing with PyYAML."""
    if isinstance(node, CommentedMap | dict):
        return {plain(key): plain(value) for key, value in node.items()}
    if isinstance(node, CommentedSeq | list):
        return [plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(*node.timetuple()[:6])
    return node


MINIMAL_REPO = {
    "minutes.yaml": "schema: 1\nname: Testreferater\nlanguage: da\n",
    "org/group.yaml": "name: Organisationen\n",
    "org/forum/forum.yaml": "name: Forummet\n",
}


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """A private copy of sample-repo/ (no git)."""
    target = tmp_path / "sample-repo"
    shutil.copytree(SAMPLE_REPO, target)
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """One search index of a copy of sample-repo (no git, no cache), shared by the tests that only search it."""
    root = tmp_path_factory.mktemp("sample-index") / "repo"
    shutil.copytree(SAMPLE_REPO, root)
    return SearchIndex.build(Repository(root), use_cache=False)


@pytest.fixture
def sample_git_repo(sample_repo: Path) -> Path:
    """A copy of sample-repo/ as a git repository with one commit and a clean work tree."""
    return make_git_repo(sample_repo)


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """The demo repository (`minutes demo`) in tmp_path/demo, with DEMO_AUTHOR as user.name and user.email in its config."""
    path = make_demo(tmp_path / "demo")
    for key, value in zip(("user.name", "user.email"), DEMO_AUTHOR, strict=True):
        subprocess.run(["git", "-C", str(path), "config", key, value], capture_output=True, check=True)
    return path


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Make a minutes repository from `relative path -> content` (on top of a minimal one)."""

    def make(files: dict[str, str | bytes] | None = None, name: str = "repo", minimal: bool = True) -> Path:
        root = tmp_path / name
        root.mkdir()
        write_files(root, {**(MINIMAL_REPO if minimal else {}), **(files or {})})
        return root

    return make


@pytest.fixture(scope="session")
def minutes_bin() -> str:
    return _minutes_binary()


@pytest.fixture(scope="session")
def command_env() -> dict[str, str]:
    """The environment for running `minutes` or git in a subprocess (git isolated from user config)."""
    return git_env()


@pytest.fixture
def run_minutes(minutes_bin: str, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `minutes` command; its data folder is kept inside tmp_path."""

    def run(*args: str | Path, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        env = git_env()
        env["MINUTES_DATA_DIR"] = str(tmp_path / "data")
        env["MINUTES_CONFIG_DIR"] = str(tmp_path / "config")
        env["MINUTES_CACHE_DIR"] = str(tmp_path / "cache")
        return subprocess.run(
            [minutes_bin, *map(str, args)],
            cwd=cwd or tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def git() -> Callable[..., str]:
    """`git(repo, *args)`: the real git binary, isolated from the user's config."""
    return run_git


@pytest.fixture
def git_init() -> Callable[..., Path]:
    """`git_init(folder)`: make the folder a git repository with everything committed."""
    return make_git_repo


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """tmux tests run in one serial pass (`-m serial`: a real terminal's timing wants the machine to itself), the rest,
    snapshots included (each draws in its own headless app), on two cores."""
    for item in items:
        if item.get_closest_marker("tmux"):
            item.add_marker(pytest.mark.serial)


@pytest.fixture
def app_dirs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's config and cache folders inside tmp_path: a user's theme or cache never changes what a test sees."""
    monkeypatch.setenv("MINUTES_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def no_user_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git config, and no author, date, repository or proxy from the environment."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in (
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_DATE", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "http_proxy", "https_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy",
    ):  # fmt: skip
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def identity_repo(sample_git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample repository with git's identity in the environment (children inherit it), app folders in tmp_path."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(sample_git_repo.parent / "cache"))
    monkeypatch.setenv("MINUTES_CONFIG_DIR", str(sample_git_repo.parent / "config"))
    return sample_git_repo
