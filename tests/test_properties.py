"""Property: any meeting built through the typed views saves and loads back equal, in ruamel and PyYAML alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from conftest import plain
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.yaml import styles, yamlio

# Text is any Unicode: letters of every script, emoji, punctuation, spaces, "\n", "\t" and the other
# control characters too (YAML carries them as escapes in double quotes). Only surrogates are left
# out: they cannot be encoded as UTF-8 at all, so no file can hold them.
_CHARS = st.characters(blacklist_categories=("Cs",))

TRICKY = [
    "",
    " ",
    "[bold]",
    "[/]",
    "[bold]fed[/] tekst",
    "'",
    '"',
    "'quoted'",
    '"quoted"',
    "a: b",
    ":",
    "key:",
    "- x",
    "-",
    "# y",
    "x # y",
    " leading",
    "trailing ",
    "  both  ",
    "\n",
    "\n\n",
    "line\n",
    "line\n\n",
    "two\nlines",
    "\nleading newline",
    " indented\nblock\n",
    "trailing space \nnext",
    "\t",
    "tab\tinside",
    "\ttab first\n",
    "12:00",
    "09:30-09:45",
    "no",
    "on",
    "1e3",
    "2015",
    "2019-10-24",
    "null",
    "~",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@",
    "`",
    "|",
    ">",
    "{a: b}",
    "[a, b]",
    "Mødelokale 1, æøå ÆØÅ",
    "emoji 🎉 and 中文",
    "...",
    "---",
    "--- x",
    "\\",
    "\\n",
    "\r\n",
    "windows\r\nline\r\n",
    "a\rb",
    "\x85",
    "next\x85line\n",
    "para\u2028graph\n",
    "\x00",
    "\x1b[1mansi\x1b[0m",
    "\ufeffbom",
    "\x7f",
]

text = st.one_of(st.sampled_from(TRICKY), st.text(_CHARS, max_size=40))
texts = st.lists(text, max_size=3)

actions = st.lists(
    st.fixed_dictionaries(
        {"task": text, "owner": text, "due": st.none() | st.dates(), "done": st.booleans()},
    ),
    max_size=2,
)
points = st.lists(
    st.fixed_dictionaries(
        {
            "number": st.integers(min_value=-(10**6), max_value=10**9),
            "title": text,
            "case": text,
            "time": text,
            "presenter": text,
            "sections": st.lists(st.tuples(text, text), max_size=3),
            "decision_heading": text,
            "decision": text,
            "attachments": texts,
            "actions": actions,
        }
    ),
    max_size=3,
)
meetings = st.fixed_dictionaries(
    {
        "date": st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
        "title": text,
        "start": text,
        "end": text,
        "location": text,
        "status": text,
        "minute_taker": text,
        "present": texts,
        "absent": texts,
        "information": text,
        "points": points,
    }
)

HEADER_FIELDS = ("title", "start", "end", "location", "status", "minute_taker", "information")
POINT_FIELDS = ("case", "time", "presenter", "decision_heading", "decision")

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the meetings are saved (module-scoped: hypothesis runs many examples per test call)."""
    return tmp_path_factory.mktemp("properties")


def build(spec: dict[str, Any], folder: Path) -> Meeting:
    """A meeting made only through the typed views."""
    meeting = Meeting.new(folder / f"{spec['date'].isoformat()}.yaml", spec["date"])
    for name in HEADER_FIELDS:
        setattr(meeting, name, spec[name])
    meeting.present = spec["present"]
    meeting.absent = spec["absent"]
    for index, point_spec in enumerate(spec["points"]):
        point = Point.new(point_spec["number"], point_spec["title"])
        meeting.insert_point(index, point)
        for name in POINT_FIELDS:
            setattr(point, name, point_spec[name])
        for heading, body in point_spec["sections"]:
            point.sections.set(heading, body)
        point.attachments = point_spec["attachments"]
        for action in point_spec["actions"]:
            point.add_action(Action.new(action["task"], action["owner"], action["due"], action["done"]))
    return meeting


