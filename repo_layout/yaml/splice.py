"""A save that rewrites only what changed: the new text of each changed value spliced into the file's own bytes.

A full re-dump rewrites every construct ruamel does not keep (`...`, extra
spaces after a colon, plain scalars over several lines, CRLF); a splice leaves
every byte outside the changed values as it was, and is proven by reading the
result back and comparing it with the document.

The parts: `splice_positions` (where things stand in the text), `splice_render`
(the new text of a value) and `splice_edits` (the walk that decides what to rewrite).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

from ruamel.yaml.nodes import MappingNode

from repo_layout.yaml import yamlio
from repo_layout.yaml.splice_edits import Splicer, apply_edits
from repo_layout.yaml.splice_positions import CannotSplice, Source


def image(value: Any) -> Any:
    """A hashable, order-keeping image of a document's data; 1, True, 1.0 and "1" all differ."""
    if isinstance(value, dict):
        return ("m", tuple((image(key), image(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return ("s", tuple(image(item) for item in value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", int(value))
    if isinstance(value, float):
        return ("f", repr(float(value)))
    if isinstance(value, str):
        return ("t", str(value))
    if isinstance(value, dt.datetime):
        return ("w", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if value is None:
        return ("n",)
    return ("o", type(value).__name__, repr(value))


_CACHE_SIZE = 16
_cache: OrderedDict[str, Source | None] = OrderedDict()  # the last texts parsed, newest last
_cache_lock = threading.Lock()  # the app's save worker and its UI thread both splice


def _parse(text: str) -> Source | None:
    """The text's nodes and data, or None when it does not read as a YAML mapping; the last few texts are kept."""
    with _cache_lock:
        if text in _cache:
            _cache.move_to_end(text)
            return _cache[text]
    source = _parse_now(text)
    with _cache_lock:
        _cache[text] = source
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return source


def _parse_now(text: str) -> Source | None:
    try:
        root, data = yamlio.nodes_and_data(text)
    except yamlio.YamlLoadError:
        return None
    if not isinstance(root, MappingNode) or root.flow_style or not isinstance(data, dict):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(text, root, image(data), 1 if text.startswith("\ufeff") else 0, newline, data)


def forget_parsed() -> None:
    """Empty the kept parses (a benchmark's cold start)."""
    with _cache_lock:
        _cache.clear()
        _proven.clear()


def source_data(text: str) -> Any | None:
    """The data of a text as the splice reads it (parsed once and kept for the splice that follows); None when it is not a
    YAML mapping. Read it, never change it."""
    source = _parse(text)
    return source.data if source is not None else None


def parsed_data(text: str) -> Any | None:
    """The data of a text a splice has parsed already (kept, never parsed here), or None; read it, never change it."""
    with _cache_lock:
        source = _cache.get(text)
    return source.data if source is not None else None


def splice(original: str, document: Any, layout: yamlio.Layout) -> str | None:
    """`original` with only the values that differ in `document` rewritten; None when that cannot be done and proven."""
    source = _parse(original)
    if source is None or not isinstance(document, dict):
        return None
    picture = image(document)
    if picture == source.picture:
        return original
    splicer = Splicer(source, layout)
    try:
        splicer.mapping(source.root, source.picture, document, picture)
        text = apply_edits(original, splicer.edits)
    except CannotSplice:
        return None
    return text if _reads_as(text, picture) else None


def save_text(original: str, document: Any, layout: yamlio.Layout) -> str:
    """The text to write for `document` read from `original`: spliced when possible, else dumped whole."""
    spliced = splice(original, document, layout) if original else None
    return spliced if spliced is not None else yamlio.dump_text(document, layout)


_proven: OrderedDict[str, Any] = OrderedDict()  # spliced texts proven to read back, with the data they pictured


def _reads_as(text: str, picture: Any) -> bool:
    """True when text reads back to exactly the data pictured (libyaml first, ruamel's own parser when they differ).

    A text proven once is not parsed again for the same picture: asking whether a meeting is unsaved and then saving it
    splices the same edit twice.
    """
    with _cache_lock:
        if text in _proven and _proven[text] == picture:
            _proven.move_to_end(text)
            return True
    if not _parses_to(text, picture):
        return False
    with _cache_lock:
        _proven[text] = picture
        while len(_proven) > _CACHE_SIZE:
            _proven.popitem(last=False)
    return True


def _parses_to(text: str, picture: Any) -> bool:
    try:
        if image(yamlio.load_fast(text)) == picture:
            return True
    except yamlio.YamlLoadError:
        pass
    try:
        return image(yamlio.load_text(text)) == picture
    except yamlio.YamlLoadError:
        return False
