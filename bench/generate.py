"""A synthetic minutes repository of N meetings with one git commit per meeting, made with git fast-import.

Usage: python -m bench.generate DIR --meetings N [--seed S]
       python -m bench.generate --cached --meetings N   (print the cached repository's path, making it if needed)

The files follow the sample repository's layout and canonical style exactly
(`minutes validate` and `minutes fmt --check` accept them): minutes.yaml, five
group folders with group.yaml, 50 forums with forum.yaml, and meeting files
YYYY-MM-DD.yaml of 5-30 KB with 5-12 points each. The same N and seed give the
same bytes and the same commits.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import itertools
import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 1
"""Bump when the output changes, so that cached repositories are made again."""

REPOSITORY_NAME = "Ledelsesreferater"
FORUMS_PER_GROUP = 10
LAST_MEETING = dt.date(2025, 6, 26)
TIMEZONE = "+0100"
_ZONE = dt.timezone(dt.timedelta(hours=1))
MARKER_FILE = "minutes-bench.json"
"""Written inside .git/ when a repository is complete; holds the parameters it was made with."""

GROUPS: tuple[tuple[str, str], ...] = (
    ("Køge Kommune", "Rådhuset, mødelokale 2"),
    ("Næstved Kommune", "Byrådssalen"),
    ("Høje-Taastrup Kommune", "Mødelokale 1.14"),
    ("Ærø Kommune", "Rådhuset i Ærøskøbing"),
    ("Faaborg-Midtfyn Kommune", "Mødelokale Østergade"),
)
FORUM_KINDS: tuple[tuple[str, str], ...] = (
    ("Chefgruppemøde i", "Chefgruppen"),
    ("Ledermøde i", "Ledergruppen"),
    ("Centerledermøde i", "Centerledergruppen"),
    ("Chefteammøde i", "Chefteamet"),
    ("Områdeledermøde i", "Områdeledergruppen"),
    ("Afdelingsledermøde i", "Afdelingsledergruppen"),
    ("Styregruppemøde for", "Styregruppen"),
    ("Koordinationsmøde i", "Koordinationsgruppen"),
    ("Direktionsmøde med", "Direktionen"),
    ("Lederrådsmøde i", "Lederrådet"),
)
"""The kind of forum (every one holds an æ, ø or å) and how its minutes name the forum in a sentence."""
AREAS = (
    "Sundhed og Omsorg",
    "Børn og Unge",
    "Teknik og Miljø",
    "Økonomi og Stab",
    "Kultur og Fritid",
    "Social og Handicap",
    "Skole og Dagtilbud",
    "Ældre og Sundhed",
    "Beskæftigelse og Integration",
    "Digitalisering og IT",
    "Plan og Byg",
    "Natur og Vand",
)
FIRST_NAMES = (
    "Søren", "Anne-Mette", "Jette", "Ida", "Mette", "Lars", "Jørgen", "Bjørn", "Åse", "Kirsten", "Mads",
    "Helle", "Rasmus", "Pernille", "Kåre", "Bente", "Thomas", "Ulla", "Mikkel", "Line", "Jens", "Anders",
    "Maja", "Frederik", "Louise", "Henrik", "Dorthe", "Egil", "Gitte", "Torben", "Birthe", "Niels",
)  # fmt: skip
LAST_NAMES = (
    "Sørensen", "Jørgensen", "Nørgaard", "Kærgaard", "Møller", "Hansen", "Nielsen", "Holm", "Bøgh",
    "Lykke", "Damgaard", "Østergaard", "Frølund", "Dahl", "Mikkelsen", "Kjær", "Lund", "Skøtt", "Bæk",
    "Andersen", "Byrge", "Højgaard", "Aagaard", "Brøndum",
)  # fmt: skip
ROLES = (
    "Kommunaldirektøren",
    "Direktøren for Sundhed og Omsorg",
    "Chefen for Økonomi & Stab",
    "HR-chefen",
    "Forvaltningen",
    "Centerchefen",
    "Sekretariatet",
)
DEPARTMENTS = (
    "Økonomi & Stab", "Sundhed og Omsorg", "Børn og Unge", "Teknik og Miljø", "HR", "Borgerservice",
    "Kultur og Fritid", "Jobcenteret", "Social og Handicap", "Digitaliseringsenheden", "Ældreområdet",
)  # fmt: skip
SUBJECTS = (
    "budgetopfølgningen", "sygefraværet", "ledelsesgrundlaget", "arbejdsmiljøstrategien", "digitaliseringsstrategien",
    "rekrutteringen af ledere", "trivselsmålingen", "kvalitetsrapporten", "handleplanen for ældreområdet",
    "udbuddet af rengøring", "personalepolitikken", "klimaplanen", "MED-strukturen", "kompetenceudviklingen",
    "det tværgående samarbejde", "borgerinddragelsen", "velfærdsteknologien", "økonomistyringen",
    "implementeringen af det nye fagsystem", "skolestrukturen", "dagtilbudsområdet", "beredskabsplanen",
    "lønpolitikken", "APV-opfølgningen", "den sammenhængende borgerrettede indsats", "visitationen",
    "anlægsbudgettet", "energirenoveringen af de kommunale bygninger", "fraværspolitikken", "lederudviklingsforløbet",
    "hjemmeplejens ruteplanlægning", "boligsociale helhedsplan", "ungeindsatsen", "tilsynsrapporten",
)  # fmt: skip
TITLE_TOPICS = (
    "Status på {subject}", "Orientering om {subject}", "Drøftelse af {subject}", "Opfølgning på {subject}",
    "Budgetopfølgning pr. 31. {month} {year}", "Forslag til justering af {subject}", "Temadrøftelse: {subject}",
    "Godkendelse af kommissorium for {subject}", "Evaluering af {subject}", "Nyt fra {department}",
    "Høringssvar vedrørende {subject}", "Årsplan for {year}", "Strategi for {subject} {year}-{year2}",
)  # fmt: skip
SENTENCES = (
    "{forum} drøftede {subject} og besluttede at gå videre med den foreslåede model.",
    "Der er udarbejdet et notat om {subject}, som er vedlagt som bilag.",
    "{department} orienterede om status på {subject}.",
    "Arbejdet er i god proces i alle afdelinger, men der er fortsat udfordringer med {subject}.",
    "Det blev aftalt, at {name} følger op på {subject} inden næste møde.",
    "Forvaltningen forventer et merforbrug på {number},{digit} mio. kr. i {year}, primært på grund af {subject}.",
    "Sagen blev senest behandlet på mødet den {day}. {month} {year}.",
    "Det er vigtigt, at lederne inddrages tidligt i processen, så vi sikrer ejerskab og sammenhæng i ledelseskæden.",
    "Der lægges op til en drøftelse af, hvordan {subject} kan understøtte kerneopgaven.",
    "Medarbejderne har givet udtryk for, at {subject} fylder meget i hverdagen.",
    "Tidsplanen for {subject} er justeret, så implementeringen først sker i {digit}. kvartal {year}.",
    "Økonomiudvalget bliver orienteret om {subject} på mødet i {month}.",
    "Sygefraværet ligger på {number},{digit} pct., hvilket er en lille stigning i forhold til sidste år.",
    "{name} præsenterede oplægget, og der var efterfølgende en god drøftelse.",
    "KommuneMED er orienteret og bakker op om forslaget.",
    "Der er behov for en tydeligere prioritering af opgaverne på tværs af centrene.",
    "Forslaget indebærer, at {subject} samles i et fælles sekretariat under {department}.",
    "På baggrund af erfaringerne fra {year} foreslås en mere enkel proces.",
    "Det blev bemærket, at {subject} skal ses i sammenhæng med {subject2}.",
    "Der udarbejdes en kommunikationsplan, så alle ledere kan formidle budskabet til deres medarbejdere.",
    "Chefgruppen var enige om, at {subject} fortsat skal have høj prioritet.",
    "Udgifterne holdes inden for den vedtagne ramme, og der er ikke behov for en tillægsbevilling.",
    "{department} har sammen med {department2} kortlagt de største udfordringer.",
    "Der har været afholdt {number} dialogmøder med medarbejdere og tillidsrepræsentanter.",
    "Målet er, at færre borgere skal vente mere end {number} dage på en afgørelse.",
    "Det videre arbejde forankres i en arbejdsgruppe med deltagelse fra alle fagområder.",
    "Der følges op på {subject} på et kommende møde i foråret.",
    "Erfaringerne fra de øvrige kommuner viser, at en tidlig indsats betaler sig.",
    "Forløbet afsluttes med en evaluering, som forelægges {forum}.",
    "Punktet blev udsat, da {name} havde forfald.",
)
DECISIONS = (
    "{forum} godkendte indstillingen.",
    "{forum} tog orienteringen til efterretning.",
    "{forum} drøftede sagen og godkendte den foreslåede proces.",
    "Indstillingen blev godkendt med de bemærkninger, der fremkom på mødet.",
    "{forum} besluttede at udsætte punktet til næste møde.",
    "Orienteringen blev taget til efterretning, og der følges op i {month}.",
)
BULLETS = (
    "at {subject} godkendes",
    "at {forum} tager orienteringen om {subject} til efterretning",
    "at {forum} drøfter {subject}",
    "at der afsættes {number} mio. kr. til {subject}",
    "at {department} får ansvaret for {subject}",
    "at tidsplanen for {subject} godkendes",
)
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
    "november", "december",
)  # fmt: skip
ATTACHMENTS = (
    "Notat om {subject}", "Tidsplan for {subject}", "Præsentation fra {department}", "Budgetoverblik {year}",
    "Kommissorium for arbejdsgruppen", "Høringssvar fra KommuneMED", "Bilag {digit} - Økonomiopfølgning",
    "Handleplan {year}", "Rapport om {subject}",
)  # fmt: skip
AUTHORS = (
    ("Mette Sørensen", "mette.soerensen@example.dk"),
    ("Jørgen Kærgaard", "jorgen.kaergaard@example.dk"),
    ("Åse Nørgaard", "aase.noergaard@example.dk"),
    ("Lars Østergaard", "lars.oestergaard@example.dk"),
    ("Helle Bøgh", "helle.boegh@example.dk"),
)

_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÉé0-9][^\n\"'#]*")
_NOT_TEXT = re.compile(
    r"(?i)(y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9_.:]+([eE][-+]?[0-9]+)?|\d{4}-\d\d?-\d\d?([Tt ].*)?"
    r"|\d{1,2}[:.]\d{2}(\s*-\s*\d{1,2}[:.]\d{2})?)"
)


_WORDS: dict[str, tuple[str, ...]] = {
    "subject": SUBJECTS,
    "subject2": SUBJECTS,
    "department": DEPARTMENTS,
    "department2": DEPARTMENTS,
    "name": FIRST_NAMES,
    "month": MONTHS,
}
_NUMBERS = {"number": (2, 40), "digit": (1, 4), "day": (1, 28)}
_FIELDS: dict[str, tuple[str, ...]] = {}


def slug(name: str) -> str:
    """A folder name for a display name: lowercase ASCII, æ/ø/å as ae/oe/aa."""
    text = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("&", "og")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def scalar(text: str) -> str:
    """A one-line string in the canonical style: plain when every YAML reader reads it back as text, else double-quoted."""
    safe = _PLAIN.fullmatch(text) and ": " not in text and not text.endswith((":", " ")) and " #" not in text
    if safe and not _NOT_TEXT.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(text: str, indent: int) -> str:
    """A multi-line string as a literal block scalar (`|`), its lines indented; text must end in one newline."""
    pad = " " * indent
    lines = text.rstrip("\n").split("\n")
    return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)


@dataclass(frozen=True)
class ForumSpec:
    """One forum: its folder, display name, usual place and people."""

    group_slug: str
    slug: str
    name: str
    organisation: str
    location: str
    members: tuple[str, ...]
    weekday: int
    interval: int
    start_hour: int
    short: str

    @property
    def folder(self) -> str:
        """The forum's folder relative to the repository's root."""
        return f"{self.group_slug}/{self.slug}"


class Writer:
    """Makes the text of every file from one seeded random generator."""

    def __init__(self, seed: int | str) -> None:
        """A writer whose every choice comes from the seed."""
        self.rng = random.Random(seed)

    # words -------------------------------------------------------------
    def fill(self, template: str, forum: ForumSpec, date: dt.date) -> str:
        """The template with each of its fields drawn at random (only the fields it uses)."""
        fields = _FIELDS.get(template)
        if fields is None:
            fields = _FIELDS[template] = tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)
        rng = self.rng
        values: dict[str, object] = {}
        for name in fields:
            if name == "forum":
                values[name] = forum.short
            elif name in ("year", "year2"):
                values[name] = date.year + 3 if name == "year2" else date.year - (rng.random() < 0.3)
            elif name in _NUMBERS:
                low, high = _NUMBERS[name]
                values[name] = rng.randint(low, high)
            else:
                values[name] = rng.choice(_WORDS[name])
        return template.format_map(values)

    def paragraph(self, forum: ForumSpec, date: dt.date) -> str:
        """One paragraph of Danish minutes text: sentences, or now and then a list of recommendations."""
        if self.rng.random() < 0.15:
            items = [self.fill(self.rng.choice(BULLETS), forum, date) for _ in range(self.rng.randint(2, 5))]
            return "\n".join(f"- {item}" for item in items)
        count = self.rng.randint(1, 5)
        return " ".join(self.fill(self.rng.choice(SENTENCES), forum, date) for _ in range(count))

    def text(self, forum: ForumSpec, date: dt.date, paragraphs: int) -> str:
        """Some paragraphs separated by blank lines, ending in one newline."""
        return "\n\n".join(self.paragraph(forum, date) for _ in range(paragraphs)) + "\n"

    def recommendation(self, forum: ForumSpec, date: dt.date) -> str:
        """An Indstilling: who recommends, then numbered `at ...` lines."""
        items = [self.fill(self.rng.choice(BULLETS), forum, date) for _ in range(self.rng.randint(1, 3))]
        lines = "\n".join(f"{index}. {item}" for index, item in enumerate(items, 1))
        return f"{self.rng.choice(ROLES)} indstiller,\n\n{lines}\n"

    def case_number(self, date: dt.date) -> str:
        """A journal number in one of the shapes the sample minutes use."""
        rng = self.rng
        if rng.random() < 0.15:
            return f"{date.year % 100:02d}/{rng.randint(1000, 39999)}"
        return (
            f"{rng.randint(0, 88):02d}.{rng.randint(0, 20):02d}.{rng.randint(0, 10):02d}-"
            f"{rng.choice('AGPSK')}{rng.randint(0, 30):02d}-{rng.randint(1, 40)}-{date.year % 100:02d}"
        )

    # files -------------------------------------------------------------
    def forums(self) -> list[ForumSpec]:
        """The 50 forums, ten in each group."""
        people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        self.rng.shuffle(people)
        specs = []
        for group_name, location in GROUPS:
            group_slug = slug(group_name)
            areas = self.rng.sample(AREAS, FORUMS_PER_GROUP)
            for (kind, short), area in zip(FORUM_KINDS, areas, strict=True):
                name = f"{kind} {area}"
                specs.append(
                    ForumSpec(
                        group_slug=group_slug,
                        slug=slug(name),
                        name=name,
                        organisation=f"{group_name} ({area})",
                        location=location,
                        members=tuple(self.rng.sample(people, self.rng.randint(5, 9))),
                        weekday=self.rng.randint(0, 4),
                        interval=self.rng.choice((7, 7, 14)),
                        start_hour=self.rng.choice((8, 9, 9, 10, 13)),
                        short=short,
                    )
                )
        return specs

    def forum_yaml(self, forum: ForumSpec) -> str:
        """The text of a forum's forum.yaml."""
        lines = [
            f"name: {scalar(forum.name)}",
            f"organisation: {scalar(forum.organisation)}",
            f"description: {scalar(f'Ledelsesforum for {forum.organisation}')}",
            f"location: {scalar(forum.location)}",
            "members:",
            *(f"  - {scalar(member)}" for member in forum.members),
            "standing_points:",
            "  - Godkendelse af dagsorden og referat",
            "  - Eventuelt",
        ]
        return "\n".join(lines) + "\n"

    def meeting_yaml(self, forum: ForumSpec, date: dt.date, status: str, target_bytes: int) -> str:
        """A meeting's text, its case presentations padded with paragraphs until it is about target_bytes long."""
        rng = self.rng
        hour = forum.start_hour
        count = rng.randint(5, 12)
        out = [
            f"title: {scalar(f'REFERAT {forum.name} d. {date:%d-%m-%Y}')}",
            f"date: {date.isoformat()}",
            f'start: "{hour:02d}:00"',
        ]
        if rng.random() < 0.6:
            out.append(f'end: "{hour + rng.randint(1, 3):02d}:{rng.choice((0, 15, 30, 45)):02d}"')
        out.append(f"location: {scalar(forum.location)}")
        out.append(f"status: {status}")
        if rng.random() < 0.5:
            out.append(f"minute_taker: {scalar(rng.choice(forum.members))}")
        if rng.random() < 0.3:
            out.append("present:")
            out.extend(f"  - {scalar(member)}" for member in forum.members)
        if rng.random() < 0.3:
            out.append("absent:")
            out.extend(f"  - {scalar(member)}" for member in rng.sample(forum.members, rng.randint(1, 2)))
        if rng.random() < 0.15:
            slots = [f"Pkt. {n} kl. {hour}.{n * 10:02d} {rng.choice(forum.members)}" for n in range(2, 5)]
            out.append(f"information: {block(chr(10).join(slots) + chr(10), 2)}".rstrip("\n"))
        out.append("points:")
        presentations: list[tuple[int, list[str]]] = []  # (line in out, paragraphs) of each Sagsfremstilling
        number = 0
        minute = 0
        for index in range(count):
            number += 2 if index and rng.random() < 0.05 else 1
            minute = self._point(out, presentations, forum, date, index, count, number, minute)
        size = sum(len(line.encode()) + 1 for line in out)
        size += sum(len(paragraph.encode()) + 10 * (paragraph.count("\n") + 2) for _, ps in presentations for paragraph in ps)
        while presentations and size < target_bytes:
            paragraph = self.paragraph(forum, date)
            rng.choice(presentations)[1].append(paragraph)
            size += len(paragraph.encode()) + 10 * (paragraph.count("\n") + 2)
        for line, paragraphs in presentations:
            out[line] += block("\n\n".join(paragraphs) + "\n", 8).rstrip("\n")
        return "\n".join(out) + "\n"

    def _point(
        self,
        out: list[str],
        presentations: list[tuple[int, list[str]]],
        forum: ForumSpec,
        date: dt.date,
        index: int,
        count: int,
        number: int,
        minute: int,
    ) -> int:
        """Append one point's lines to out; its case presentation is left open in presentations."""
        rng = self.rng
        if index == 0:
            title = "Godkendelse af dagsorden og referat"
        elif index == count - 1:
            title = "Eventuelt"
        else:
            title = self.fill(rng.choice(TITLE_TOPICS), forum, date)
            title = title[0].upper() + title[1:]
        length = rng.choice((10, 15, 20, 30))
        start = forum.start_hour * 60 + minute
        time = f"{start // 60:02d}:{start % 60:02d}-{(start + length) // 60:02d}:{(start + length) % 60:02d}"
        presenter = rng.choice(forum.members).split()[0]
        if 0 < index < count - 1 and rng.random() < 0.3:
            title += f" v. {presenter} ({start // 60}:{start % 60:02d}-{(start + length) // 60}:{(start + length) % 60:02d})"
        out.append(f"  - number: {number}")
        out.append(f"    title: {scalar(title)}")
        if rng.random() < 0.7:
            out.append(f"    case: {scalar(self.case_number(date))}")
        if rng.random() < 0.6:
            out.append(f'    time: "{time}"')
        if 0 < index < count - 1 and rng.random() < 0.5:
            out.append(f"    presenter: {scalar(presenter)}")
        if 0 < index < count - 1:
            out.append("    sections:")
            if rng.random() < 0.6:
                out.append(f"      Anledning: {block(self.text(forum, date, 1), 8)}".rstrip("\n"))
            heading = rng.choice(("Sagsfremstilling", "Baggrund", "Sagsfremstilling"))
            presentations.append((len(out), [self.paragraph(forum, date) for _ in range(rng.randint(1, 2))]))
            out.append(f"      {heading}: ")
            heading = rng.choice(("Indstilling", "Indstilling", "INDSTILLING"))
            out.append(f"      {heading}: {block(self.recommendation(forum, date), 8)}".rstrip("\n"))
        elif index == 0:
            out.append("    sections:")
            out.append(f"      Indstilling: {block(self.recommendation(forum, date), 8)}".rstrip("\n"))
        if rng.random() < 0.1:
            out.append(f"    decision_heading: {scalar(f'BESLUTNING I {forum.short.upper()} DEN {date:%d-%m-%Y}')}")
        elif rng.random() < 0.05:
            out.append(f"    decision_heading: {scalar(f'Beslutning for Punkt {number}: {title}')}")
        decision = self.fill(rng.choice(DECISIONS), forum, date)
        if 0 < index < count - 1 and rng.random() < 0.4:
            decision += "\n\n" + self.text(forum, date, rng.randint(1, 2)).rstrip("\n")
        out.append(f"    decision: {block(decision + chr(10), 6)}".rstrip("\n"))
        if 0 < index < count - 1 and rng.random() < 0.25:
            out.append("    attachments:")
            for _ in range(rng.randint(1, 4)):
                out.append(f"      - {scalar(self.fill(rng.choice(ATTACHMENTS), forum, date))}")
        if 0 < index < count - 1 and rng.random() < 0.15:
            out.append("    actions:")
            for _ in range(rng.randint(1, 2)):
                out.append(f"      - task: {scalar(self.fill(rng.choice(SENTENCES[:12]), forum, date).rstrip('.'))}")
                out.append(f"        owner: {scalar(rng.choice(forum.members))}")
                if rng.random() < 0.5:
                    out.append(f"        due: {(date + dt.timedelta(days=rng.randint(14, 120))).isoformat()}")
                out.append(f"        done: {'true' if rng.random() < 0.6 else 'false'}")
        return minute + length

    def plan(self, forums: list[ForumSpec], total: int) -> list[PlannedMeeting]:
        """Every meeting of every forum, oldest first (the order they are committed in)."""
        rng = self.rng
        weights = [rng.uniform(0.6, 1.4) for _ in forums]
        counts = [int(total * weight / sum(weights)) for weight in weights]
        for index in range(total - sum(counts)):
            counts[index % len(counts)] += 1
        home = {forum.folder: index % len(AUTHORS) for index, forum in enumerate(forums)}
        plan: list[PlannedMeeting] = []
        for forum, count in zip(forums, counts, strict=True):
            date = LAST_MEETING - dt.timedelta(days=(LAST_MEETING.weekday() - forum.weekday) % 7)
            dates: list[tuple[dt.date, int]] = []
            while len(dates) < count:
                if rng.random() < 0.01 and dates and dates[-1][1] == 1:
                    dates.append((dates[-1][0], 2))  # a second meeting the same day: YYYY-MM-DD-2.yaml
                    continue
                if date.month != 7:  # no meetings in the summer holiday
                    dates.append((date, 1))
                date -= dt.timedelta(days=forum.interval)
            for position, (day, sequence) in enumerate(dates):
                name = f"{day.isoformat()}{'' if sequence == 1 else f'-{sequence}'}.yaml"
                plan.append(
                    PlannedMeeting(
                        path=f"{forum.folder}/{name}",
                        date=day,
                        forum=forum,
                        status="approved" if position >= 2 else rng.choice(("held", "draft", "approved")),
                        target_bytes=int(min(28_000, max(5_400, rng.lognormvariate(9.1, 0.45)))),
                        author=AUTHORS[home[forum.folder]] if rng.random() < 0.8 else rng.choice(AUTHORS),
                    )
                )
        plan.sort(key=lambda meeting: (meeting.date, meeting.path))
        return plan


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting to write: where it goes, when it was held, how long it is and who commits it."""

    path: str
    date: dt.date
    forum: ForumSpec
    status: str
    target_bytes: int
    author: tuple[str, str]


def meeting_text(seed: int, meeting: PlannedMeeting) -> bytes:
    """The bytes of one meeting file; seeded by the seed and its path, so meetings can be written in any order."""
    return (
        Writer(f"{seed}:{meeting.path}").meeting_yaml(meeting.forum, meeting.date, meeting.status, meeting.target_bytes).encode()
    )


def _data(payload: bytes) -> bytes:
    """A fast-import data command holding the payload."""
    return b"data %d\n" % len(payload) + payload + b"\n"


def fast_import_stream(skeleton: dict[str, str], plan: list[PlannedMeeting], texts: Iterable[bytes]) -> Iterator[bytes]:
    """A git fast-import stream: one commit of the skeleton, then one commit per meeting dated at the meeting."""
    first = plan[0].date if plan else LAST_MEETING
    when = int(dt.datetime.combine(first - dt.timedelta(days=7), dt.time(12), _ZONE).timestamp())
    name, email = AUTHORS[0]
    chunk = [b"commit refs/heads/main\nmark :1\n"]
    chunk.append(f"committer {name} <{email}> {when} {TIMEZONE}\n".encode())
    chunk.append(_data(b"Opret repository med grupper og fora\n"))
    for path, text in sorted(skeleton.items()):
        chunk.append(f"M 100644 inline {path}\n".encode() + _data(text.encode()))
    yield b"".join(chunk)
    for mark, (meeting, text) in enumerate(zip(plan, texts, strict=True), 2):
        when = int(dt.datetime.combine(meeting.date, dt.time(15, mark % 60), _ZONE).timestamp())
        name, email = meeting.author
        message = f"Referat: {meeting.forum.name} {meeting.date.isoformat()}\n"
        yield b"".join(
            (
                b"commit refs/heads/main\nmark :%d\n" % mark,
                f"author {name} <{email}> {when} {TIMEZONE}\n".encode(),
                f"committer {name} <{email}> {when} {TIMEZONE}\n".encode(),
                _data(message.encode()),
                b"from :%d\n" % (mark - 1),
                f"M 100644 inline {meeting.path}\n".encode(),
                _data(text),
            )
        )


def _git(folder: Path, *args: str) -> None:
    """Run a git command in the folder, failing loudly."""
    subprocess.run(["git", *args], cwd=folder, check=True, stdout=subprocess.DEVNULL)


def generate(folder: Path, meetings: int, seed: int = 1, workers: int | None = None) -> dict[str, object]:
    """Make the repository in `folder` (which must not exist or be empty); return what was made."""
    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty")
    writer = Writer(seed)
    forums = writer.forums()
    skeleton = {"minutes.yaml": f"schema: 1\nname: {REPOSITORY_NAME}\nlanguage: da\n"}
    for group_name, _ in GROUPS:
        skeleton[f"{slug(group_name)}/group.yaml"] = f"name: {scalar(group_name)}\n"
    for forum in forums:
        skeleton[f"{forum.folder}/forum.yaml"] = writer.forum_yaml(forum)
    plan = writer.plan(forums, meetings)
    _git(folder, "init", "--quiet", "--initial-branch=main")
    process = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=folder, stdin=subprocess.PIPE)
    assert process.stdin is not None
    sizes: list[int] = []
    workers = workers or min(os.cpu_count() or 1, 4)
    with concurrent.futures.ProcessPoolExecutor(workers) if workers > 1 else contextlib.nullcontext() as pool:
        texts = (
            pool.map(meeting_text, itertools.repeat(seed), plan, chunksize=64)
            if pool is not None
            else (meeting_text(seed, meeting) for meeting in plan)
        )
        for chunk in fast_import_stream(skeleton, plan, (sizes.append(len(text)) or text for text in texts)):
            process.stdin.write(chunk)
    process.stdin.write(b"done\n")
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError(f"git fast-import failed with exit code {process.returncode}")
    _git(folder, "reset", "--quiet", "--hard", "main")
    sizes.sort()
    info: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "meetings": meetings,
        "seed": seed,
        "forums": len(forums),
        "groups": len(GROUPS),
        "commits": len(plan) + 1,
        "name": REPOSITORY_NAME,
        "forum_names": [forum.name for forum in forums],
        "bytes": sum(sizes),
        "median_meeting_bytes": sizes[len(sizes) // 2] if sizes else 0,
        "seconds": round(time.perf_counter() - started, 2),
    }
    (folder / ".git" / MARKER_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info


def cache_root() -> Path:
    """Where generated repositories are kept: $MINUTES_BENCH_DIR or /tmp/minutes-bench."""
    return Path(os.environ.get("MINUTES_BENCH_DIR") or "/tmp/minutes-bench")


def cached_info(meetings: int, seed: int = 1) -> tuple[Path, dict[str, object]]:
    """The path and facts of the cached repository for (meetings, seed), made first if it is missing."""
    folder = cache_root() / f"v{GENERATOR_VERSION}" / f"{meetings}-{seed}"
    marker = folder / ".git" / MARKER_FILE
    if marker.is_file():
        return folder, json.loads(marker.read_text(encoding="utf-8"))
    if folder.exists():
        shutil.rmtree(folder)  # an interrupted run: start again
    building = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    if building.exists():
        shutil.rmtree(building)
    info = generate(building, meetings, seed)
    building.rename(folder)
    return folder, info


def main(argv: list[str] | None = None) -> int:
    """Command line: make a repository in DIR, or print the cached one's path."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, help="where to make the repository (must not exist or be empty)")
    parser.add_argument("--meetings", "-n", type=int, default=1000, help="number of meeting files (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--cached", action="store_true", help="use (or make) the cached repository and print its path")
    args = parser.parse_args(argv)
    if args.cached == (args.dir is not None):
        parser.error("give either DIR or --cached")
    started = time.perf_counter()
    if args.cached:
        folder, info = cached_info(args.meetings, args.seed)
    else:
        folder, info = args.dir, generate(args.dir, args.meetings, args.seed)
    print(folder)
    made = (
        "reused from the cache" if time.perf_counter() - started < float(str(info["seconds"])) else f"made in {info['seconds']} s"
    )
    print(
        f"{info['meetings']} meetings, {info['commits']} commits, {int(str(info['bytes'])) / 1e6:.1f} MB, "
        f"median {info['median_meeting_bytes']} bytes, {made}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
