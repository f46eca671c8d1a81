"""A search cache or a draft file that does not hang together is rebuilt or set aside, never a crash.

Search cache: the snapshot of a real index is changed in one way at a time (columns cut short, row ranges out
of bounds, rows owned by no meeting, points and actions out of range, wrong types, posting lists past the rows,
broken bytes) and written back with a valid checksum; then random changes anywhere in it (hypothesis). A case
holds when the next build neither raises nor misses anything (the same hits, decisions and open actions as a
fresh build), and the cache written after it is sound again.

Drafts: draft files that are not JSON, a list, wrong types, a path out of the repository or into .git, a time
with and without a zone, text that is not a meeting. A case holds when each bad one is renamed NAME.json.bad with
a one-line notice, the good ones are offered in order, and the app starts, says so, and offers the good draft.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_REPO, make_git_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pilot_wait import settle
from reliability_rounds import rounds
from textual.widgets import Button

from repo_layout.editing.drafts import BAD_SUFFIX, drafts_dir, list_drafts, save_draft, set_aside_bad_drafts
from repo_layout.model.discover import Repository
from repo_layout.search import cache as disk
from repo_layout.search.index import SearchIndex
from tui.app import make_app
from tui.widgets.dialogs import ChoiceDialog

QUERIES = ("budget", "ledelse", "godkendt", "forum:chefforum", "year:2019")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cache") / "sample-repo"
    shutil.copytree(SAMPLE_REPO, target)
    return make_git_repo(target)


def answers(index: SearchIndex) -> tuple[Any, ...]:
    """What the screens would show: hits of a few queries, the decision log, the open actions."""
    hits = tuple(tuple((hit.path, hit.point, hit.field) for hit in index.search(query)) for query in QUERIES)
    decisions = tuple((row.path, row.point, row.text) for row in index.decisions())
    actions = tuple((row.path, row.point, row.task) for row in index.open_actions())
    return hits, decisions, actions, index.meeting_count


@pytest.fixture(scope="module")
def reference(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """A fresh build's answers, and the snapshot it wrote."""
    cache = tmp_path_factory.mktemp("reference-cache")
    index = SearchIndex.build(Repository(repo), cache_dir=cache)
    snapshot = disk.read_file(cache / disk.SNAPSHOT)
    assert isinstance(snapshot, dict)
    disk.check_snapshot(snapshot)
    expected = answers(index)
    assert expected[1] and expected[2], "the sample repository has decisions and open actions to compare"
    return expected, snapshot


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of a nested dict/tuple/list value with the item at `path` replaced by `new`."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        copy[head] = replaced(value[head], rest, new)
        return copy
    items = list(value)
    items[head] = replaced(items[head], rest, new)
    return tuple(items) if isinstance(value, tuple) else items


def rows_bytes(count: int, fill: int) -> bytes:
    from array import array

    return array("I", [fill] * count).tobytes()


M, R = "m", "r"
PATHS, BLOBS, DATES, SEQS, STARTS, ENDS, POINTS, ACTIONS, ALIVE = range(9)
OWNER, POINT, FIELDS, HEADINGS, TEXTS, ROW_ALIVE = range(6)

CORRUPTIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "not a mapping": lambda s: [s],
    "no id": lambda s: {key: value for key, value in s.items() if key != "id"},
    "id a number": lambda s: {**s, "id": 7},
    "meeting part short": lambda s: {**s, "m": s["m"][:8]},
    "row part short": lambda s: {**s, "r": s["r"][:5]},
    "paths cut short": lambda s: replaced(s, (M, PATHS), s["m"][PATHS][:-1]),
    "a path a number": lambda s: replaced(s, (M, PATHS, 0), 5),
    "a date zero": lambda s: replaced(s, (M, DATES, 0), 0),
    "a date past 9999": lambda s: replaced(s, (M, DATES, 0), 10**8),
    "a start past the rows": lambda s: replaced(s, (M, STARTS, 0), 10**6),
    "an end past the rows": lambda s: replaced(s, (M, ENDS, len(s["m"][ENDS]) - 1), 10**6),
    "an end before its start": lambda s: replaced(s, (M, ENDS, 0), -1),
    "ranges overlapping": lambda s: replaced(s, (M, STARTS, 1), 0),
    "alive flag 2": lambda s: replaced(s, (M, ALIVE), b"\x02" + s["m"][ALIVE][1:]),
    "points not tuples": lambda s: replaced(s, (M, POINTS, 0), [["x"]]),
    "a point of two": lambda s: replaced(s, (M, POINTS, 0, 0), (1, "x")),
    "a point title a number": lambda s: replaced(s, (M, POINTS, 0, 0), (1, 2, None)),
    "points removed": lambda s: replaced(s, (M, POINTS), [() for _ in s["m"][POINTS]]),
    "an action at no point": lambda s: replaced(s, (M, ACTIONS), [((99, 0, "t", None, None, False),) for _ in s["m"][ACTIONS]]),
    "an action due at year 0": lambda s: replaced(s, (M, ACTIONS), [((0, 0, "t", None, 0, False),) for _ in s["m"][ACTIONS]]),
    "an action not done or undone": lambda s: replaced(s, (M, ACTIONS), [((0, 0, "t", None, None, 2),) for _ in s["m"][ACTIONS]]),
    "row owners past the meetings": lambda s: replaced(s, (R, OWNER), rows_bytes(len(s["r"][TEXTS]), 10**6)),
    "row owners all the first": lambda s: replaced(s, (R, OWNER), rows_bytes(len(s["r"][TEXTS]), 0)),
    "row owner bytes cut": lambda s: replaced(s, (R, OWNER), s["r"][OWNER][:-3]),
    "row points past the points": lambda s: replaced(s, (R, POINT), rows_bytes(len(s["r"][TEXTS]), 500)),
    "row points below -1": lambda s: replaced(s, (R, POINT), rows_bytes(len(s["r"][TEXTS]), 2**32 - 5)),
    "a field code 99": lambda s: replaced(s, (R, FIELDS), b"\x63" + s["r"][FIELDS][1:]),
    "a heading a number": lambda s: replaced(s, (R, HEADINGS, 0), 3),
    "a text None": lambda s: replaced(s, (R, TEXTS, 0), None),
    "texts cut short": lambda s: replaced(s, (R, TEXTS), s["r"][TEXTS][:-1]),
    "row alive short": lambda s: replaced(s, (R, ROW_ALIVE), s["r"][ROW_ALIVE][:-1]),
    "postings a list": lambda s: {**s, "p": list(s["p"].items())},
    "a posting a string": lambda s: {**s, "p": {**s["p"], "budget": "12"}},
    "a word a number": lambda s: {**s, "p": {**s["p"], 5: b"\x00\x00\x00\x00"}},
    "cases of another length": lambda s: {**s, "c": (s["c"][0] + ["x"], s["c"][1])},
    "a case past the rows": lambda s: {**s, "c": (["x"], [10**6])},
    "broken blobs a list": lambda s: {**s, "b": ["x"]},
    "a signature of three": lambda s: {**s, "s": {"a.yaml": ((1, 2, 3), "blob")}},
    "a signature a string": lambda s: {**s, "s": {"a.yaml": "x"}},
}
POSTING_CORRUPTIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "postings past the rows": lambda s: {**s, "p": {word: rows_bytes(3, 10**6) for word in s["p"]}},
    "postings bytes cut": lambda s: {**s, "p": {word: data[:-1] or b"\x00" for word, data in s["p"].items()}},
    "named postings past the rows": lambda s: {**s, "n": {word: rows_bytes(2, 2**32 - 1) for word in s["n"]}},
}
"""Checked when a list is first used (not at load): the build holds, some words may find less until the next build."""


def build_from(repo: Path, cache: Path, snapshot: Any) -> SearchIndex:
    cache.mkdir(parents=True, exist_ok=True)
    disk.write_file(cache / disk.SNAPSHOT, snapshot)  # a valid checksum over the changed content
    return SearchIndex.build(Repository(repo), cache_dir=cache)


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_an_inconsistent_snapshot_is_refused_and_rebuilt(repo: Path, tmp_path: Path, reference: tuple, name: str) -> None:
    expected, snapshot = reference
    bad = CORRUPTIONS[name](snapshot)
    with pytest.raises((disk.CacheInconsistent, ValueError, TypeError, KeyError, AttributeError)):
        disk.check_snapshot(bad)
    index = build_from(repo, tmp_path / "cache", bad)
    assert answers(index) == expected
    assert index.parsed_count == expected[3]  # every file read again: nothing was taken from the bad snapshot
    rewritten = disk.read_file(tmp_path / "cache" / disk.SNAPSHOT)
    disk.check_snapshot(rewritten)


@pytest.mark.parametrize("name", POSTING_CORRUPTIONS)
def test_posting_lists_past_the_rows_are_cut_when_used(repo: Path, tmp_path: Path, reference: tuple, name: str) -> None:
    _, snapshot = reference
    bad = POSTING_CORRUPTIONS[name](snapshot)
    disk.check_snapshot(bad)
    index = build_from(repo, tmp_path / "cache", bad)
    for query in (*QUERIES, "zzz", "b"):
        index.search(query)
    index.decisions(text="budget")
    index.open_actions()


