"""Both languages have every word, and every binding is described in the catalogue."""

from __future__ import annotations

import importlib
import pkgutil

from textual.dom import DOMNode

import tui
from tui.i18n import CATALOGUE


def test_danish_and_english_have_the_same_keys() -> None:
    assert set(CATALOGUE["da"]) == set(CATALOGUE["en"])
    assert all(value.strip() for words in CATALOGUE.values() for value in words.values())


def test_every_binding_description_is_a_catalogue_key() -> None:
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(module.name)
    missing = []
    stack = [DOMNode]
    seen = set()
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls in seen or not cls.__module__.startswith("tui."):
            continue
        seen.add(cls)
        for binding in cls.__dict__.get("BINDINGS", []):
            description = binding.description if hasattr(binding, "description") else binding[2]
            if description and description not in CATALOGUE["en"]:
                missing.append(f"{cls.__name__}: {description}")
    assert seen, "no tui classes found"
    assert not missing, missing
