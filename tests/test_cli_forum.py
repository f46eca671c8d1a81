"""Options that name a forum (`import --forum`, `search --forum`): one resolver, names and paths, refusals that say why.

`Repository.find_forum` is checked on the sample repository; the CLI through the installed binary on a private git
copy of it. A refusal is exit 2 with one line on stderr naming the forums the option could mean, and nothing written.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli_import_export import SMALL_MINUTES, files_under

from repo_layout.importing.importer import import_files
from repo_layout.model.discover import ForumNotFoundError, Repository

Run = Callable[..., subprocess.CompletedProcess[str]]
AARHUS_FORUM = "aarhus-kommune/chefteammoede"
FORUMS = [AARHUS_FORUM, "albertslund-kommune/chefforum", "lemvig-kommune/centerledermoede", "sl-ledersektionen/aarsmoede"]

@pytest.fixture
def minutes_text(tmp_path: Path) -> Path:
    """Short minutes in the seeds' format."""
    (tmp_path / "referat.txt").write_text(SMALL_MINUTES, encoding="utf-8")
    return tmp_path / "referat.txt"


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line of a refusal (exit 2, no traceback, nothing on stdout)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("minutes: ")
    return line


# --- the resolver ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [AARHUS_FORUM, AARHUS_FORUM + "/", "Chefteammøde", "chefteammøde", "chefteammoede", "aarhus-kommune/../" + AARHUS_FORUM],
)
def test_find_forum_takes_a_name_or_a_folder(given: str, sample_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_repo.parent)  # a folder from the root is found from anywhere
    repository = Repository(sample_repo)
    assert repository.find_forum(given).relative == AARHUS_FORUM


def test_find_forum_takes_a_folder_from_the_current_one_and_an_absolute_one(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample_repo / "aarhus-kommune")
    repository = Repository(sample_repo)
    assert repository.find_forum("chefteammoede").relative == AARHUS_FORUM
    assert repository.find_forum(sample_repo / AARHUS_FORUM).relative == AARHUS_FORUM


@pytest.mark.parametrize(
    ("given", "reason", "candidates"),
    [
        ("aarhus-kommune", "group", [AARHUS_FORUM]),
        (".", "group", FORUMS),
        ("chefteam", "unknown", [AARHUS_FORUM]),
        ("chefforun", "unknown", ["albertslund-kommune/chefforum"]),
        ("no-such-forum", "unknown", []),
    ],
)
def test_find_forum_refuses_what_is_no_forum_and_says_what_it_could_mean(
    given: str, reason: str, candidates: list[str], sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample_repo)
    with pytest.raises(ForumNotFoundError) as refused:
        Repository(sample_repo).find_forum(given)
    assert (refused.value.reason, sorted(forum.relative for forum in refused.value.candidates)) == (reason, candidates)


def test_find_forum_refuses_a_folder_holding_no_forum(sample_repo: Path) -> None:
    (sample_repo / "aarhus-kommune" / "tomt").mkdir()
    with pytest.raises(ForumNotFoundError) as refused:
        Repository(sample_repo).find_forum(sample_repo / "aarhus-kommune" / "tomt")
    assert refused.value.reason == "not_forum"


def test_find_forum_refuses_a_name_two_forums_share(sample_repo: Path) -> None:
    (sample_repo / "lemvig-kommune" / "chefforum").mkdir()
    (sample_repo / "lemvig-kommune" / "chefforum" / "forum.yaml").write_text("name: Chefforum\n", encoding="utf-8")
    with pytest.raises(ForumNotFoundError) as refused:
        Repository(sample_repo).find_forum("Chefforum")
    assert refused.value.reason == "ambiguous"
    found = sorted(forum.relative for forum in refused.value.candidates)
    assert found == ["albertslund-kommune/chefforum", "lemvig-kommune/chefforum"]


def test_the_importer_refuses_a_group_folder_before_writing(sample_repo: Path, minutes_text: Path) -> None:
    before = files_under(sample_repo)
    with pytest.raises(ForumNotFoundError):
        import_files([minutes_text], sample_repo / "aarhus-kommune")
    assert files_under(sample_repo) == before


# --- minutes import --forum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "said"), [("da", "er en mappe med fora, ikke et forum"), ("en", "is a folder of forums, not a forum")]
)
def test_import_into_a_group_folder_is_refused_naming_its_forums(
    language: str, said: str, sample_git_repo: Path, minutes_text: Path, run_minutes: Run
) -> None:
    before = files_under(sample_git_repo)
    result = run_minutes("import", minutes_text, "--forum", "aarhus-kommune", "--lang", language, cwd=sample_git_repo)
    line = one_error_line(result)
    assert said in line and AARHUS_FORUM in line and "Chefteammøde" in line, line
    assert files_under(sample_git_repo) == before
    assert run_minutes("validate", cwd=sample_git_repo).returncode == 0


