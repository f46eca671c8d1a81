"""`make run` keeps one demo copy and opens it again; the sample repository ships inside the package; platformdirs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LULS, PROJECT, git_env, hold_meetings
from pilot_wait import open_meeting, settle
from textual.widgets import Button, Input
from tmux_session import Terminal, terminal_in

from repo_layout import locations
from repo_layout.demo import kept_demo, kept_demo_dir
from tui.app import make_app
from tui.screens.browse import BrowseScreen
from tui.widgets.dialogs import IdentityDialog

VENV_BIN = Path(sys.executable).parent


def test_the_folders_come_from_platformdirs_and_the_environment_overrides_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("MINUTES_CONFIG_DIR", "MINUTES_DATA_DIR", "MINUTES_CACHE_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xk"))
    assert locations.config_dir() == tmp_path / "xc" / "minutes"
    assert locations.data_dir() == tmp_path / "xd" / "minutes"
    assert locations.cache_dir() == tmp_path / "xk" / "minutes"
    monkeypatch.setenv("MINUTES_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("MINUTES_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "k"))
    folders = (locations.config_dir(), locations.data_dir(), locations.cache_dir())
    assert folders == (tmp_path / "c", tmp_path / "d", tmp_path / "k")


def test_the_sample_repository_is_package_data() -> None:
    """The demo's sample lies inside the repo_layout package, and pyproject's package data names every file of it."""
    sample = locations.sample_repository()
    package = Path(locations.__file__).resolve().parent
    assert sample.parent == package and (sample / "minutes.yaml").is_file()
    patterns = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    shipped = {path for pattern in patterns["repo_layout"] for path in package.glob(pattern)}
    files = {path for path in sample.rglob("*") if path.is_file()}
    assert files and files <= shipped
    # in the checkout the package's copy is the one sample-repo/ the tests and the docs name
    assert sorted(p.relative_to(sample) for p in files) == sorted(
        p.relative_to(PROJECT / "sample-repo") for p in (PROJECT / "sample-repo").rglob("*") if p.is_file()
    )


def _offline_setuptools(venv: Path) -> bool:
    """A venv with a setuptools that reads this pyproject (77 or later), from the machine's local package indexes only."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = str(venv / "bin" / "pip")
    listed = subprocess.run([pip, "config", "list"], capture_output=True, text=True, check=False).stdout
    local = re.findall(r"file://\S+?(?=[\s'])", listed)
    if not local:
        return False
    sources = ["--index-url", local[0], *(arg for url in local[1:] for arg in ("--extra-index-url", url))]
    done = subprocess.run([pip, "install", "-q", *sources, "setuptools>=77"], capture_output=True, text=True, check=False)
    return done.returncode == 0


def test_minutes_demo_works_from_an_installed_wheel(tmp_path: Path) -> None:
    """A wheel built from the checkout, installed apart from it, makes the demo from the sample inside the package."""
    builder = tmp_path / "build-venv"
    if not _offline_setuptools(builder):
        pytest.skip("no setuptools 77+ wheel on this machine to build offline")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, source / name)
    for name in ("tui", "repo_layout", "sample-repo"):
        shutil.copytree(PROJECT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [str(builder / "bin" / "pip"), "-q"]
    offline = ["--no-deps", "--no-index"]
    subprocess.run([*pip, "wheel", *offline, "--no-build-isolation", "-w", str(tmp_path / "dist"), "."], cwd=source, check=True)
    (wheel,) = (tmp_path / "dist").glob("minutes-*.whl")
    site = tmp_path / "site"
    subprocess.run([*pip, "install", *offline, "--target", str(site), str(wheel)], check=True)
    shutil.rmtree(source)  # nothing of the checkout copy is left to fall back on
    env = dict(git_env(), PYTHONPATH=str(site), MINUTES_DATA_DIR=str(tmp_path / "data"))
    code = "import sys, repo_layout; from tui.cli import main; print(repo_layout.__file__, file=sys.stderr); sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "demo", "--no-open", str(tmp_path / "demo")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(str(site)), done.stderr  # the installed package ran, not the checkout
    assert (tmp_path / "demo" / "albertslund-kommune" / "chefforum" / "2019-10-24.yaml").is_file()


def test_kept_demo_is_made_once_then_reused_and_fresh_moves_it_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_DATA_DIR", str(tmp_path / "data"))
    first = kept_demo()
    assert first.made and first.path == kept_demo_dir().resolve()
    (first.path / "marker").write_text("mine", encoding="utf-8")
    again = kept_demo()
    assert not again.made and again.path == first.path and (again.path / "marker").is_file()
    fresh = kept_demo(fresh=True)
    assert fresh.made and fresh.path == first.path and not (fresh.path / "marker").exists()
    assert fresh.moved_aside is not None and (fresh.moved_aside / "marker").read_text(encoding="utf-8") == "mine"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=git_env(), check=False)
    return done.stdout.strip()


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    env = dict(git_env(), LANG="C.UTF-8", LC_ALL="C.UTF-8", MINUTES_CACHE_DIR=str(tmp_path / "cache"))
    yield from terminal_in(tmp_path, "minutes-make", env)


