"""The `minutes` command, run as the installed console script: help, fmt, demo, and errors without tracebacks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml as pyyaml

from repo_layout import Repository

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"


def assert_clean_error(result: subprocess.CompletedProcess[str], code: int = 2) -> None:
    """A user's mistake: the given exit code, one line on stderr, never a traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("minutes: ")


# --- help ---------------------------------------------------------------------------------------


HELP = {
    ("--help",): ("open", "demo", "validate", "fmt"),
    ("-h",): ("COMMAND",),
    ("open", "--help"): ("--lang", "path"),
    ("demo", "--help"): ("--no-open", "dir"),
    ("validate", "--help"): ("path",),
    ("fmt", "--help"): ("--check", "path"),
}


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_exits_0(run_minutes, args: tuple[str, ...]) -> None:
    result = run_minutes(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: minutes")
    assert result.stderr == ""
    for word in HELP[args]:
        assert word in result.stdout


# --- fmt ----------------------------------------------------------------------------------------

NON_CANONICAL = """\
# Referat, skrevet i hånden
title: 'Et møde'
date: 2020-03-04
start: '09:00'
location: "Lokale 1"   # det sædvanlige
weather: 'regn'
present: ['Anna', 'Bo']
information: "Første linje\\nAnden linje\\n"
points:
    # det første punkt
    - number: 1
      title: 'CF - Godkendelse: af dagsorden'
      x_priority: 'høj'
      decision: >
          Foldet tekst
          på to linjer.

          Nyt afsnit.
      attachments:
          - 'Bilag 1'
          - 'no'
    - number: 2
      title: "Andet punkt"
      sections:
          'Sagsfremstilling': 'En linje'
"""

# a comment keeps the column it was written at
CANONICAL = """\
# Referat, skrevet i hånden
title: Et møde
date: 2020-03-04
start: "09:00"
location: Lokale 1     # det sædvanlige
weather: regn
present: [Anna, Bo]
information: |
  Første linje
  Anden linje
points:
    # det første punkt
  - number: 1
    title: "CF - Godkendelse: af dagsorden"
    x_priority: høj
    decision: |
      Foldet tekst på to linjer.
      Nyt afsnit.
    attachments:
      - Bilag 1
      - "no"
  - number: 2
    title: Andet punkt
    sections:
      Sagsfremstilling: En linje
"""


@pytest.fixture
def fmt_repo(make_repo) -> Path:
    return make_repo({"org/forum/2020-03-04.yaml": NON_CANONICAL, "org/forum/forum.yaml": "name: 'Forummet'\n"})


def test_fmt_check_reports_and_changes_nothing(fmt_repo: Path, run_minutes) -> None:
    meeting = fmt_repo / "org/forum/2020-03-04.yaml"
    before = meeting.read_bytes()
    result = run_minutes("fmt", "--check", cwd=fmt_repo)
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == [
        "ville omformatere org/forum/2020-03-04.yaml",
        "ville omformatere org/forum/forum.yaml",
    ]
    assert meeting.read_bytes() == before
    assert (fmt_repo / "org/forum/forum.yaml").read_text(encoding="utf-8") == "name: 'Forummet'\n"


def test_fmt_rewrites_to_the_canonical_form(fmt_repo: Path, run_minutes) -> None:
    meeting = fmt_repo / "org/forum/2020-03-04.yaml"
    result = run_minutes("fmt", fmt_repo)
    assert result.returncode == 0, result.stderr
    assert "omformaterede org/forum/2020-03-04.yaml" in result.stdout
    assert meeting.read_text(encoding="utf-8") == CANONICAL
    assert (fmt_repo / "org/forum/forum.yaml").read_text(encoding="utf-8") == "name: Forummet\n"
    # the values are what they were, for every reader
    assert pyyaml.safe_load(CANONICAL) == pyyaml.safe_load(NON_CANONICAL)
    # and now it is canonical: a second run changes nothing, --check agrees
    again = run_minutes("fmt", "--check", fmt_repo)
    assert again.returncode == 0, again.stdout
    assert again.stdout.endswith(" filer allerede i kanonisk form\n")
    assert sorted(p.name for p in meeting.parent.iterdir()) == ["2020-03-04.yaml", "forum.yaml"], "no temporary files"


def test_fmt_keeps_comments_and_unknown_keys(fmt_repo: Path, run_minutes) -> None:
    run_minutes("fmt", fmt_repo)
    text = (fmt_repo / "org/forum/2020-03-04.yaml").read_text(encoding="utf-8")
    for kept in ("# Referat, skrevet i hånden", "# det sædvanlige", "# det første punkt", "weather: regn", "x_priority: høj"):
        assert kept in text


def test_fmt_of_one_file_touches_only_that_file(fmt_repo: Path, run_minutes) -> None:
    result = run_minutes("fmt", fmt_repo / "org/forum/2020-03-04.yaml")
    assert result.returncode == 0
    assert (fmt_repo / "org/forum/2020-03-04.yaml").read_text(encoding="utf-8") == CANONICAL
    assert (fmt_repo / "org/forum/forum.yaml").read_text(encoding="utf-8") == "name: 'Forummet'\n"


def test_fmt_leaves_broken_files_alone_and_exits_1(make_repo, run_minutes) -> None:
    broken = "date: 2020-03-04\ntitle: 'x'\npoints: [\n"
    repo = make_repo({"org/forum/2020-03-04.yaml": broken, "org/forum/2020-03-05.yaml": "date: 2020-03-05\ntitle: 'why'\n"})
    result = run_minutes("fmt", repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "2020-03-04.yaml:4:" in result.stderr
    assert (repo / "org/forum/2020-03-04.yaml").read_text(encoding="utf-8") == broken
    assert (repo / "org/forum/2020-03-05.yaml").read_text(encoding="utf-8") == "date: 2020-03-05\ntitle: why\n"


def test_fmt_makes_crlf_and_bom_files_canonical(make_repo, run_minutes) -> None:
    repo = make_repo({"org/forum/2020-03-04.yaml": "\ufeffdate: 2020-03-04\r\ntitle: Et møde\r\n"})
    result = run_minutes("fmt", repo)
    assert result.returncode == 0, result.stderr
    assert (repo / "org/forum/2020-03-04.yaml").read_bytes() == "date: 2020-03-04\ntitle: Et møde\n".encode()


# --- demo ---------------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, minutes_bin: str, command_env: dict[str, str]) -> Path:
    """One demo repository for the read-only checks below; made with a relative DIR, as a user types it."""
    folder = tmp_path_factory.mktemp("demo")
    result = subprocess.run(
        [minutes_bin, "demo", "mit-demo", "--no-open"],
        cwd=folder,
        env={**command_env, "MINUTES_DATA_DIR": str(folder / "data")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    target = folder / "mit-demo"
    assert Path(result.stdout.strip()) == target
    return target


def test_demo_makes_a_git_repository_with_a_clean_work_tree(demo: Path) -> None:
    assert (demo / ".git").is_dir()
    assert _git(demo, "status", "--porcelain", "--untracked-files=all") == ""
    assert _git(demo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def test_demo_holds_exactly_the_sample_files(demo: Path) -> None:
    tracked = sorted(_git(demo, "ls-files").splitlines())
    sample = sorted(path.relative_to(SAMPLE_REPO).as_posix() for path in SAMPLE_REPO.rglob("*") if path.is_file())
    assert tracked == sample
    for relative in sample:
        assert (demo / relative).read_bytes() == (SAMPLE_REPO / relative).read_bytes()


def test_demo_commits_one_meeting_at_a_time_at_the_meeting_dates(demo: Path) -> None:
    log = _git(demo, "log", "--reverse", "--format=%H%x09%ad%x09%cd%x09%an%x09%s", "--date=short")
    commits = [line.split("\t") for line in log.splitlines()]
    repository = Repository(demo)
    meetings = sorted(
        (ref.date.isoformat(), forum.name, ref.path) for forum in repository.forums() for ref in forum.meetings()
    )
    assert len(commits) == 1 + len(meetings) == 6

    setup = commits[0]
    setup_files = _git(demo, "show", "--name-only", "--format=", setup[0]).split()
    assert "minutes.yaml" in setup_files
    assert not any(Path(name).name[:1].isdigit() for name in setup_files), "the setup commit holds no meeting"
    assert setup[1] < meetings[0][0]

    for (sha, author_date, commit_date, author, subject), (date, forum, path) in zip(commits[1:], meetings, strict=True):
        files = _git(demo, "show", "--name-only", "--format=", sha).split()
        assert files == [path.relative_to(demo).as_posix()]
        assert author_date == commit_date == date
        assert forum in subject and date in subject
        assert author


def test_demo_authors_are_the_minute_takers_where_known(demo: Path) -> None:
    authors = dict(
        line.split("\t", 1)[::-1] for line in _git(demo, "log", "--format=%an%x09%ad", "--date=short").splitlines()
    )
    assert authors["2020-10-08"] == "Egil"
    assert authors["2018-04-05"] == "Dorte Nederskov"


def test_demo_into_an_empty_existing_folder_given_absolute(tmp_path: Path, run_minutes) -> None:
    target = tmp_path / "absolut" / "tom"
    target.mkdir(parents=True)
    result = run_minutes("demo", target, "--no-open", cwd=tmp_path / "absolut")
    assert result.returncode == 0, result.stderr
    assert len(_git(target, "log", "--format=%H").split()) == 6
    assert _git(target, "status", "--porcelain") == ""


def test_demo_into_a_non_empty_folder_is_refused(tmp_path: Path, run_minutes) -> None:
    target = tmp_path / "optaget"
    target.mkdir()
    (target / "mine.txt").write_text("mine", encoding="utf-8")
    result = run_minutes("demo", target, "--no-open", "--lang", "en")
    assert_clean_error(result)
    assert "not empty" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["mine.txt"]


def test_demo_onto_a_file_is_refused(tmp_path: Path, run_minutes) -> None:
    target = tmp_path / "en-fil"
    target.write_text("x", encoding="utf-8")
    assert_clean_error(run_minutes("demo", target, "--no-open"))
    assert target.read_text(encoding="utf-8") == "x"


def test_demo_without_dir_uses_the_data_folder(tmp_path: Path, run_minutes) -> None:
    result = run_minutes("demo", "--no-open")
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip())
    assert made.parent == tmp_path / "data"
    assert (made / "minutes.yaml").is_file()


# --- no tracebacks for bad input ----------------------------------------------------------------


@pytest.fixture
def broken_repo(make_repo) -> Path:
    return make_repo(
        {
            "minutes.yaml": "schema: 1\nname: [broken\n",
            "org/group.yaml": "name: !!python/object/apply:os.system [ls]\n",
            "org/forum/forum.yaml": "\x00\x01binary",
            "org/forum/2020-01-01.yaml": "date: 2020-01-01\npoints: [\n",
            "org/forum/2020-01-02.yaml": b"date: 2020-01-02\ntitle: \xff\xfe\n",
            "org/forum/2020-01-03.yaml": "- just\n- a list\n",
            "org/forum/2020-01-04.yaml": "",
            "org/forum/2020-02-30.yaml": "date: 2020-02-30\n",
            "org/forum/2020-01-05.yaml/README": "a folder named like a meeting\n",
            "org/no-forum-file/2020-01-01.yaml": "date: 2020-01-01\n",
        }
    )


@pytest.mark.parametrize(("args", "code"), [(("validate",), 1), (("fmt",), 1), (("fmt", "--check"), 1)])
def test_a_broken_repository_gives_problems_not_tracebacks(broken_repo: Path, run_minutes, args, code: int) -> None:
    result = run_minutes(*args, cwd=broken_repo)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_names_every_broken_file(broken_repo: Path, run_minutes) -> None:
    out = run_minutes("validate", cwd=broken_repo).stdout
    for name in (
        "minutes.yaml:",
        "org/group.yaml:",
        "org/forum/forum.yaml:",
        "org/forum/2020-01-01.yaml:",
        "org/forum/2020-01-02.yaml:",
        "org/forum/2020-01-03.yaml:",
        "org/forum/2020-01-04.yaml:",
        "org/forum/2020-02-30.yaml:",
        "org/no-forum-file:",
    ):
        assert any(line.startswith(name) for line in out.splitlines()), name


@pytest.mark.parametrize(
    "args",
    [
        # (`minutes validate` on each of these is in test_validate.py)
        ("fmt", "{missing}"),
        ("open", "{missing}"),
        ("{missing}",),
        ("fmt", "--check", "{file}"),
        ("open", "{file}"),
        ("fmt", "{empty}"),
        ("open", "{empty}"),
    ],
)
def test_not_a_repository_is_one_line_and_exit_2(tmp_path: Path, run_minutes, args: tuple[str, ...]) -> None:
    (tmp_path / "a-file.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    paths = {"missing": tmp_path / "missing", "file": tmp_path / "a-file.txt", "empty": tmp_path / "empty"}
    result = run_minutes(*(arg.format(**paths) for arg in args), timeout=30)
    assert_clean_error(result)


@pytest.mark.parametrize("args", [("validate", "--nope"), ("fmt", "a", "b"), ("demo", "x", "--lang", "xx")])
def test_usage_mistakes_exit_2_without_traceback(run_minutes, args: tuple[str, ...]) -> None:
    result = run_minutes(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "usage: minutes" in result.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(demo: Path, minutes_bin: str, command_env: dict[str, str]) -> None:
    """`minutes log MEETING | head -1`: the reader is gone before the output; no "Broken pipe" message, exit 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails with EPIPE
    try:
        done = subprocess.run(
            [minutes_bin, "log", "albertslund-kommune/chefforum/2019-10-24.yaml", "--json"],
            cwd=demo, env=command_env, stdout=write_end, stderr=subprocess.PIPE, timeout=60, check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b"")
