"""The schema checks' problems in the UI's language: every kind has words in every language, and validate says them."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest

from repo_layout import Repository
from repo_layout.model.loading import meeting_problems
from repo_layout.model.problems import CHECK_KINDS, CheckProblem, Problem
from repo_layout.model.validate import validate_repository
from tui.i18n import CATALOGUE, LANGUAGES
from tui.problem_words import problem_line, problem_words

BAD_MEETING = """\
title: 5
date: "2019-10-24"
start: "x"
status: maybe
present: Ida
absent: [1]
weather: rain
location: on
information: "one\\ntwo"
points:
  - number: 2
    title: B
  - number: x
    title: ""
  - number: 1
    title: A
    case: [1]
    time: soon
    sections: 5
    attachments: 5
    actions:
      - owner: Ida
      - task: T
        due: soon
        done: maybe
        extra: 1
  - number: 1
    title: C
    sections:
      H: 5
    attachments: [5]
  - just text
"""
"""A meeting with one of nearly every schema problem a person can write."""

CYCLE_MEETING = """\
date: 2019-10-29
status: planned
corrections:
  - date: soon
  - just text
points:
  - number: 1
    title: A
    closed: maybe
    postponed: 5
    approves: 2019-10-24
    carried_from: "2019-10-24"
  - number: 2
    title: B
    approves: "2001-01-01"
    carried_from:
      point: 2
    follow_up:
      - meeting: [1]
        point: two
        task: T
      - 5
    attachments:
      - file: ../elsewhere.pdf
      - file: 2019-10-29/missing.pdf
"""
"""A meeting with one of each problem of the cycle's keys."""

BAD_FILES: dict[str, str] = {
    "org/forum/2019-10-24.yaml": BAD_MEETING,
    "org/forum/2019-10-25.yaml": "- a list\n",
    "org/forum/2019-10-26.yaml": "title: No date\n",
    "org/forum/2019-10-27.yaml": "date: 2019-10-28\npoints: 5\n",
    "org/forum/notes.yaml": "a: b\n",
    "org/forum/2019-02-30.yaml": "date: 2019-02-30\n",
    "org/other/2019-10-24.yaml": "date: 2019-10-24\n",
    "org/third/forum.yaml": "- a\n",
    "org/third/2019-10-24.yaml": "date: 2019-10-24\n",
    "org/fourth/forum.yaml": "short: x\n",
    "org/fourth/2019-10-24.yaml": "date: 2019-10-24\n",
    "org/forum/2019-10-29.yaml": CYCLE_MEETING,
}
"""A repository's worth of files that between them make every kind of check problem (but one: GIT_ONLY_KINDS)."""

GIT_ONLY_KINDS = {"no_approval_tag"}
"""Kinds only a git repository makes (tests/test_validate_cycle.py makes them)."""

FIELDS = string.Formatter()


def all_problems(root: Path, tmp_path: Path) -> list[Problem]:
    """Every problem validate finds in `root` (with a folder linked inside it and one linked out of it), and those of
    a meeting file whose name is not a date."""
    (root / "org/inside").symlink_to(root / "org/forum", target_is_directory=True)
    (root / "org/outside").symlink_to(tmp_path, target_is_directory=True)
    odd_name = tmp_path / "meeting.yaml"
    odd_name.write_text("date: 2019-10-24\n", encoding="utf-8")
    return [*validate_repository(Repository.find(root)), *meeting_problems(odd_name)]


