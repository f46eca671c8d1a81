"""Export of meetings (md, html, txt) and of a static site, on real files copied from sample-repo."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from repo_layout.export.formats import FORMATS, export_meeting, export_site
from repo_layout.model.discover import Forum, MeetingRef, Repository
from repo_layout.model.meeting import Meeting

SAMPLE_REPO = Path(__file__).resolve().parents[1] / "sample-repo"
SEEDS = Path(__file__).resolve().parent / "seeds"  # a copy of ../shared/seeds; test_sample_repo checks it is the same
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

TRICKY = """\
title: "Møde <b>fed</b> & \\"citat\\""
date: 2020-01-02
start: "09:00"
end: "10:30"
location: "Lokale <1> & 'to'"
minute_taker: Anna Referent
present:
  - Carl
absent:
  - Bo Fraværende
points:
  - number: 1
    title: "Punkt med <script>alert('x')</script>"
    case: "A&B-1"
    time: "09:00-09:30"
    presenter: Dora
    sections:
      "# Ikke en overskrift": |
        # heller ikke en overskrift
        1. ikke en liste
        [bold] og **x** og _y_ og `z`
        <a href="http://evil.example/">link</a>
        ---
    decision: |
      Besluttet: <script>alert("x")</script> & "citat" 'enkelt'
      **x** [bold] &amp; &#65;
    attachments:
      - "Bilag <1> & co"
    actions:
      - task: Skriv <svar>
        owner: Bo & Co
        due: 2020-02-01
        done: false
