"""No control sequence from data reaches the terminal: payloads in every field, through every CLI output and screen.

A repository is made with a payload (an OSC title, a CSI clear, a C1 CSI, BEL, backspaces, a carriage return, bidi
overrides, a lone surrogate) in every field of a meeting, in the forum, group and repository names, a folder name,
commit authors and subjects, the branch and the remote. Every CLI command runs as the installed binary and its
stdout and stderr are scanned for any control character; every screen runs under Pilot and what it would draw (the
screenshot's text) is scanned the same way; tmux reads the real terminal's title. A case is a (field, payload,
output) whose marker was seen in that output; it holds when the output has no control character at all.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import git_env, run_git
from pilot_wait import settle
from reliability_rounds import FULL
from rich.text import Text
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Input, Static, TextArea

from repo_layout.display import drop_unsafe, has_unsafe, json_text, safe_line, safe_text
from repo_layout.sync.merge import FieldConflict
from repo_layout.sync.session import Conflict
from tui.app import MinutesApp, make_app
from tui.safe_display import ControlFilter, safe_rich, safe_styled_line

MINUTES = Path(sys.executable).parent / "minutes"

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
"""What must never reach a terminal from data: C0 but newline and tab, DEL, C1, bidi controls, separators, surrogates."""

PAYLOADS = {
    "oscbel": "\x1b]0;PWNED\x07",
    "oscst": "\x1b]2;PWNED\x1b\\",
    "csiclear": "\x1b[2J",
    "cone": "\x9b31m",
    "bel": "\x07",
    "backspace": "\x08\x08\x08",
    "cr": "\rPWNED",
    "bidi": "\u202eevil\u202c\u2066",
    "surrogate": "\ud800",
}
TEXT_PAYLOADS = {name: text for name, text in PAYLOADS.items() if name != "surrogate"}
"""What a valid file can hold: a lone surrogate is an error of its own (it cannot be saved as UTF-8), and git keeps bytes."""
GIT_PAYLOADS = TEXT_PAYLOADS
REF_PAYLOADS = {"cone": "\x9b31m", "bidi": "\u202eevil"}  # what git allows in a branch or remote name

MEETING_FIELDS = ("title", "location", "minutetaker", "present", "absent", "information")
POINT_FIELDS = ("ptitle", "case", "presenter", "heading", "section", "decisionheading", "decision", "attachment", "task", "owner")
FIELDS = MEETING_FIELDS + POINT_FIELDS
NAME_FIELDS = ("reponame", "groupname", "forumname", "organisation")
LOG_FIELDS = ("author", "subject")
PAYLOAD_DATES = {name: f"2020-01-{index + 2:02d}" for index, name in enumerate(PAYLOADS)}
COMBINED = "grp/forum/2020-01-01.yaml"
TALLY: Counter[str] = Counter()


def marker(field: str, payload: str) -> str:
    """Letters only, so that no export escapes it and no screen splits it."""
    return f"{field}X{payload}"


def value(field: str, payload: str) -> str:
    """The marker, a word to search the field by, the payload."""
    return f"{marker(field, payload)} {field}word zebra{PAYLOADS[payload]}end"


def every(field: str) -> str:
    """The field with every payload, each after its own marker."""
    return " ".join(value(field, payload) for payload in TEXT_PAYLOADS)


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every character outside printable ASCII escaped."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif 0x20 <= code < 0x7F:
            out.append(character)
        else:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def meeting_yaml(date: str, text: Callable[[str], str]) -> str:
    """A valid meeting with `text(field)` in every text field."""

    def q(field: str) -> str:
        return quoted(text(field))

    return (
        f'title: {q("title")}\ndate: {date}\nstart: "09:00"\nend: "10:00"\nlocation: {q("location")}\n'
        f"minute_taker: {q('minutetaker')}\npresent:\n  - {q('present')}\nabsent:\n  - {q('absent')}\n"
        f"information: {q('information')}\npoints:\n  - number: 1\n    title: {q('ptitle')}\n    case: {q('case')}\n"
        f'    time: "09:00-09:30"\n    presenter: {q("presenter")}\n    sections:\n      {q("heading")}: {q("section")}\n'
        f"    decision_heading: {q('decisionheading')}\n    decision: {q('decision')}\n"
        f"    attachments:\n      - {q('attachment')}\n    actions:\n      - task: {q('task')}\n        owner: {q('owner')}\n"
        "        due: 2020-02-01\n"
    )


def tally(area: str, output: str, fields: tuple[str, ...], payloads: dict[str, str]) -> int:
    """Count the (field, payload) cases whose marker shows in `output`; the output must hold no control character."""
    found = UNSAFE.findall(output)
    assert not found, f"{area}: control characters reached the output: {sorted(set(found))!r}"
    seen = sum(marker(field, payload) in output for field in fields for payload in payloads)
    TALLY[f"{area} tried"] += seen
    TALLY[f"{area} held"] += seen
    return seen


# the repository ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def payload_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Payloads in every field of every kind of file, in names, a folder name, commits, the branch and the remote."""
    base = tmp_path_factory.mktemp("injection")
    root = base / "repo"
    files: dict[str, str | bytes] = {
        "minutes.yaml": f"schema: 1\nname: {quoted(every('reponame'))}\nlanguage: da\n",
        "grp/group.yaml": f"name: {quoted(every('groupname'))}\n",
        "grp/forum/forum.yaml": f"name: {quoted(every('forumname'))}\norganisation: {quoted(every('organisation'))}\n",
        COMBINED: meeting_yaml("2020-01-01", every),
        # a forum whose folder name is a payload (no forum.yaml: the folder names it)
        f"grp/fo{PAYLOADS['oscbel']}rum/2020-03-01.yaml": meeting_yaml("2020-03-01", lambda field: f"{field} plain"),
        # validate: unknown keys named by payloads, a start that is not a time
        "grp/forum/2019-01-01.yaml": "date: 2019-01-01\n"
        + "".join(f"{quoted(marker('key', name) + text)}: x\n" for name, text in TEXT_PAYLOADS.items())
        + f"start: {quoted(marker('start', 'oscbel') + PAYLOADS['oscbel'])}\n",
        # show: a file with the raw bytes of a payload (not YAML any more, but in git's history)
        "grp/forum/2018-01-01.yaml": f"title: {marker('raw', 'oscbel')}{PAYLOADS['oscbel']}{marker('raw', 'cone')}\x9b31m\n",
    }
    for name, date in PAYLOAD_DATES.items():
        files[f"grp/forum/{date}.yaml"] = meeting_yaml(date, lambda field, name=name: value(field, name))
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "-m", "the meetings")
    combined = root / COMBINED
    for name, text in GIT_PAYLOADS.items():  # one commit per payload in the author's name and the subject
        combined.write_text(combined.read_text(encoding="utf-8") + f"# {name}\n", encoding="utf-8")
        env = {**git_env(), "GIT_AUTHOR_NAME": marker("author", name) + text + "end"}
        subprocess.run(["git", "add", COMBINED], cwd=root, env=env, check=True)
        subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", marker("subject", name) + text + "end"],
            cwd=root, env=env, check=True,
        )  # fmt: skip
    branch = "main" + "".join(REF_PAYLOADS.values())
    remote = "or" + REF_PAYLOADS["bidi"] + REF_PAYLOADS["cone"]
    bare = base / "shared.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], env=git_env(), check=True)
    run_git(root, "branch", "-m", branch)
    run_git(root, "remote", "add", remote, str(bare))
    run_git(root, "push", "--quiet", "-u", remote, branch)
    return root


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The installed binary; its output decoded so that even a lone surrogate or a stray byte is seen, not lost."""
    environment = {**git_env(), **(env or {})}
    environment.setdefault("MINUTES_CACHE_DIR", str(cwd / ".cache"))
    result = subprocess.run([str(MINUTES), *map(str, args)], cwd=cwd, env=environment, capture_output=True, timeout=60)
    stdout = result.stdout.decode("utf-8", "surrogateescape")
    stderr = result.stderr.decode("utf-8", "surrogateescape")
    assert "Traceback" not in stderr, stderr
    return result.returncode, stdout, stderr


# the function itself ----------------------------------------------------------------------------------------------
def test_ordinary_text_comes_back_as_the_same_string() -> None:
    for text in ("", "Referat af mødet i Chefforum: æøå ÆØÅ", "tab\there\nand a line", "👍🏽 👨‍👩‍👧 ‍ café", "a\\x1b"):
        assert safe_text(text) is text
    assert safe_line("æøå 😀 done") == "æøå 😀 done"
    assert not has_unsafe("Beslutning: godkendt — 12 % ✓")


@pytest.mark.parametrize(
    "code",
    [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F),
     *range(0x2066, 0x206A), 0xD800, 0xDBFF, 0xDC00, 0xDFFF],
)  # fmt: skip
def test_every_control_class_becomes_a_visible_escape(code: int) -> None:
    character = chr(code)
    for escaped in (safe_text(f"a{character}b"), safe_line(f"a{character}b")):
        assert not UNSAFE.search(escaped)
        assert escaped.startswith("a\\") and escaped.endswith("b") and len(escaped) > 3
    assert drop_unsafe(f"a{character}b") in ("ab", "a\ufffdb")
    assert json.loads(json_text([f"a{character}b"])) == [f"a{character}b"]
    assert not UNSAFE.search(json_text([f"a{character}b"]))
    TALLY["safe_text tried"] += 1
    TALLY["safe_text held"] += 1


def test_the_escapes_read_as_what_they_stand_for() -> None:
    assert safe_text("\x1b]0;PWNED\x07") == "\\x1b]0;PWNED\\x07"
    assert safe_text("\x9b31m\u202e\ud800") == "\\x9b31m\\u202e\\ud800"
    assert safe_text("a\rb") == "a\\rb"


def test_newlines_and_tabs_are_kept_where_the_field_allows() -> None:
    assert safe_text("a\nb\tc") == "a\nb\tc"
    assert safe_text("a\nb\tc", keep_newlines=False) == "a\\nb\tc"
    assert safe_text("a\nb\tc", keep_tabs=False) == "a\nb\\tc"
    assert safe_line("a\nb\tc") == "a\\nb\\tc"


def test_json_stays_exact_and_escapes_what_a_terminal_acts_on() -> None:
    data = [{"title": "".join(PAYLOADS.values()) + "æøå\n\t", "n": 1}]
    text = json_text(data)
    assert json.loads(text) == data
    assert "\\u001b" in text and "\\u009b" in text and "\\u202e" in text and "\\ud800" in text
    assert not UNSAFE.search(text)


def test_safe_rich_keeps_styles_and_the_filter_keeps_widths() -> None:
    text = Text("plain ")
    text.append("bold\x1b[2J", style="bold")
    text.append(" tail")
    safe = safe_rich(text)
    assert safe.plain == "plain bold\\x1b[2J tail"
    assert [(span.start, span.end, span.style) for span in safe.spans] == [(6, 17, "bold")]
    assert safe_rich(Text("ordinary")) is not None and safe_rich(Text("æøå")).plain == "æøå"
    line = safe_styled_line("x\x1by zebra", [(4, 9)], "reverse")
    assert line.plain == "x\\x1by zebra" and line.spans[0].start == 7


# the CLI ----------------------------------------------------------------------------------------------------------
def test_validate_names_payload_keys_without_sending_them(payload_repo: Path) -> None:
    code, stdout, stderr = run("validate", ".", cwd=payload_repo)
    assert code == 1
    assert tally("cli validate", stdout + stderr, ("key",), TEXT_PAYLOADS) == len(TEXT_PAYLOADS)
    assert "\\x1b]0;PWNED\\x07" in stdout  # visible, not acted on
    assert f"{PAYLOAD_DATES['surrogate']}.yaml" in stdout and "\\ud800" in stdout  # the lone surrogate's own error
    TALLY["cli validate tried"] += 1
    TALLY["cli validate held"] += 1


SEARCHABLE = tuple(field for field in FIELDS if field not in ("location", "heading", "decisionheading"))  # not indexed
SEARCHED = SEARCHABLE if FULL else ("title", "information", "ptitle", "section", "decision", "task")


@pytest.mark.parametrize("field", SEARCHED)
def test_search_shows_every_payload_of_a_field(field: str, payload_repo: Path) -> None:
    """One search per field (all of them with MINUTES_FULL_RELIABILITY=1); a section's hit names its heading too."""
    code, stdout, stderr = run("search", f"{field}word", "--limit", "100", cwd=payload_repo)
    assert code == 0, stderr
    shown = (field, "heading") if field == "section" else (field,)
    assert tally("cli search", stdout + stderr, shown, TEXT_PAYLOADS) >= len(shown) * len(TEXT_PAYLOADS)