def placeholders(text: str) -> set[str]:
    """The names a word fills in: "{field} must be text" -> {"field"}."""
    return {name for _, name, _, _ in FIELDS.parse(text) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_check_kind_has_words_in_every_language_with_the_same_values(language: str) -> None:
    for kind in CHECK_KINDS:
        key = f"check_{kind}"
        assert key in CATALOGUE[language], f"{language} has no words for {key}"
        assert placeholders(CATALOGUE[language][key]) == placeholders(CATALOGUE["en"][key]), key
    for name in ("point", "action"):
        assert f"check_at_{name}" in CATALOGUE[language]


def test_the_checks_make_every_kind_and_only_known_kinds(make_repo: Callable[..., Path], tmp_path: Path) -> None:
    problems = all_problems(make_repo(BAD_FILES), tmp_path)
    kinds = {problem.kind for problem in problems if isinstance(problem, CheckProblem)}
    assert kinds <= set(CHECK_KINDS), kinds - set(CHECK_KINDS)
    assert set(CHECK_KINDS) - kinds - GIT_ONLY_KINDS == set(), "no test file makes these kinds"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_check_problem_is_worded_whole_in_every_language(
    language: str, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    for problem in all_problems(make_repo(BAD_FILES), tmp_path):
        if isinstance(problem, CheckProblem):
            words = problem_words(problem, language)
            assert words and "{" not in words.replace("{title, file}", ""), (problem.kind, words)
            if language != "en":
                assert words != problem.message, (problem.kind, words)


def test_a_check_problem_keeps_its_english_message_for_programs(tmp_path: Path) -> None:
    path = tmp_path / "2019-10-24.yaml"
    path.write_text("date: 2019-10-24\npoints:\n  - number: 3\n    title: T\n    time: soon\n", encoding="utf-8")
    (problem,) = meeting_problems(path)
    assert problem.message == "point 3: time must look like \"09:30-09:45\", not 'soon'"
    assert problem_line(problem, "da", "f.yaml") == "f.yaml:5:5: punkt 3: time skal se ud som \"09:30-09:45\", ikke 'soon'"
    assert problem_line(problem, "en", "f.yaml") == "f.yaml:5:5: " + problem.message


SCHEMA_PROBLEMS = {
    "org/forum/2019-10-24.yaml": (
        "date: 2019-10-24\nstart: '9'\nweather: rain\npoints:\n  - number: 2\n    title: B\n"
        "  - number: 1\n    title: A\n    sections:\n      Bilag: 5\n    actions:\n      - task: T\n        done: maybe\n"
    ),
}
DANISH = [
    "org/forum/2019-10-24.yaml:2:1: start skal være et klokkeslæt som \"09:00\", ikke '9'",
    "org/forum/2019-10-24.yaml:3:1: advarsel: ukendt nøgle 'weather' (bevaret som den er)",
    "org/forum/2019-10-24.yaml:10:7: punkt 1: afsnittet 'Bilag' skal være tekst",
    "org/forum/2019-10-24.yaml:13:9: punkt 1: handling 1: done skal være true eller false",
    "org/forum/2019-10-24.yaml:7:5: advarsel: punkt 1 står efter punkt 2: punkternes numre er ikke stigende (R nummererer om)",
]
ENGLISH = [
    "org/forum/2019-10-24.yaml:2:1: start must be a time like \"09:00\", not '9'",
    "org/forum/2019-10-24.yaml:3:1: warning: unknown key 'weather' (kept as it is)",
    "org/forum/2019-10-24.yaml:10:7: point 1: section 'Bilag' must be text",
    "org/forum/2019-10-24.yaml:13:9: point 1: action 1: done must be true or false",
    "org/forum/2019-10-24.yaml:7:5: warning: point 1 comes after point 2: the point numbers are not in increasing order"
    " (R renumbers)",
]


@pytest.mark.parametrize(
    ("args", "expected", "summary"), [((), DANISH, "3 fejl, 2 advarsler"), (("--lang", "en"), ENGLISH, "3 errors, 2 warnings")]
)
def test_validate_says_schema_problems_in_the_ui_s_language(
    args: tuple[str, ...], expected: list[str], summary: str, make_repo: Callable[..., Path], run_minutes
) -> None:
    repo = make_repo(SCHEMA_PROBLEMS)
    result = run_minutes("validate", *args, cwd=repo)
    assert result.returncode == 1, result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(expected)
    assert summary in result.stderr
    other = ENGLISH if expected is DANISH else DANISH
    assert not set(result.stdout.splitlines()) & set(other)
    assert not re.search(r"\bmust\b|\bpoint \d" if expected is DANISH else r"\bskal\b|\bpunkt \d", result.stdout)
