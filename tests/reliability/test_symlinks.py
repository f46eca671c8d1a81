"""Nothing outside the repository is read, published or written through a symbolic link.

Links planted in a repository (a meeting file, a forum folder, a forum.yaml pointing outside; a meeting file and
a folder pointing elsewhere inside; a link committed to git) and in an export folder (a page, a subfolder), and
import targets inside .git or through a link out. A case holds when the linked content appears in no output
(validate, search, the site, the app), the link is named as a problem, and every file outside is byte-identical
afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git_env, run_git
from pilot_wait import settle
from rich.text import Text
from textual.widgets import Static

from repo_layout.boundary import link_problem, outside_repository
from repo_layout.export.site import ExportTargetError, export_site
from repo_layout.importing.importer import checked_forum_folder, import_files
from repo_layout.importing.report import ImportFailure
from repo_layout.model.discover import Repository
from repo_layout.model.loading import MeetingLoadError
from repo_layout.model.summary import summarize
from repo_layout.model.validate import validate_repository
from repo_layout.search.cache import list_meetings
from repo_layout.search.index import SearchIndex
from tui.app import make_app
from tui.widgets.forum_tree import ForumTree
from tui.widgets.meeting_view import MeetingView

MINUTES = Path(sys.executable).parent / "minutes"
FORUM = "org/forum"
SECRET = "Hemmeligstrudel"
SECRET_MEETING = (
    f"date: 2030-01-01\ntitle: {SECRET} titel\npoints:\n  - title: {SECRET} punkt\n    decision: {SECRET} besluttet.\n"
)
GOOD = "date: 2020-01-01\ntitle: Godt møde\npoints:\n  - title: Budget\n    decision: Zebrafinken blev godkendt.\n"
MINUTES_TEXT = "Referat af mødet\n\nDato: 5. maj 2030\n\nPunkt 1: Budget\nBudgettet blev godkendt.\n"


@pytest.fixture(autouse=True)
def _app_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository: a forum of secret meetings, and a file to be overwritten."""
    folder = tmp_path / "outside"
    (folder / "forum").mkdir(parents=True)
    (folder / "forum" / "forum.yaml").write_text(f"name: {SECRET} forum\n", encoding="utf-8")
    (folder / "forum" / "2030-01-01.yaml").write_text(SECRET_MEETING, encoding="utf-8")
    (folder / "2030-01-01.yaml").write_text(SECRET_MEETING, encoding="utf-8")
    (folder / "victim.html").write_text("the victim's own page\n", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes (links not followed)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def repo(tmp_path: Path, outside: Path) -> Path:
    """A git repository whose forum holds a good meeting and links out: a meeting file, a forum folder, a forum.yaml."""
    root = tmp_path / "repo"
    (root / FORUM).mkdir(parents=True)
    (root / "minutes.yaml").write_text("schema: 1\nname: Links\nlanguage: da\n", encoding="utf-8")
    (root / "org/group.yaml").write_text("name: Org\n", encoding="utf-8")
    (root / FORUM / "forum.yaml").write_text("name: Forum\n", encoding="utf-8")
    (root / FORUM / "2020-01-01.yaml").write_text(GOOD, encoding="utf-8")
    (root / "org/other").mkdir()
    (root / "org/other/forum.yaml").write_text("name: Andet\n", encoding="utf-8")
    (root / "org/other/2020-02-02.yaml").write_text(GOOD.replace("2020-01-01", "2020-02-02"), encoding="utf-8")
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "--message", "initial")
    os.symlink(outside / "2030-01-01.yaml", root / FORUM / "2030-01-01.yaml")
    os.symlink(outside / "forum", root / "org" / "linked-forum")
    os.symlink(outside / "forum" / "forum.yaml", root / "org/other" / "forum.yaml.tmp")
    os.replace(root / "org/other" / "forum.yaml.tmp", root / "org/other" / "forum.yaml")
    return root