def test_search_json_is_exact(payload_repo: Path) -> None:
    _, stdout, _ = run("search", "zebra", "--limit", "500", "--json", cwd=payload_repo)
    hits = json.loads(stdout)
    excerpts = "\n".join(hit["excerpt"] for hit in hits)
    assert PAYLOADS["oscbel"] in excerpts and PAYLOADS["cone"] in excerpts  # exact data after decoding
    assert tally("cli search --json", stdout, FIELDS, TEXT_PAYLOADS) >= len(TEXT_PAYLOADS)


def test_log_text_and_json(payload_repo: Path) -> None:
    code, stdout, stderr = run("log", COMBINED, cwd=payload_repo)
    assert code == 0, stderr
    assert tally("cli log", stdout + stderr, LOG_FIELDS, GIT_PAYLOADS) == 2 * len(GIT_PAYLOADS)
    code, stdout, _ = run("log", COMBINED, "--json", cwd=payload_repo)
    rows = json.loads(stdout)
    assert {row["author"] for row in rows} >= {marker("author", name) + text + "end" for name, text in GIT_PAYLOADS.items()}
    assert tally("cli log --json", stdout, LOG_FIELDS, GIT_PAYLOADS) == 2 * len(GIT_PAYLOADS)


def test_show_of_a_payload_meeting_and_of_raw_bytes_in_history(payload_repo: Path) -> None:
    head = run_git(payload_repo, "rev-parse", "HEAD").strip()
    code, stdout, stderr = run("show", COMBINED, "--at", head, cwd=payload_repo)
    assert code == 0, stderr
    assert tally("cli show", stdout + stderr, FIELDS, TEXT_PAYLOADS) == len(FIELDS) * len(TEXT_PAYLOADS)
    code, stdout, stderr = run("show", "grp/forum/2018-01-01.yaml", "--at", head, cwd=payload_repo)
    assert code == 0, stderr
    assert tally("cli show raw", stdout + stderr, ("raw",), {"oscbel": "", "cone": ""}) == 2
    assert "\\x1b]0;PWNED\\x07" in stdout and "\\x9b31m" in stdout


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_export_to_stdout_is_escaped_and_to_a_file_exact(fmt: str, payload_repo: Path, tmp_path: Path) -> None:
    code, stdout, stderr = run("export", COMBINED, "--format", fmt, cwd=payload_repo)
    assert code == 0, stderr
    shown = tally(f"cli export {fmt}", stdout + stderr, (*FIELDS, "forumname"), TEXT_PAYLOADS)
    assert shown >= (len(FIELDS) - 2) * len(TEXT_PAYLOADS)  # a text export leaves out what the title already says
    target = tmp_path / f"out.{fmt}"
    code, _, stderr = run("export", COMBINED, "--format", fmt, "-o", target, cwd=payload_repo)
    assert code == 0, stderr
    written = target.read_bytes().decode("utf-8", "surrogateescape")
    assert "\x1b" in written and "\x9b" in written and "\u202e" in written  # a file is data: the characters themselves
    assert "\\x1b" not in written


