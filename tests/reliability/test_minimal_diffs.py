"""An edit changes only its own lines: every file style x every kind of edit the app makes, rounds counted.

Each case writes a real file in a style that ruamel alone would not keep (dash at column 0, extra spaces
after colons, `---`/`...`, plain scalars over several lines, lines over 4,096 characters, lines of spaces
in block scalars, comments, CRLF, a BOM, flow lists, quoted keys, tabs), edits it through the model API
the app uses, saves it, and checks: (a) the file reads back to exactly the edited data; (b) the
`difflib` diff touches only the lines of the edited field or point, found from the original's own node
positions; (c) a save without a change gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import random
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from reliability_rounds import rounds
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from repo_layout.editing.values import HeaderValues, PointValues, make_room_after
from repo_layout.model.formatting import format_files
from repo_layout.model.loading import load_meeting, meeting_problems
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.yaml import splice, styles, yamlio

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT / "sample-repo"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "minimal_diffs"
SMALL = SAMPLE / "aarhus-kommune/chefteammoede/2021-10-14.yaml"
MIDDLE = SAMPLE / "albertslund-kommune/chefforum/2019-10-24.yaml"
LARGE = SAMPLE / "albertslund-kommune/chefforum/2015-04-23.yaml"
NAME = "2020-05-06.yaml"


# --- positions in the original, found independently of repo_layout.yaml.splice --------------------

def _lines(text: str) -> list[str]:
    """Lines as ruamel counts them here (LF ends a line; the fixtures hold no other line break)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


@functools.lru_cache(maxsize=64)
def _compose(text: str) -> Node:
    return yamlio.make_yaml().compose(text)


def _last_line(text: str, node: Node, key_line: int) -> int:
    """The 0-based last line of a value's own text (not the blank lines after a block scalar)."""
    lines = _lines(text)
    if isinstance(node, ScalarNode):
        if node.start_mark.index == node.end_mark.index:
            return key_line
        if node.style in ("|", ">") and node.end_mark.column == 0:
            last = node.end_mark.line - 1
            while last > node.start_mark.line and not lines[last].strip():
                last -= 1
            return last
        return node.end_mark.line
    if getattr(node, "flow_style", False):
        return node.end_mark.line
    if isinstance(node, MappingNode):
        key, value = node.value[-1]
        return _last_line(text, value, key.start_mark.line)
    item = node.value[-1]
    return _last_line(text, item, item.start_mark.line)


