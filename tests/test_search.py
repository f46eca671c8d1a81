"""Search: folding, filters, phrases, excerpts, people, the decision log, open actions, and the index cache on disk.

Real files in tmp_path and real git repositories made with the git binary; nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AARHUS, BUDGET, LEMVIG, LULS, SAMPLE_REPO, SL

from repo_layout.model.discover import Repository
from repo_layout.search import cache as search_cache
from repo_layout.search.index import Hit, SearchIndex, parse_query
from repo_layout.search.textfold import FoldMap, fold, query_tokens, words
from repo_layout.yaml import yamlio


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Repositories outside git keep their index cache in tmp_path, never in the user's cache folder."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(folder))
    return folder


def build(root: Path, **options: object) -> SearchIndex:
    """An index of the repository at root, through the public entry point."""
    return SearchIndex.build(Repository(root), **options)  # type: ignore[arg-type]


def places(hits: list[Hit]) -> list[tuple[str, int | None]]:
    """(path, point) of each hit, in order."""
    return [(hit.path, hit.point) for hit in hits]


def meeting(title: str, points: str, extra: str = "") -> str:
    """A meeting file's text with the given points block."""
    return f"title: {title}\ndate: 2020-01-01\nstatus: approved\n{extra}points:\n{points}"


# --- folding ---------------------------------------------------------------

def test_fold_spells_out_danish_letters_and_strips_other_accents() -> None:
    assert fold("Åben Anonym Rådgivning") == "aaben anonym raadgivning"
    assert fold("ÆRØ Økonomi") == "aeroe oekonomi"
    assert fold("Crème Brûlée Straße") == "creme brulee strasse"
    assert fold("Aaben anonym raadgivning") == fold("Åben Anonym Rådgivning")


def test_fold_map_leads_back_to_the_original_characters() -> None:
    text = "Møde om Åben Rådgivning – café"
    mapping = FoldMap(text)
    assert mapping.folded == fold(text)
    start = mapping.folded.index("raadgivning")
    end = start + len("raadgivning")
    assert text[mapping.original(start) : mapping.original_end(end)] == "Rådgivning"
    start = mapping.folded.index("cafe")
    assert text[mapping.original(start) : mapping.original_end(start + 4)] == "café"


def test_words_keep_case_numbers_whole_as_well_as_their_pieces() -> None:
    found = words(fold("Sag 81.16.00-P23-1-16 og 14/6833 om LULS-konceptet."))
    assert {"81.16.00-p23-1-16", "14/6833", "luls-konceptet", "luls", "konceptet", "6833"} <= found
    assert query_tokens(fold("14/6833 ledelse")) == [("14/6833", ["14", "6833"]), ("ledelse", ["ledelse"])]


def test_query_filters_phrases_and_words_are_told_apart() -> None:
    query = parse_query('forum:Chefforum year:2015-2016 case:14/6833 "det nye ledelsesgrundlag" Økonomi')
    assert query.forums == ["chefforum"]
    assert query.years == [(2015, 2016)]
    assert query.cases == ["14/6833"]
    assert query.phrases == [("det nye ledelsesgrundlag", True)]
    assert [word for word, _ in query.words] == ["det", "nye", "ledelsesgrundlag", "oekonomi"]
    assert query.words[-1] == ("oekonomi", True)  # the last word, still being typed


# --- searching ---------------------------------------------------------------

def test_matching_ignores_case_and_danish_spellings(sample_index: SearchIndex) -> None:
    for query in ("Aaben anonym raadgivning", "ÅBEN ANONYM RÅDGIVNING", "åben anonym rådgivning"):
        assert places(sample_index.search(query, limit=1)) == [(LEMVIG, 6)]


def test_a_typo_still_finds_the_word(sample_index: SearchIndex) -> None:
    hits = sample_index.search("ledelsgrundlag", limit=5)
    assert {(LEMVIG, 2), (LULS, 4)} <= set(places(hits[:3]))
    assert all("ledelsesgrundlag" in fold(hit.excerpt) for hit in hits)


def test_filters_restrict_by_forum_year_and_case(sample_index: SearchIndex) -> None:
    hits = sample_index.search("ledelsesgrundlag forum:chefforum")
    assert hits and {hit.forum for hit in hits} == {"Chefforum"}
    by_folder = sample_index.search("ledelsesgrundlag forum:centerleder")
    assert by_folder and {hit.path for hit in by_folder} == {LEMVIG}
    assert {hit.path for hit in sample_index.search("ledelsesgrundlag", forum="lemvig")} == {LEMVIG}
    years = sample_index.search("sygefravær year:2021")
    assert years and {hit.date.year for hit in years} == {2021}
    cases = sample_index.search("case:14/6833")
    assert places(cases) == [(BUDGET, 3), (BUDGET, 4)]
    assert places(sample_index.search("mentor case:14/6833"))[0] == (BUDGET, 4)
    assert sample_index.search("ledelsesgrundlag year:1999") == []