def expected_sections(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Setting a heading again replaces its text and keeps its first place."""
    result: dict[str, str] = {}
    for heading, body in pairs:
        result[heading] = edited(body)
    return list(result.items())


def edited(value: str) -> str:
    """Text as an edit stores it: multi-line text without spaces or tabs at line ends, and with LF line breaks."""
    return styles.edited_text(value)


def optional(value: str) -> str | None:
    """The schema's "no value": an empty string removes the key, which reads back as None."""
    return edited(value) or None


def check_views(meeting: Meeting, spec: dict[str, Any]) -> None:
    assert meeting.date == spec["date"]
    for name in HEADER_FIELDS:
        assert getattr(meeting, name) == optional(spec[name]), name
    assert meeting.present == [edited(name) for name in spec["present"]]
    assert meeting.absent == [edited(name) for name in spec["absent"]]
    assert len(meeting.points) == len(spec["points"])
    for point, point_spec in zip(meeting.points, spec["points"], strict=True):
        assert point.number == point_spec["number"]
        assert point.title == edited(point_spec["title"])
        for name in POINT_FIELDS:
            assert getattr(point, name) == optional(point_spec[name]), name
        assert point.sections.items() == expected_sections(point_spec["sections"])
        assert point.attachments == [edited(title) for title in point_spec["attachments"]]
        expected_actions = [
            (optional(a["task"]) or "", optional(a["owner"]), a["due"], a["done"]) for a in point_spec["actions"]
        ]
        assert [(a.task, a.owner, a.due, a.done) for a in point.actions] == expected_actions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings)
@example(
    {
        "date": dt.date(2019, 10, 24),
        "title": "[bold]REFERAT[/] Chefforum: d. 24-10-2019",
        "start": "09:00",
        "end": "",
        "location": "# y",
        "status": "no",
        "minute_taker": " Egil ",
        "present": ["- x", "", "'Anne'", '"Bo"'],
        "absent": ["on"],
        "information": "Pkt. 1 kl. 8.30-8.50\n\nPkt. 2\x85Pkt. 3\n",
        "points": [
            {
                "number": 3,
                "title": "CF - Justering: v. Søren (9:30-9:45)",
                "case": "81.16.00-P23-1-16",
                "time": "09:30-09:45",
                "presenter": "",
                "sections": [
                    ("Anledning", "  indrykket\nlinje\n\n"),
                    ("Dagsorden:", "1. a\n2. b"),
                    ("", "\t"),
                    ("Bilag", "a\r\nb\n"),
                ],
                "decision_heading": "BESLUTNING I CHEFFORUM DEN 23-04-2015",
                "decision": "- a\n- b: c\n# not a comment\n",
                "attachments": ["[/]", "1e3", "\n"],
                "actions": [{"task": "Kommunikere \"LUS\"", "owner": "", "due": dt.date(2019, 11, 30), "done": True}],
            }
        ],
    }
)
def test_any_meeting_saves_and_loads_back_equal(folder: Path, spec: dict[str, Any]) -> None:
    meeting = build(spec, folder)
    check_views(meeting, spec)  # the views read what was set before any save

    text = meeting.dump()
    yamlio.atomic_write(meeting.path, text)
    reread = yamlio.read_text(meeting.path)
    assert reread == text
    document = yamlio.load_text(reread)
    reloaded = Meeting(meeting.path, document, reread, yamlio.guess_layout(reread))
    check_views(reloaded, spec)

    # every YAML reader sees the same values: PyYAML's safe loader (YAML 1.1) and ruamel (1.2)
    assert pyyaml.safe_load(text) == plain(document)
    assert yamlio.special_features(document) == []
    # and the saved text is stable: loading and saving it again writes the same bytes
    assert yamlio.dump_text(document, reloaded.layout) == text
    assert reloaded.dump() == text
