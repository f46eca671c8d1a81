"""The UI's words, one module per language (`da.py`, `en.py`), looked up by key.

The language is chosen once per app (minutes.yaml, overridden by --lang) with
`set_language`; `t(key)` then gives the word. Headings inside files are never
translated. A third language is one new module holding `WORDS` with every key
(tests/test_i18n.py checks), plus one in repo_layout/words for the library's words.
"""

from __future__ import annotations

import importlib
import pkgutil

from repo_layout.words import DEFAULT
from repo_layout.words import LANGUAGES as LIBRARY_LANGUAGES

LANGUAGES: tuple[str, ...] = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))
"""The languages the app has words for, found from the modules of this package."""

CATALOGUE: dict[str, dict[str, str]] = {code: importlib.import_module(f"{__name__}.{code}").WORDS for code in LANGUAGES}
"""Every language's words by key."""

CHOICES: tuple[str, ...] = tuple(language for language in LANGUAGES if language in LIBRARY_LANGUAGES)
"""The languages `--lang` offers: those both the app and the library can write."""

_language = DEFAULT


def set_language(language: str) -> None:
    """Choose the UI language for `t` (unknown languages fall back to Danish)."""
    global _language
    _language = language if language in CATALOGUE else DEFAULT


def language() -> str:
    return _language


def t(key: str, **values: object) -> str:
    """The word for `key` in the current language (the key itself if none is known)."""
    return word(_language, key, **values)


def word(language: str, key: str, **values: object) -> str:
    """The word for `key` in `language` (Danish for a language the app lacks; then English; then the key itself)."""
    words = CATALOGUE.get(language) or CATALOGUE[DEFAULT]
    text = words.get(key) or CATALOGUE["en"].get(key) or key
    return text.format(**values) if values else text


def invalid_words(error: ValueError) -> str:
    """What is wrong with a typed value (repo_layout.editing.values.InvalidValue), in the UI's language."""
    kind = getattr(error, "kind", None)
    if kind is None:
        return str(error)
    return t(f"invalid_{kind}", value=getattr(error, "value", ""))
