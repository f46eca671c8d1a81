"""Discovery: finding the repository, its groups, forums and meetings, from the folder tree alone."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from repo_layout import MeetingLoadError, NotARepositoryError, Repository
from repo_layout.yaml import yamlio

TREE = {
    "minutes.yaml": "schema: 1\nname: Ledelsesreferater\nlanguage: en\n",
    "zeta-kommune/group.yaml": "name: Æblerød Kommune\n",
    "zeta-kommune/chefforum/forum.yaml": "name: Chefforum\nlocation: Mødelokale 1\nstanding_points:\n  - Eventuelt\n",
    "zeta-kommune/chefforum/2019-01-10.yaml": "date: 2019-01-10\n",
    "zeta-kommune/chefforum/2019-05-05.yaml": "date: 2019-05-05\n",
    "zeta-kommune/chefforum/2019-05-05-2.yaml": "date: 2019-05-05\n",
    "zeta-kommune/chefforum/2020-02-02.yaml": "date: 2020-02-02\n",
    "zeta-kommune/chefforum/notes.yaml": "not: a meeting\n",
    "zeta-kommune/chefforum/2019-02-30.yaml": "date: 2019-02-30\n",
    "zeta-kommune/borgerservice/afdelingsmoede/forum.yaml": "name: Afdelingsmøde\n",
    "zeta-kommune/borgerservice/afdelingsmoede/2021-03-04.yaml": "date: 2021-03-04\n",
    "alfa-kommune/centerledermoede/forum.yaml": "name: Centerledermøde\n",
    "alfa-kommune/centerledermoede/2020-10-08.yaml": "date: 2020-10-08\n",
    "alfa-kommune/uden-forumfil/2018-04-05.yaml": "date: 2018-04-05\n",
    "alfa-kommune/tom-mappe/README.txt": "a folder with neither meetings nor forums\n",
    ".skjult/forum/forum.yaml": "name: Skjult\n",
    "_kladder/forum/forum.yaml": "name: Kladder\n",
    "docs/notes.md": "not part of the tree\n",
}


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(TREE, minimal=False)


# --- finding the repository -------------------------------------------------------------------


def test_find_from_the_root(repo: Path) -> None:
    assert Repository.find(repo).root == repo


def test_find_searches_upwards_from_a_nested_folder(repo: Path) -> None:
    found = Repository.find(repo / "zeta-kommune/borgerservice/afdelingsmoede")
    assert found.root == repo


def test_find_from_a_meeting_file(repo: Path) -> None:
    assert Repository.find(repo / "zeta-kommune/chefforum/2019-05-05-2.yaml").root == repo


def test_find_accepts_a_string_and_a_relative_path(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "alfa-kommune")
    assert Repository.find("centerledermoede").root == repo
    assert Repository.find().root == repo


def test_find_from_inside_the_git_folder_still_finds_the_repository(repo: Path, git_init) -> None:
    git_init(repo)
    assert Repository.find(repo / ".git" / "objects").root == repo


def test_the_nearest_minutes_yaml_wins(repo: Path) -> None:
    inner = repo / "docs" / "inner"
    inner.mkdir()
    (inner / "minutes.yaml").write_text("name: Indre\n", encoding="utf-8")
    assert Repository.find(inner).root == inner
    assert Repository.find(repo / "docs").root == repo


def test_outside_any_repository(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "deeper"
    outside.mkdir(parents=True)
    with pytest.raises(NotARepositoryError) as raised:
        Repository.find(outside)
    assert "minutes.yaml" in str(raised.value)


def test_a_missing_path_is_not_a_repository(repo: Path) -> None:
    with pytest.raises(NotARepositoryError) as raised:
        Repository.find(repo / "no-such-folder")
    assert "no such file or folder" in str(raised.value)


def test_a_folder_named_minutes_yaml_is_not_the_marker(tmp_path: Path) -> None:
    (tmp_path / "x" / "minutes.yaml").mkdir(parents=True)
    with pytest.raises(NotARepositoryError):
        Repository.find(tmp_path / "x")


# --- the tree -----------------------------------------------------------------------------------


def test_config_from_minutes_yaml(repo: Path) -> None:
    config = Repository(repo).config
    assert (config.name, config.language, config.schema) == ("Ledelsesreferater", "en", 1)
    assert Repository(repo).tree.name == "Ledelsesreferater"


def test_config_defaults(make_repo) -> None:
    root = make_repo({"minutes.yaml": "language: fr\n"}, name="tomt-arkiv", minimal=False)
    config = Repository(root).config
    assert (config.name, config.language, config.schema) == ("tomt-arkiv", "da", 1)


def test_groups_and_forums_come_from_the_folders(repo: Path) -> None:
    tree = Repository(repo).tree
    # sorted by display name: "alfa-kommune" (no group.yaml) before "Æblerød Kommune"
    assert [group.name for group in tree.groups] == ["alfa-kommune", "Æblerød Kommune"]
    assert tree.forums == []
    alfa, zeta = tree.groups
    assert [forum.name for forum in alfa.forums] == ["Centerledermøde", "uden-forumfil"]
    assert alfa.groups == []
    assert [forum.name for forum in zeta.forums] == ["Chefforum"]
    assert [group.name for group in zeta.groups] == ["borgerservice"]
    assert [forum.name for forum in zeta.groups[0].forums] == ["Afdelingsmøde"]


def test_hidden_underscore_and_empty_folders_are_not_in_the_tree(repo: Path) -> None:
    repository = Repository(repo)
    names = {forum.name for forum in repository.forums()}
    assert names == {"Centerledermøde", "uden-forumfil", "Chefforum", "Afdelingsmøde"}
    relatives = {forum.relative for forum in repository.forums()}
    assert not any(part.startswith((".", "_")) for relative in relatives for part in relative.split("/"))
    assert "alfa-kommune/tom-mappe" not in relatives


def test_a_forum_without_forum_yaml_is_named_by_its_folder(repo: Path) -> None:
    forum = next(forum for forum in Repository(repo).forums() if forum.relative == "alfa-kommune/uden-forumfil")
    assert not forum.has_forum_file
    assert forum.name == "uden-forumfil"
    assert [ref.name for ref in forum.meetings()] == ["2018-04-05.yaml"]


def test_forum_info_from_forum_yaml(repo: Path) -> None:
    forum = next(forum for forum in Repository(repo).forums() if forum.name == "Chefforum")
    assert forum.has_forum_file
    assert forum.info.location == "Mødelokale 1"
    assert forum.info.standing_points == ["Eventuelt"]
    assert forum.relative == "zeta-kommune/chefforum"


def test_meetings_newest_first_with_same_day_meetings(repo: Path) -> None:
    forum = next(forum for forum in Repository(repo).forums() if forum.name == "Chefforum")
    refs = forum.meetings()
    assert [ref.name for ref in refs] == ["2020-02-02.yaml", "2019-05-05-2.yaml", "2019-05-05.yaml", "2019-01-10.yaml"]
    assert [(ref.date, ref.sequence) for ref in refs] == [
        (dt.date(2020, 2, 2), 1),
        (dt.date(2019, 5, 5), 2),
        (dt.date(2019, 5, 5), 1),
        (dt.date(2019, 1, 10), 1),
    ]
    assert [ref.label for ref in refs] == ["2020-02-02", "2019-05-05 (2)", "2019-05-05", "2019-01-10"]
    assert all(ref.path.parent == forum.path for ref in refs)


def test_stray_files_are_not_meetings(repo: Path) -> None:
    forum = next(forum for forum in Repository(repo).forums() if forum.name == "Chefforum")
    assert [path.name for path in forum.stray_files()] == ["notes.yaml"]
    assert "notes.yaml" not in [ref.name for ref in forum.meetings()]
    assert "2019-02-30.yaml" not in [ref.name for ref in forum.meetings()]


def test_forum_of_and_relative(repo: Path) -> None:
    repository = Repository(repo)
    meeting = repo / "zeta-kommune/borgerservice/afdelingsmoede/2021-03-04.yaml"
    assert repository.forum_of(meeting).name == "Afdelingsmøde"
    assert repository.forum_of(repo / "docs/notes.md") is None
    assert repository.relative(meeting) == "zeta-kommune/borgerservice/afdelingsmoede/2021-03-04.yaml"


def test_the_tree_is_cached_until_refresh(repo: Path) -> None:
    repository = Repository(repo)
    assert len(repository.forums()) == 4
    new_forum = repo / "alfa-kommune" / "nyt-forum"
    new_forum.mkdir()
    (new_forum / "forum.yaml").write_text("name: Nyt forum\n", encoding="utf-8")
    assert len(repository.forums()) == 4
    repository.refresh()
    assert "Nyt forum" in {forum.name for forum in repository.forums()}


def test_a_meeting_is_parsed_when_asked(repo: Path) -> None:
    repository = Repository(repo)
    meeting = repository.load_meeting(repo / "alfa-kommune/centerledermoede/2020-10-08.yaml")
    assert meeting.date == dt.date(2020, 10, 8)
    (repo / "alfa-kommune/centerledermoede/2020-10-08.yaml").write_text("date: [broken\n", encoding="utf-8")
    with pytest.raises(MeetingLoadError):
        repository.load_meeting(repo / "alfa-kommune/centerledermoede/2020-10-08.yaml")


def test_the_sample_repository_tree(sample_repo: Path) -> None:
    repository = Repository.find(sample_repo / "albertslund-kommune" / "chefforum")
    assert [group.name for group in repository.tree.groups] == [
        "Aarhus Kommune",
        "Albertslund Kommune",
        "Lemvig Kommune",
        "SL, ledersektionen",
    ]
    meetings = {forum.name: [ref.name for ref in forum.meetings()] for forum in repository.forums()}
    assert meetings == {
        "Chefteammøde": ["2021-10-14.yaml"],
        "Chefforum": ["2019-10-24.yaml", "2015-04-23.yaml"],
        "Centerledermøde": ["2020-10-08.yaml"],
        "Årsmøde i ledersektionen": ["2018-04-05.yaml"],
    }


# --- listing reads no meeting file --------------------------------------------------------------

INVALID = b"date: [\x00\xff\xfe not yaml at all: : :\n\t- - -"


def _meeting_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*.yaml") if path.name[:1].isdigit()]


def test_listing_works_when_every_meeting_file_is_garbage(repo: Path) -> None:
    """Names, dates and paths come from the tree: a meeting's contents are not needed to list it."""
    for path in _meeting_files(repo):
        path.write_bytes(INVALID)
    repository = Repository(repo)
    listing = {forum.name: [ref.label for ref in forum.meetings()] for forum in repository.forums()}
    assert listing == {
        "Centerledermøde": ["2020-10-08"],
        "uden-forumfil": ["2018-04-05"],
        "Chefforum": ["2020-02-02", "2019-05-05 (2)", "2019-05-05", "2019-01-10"],
        "Afdelingsmøde": ["2021-03-04"],
    }
    assert [group.name for group in repository.tree.groups] == ["alfa-kommune", "Æblerød Kommune"]