def test_a_journal_with_unsound_records_is_ignored(repo: Path, tmp_path: Path, reference: tuple) -> None:
    expected, snapshot = reference
    cache = tmp_path / "cache"
    cache.mkdir()
    empty = {**snapshot, "m": tuple(column[:0] for column in snapshot["m"]), "r": tuple(column[:0] for column in snapshot["r"]),
             "p": {}, "n": {}, "c": ([], []), "b": {}, "s": {}}
    disk.check_snapshot(empty)
    disk.write_file(cache / disk.SNAPSHOT, empty)  # a sound, empty snapshot: every record comes from the journal
    blobs = {meeting.blob: meeting for meeting in disk.resolve_blobs(disk.list_meetings(Repository(repo)), {})[0]}
    bad_records = [
        ("ok", ((5, 0, None, "x"),), (), ()),  # a row at point 5 of no points
        ("ok", ((-1, 42, None, "x"),), (), ()),  # a field code out of range
        ("ok", ((-1, 1, None, 7),), (), ()),  # a text that is a number
        ("ok", (), ((1, "t", None),), ((3, 0, "task", None, None, False),)),  # an action at no point
        ("ok", (), ((1, "t", None),), ((0, 0, "task", None, -5, False),)),  # a due date before year 1
        ("ok", (), ((1, 2),), ()),  # a point of two
        ("broken", 5),
        ["ok", (), (), ()],
    ]
    records = {blob: bad_records[number % len(bad_records)] for number, blob in enumerate(blobs)}
    disk.write_file(cache / disk.JOURNAL, {"records": records})
    index = SearchIndex.build(Repository(repo), cache_dir=cache)
    assert answers(index) == expected


def _paths(value: Any, prefix: tuple[Any, ...] = (), depth: int = 4) -> list[tuple[Any, ...]]:
    """Every place in a snapshot a change can go, down to `depth` levels (the first few items of long lists)."""
    found = [prefix]
    if depth == 0:
        return found
    if isinstance(value, dict):
        for key in list(value)[:6]:
            found.extend(_paths(value[key], (*prefix, key), depth - 1))
    elif isinstance(value, (list, tuple)):
        for index in (*range(min(len(value), 3)), *([len(value) - 1] if len(value) > 3 else [])):
            found.extend(_paths(value[index], (*prefix, index), depth - 1))
    return found


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8) | st.binary(max_size=16),
    lambda inner: st.lists(inner, max_size=4)
    | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=rounds(40, 400), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_change_anywhere_in_a_snapshot_never_breaks_a_build(repo: Path, tmp_path: Path, reference: tuple, data: Any) -> None:
    """A value anywhere in the snapshot replaced by any value (checksum made valid): the build and the screens' reads hold."""
    expected, snapshot = reference
    places = _paths(snapshot)
    place = data.draw(st.sampled_from(places))
    bad = replaced(snapshot, place, data.draw(_VALUES))
    index = build_from(repo, tmp_path / "fuzz-cache", bad)
    result = answers(index)
    try:
        disk.check_snapshot(bad)
        sound = True
    except (disk.CacheInconsistent, ValueError, TypeError, KeyError, AttributeError):
        sound = False
    if not sound:
        assert result == expected  # refused, so rebuilt from the files


# --- drafts -----------------------------------------------------------------------------------------------------

MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"


@pytest.fixture
def draft_repo(tmp_path: Path) -> Path:
    target = tmp_path / "sample-repo"
    shutil.copytree(SAMPLE_REPO, target)
    return make_git_repo(target)


def good_record(repo: Path, **changes: Any) -> dict[str, Any]:
    text = (repo / MEETING).read_text(encoding="utf-8")
    record = {"path": MEETING, "text": text.replace("title:", "title: Kladde", 1), "base_text": text,
              "saved_at": "2024-05-01T10:00:00+00:00"}
    record.update(changes)
    return record


