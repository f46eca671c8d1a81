"""`minutes import`, `minutes export` and `minutes search`, run as the installed console script on real files.

Import reads the five seed exports (tests/seeds, a copy of ../shared/seeds); export and search work on a
private copy of sample-repo/. Every error is checked for the command line's contract: exit 2, one line
on stderr starting with "minutes: ", never a traceback.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

SEEDS = Path(__file__).resolve().parent / "seeds"  # a copy of ../shared/seeds; test_sample_repo checks it is the same
SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"

# seed file prefix -> the sample meeting transcribed from it (see ../shared/seeds/README.md)
SEED_MEETINGS = {
    "000": "lemvig-kommune/centerledermoede/2020-10-08.yaml",
    "001": "albertslund-kommune/chefforum/2019-10-24.yaml",
    "002": "albertslund-kommune/chefforum/2015-04-23.yaml",
    "003": "sl-ledersektionen/aarsmoede/2018-04-05.yaml",
    "004": "aarhus-kommune/chefteammoede/2021-10-14.yaml",
}
MEETING = "lemvig-kommune/centerledermoede/2020-10-08.yaml"
FORUM = "org/forum"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed minutes are not at {SEEDS}")

Run = Callable[..., subprocess.CompletedProcess[str]]

SMALL_MINUTES = """\
REFERAT Forummet d. 04-03-2021

Mødedato Torsdag d. 04. marts 2021 kl. 09:00

Punkt 1: Budget

Beslutning

Budgettet blev godkendt.
"""


@pytest.fixture
def small_minutes(tmp_path: Path) -> Path:
    """A short text in the seeds' format, for the tests that are not about the seeds."""
    path = tmp_path / "referat.txt"
    path.write_text(SMALL_MINUTES, encoding="utf-8")
    return path


