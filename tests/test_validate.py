"""Validation: every bad case is a Problem at the right line with a clear message; nothing unsafe runs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from repo_layout import MeetingLoadError, Repository
from repo_layout.editing.values import make_room_after
from repo_layout.model.formatting import format_files, repository_files
from repo_layout.model.loading import load_meeting, meeting_problems
from repo_layout.model.points import Point
from repo_layout.model.problems import Problem
from repo_layout.model.validate import validate_repository
from repo_layout.yaml import limits

LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def problems_of(tmp_path: Path, text: str | bytes, name: str = "2019-10-24.yaml") -> list[Problem]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return meeting_problems(path)


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


def only_error(problems: list[Problem]) -> Problem:
    found = errors(problems)
    assert len(found) == 1, found
    return found[0]


# --- a good file --------------------------------------------------------------------------------

GOOD = """\
title: Et møde
date: 2019-10-24
start: "09:00"
status: held
points:
  - number: 1
    title: Første punkt
    decision: |
      Besluttet.
"""


def test_a_good_meeting_has_no_problems_and_loads(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD) == []
    meeting = load_meeting(tmp_path / "2019-10-24.yaml")
    assert meeting.points[0].title == "Første punkt"


# --- YAML syntax --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("date: 2019-10-24\ntitle: a: b\n", 2, 9, "mapping values are not allowed"),
        ("date: 2019-10-24\npoints:\n  - number: 1\n    title: T\n   decision: x\n", 5, 4, "expected <block end>"),
        ("date: 2019-10-24\n\ttitle: x\n", 2, 1, "'\\t'"),
        ("date: 2019-10-24\npoints: [a, b\nlocation: x\n", 3, 9, "flow sequence"),
    ],
    ids=["colon-in-plain-value", "bad-indentation", "tab-indentation", "unclosed-bracket"],
)
def test_yaml_syntax_error_is_reported_at_its_line(tmp_path: Path, text: str, line: int, column: int, words: str) -> None:
    problem = only_error(problems_of(tmp_path, text))
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message
    with pytest.raises(MeetingLoadError) as raised:
        load_meeting(tmp_path / "2019-10-24.yaml")
    assert raised.value.problems[0].line == line


# --- wrong types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "words"),
    [
        ("date: 2019-13-45", "2019-13-45"),
        ('date: "2019-10-24"', "YYYY-MM-DD"),
        ("date: hello", "hello"),
        ("date: 24-10-2019", "24-10-2019"),
        ("date: [2019, 10, 24]", "date must be a date"),
    ],
)
def test_a_date_that_is_not_a_date(tmp_path: Path, date_line: str, words: str) -> None:
    problem = only_error(problems_of(tmp_path, f"title: Et møde\n{date_line}\npoints: []\n"))
    assert problem.line == 2
    assert problem.column in (1, 7)  # the key, or the value itself
    assert words in problem.message
    assert "date" in problem.message


def test_a_missing_date(tmp_path: Path) -> None:
    problem = only_error(problems_of(tmp_path, "title: Et møde\npoints: []\n"))
    assert "no date" in problem.message


def test_points_not_a_list(tmp_path: Path) -> None:
    problem = only_error(problems_of(tmp_path, "date: 2019-10-24\nlocation: x\npoints: hello\n"))
    assert (problem.line, problem.column) == (3, 1)
    assert "points must be a list" in problem.message


@pytest.mark.parametrize(
    "point",
    ["  - number: 1\n    case: 12/345\n", "  - number: 1\n    title:\n", '  - number: 1\n    title: ""\n'],
    ids=["no-title-key", "null-title", "empty-title"],
)
def test_a_point_without_a_title(tmp_path: Path, point: str) -> None:
    text = "date: 2019-10-24\npoints:\n  - number: 1\n    title: Fint\n" + point
    problem = only_error(problems_of(tmp_path, text))
    assert problem.line == 5
    assert problem.column == 5
    assert "point 1" in problem.message and "no title" in problem.message


def test_a_point_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only_error(problems_of(tmp_path, "date: 2019-10-24\npoints:\n  - bare text\n"))
    assert (problem.line, problem.column) == (3, 5)
    assert "mapping" in problem.message


def test_a_point_number_used_twice_is_a_warning_at_the_second(tmp_path: Path) -> None:
    points = "".join(f"  - number: {n}\n    title: {title}\n" for n, title in ((4, "Nyt"), (4, "Gammelt"), (6, "Sidst")))
    text = "date: 2019-10-24\npoints:\n" + points
    found = problems_of(tmp_path, text)
    assert errors(found) == []
    assert [(problem.line, problem.severity, problem.message) for problem in found] == [
        (5, "warning", "point 4: another point has the number 4 too")
    ]


def test_making_room_after_a_new_point_pushes_only_what_collides(tmp_path: Path) -> None:
    path = tmp_path / "2019-10-24.yaml"
    path.write_text("date: 2019-10-24\npoints:\n" + "".join(f"  - number: {n}\n    title: P{n}\n" for n in (1, 2, 3, 4, 5, 8)))
    meeting = load_meeting(path)
    meeting.insert_point(2, Point.new(3, "Ny"))
    assert make_room_after(meeting, 2) == [3, 4, 5]
    assert [point.number for point in meeting.points] == [1, 2, 3, 4, 5, 6, 8]
    assert make_room_after(meeting, 6) == []


@pytest.mark.parametrize("value", ["one", '"1"', "1.5", "true"])
def test_a_point_number_that_is_not_a_whole_number(tmp_path: Path, value: str) -> None:
    text = f"date: 2019-10-24\npoints:\n  - title: Et punkt\n    number: {value}\n"
    problem = only_error(problems_of(tmp_path, text))
    assert problem.line == 4
    assert "number must be a whole number" in problem.message
    assert problem.message.startswith("point 1:")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("date: 2019-10-24\nstart: 9\n", 2, "start must be text"),
        ("date: 2019-10-24\nstart: 12:00\n", 2, 'quote it: "12:00"'),
        ("date: 2019-10-24\nlocation: no\n", 2, "quote it"),
        ("date: 2019-10-24\nstatus: done\n", 2, "status must be one of"),
        ("date: 2019-10-24\nabsent: Ida\n", 2, "absent must be a list"),
        ("date: 2019-10-24\npoints:\n  - title: T\n    time: soon\n", 4, "time must look like"),
        ("date: 2019-10-24\npoints:\n  - title: T\n    sections: [a]\n", 4, "sections must be a mapping"),
        ("date: 2019-10-24\npoints:\n  - title: T\n    actions:\n      - owner: X\n", 5, "needs a task"),
        ("date: 2019-10-24\npoints:\n  - title: T\n    actions:\n      - task: X\n        done: maybe\n", 6, "true or false"),
    ],
)
def test_other_wrong_types_are_reported_at_their_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    problem = only_error(problems_of(tmp_path, text))
    assert problem.line == line
    assert words in problem.message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n"])
def test_an_empty_file_is_not_a_meeting(tmp_path: Path, text: str) -> None:
    problem = only_error(problems_of(tmp_path, text))
    assert "no date" in problem.message
    with pytest.raises(MeetingLoadError) as raised:
        load_meeting(tmp_path / "2019-10-24.yaml")
    assert "no date" in str(raised.value)


# --- one error, at its line (None: not asked), naming each of the words -------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "line", "column", "words"),
    [
        ("- date: 2019-10-24\n", None, None, None, ["mapping"]),
        ("date: 2019-10-24\ntitle: a\nlocation: x\ntitle: b\n", None, 4, None, ["duplicate key", "title"]),
        ("date: 2019-10-24\npoints:\n  - number: 1\n    title: a\n    number: 2\n", None, 5, None, ["duplicate key", "number"]),
        ("title: x\ndate: 2019-10-24\n", "2019-10-25.yaml", 2, None, ["2019-10-24", "2019-10-25.yaml"]),
        ("date: 2019-10-24\npoints:\n  - !custom\n    title: T\n", None, 3, None, ["!custom"]),
        ("date: 2019-10-24\nlocation: x\ntitle: &t hello\n", None, 3, None, ["anchor", "&t"]),
        ("date: 2019-10-24\ntitle: &t hello\nlocation: x\npoints:\n  - title: *t\n", None, 5, 12, ["alias", "*t"]),
        ("date: 2019-10-24\nbase: &b {title: x}\npoints:\n  - <<: *b\n    number: 1\n", None, 4, None, ["alias"]),
    ],
    ids=[
        "a-list-is-not-a-meeting",
        "duplicate-keys",
        "duplicate-keys-inside-a-point",
        "file-name-does-not-match-its-date",
        "other-tags-are-refused-at-their-line",
        "an-anchor-is-refused",
        "an-alias-is-refused-at-its-line",
        "a-merge-key-is-an-alias-too",
    ],
)
def test_one_error_at_its_line(
    tmp_path: Path, text: str, name: str | None, line: int | None, column: int | None, words: list[str]
) -> None:
    problem = only_error(problems_of(tmp_path, text, name=name or "2019-10-24.yaml"))
    if line is not None:
        assert problem.line == line
    if column is not None:
        assert problem.column == column
    for word in words:
        assert word in problem.message, (word, problem.message)


# --- file level ---------------------------------------------------------------------------------


def test_a_second_meeting_the_same_day_matches_its_date(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "date: 2019-10-24\n", name="2019-10-24-2.yaml") == []


def test_binary_and_non_utf8_files_are_problems_not_crashes(tmp_path: Path) -> None:
    binary = only_error(problems_of(tmp_path, b"date: 2019-10-24\x00\x01\n"))
    assert "binary" in binary.message
    latin1 = only_error(problems_of(tmp_path, "date: 2019-10-24\ntitle: Møde\n".encode("latin-1")))
    assert "UTF-8" in latin1.message


def test_bom_and_crlf_are_warnings(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, "\ufeffdate: 2019-10-24\r\ntitle: x\r\n")
    assert errors(problems) == []
    messages = [problem.message for problem in problems]
    assert any("byte-order mark" in message for message in messages)
    assert any("CRLF" in message for message in messages)


# --- tags, anchors and aliases ------------------------------------------------------------------

TAGGED = [
    '!!python/object/apply:os.system ["touch PWNED"]',
    '!!python/object/apply:os.system ["touch {tmp}/PWNED"]',
    '!!python/object/new:os.system ["touch {tmp}/PWNED"]',
    "!!python/name:os.system",
    '!!python/object/apply:subprocess.check_call [["touch", "{tmp}/PWNED"]]',
]


@pytest.mark.parametrize("tagged", TAGGED)
def test_python_tags_never_execute_and_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_repo, run_minutes, tagged: str
) -> None:
    monkeypatch.chdir(tmp_path)
    value = tagged.format(tmp=tmp_path)
    repo = make_repo(
        {
            "minutes.yaml": f"schema: 1\nname: {value}\n",
            "org/group.yaml": f"name: {value}\n",
            "org/forum/forum.yaml": f"name: {value}\n",
            "org/forum/2019-10-24.yaml": f"date: 2019-10-24\ntitle: {value}\n",
        }
    )
    meeting = repo / "org/forum/2019-10-24.yaml"
    problem = only_error(meeting_problems(meeting))
    assert problem.line == 2
    assert "tag" in problem.message and "not allowed" in problem.message
    with pytest.raises(MeetingLoadError):
        load_meeting(meeting)
    repository = Repository(repo)
    _ = repository.config.name, [group.name for group in repository.tree.groups], [f.name for f in repository.forums()]
    found = validate_repository(repository)
    assert {problem.path.name for problem in errors(found)} == {"minutes.yaml", "group.yaml", "forum.yaml", meeting.name}
    format_files(repository_files(repository), write=True)
    if tagged == TAGGED[0]:  # the installed command too, once (a subprocess costs a few tenths of a second)
        assert run_minutes("validate", repo).returncode == 1
        assert run_minutes("fmt", repo).returncode == 1
    assert not (tmp_path / "PWNED").exists()
    assert not (Path.cwd() / "PWNED").exists()
    assert not (repo / "PWNED").exists()
    assert meeting.read_text(encoding="utf-8") == f"date: 2019-10-24\ntitle: {value}\n", "fmt must not rewrite it"


def alias_bomb(levels: int = 20, width: int = 30) -> str:
    """A 'billion laughs' document: a few KB that would expand to width**levels strings."""
    lines = ['l0: &l0 "lol lol lol lol lol lol lol lol lol lol"']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_the_alias_bomb_is_a_few_kilobytes() -> None:
    assert 2_000 < len(alias_bomb()) < 10_000


def test_an_alias_bomb_meeting_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "2019-10-24.yaml"
    path.write_text("date: 2019-10-24\ntitle: x\n" + alias_bomb() + f"location: *l{19}\n", encoding="utf-8")
    started = time.perf_counter()
    problems = meeting_problems(path)
    with pytest.raises(MeetingLoadError):
        load_meeting(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    problem = only_error(problems)
    assert problem.line == 4  # the first alias
    assert "alias" in problem.message


@pytest.mark.parametrize("file", ["minutes.yaml", "org/group.yaml", "org/forum/forum.yaml"])
def test_an_alias_bomb_in_a_small_file_is_never_expanded(make_repo, file: str) -> None:
    """Listing reads minutes.yaml, group.yaml and forum.yaml: a bomb there must not be expanded either."""
    # smaller than the meeting's bomb (9**6 copies, ~24 MB if expanded): a regression fails here, not by OOM
    repo = make_repo({file: alias_bomb(levels=7, width=9) + "name: *l6\n", "org/forum/2019-10-24.yaml": GOOD})
    started = time.perf_counter()
    repository = Repository(repo)
    names = [repository.config.name, *(group.name for group in repository.tree.groups)]
    names += [forum.name for forum in repository.forums()]
    found = validate_repository(repository)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert all(len(name) < 100 for name in names), "a name was built from the expanded bomb"
    assert [problem.path.name for problem in errors(found)] == [Path(file).name]
    assert load_meeting(repo / "org/forum/2019-10-24.yaml").title == "Et møde"


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = "date: 2019-10-24\ninformation: |\n" + ("  " + "x" * 99 + "\n") * (limits.MAX_FILE_BYTES // 100 + 10)
    started = time.perf_counter()
    problem = only_error(problems_of(tmp_path, big))
    assert time.perf_counter() - started < 1.0
    assert "larger than" in problem.message


# --- unknown keys are warnings ------------------------------------------------------------------


def test_unknown_keys_are_warnings_at_their_line(tmp_path: Path) -> None:
    text = (
        "date: 2019-10-24\nweather: rain\npoints:\n  - title: T\n    mood: good\n"
        "    actions:\n      - task: X\n        colour: red\n"
    )
    problems = problems_of(tmp_path, text)
    assert errors(problems) == []
    assert [(p.line, p.column, p.severity) for p in problems] == [(2, 1, "warning"), (5, 5, "warning"), (8, 9, "warning")]
    assert "'weather'" in problems[0].message and "kept" in problems[0].message
    assert "'mood'" in problems[1].message and "'colour'" in problems[2].message
    assert str(problems[0]).endswith(":2:1: warning: unknown key 'weather' in the meeting (kept as it is)")
    meeting = load_meeting(tmp_path / "2019-10-24.yaml")
    assert meeting.data["weather"] == "rain"


# --- the repository: forums, file names, one bad file -----------------------------------------


def test_a_forum_folder_without_forum_yaml(make_repo) -> None:
    repo = make_repo({"org/other/2020-01-01.yaml": "date: 2020-01-01\n"})
    problems = validate_repository(Repository(repo))
    problem = only_error(problems)
    assert problem.path == repo / "org/other"
    assert (problem.line, problem.column) == (1, 1)
    assert "forum.yaml" in problem.message


def test_a_forum_yaml_without_name_and_with_unknown_keys(make_repo) -> None:
    repo = make_repo({"org/forum/forum.yaml": "organisation: X\nchair: Yrsa\n"})
    problems = validate_repository(Repository(repo))
    assert [(p.path.name, p.line, p.severity) for p in problems] == [
        ("forum.yaml", 2, "warning"),
        ("forum.yaml", 1, "error"),
    ]
    assert "name" in problems[1].message


def test_an_empty_forum_yaml_needs_a_name(make_repo) -> None:
    repo = make_repo({"org/forum/forum.yaml": ""})
    problem = only_error(validate_repository(Repository(repo)))
    assert problem.path == repo / "org/forum/forum.yaml"
    assert "name" in problem.message


def test_stray_and_impossible_meeting_file_names(make_repo) -> None:
    repo = make_repo({"org/forum/notes.yaml": "x: 1\n", "org/forum/2019-02-30.yaml": "date: 2019-02-30\n"})
    problems = validate_repository(Repository(repo))
    by_name = {problem.path.name: problem for problem in problems}
    assert by_name["notes.yaml"].severity == "warning"
    assert by_name["2019-02-30.yaml"].is_error
    assert "not a real date" in by_name["2019-02-30.yaml"].message


def test_one_bad_file_never_stops_the_others(make_repo) -> None:
    repo = make_repo(
        {
            "org/forum/2019-10-24.yaml": GOOD,
            "org/forum/2019-11-07.yaml": "date: 2019-11-07\npoints: [unclosed\n",
            "org/forum/2019-12-05.yaml": "date: 2019-12-05\ntitle: !!python/object/apply:os.system [ls]\n",
            "org/second/forum.yaml": "name: Andet forum\n",
            "org/second/2020-01-01.yaml": "date: 2020-01-01\npoints:\n  - number: 1\n    title: Et punkt\n",
        }
    )
    repository = Repository(repo)
    problems = validate_repository(repository)
    assert sorted(problem.path.name for problem in errors(problems)) == ["2019-11-07.yaml", "2019-12-05.yaml"]
    forum = next(forum for forum in repository.forums() if forum.name == "Forummet")
    assert [ref.name for ref in forum.meetings()] == ["2019-12-05.yaml", "2019-11-07.yaml", "2019-10-24.yaml"]
    assert load_meeting(repo / "org/forum/2019-10-24.yaml").points[0].title == "Første punkt"
    assert repository.load_meeting(repo / "org/second/2020-01-01.yaml").points[0].title == "Et punkt"
    with pytest.raises(MeetingLoadError) as raised:
        repository.load_meeting(repo / "org/forum/2019-11-07.yaml")
    assert raised.value.problems[0].line == 3
    assert "2019-11-07.yaml:3:" in str(raised.value)


# --- `minutes validate` -------------------------------------------------------------------------


def test_validate_exit_0_on_a_clean_repository(make_repo, run_minutes) -> None:
    repo = make_repo({"org/forum/2019-10-24.yaml": GOOD})
    result = run_minutes("validate", repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 referat i 1 forum kontrolleret: ingen problemer\n"
    english = run_minutes("validate", repo, "--lang", "en")
    assert english.stdout == "1 meeting in 1 forum checked: no problems\n"


def test_validate_exit_0_with_only_warnings(make_repo, run_minutes) -> None:
    repo = make_repo({"org/forum/2019-10-24.yaml": GOOD + "weather: rain\n"})
    result = run_minutes("validate", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "org/forum/2019-10-24.yaml:10:1: advarsel: ukendt nøgle 'weather' (bevaret som den er)"
    ]
    english = run_minutes("validate", "--lang", "en", cwd=repo)
    assert english.stdout.splitlines() == ["org/forum/2019-10-24.yaml:10:1: warning: unknown key 'weather' (kept as it is)"]


def test_validate_exit_1_and_path_line_column_message(make_repo, run_minutes) -> None:
    repo = make_repo(
        {
            "org/forum/2019-10-24.yaml": GOOD,
            "org/forum/2019-11-07.yaml": "date: 2019-11-07\ntitle: a\ntitle: b\n",
            "org/forum/2019-12-05.yaml": "title: x\ndate: 2019-13-45\n",
        }
    )
    result = run_minutes("validate", cwd=repo)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    rows = sorted((m["path"], int(m["line"]), int(m["column"])) for m in parsed)
    assert rows == [("org/forum/2019-11-07.yaml", 3, 1), ("org/forum/2019-12-05.yaml", 2, 7)]
    assert result.stderr == "3 referater i 1 forum kontrolleret: 2 fejl\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_from_a_subfolder_prints_paths_that_lead_to_the_files(make_repo, run_minutes) -> None:
    repo = make_repo({"org/forum/2019-11-07.yaml": "date: 2019-11-07\ntitle: a\ntitle: b\n"})
    cwd = repo / "org" / "forum"
    result = run_minutes("validate", cwd=cwd)
    assert result.returncode == 1
    match = LINE.match(result.stdout.splitlines()[0])
    assert match, result.stdout
    assert (cwd / match["path"]).resolve() == repo / "org/forum/2019-11-07.yaml"
    assert (int(match["line"]), int(match["column"])) == (3, 1)


def test_validate_prints_absolute_paths_from_outside(make_repo, run_minutes, tmp_path: Path) -> None:
    repo = make_repo({"org/forum/2019-11-07.yaml": "date: 2019-11-07\npoints: 3\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_minutes("validate", repo, cwd=elsewhere)
    assert result.returncode == 1
    match = LINE.match(result.stdout.splitlines()[0])
    assert match and Path(match["path"]) == repo / "org/forum/2019-11-07.yaml"
    assert (int(match["line"]), int(match["column"])) == (2, 1)


@pytest.mark.parametrize("where", ["empty-folder", "missing", "file"])
def test_validate_exit_2_when_not_a_repository(tmp_path: Path, run_minutes, where: str) -> None:
    target = tmp_path / where
    if where == "empty-folder":
        target.mkdir()
    elif where == "file":
        target.write_text("date: 2019-10-24\n", encoding="utf-8")
    result = run_minutes("validate", target)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("minutes: ")
    assert "Traceback" not in result.stderr
