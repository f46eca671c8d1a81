"""Round trips through the typed views: untouched saves are byte-identical, edits touch only their lines."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest
import yaml as pyyaml

from repo_layout.model.loading import load_meeting
from repo_layout.model.meeting import Meeting
from repo_layout.model.points import Action, Point
from repo_layout.yaml import styles, yamlio

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"
SAMPLE_MEETINGS = sorted(path for path in SAMPLE_REPO.rglob("*.yaml") if path.name[:1].isdigit())
SAMPLE_YAML = sorted(SAMPLE_REPO.rglob("*.yaml"))


def _id(path: Path) -> str:
    return path.relative_to(SAMPLE_REPO).as_posix()


def numstat(git, repo: Path) -> list[tuple[int, int, str]]:
    """`git diff --numstat` of the work tree as (added, removed, path) rows."""
    rows = []
    for line in git(repo, "diff", "--numstat").splitlines():
        added, removed, path = line.split("\t")
        rows.append((int(added), int(removed), path))
    return rows


def changed_lines(git, repo: Path) -> tuple[list[str], list[str]]:
    """The removed and added lines of `git diff -U0`, without the +/- marks."""
    removed, added = [], []
    for line in git(repo, "diff", "-U0").splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("-"):
            removed.append(line[1:])
        elif line.startswith("+"):
            added.append(line[1:])
    return removed, added


def test_the_sample_repository_has_the_five_meetings() -> None:
    assert len(SAMPLE_MEETINGS) == 5


# --- untouched saves --------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_MEETINGS, ids=_id)
def test_untouched_meeting_dumps_the_original_bytes(path: Path) -> None:
    original = path.read_bytes()
    meeting = load_meeting(path)
    assert meeting.dump().encode("utf-8") == original
    assert not meeting.is_changed()


@pytest.mark.parametrize("path", SAMPLE_YAML, ids=_id)
def test_every_sample_file_redumps_byte_identical_without_the_shortcut(path: Path) -> None:
    """Not only Meeting.dump's 'unchanged -> original text' shortcut: ruamel itself reproduces the file."""
    text = path.read_text(encoding="utf-8")
    assert yamlio.dump_text(yamlio.load_text(text), yamlio.guess_layout(text)) == text