def test_a_case_number_finds_its_points(sample_index: SearchIndex) -> None:
    hits = sample_index.search("81.16.00-P23-1-16")
    assert places(hits[:1]) == [(LULS, 3)]
    assert hits[0].field == "case" and hits[0].excerpt == "81.16.00-P23-1-16" and hits[0].spans == ((0, 17),)


def test_quoted_phrase_ranks_exact_matches_first(make_repo: Callable[..., Path]) -> None:
    root = make_repo(
        {
            "org/forum/2020-01-01.yaml": meeting(
                "Møde", "  - number: 1\n    title: Grundlag for god ledelse\n    decision: |\n      Drøftet.\n"
            ),
            "org/forum/2020-02-01.yaml": meeting(
                "Møde",
                "  - number: 1\n    title: Evaluering\n    sections:\n      Baggrund: |\n"
                "        Vi fik et nyt grundlag for ledelse i kommunen.\n",
            ).replace("2020-01-01", "2020-02-01"),
        }
    )
    index = build(root, use_cache=False)
    loose = index.search("grundlag for ledelse")
    assert places(loose)[0] == ("org/forum/2020-01-01.yaml", 1)
    exact = index.search('"grundlag for ledelse"')
    assert places(exact)[0] == ("org/forum/2020-02-01.yaml", 1)
    assert exact[0].score > exact[1].score
    assert exact[0].excerpt[slice(*exact[0].spans[0])] == "grundlag for ledelse"


def test_a_word_spelled_right_lists_its_exact_hits_before_the_approximate_ones(make_repo: Callable[..., Path]) -> None:
    root = make_repo(
        {
            # a short title, a naming field: "slutningen" (a typo apart from "beslutning") would score highest
            "org/forum/2020-01-01.yaml": meeting("Møde", "  - number: 1\n    title: Slutningen\n"),
            "org/forum/2020-02-01.yaml": meeting(
                "Møde",
                "  - number: 1\n    title: Budget\n    sections:\n      Baggrund: |\n"
                "        Forvaltningen udarbejder et oplæg om budgettets rammer for de kommende fire år, med tal for\n"
                "        skoler, ældreområdet og kultur, og den endelige beslutning træffes i byrådet til efteråret,\n"
                "        når de politiske forhandlinger om næste års budget er afsluttet.\n",
            ).replace("2020-01-01", "2020-02-01"),
        }
    )
    hits = build(root, use_cache=False).search("beslutning")
    assert places(hits) == [("org/forum/2020-02-01.yaml", 1), ("org/forum/2020-01-01.yaml", 1)]
    assert [hit.approximate for hit in hits] == [False, True]
    assert hits[1].score > hits[0].score, "the approximate hit ranks second although its likeness scores higher"
    assert hits[0].as_json()["approximate"] is False and hits[1].as_json()["approximate"] is True


def test_a_misspelled_word_finds_approximate_hits_ranked_as_usual(sample_index: SearchIndex) -> None:
    hits = sample_index.search("telefonpoltik", limit=3)
    assert places(hits[:1]) == [(BUDGET, 5)]
    assert all(hit.approximate for hit in hits)
    assert not any(hit.approximate for hit in sample_index.search("telefonpolitik", limit=3))


def test_a_prefix_is_an_exact_hit_not_an_approximate_one(sample_index: SearchIndex) -> None:
    hits = sample_index.search("sygefravær", limit=10)
    assert hits and not any(hit.approximate for hit in hits if "sygefravaer" in fold(hit.excerpt))


def test_excerpt_is_short_and_spans_point_at_the_matching_words(sample_index: SearchIndex) -> None:
    hit = sample_index.search("smykkepolitiet risikobaserede", limit=1)[0]
    assert (hit.path, hit.point, hit.field, hit.heading) == (SL, 1, "section", "Referat")
    assert len(hit.excerpt) <= 165 and hit.excerpt.startswith("…") and hit.excerpt.endswith("…")
    highlighted = [hit.excerpt[start:end] for start, end in hit.spans]
    assert highlighted == ["smykkepolitiet", "risikobaserede"]
    hit = sample_index.search("Aaben anonym raadgivning", limit=1)[0]
    assert [hit.excerpt[start:end] for start, end in hit.spans] == ["Åben", "Anonym", "Rådgivning"]
    assert hit.excerpt == "Manual til Åben Anonym Rådgivning" and hit.point_title == hit.excerpt


