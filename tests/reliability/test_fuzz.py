"""Hypothesis fuzz of the loaders and the importer: no input gives a traceback.

The loaders (round trip, the C loader, the search index's plain loader, a file through validate, the tree's
summary, and, when a file loads, every export and a save's dump) get arbitrary text, arbitrary bytes, YAML-ish
token soup and nesting thousands deep; the importer gets arbitrary text and bytes. A case holds when the only
exception is the documented one (YamlLoadError, MeetingLoadError, ImportFailure) and what loads can be exported.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reliability_rounds import rounds

from repo_layout.export.formats import FORMATS, export_meeting
from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.report import ImportFailure
from repo_layout.importing.source import read_source
from repo_layout.model.discover import MeetingRef
from repo_layout.model.loading import MeetingLoadError, load_meeting, meeting_problems
from repo_layout.model.summary import summarize
from repo_layout.search import cache as search_cache
from repo_layout.yaml import yamlio

EXAMPLES = rounds(200, 2000)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
ANY_CHARACTER = st.characters(codec=None, categories=None)
"""Every code point, surrogates and controls included (a string in memory can hold them; a file through UTF-8 cannot)."""

TOKENS = [
    "date: 2020-01-01", "title: ", "points:", "- ", "  ", "    ", "\n", ": ", "[", "]", "{", "}", ", ", "&a ", "*a",
    "!!python/object:os.system ", "!tag ", "? ", "|", "|-", ">", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "#",
    "'", '"', "\\", '"\\ud800"', '"\\udfff"', '"\\U0001F600"', '"\\x00"', "\t", "\r\n", "\ufeff", "\x85", "\u2028",
    "number: ", "decision: ", "sections:", "actions:", "task: ", "due: ", "done: ", "yes", "no", "~", "null", "1e400",
    "0x1F", "2019-13-45", "2020-02-30", "09:00", "<<: *a", "æøå", "😀", "x" * 50,
]
YAMLISH = st.lists(st.sampled_from(TOKENS) | st.text(ANY_CHARACTER, max_size=4), max_size=60).map("".join)


def nested(kind: str, depth: int) -> str:
    """Values nested `depth` deep, in flow, block or compact style."""
    if kind == "flow":
        return "points: " + "[" * depth + "]" * depth
    if kind == "mapping":
        return "information: " + "{a: " * depth + "b" + "}" * depth
    if kind == "block":
        return "information:\n" + "".join("  " * level + f"k{level}:\n" for level in range(1, depth)) + "  " * depth + "x"
    return "points:\n  - " + "- " * depth + "x"


NESTED = st.builds(nested, st.sampled_from(["flow", "mapping", "block", "compact"]), st.integers(0, 3000))


def load_every_way(text: str) -> None:
    """Every loader of text: the round trip and the C loader raise only YamlLoadError; the search record never raises."""
    for load in (yamlio.load_text, yamlio.load_fast, search_cache.load_plain):
        try:
            load(text)
        except yamlio.YamlLoadError as error:
            assert error.line >= 1 and error.column >= 1 and error.message
    data = text.encode("utf-8", "surrogatepass")
    record = search_cache.parse_record(data)
    assert record[0] in ("ok", "broken")


def through_a_file(data: bytes) -> None:
    """The bytes as a meeting file: validate, the tree's summary, and when it loads, every export and the dump."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2020-01-01.yaml"
        path.write_bytes(data)
        problems = meeting_problems(path)
        assert all(problem.line >= 1 and problem.column >= 1 for problem in problems)
        summary = summarize(MeetingRef(path, dt.date(2020, 1, 1), 1))
        try:
            meeting = load_meeting(path)
        except MeetingLoadError as error:
            assert error.problems and summary is not None
            return
        for fmt in FORMATS:
            export_meeting(meeting, None, fmt, "da").encode("utf-8")
        yamlio.load_text(meeting.dump())


@FUZZ
@given(st.text(ANY_CHARACTER, max_size=400))
@example('title: "\\ud800"')
@example("points: " + "[" * 200 + "]" * 200)
@example("a: &a [x]\nb: [*a, *a]")
def test_loaders_on_any_text(text: str) -> None:
    load_every_way(text)