@pytest.mark.parametrize("path", SAMPLE_MEETINGS, ids=_id)
def test_untouched_meeting_saved_with_atomic_write_keeps_the_bytes(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    meeting = load_meeting(copy)
    yamlio.atomic_write(copy, meeting.dump())
    assert copy.read_bytes() == path.read_bytes()


def test_setting_fields_to_their_current_values_changes_nothing(sample_repo: Path) -> None:
    path = sample_repo / "albertslund-kommune/chefforum/2015-04-23.yaml"
    original = path.read_text(encoding="utf-8")
    meeting = load_meeting(path)
    meeting.title = meeting.title
    meeting.location = meeting.location
    meeting.start = meeting.start
    meeting.date = meeting.date
    meeting.absent = meeting.absent
    for point in meeting.points:
        point.title = point.title
        point.case = point.case
        point.decision = point.decision
        point.decision_heading = point.decision_heading
        point.attachments = point.attachments
        point.sections.replace_all(point.sections.items())
        for heading, text in point.sections.items():
            point.sections.set(heading, text)
    assert meeting.dump() == original


# --- one-field edits give minimal diffs (checked by git) ---------------------------------------

MEETING_2019 = "albertslund-kommune/chefforum/2019-10-24.yaml"
MEETING_2015 = "albertslund-kommune/chefforum/2015-04-23.yaml"


def _save(meeting: Meeting) -> None:
    yamlio.atomic_write(meeting.path, meeting.dump())


def test_changing_location_is_one_line_in_git(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    meeting.location = "Mødelokale 2"
    _save(meeting)
    assert numstat(git, sample_git_repo) == [(1, 1, MEETING_2019)]
    assert changed_lines(git, sample_git_repo) == (["location: Mødelokale 1"], ["location: Mødelokale 2"])


def test_a_new_value_is_written_plain_even_where_the_old_one_was_quoted(sample_git_repo: Path, git) -> None:
    """2015's location is "915" (quoted: a number otherwise); a text needs no quotes."""
    meeting = load_meeting(sample_git_repo / MEETING_2015)
    meeting.location = "Lokale 3"
    _save(meeting)
    assert changed_lines(git, sample_git_repo) == (['location: "915"'], ["location: Lokale 3"])


def test_changing_one_decision_line_changes_exactly_that_line(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    point = meeting.points[2]
    assert point.number == 3
    old_line = 'Alle chefer har en kommunikationsopgave ift. deres ledere om "LUS" uden løn.'
    new_line = 'Alle chefer har en kommunikationsopgave ift. deres ledere om "LUS" uden løn senest 1. december.'
    assert old_line in point.decision
    point.decision = point.decision.replace(old_line, new_line)
    _save(meeting)
    assert numstat(git, sample_git_repo) == [(1, 1, MEETING_2019)]
    assert changed_lines(git, sample_git_repo) == (["      " + old_line], ["      " + new_line])


def test_adding_lines_to_a_decision_adds_exactly_those_lines(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2015)
    point = meeting.points[7]
    assert point.title == "CF - Eventuell"
    point.decision = point.decision + "\nTilføjet efter mødet.\nOg en linje mere: med kolon.\n"
    _save(meeting)
    assert numstat(git, sample_git_repo) == [(3, 0, MEETING_2015)]
    assert changed_lines(git, sample_git_repo) == (
        [],
        ["", "      Tilføjet efter mødet.", "      Og en linje mere: med kolon."],
    )


def test_editing_one_section_and_one_attachment_touches_only_their_lines(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    point = meeting.points[4]
    anledning = point.sections.get("Anledning")
    point.sections.set("Anledning", anledning.replace("Tænk tankten", "Tænketanken"))
    point.attachments = [*point.attachments, "Rapport 3 Small Great Nation"]
    _save(meeting)
    assert numstat(git, sample_git_repo) == [(2, 1, MEETING_2019)]
    removed, added = changed_lines(git, sample_git_repo)
    assert len(removed) == 1 and removed[0].startswith("        Tænk tankten Kraka")
    assert added[0].startswith("        Tænketanken Kraka")
    assert added[1] == "      - Rapport 3 Small Great Nation"


def test_adding_an_action_adds_only_the_action_lines(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    meeting.points[0].add_action(Action.new("Sende referatet ud", owner="Sekretariatet", due=dt.date(2019, 11, 1)))
    _save(meeting)
    assert changed_lines(git, sample_git_repo) == (
        [],
        [
            "    actions:",
            "      - task: Sende referatet ud",
            "        owner: Sekretariatet",
            "        due: 2019-11-01",
            "        done: false",
        ],
    )


def test_a_new_key_goes_to_its_schema_place(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    meeting.minute_taker = "Egil"
    meeting.end = "11:15"
    _save(meeting)
    lines = (sample_git_repo / MEETING_2019).read_text(encoding="utf-8").splitlines()
    assert lines[:8] == [
        "title: REFERAT Chefforum d. 24-10-2019",
        "date: 2019-10-24",
        'start: "09:00"',
        'end: "11:15"',
        "location: Mødelokale 1",
        "status: approved",
        "minute_taker: Egil",
        "points:",
    ]
    assert numstat(git, sample_git_repo) == [(2, 0, MEETING_2019)]


def test_removing_a_field_removes_only_its_line(sample_git_repo: Path, git) -> None:
    meeting = load_meeting(sample_git_repo / MEETING_2019)
    meeting.points[1].presenter = None
    _save(meeting)
    assert changed_lines(git, sample_git_repo) == (["    presenter: Anne-Mette"], [])


# --- comments and unknown keys --------------------------------------------------------------

HAND_WRITTEN = """\
# Referat skrevet i hånden
title: Et møde  # inline comment on the title
date: 2020-03-04
location: Lokale 1
weather: regn   # an unknown key with a comment
points:
  # before the first point
  - number: 1
    title: Første punkt
    x_priority: high
    decision: |
      Besluttet.
    actions:
      - task: Gøre noget
        owner: Anna
        reminder: weekly
        done: false
  # before the second point
  - number: 2
    title: Andet punkt
extra_block:
  nested: [1, 2, 3]
# trailing comment
"""


def test_comments_and_unknown_keys_survive_edits(tmp_path: Path) -> None:
    path = tmp_path / "2020-03-04.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    meeting = load_meeting(path)
    meeting.location = "Lokale 2"
    meeting.title = "Et andet møde"
    meeting.points[0].decision = "Besluttet.\nMed en tilføjelse.\n"
    meeting.points[1].decision = "Nyt."
    meeting.points[0].add_action(Action.new("Ny opgave"))
    meeting.insert_point(2, Point.new(3, "Tredje punkt"))
    _save(meeting)
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# Referat skrevet i hånden\n",
        "weather: regn   # an unknown key with a comment\n",
        "  # before the first point\n",
        "    x_priority: high\n",
        "        reminder: weekly\n",
        "  # before the second point\n",
        "extra_block:\n  nested: [1, 2, 3]\n",
        "# trailing comment\n",
    ):
        assert kept in text
    assert "location: Lokale 2\nweather: regn" in text
    # the longer title pushes its comment right; the comment itself stays on the title's line
    assert re.search(r"^title: Et andet møde +# inline comment on the title$", text, re.MULTILINE)
    reloaded = load_meeting(path)
    assert list(reloaded.data) == ["title", "date", "location", "weather", "points", "extra_block"]
    assert list(reloaded.points[0].data) == ["number", "title", "x_priority", "decision", "actions"]
    assert reloaded.points[0].actions[0].data["reminder"] == "weekly"
    assert [point.title for point in reloaded.points] == ["Første punkt", "Andet punkt", "Tredje punkt"]
    assert reloaded.points[0].decision == "Besluttet.\nMed en tilføjelse.\n"
    assert [action.task for action in reloaded.points[0].actions] == ["Gøre noget", "Ny opgave"]


def test_an_edit_keeps_comments_in_git_diff(tmp_path: Path, git, git_init) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    path = repo / "2020-03-04.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    git_init(repo)
    meeting = load_meeting(path)
    meeting.points[1].title = "Andet punkt (ændret)"
    _save(meeting)
    assert changed_lines(git, repo) == (["    title: Andet punkt"], ["    title: Andet punkt (ændret)"])


def test_a_four_space_file_keeps_its_indentation_on_edit(tmp_path: Path) -> None:
    """A hand-written file with its own sequence indentation is edited in its own style (minimal diff)."""
    text = "date: 2020-03-04\npoints:\n    - number: 1\n      title: Et\n    - number: 2\n      title: To\n"
    path = tmp_path / "2020-03-04.yaml"
    path.write_text(text, encoding="utf-8")
    meeting = load_meeting(path)
    assert meeting.dump() == text
    meeting.points[1].title = "Tre"
    assert meeting.dump() == text.replace("title: To", "title: Tre")


# --- styles of new values -------------------------------------------------------------------


def _new_meeting(tmp_path: Path) -> Meeting:
    meeting = Meeting.new(tmp_path / "2021-01-02.yaml", dt.date(2021, 1, 2))
    meeting.insert_point(0, Point.new(1, "Punkt"))
    return meeting


def test_a_literal_block_refuses_exactly_the_characters_it_cannot_hold() -> None:
    """C0 controls but tab and LF, DEL and C1, the Unicode line and paragraph separators, surrogates, BOM, U+FFFE, U+FFFF."""
    refused = {*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000)}
    refused |= {0xFEFF, 0xFFFE, 0xFFFF}
    codes = [*range(0x10000), 0x1F600, 0x10FFFF]
    wrong = [hex(code) for code in codes if styles.can_be_literal(f"a\n{chr(code)}") is (code in refused)]
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "block"),
    [
        ("første linje\nanden linje\n", "|\n      første linje\n      anden linje\n"),
        ("uden sidste linjeskift\nanden", "|-\n      uden sidste linjeskift\n      anden\n"),
        ("med ekstra linjeskift\n\n\n", "|+\n      med ekstra linjeskift\n\n\n"),
        ("- en liste\n- # ikke en kommentar\nkey: value\n", "|\n      - en liste\n      - # ikke en kommentar\n"),
        ("  indrykket første linje\nanden\n", "|2\n        indrykket første linje\n      anden\n"),
    ],
)
def test_new_multi_line_text_is_a_literal_block(tmp_path: Path, value: str, block: str) -> None:
    meeting = _new_meeting(tmp_path)
    meeting.points[0].decision = value
    text = meeting.dump()
    assert f"    decision: {block}" in text
    assert pyyaml.safe_load(text)["points"][0]["decision"] == value
    assert Meeting(meeting.path, yamlio.load_text(text), text, yamlio.CANONICAL).points[0].decision == value


def test_single_line_text_replacing_a_block_is_no_longer_a_block(sample_repo: Path) -> None:
    meeting = load_meeting(sample_repo / MEETING_2019)
    meeting.points[6].decision = "Intet til eventuelt."
    text = meeting.dump()
    assert "    decision: Intet til eventuelt.\n" in text


def test_multi_line_section_and_information_are_literal_blocks(tmp_path: Path) -> None:
    meeting = _new_meeting(tmp_path)
    meeting.information = "Pkt. 1 kl. 8.30\n\nPkt. 2 kl. 9.00\n"
    meeting.points[0].sections.set("Sagsfremstilling", "Linje 1\nLinje 2: med kolon\n")
    text = meeting.dump()
    assert "information: |\n  Pkt. 1 kl. 8.30\n\n  Pkt. 2 kl. 9.00\n" in text
    assert "      Sagsfremstilling: |\n        Linje 1\n        Linje 2: med kolon\n" in text


AMBIGUOUS = [
    "12:00",
    "1:30",
    "09:00",
    "09:30-09:45",
    "no",
    "No",
    "on",
    "off",
    "yes",
    "Y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "1e3",
    "2015",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "+1",
    "-.5",
    ".inf",
    ".NaN",
    "2019-10-24",
    "2019-10-24 10:00:00",
    "<<",
    "=",
]


@pytest.mark.parametrize("value", AMBIGUOUS)
def test_ambiguous_scalars_are_written_double_quoted(tmp_path: Path, value: str) -> None:
    meeting = _new_meeting(tmp_path)
    meeting.location = value
    meeting.points[0].title = value
    meeting.points[0].attachments = [value]
    text = meeting.dump()
    assert f'location: "{value}"\n' in text
    assert f'    title: "{value}"\n' in text
    assert f'      - "{value}"\n' in text
    loaded = pyyaml.safe_load(text)
    assert loaded["location"] == value
    assert loaded["points"][0]["title"] == value
    assert loaded["points"][0]["attachments"] == [value]
    again = yamlio.load_text(text)
    assert again["location"] == value


@pytest.mark.parametrize("field", ["start", "end"])
def test_times_are_always_quoted(tmp_path: Path, field: str) -> None:
    meeting = _new_meeting(tmp_path)
    setattr(meeting, field, "09:00")
    meeting.points[0].time = "09:30-09:45"
    text = meeting.dump()
    assert f'{field}: "09:00"\n' in text
    assert '    time: "09:30-09:45"\n' in text
    assert pyyaml.safe_load(text)[field] == "09:00"


@pytest.mark.parametrize("value", ["Mødelokale 1", "CF - Evt.", "Rådhuset, vær. 489", "Helle", "a-b", "14/13782"])
def test_ordinary_text_is_written_plain(tmp_path: Path, value: str) -> None:
    meeting = _new_meeting(tmp_path)
    meeting.location = value
    assert f"location: {value}\n" in meeting.dump()


@pytest.mark.parametrize(
    "value",
    [
        *("[bold]", "[/]", "a: b", "- x", "# y", " leading", "trailing ", "'single'", '"double"', "x #y", "{a}"),
        *("*x", "&x", "!x", "%x", "@x", "`x", "|x", ">x", "?", "\t"),
    ],
)
def test_text_that_plain_yaml_would_misread_is_quoted_and_reads_back(tmp_path: Path, value: str) -> None:
    meeting = _new_meeting(tmp_path)
    meeting.location = value
    text = meeting.dump()
    assert pyyaml.safe_load(text)["location"] == value
    assert str(yamlio.load_text(text)["location"]) == value


# --- atomic write -----------------------------------------------------------------------------


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01.yaml"
    path.write_text("date: 2020-01-01\n", encoding="utf-8")
    inode = path.stat().st_ino
    yamlio.atomic_write(path, "date: 2020-01-01\ntitle: Møde æøå\n")
    assert path.read_bytes() == "date: 2020-01-01\ntitle: Møde æøå\n".encode()
    assert os.listdir(tmp_path) == ["2020-01-01.yaml"]
    assert path.stat().st_ino != inode, "the new content must arrive by rename, not by writing in place"


def test_atomic_write_gives_a_new_file_the_mode_that_open_would(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; a new meeting or an export must be readable as any other file the user writes."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    path = tmp_path / "2020-01-01.yaml"
    yamlio.atomic_write(path, "date: 2020-01-01\n")
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01.yaml"
    path.write_text("date: 2020-01-01\n", encoding="utf-8")
    path.chmod(0o640)
    yamlio.atomic_write(path, "date: 2020-01-02\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    yamlio.atomic_write(path, "date: 2020-01-03\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_atomic_write_creates_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "ny.yaml"
    yamlio.atomic_write(path, "name: Ny\n")
    assert path.read_text(encoding="utf-8") == "name: Ny\n"
    assert os.listdir(tmp_path) == ["ny.yaml"]


def test_a_failed_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Renaming over a folder fails; the temporary file must be cleaned up and the error raised."""
    target = tmp_path / "2020-01-01.yaml"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(OSError):
        yamlio.atomic_write(target, "date: 2020-01-01\n")
    assert sorted(os.listdir(tmp_path)) == ["2020-01-01.yaml"]
    assert (target / "inside").read_text(encoding="utf-8") == "kept"


# --- typed views --------------------------------------------------------------------------------


def test_a_new_meeting_in_schema_order(tmp_path: Path) -> None:
    meeting = Meeting.new(tmp_path / "2021-01-02.yaml", dt.date(2021, 1, 2))
    assert meeting.dump() == "date: 2021-01-02\npoints: []\n"
    meeting.status = "draft"
    meeting.title = "Møde"
    meeting.location = "Lokale"
    meeting.start = "10:00"
    meeting.present = ["Anna", "Bo"]
    assert meeting.dump() == (
        'title: Møde\ndate: 2021-01-02\nstart: "10:00"\nlocation: Lokale\nstatus: draft\n'
        "present:\n  - Anna\n  - Bo\npoints: []\n"
    )


def test_points_insert_move_remove_renumber(tmp_path: Path) -> None:
    meeting = Meeting.new(tmp_path / "2021-01-02.yaml", dt.date(2021, 1, 2))
    for index, title in enumerate("ABC"):
        meeting.insert_point(index, Point.new(index + 1, title))
    meeting.move_point(2, 0)
    assert [(p.number, p.title) for p in meeting.points] == [(3, "C"), (1, "A"), (2, "B")]
    meeting.renumber_points()
    assert [(p.number, p.title) for p in meeting.points] == [(1, "C"), (2, "A"), (3, "B")]
    assert meeting.remove_point(1).title == "A"
    meeting.renumber_points(start=4)
    text = meeting.dump()
    assert text.endswith("points:\n  - number: 4\n    title: C\n  - number: 5\n    title: B\n")


def test_a_point_added_to_a_meeting_without_points(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01.yaml"
    path.write_text("date: 2020-01-01\ntitle: Uden punkter\n", encoding="utf-8")
    meeting = load_meeting(path)
    meeting.insert_point(0, Point.new(1, "Første"))
    assert meeting.dump() == "date: 2020-01-01\ntitle: Uden punkter\npoints:\n  - number: 1\n    title: Første\n"


def test_sections_set_replace_remove(tmp_path: Path) -> None:
    meeting = _new_meeting(tmp_path)
    point = meeting.points[0]
    point.sections.set("Anledning", "x")
    point.sections.set("Indstilling", "y\nz\n")
    point.sections.replace_all([("Indstilling", "y\nz\n"), ("Anledning", "x"), ("Ny", "no")])
    assert point.sections.headings() == ["Indstilling", "Anledning", "Ny"]
    assert '      Indstilling: |\n        y\n        z\n      Anledning: x\n      Ny: "no"\n' in meeting.dump()
    for heading in ("Indstilling", "Anledning", "Ny"):
        point.sections.remove(heading)
    assert len(point.sections) == 0
    assert "sections" not in meeting.dump()


def test_attachment_with_a_file_survives_setting_the_titles(tmp_path: Path) -> None:
    """`attachments` reads titles; writing titles back must not drop the `file` of a {title, file} entry."""
    path = tmp_path / "2020-01-01.yaml"
    text = (
        "date: 2020-01-01\npoints:\n  - number: 1\n    title: T\n    attachments:\n"
        "      - title: Budget\n        file: bilag/budget.pdf\n      - Plain one\n"
    )
    path.write_text(text, encoding="utf-8")
    meeting = load_meeting(path)
    point = meeting.points[0]
    assert point.attachments == ["Budget", "Plain one"]
    point.attachments = list(point.attachments)
    assert meeting.dump() == text
    point.attachments = ["Ny", *point.attachments]
    assert "      - Ny\n      - title: Budget\n        file: bilag/budget.pdf\n      - Plain one\n" in meeting.dump()


def test_actions_read_back(tmp_path: Path) -> None:
    meeting = _new_meeting(tmp_path)
    point = meeting.points[0]
    point.add_action(Action.new("Gøre noget", owner="Anna", due=dt.date(2021, 2, 1)))
    point.add_action(Action.new("Andet", done=True))
    [first, second] = point.actions
    assert (first.task, first.owner, first.due, first.done) == ("Gøre noget", "Anna", dt.date(2021, 2, 1), False)
    assert (second.task, second.owner, second.due, second.done) == ("Andet", None, None, True)
    first.done = True
    first.owner = None
    assert "      - task: Gøre noget\n        due: 2021-02-01\n        done: true\n" in meeting.dump()