def test_git_errors_and_urls_in_sync_and_clone_are_escaped(payload_repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(payload_repo, copy)
    remote = run_git(copy, "remote").strip()
    missing = tmp_path / f"gone{PAYLOADS['oscbel']}{PAYLOADS['cone']}"
    run_git(copy, "remote", "set-url", remote, str(missing))
    code, stdout, stderr = run("sync", ".", cwd=copy)
    assert code != 0
    assert "gone" in stderr  # git's own words, with the path it could not reach
    TALLY["cli sync tried"] += 2
    assert not UNSAFE.search(stdout + stderr), stderr
    TALLY["cli sync held"] += 2
    code, stdout, stderr = run("clone", str(missing), str(tmp_path / "clone"), "--no-open", cwd=tmp_path)
    assert code != 0 and "gone" in stderr
    TALLY["cli clone tried"] += 2
    assert not UNSAFE.search(stdout + stderr), stderr
    TALLY["cli clone held"] += 2


def test_a_user_error_naming_a_payload_path_is_escaped(payload_repo: Path) -> None:
    code, stdout, stderr = run("log", f"grp/fo{PAYLOADS['oscbel']}rum/2020-03-09.yaml", cwd=payload_repo)
    assert code == 2 and stderr.startswith("minutes: ")
    assert not UNSAFE.search(stdout + stderr) and "\\x1b]0;PWNED\\x07" in stderr
    TALLY["cli errors tried"] += 1
    TALLY["cli errors held"] += 1


# the screens ------------------------------------------------------------------------------------------------------
def drawn(app: App[object]) -> str:
    """What the app would draw now, as text: the screenshot's text with the tags and entities gone."""
    svg = app.export_screenshot()
    body = svg[svg.index("<g", svg.index("</style>")) :] if "</style>" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def check_screen(area: str, app: App[object], fields: tuple[str, ...], payloads: dict[str, str] = PAYLOADS) -> int:
    return tally(area, drawn(app), fields, payloads)


@pytest.fixture
def app_repo(payload_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_dirs_in_tmp: None) -> Path:
    """A private copy of the payload repository for one app (an app writes caches and drafts into .git)."""
    copy = tmp_path / "repo"
    shutil.copytree(payload_repo, copy)
    for key, value_ in git_env().items():
        monkeypatch.setenv(key, value_)
    return copy


async def test_browse_tree_meetings_status_line_and_header(app_repo: Path) -> None:
    app = make_app(app_repo / COMBINED)
    async with app.run_test(size=(220, 70)) as pilot:
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.view.point_views())
        await settle(pilot, lambda: "⎇" in drawn(app))
        check_screen("screen browse (all payloads)", app, FIELDS + NAME_FIELDS)
        status = drawn(app)
        assert "\\x9b31m" in status and "\\u202e" in status  # branch and remote names, visible
        TALLY["screen status line tried"] += 2
        TALLY["screen status line held"] += 2
        for name in TEXT_PAYLOADS:
            date = PAYLOAD_DATES[name]
            browse.jump_to(f"grp/forum/{date}.yaml", 1)
            await settle(pilot, lambda date=date: browse.session is not None and browse.session.meeting.path.stem == date)
            await settle(pilot, lambda: browse.view.point_views())
            await pilot.pause()
            assert check_screen("screen meeting", app, FIELDS, {name: PAYLOADS[name]}) >= len(FIELDS) - 2
            if name == "oscbel":
                assert "decisionXoscbel decisionword zebra\\x1b]0;PWNED\\x07end" in drawn(app)  # shown, as text
        browse.jump_to(f"grp/forum/{PAYLOAD_DATES['surrogate']}.yaml", None)  # a lone surrogate: the file's problems
        await settle(pilot, lambda: browse.broken_path is not None and "\\ud800" in drawn(app))
        check_screen("screen broken meeting", app, ())
        TALLY["screen broken meeting tried"] += 1
        TALLY["screen broken meeting held"] += 1


