"""Layering: repo_layout is a library that never imports Textual (nor the tui package that does)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "repo_layout"
MODULES = sorted(LIBRARY.rglob("*.py"))
FORBIDDEN = ("textual", "tui")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement names, anywhere in the file (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def imports_under(path: Path, packages: tuple[str, ...]) -> list[str]:
    """`file:line: import module` for each import in the file of a module in one of the packages."""
    return [f"{path.name}:{line}: import {module}" for line, module in imported_modules(path) if module.split(".")[0] in packages]


def python_file(folder: Path, *lines: str) -> Path:
    """sample.py in folder, of these lines: a module for the checkers to read."""
    sample = folder / "sample.py"
    sample.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return sample


def test_the_library_has_modules() -> None:
    names = {path.stem for path in MODULES}
    assert {"__init__", "yamlio", "meeting", "discover", "validate"} <= names


def test_the_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The AST walk must find imports at the top, inside functions and by name, or it would prove nothing."""
    sample = python_file(
        tmp_path,
        "import textual.app",
        "from textual import on",
        "def later():",
        "    from tui.app import run_app",
        "    import importlib",
        "    return importlib.import_module('textual.widgets')",
    )
    expected = ["textual.app", "textual", "tui.app", "importlib", "textual.widgets"]
    assert [module for _, module in imported_modules(sample)] == expected


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(LIBRARY).as_posix())
def test_no_library_module_imports_textual(path: Path) -> None:
    assert imports_under(path, FORBIDDEN) == []


def test_importing_the_library_loads_no_textual() -> None:
    """In a fresh interpreter: import every repo_layout module, then look at sys.modules."""
    code = (
        "import importlib, pkgutil, sys, repo_layout\n"
        "for info in pkgutil.walk_packages(repo_layout.__path__, 'repo_layout.'):\n"
        "    importlib.import_module(info.name)\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'tui', 'rich'))\n"
        "print(len([n for n in sys.modules if n.startswith('repo_layout.')]), loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    count, loaded = result.stdout.strip().split(" ", 1)
    assert int(count) >= 5
    assert loaded == "[]"


@pytest.mark.parametrize(
    "modules",
    [
        "tui.app",  # the app's first paint (GitPython is no dependency; this keeps it from coming back on a start)
        # minutes log
        "tui.cli, repo_layout.history.log_prefetch, repo_layout.history.meeting_history, repo_layout.history.summaries",
    ],
)
def test_starting_loads_no_gitpython(modules: str) -> None:
    code = f"import sys, {modules}\nprint(sorted(name for name in sys.modules if name.split('.')[0] == 'git'))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


TUI = LIBRARY.parent / "tui"
SHOWING = sorted([*(TUI / "screens").rglob("*.py"), *(TUI / "widgets").rglob("*.py")])
UI_FORBIDDEN = ("subprocess", "ruamel")


@pytest.mark.parametrize("path", SHOWING, ids=lambda path: path.relative_to(TUI).as_posix())
def test_screens_and_widgets_run_no_programs_and_parse_no_yaml(path: Path) -> None:
    """Screens and widgets only show: git, $EDITOR and YAML are the library's (or tui/editor_flow's) business."""
    assert imports_under(path, UI_FORBIDDEN) == []


def test_no_tui_module_reaches_into_textuals_bindings() -> None:
    """Bindings, footer, help and palette come from tui/actions.py through Textual's public API."""
    assert SHOWING
    offending = []
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            name = node.attr if isinstance(node, ast.Attribute) else node.value if isinstance(node, ast.Constant) else None
            if name in ("_bindings", "_merged_bindings"):  # also getattr(node, "_bindings")
                offending.append(f"{path.relative_to(TUI)}:{node.lineno}: {name}")
    assert offending == []


GIT_PACKAGE = LIBRARY / "git"
# modules outside repo_layout/git that may start a program; none of them runs git
STARTS_PROGRAMS = {
    "worker_pool.py": "starts Python processes that read YAML for the search index",
}
RUNS_PROGRAMS = ("system", "popen", "execv", "execve", "execvp", "execvpe", "spawnv", "spawnvp", "posix_spawn", "posix_spawnp")


def programs_started(path: Path) -> list[tuple[int, str]]:
    """Where a file may start a program: imports of subprocess, GitPython (`git`) or pty, and calls like os.system."""
    starters = ("subprocess", "git", "pty")
    found = [(line, f"import {module}") for line, module in imported_modules(path) if module.split(".")[0] in starters]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RUNS_PROGRAMS or node.func.attr.startswith("create_subprocess"):
                found.append((node.lineno, f"call {node.func.attr}"))
    return found


def test_the_program_check_sees_every_way_to_start_one(tmp_path: Path) -> None:
    """The checker must find each way a module could run git, or the layering test would prove nothing."""
    sample = python_file(
        tmp_path,
        "import subprocess",
        "from git import Repo",
        "import os, asyncio",
        "def later():",
        "    import git.exc",
        "    os.system('git status')",
        "    os.posix_spawnp('git', ['git'], {})",
        "    return asyncio.create_subprocess_exec('git')",
    )
    imports = ["import subprocess", "import git", "import git.exc"]
    calls = ["call system", "call posix_spawnp", "call create_subprocess_exec"]
    assert [what for _, what in programs_started(sample)] == imports + calls


@pytest.mark.parametrize(
    "path",
    [path for path in MODULES if GIT_PACKAGE not in path.parents],
    ids=lambda path: path.relative_to(LIBRARY).as_posix(),
)
def test_only_the_git_package_runs_git(path: Path) -> None:
    """git runs through repo_layout.git (its runner, paths, state, commit); no other library module starts a program."""
    found = programs_started(path)
    if path.relative_to(LIBRARY).as_posix() in STARTS_PROGRAMS:  # it may start its programs, but never load GitPython
        found = [(line, what) for line, what in found if what == "import git" or what.startswith("import git.")]
    assert [f"{path.name}:{line}: {what}" for line, what in found] == []


def test_the_allowed_starters_still_start_programs() -> None:
    """An entry of STARTS_PROGRAMS that no longer starts one goes (the list stays what truly must stay)."""
    for name in STARTS_PROGRAMS:
        assert programs_started(LIBRARY / name), f"{name} starts no program any more: take it off STARTS_PROGRAMS"


WORD_TABLES = (LIBRARY / "words", LIBRARY.parent / "tui" / "i18n")
CODE = sorted([*MODULES, *(LIBRARY.parent / "tui").rglob("*.py")])


def test_the_word_tables_stand_on_nothing_else_of_the_library() -> None:
    """repo_layout.words is the bottom: every layer may read words, so it imports no other part of the library."""
    for path in sorted((LIBRARY / "words").glob("*.py")):
        library = [module for _line, module in imported_modules(path) if module.startswith("repo_layout")]
        assert [module for module in library if module != "repo_layout.words"] == [], path.name


@pytest.mark.parametrize("path", [path for path in CODE if not any(table in path.parents for table in WORD_TABLES)], ids=str)
def test_no_code_outside_the_word_tables_names_a_language(path: Path) -> None:
    """A language is chosen by looking up its table, never by comparing its code, so a third language is one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(side, ast.Constant) and side.value in ("da", "en") for side in (node.left, *node.comparators))
    ]
    assert named == []