def bad_drafts(repo: Path, outside: Path) -> dict[str, str | bytes]:
    """File name -> content of draft files that must be set aside."""
    os.symlink(outside / "2019-10-24.yaml", repo / "albertslund-kommune/chefforum/2019-11-11.yaml")
    return {
        "list.json": json.dumps([good_record(repo)]),
        "number.json": "42",
        "not-json.json": "{path: x",
        "deep.json": "[" * 100_000,
        "latin1.json": b"\xff\xfe{}",
        "path-number.json": json.dumps(good_record(repo, path=7)),
        "text-list.json": json.dumps(good_record(repo, text=["x"])),
        "base-number.json": json.dumps(good_record(repo, base_text=3)),
        "saved-number.json": json.dumps(good_record(repo, saved_at=1714557600)),
        "saved-nonsense.json": json.dumps(good_record(repo, saved_at="yesterday")),
        "saved-year-1.json": json.dumps(good_record(repo, saved_at="0001-01-01T00:00:00+14:00")),
        "no-path.json": json.dumps({key: value for key, value in good_record(repo).items() if key != "path"}),
        "dotdot.json": json.dumps(good_record(repo, path="../../etc/2019-10-24.yaml")),
        "absolute.json": json.dumps(good_record(repo, path=str(outside / "2019-10-24.yaml"))),
        "git.json": json.dumps(good_record(repo, path=".git/2019-10-24.yaml")),
        "not-a-meeting-name.json": json.dumps(good_record(repo, path="albertslund-kommune/chefforum/forum.yaml")),
        "through-a-link.json": json.dumps(good_record(repo, path="albertslund-kommune/chefforum/2019-11-11.yaml")),
        "backslash.json": json.dumps(good_record(repo, path="albertslund-kommune\\chefforum\\2019-10-24.yaml")),
        "text-not-yaml.json": json.dumps(good_record(repo, text="title: [unclosed\n")),
        "text-a-list.json": json.dumps(good_record(repo, text="- a\n- b\n")),
        "text-deep.json": json.dumps(good_record(repo, text="title: " + "[" * 500 + "]" * 500 + "\n")),
        "text-surrogate.json": json.dumps(good_record(repo, text='title: "\\ud800"\n')),
        "text-raw-surrogate.json": '{"path": "' + MEETING + '", "text": "title: \\ud800", "saved_at": "2024-05-01T10:00:00"}',
    }


def test_bad_drafts_are_set_aside_with_a_line_each_and_good_ones_kept(draft_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2019-10-24.yaml").write_text("date: 2019-10-24\ntitle: Udenfor\n", encoding="utf-8")
    folder = drafts_dir(draft_repo)
    folder.mkdir(parents=True)
    bad = bad_drafts(draft_repo, outside)
    for name, content in bad.items():
        target = folder / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    os.symlink(outside / "2019-10-24.yaml", folder / "linked.json")
    aware = save_draft(draft_repo, MEETING, good_record(draft_repo)["text"], good_record(draft_repo)["base_text"], "aware")
    naive = folder / "naive.json"
    naive.write_text(json.dumps(good_record(draft_repo, saved_at="2024-04-01T10:00:00")), encoding="utf-8")
    assert {draft.file for draft in list_drafts(draft_repo)} == {aware, naive}  # nothing raises, even before setting aside
    notices = set_aside_bad_drafts(draft_repo)
    assert len(notices) == len(bad) + 1
    for notice in notices:
        assert "\n" not in notice and "set aside as" in notice
    for name in (*bad, "linked.json"):
        assert not os.path.lexists(folder / name) and os.path.lexists(folder / (name + BAD_SUFFIX)), name
    assert [draft.file for draft in list_drafts(draft_repo)] == [naive, aware]  # naive (local) and aware times sort together
    assert set_aside_bad_drafts(draft_repo) == []
    assert (outside / "2019-10-24.yaml").read_text(encoding="utf-8") == "date: 2019-10-24\ntitle: Udenfor\n"


def test_a_second_bad_file_of_the_same_name_is_kept_too(draft_repo: Path) -> None:
    folder = drafts_dir(draft_repo)
    folder.mkdir(parents=True)
    for _ in range(3):
        (folder / "x.json").write_text("[]", encoding="utf-8")
        assert len(set_aside_bad_drafts(draft_repo)) == 1
    assert sorted(path.name for path in folder.iterdir()) == ["x.json.2.bad", "x.json.3.bad", "x.json.bad"]


async def test_the_app_starts_says_what_it_set_aside_and_offers_the_good_draft(draft_repo: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "cache"))
    folder = drafts_dir(draft_repo)
    folder.mkdir(parents=True)
    (folder / "a-list.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "outside.json").write_text(json.dumps(good_record(draft_repo, path="../2019-10-24.yaml")), encoding="utf-8")
    save_draft(draft_repo, MEETING, good_record(draft_repo)["text"], good_record(draft_repo)["base_text"], "w")
    app = make_app(draft_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        def set_aside_said() -> int:
            return sum("set aside" in str(note.message) for note in app._notifications)

        # the drafts are read at start in a worker: the notices and the offer come in either order
        await settle(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.query(Button) and set_aside_said() >= 2)
        messages = [str(note.message) for note in app._notifications]
        assert sum("set aside" in message for message in messages) == 2, messages
        assert any("a-list.json" in message for message in messages) and any("outside.json" in message for message in messages)
        app.screen.query_one("#choice-restore", Button).press()
        await settle(pilot, lambda: getattr(app.screen, "session", None) is not None)
        assert app.screen.session.meeting.title.startswith("Kladde")  # type: ignore[attr-defined]