async def test_history_old_version_and_blame(app_repo: Path) -> None:
    app = make_app(app_repo / COMBINED)
    async with app.run_test(size=(220, 70)) as pilot:
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None)
        browse.action_history()
        await settle(pilot, lambda: "subjectXoscbel" in drawn(app))
        await pilot.pause(0.3)
        check_screen("screen history", app, LOG_FIELDS, GIT_PAYLOADS)
        for _ in range(len(GIT_PAYLOADS)):
            await pilot.press("down")
            await pilot.pause(0.1)
            check_screen("screen history detail", app, LOG_FIELDS, GIT_PAYLOADS)
        await pilot.press("enter")
        await settle(pilot, lambda: type(app.screen).__name__ == "OldVersionScreen")
        await pilot.pause(0.3)
        check_screen("screen old version", app, FIELDS + LOG_FIELDS)
        await pilot.press("escape", "escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "BrowseScreen")
        browse.action_blame()
        await settle(pilot, lambda: type(app.screen).__name__ == "BlameScreen")
        await pilot.pause(0.3)
        check_screen("screen blame", app, ("ptitle", *LOG_FIELDS), GIT_PAYLOADS)


async def test_search_decision_log_actions_and_palette(app_repo: Path) -> None:
    app = make_app(app_repo)
    async with app.run_test(size=(220, 70)) as pilot:
        app.open_search("zebra")
        await settle(pilot, lambda: type(app.screen).__name__ == "SearchScreen" and app.screen.hits, tries=400)
        await pilot.pause(0.2)
        check_screen("screen search", app, FIELDS)
        await pilot.press("escape")
        app.open_decision_log()
        await settle(pilot, lambda: type(app.screen).__name__ == "DecisionLogScreen", tries=400)
        await pilot.pause(0.2)
        check_screen("screen decision log", app, ("decision", "ptitle", "forumname"))
        await pilot.press("escape")
        app.open_actions()
        await settle(pilot, lambda: type(app.screen).__name__ == "ActionsScreen", tries=400)
        await pilot.pause(0.2)
        check_screen("screen actions", app, ("task", "owner", "ptitle", "forumname"))
        await pilot.press("escape")
        await pilot.pause(0.1)
        app.action_command_palette()
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"2020")
        await pilot.pause(0.6)
        check_screen("screen command palette", app, ("forumname",))
        assert "fo\\x1b]0;PWNED\\x07rum" in drawn(app) or "forumname" in drawn(app)