def test_import_into_a_forum_named_by_its_name(sample_git_repo: Path, minutes_text: Path, run_minutes: Run) -> None:
    result = run_minutes("import", minutes_text, "--forum", "Chefteammøde", cwd=sample_git_repo)
    assert result.returncode == 0, result.stderr
    assert (sample_git_repo / AARHUS_FORUM / "2021-03-04.yaml").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=sample_git_repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""


def test_import_into_an_unknown_forum_lists_the_forums(sample_git_repo: Path, minutes_text: Path, run_minutes: Run) -> None:
    line = one_error_line(run_minutes("import", minutes_text, "--forum", "bestyrelsen", "--lang", "en", cwd=sample_git_repo))
    assert "bestyrelsen: no forum has that name or lives there; the repository's forums:" in line
    assert all(forum in line for forum in FORUMS)


# --- minutes search --forum ----------------------------------------------------------------------------------


def hits_of(run_minutes: Run, cwd: Path, *args: str) -> list[dict]:
    result = run_minutes("search", *args, "--json", "--limit", "100", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("forum", [AARHUS_FORUM, AARHUS_FORUM + "/", "Chefteammøde", "chefteammoede"])
def test_search_forum_takes_a_name_or_its_folder(forum: str, sample_git_repo: Path, run_minutes: Run) -> None:
    everywhere = hits_of(run_minutes, sample_git_repo, "budget")
    only = hits_of(run_minutes, sample_git_repo, "budget", "--forum", forum)
    assert only and only == [hit for hit in everywhere if hit["path"].startswith(AARHUS_FORUM + "/")]


@pytest.mark.parametrize(
    ("forum", "said"),
    [
        ("aarhus", "aarhus: intet forum hedder sådan eller ligger der; mente du: aarhus-kommune/chefteammoede (Chefteammøde)"),
        ("aarhus-kommune", "aarhus-kommune: er en mappe med fora, ikke et forum; mente du: aarhus-kommune/chefteammoede"),
        ("bestyrelsen", "bestyrelsen: intet forum hedder sådan eller ligger der; arkivets fora: aarhus-kommune/chefteammoede"),
    ],
)
def test_search_forum_refuses_what_is_no_forum(forum: str, said: str, sample_git_repo: Path, run_minutes: Run) -> None:
    line = one_error_line(run_minutes("search", "budget", "--forum", forum, cwd=sample_git_repo))
    assert line.startswith(f"minutes: {said}"), line


def test_search_marks_approximate_hits_in_text_and_json(sample_git_repo: Path, run_minutes: Run) -> None:
    hits = hits_of(run_minutes, sample_git_repo, "beslutning")
    marks = [hit["approximate"] for hit in hits]
    assert True in marks and marks == sorted(marks), marks
    for language, words in (("da", "≈ omtrentligt fund"), ("en", "≈ approximate match")):
        text = run_minutes("search", "beslutning", "--limit", "100", "--lang", language, cwd=sample_git_repo)
        places = text.stdout.splitlines()[::2]
        assert [words in line for line in places] == marks, text.stdout
    slutningen = next(hit for hit in hits if "slutningen" in hit["excerpt"] and "beslutning" not in hit["excerpt"].lower())
    assert slutningen["approximate"] is True


def test_search_says_a_person_s_role_in_the_language(sample_git_repo: Path, run_minutes: Run) -> None:
    danish = run_minutes("search", "Jakob Amtorp", "--limit", "1", cwd=sample_git_repo).stdout
    english = run_minutes("search", "Jakob Amtorp", "--limit", "1", "--lang", "en", cwd=sample_git_repo).stdout
    assert "[person: fremlægger]" in danish and "punkt 2" in danish, danish
    assert "[person: presenter]" in english and "point 2" in english, english


@pytest.mark.parametrize(
    ("language", "said"),
    [("da", "ligger ikke i et referatarkiv (ingen minutes.yaml"), ("en", "not inside a minutes repository (no minutes.yaml")],
)
def test_outside_a_repository_the_refusal_is_in_the_language_asked_for(
    language: str, said: str, tmp_path: Path, run_minutes: Run
) -> None:
    (tmp_path / "empty").mkdir()
    line = one_error_line(run_minutes("search", "budget", "--lang", language, cwd=tmp_path / "empty"))
    assert said in line, line