def test_people_are_found_in_every_role(sample_index: SearchIndex) -> None:
    taker = sample_index.search("Dorte Nederskov", limit=1)[0]
    assert (taker.path, taker.point, taker.field, taker.heading) == (SL, None, "person", "minute_taker")
    absent = sample_index.search("Ida Byrge Sørensen", limit=1)[0]
    assert (absent.path, absent.point, absent.field, absent.heading) == (BUDGET, None, "person", "absent")
    presenter = sample_index.search("Jakob Amtorp", limit=1)[0]
    assert (presenter.path, presenter.point, presenter.heading) == (AARHUS, 2, "presenter")
    owner = sample_index.search("Eigil", limit=1)[0]
    assert (owner.path, owner.field, owner.heading) == (LEMVIG, "person", "owner")


def test_forums_are_found_by_name_and_listed(sample_index: SearchIndex) -> None:
    hit = sample_index.search("aarsmoede", limit=1)[0]
    assert (hit.field, hit.forum, hit.path, hit.point) == ("forum", "Årsmøde i ledersektionen", SL, None)
    assert sorted(sample_index.forums()) == ["Centerledermøde", "Chefforum", "Chefteammøde", "Årsmøde i ledersektionen"]


def test_hits_say_where_they_are(sample_index: SearchIndex) -> None:
    hit = sample_index.search("Specialplejehjem", limit=1)[0]
    assert hit.as_json() == {
        "path": AARHUS,
        "date": "2021-10-14",
        "forum": "Chefteammøde",
        "point": 4,
        "point_title": "Budgetforlig 2022",
        "field": "decision",
        "heading": None,
        "score": hit.score,
        "excerpt": hit.excerpt,
        "spans": [list(span) for span in hit.spans],
        "approximate": False,
    }
    assert 0 < hit.score <= 100 and hit.date == dt.date(2021, 10, 14)


def test_nothing_is_found_for_nothing(sample_index: SearchIndex) -> None:
    assert sample_index.search("") == []
    assert sample_index.search("   ") == []
    assert sample_index.search("qwxzv") == []
    assert sample_index.search("ledelsesgrundlag", limit=0) == []


def test_every_prefix_of_a_query_can_be_searched(sample_index: SearchIndex) -> None:
    query = 'forum:chef "det personlige" ledelsgrundl 14/68'
    for end in range(1, len(query) + 1):
        for hit in sample_index.search(query[:end]):
            assert all(0 <= start < stop <= len(hit.excerpt) for start, stop in hit.spans)


# --- decision log and actions -------------------------------------------------

def test_decisions_newest_first_with_their_places(sample_index: SearchIndex) -> None:
    decisions = sample_index.decisions()
    assert len(decisions) == 27
    dates = [row.date for row in decisions]
    assert dates == sorted(dates, reverse=True)
    first = decisions[0]
    assert (first.path, first.date, first.forum, first.point, first.point_title) == (
        AARHUS, dt.date(2021, 10, 14), "Chefteammøde", 1, "Status på Sygefravær"
    )
    assert first.text.startswith("Chefteamet tog status til efterretning.")
    assert [row.point for row in decisions if row.path == AARHUS] == [1, 2, 4, 5, 6]
    assert [row.point for row in sample_index.decisions(forum="chefforum", start=dt.date(2016, 1, 1))] == [1, 2, 3, 4, 5, 6, 7]
    assert [(row.path, row.point) for row in sample_index.decisions(text="sundhedsplejersker")] == [(LEMVIG, 6)]


def test_open_actions_leave_out_done_ones_and_sort_by_due_date(make_repo: Callable[..., Path]) -> None:
    points = """  - number: 1
    title: Opfølgning
    actions:
      - task: Skriv notat
        owner: Helle
        due: 2020-03-01
        done: false
      - task: Allerede gjort
        owner: Søren
        due: 2020-01-15
        done: true
      - task: Uden frist
        done: false
      - task: Ring til KL
        owner: Egil
        due: 2020-02-01
        done: false
"""
    root = make_repo({"org/forum/2020-01-01.yaml": meeting("Møde", points)})
    actions = build(root, use_cache=False).open_actions()
    assert [(row.task, row.owner, row.due, row.index) for row in actions] == [
        ("Ring til KL", "Egil", dt.date(2020, 2, 1), 3),
        ("Skriv notat", "Helle", dt.date(2020, 3, 1), 0),
        ("Uden frist", None, None, 2),
    ]
    first = actions[0]
    assert (first.path, first.date, first.forum, first.point, first.point_title, first.done) == (
        "org/forum/2020-01-01.yaml", dt.date(2020, 1, 1), "Forummet", 1, "Opfølgning", False
    )


