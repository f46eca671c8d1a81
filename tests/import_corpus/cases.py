"""Reading the corpus: every case's source and expectations, its import, and how much of it the importer got right."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.source import read_source
from repo_layout.model.meeting import Meeting

CORPUS = Path(__file__).parent
SOURCES = ("source.txt", "source.md", "source.pdf", "source.docx")
HEADER_FIELDS = ("date", "start", "end", "location", "minute_taker", "present", "absent")

# words a heading or label stands for, which the importer may turn into structure instead of text
LABEL_WORDS = frozenset(
    """beslutning beslutninger vedtak innstilling forslag til resolved decision decisions agreed referat drøftelse
    deltagere deltager stede tilstede fremmødt present those attending councillors afbud fraværende forfald forfall
    apologies absent referent ref clerk sted lokale mødested venue tid kl klokken at time dato date bilag ingen
    attachments dagsorden agenda indholdsfortegnelse indhold contents punkt pkt sak item items nr sagsnr saksnr
    arkivsak dok åbent lukket open closed minutes minute møde mødet meeting i på den for of the on in kom
    mødedato møtedato mødetid møtetid møtested deltakere møtende medlemmer fravær protokollfører og and to from
    taken by absence received were mødetidspunkt med""".split()
)
MONTHS_AND_DAYS = frozenset(
    """januar februar marts april maj juni juli august september oktober november december januari mars mai
    desember january february march may june july october mandag tirsdag onsdag torsdag fredag lørdag søndag
    tysdag måndag fredag laurdag monday tuesday wednesday thursday friday saturday sunday""".split()
)
WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)


@dataclass
class Case:
    """One corpus case: its folder, source file and expectations."""

    folder: Path
    source: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name


@dataclass
class Outcome:
    """What the importer made of a case, measured against its expectations."""

    points: list[tuple[int | None, str]]
    decisions: list[int]
    header_found: int
    header_present: int
    lost_words: list[str] = field(default_factory=list)


def cases() -> list[Case]:
    found = []
    for folder in sorted(path for path in CORPUS.iterdir() if (path / "expected.yaml").is_file()):
        source = next((folder / name for name in SOURCES if (folder / name).is_file()), None)
        if source is not None:
            found.append(Case(folder, source, yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))))
    return found


def source_text(case: Case) -> str:
    """The source as the importer reads it (text files decoded; other formats through the importer's own reader)."""
    if case.source.suffix in (".txt", ".md"):
        return read_source(case.source)
    from repo_layout.importing import source as reader  # PDF and Word: the importer's reader for them

    return reader.read_source(case.source)


def imported(case: Case) -> Meeting:
    meeting, _ = parse_minutes(source_text(case), case.source.name)
    return meeting


def _value(meeting: Meeting, name: str) -> Any:
    if name == "date":
        return meeting.date
    return getattr(meeting, name)


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, dt.date):
        return found == wanted
    if isinstance(wanted, list):
        return [str(item).strip() for item in found or []] == [str(item).strip() for item in wanted]
    return found is not None and str(found).strip() == str(wanted).strip()


def lost_words(text: str, meeting: Meeting) -> list[str]:
    """Words of the source found nowhere in the meeting's file, apart from labels, months and weekdays."""
    kept = {word.casefold() for word in WORD.findall(meeting.dump())}
    lost = []
    for word in WORD.findall(text):
        folded = word.casefold()
        if folded in kept or folded in LABEL_WORDS or folded in MONTHS_AND_DAYS or re.fullmatch(r"\d+(?:am|pm)?", folded):
            continue
        lost.append(word)
    return lost


def measure(case: Case) -> Outcome:
    meeting = imported(case)
    points = [(point.number, point.title) for point in meeting.points]
    decisions = [
        point.number if point.number is not None else position
        for position, point in enumerate(meeting.points, start=1)
        if (point.decision or "").strip()
    ]
    header = case.expected.get("header") or {}
    found = sum(1 for name in HEADER_FIELDS if name in header and _same(_value(meeting, name), header[name]))
    present = sum(1 for name in HEADER_FIELDS if name in header)
    return Outcome(points, decisions, found, present, lost_words(source_text(case), meeting))
