"""Every language has every word (library and app), a new language is one file each, every binding is described."""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import Any, get_type_hints, is_typeddict

import pytest
from textual.dom import DOMNode

import tui
from repo_layout.words import LANGUAGES as LIBRARY_LANGUAGES
from repo_layout.words import LibraryWords, words
from tui.actions import PALETTE, REGISTRY, by_id
from tui.app import make_app
from tui.i18n import CATALOGUE, CHOICES
from tui.i18n import LANGUAGES as APP_LANGUAGES

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "sample-repo"


def _placeholders(text: str) -> list[str]:
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


def _shape(value: Any) -> Any:
    """A table's shape: nested keys, the length of each tuple, the {placeholders} of each string."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return ("tuple", len(value))
    assert isinstance(value, str) and value.strip(), f"an empty word: {value!r}"
    return ("str", _placeholders(value))


def _typed_problems(table: Any, kind: Any, where: str) -> list[str]:
    """Keys a table lacks or has beyond its TypedDict, at every level."""
    if not is_typeddict(kind):
        return []
    hints = get_type_hints(kind)
    problems = [f"{where}: {sorted(set(hints) ^ set(table))}"] if set(hints) != set(table) else []
    for key in set(hints) & set(table):
        problems += _typed_problems(table[key], hints[key], f"{where}.{key}")
    return problems


def test_the_languages_are_the_modules() -> None:
    """Both packages find their languages from their modules; --lang offers those both have."""
    assert LIBRARY_LANGUAGES == ("da", "en")
    assert APP_LANGUAGES == ("da", "en")
    assert CHOICES == ("da", "en")


@pytest.mark.parametrize("language", LIBRARY_LANGUAGES)
def test_every_library_language_has_every_word(language: str) -> None:
    """Each words/<language>.py has every key of LibraryWords and the same keys, lengths and {placeholders} as Danish."""
    table = words(language)
    assert _typed_problems(table, LibraryWords, language) == []
    assert _shape(table) == _shape(words("da"))
    assert len(table["dates"]["weekdays"]) == 7 and len(table["dates"]["months"]) == 12


@pytest.mark.parametrize("language", APP_LANGUAGES)
def test_every_app_language_has_every_key(language: str) -> None:
    """Each tui/i18n/<language>.py has exactly Danish's keys, no empty word, and the same {placeholders}."""
    assert set(CATALOGUE[language]) == set(CATALOGUE["da"])
    assert _shape(CATALOGUE[language]) == _shape(CATALOGUE["da"])


def test_an_unknown_language_gets_the_fallback() -> None:
    assert words("xx") is words("da")
    assert words("xx", fallback="en") is words("en")


def _copy_code(target: Path) -> None:
    for package in ("repo_layout", "tui"):
        shutil.copytree(PROJECT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))


def _minutes(code: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`minutes ARGS` run from the code in `code` (not the installed package)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    script = "import sys, tui.cli; assert tui.cli.__file__.startswith(sys.argv[1]); sys.exit(tui.cli.main(sys.argv[2:]))"
    return subprocess.run(
        [sys.executable, "-c", script, str(code), *args], capture_output=True, text=True, env=env, cwd=code, timeout=60
    )


def test_a_third_language_is_one_file_for_the_library_and_one_for_the_app(tmp_path: Path) -> None:
    """German as words/de.py and i18n/de.py in a copy of the code: the export, --lang and the repository's language take it."""
    code = tmp_path / "code"
    _copy_code(code)
    library = (code / "repo_layout" / "words" / "en.py").read_text(encoding="utf-8")
    assert library.count('"date": "Date"') == 1
    library = library.replace('"date": "Date"', '"date": "Datum"')
    (code / "repo_layout" / "words" / "de.py").write_text(library, encoding="utf-8")
    shutil.copy(code / "tui" / "i18n" / "en.py", code / "tui" / "i18n" / "de.py")
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    (repo / "minutes.yaml").write_text("schema: 1\nname: Referate\nlanguage: de\n", encoding="utf-8")
    meeting = sorted(repo.rglob("20*.yaml"))[0]

    by_repository = _minutes(code, "export", str(meeting), "--format", "md")
    by_option = _minutes(code, "export", str(meeting), "--format", "md", "--lang", "de")
    assert by_repository.returncode == 0, by_repository.stderr
    assert "- **Datum:**" in by_repository.stdout and "- **Dato:**" not in by_repository.stdout
    assert by_option.returncode == 0 and by_option.stdout == by_repository.stdout
    assert "{da,de,en}" in _minutes(code, "export", "--help").stdout

    # the library alone knows German: --lang refuses it, the repository's German still exports
    (code / "tui" / "i18n" / "de.py").unlink()
    refused = _minutes(code, "export", str(meeting), "--format", "md", "--lang", "de")
    assert refused.returncode == 2 and "invalid choice: 'de'" in refused.stderr
    assert "- **Datum:**" in _minutes(code, "export", str(meeting), "--format", "md").stdout


def test_every_action_is_described_in_the_catalogue() -> None:
    """The registry's words describe each binding and help line; a palette entry also has `<words>_help`."""
    missing = [spec.id for spec in REGISTRY if spec.words not in CATALOGUE["en"]]
    missing += [spec_id for spec_id in PALETTE if f"{by_id(spec_id).words}_help" not in CATALOGUE["en"]]
    assert REGISTRY and not missing, missing


def test_every_binding_comes_from_the_registry() -> None:
    """No tui class declares BINDINGS of its own: only the language variants tui.actions makes from the registry."""
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(module.name)
    declared = []
    stack = [DOMNode]
    seen = set()
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls in seen or not cls.__module__.startswith("tui."):
            continue
        seen.add(cls)
        if "BINDINGS" in cls.__dict__ and cls.__dict__.get("LANGUAGE") is None:
            declared.append(cls.__name__)
    assert seen, "no tui classes found"
    assert not declared, declared


@pytest.mark.usefixtures("app_dirs_in_tmp")
async def test_bindings_are_described_in_the_apps_language(tmp_path: Path) -> None:
    """Two apps in one process, one in each language: each one's bindings in its own words."""
    shutil.copytree(SAMPLE, tmp_path / "repo")
    for language, quit_word in (("da", "Afslut"), ("en", "Quit"), ("da", "Afslut")):
        app = make_app(tmp_path / "repo", language=language)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = {active.binding.action: active.binding.description for active in app.screen.active_bindings.values()}
            assert shown["quit"] == quit_word
            assert shown["edit_point"] == CATALOGUE[language]["edit"]