LINKED_MEETING = f"{FORUM}/2030-01-01.yaml"


def test_outside_repository_decides_by_the_resolved_path(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / ".git").mkdir(parents=True)
    (root / "a").mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "out", root / "a" / "link")
    os.symlink("../../out/x.yaml", root / "a" / "f.yaml")
    os.symlink("../a", root / "a" / "inner")
    cases = {
        "a/x.yaml": False, "a/inner/x.yaml": False, "a/../a/y": False, ".": False,
        "a/link/x.yaml": True, "a/f.yaml": True, ".git/x": True, ".git": True, "../out": True, str(tmp_path / "out"): True,
    }
    for relative, expected in cases.items():
        assert outside_repository(root, Path(relative)) is expected, relative
        assert outside_repository(root, root / relative) is expected, relative


def test_validate_names_each_link_and_reads_none(repo: Path, outside: Path) -> None:
    before = snapshot(outside)
    problems = validate_repository(Repository(repo))
    found = {problem.path.relative_to(repo).as_posix(): problem for problem in problems}
    assert "points outside the repository" in found[LINKED_MEETING].message and found[LINKED_MEETING].is_error
    assert "points outside the repository" in found["org/linked-forum"].message and found["org/linked-forum"].is_error
    assert "points outside the repository" in found["org/other/forum.yaml"].message
    assert all(SECRET not in str(problem) for problem in problems)
    result = subprocess.run([MINUTES, "validate", str(repo)], capture_output=True, text=True, check=False, env=git_env())
    assert result.returncode == 1
    assert f"{LINKED_MEETING}:1:1: points outside the repository" in result.stdout
    assert SECRET not in result.stdout + result.stderr
    assert snapshot(outside) == before


def test_the_tree_marks_the_link_broken_and_never_lists_the_linked_forum(repo: Path) -> None:
    repository = Repository(repo)
    forums = {forum.relative: forum for forum in repository.forums()}
    assert "org/linked-forum" not in forums
    assert forums["org/other"].name == "other"  # its forum.yaml is a link out: not read, the folder's name instead
    refs = {ref.path.name: ref for ref in forums[FORUM].meetings()}
    summary = summarize(refs["2030-01-01.yaml"])
    assert summary.broken and summary.title is None and "outside" in (summary.reason or "")
    with pytest.raises(MeetingLoadError):
        repository.load_meeting(repo / LINKED_MEETING)
    assert [path.name for path, _ in repository.linked_folders()] == ["linked-forum"]


def test_search_indexes_nothing_through_a_link(repo: Path, tmp_path: Path) -> None:
    index = SearchIndex.build(Repository(repo), cache_dir=tmp_path / "cache")
    assert index.search(SECRET.lower()) == []
    assert sorted(hit.path for hit in index.search("zebrafinken")) == [f"{FORUM}/2020-01-01.yaml", "org/other/2020-02-02.yaml"]
    assert all(SECRET not in text for text in index._r_text)
    assert LINKED_MEETING not in {meeting.path for meeting in list_meetings(Repository(repo)).meetings}
    result = subprocess.run([MINUTES, "search", SECRET.lower()], capture_output=True, text=True, check=False, env=git_env(),
                            cwd=repo)
    assert result.returncode == 0 and SECRET not in result.stdout


def test_a_link_committed_to_git_is_not_indexed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / FORUM).mkdir(parents=True)
    (root / "minutes.yaml").write_text("schema: 1\nname: Links\n", encoding="utf-8")
    (root / FORUM / "forum.yaml").write_text("name: Forum\n", encoding="utf-8")
    (root / FORUM / "2020-01-01.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(SECRET_MEETING, encoding="utf-8")
    os.symlink(tmp_path / "secret.yaml", root / FORUM / "2030-01-01.yaml")
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "--message", "a link committed")
    assert run_git(root, "ls-files", "-s", f"{FORUM}/2030-01-01.yaml").startswith("120000")
    index = SearchIndex.build(Repository(root), cache_dir=tmp_path / "cache")
    assert index.search(SECRET.lower()) == []
    assert index.meeting_count == 1