async def test_editors_dialog_and_notification(app_repo: Path) -> None:
    app = make_app(app_repo / COMBINED)
    async with app.run_test(size=(220, 70)) as pilot:
        browse = app.browse
        await settle(pilot, lambda: browse.session is not None and browse.view.point_views())
        browse.view.focus()
        browse.action_edit_point()
        await settle(pilot, lambda: type(app.screen).__name__ == "PointEditor")
        await pilot.pause(0.2)
        check_screen("screen point editor", app, POINT_FIELDS)
        assert not app.screen.is_changed()  # nothing typed: every field, control characters and all, as it was
        assert any("kontroltegn" in str(toast.message) for toast in app._notifications)
        await pilot.press("escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "BrowseScreen")
        browse.action_edit_header()
        await settle(pilot, lambda: type(app.screen).__name__ == "HeaderEditor")
        await pilot.pause(0.2)
        check_screen("screen header editor", app, MEETING_FIELDS)
        assert not app.screen.is_changed()
        await pilot.press("escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "BrowseScreen")
        browse.action_delete_point()
        await settle(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.pause(0.1)
        check_screen("screen dialog", app, ("ptitle",))
        await pilot.press("escape")
        app.notify(every("task"), title=every("title"))
        await pilot.pause(0.3)
        check_screen("screen notification", app, ("task", "title"))


async def test_conflict_screen(app_repo: Path) -> None:
    from tui.screens.conflicts import ConflictScreen

    conflicts = []
    for name in TEXT_PAYLOADS:
        field = FieldConflict("decision", value("ptitle", name), "", value("decision", name), value("section", name))
        path = f"grp/forum/{PAYLOAD_DATES[name]}.yaml"
        conflicts.append(Conflict(path, [field], value("author", name), "b", "0" * 40, "1" * 40))
    app = make_app(app_repo)
    async with app.run_test(size=(220, 120)) as pilot:
        await settle(pilot, lambda: app.screen_stack and type(app.screen).__name__ == "BrowseScreen")
        app.push_screen(ConflictScreen(conflicts))
        await settle(pilot, lambda: type(app.screen).__name__ == "ConflictScreen")
        await pilot.pause(0.2)
        check_screen("screen conflicts", app, ("ptitle", "decision", "section", "author"))
        assert all(choice.choice() == "ours" for choice in app.screen.query("FieldChoice"))


async def test_an_untouched_text_area_gives_back_the_exact_text() -> None:
    """Textual's TextArea turns \\x1c, \\x85 and \\u2028 into newlines: a field nobody changed must not be saved so."""
    from tui.widgets.exact_text_area import ExactTextArea

    given = "one\x1ctwo\x85three\u2028four\r\nfive\x1b]0;PWNED\x07"

    class Area(App[None]):
        def compose(self) -> ComposeResult:
            yield ExactTextArea(given)

    app = Area()
    async with app.run_test() as pilot:
        area = app.query_one(ExactTextArea)
        assert area.text != given  # what Textual does to it
        assert area.exact_text == given and area.has_hidden
        assert area.exact_lines() == given.split("\n")
        area.focus()
        await pilot.press("end", "x")
        assert area.exact_text == area.text and area.exact_text.startswith("onex")  # edited: what the area holds


# the net under it all ---------------------------------------------------------------------------------------------
class _Bare(App[None]):
    """Raw payloads straight into Textual's own widgets, with or without the app's filter."""

    def __init__(self, filtered: bool) -> None:
        super().__init__()
        self.filtered = filtered

    def get_line_filters(self) -> list[object]:  # type: ignore[override]
        return [*super().get_line_filters(), *([ControlFilter()] if self.filtered else [])]

    def compose(self) -> ComposeResult:
        raw = "".join(PAYLOADS.values())
        yield Static(Text("static " + raw))
        yield Input("input " + raw)
        yield TextArea("area " + raw)


@pytest.mark.parametrize("filtered", [False, True])
async def test_the_line_filter_is_what_stops_raw_text_in_textuals_own_widgets(filtered: bool) -> None:
    """Without the filter Textual draws an ESC as it is (the probe sees it); with it, nothing raw is drawn."""
    app = _Bare(filtered)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        shown = drawn(app)
        assert "static" in shown and "input" in shown and "area" in shown
        if filtered:
            assert not UNSAFE.search(shown)
            TALLY["line filter tried"] += 3
            TALLY["line filter held"] += 3
        else:
            assert "\x1b" in shown  # what every other screen test would catch


def test_minutes_app_has_the_filter(app_repo: Path) -> None:
    app = make_app(app_repo)
    assert isinstance(app, MinutesApp)
    assert any(isinstance(line_filter, ControlFilter) for line_filter in app.get_line_filters())


# a real terminal --------------------------------------------------------------------------------------------------
@pytest.mark.serial
@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_terminal_title_survives_meeting_and_history_in_tmux(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    osc = PAYLOADS["oscbel"]
    files = {
        "minutes.yaml": "schema: 1\nname: Titeltest\nlanguage: da\n",
        "org/forum/forum.yaml": "name: Forummet\n",
        "org/forum/2020-01-01.yaml": meeting_yaml(
            "2020-01-01", lambda field: f"{field} {osc} {PAYLOADS['oscst']}" if field == "decision" else f"{field} ok"
        ),
    }
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content, encoding="utf-8")
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "--quiet", "-m", f"subject {osc} {PAYLOADS['oscst']} end")
    socket = f"minutes-inject-{os.getpid()}"
    env = {**git_env(), "MINUTES_CONFIG_DIR": str(tmp_path / "config"), "MINUTES_CACHE_DIR": str(tmp_path / "cache")}
    env["TERM"] = "xterm-256color"
    env.pop("TMUX", None)

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, env=env, check=False).stdout.decode(
            "utf-8", "surrogateescape"
        )

    def wait_for(text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", "main")
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"never saw {text!r}; last screen:\n{screen}")

    def check(where: str) -> None:
        title = tmux("display", "-p", "-t", "main", "#{pane_title}").strip()
        assert "PWNED" not in title, f"{where}: the terminal's title became {title!r}"
        escaped = tmux("capture-pane", "-p", "-e", "-t", "main")
        assert "]0;PWNED" not in escaped.replace("\\x1b]0;PWNED", "") and "]2;PWNED" not in escaped.replace("\\x1b]2;PWNED", "")
        TALLY["tmux tried"] += 1
        TALLY["tmux held"] += 1

    command = f"'{MINUTES}' '{root / 'org/forum/2020-01-01.yaml'}'"
    tmux("new-session", "-d", "-s", "main", "-x", "160", "-y", "45", "-c", str(root), command)
    try:
        tmux("set-option", "-t", "main", "-g", "allow-rename", "on")
        tmux("set-option", "-t", "main", "-g", "set-titles", "on")
        wait_for("decision")
        time.sleep(0.5)
        check("meeting")
        tmux("send-keys", "-t", "main", "h")
        wait_for("subject")
        time.sleep(0.8)
        check("history")
        screen = tmux("capture-pane", "-p", "-t", "main")
        assert "\\x1b]0;PWNED" in screen  # the payload shows, as text
    finally:
        tmux("kill-server")


def test_zz_report_the_tally() -> None:
    """Print the cases tried and held (for docs/reliability.md): run the module alone with -s -p no:xdist to see them all."""
    areas = sorted({key.rsplit(" ", 1)[0] for key in TALLY})
    tried = sum(TALLY[f"{area} tried"] for area in areas)
    held = sum(TALLY[f"{area} held"] for area in areas)
    lines = [f"{area}: {TALLY[f'{area} tried']} | {TALLY[f'{area} held']}" for area in areas]
    print("\nterminal injection cases (tried | held):\n" + "\n".join(lines) + f"\ntotal: {tried} | {held}")
    assert tried == held