def test_sample_open_actions(sample_index: SearchIndex) -> None:
    actions = sample_index.open_actions()
    assert len(actions) == 8 and all(not row.done and row.due is None for row in actions)
    assert [row.date for row in actions] == sorted(row.date for row in actions)


# --- reading files --------------------------------------------------------------

def test_the_fast_reader_agrees_with_load_fast_on_every_sample_meeting() -> None:
    for path in sorted(SAMPLE_REPO.rglob("20*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert search_cache.extract(search_cache.load_plain(text)) == search_cache.extract(yamlio.load_fast(text)), path


def test_unusual_yaml_goes_to_the_full_loader() -> None:
    assert search_cache.load_plain('a: "true"\nb: true\nc: ~\nd: 2020-02-03\ne: 7\n') == {
        "a": "true", "b": True, "c": None, "d": dt.date(2020, 2, 3), "e": 7
    }
    for text in ("a: &x 1\nb: *x\n", "a: 1\na: 2\n", "x: !!python/object:os.system ls\n", "a: [1, 2\n"):
        assert search_cache.parse_record(text.encode())[0] == "broken"


def test_worker_processes_parse_like_this_process() -> None:
    paths = [str(path) for path in sorted(SAMPLE_REPO.rglob("20*.yaml"))]
    batches = [paths[:2], paths[2:]]
    assert list(search_cache.parse_in_workers(batches, 2)) == [search_cache.parse_files(batch) for batch in batches]


# --- the cache ------------------------------------------------------------------

def commit_all(git: Callable[..., str], root: Path, message: str) -> None:
    """Stage everything and commit it."""
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_cache_is_reused_and_follows_every_kind_of_change(sample_git_repo: Path, git: Callable[..., str]) -> None:
    root = sample_git_repo
    progress: list[tuple[int, int]] = []
    first = build(root, progress=lambda done, total: progress.append((done, total)))
    assert first.parsed_count == 5 and progress[-1] == (5, 5)
    assert (root / ".git" / "minutes-index").is_dir()
    second = build(root)
    assert second.parsed_count == 0
    for query in ("ledelsgrundlag", "Ida Byrge Sørensen", "14/6833"):
        assert second.search(query) == first.search(query)
    assert second.decisions() == first.decisions() and second.open_actions() == first.open_actions()

    edit(root / LULS, "Intet.", "Intet nyt om kvantecomputere.")
    commit_all(git, root, "edit")
    assert second.refresh() == 1
    assert places(second.search("kvantecomputere")) == [(LULS, 7)]

    edit(root / LEMVIG, "Dream Broker er", "Dream Broker og hyperloop er")
    assert second.refresh() == 1  # an edit not committed
    assert places(second.search("hyperloop")) == [(LEMVIG, 5)]
    assert second.refresh() == 0

    path = root / AARHUS  # another program rewrites the file: same size, same modification time
    before = path.stat()
    edit(path, "Kommende møder - til orientering", "Kommende møder - til xylofonerne")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert second.refresh() == 1
    assert places(second.search("xylofonerne")) == [(AARHUS, 6)]

    restarted = build(root)
    assert restarted.parsed_count == 0
    assert places(restarted.search("hyperloop")) == [(LEMVIG, 5)]


def test_checkout_of_another_branch_is_picked_up(sample_git_repo: Path, git: Callable[..., str]) -> None:
    root = sample_git_repo
    index = build(root)
    git(root, "checkout", "--quiet", "-b", "other")
    edit(root / SL, "smykkepolitiet", "juvelpolitiet")
    commit_all(git, root, "other branch")
    git(root, "checkout", "--quiet", "main")
    assert index.refresh() == 0
    git(root, "checkout", "--quiet", "other")
    assert index.refresh() == 1
    assert places(index.search("juvelpolitiet", limit=1)) == [(SL, 1)]
    assert index.search("smykkepolitiet") == []
    git(root, "checkout", "--quiet", "main")
    assert index.refresh() == 0  # the old rows are still known by blob id
    assert places(index.search("smykkepolitiet", limit=1)) == [(SL, 1)]
    assert index.search("juvelpolitiet") == []


def test_a_deleted_meeting_disappears(sample_git_repo: Path) -> None:
    root = sample_git_repo
    index = build(root)
    assert index.search("Specialplejehjem")
    (root / AARHUS).unlink()
    assert index.refresh() == 0
    assert index.search("Specialplejehjem") == []
    assert all(row.path != AARHUS for row in index.decisions())
    assert all(hit.path != AARHUS for hit in index.search("chefteammøde"))
    assert build(root).search("Specialplejehjem") == []


def test_a_corrupt_cache_file_is_ignored_and_rebuilt(sample_git_repo: Path) -> None:
    root = sample_git_repo
    expected = build(root).search("ledelsgrundlag")
    snapshots = list((root / ".git" / "minutes-index").rglob(search_cache.SNAPSHOT))
    assert len(snapshots) == 1
    data = bytearray(snapshots[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    snapshots[0].write_bytes(bytes(data))
    rebuilt = build(root)
    assert rebuilt.parsed_count == 5 and rebuilt.search("ledelsgrundlag") == expected
    snapshots[0].write_bytes(b"not a cache at all")
    assert build(root).parsed_count == 5
    assert build(root).parsed_count == 0


def test_outside_git_the_cache_is_in_the_user_cache_folder(sample_repo: Path, private_cache: Path) -> None:
    index = build(sample_repo)
    assert index.parsed_count == 5 and list(private_cache.rglob(search_cache.SNAPSHOT))
    assert build(sample_repo).parsed_count == 0
    edit(sample_repo / SL, "smykkepolitiet", "juvelpolitiet")
    assert index.refresh() == 1 and places(index.search("juvelpolitiet", limit=1)) == [(SL, 1)]


def test_a_broken_file_is_skipped_and_retried_when_it_changes(sample_git_repo: Path) -> None:
    root = sample_git_repo
    broken = "albertslund-kommune/chefforum/2016-01-01.yaml"
    (root / broken).write_text("title: Ødelagt\npoints: [unclosed\n", encoding="utf-8")
    index = build(root)
    assert index.parsed_count == 6 and list(index.broken) == [broken]
    assert index.search("ledelsgrundlag")
    assert build(root).parsed_count == 0 and list(build(root).broken) == [broken]
    (root / broken).write_text(meeting("Rettet", "  - number: 1\n    title: Nu virker vulkanudbruddet\n"), encoding="utf-8")
    assert index.refresh() == 1 and index.broken == {}
    assert places(index.search("vulkanudbruddet")) == [(broken, 1)]


def test_use_cache_false_neither_reads_nor_writes(sample_git_repo: Path) -> None:
    index = build(sample_git_repo, use_cache=False)
    assert index.parsed_count == 5 and not (sample_git_repo / ".git" / "minutes-index").exists()


def test_a_renamed_meeting_moves_without_being_read_again(sample_git_repo: Path) -> None:
    root = sample_git_repo
    index = build(root)
    moved = "lemvig-kommune/centerledermoede/2020-10-09.yaml"
    (root / LEMVIG).rename(root / moved)
    assert index.refresh() == 0
    assert places(index.search("Aaben anonym raadgivning", limit=1)) == [(moved, 6)]
    assert index.search("Aaben anonym raadgivning", limit=1)[0].date == dt.date(2020, 10, 9)
    shutil.copy(root / moved, root / LEMVIG)  # the same bytes at two paths
    assert index.refresh() == 0
    assert {hit.path for hit in index.search("Aaben anonym raadgivning")} == {moved, LEMVIG}


def test_dead_rows_are_compacted_away(sample_git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = sample_git_repo
    monkeypatch.setattr(SearchIndex, "COMPACT_ROWS", 0)
    index = build(root)
    rows = len(index._r_text)
    edit(root / BUDGET, "Der var intet til eventuelt.", "Der var intet til eventuelt, men en zebra.")
    edit(root / LEMVIG, "Egil Refererer.", "Egil Refererer om giraffer.")
    assert index.refresh() == 2
    assert len(index._r_text) == rows and index._dead_rows == 0  # compacted: the old rows are gone
    assert places(index.search("zebra")) == [(BUDGET, 8)]
    assert places(index.search("giraffer")) == [(LEMVIG, 1)]
    assert places(index.search("Aaben anonym raadgivning", limit=1)) == [(LEMVIG, 6)]
    assert [row.date for row in index.decisions()] == sorted((row.date for row in index.decisions()), reverse=True)
    again = build(root)
    assert again.parsed_count == 0 and places(again.search("giraffer")) == [(LEMVIG, 1)]