def test_the_site_publishes_nothing_through_a_link(repo: Path, tmp_path: Path, outside: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run([MINUTES, "export", str(repo), "-o", str(site)], capture_output=True, text=True, check=False,
                            env=git_env())
    assert result.returncode == 0, result.stderr
    assert f"sprang over {LINKED_MEETING}" in result.stderr
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8"), path
    assert not (site / FORUM / "2030-01-01.html").exists()
    assert not (site / "org/linked-forum").exists()
    assert (site / FORUM / "2020-01-01.html").is_file()
    assert "2030-01-01.yaml" in (site / "index.html").read_text(encoding="utf-8")  # listed as broken, nothing of it shown


def test_exporting_the_linked_meeting_itself_is_refused(repo: Path) -> None:
    for fmt in ("md", "html", "txt"):
        result = subprocess.run([MINUTES, "export", str(repo / LINKED_MEETING), "--format", fmt], capture_output=True, text=True,
                                check=False, env=git_env())
        assert result.returncode == 2 and result.stdout == ""
        assert "points outside the repository" in result.stderr and SECRET not in result.stderr


def test_opening_the_linked_meeting_from_the_command_line_is_refused_by_name(repo: Path) -> None:
    result = subprocess.run([MINUTES, str(repo / LINKED_MEETING)], capture_output=True, text=True, check=False, env=git_env())
    assert result.returncode == 2 and result.stdout == ""
    assert "points outside the repository" in result.stderr and SECRET not in result.stderr
    assert "ligger ikke i et referatarkiv" not in result.stderr


def test_a_link_to_another_place_inside_is_not_read_twice(repo: Path) -> None:
    os.symlink("2020-01-01.yaml", repo / FORUM / "2020-03-03.yaml")
    os.symlink("other", repo / "org" / "inner-forum")
    problems = {problem.path.relative_to(repo).as_posix(): problem for problem in validate_repository(Repository(repo))}
    assert "another place in the repository" in problems[f"{FORUM}/2020-03-03.yaml"].message
    assert problems["org/inner-forum"].severity == "warning"
    assert link_problem(repo / FORUM / "2020-03-03.yaml") is not None and link_problem(repo / FORUM / "2020-01-01.yaml") is None
    forums = [forum.relative for forum in Repository(repo).forums()]
    assert "org/inner-forum" not in forums


def test_a_link_planted_in_the_export_folder_is_replaced_not_followed(repo: Path, tmp_path: Path, outside: Path) -> None:
    before = snapshot(outside)
    site = tmp_path / "site"
    (site / FORUM).mkdir(parents=True)
    os.symlink(outside / "victim.html", site / "index.html")
    os.symlink(outside / "victim.html", site / FORUM / "2020-01-01.html")
    os.symlink(outside / "missing.html", site / "decisions.html")  # a dangling link: not made through either
    result = subprocess.run([MINUTES, "export", str(repo), "-o", str(site)], capture_output=True, text=True, check=False,
                            env=git_env())
    assert result.returncode == 0, result.stderr
    for name in ("index.html", f"{FORUM}/2020-01-01.html", "decisions.html"):
        assert not (site / name).is_symlink() and "<html" in (site / name).read_text(encoding="utf-8")
    assert snapshot(outside) == before
    assert not (outside / "missing.html").exists()


def test_a_linked_folder_in_the_export_folder_is_refused_and_nothing_written(repo: Path, tmp_path: Path, outside: Path) -> None:
    before = snapshot(outside)
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(outside, site / "org")
    result = subprocess.run([MINUTES, "export", str(repo), "-o", str(site)], capture_output=True, text=True, check=False,
                            env=git_env())
    assert result.returncode == 2
    assert "site/org: is a symbolic link" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(outside) == before
    assert sorted(path.name for path in site.iterdir()) == ["org"]
    with pytest.raises(ExportTargetError):
        export_site(Repository(repo), site)
    assert snapshot(outside) == before


def test_a_single_export_onto_a_link_replaces_the_link_only(repo: Path, tmp_path: Path, outside: Path) -> None:
    before = snapshot(outside)
    os.symlink(outside / "victim.html", tmp_path / "out.html")
    result = subprocess.run([MINUTES, "export", str(repo / FORUM / "2020-01-01.yaml"), "-o", str(tmp_path / "out.html")],
                            capture_output=True, text=True, check=False, env=git_env())
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out.html").is_symlink() and "Zebrafinken" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert snapshot(outside) == before


@pytest.mark.parametrize("target", [".git", ".git/objects", "org/linked-forum", "org/linked-forum/../linked-forum"])
def test_import_refuses_git_and_links_out(repo: Path, tmp_path: Path, outside: Path, target: str) -> None:
    source = tmp_path / "referat.txt"
    source.write_text(MINUTES_TEXT, encoding="utf-8")
    before_outside, before_git = snapshot(outside), snapshot(repo / ".git")
    command = [MINUTES, "import", str(source), "--forum", target, "--no-commit", "--lang", "en"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=git_env(), cwd=repo)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "inside a .git folder" in result.stderr or "outside" in result.stderr
    assert snapshot(outside) == before_outside
    assert snapshot(repo / ".git") == before_git
    with pytest.raises(ImportFailure):
        import_files([source], repo / target)
    with pytest.raises(ImportFailure):
        checked_forum_folder(repo / target)


def test_import_into_the_forum_itself_still_works(repo: Path, tmp_path: Path) -> None:
    source = tmp_path / "referat.txt"
    source.write_text(MINUTES_TEXT, encoding="utf-8")
    assert checked_forum_folder(repo / FORUM) == (repo / FORUM).resolve()
    result = subprocess.run([MINUTES, "import", str(source), "--forum", FORUM, "--no-commit"], capture_output=True, text=True,
                            check=False, env=git_env(), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert (repo / FORUM / "2030-05-05.yaml").is_file()


def view_text(app: object) -> str:
    view = app.screen.query_one(MeetingView)  # type: ignore[attr-defined]
    return "\n".join(
        static.content.plain if isinstance(static.content, Text) else str(static.content) for static in view.query(Static)
    )


def leaf(tree: ForumTree, path: Path) -> object:
    """The tree's leaf of a meeting by its path as listed (the tree's own find_meeting resolves links, so it finds no link)."""
    stack = [tree.root]
    while stack:
        node = stack.pop()
        summary = getattr(node.data, "summary", None)
        if summary is not None and summary.path == path:
            return node
        stack.extend(node.children)
    return None


async def test_the_app_shows_the_link_as_a_problem_and_cannot_save_through_it(repo: Path, outside: Path) -> None:
    before = snapshot(outside)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(ForumTree)
        assert tree.reveal(repo / FORUM / "2020-01-01.yaml")  # opens the forum; its newest year (2030) opens as it would
        await settle(pilot, lambda: "Zebrafinken" in view_text(app) and leaf(tree, repo / LINKED_MEETING) is not None)
        tree.move_cursor(leaf(tree, repo / LINKED_MEETING))  # the cursor on the link, as the arrow keys put it
        await settle(pilot, lambda: "points outside the repository" in view_text(app))
        assert SECRET not in view_text(app)
        node = leaf(tree, repo / LINKED_MEETING)
        assert node is not None and "⚠" in str(node.label) and SECRET not in str(node.label)
        assert app.screen.session is None  # type: ignore[attr-defined]
        await pilot.press("ctrl+s", "e")
        await pilot.pause(0.2)
        assert tree.reveal(repo / FORUM / "2020-01-01.yaml")
        await settle(pilot, lambda: "Zebrafinken blev godkendt." in view_text(app))
    assert snapshot(outside) == before