"""


class Page(HTMLParser):
    """An HTML document parsed into text, links, ids and a check that every tag is closed in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.chunks: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.lang: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("href") is not None:
            self.links.append(values["href"] or "")
        if values.get("src") is not None:
            self.sources.append(values["src"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def squash(text: str) -> str:
    """Whitespace runs as one space, so that line breaks and indentation do not matter to a comparison."""
    return " ".join(text.split())


def md_plain(markdown: str) -> str:
    """Markdown with its backslash escapes and hard line breaks taken out: the text a reader sees."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace("\\\n", "\n"))


def readable(output: str, fmt: str) -> str:
    """The text of an export as a reader sees it, whitespace squashed."""
    if fmt == "html":
        return squash(Page(output).text)
    if fmt == "md":
        return squash(md_plain(output))
    return squash(output)


def load_all(root: Path) -> list[tuple[Forum, MeetingRef, Meeting]]:
    """Every meeting of a repository with its forum, newest first per forum."""
    repository = Repository(root)
    return [(forum, ref, repository.load_meeting(ref.path)) for forum in repository.forums() for ref in forum.meetings()]


def meeting_at(root: Path, relative: str) -> tuple[Meeting, Forum]:
    repository = Repository(root)
    path = root / relative
    forum = repository.forum_of(path)
    assert forum is not None
    return repository.load_meeting(path), forum


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of sample-repo for the tests that only read it (loading is the slow part)."""
    root = tmp_path_factory.mktemp("export") / "sample-repo"
    shutil.copytree(SAMPLE_REPO, root)
    return root


@pytest.fixture(scope="module")
def samples(shared_repo: Path) -> list[tuple[Forum, MeetingRef, Meeting]]:
    return load_all(shared_repo)


@pytest.fixture(scope="module")
def sample(samples: list[tuple[Forum, MeetingRef, Meeting]]) -> Callable[[str], tuple[Meeting, Forum]]:
    """`sample("albertslund-kommune/chefforum/2019-10-24.yaml")`: that loaded meeting and its forum."""
    by_path = {forum.repository.relative(ref.path): (meeting, forum) for forum, ref, meeting in samples}
    return by_path.__getitem__


@pytest.fixture(scope="module")
def site(shared_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The whole sample repository exported as a site, and the files the export said it wrote."""
    target = tmp_path_factory.mktemp("site") / "site"
    return target, export_site(Repository(shared_repo), target)


@pytest.fixture
def tricky(make_repo: Callable[..., Path]) -> tuple[Meeting, Forum]:
    root = make_repo({"org/forum/2020-01-02.yaml": TRICKY})
    return meeting_at(root, "org/forum/2020-01-02.yaml")


def relative_links(page_path: Path, links: list[str]) -> list[tuple[Path, str]]:
    """Every link of a page as (file it points at, fragment); fails on any absolute or external link."""
    found = []
    for link in links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc and not link.startswith("/"), f"{page_path.name}: not relative: {link}"
        file = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
        found.append((file, unquote(parts.fragment)))
    return found


# --- every format of every sample meeting -------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_sample_meeting_is_exported_whole(samples: list[tuple[Forum, MeetingRef, Meeting]], fmt: str) -> None:
    meetings = samples
    assert len(meetings) == 5
    for forum, ref, meeting in meetings:
        seen = readable(export_meeting(meeting, forum.info, fmt), fmt)
        where = f"{ref.name} ({fmt})"
        for point in meeting.points:
            assert squash(f"Punkt {point.number}: {point.title}") in seen, where
            if point.case:
                assert point.case in seen, where
            for heading, text in point.sections:
                assert squash(heading) in seen, f"{where}: {heading}"
                for line in text.splitlines():
                    assert squash(line) in seen, f"{where}: {heading}: {line}"
            if point.decision or point.decision_heading:
                assert squash(point.decision_heading or "Beslutning") in seen, where
            for line in (point.decision or "").splitlines():
                assert squash(line) in seen, f"{where}: decision: {line}"
            if point.attachments:
                assert "Bilag" in seen, where
            for attachment in point.attachments:
                assert squash(attachment) in seen, f"{where}: {attachment}"
            for action in point.actions:
                assert squash(action.task) in seen, f"{where}: {action.task}"


def test_the_header_holds_title_date_time_place_and_attendance(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("sl-ledersektionen/aarsmoede/2018-04-05.yaml")
    for fmt in FORMATS:
        seen = readable(export_meeting(meeting, forum.info, fmt), fmt)
        assert "Referat af Årsmøde i ledersektionen d. 5. april 2018 i Herlev medborgerhus" in seen
        assert "Torsdag d. 05. april 2018" in seen
        assert "Herlev medborgerhus" in seen
        assert "Dorte Nederskov" in seen
    meeting, forum = sample("aarhus-kommune/chefteammoede/2021-10-14.yaml")
    for fmt in ("md", "html"):
        seen = readable(export_meeting(meeting, forum.info, fmt), fmt)
        assert "08:30 - 10:00" in seen
        assert "Michael Kærgaard og Aycan Yigen" in seen
        assert "08:30 - 08:50" in seen


def test_attendance_facts_in_markdown_and_html(tricky: tuple[Meeting, Forum]) -> None:
    meeting, forum = tricky
    for fmt in ("md", "html"):
        seen = readable(export_meeting(meeting, forum.info, fmt), fmt)
        for fact in ("Referent", "Anna Referent", "Til stede", "Carl", "Afbud", "Bo Fraværende", "Fremlægger", "Dora"):
            assert fact in seen, (fmt, fact)


def test_a_meeting_without_title_gets_the_forum_and_date(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"org/forum/2021-03-04.yaml": "date: 2021-03-04\npoints:\n  - number: 1\n    title: Eneste punkt\n"})
    meeting, forum = meeting_at(root, "org/forum/2021-03-04.yaml")
    assert export_meeting(meeting, forum.info, "txt").splitlines()[0] == "REFERAT Forummet d. 04-03-2021"
    assert export_meeting(meeting, forum.info, "md").startswith("# REFERAT Forummet d. 04-03-2021\n")
    assert export_meeting(meeting, None, "txt").splitlines()[0] == "REFERAT d. 04-03-2021"


def test_an_unknown_format_or_language_is_a_value_error(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    with pytest.raises(ValueError, match="pdf"):
        export_meeting(meeting, forum.info, "pdf")
    with pytest.raises(ValueError, match="de"):
        export_meeting(meeting, forum.info, "html", language="de")


# --- language ----------------------------------------------------------------------------------------


def test_the_language_switch_changes_the_labels(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    for fmt in FORMATS:
        danish = readable(export_meeting(meeting, forum.info, fmt, language="da"), fmt)
        english = readable(export_meeting(meeting, forum.info, fmt, language="en"), fmt)
        for label in ("Beslutning", "Bilag", "Punkt 3:"):
            assert label in danish, (fmt, label)
            assert label not in english, (fmt, label)
        for label in ("Decision", "Attachments", "Point 3:"):
            assert label in english, (fmt, label)
            assert label not in danish, (fmt, label)
        assert "Thursday" in english and "October" in english
        assert "Torsdag" in danish and "oktober" in danish
    assert Page(export_meeting(meeting, forum.info, "html", language="en")).lang == "en"
    assert Page(export_meeting(meeting, forum.info, "html")).lang == "da"
    assert "Meeting date Thursday 24 October 2019 at 09:00" in export_meeting(meeting, forum.info, "txt", "en")


def test_a_decision_heading_as_written_is_kept_in_every_language(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2015-04-23.yaml")
    for fmt in FORMATS:
        for language in ("da", "en"):
            assert "BESLUTNING I CHEFFORUM DEN 23-04-2015" in export_meeting(meeting, forum.info, fmt, language)


# --- escaping ----------------------------------------------------------------------------------------


def test_html_escapes_every_text_from_the_file(tricky: tuple[Meeting, Forum]) -> None:
    meeting, forum = tricky
    html = export_meeting(meeting, forum.info, "html")
    page = Page(html)
    assert page.errors == [] and page.stack == []
    assert "script" not in page.tags and "b" not in page.tags
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert re.findall(r"&(?!amp;|lt;|gt;|quot;|#x27;)", html) == []
    text = page.text
    assert "Møde <b>fed</b> & \"citat\"" in text
    assert "Besluttet: <script>alert(\"x\")</script> & \"citat\" 'enkelt'" in text
    assert "**x** [bold] &amp; &#65;" in text
    assert "[bold] og **x** og _y_ og `z`" in text
    assert '<a href="http://evil.example/">link</a>' in text
    assert "Lokale <1> & 'to'" in text and "A&B-1" in text and "Bilag <1> & co" in text
    assert not any("http" in link for link in page.links + page.sources)


def lines_of(text: str, first: str, *present: str) -> list[str]:
    """The text's lines, once its first line is `first` and each of `present` is one of them."""
    lines = text.splitlines()
    assert lines[0] == first
    assert [line for line in present if line not in lines] == [], "lines missing"
    return lines


def test_markdown_escapes_what_would_be_markup(tricky: tuple[Meeting, Forum]) -> None:
    meeting, forum = tricky
    markdown = export_meeting(meeting, forum.info, "md")
    lines = lines_of(
        markdown,
        '# Møde \\<b\\>fed\\</b\\> & "citat"',
        "### \\# Ikke en overskrift",
        "\\# heller ikke en overskrift\\",
        "1\\. ikke en liste\\",
        "\\[bold\\] og \\*\\*x\\*\\* og \\_y\\_ og \\`z\\`\\",
        "\\---",
        '> Besluttet: \\<script\\>alert("x")\\</script\\> & "citat" \'enkelt\'\\',
        "> \\*\\*x\\*\\* \\[bold\\] \\&amp; &\\#65;",
        "- Bilag \\<1\\> & co",
    )
    assert not any(line.startswith("# heller") for line in lines)
    plain = md_plain(markdown)
    assert "[bold] og **x** og _y_ og `z`" in plain and "**x** [bold] &amp; &#65;" in plain


def test_markdown_structure(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    lines = lines_of(
        export_meeting(meeting, forum.info, "md"),
        "# REFERAT Chefforum d. 24-10-2019",
        "### Anledning",
        "### Bilag",
        "> **Beslutning**",
        "- Medarbejdere\\_Skema Redigeret i 2019",
        "- at styrke sammenhængen i ledelseskæden",
        "- [ ] kommunikationsopgave ift. deres ledere om \"LUS\" uden løn (Ansvarlig: Alle chefer)",
    )
    assert [line for line in lines if line.startswith("## ")] == [
        f"## Punkt {point.number}: {point.title}" for point in meeting.points
    ]


def test_text_keeps_everything_literal(tricky: tuple[Meeting, Forum]) -> None:
    meeting, forum = tricky
    lines_of(
        export_meeting(meeting, forum.info, "txt"),
        'Møde <b>fed</b> & "citat"',
        "Besluttet: <script>alert(\"x\")</script> & \"citat\" 'enkelt'",
        "[bold] og **x** og _y_ og `z`",
        "[ ] Skriv <svar> (Ansvarlig: Bo & Co; Frist: 2020-02-01)",
    )


# --- HTML: standalone, printable -----------------------------------------------------------------------


def test_html_has_print_css_for_a4_and_keeps_points_together(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    html = export_meeting(meeting, forum.info, "html")
    assert re.search(r"@page\s*{[^}]*size:\s*A4;[^}]*margin:", html)
    assert re.search(r"article\.point\s*{[^}]*break-inside:\s*avoid", html)
    assert re.search(r"h1, h2, h3, h4\s*{[^}]*break-after:\s*avoid", html)
    assert re.search(r"\.decision\s*{[^}]*(background|border)", html)
    assert '<meta charset="utf-8">' in html and html.startswith("<!DOCTYPE html>\n<html lang=\"da\">")
    page = Page(html)
    assert page.ids == {f"punkt-{point.number}" for point in meeting.points}
    assert [tag for tag in page.tags if tag == "article"] == ["article"] * len(meeting.points)


def test_html_parses_with_balanced_tags_and_no_external_resources(samples: list[tuple[Forum, MeetingRef, Meeting]]) -> None:
    for forum, ref, meeting in samples:
        html = export_meeting(meeting, forum.info, "html")
        page = Page(html)
        assert page.errors == [], ref.name
        assert page.stack == [], ref.name
        assert page.tags[:4] == ["html", "head", "meta", "meta"], ref.name
        assert {"html", "head", "body", "main", "header", "h1", "style"} <= set(page.tags)
        assert not {"script", "link", "img", "iframe"} & set(page.tags), ref.name
        assert page.links == [] and page.sources == [], ref.name
        assert "url(" not in html and "@import" not in html
        for point in meeting.points:
            assert f'id="punkt-{point.number}"' in html


def test_minutes_text_holding_urls_stays_text(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    html = export_meeting(meeting, forum.info, "html")
    assert "&lt;https://www.sgnation.dk/analyser&gt;" in html
    assert Page(html).links == []


# --- txt: the importer's format ----------------------------------------------------------------------------


def test_txt_starts_with_the_title_and_lists_the_points_in_order(samples: list[tuple[Forum, MeetingRef, Meeting]]) -> None:
    for forum, ref, meeting in samples:
        text = export_meeting(meeting, forum.info, "txt")
        lines = text.splitlines()
        assert lines[0] == meeting.title, ref.name
        assert lines[1] == "", ref.name
        assert [line for line in lines if line.startswith("Punkt ")] == [
            f"Punkt {point.number}: {point.title}" for point in meeting.points
        ], ref.name
        assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")


def test_txt_header_lines(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("lemvig-kommune/centerledermoede/2020-10-08.yaml")
    blocks = export_meeting(meeting, forum.info, "txt").split("\n\n")
    assert blocks[:4] == [
        "REFERAT Centerledermøde d. 08-10-2020",
        "Mødedato Torsdag d. 08. oktober 2020 kl. 12:00",
        "Mødested Mødelokale 3.06",
        "Punkt 1: Referat og referent",
    ]
    meeting, forum = sample("aarhus-kommune/chefteammoede/2021-10-14.yaml")
    blocks = export_meeting(meeting, forum.info, "txt").split("\n\n")
    assert blocks[1] == "Mødedato Torsdag d. 14. oktober 2021 kl. 08:30 - 10:00"
    assert blocks[3] == "Information:"
    assert blocks[4].startswith("Pkt. 1 kl. 8.30-8.50 Michael Kærgaard og Aycan Yigen")


def test_txt_time_slot_only_when_the_title_does_not_hold_it(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    meeting, forum = sample("lemvig-kommune/centerledermoede/2020-10-08.yaml")
    blocks = export_meeting(meeting, forum.info, "txt").split("\n\n")
    start = blocks.index("Punkt 1: Referat og referent")
    assert blocks[start : start + 4] == ["Punkt 1: Referat og referent", "85.02.02P35-25-19", "12:00 - 12:10", "Sagsfremstilling"]
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    blocks = export_meeting(meeting, forum.info, "txt").split("\n\n")
    start = blocks.index("Punkt 2: CF - Åben refleksion v. Anne-Mette (9:00-9:30)")
    assert blocks[start + 1 : start + 3] == ["00.01.00-A21-9-18", "Indstilling"]


def test_txt_absentees_and_minute_taker_only_where_the_texts_do_not_say_so(
    sample: Callable[[str], tuple[Meeting, Forum]], tricky: tuple[Meeting, Forum]
) -> None:
    meeting, forum = sample("albertslund-kommune/chefforum/2015-04-23.yaml")
    said = sum((point.decision or "").count("Ida Byrge Sørensen deltog ikke i mødet.") for point in meeting.points)
    assert said > 0 and meeting.absent == ["Ida Byrge Sørensen"]
    assert export_meeting(meeting, forum.info, "txt").count("Ida Byrge Sørensen deltog ikke i mødet.") == said
    meeting, forum = sample("lemvig-kommune/centerledermoede/2020-10-08.yaml")
    assert "Referent: Egil" not in export_meeting(meeting, forum.info, "txt")
    meeting, forum = sample("sl-ledersektionen/aarsmoede/2018-04-05.yaml")
    assert "\n\nReferent: Dorte Nederskov\n\n" in export_meeting(meeting, forum.info, "txt")
    meeting, forum = tricky
    blocks = export_meeting(meeting, forum.info, "txt").split("\n\n")
    assert blocks[1:7] == [
        "Mødedato Torsdag d. 02. januar 2020 kl. 09:00 - 10:30",
        "Mødested Lokale <1> & 'to'",
        "Til stede: Carl",
        "Bo Fraværende deltog ikke i mødet.",
        "Referent: Anna Referent",
        "Punkt 1: Punkt med <script>alert('x')</script>",
    ]
    assert blocks[7:10] == ["A&B-1", "09:00 - 09:30", "Fremlægger: Dora"]
    english = export_meeting(meeting, forum.info, "txt", "en")
    assert "Bo Fraværende did not attend the meeting." in english and "Minute-taker: Anna Referent" in english


@pytest.mark.skipif(not (SEEDS / "001_6474ba331a6eb001.txt").is_file(), reason=f"the seed texts are not at {SEEDS}")
def test_txt_of_a_sample_meeting_reads_like_its_seed(sample: Callable[[str], tuple[Meeting, Forum]]) -> None:
    """From "Punkt 1:" on, the export is the seed block for block, plus the follow-up block the file adds."""
    meeting, forum = sample("albertslund-kommune/chefforum/2019-10-24.yaml")
    exported = export_meeting(meeting, forum.info, "txt").strip("\n").split("\n\n")
    seed = (SEEDS / "001_6474ba331a6eb001.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")
    follow_up = exported.index("Opfølgning")
    del exported[follow_up : follow_up + 2]
    assert exported[: exported.index("Punkt 1: CF - Godkendelse af dagsorden og referat")] == seed[:3]
    assert exported[3:] == seed[seed.index("Punkt 1: CF - Godkendelse af dagsorden og referat") :]


# --- the static site -----------------------------------------------------------------------------------


def check_links(site: Path) -> int:
    """Every relative link of every page points at a file (and an id) that exists; returns how many were checked."""
    checked = 0
    pages = {path.resolve(): Page(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}
    for page_path, page in pages.items():
        assert page.errors == [] and page.stack == [], page_path
        assert page.sources == [], page_path
        for file, fragment in relative_links(page_path, page.links):
            assert file.is_file(), f"{page_path} links to missing {file}"
            assert site.resolve() in file.parents or file.parent == site.resolve()
            if fragment:
                assert fragment in pages[file].ids, f"{page_path}: #{fragment}"
            checked += 1
    return checked


def test_site_writes_index_decisions_and_a_page_per_meeting(
    site: tuple[Path, list[Path]], shared_repo: Path, samples: list[tuple[Forum, MeetingRef, Meeting]]
) -> None:
    target, written = site
    expected = {target / "index.html", target / "decisions.html"} | {
        target / forum.path.relative_to(shared_repo) / f"{ref.path.stem}.html" for forum, ref, _ in samples
    }
    assert set(written) == expected
    assert {path for path in target.rglob("*") if path.is_file()} == expected
    index = Page((target / "index.html").read_text(encoding="utf-8"))
    for group in ("Aarhus Kommune", "Albertslund Kommune", "Lemvig Kommune", "SL, ledersektionen"):
        assert group in index.text
    assert index.links.index("albertslund-kommune/chefforum/2019-10-24.html") < index.links.index(
        "albertslund-kommune/chefforum/2015-04-23.html"
    )
    for forum, ref, meeting in samples:
        page = Page((target / forum.path.relative_to(shared_repo) / f"{ref.path.stem}.html").read_text(encoding="utf-8"))
        assert page.links[0] == f"../../index.html#forum-{forum.relative.replace('/', '-')}"
        assert "../../decisions.html" in page.links
        assert all(squash(point.title) in squash(page.text) for point in meeting.points)


def test_every_relative_link_of_the_site_points_at_a_file_that_exists(site: tuple[Path, list[Path]]) -> None:
    assert check_links(site[0]) > 40


def test_site_decisions_are_listed_newest_first_with_links_to_their_points(
    site: tuple[Path, list[Path]], samples: list[tuple[Forum, MeetingRef, Meeting]]
) -> None:
    page = Page((site[0] / "decisions.html").read_text(encoding="utf-8"))
    decided = sum(1 for _, _, meeting in samples for point in meeting.points if point.decision)
    point_links = [link for link in page.links if "#punkt-" in link]
    assert len(point_links) == 2 * decided
    dates = [link.split("/")[-1].split("#")[0] for link in point_links]
    assert dates == sorted(dates, reverse=True)
    assert point_links[0] == "aarhus-kommune/chefteammoede/2021-10-14.html#punkt-1"
    assert "albertslund-kommune/chefforum/2019-10-24.html#punkt-3" in point_links
    assert "Chefforum drøftede justeringerne af LULS-konceptet, og besluttede følgende:" in page.text


def test_a_broken_meeting_file_does_not_stop_the_site(sample_repo: Path, tmp_path: Path) -> None:
    broken = sample_repo / "albertslund-kommune/chefforum/2016-01-01.yaml"
    broken.write_text("title: [unclosed\ndate: 2016-01-01\n", encoding="utf-8")
    (sample_repo / "albertslund-kommune/chefforum/2017-01-01.yaml").write_bytes(b"\xff\xfe not utf-8")
    site = tmp_path / "site"
    written = export_site(Repository(sample_repo), site)
    assert len(written) == 5 + 2
    assert not (site / "albertslund-kommune/chefforum/2016-01-01.html").exists()
    index = Page((site / "index.html").read_text(encoding="utf-8"))
    assert "2016-01-01.yaml" in index.text and "2017-01-01.yaml" in index.text
    assert index.text.count("Filen kan ikke læses") == 2
    assert "not UTF-8" in index.text
    check_links(site)


def scoped_site(repository: Repository, target: Path, scope: Path) -> set[str]:
    """Export the site of `scope` (a forum or group folder) to target and check its links; the files written, relative."""
    written = export_site(repository, target, scope=scope)
    check_links(target)
    return {path.relative_to(target).as_posix() for path in written}


def test_site_scoped_to_one_forum_or_group(sample_repo: Path, tmp_path: Path) -> None:
    repository = Repository(sample_repo)
    forum_site = tmp_path / "forum"
    written = scoped_site(repository, forum_site, sample_repo / "albertslund-kommune/chefforum")
    assert written == {"2019-10-24.html", "2015-04-23.html", "index.html", "decisions.html"}
    index = Page((forum_site / "index.html").read_text(encoding="utf-8"))
    assert "Chefforum" in index.text and "Lemvig" not in index.text
    decisions = Page((forum_site / "decisions.html").read_text(encoding="utf-8"))
    assert "Chefteammøde" not in decisions.text and "Chefforum" in decisions.text
    written = scoped_site(repository, tmp_path / "group", sample_repo / "lemvig-kommune")
    assert written == {"centerledermoede/2020-10-08.html", "index.html", "decisions.html"}
    with pytest.raises(ValueError, match="not a forum or group"):
        export_site(repository, tmp_path / "nowhere", scope=tmp_path)


def test_site_in_english(shared_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_site(Repository(shared_repo), site, language="en")
    index = Page((site / "index.html").read_text(encoding="utf-8"))
    assert index.lang == "en" and "All decisions" in index.text
    page = Page((site / "albertslund-kommune/chefforum/2019-10-24.html").read_text(encoding="utf-8"))
    assert "Back to the index" in page.text and "Decision" in page.text and "Beslutning" not in page.text