@FUZZ
@given(YAMLISH)
def test_loaders_on_yaml_like_token_soup(text: str) -> None:
    load_every_way(text)
    through_a_file(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(NESTED)
@example(nested("flow", 200))
@example(nested("block", 2000))
def test_loaders_on_nesting_thousands_deep(text: str) -> None:
    load_every_way("date: 2020-01-01\n" + text)


@FUZZ
@given(st.binary(max_size=600) | YAMLISH.map(lambda text: text.encode("utf-8", "surrogatepass")))
@example(b"date: 2020-01-01\ntitle: \xff\n")
@example(b"date: 2020-01-01\ntitle: ok\x00\n")
@example(b"date: 2020-01-01\ntitle: Godt\npoints:\n  - title: Budget\n    decision: Godkendt.\n")
def test_a_meeting_file_of_any_bytes(data: bytes) -> None:
    through_a_file(data)


FIELD_TEXT = st.text(st.characters(codec=None, exclude_categories=("Cs",)), min_size=1, max_size=30)
"""Any character but a surrogate (the test adds one now and then)."""


def yaml_quoted(text: str, ascii_only: bool) -> str:
    """Text in YAML double quotes: every character not printable ASCII as a \\U escape (or, raw, only quote and backslash)."""
    if not ascii_only:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return '"' + "".join(char if " " <= char <= "~" and char not in '"\\' else f"\\U{ord(char):08x}" for char in text) + '"'


def meeting_text(values: list[str], ascii_only: bool) -> str:
    """A well-formed meeting whose every text field is one of `values`, in YAML double quotes."""
    quoted = [yaml_quoted(value, ascii_only) for value in values] + ['""'] * 8
    return (
        f"date: 2020-01-01\ntitle: {quoted[0]}\nlocation: {quoted[1]}\npresent: [{quoted[2]}]\npoints:\n"
        f"  - number: 1\n    title: {quoted[3]}\n    sections:\n      {quoted[4]}: {quoted[5]}\n    decision: {quoted[6]}\n"
        f"    actions:\n      - task: {quoted[7]}\n"
    )


@FUZZ
@given(st.lists(FIELD_TEXT, min_size=8, max_size=8), st.integers(0, 3), st.integers(0, 9))
@example(list("abcdefgh"), 1, 0)
@example(["\x1b]0;x\x07", "\u202e", "\r", "\x85", "\x00", "\t", "\ufeff", "\U0001F600"], 1, 1)
def test_a_meeting_of_any_field_values(values: list[str], raw: int, surrogate: int) -> None:
    """Escaped (mostly) or raw (a quarter: the YAML reader refuses raw control characters), a lone surrogate in a tenth."""
    if surrogate == 0:
        values[len(values[0]) % len(values)] += "\ud800"
    text = meeting_text(values, ascii_only=raw != 0)
    load_every_way(text)
    through_a_file(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(ANY_CHARACTER, max_size=600) | st.lists(st.sampled_from([
    "Referat", "Dato: 5. maj 2030", "Punkt 1: Budget", "1. Budget", "## Punkt", "# Møde", "Beslutning:", "Til stede:",
    "Fraværende:", "Sag: 14/6833", "- ", "* ", "\n", "\n\n", "\t", "æøå", "\x0c", "\ud800", "x" * 80, "   ", "|", ":",
]), max_size=40).map("\n".join))
@example("\ud800")
@example("Punkt 1:\n" * 300)
def test_the_importer_on_any_text(text: str) -> None:
    try:
        meeting, report = parse_minutes(text, "fuzz.txt")
    except ImportFailure as error:
        assert str(error).startswith("fuzz.txt") and "\n" not in str(error)
        return
    dumped = meeting.dump()
    yamlio.load_text(dumped)  # what the importer would write reads back
    assert isinstance(report.format(), str)


@FUZZ
@given(st.binary(max_size=600))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbfReferat\r\nDato: 1. maj 2020\r\n")
def test_the_importer_on_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "referat.txt"
        source.write_bytes(data)
        try:
            text = read_source(source)
            parse_minutes(text, str(source))[0].dump()
        except ImportFailure as error:
            assert str(source) in str(error) or "there is no text" in str(error)
