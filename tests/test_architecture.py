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


def test_the_library_has_modules() -> None:
    names = {path.stem for path in MODULES}
    assert {"__init__", "yamlio", "meeting", "discover", "validate"} <= names


def test_the_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The AST walk must find imports at the top, inside functions and by name, or it would prove nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import textual.app\n"
        "from textual import on\n"
        "def later():\n"
        "    from tui.app import run_app\n"
        "    import importlib\n"
        "    return importlib.import_module('textual.widgets')\n",
        encoding="utf-8",
    )
    assert [module for _, module in imported_modules(sample)] == [
        "textual.app",
        "textual",
        "tui.app",
        "importlib",
        "textual.widgets",
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(LIBRARY).as_posix())
def test_no_library_module_imports_textual(path: Path) -> None:
    offending = [
        f"{path.name}:{line}: import {module}"
        for line, module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    ]
    assert offending == []


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
        "tui.app",  # the app's first paint: GitPython loads when a commit, an identity or a sync needs it
        # minutes log
        "tui.cli, repo_layout.history.log_prefetch, repo_layout.history.meeting_history, repo_layout.history.summaries",
    ],
)
def test_starting_loads_no_gitpython(modules: str) -> None:
    code = f"import sys, {modules}\nprint(sorted(name for name in sys.modules if name.split('.')[0] == 'git'))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