def seed(prefix: str) -> Path:
    """The seed file whose name starts with `prefix`."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no seed {prefix}_*.txt in {SEEDS}")
    return found[0]


def sample(relative: str) -> dict:
    """A sample meeting as plain data (PyYAML)."""
    return yaml.safe_load((SAMPLE_REPO / relative).read_text(encoding="utf-8"))


def assert_clean_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A user's mistake: exit 2, one line on stderr, no traceback; the line holds each of `words`."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("minutes: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under root (outside .git) and its bytes: a snapshot to compare before and after."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.fixture
def repo(make_repo: Callable[..., Path], git_init: Callable[..., Path]) -> Path:
    """A minimal minutes repository (one group, one forum with no meetings) under git."""
    return git_init(make_repo())


@pytest.fixture
def sample_copy(sample_git_repo: Path) -> Path:
    """A private git copy of sample-repo/."""
    return sample_git_repo


# --- import ---------------------------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_MEETINGS))
def test_import_dry_run_prints_pure_yaml_for_each_seed(prefix: str, repo: Path, run_minutes: Run) -> None:
    before = files_under(repo)
    result = run_minutes("import", seed(prefix), "--forum", FORUM, "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    documents = list(yaml.safe_load_all(result.stdout))
    assert len(documents) == 1
    [document] = documents
    expected = sample(SEED_MEETINGS[prefix])
    assert document["date"] == expected["date"]
    assert [(point["number"], point["title"]) for point in document["points"]] == [
        (point["number"], point["title"]) for point in expected["points"]
    ]
    # the report is on stderr, naming the seed and where the meeting would go
    first = result.stderr.splitlines()[0]
    assert first.startswith(str(seed(prefix))) and first.endswith(f"{FORUM}/{expected['date'].isoformat()}.yaml")
    assert "gættet: dato" in result.stderr and "gættet:" not in result.stdout  # the repository's language
    assert files_under(repo) == before, "a dry run writes nothing"
    english = run_minutes("import", seed(prefix), "--forum", FORUM, "--dry-run", "--lang", "en", cwd=repo)
    assert "  guessed: date" in english.stderr and "gættet" not in english.stderr


@needs_seeds
def test_import_dry_run_of_several_files_prints_one_document_per_meeting(repo: Path, run_minutes: Run) -> None:
    prefixes = ["000", "001", "004"]
    result = run_minutes("import", *(seed(prefix) for prefix in prefixes), "--forum", FORUM, "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    documents = list(yaml.safe_load_all(result.stdout))
    assert [document["date"] for document in documents] == [sample(SEED_MEETINGS[p])["date"] for p in prefixes]
    assert all(document["points"] for document in documents)
    reports = [line for line in result.stderr.splitlines() if not line.startswith(" ")]
    assert [line.split(" -> ")[0] for line in reports] == [str(seed(prefix)) for prefix in prefixes]


@needs_seeds
def test_import_writes_a_valid_meeting_file_and_the_same_day_again_goes_to_dash_2(repo: Path, run_minutes: Run) -> None:
    source = seed("000")
    dry = run_minutes("import", source, "--forum", FORUM, "--dry-run", cwd=repo)
    first = run_minutes("import", source, "--forum", FORUM, cwd=repo)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "", "without --dry-run nothing goes to stdout"
    written = repo / FORUM / "2020-10-08.yaml"
    assert written.is_file()
    assert str(written) in first.stderr
    assert written.read_text(encoding="utf-8") == dry.stdout, "the dry run printed exactly what is written"
    validated = run_minutes("validate", cwd=repo)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert validated.stdout == "1 referat i 1 forum kontrolleret: ingen problemer\n"

    kept = written.read_bytes()
    second = run_minutes("import", source, "--forum", FORUM, cwd=repo)
    assert second.returncode == 0, second.stderr
    again = repo / FORUM / "2020-10-08-2.yaml"
    assert again.read_text(encoding="utf-8") == dry.stdout
    assert written.read_bytes() == kept, "an existing meeting is never overwritten"
    assert str(again) in second.stderr
    assert sorted(path.name for path in (repo / FORUM).iterdir()) == ["2020-10-08-2.yaml", "2020-10-08.yaml", "forum.yaml"]
    validated = run_minutes("validate", cwd=repo)
    assert validated.returncode == 0, validated.stdout + validated.stderr


@needs_seeds
def test_import_of_every_seed_at_once_writes_valid_files(repo: Path, run_minutes: Run) -> None:
    result = run_minutes("import", *(seed(prefix) for prefix in SEED_MEETINGS), "--forum", FORUM, cwd=repo)
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in (repo / FORUM).glob("*.yaml") if path.name != "forum.yaml")
    assert names == sorted(Path(relative).name for relative in SEED_MEETINGS.values())
    validated = run_minutes("validate", cwd=repo)
    assert validated.returncode == 0, validated.stdout + validated.stderr


IMPORT_ERRORS = {
    "missing file": ("missing.txt", None, "missing.txt"),
    "empty file": ("empty.txt", b"", "empty.txt"),
    "blank file": ("blank.txt", b"\n  \n\t\n", "blank.txt"),
    "binary file": ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)), "picture.png"),
}


@pytest.mark.parametrize("case", IMPORT_ERRORS, ids=str)
def test_import_refuses_a_bad_file_in_one_line(case: str, repo: Path, tmp_path: Path, run_minutes: Run) -> None:
    name, content, named = IMPORT_ERRORS[case]
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    before = files_under(repo)
    result = run_minutes("import", source, "--forum", repo / FORUM, cwd=tmp_path)
    assert_clean_error(result, named)
    assert files_under(repo) == before


@pytest.mark.parametrize(("language", "said"), [("da", "filen er tom; der er intet at importere"), ("en", "the file is empty")])
def test_import_refuses_in_the_language(language: str, said: str, repo: Path, tmp_path: Path, run_minutes: Run) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_minutes("import", tmp_path / "empty.txt", "--forum", FORUM, "--lang", language, cwd=repo)
    assert_clean_error(result, "empty.txt", said)


def test_import_with_one_bad_file_writes_nothing(repo: Path, tmp_path: Path, small_minutes: Path, run_minutes: Run) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    before = files_under(repo)
    result = run_minutes("import", small_minutes, tmp_path / "empty.txt", "--forum", FORUM, cwd=repo)
    assert_clean_error(result, "empty.txt")
    assert files_under(repo) == before


def test_import_into_a_forum_folder_outside_any_repository(tmp_path: Path, small_minutes: Path, run_minutes: Run) -> None:
    forum = tmp_path / "loose" / "forum"
    forum.mkdir(parents=True)
    result = run_minutes("import", small_minutes, "--forum", forum, cwd=tmp_path)
    assert_clean_error(result, str(forum))
    assert list(forum.iterdir()) == []


def test_import_into_a_missing_forum_folder(repo: Path, small_minutes: Path, run_minutes: Run) -> None:
    result = run_minutes("import", small_minutes, "--forum", "org/no-such-forum", cwd=repo)
    assert_clean_error(result, "no-such-forum")
    assert not (repo / "org" / "no-such-forum").exists()


# --- export ---------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The text and the href of every link of a page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for key, value in attrs if key == "href" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def readable(text: str, fmt: str) -> str:
    """The words of an export with the markup and escapes of its format out of the way, spaces squashed."""
    if fmt == "html":
        text = " ".join(_Links(text).text)
    elif fmt == "md":
        text = text.replace("\\", "").replace("**", "")
    return " ".join(html.unescape(text).split())


FIRST_LINES = {
    "md": "# REFERAT Centerledermøde d. 08-10-2020",
    "html": "<!DOCTYPE html>",
    "txt": "REFERAT Centerledermøde d. 08-10-2020",
}


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_export_a_meeting_to_stdout(fmt: str, sample_copy: Path, run_minutes: Run) -> None:
    result = run_minutes("export", MEETING, "--format", fmt, cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == FIRST_LINES[fmt]
    words = readable(result.stdout, fmt)
    meeting = sample(MEETING)
    for point in meeting["points"]:
        assert " ".join(point["title"].split()) in words, point["title"]
        for paragraph in (point.get("decision") or "").split("\n\n"):
            assert " ".join(paragraph.split()) in words, paragraph
    assert "Mødelokale 3.06" in words


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_export_a_meeting_to_a_file_with_o(fmt: str, sample_copy: Path, tmp_path: Path, run_minutes: Run) -> None:
    on_stdout = run_minutes("export", MEETING, "--format", fmt, cwd=sample_copy).stdout
    target = tmp_path / f"referat.{fmt}"
    result = run_minutes("export", MEETING, "--format", fmt, "-o", target, cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == on_stdout
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [target.name], "no temporary files left"


def test_the_txt_export_reads_back_through_minutes_import(sample_copy: Path, tmp_path: Path, run_minutes: Run) -> None:
    """The txt format is made for the importer: the meeting and every point come back with their fields.

    (Not compared: status, which an import sets to "held", and actions, which the importer does not read.)
    """
    exported = tmp_path / "referat.txt"
    assert run_minutes("export", MEETING, "--format", "txt", "-o", exported, cwd=sample_copy).returncode == 0
    result = run_minutes("import", exported, "--forum", Path(MEETING).parent, "--dry-run", cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    [document] = yaml.safe_load_all(result.stdout)
    original = sample(MEETING)
    differences = [
        f"{key}: {original.get(key)!r} != {document.get(key)!r}"
        for key in ("title", "date", "start", "end", "location", "absent", "minute_taker")
        if original.get(key) != document.get(key)
    ]
    assert len(document["points"]) == len(original["points"])
    for mine, back in zip(original["points"], document["points"], strict=True):
        for key in ("number", "title", "case", "time", "presenter", "sections", "decision", "attachments"):
            if mine.get(key) != back.get(key):
                differences.append(f"point {mine['number']}: {key}: {mine.get(key)!r} != {back.get(key)!r}")
    assert differences == [], "the text was:\n" + exported.read_text(encoding="utf-8")


def test_export_a_repository_as_a_static_site(sample_copy: Path, tmp_path: Path, run_minutes: Run) -> None:
    site = tmp_path / "site"
    result = run_minutes("export", ".", "--format", "html", "-o", site, cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    meetings = sorted(relative for relative in SEED_MEETINGS.values())
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert pages == sorted(["decisions.html", "index.html", *(str(Path(m).with_suffix(".html")) for m in meetings)])
    index = _Links((site / "index.html").read_text(encoding="utf-8"))
    for meeting in meetings:
        assert str(Path(meeting).with_suffix(".html")) in index.hrefs, meeting
    for page in site.rglob("*.html"):
        for href in _Links(page.read_text(encoding="utf-8")).hrefs:
            if "://" in href or href.startswith(("#", "mailto:")):
                continue
            assert (page.parent / href.split("#")[0]).resolve().is_file(), f"{page.name}: {href}"
    decisions = readable((site / "decisions.html").read_text(encoding="utf-8"), "html")
    for meeting in meetings:
        for point in sample(meeting)["points"]:
            if point.get("decision"):
                assert " ".join(point["decision"].split())[:60] in decisions, (meeting, point["number"])


def test_export_a_forum_as_a_static_site(sample_copy: Path, tmp_path: Path, run_minutes: Run) -> None:
    site = tmp_path / "site"
    result = run_minutes("export", "albertslund-kommune/chefforum", "--format", "html", "-o", site, cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    pages = sorted(path.name for path in site.rglob("*.html"))
    assert pages == ["2015-04-23.html", "2019-10-24.html", "decisions.html", "index.html"]
    index = readable((site / "index.html").read_text(encoding="utf-8"), "html")
    assert "Centerledermøde" not in index


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("lemvig-kommune/centerledermoede", "--format", "html"), ("-o DIR",)),
        (("lemvig-kommune/centerledermoede", "--format", "md", "-o", "{tmp}/site"), ("--format html",)),
        ((".", "--format", "txt"), ("-o DIR",)),
        (("lemvig-kommune/centerledermoede/forum.yaml", "--format", "md"), ("forum.yaml", "ikke en mødefil")),
        (("minutes.yaml", "--format", "txt", "--lang", "en"), ("minutes.yaml", "not a meeting file")),
        (("lemvig-kommune/centerledermoede/2020-10-09.yaml", "--format", "txt"), ("2020-10-09.yaml",)),
        (("lemvig-kommune/centerledermoede/2020-10-08.yaml", "--format", "md", "-o", "{tmp}/no/x.md"), ("findes ikke",)),
        (("lemvig-kommune/centerledermoede/2020-10-08.yaml", "--format", "html", "-o", "{tmp}"), ("er en mappe",)),
    ],
    ids=[
        "folder without -o", "folder as md", "repository without -o", "forum.yaml", "minutes.yaml", "missing meeting",
        "file in a missing folder", "file onto a folder",
    ],
)
def test_export_mistakes_are_one_line_and_exit_2(
    args: tuple[str, ...], words: tuple[str, ...], sample_copy: Path, tmp_path: Path, run_minutes: Run
) -> None:
    before = files_under(tmp_path)
    result = run_minutes("export", *(arg.format(tmp=tmp_path) for arg in args), cwd=sample_copy)
    assert_clean_error(result, *words)
    assert result.stdout == ""
    assert files_under(tmp_path) == before, "nothing is written"


def test_export_outside_a_repository(tmp_path: Path, run_minutes: Run) -> None:
    loose = tmp_path / "2020-10-08.yaml"
    shutil.copy(SAMPLE_REPO / MEETING, loose)
    assert_clean_error(run_minutes("export", loose, "--format", "txt", cwd=tmp_path), "ligger ikke i et referatarkiv")


# --- search ---------------------------------------------------------------------------------------------


def search(run_minutes: Run, cwd: Path, *args: str) -> list[dict]:
    result = run_minutes("search", *args, "--json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert isinstance(hits, list)
    return hits


@pytest.mark.parametrize("query", ["Åben Anonym Rådgivning", "Aaben anonym raadgivning"])
def test_search_json_finds_the_point_first(query: str, sample_copy: Path, run_minutes: Run) -> None:
    hits = search(run_minutes, sample_copy, query)
    assert hits, "no hits"
    top = hits[0]
    assert (top["path"], top["date"], top["point"]) == (MEETING, "2020-10-08", 6)
    assert "Åben Anonym Rådgivning" in top["excerpt"]


def test_search_json_hits_have_their_fields(sample_copy: Path, run_minutes: Run) -> None:
    hits = search(run_minutes, sample_copy, "ledelsesinformation", "--limit", "50")
    assert len(hits) >= 2
    for hit in hits:
        assert {"path", "date", "point", "field", "score", "excerpt"} <= set(hit), hit
        assert not Path(hit["path"]).is_absolute() and (sample_copy / hit["path"]).is_file(), hit["path"]
        assert hit["date"] == Path(hit["path"]).stem[:10]
        assert hit["point"] is None or isinstance(hit["point"], int)
        assert isinstance(hit["field"], str) and hit["field"]
        assert isinstance(hit["score"], int | float)
        assert isinstance(hit["excerpt"], str) and hit["excerpt"]
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True), "best first"


def test_search_paths_are_relative_to_the_root_from_a_subfolder(sample_copy: Path, run_minutes: Run) -> None:
    hits = search(run_minutes, sample_copy / "lemvig-kommune" / "centerledermoede", "Åben Anonym Rådgivning")
    assert hits[0]["path"] == MEETING


@pytest.mark.parametrize("forum", ["Chefforum", "chefforum"])
def test_search_forum_keeps_only_that_forum(forum: str, sample_copy: Path, run_minutes: Run) -> None:
    everywhere = search(run_minutes, sample_copy, "referat", "--limit", "100")
    assert {hit["path"].split("/")[1] for hit in everywhere} > {"chefforum"}, "the query is found in other forums too"
    only = search(run_minutes, sample_copy, "referat", "--forum", forum, "--limit", "100")
    assert only
    assert {hit["path"].split("/")[:2] == ["albertslund-kommune", "chefforum"] for hit in only} == {True}
    assert [hit for hit in everywhere if hit["path"].startswith("albertslund-kommune/chefforum/")] == only


def test_search_limit(sample_copy: Path, run_minutes: Run) -> None:
    everything = search(run_minutes, sample_copy, "referat", "--limit", "100")
    assert len(everything) > 3
    assert search(run_minutes, sample_copy, "referat", "--limit", "3") == everything[:3]
    assert search(run_minutes, sample_copy, "referat", "--limit", "1") == everything[:1]


def test_search_without_hits_is_an_empty_list(sample_copy: Path, run_minutes: Run) -> None:
    assert search(run_minutes, sample_copy, "xyzzyqwv") == []


def test_search_outside_a_repository(tmp_path: Path, run_minutes: Run) -> None:
    result = run_minutes("search", "budget", "--json", cwd=tmp_path)
    assert_clean_error(result, "ligger ikke i et referatarkiv")
    assert result.stdout == ""


# --- import commits, as a save in the app does ------------------------------------------------------------


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@needs_seeds
def test_import_commits_the_new_meetings_together(repo: Path, run_minutes: Run) -> None:
    result = run_minutes("import", seed("000"), seed("004"), "--forum", FORUM, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert git_out(repo, "log", "-1", "--format=%s").strip() == "Forummet: referat importeret (2020-10-08, 2021-10-14)"
    assert sorted(git_out(repo, "show", "--name-only", "--format=", "HEAD").split()) == [
        f"{FORUM}/2020-10-08.yaml", f"{FORUM}/2021-10-14.yaml"
    ]
    assert git_out(repo, "status", "--porcelain") == ""
    again = run_minutes("import", seed("000"), "--forum", FORUM, cwd=repo)
    warning = "advarsel: forummet har allerede et møde den 2020-10-08 (2020-10-08.yaml); dette er 2020-10-08-2.yaml"
    assert warning in again.stderr
    assert git_out(repo, "log", "-1", "--format=%s").strip() == "Forummet: referat importeret (2020-10-08-2)"


@needs_seeds
def test_import_with_no_commit_leaves_the_files_for_the_user(repo: Path, run_minutes: Run) -> None:
    head = git_out(repo, "rev-parse", "HEAD")
    result = run_minutes("import", seed("000"), "--forum", FORUM, "--no-commit", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert git_out(repo, "rev-parse", "HEAD") == head
    assert git_out(repo, "status", "--porcelain").strip() == f"?? {FORUM}/2020-10-08.yaml"


@needs_seeds
@pytest.mark.parametrize("language", ["da", "en"])
def test_import_without_a_git_identity_writes_nothing_and_says_how_to_set_it(
    language: str, repo: Path, minutes_bin: str, command_env: dict[str, str]
) -> None:
    env = {key: value for key, value in command_env.items() if not key.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))}
    env["EMAIL"] = ""
    before = files_under(repo)
    result = subprocess.run(
        [minutes_bin, "import", str(seed("000")), "--forum", FORUM, "--lang", language],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1, result.stderr  # refused before anything was written
    [line] = result.stderr.strip().splitlines()
    said = {"da": "git ved ikke, hvem du er", "en": "git does not know who you are"}[language]
    assert line.startswith(f"minutes: {said}") and "git config --global user.email" in line and "--no-commit" in line, line
    assert files_under(repo) == before
    assert git_out(repo, "status", "--porcelain") == ""
    written = subprocess.run(
        [minutes_bin, "import", str(seed("000")), "--forum", FORUM, "--no-commit"],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )
    assert written.returncode == 0, written.stderr
    assert (repo / FORUM / "2020-10-08.yaml").is_file()