def _make(term: Terminal, target: str) -> str:
    """Run `make TARGET` in the checkout (its venv as it is), quit the app with q, and return what make printed."""
    if term.session_alive():
        term.tmux("kill-session", "-t", "main")
    command = f"make -C {PROJECT} -o .venv/.installed BIN={VENV_BIN} {target}; echo MAKE-EXIT=$?; exec sleep 60"
    term.start(["sh", "-c", command], PROJECT)
    term.wait_for(lambda screen: "Ledelsesreferater" in screen and "Chefforum" in screen)
    term.keys("q")
    return term.wait_for(lambda screen: "MAKE-EXIT=" in screen)


@pytest.mark.tmux
def test_make_run_says_where_its_copy_is_and_opens_the_same_copy_next_time(term: Terminal, tmp_path: Path) -> None:
    demo = tmp_path / "data" / "demo"
    said = _make(term, "run")
    assert "MAKE-EXIT=0" in said and "kept in" in said.replace("\n", "")
    assert str(demo) in said.replace("\n", "")
    # the identity given in this copy, and anything else in it, is there on the next run
    _git(demo, "config", "user.name", "Mette")
    head = _git(demo, "rev-parse", "HEAD")
    said = _make(term, "run")
    assert "Opening the demo repository kept in" in said.replace("\n", "")
    assert _git(demo, "config", "--local", "user.name") == "Mette"
    assert _git(demo, "rev-parse", "HEAD") == head
    said = _make(term, "demo-fresh")
    assert "MAKE-EXIT=0" in said
    assert _git(demo, "config", "--local", "user.name") == ""
    (aside,) = [path for path in demo.parent.iterdir() if path.name.startswith("demo-")]
    assert _git(aside, "config", "--local", "user.name") == "Mette"
    assert (demo / ".git").is_dir()


@pytest.mark.usefixtures("app_dirs_in_tmp", "no_user_git")
@pytest.mark.parametrize("button", ["#identity-everywhere", "#identity-ok"])
async def test_the_identity_is_remembered_everywhere_or_here(demo_repo: Path, tmp_path: Path, button: str) -> None:
    """The identity dialog's two answers: the global git config (every repository) or this repository's config."""
    hold_meetings(demo_repo, LULS)  # held: its save is an edit, not a correction that asks a reason first
    _git(demo_repo, "config", "--unset", "user.name")
    _git(demo_repo, "config", "--unset", "user.email")
    app = make_app(demo_repo / LULS)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot, app)
        screen.view.highlight_point(0)
        await pilot.press("J", "ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, IdentityDialog) and app.screen.query(Button))
        await pilot.press(*"Mette", "tab", *"mette@example.dk")
        assert app.screen.query_one("#identity-email", Input).value == "mette@example.dk"
        everywhere = app.screen.query_one("#identity-everywhere", Button)
        assert everywhere.region.bottom <= 24 and everywhere.region.right <= 80  # both answers in sight at 80x24
        app.screen.query_one(button, Button).press()
        await settle(pilot, lambda: isinstance(app.screen, BrowseScreen) and not app.screen._saving and "●" not in app.sub_title)
    global_config = (tmp_path / "gitconfig").read_text(encoding="utf-8")
    local_name = _git(demo_repo, "config", "--local", "user.name")
    if button == "#identity-everywhere":
        assert "Mette" in global_config and "mette@example.dk" in global_config and local_name == ""
    else:
        assert global_config == "" and local_name == "Mette"
    assert _git(demo_repo, "log", "-1", "--format=%an <%ae>") == "Mette <mette@example.dk>"