def test_listing_opens_no_meeting_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Count every file read (through yamlio and through io.open) while the tree is listed."""
    read: list[Path] = []
    real_read_text = yamlio.read_text
    real_open = io.open

    def counting_read_text(path: Path) -> str:
        read.append(Path(path))
        return real_read_text(path)

    def counting_open(file, *args, **kwargs):
        if isinstance(file, str | Path):
            read.append(Path(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(yamlio, "read_text", counting_read_text)
    monkeypatch.setattr(io, "open", counting_open)
    repository = Repository.find(repo / "zeta-kommune")
    _ = repository.config.name
    for group in repository.tree.groups:
        _ = group.name
    for forum in repository.forums():
        _ = (forum.name, forum.info, forum.has_forum_file, forum.meetings(), forum.stray_files())
    monkeypatch.undo()

    meeting_files = set(_meeting_files(repo))
    assert read, "the counter saw nothing: the test would prove nothing"
    assert {path.name for path in read} <= {"minutes.yaml", "group.yaml", "forum.yaml"}
    assert not meeting_files.intersection(path.resolve() for path in read)

    # and parsing one meeting reads exactly that file
    read.clear()
    monkeypatch.setattr(yamlio, "read_text", counting_read_text)
    repository.load_meeting(repo / "alfa-kommune/centerledermoede/2020-10-08.yaml")
    assert read == [repo / "alfa-kommune/centerledermoede/2020-10-08.yaml"]