def _span(text: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """(first, last) 0-based lines of the entry or item at path, from its key (or dash) to its value's end."""
    node: Node = _compose(text)
    first = 0
    for step in path:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == step:
                    first, node = key.start_mark.line, value
                    break
            else:
                raise KeyError(step)
        else:
            assert isinstance(node, SequenceNode)
            node = node.value[step]
            first = node.start_mark.line
    return first, _last_line(text, node, first)


def _has(text: str, path: tuple[Any, ...]) -> bool:
    try:
        _span(text, path)
    except (KeyError, IndexError):
        return False
    return True


def _with_blank_lines(text: str, first: int, last: int) -> tuple[int, int]:
    lines = _lines(text)
    while first > 0 and not lines[first - 1].strip():
        first -= 1
    while last + 1 < len(lines) and not lines[last + 1].strip():
        last += 1
    return first, last


@dataclass
class Allowed:
    """Which original lines a save may remove or change, where it may add lines, and whether it only moves lines."""

    removed: set[int] = field(default_factory=set)
    inserted_at: set[int] = field(default_factory=set)
    moved_only: bool = False
    what: str = ""

    def field(self, text: str, path: tuple[Any, ...]) -> Allowed:
        """The lines of one field (an entry or item at path); it may become longer or shorter."""
        first, last = _span(text, path)
        self.removed |= set(range(first, last + 1))
        self.inserted_at |= set(range(first, last + 2))
        self.what += f" field {path}"
        return self

    def inside(self, text: str, path: tuple[Any, ...]) -> Allowed:
        """New lines only, anywhere within (or just after) the entry or item at path; nothing removed."""
        first, last = _with_blank_lines(text, *_span(text, path))
        self.inserted_at |= set(range(first, last + 2))
        self.what += f" new lines in {path}"
        return self

    def field_or_new(self, text: str, path: tuple[Any, ...]) -> Allowed:
        return self.field(text, path) if _has(text, path) else self.inside(text, path[:-1] if path[:-1] else ())

    def header(self, text: str) -> Allowed:
        """New lines anywhere before `points:` (a header field that was not there)."""
        first, _ = _span(text, ("points",))
        self.inserted_at |= set(range(first + 1))
        self.what += " new header lines"
        return self

    def removed_with_blanks(self, text: str, path: tuple[Any, ...]) -> Allowed:
        first, last = _with_blank_lines(text, *_span(text, path))
        self.removed |= set(range(first, last + 1))
        self.inserted_at |= set(range(first, last + 2))
        self.what += f" removal of {path}"
        return self

    def moved(self, text: str, low: int, high: int) -> Allowed:
        """Points low..high change places: their lines may go and come back elsewhere among them (by a comment of theirs too)."""
        lines = _lines(text)
        self.moved_only = True
        for index in range(low, high + 1):
            self.removed_with_blanks(text, ("points", index))
            first, _ = _span(text, ("points", index))
            while first > 0 and (not lines[first - 1].strip() or lines[first - 1].lstrip().startswith("#")):
                first -= 1
            # difflib may show the points jumped over as the ones that moved, comments before them included
            self.removed |= set(range(first, _span(text, ("points", index))[0]))
            self.inserted_at |= set(range(first, _span(text, ("points", index))[0] + 1))
        return self

    def gap_before_point(self, text: str, index: int) -> Allowed:
        """New lines between point index-1 and point index (or after the last point)."""
        points = _compose(text)
        sequence = next(value for key, value in points.value if key.value == "points")
        lines = _lines(text)
        if index < len(sequence.value):
            end = sequence.value[index].start_mark.line
        else:
            end = _last_line(text, sequence, 0) + 1
            while end < len(lines) and not lines[end].strip():
                end += 1
        start = _last_line(text, sequence.value[index - 1], 0) + 1 if index > 0 else sequence.value[0].start_mark.line
        self.inserted_at |= set(range(start, end + 1))
        self.what += f" new point before {index}"
        return self


def check_diff(original: str, result: str, allowed: Allowed) -> None:
    """(b): every line the unified diff removes or adds is one the edit may touch."""
    old, new = _lines(original), _lines(result)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        outside = sorted(set(range(i1, i2)) - allowed.removed)
        assert not outside, f"{allowed.what}: removed/changed lines {outside[:5]} are not the edit's: {old[outside[0]]!r}"
        if j2 > j1:
            assert i1 in allowed.inserted_at, f"{allowed.what}: lines added at line {i1}: {new[j1:j2][:3]!r}"
        removed += old[i1:i2]
        added += new[j1:j2]
    if allowed.moved_only:
        def kept(lines: list[str]) -> Counter[str]:
            return Counter(line.rstrip("\r\n") for line in lines if line.strip())

        assert kept(removed) == kept(added), "a move must only move lines"


# --- data, found independently of repo_layout.yaml.splice -------------------------------------------

def plain(value: Any) -> Any:
    """A document as plain Python, mappings as lists of pairs (order counts); 1, True and "1" kept apart."""
    if isinstance(value, dict):
        return [("map", plain(key), plain(item)) for key, item in value.items()]
    if isinstance(value, list):
        return ["seq", *[plain(item) for item in value]]
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", repr(float(value)))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    return ("other", repr(value))


# --- file styles ---------------------------------------------------------------------------------

def _mapping_pairs(node: Node) -> list[tuple[ScalarNode, Node]]:
    """Every (key, value) of every block mapping under node."""
    found = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            found.append((key, value))
            found += _mapping_pairs(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found += _mapping_pairs(item)
    return found


def _block_scalars(node: Node) -> list[tuple[ScalarNode, ScalarNode]]:
    return [(key, value) for key, value in _mapping_pairs(node) if isinstance(value, ScalarNode) and value.style == "|"]


def _insert_all(text: str, inserts: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(inserts, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _same_line_scalars(text: str) -> list[tuple[ScalarNode, ScalarNode]]:
    return [
        (key, value)
        for key, value in _mapping_pairs(yamlio.make_yaml().compose(text))
        if isinstance(value, ScalarNode)
        and value.style in (None, '"', "'")
        and value.start_mark.index < value.end_mark.index
        and value.start_mark.line == key.start_mark.line == value.end_mark.line
    ]


def dash_at_column_zero(text: str) -> str:
    return yamlio.dump_text(yamlio.load_text(text), yamlio.Layout(2, 2, 0))


def extra_spaces(text: str) -> str:
    return _insert_all(text, [(value.start_mark.index, value.start_mark.index, "  ") for _, value in _same_line_scalars(text)])


def markers(text: str) -> str:
    return "---\n" + text + "...\n"


def multi_line_plain(text: str) -> str:
    """Plain values longer than 25 characters continue on the next line (a plain scalar over two lines)."""
    inserts = []
    for key, value in _same_line_scalars(text):
        words = text[value.start_mark.index : value.end_mark.index]
        middle = words.find(" ", len(words) // 2)
        if value.style is None and len(words) > 25 and middle > 0 and words[middle + 1 : middle + 2].isalpha():
            at = value.start_mark.index + middle
            inserts.append((at, at + 1, "\n" + " " * (key.start_mark.column + 4)))
    return _insert_all(text, inserts)


def long_lines(text: str) -> str:
    """A point title and a decision line over 4,096 characters."""
    root = yamlio.make_yaml().compose(text)
    points = next(value for key, value in root.value if key.value == "points")
    inserts = []
    for key, value in points.value[0].value:
        if key.value == "title":
            inserts.append((value.start_mark.index, value.end_mark.index, "Langt punkt " + "ord " * 1300 + "slut"))
    for _, value in _block_scalars(points):
        header_end = text.index("\n", value.start_mark.index) + 1
        indent = len(text[header_end:]) - len(text[header_end:].lstrip(" "))
        inserts.append((header_end, header_end, " " * indent + "lang " * 1000 + "linje\n"))
        break
    return _insert_all(text, inserts)


def spaces_in_blocks(text: str) -> str:
    """Empty lines inside block scalars become lines of spaces: some no deeper than the block (still empty), some deeper."""
    inserts = []
    toggle = False
    for _, value in _block_scalars(yamlio.make_yaml().compose(text)):
        body = text[value.start_mark.index : value.end_mark.index]
        header_end = body.index("\n") + 1
        indent = len(body[header_end:]) - len(body[header_end:].lstrip(" "))
        content_end = len(body.rstrip("\n"))
        for match in re.finditer(r"\n(?=\n)", body[:content_end]):
            toggle = not toggle
            at = value.start_mark.index + match.end()
            inserts.append((at, at, " " * (indent - 1 if toggle else indent + 2)))
    return _insert_all(text, inserts)


def comments(text: str) -> str:
    """A comment line before every third key and a comment after every second one-line value."""
    root = yamlio.make_yaml().compose(text)
    inserts = []
    for number, (key, _) in enumerate(_mapping_pairs(root)):
        line_start = text.rfind("\n", 0, key.start_mark.index) + 1
        if number % 3 == 0 and not text[line_start : key.start_mark.index].strip():
            inserts.append((line_start, line_start, " " * key.start_mark.column + f"# note {number}\n"))
    for number, (_, value) in enumerate(_same_line_scalars(text)):
        line_end = text.index("\n", value.end_mark.index)
        if number % 2 == 0 and not text[value.end_mark.index : line_end].strip():
            inserts.append((line_end, line_end, f"  # eol {number}"))
    return _insert_all(text, inserts)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def bom(text: str) -> str:
    return "\ufeff" + text


def flow_lists(text: str) -> str:
    document = yamlio.load_text(text)
    meeting = Meeting(Path(NAME), document, text, yamlio.guess_layout(text))
    meeting.present = meeting.present or ["Anna Hansen", "Bo Berg", "Carl Dahl: gæst"]
    meeting.absent = meeting.absent or ["Dorte"]
    meeting.points[0].attachments = meeting.points[0].attachments or ["Bilag 1", "Bilag 2"]
    for container in [document, *document.get("points", [])]:
        for key in ("present", "absent", "attachments"):
            if isinstance(container.get(key), CommentedSeq) and all(isinstance(item, str) for item in container[key]):
                container[key].fa.set_flow_style()
    return yamlio.dump_text(document, yamlio.guess_layout(text))


def quoted_keys(text: str) -> str:
    pairs = [key for key, _ in _mapping_pairs(yamlio.make_yaml().compose(text)) if key.style is None]
    return _insert_all(
        text,
        [
            (key.start_mark.index, key.end_mark.index, f'"{key.value}"' if number % 2 else f"'{key.value}'")
            for number, key in enumerate(pairs)
        ],
    )


def tabs(text: str) -> str:
    """Tabs inside block scalar lines (after a word, and leading a later line) and a quoted title with \\t."""
    root = yamlio.make_yaml().compose(text)
    inserts = []
    for _, value in _block_scalars(root):
        body = text[value.start_mark.index : value.end_mark.index]
        first = re.search(r"\n +\S+( )\S", body)
        if first and "\n" not in first.group(0)[1:]:
            inserts.append((value.start_mark.index + first.start(1), value.start_mark.index + first.end(1), "\t"))
        lines = [match.start() for match in re.finditer(r"\n +\S", body)]
        if len(lines) > 2:
            at = value.start_mark.index + lines[1] + 1
            indent = len(body[lines[1] + 1 :]) - len(body[lines[1] + 1 :].lstrip(" "))
            inserts.append((at + indent, at + indent, "\t"))
    points = next(value for key, value in root.value if key.value == "points")
    for key, value in points.value[0].value:
        if key.value == "title":
            inserts.append((value.start_mark.index, value.end_mark.index, '"Titel\\tmed\\ttabulator"'))
    return _insert_all(text, inserts)


STYLES: dict[str, Callable[[str], str]] = {
    "dash_at_column_0": dash_at_column_zero,
    "extra_spaces_after_colons": extra_spaces,
    "document_markers": markers,
    "multi_line_plain": multi_line_plain,
    "lines_over_4096": long_lines,
    "spaces_in_block_scalars": spaces_in_blocks,
    "comments": comments,
    "crlf": crlf,
    "bom": bom,
    "flow_lists": flow_lists,
    "quoted_keys": quoted_keys,
    "tabs_in_values": tabs,
}
COMBINED = (
    dash_at_column_zero,
    quoted_keys,
    extra_spaces,
    comments,
    multi_line_plain,
    spaces_in_blocks,
    tabs,
    long_lines,
    markers,
    crlf,
    bom,
)


def _combined(text: str) -> str:
    for style in COMBINED:
        text = style(text)
    return text


def fixture_texts() -> dict[str, str]:
    """Every style fixture: name -> file text (each checked to load as a meeting below)."""
    small = SMALL.read_text(encoding="utf-8")
    texts = {"canonical": small}
    texts.update({name: style(small) for name, style in STYLES.items()})
    texts["all_styles"] = _combined(MIDDLE.read_text(encoding="utf-8"))
    hostile = (FIXTURES / "hostile.yaml").read_text(encoding="utf-8")
    texts["hostile"] = hostile
    texts["hostile_crlf_bom"] = bom(crlf(hostile))
    if rounds(0, 1):
        texts["large_all_styles"] = _combined(LARGE.read_text(encoding="utf-8"))
    return texts


FIXTURE_TEXTS = fixture_texts()


def write_fixture(tmp_path: Path, name: str) -> Path:
    """The fixture as a real meeting file (its date matches its name)."""
    text = FIXTURE_TEXTS[name]
    date = yamlio.load_fast(text)["date"]
    path = tmp_path / name / f"{date.isoformat()}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# --- edits, through the API the app uses ---------------------------------------------------------

Edit = Callable[[Meeting, str, random.Random], tuple[Allowed, Callable[[Meeting], Any]]]
"""An edit: changes the meeting, returns what it may touch and what the reloaded meeting must say."""


def _middle_point(meeting: Meeting) -> int:
    return min(1, len(meeting.points) - 1)


def _point_with(meeting: Meeting, test: Callable[[Point], bool]) -> int:
    for index, point in enumerate(meeting.points):
        if test(point):
            return index
    return _middle_point(meeting)


def _one_line(rng: random.Random) -> str:
    pieces = ["Ny titel", "æøå", "med: kolon", "# ikke kommentar", "'citat'", '"dobbelt"', "yes", "09:30", "- streg", "[x]"]
    pieces += ["tab\there", "lang " * 3]
    return " ".join(rng.sample(pieces, rng.randint(1, 3))).strip() or "x"


def _many_lines(rng: random.Random) -> str:
    pieces = ["Første linje", "  indrykket", "", "Linje med trailing   ", "\ttabulator først", "- punkt", "# hash", "key: value"]
    pieces += ["---", "..."]
    lines = [rng.choice(pieces) for _ in range(rng.randint(2, 6))]
    return "\n".join(lines) + rng.choice(["", "\n", "\n\n"])


def edit_point_title(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _middle_point(meeting)
    value = _one_line(rng)
    meeting.points[index].title = value
    return Allowed().field_or_new(text, ("points", index, "title")), lambda m: m.points[index].title == value


def edit_decision_one_line(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: (p.decision or "").count("\n") > 1)
    old = meeting.points[index].decision or "a\nb\n"
    lines = old.split("\n")
    lines[min(1, len(lines) - 1)] = "En ændret linje " + str(rng.randint(0, 999))
    value = "\n".join(lines)
    meeting.points[index].decision = value
    wanted = styles.edited_text(value)
    return Allowed().field_or_new(text, ("points", index, "decision")), lambda m: m.points[index].decision == wanted


def edit_decision_new_text(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = len(meeting.points) - 1
    value = _many_lines(rng)
    meeting.points[index].decision = value
    wanted = styles.edited_text(value) or None
    return Allowed().field_or_new(text, ("points", index, "decision")), lambda m: m.points[index].decision == wanted


def edit_decision_removed(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: p.decision is not None)
    meeting.points[index].decision = None
    path = ("points", index, "decision")
    allowed = Allowed().field(text, path) if _has(text, path) else Allowed()
    return allowed, lambda m: m.points[index].decision is None


def edit_section(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: len(p.sections) > 0)
    point = meeting.points[index]
    heading = point.sections.headings()[0] if len(point.sections) else "Sagsfremstilling"
    value = _many_lines(rng)
    point.sections.set(heading, value)
    wanted = styles.edited_text(value)
    path = ("points", index, "sections", heading)
    allowed = Allowed().field(text, path) if _has(text, path) else Allowed().inside(text, ("points", index))
    return allowed, lambda m: m.points[index].sections.get(heading) == wanted


def edit_new_section(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _middle_point(meeting)
    value = "Linje et\nLinje to\n"
    meeting.points[index].sections.set("Ny overskrift: her", value)
    return Allowed().inside(text, ("points", index)), lambda m: m.points[index].sections.get("Ny overskrift: her") == value


def edit_start(meeting: Meeting, text: str, rng: random.Random) -> Any:
    value = f"{rng.randint(7, 12):02d}:{rng.choice([0, 15, 30, 45]):02d}"
    meeting.start = value
    allowed = Allowed().field(text, ("start",)) if _has(text, ("start",)) else Allowed().header(text)
    return allowed, lambda m: m.start == value


def edit_location(meeting: Meeting, text: str, rng: random.Random) -> Any:
    value = _one_line(rng)
    meeting.location = value
    allowed = Allowed().field(text, ("location",)) if _has(text, ("location",)) else Allowed().header(text)
    return allowed, lambda m: m.location == value


def edit_present_added(meeting: Meeting, text: str, rng: random.Random) -> Any:
    value = [*meeting.present, "Ny Deltager", "Æble: Øst"]
    meeting.present = value
    allowed = Allowed().field(text, ("present",)) if _has(text, ("present",)) else Allowed().header(text)
    return allowed, lambda m: m.present == value


def edit_present_removed(meeting: Meeting, text: str, rng: random.Random) -> Any:
    value = meeting.present[1:] or ["Eneste"]
    meeting.present = value
    allowed = Allowed().field(text, ("present",)) if _has(text, ("present",)) else Allowed().header(text)
    return allowed, lambda m: m.present == value


def edit_information(meeting: Meeting, text: str, rng: random.Random) -> Any:
    value = (meeting.information or "") + "Tilføjet linje\n"
    meeting.information = value
    wanted = styles.edited_text(value)
    allowed = Allowed().field(text, ("information",)) if _has(text, ("information",)) else Allowed().header(text)
    return allowed, lambda m: m.information == wanted


def edit_header_values(meeting: Meeting, text: str, rng: random.Random) -> Any:
    values = HeaderValues.from_meeting(meeting)
    values.minute_taker = "Ny Referent"
    values.apply(meeting)
    path = ("minute_taker",)
    allowed = Allowed().field(text, path) if _has(text, path) else Allowed().header(text)
    return allowed, lambda m: m.minute_taker == "Ny Referent"


def edit_point_values(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _middle_point(meeting)
    values = PointValues.from_point(meeting.points[index])
    values.presenter = "Ny Oplægsholder"
    values.apply(meeting.points[index])
    return Allowed().field_or_new(text, ("points", index, "presenter")), lambda m: m.points[index].presenter == "Ny Oplægsholder"


def edit_point_values_decision(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: (p.decision or "").count("\n") > 1)
    values = PointValues.from_point(meeting.points[index])
    values.decision = values.decision.replace("\n", "\nIndskudt linje fra editoren\n", 1) if values.decision else "Ny\nbeslutning"
    values.apply(meeting.points[index])
    wanted = meeting.points[index].decision
    return Allowed().field_or_new(text, ("points", index, "decision")), lambda m: m.points[index].decision == wanted


def edit_insert_point(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = rng.randint(0, len(meeting.points))
    meeting.insert_point(index, Point.new(90 + index, "Nyt punkt"))
    count = len(meeting.points)
    return Allowed().gap_before_point(text, index), lambda m: len(m.points) == count and m.points[index].title == "Nyt punkt"


def edit_insert_point_making_room(meeting: Meeting, text: str, rng: random.Random) -> Any:
    """The app's `a`: a new point numbered after the one above, later numbers pushed up."""
    index = _middle_point(meeting)
    number = (meeting.points[index - 1].number or 0) + 1 if index > 0 else 1
    meeting.insert_point(index, Point.new(number, "Indskudt punkt"))
    changed = make_room_after(meeting, index)
    allowed = Allowed().gap_before_point(text, index)
    for later in changed:
        allowed.field(text, ("points", later - 1, "number"))
    numbers = [point.number for point in meeting.points]
    return allowed, lambda m: [point.number for point in m.points] == numbers


def edit_remove_point(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = rng.randrange(len(meeting.points))
    titles = [point.title for position, point in enumerate(meeting.points) if position != index]
    meeting.remove_point(index)
    return Allowed().removed_with_blanks(text, ("points", index)), lambda m: [point.title for point in m.points] == titles


def edit_move_point(meeting: Meeting, text: str, rng: random.Random) -> Any:
    count = len(meeting.points)
    source = rng.randrange(count)
    target = rng.choice([index for index in range(count) if index != source] or [source])
    meeting.move_point(source, target)
    titles = [point.title for point in meeting.points]
    allowed = Allowed().moved(text, min(source, target), max(source, target))
    return allowed, lambda m: [point.title for point in m.points] == titles


def edit_action_task(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: bool(p.actions))
    point = meeting.points[index]
    if not point.actions:
        point.add_action(Action.new("Første opgave"))
        return Allowed().inside(text, ("points", index)), lambda m: m.points[index].actions[0].task == "Første opgave"
    value = _one_line(rng)
    point.actions[0].task = value
    return Allowed().field(text, ("points", index, "actions", 0)), lambda m: m.points[index].actions[0].task == value


def edit_action_done(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _point_with(meeting, lambda p: bool(p.actions))
    point = meeting.points[index]
    if not point.actions:
        point.add_action(Action.new("Opgave", owner="Bo", due=dt.date(2021, 12, 24)))
        return Allowed().inside(text, ("points", index)), lambda m: m.points[index].actions[0].due == dt.date(2021, 12, 24)
    value = not point.actions[0].done
    point.actions[0].done = value
    return Allowed().field(text, ("points", index, "actions", 0)), lambda m: m.points[index].actions[0].done is value


def edit_add_action(meeting: Meeting, text: str, rng: random.Random) -> Any:
    index = _middle_point(meeting)
    meeting.points[index].add_action(Action.new("Tilføjet opgave", owner="Anna"))
    count = len(meeting.points[index].actions)
    return Allowed().inside(text, ("points", index)), lambda m: len(m.points[index].actions) == count


EDITS: dict[str, Edit] = {
    "point_title": edit_point_title,
    "decision_one_line": edit_decision_one_line,
    "decision_new_text": edit_decision_new_text,
    "decision_removed": edit_decision_removed,
    "section_text": edit_section,
    "new_section": edit_new_section,
    "start": edit_start,
    "location": edit_location,
    "present_added": edit_present_added,
    "present_removed": edit_present_removed,
    "information": edit_information,
    "header_values": edit_header_values,
    "point_values": edit_point_values,
    "point_values_decision": edit_point_values_decision,
    "insert_point": edit_insert_point,
    "insert_point_making_room": edit_insert_point_making_room,
    "remove_point": edit_remove_point,
    "move_point": edit_move_point,
    "action_task": edit_action_task,
    "action_done": edit_action_done,
    "add_action": edit_add_action,
}


def run_case(tmp_path: Path, style: str, edit: str, seed: int) -> None:
    """One case: edit, save, and check (a), (b) and (c)."""
    path = write_fixture(tmp_path, style)
    original = path.read_bytes().decode("utf-8")
    meeting = load_meeting(path)
    assert meeting.dump() == original, "(c) an untouched meeting must dump to its own bytes"
    allowed, says = EDITS[edit](meeting, original, random.Random(seed))
    intended = plain(meeting.data)
    result = meeting.dump()
    path.write_bytes(result.encode("utf-8"))
    reloaded = load_meeting(path)
    assert plain(reloaded.data) == intended, "(a) the saved file must read back to exactly the edited data"
    assert plain(yamlio.load_fast(result)) == intended, "(a) libyaml must read the same data"
    assert says(reloaded), "(a) the reloaded meeting must say what the edit set"
    check_diff(original, result, allowed)
    assert reloaded.dump() == result, "(c) saving again without a change must give the same bytes"


CASES = [(style, edit) for style in FIXTURE_TEXTS for edit in EDITS]


@pytest.mark.parametrize(("style", "edit"), CASES, ids=[f"{style}-{edit}" for style, edit in CASES])
def test_an_edit_touches_only_its_own_lines(tmp_path: Path, style: str, edit: str) -> None:
    run_case(tmp_path, style, edit, seed=len(style) * 31 + len(edit))


def test_random_edits_in_every_style(tmp_path: Path) -> None:
    """Rounds of random edits with hostile text (tabs, colons, quotes, '---', trailing spaces), counted."""
    rng = random.Random(20_512)
    count = rounds(40, 400)
    held = 0
    for round_number in range(count):
        style = rng.choice(list(FIXTURE_TEXTS))
        edit = rng.choice(list(EDITS))
        run_case(tmp_path / str(round_number), style, edit, seed=rng.randrange(1 << 30))
        held += 1
    print(f"minimal diffs: {count} random edits tried, {held} held")
    assert held == count


@pytest.mark.parametrize("style", list(FIXTURE_TEXTS))
def test_fixtures_are_the_styles_they_claim(style: str) -> None:
    """Each style fixture holds the construct it is named for, and reads as a meeting."""
    text = FIXTURE_TEXTS[style]
    claims = {
        "dash_at_column_0": "\n- number:",
        "extra_spaces_after_colons": "title:   ",
        "document_markers": "\n...\n",
        "multi_line_plain": "\n      ",
        "crlf": "\r\n",
        "bom": "\ufeff",
        "flow_lists": "present: [",
        "quoted_keys": "'title':",
        "tabs_in_values": "\t",
        "comments": "# eol",
    }
    if style in claims:
        assert claims[style] in text
    if style in ("lines_over_4096", "all_styles", "hostile"):
        assert max(len(line) for line in _lines(text)) > 4096
    if style == "spaces_in_block_scalars":
        assert re.search(r"\n {3,}\n", text)
    assert yamlio.load_fast(text) is not None


@pytest.mark.parametrize("style", list(FIXTURE_TEXTS))
def test_an_unchanged_save_is_byte_identical(tmp_path: Path, style: str) -> None:
    """(c): untouched, or every field set to the value it has (as the editors do), the bytes stay."""
    path = write_fixture(tmp_path, style)
    original = path.read_bytes().decode("utf-8")
    meeting = load_meeting(path)
    assert meeting.dump() == original
    before = plain(meeting.data)
    HeaderValues.from_meeting(meeting).apply(meeting)
    for point in meeting.points:
        PointValues.from_point(point).apply(point)
    if plain(meeting.data) == before:
        assert meeting.dump() == original
    clone = Meeting(meeting.path, copy.deepcopy(load_meeting(path).data), original, meeting.layout)
    assert clone.dump() == original


# --- multi-line text is always a literal block -----------------------------------------------

@pytest.mark.parametrize(
    "value",
    [
        "med mellemrum sidst   \nanden linje\n",
        "tabulator\tinde i\nlinjen",
        "\tstarter med tabulator\nanden",
        "  indrykket\n\n   \nsidst",
        "linje\r\nmed CRLF\r\n",
        "---\n...\n- x\n# y\n",
    ],
)
def test_edited_multi_line_text_is_a_literal_block(tmp_path: Path, value: str) -> None:
    path = write_fixture(tmp_path, "canonical")
    meeting = load_meeting(path)
    meeting.points[0].decision = value
    meeting.points[0].sections.set("Ny", value)
    meeting.information = value
    text = meeting.dump()
    for key in ("decision", "Ny", "information"):
        assert re.search(rf"^ *{key}: \|", text, re.MULTILINE), f"{key} is not a literal block"
        assert not re.search(rf"^ *{key}: \"", text, re.MULTILINE)
    wanted = styles.edited_text(value)
    assert not re.search(r"[ \t]\n", wanted)
    reloaded = yamlio.load_text(text)
    assert reloaded["points"][0]["decision"] == wanted
    assert yamlio.load_fast(text)["points"][0]["sections"]["Ny"] == wanted
    full = yamlio.dump_text(meeting.data)
    assert yamlio.load_fast(full)["information"] == wanted
    assert re.search(r"^information: \|", full, re.MULTILINE)


def test_a_plain_multi_line_str_is_dumped_as_a_literal_block() -> None:
    document = CommentedMap([("information", "en\nto\n"), ("title", "med\ttab\nog mellemrum  \n")])
    text = yamlio.dump_text(document)
    assert text == "information: |\n  en\n  to\ntitle: |\n  med\ttab\n  og mellemrum  \n"
    assert yamlio.load_fast(text) == {"information": "en\nto\n", "title": "med\ttab\nog mellemrum  \n"}


def test_long_lines_are_never_folded() -> None:
    long = "ord " * 2000 + "slut"
    document = CommentedMap([("title", long), ("quoted", styles.styled("yes " + long)), ("list", CommentedSeq([long]))])
    text = yamlio.dump_text(document)
    assert len(_lines(text)) == 4
    assert yamlio.load_fast(text)["title"] == long


# --- validate and fmt --check name multi-line text that is not a literal block ---------------

NOT_LITERAL = """\
date: 2020-05-06
information: "en\\nto\\n"
points:
  - number: 1
    title: Punkt
    decision: >
      foldet
      tekst

      med afsnit
    sections:
      Baggrund: 'a

        b'
"""


def test_validate_and_fmt_check_name_multi_line_text_that_is_not_a_literal_block(tmp_path: Path) -> None:
    (tmp_path / "minutes.yaml").write_text("schema: 1\nname: Test\n", encoding="utf-8")
    path = tmp_path / NAME
    path.write_text(NOT_LITERAL, encoding="utf-8")
    problems = [problem for problem in meeting_problems(path) if "literal block" in problem.message]
    assert [(problem.line, problem.column, problem.severity) for problem in problems] == [
        (2, 1, "warning"),
        (6, 5, "warning"),
        (12, 7, "warning"),
    ]
    assert str(problems[0]).startswith(f"{path}:2:1: warning: ")
    assert format_files([path], write=False).changed == [path]
    result = subprocess.run(
        [str(PROJECT / ".venv/bin/minutes"), "fmt", "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    format_files([path], write=True)
    assert not [problem for problem in meeting_problems(path) if "literal block" in problem.message]
    fixed = path.read_text(encoding="utf-8")
    assert "information: |\n  en\n  to\n" in fixed
    assert yamlio.load_fast(fixed)["points"][0]["decision"] == "foldet tekst\nmed afsnit\n"


def test_splice_is_not_slower_than_a_full_dump() -> None:
    """A save of one edit in the 30 KB sample meeting: the splice (parse of the file included) beats the full dump."""
    import time

    text = LARGE.read_text(encoding="utf-8")

    def timed(work: Callable[[], Any]) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    def spliced() -> None:
        splice.forget_parsed()
        meeting = Meeting(LARGE, yamlio.load_text(text), text, yamlio.guess_layout(text))
        start = time.perf_counter()
        meeting.points[3].title = "Ny titel"
        assert meeting.dump() != text
        spliced.seconds = time.perf_counter() - start  # type: ignore[attr-defined]

    document = yamlio.load_text(text)
    document["points"][3]["title"] = styles.styled("Ny titel")
    full = timed(lambda: yamlio.dump_text(document, yamlio.guess_layout(text)))
    spliced_times = []
    for _ in range(5):
        spliced()
        spliced_times.append(spliced.seconds)  # type: ignore[attr-defined]
    ours = sorted(spliced_times)[2]
    print(f"one edit in a 30 KB meeting: splice {ours * 1000:.1f} ms (first, with its parse), full dump {full * 1000:.1f} ms")
    assert ours < full * 1.5 + 0.005


# --- the other ways a meeting's text is written ---------------------------------------------------

def test_a_meeting_from_an_external_editor_keeps_the_editors_comments(tmp_path: Path) -> None:
    """The $EDITOR result is the text spliced into: a comment changed there stays, and a later edit touches its line only."""
    original = FIXTURE_TEXTS["hostile"]
    edited = original.replace("# kommentar mellem nøgler", "# en ny kommentar").replace("status: held", "status: approved")
    meeting = Meeting(tmp_path / NAME, yamlio.load_text(edited), original, yamlio.guess_layout(edited), source_text=edited)
    assert meeting.dump() == edited
    meeting.points[2].title = "Sidste punkt, ændret"
    check_diff(edited, meeting.dump(), Allowed().field(edited, ("points", 2, "title")))


def test_a_merge_writes_only_the_merged_fields_lines() -> None:
    """Sync's merge of two edits to a hand-written file: the result differs from ours only in the field theirs changed."""
    from repo_layout.sync.merge import merge_meeting

    base = FIXTURE_TEXTS["hostile_crlf_bom"]
    ours_meeting = Meeting(Path(NAME), yamlio.load_text(base), base, yamlio.guess_layout(base))
    ours_meeting.location = "Et andet lokale"
    ours = ours_meeting.dump()
    theirs_meeting = Meeting(Path(NAME), yamlio.load_text(base), base, yamlio.guess_layout(base))
    theirs_meeting.points[0].decision = "Besluttet efter en drøftelse.\n"
    theirs = theirs_meeting.dump()
    result = merge_meeting(base, ours, theirs)
    assert not result.conflicts
    merged = yamlio.load_text(result.text)
    assert merged["location"] == "Et andet lokale"
    assert merged["points"][0]["decision"] == "Besluttet efter en drøftelse.\n"
    check_diff(ours, result.text, Allowed().field(ours, ("points", 0, "decision")))
    check_diff(base, result.text, Allowed().field(base, ("points", 0, "decision")).field(base, ("location",)))


def test_what_cannot_be_spliced_is_dumped_whole_and_reads_back(tmp_path: Path) -> None:
    """A file whose top is a flow mapping cannot take a splice: the save dumps it whole, with the edited data."""
    text = '{date: 2020-05-06, title: "Et møde", points: [{number: 1, title: Et}]}\n'
    meeting = Meeting(tmp_path / NAME, yamlio.load_text(text), text, yamlio.guess_layout(text))
    assert meeting.dump() == text
    assert splice.splice(text, meeting.data, meeting.layout) is None
    meeting.title = "Andet møde"
    meeting.points[0].decision = "En\nbeslutning\n"
    reloaded = yamlio.load_text(meeting.dump())
    assert reloaded["title"] == "Andet møde"
    assert reloaded["points"][0]["decision"] == "En\nbeslutning\n"


@pytest.mark.parametrize("name", [":0", "a:b", "-x", "? q", "a, b", "[x]", "#1", "yes", "æble"])
def test_a_name_in_a_flow_list_reads_the_same_in_every_reader(tmp_path: Path, name: str) -> None:
    """`present: [A, B]` with a name ruamel would write plain there but libyaml and PyYAML would not read (found by fuzzing)."""
    import yaml as pyyaml

    path = write_fixture(tmp_path, "flow_lists")
    meeting = load_meeting(path)
    meeting.present = [name, "Bo Berg"]
    for text in (meeting.dump(), yamlio.dump_text(meeting.data, meeting.layout)):
        assert "present: [" in text
        assert pyyaml.safe_load(text)["present"] == [name, "Bo Berg"]
        assert yamlio.load_fast(text)["present"] == [name, "Bo Berg"]
        assert yamlio.load_text(text)["present"] == [name, "Bo Berg"]


@pytest.mark.parametrize("value", ["en\u2028to\n", "en\x85to", "en\rto\r", "a\u2029b\nc"])
def test_text_with_other_line_breaks_is_a_literal_block_with_lf(tmp_path: Path, value: str) -> None:
    path = write_fixture(tmp_path, "canonical")
    meeting = load_meeting(path)
    meeting.points[0].decision = value
    text = meeting.dump()
    assert re.search(r"^    decision: \|", text, re.MULTILINE)
    assert yamlio.load_fast(text)["points"][0]["decision"] == styles.edited_text(value)
    assert "\n" in styles.edited_text(value) and not set("\r\x85\u2028\u2029") & set(styles.edited_text(value))


@pytest.mark.parametrize("style", list(FIXTURE_TEXTS))
def test_fmt_brings_every_style_to_canonical_form_keeping_the_data(tmp_path: Path, style: str) -> None:
    """`minutes fmt` on each style: same data in ruamel, libyaml and PyYAML, long lines whole, no warning left, idempotent."""
    import yaml as pyyaml

    path = write_fixture(tmp_path, style)
    before = plain(yamlio.load_text(FIXTURE_TEXTS[style]))
    format_files([path], write=True)
    text = path.read_text(encoding="utf-8")
    assert plain(yamlio.load_text(text)) == before
    assert plain(yamlio.load_fast(text)) == before
    assert plain(pyyaml.safe_load(text)) == before
    assert not text.startswith("\ufeff") and "\r" not in text
    longest = max(len(line.rstrip("\r\n")) for line in _lines(FIXTURE_TEXTS[style]))
    assert max(len(line.rstrip("\n")) for line in _lines(text)) >= min(longest, 4096)
    assert not [problem for problem in meeting_problems(path) if "literal block" in problem.message]
    assert format_files([path], write=False).changed == []
