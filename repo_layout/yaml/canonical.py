"""The canonical form of a minutes YAML file, as `minutes fmt` writes it.

Canonical: LF, no BOM, two-space mappings, sequences with the dash at two,
double quotes only where a string needs them, multi-line text as literal blocks.
Comments, key order and unknown keys are kept. Which files `minutes fmt` formats is `model.formatting`.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from repo_layout.yaml import styles, yamlio


def _same_style(old: str, new: str) -> bool:
    """True when two strings are written alike (a loaded plain str and a PlainScalarString are)."""
    return type(old) is type(new) or (styles.is_plain(old) and styles.is_plain(new))


def _restyle_value(container: Any, key: Any, value: Any) -> None:
    if isinstance(value, str):
        styled = styles.canonical_scalar(value)
        if not _same_style(value, styled) or str(styled) != str(value):
            container[key] = styled


def _restyle_keys(mapping: CommentedMap) -> None:
    for position, key in enumerate(list(mapping.keys())):
        if not isinstance(key, str):
            continue
        styled = styles.canonical_scalar(key) if "\n" not in key else key
        if _same_style(key, styled):
            continue
        comment = mapping.ca.items.pop(key, None)
        value = mapping.pop(key)
        mapping.insert(position, styled, value)
        if comment is not None:
            mapping.ca.items[styled] = comment


def canonical_document(document: Any) -> None:
    """Restyle every scalar and key of a round-trip document in place."""
    for container, key, value in list(yamlio.walk(document)):
        _restyle_value(container, key, value)
    for _, _, value in list(yamlio.walk(document)):
        if isinstance(value, CommentedMap):
            _restyle_keys(value)
    if isinstance(document, CommentedMap):
        _restyle_keys(document)


def canonical_text(document: Any) -> str:
    """The canonical text of a parsed document (the document is restyled in place)."""
    canonical_document(document)
    return yamlio.dump_text(document, yamlio.CANONICAL)
