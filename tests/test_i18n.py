"""Both languages have every word, and every binding is described in the catalogue."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from pathlib import Path

import pytest
from textual.dom import DOMNode

import tui
from tui.actions import PALETTE, REGISTRY, by_id
from tui.app import make_app
from tui.i18n import CATALOGUE

SAMPLE = Path(__file__).resolve().parent.parent / "sample-repo"


def test_danish_and_english_have_the_same_keys() -> None:
    assert set(CATALOGUE["da"]) == set(CATALOGUE["en"])
    assert all(value.strip() for words in CATALOGUE.values() for value in words.values())


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
