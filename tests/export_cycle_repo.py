"""A forum part-way through its cycle, as a real git repository, for the agenda export and publish tests.

org/chefforum:
  2019-10-24 approved, tagged by Ida Byrge on 2019-11-07: point 1 with a kept attachment and a decision, point 2
             closed (every one of its words is in SECRETS), point 3 postponed; a correction; information naming
             point 2.
  2019-11-07 approved, untagged: takes up point 3 of 2019-10-24, follows up the closed point's action.
  2019-11-21 planned: the agenda (sections with æ, ø, å, a carried point, a follow-up point, an attachment).
  2019-12-05 held, 2019-12-19 draft, 2020-01-09 without status: never published.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from repo_layout.cycle.approval import approval_tag
from repo_layout.model.discover import Repository
from tests.conftest import git_env, make_git_repo, run_git, write_files

FORUM = "org/chefforum"
SECRETS = ("Zebrafinke", "Kvæstorxylofon", "Quokkaværdi", "Pingvinhus", "Narhvalnotat")
"""Words only the closed point holds: none may be in any published byte."""
APPROVER = ("Ida Byrge", "ida@example.org")
ATTACHMENT = b"%PDF-1.4 notat om budgettet\n"

OCTOBER = """\
title: Chefforum 24. oktober
date: 2019-10-24
start: "09:00"
location: Mødelokale 1
status: approved
information: |
  Pkt. 2 Fortrolig personalesag Zebrafinke behandles for lukkede døre.
  Mødet sluttede til tiden.
corrections:
  - date: 2019-11-20
    by: Egil Hansen
    what: beslutning i punkt 1 ændret
    why: Beløbet var skrevet forkert
points:
  - number: 1
    title: Budget 2020
    sections:
      Anledning: |
        Økonomiudvalget ønsker en plan.
    decision: |
      Budgettet blev vedtaget.
    attachments:
      - title: Budgetnotat
        file: 2019-10-24/budgetnotat.pdf
  - number: 2
    title: Fortrolig personalesag Zebrafinke
    closed: true
    sections:
      Sagsfremstilling: |
        Medarbejder Kvæstorxylofon har klaget.
    decision: |
      Sagen afsluttes med Quokkaværdi.
    actions:
      - task: Ring til Pingvinhus
        owner: Direktøren
    attachments:
      - title: Narhvalnotat
        file: 2019-10-24/narhvalnotat.pdf
  - number: 3
    title: Skolestruktur
    postponed:
      reason: Afventer høringssvar
"""

NOVEMBER = """\
title: Chefforum 7. november
date: 2019-11-07
status: approved
points:
  - number: 1
    title: Godkendelse af referat fra mødet 2019-10-24
    approves: "2019-10-24"
    decision: |
      Referatet blev godkendt.
  - number: 2
    title: Opfølgning på aftalte handlinger
    follow_up:
      - meeting: "2019-10-24"
        point: 2
        task: Ring til Pingvinhus
        owner: Direktøren
    sections:
      Opfølgning: |
        - Ring til Pingvinhus (Direktøren; besluttet på mødet 2019-10-24, punkt 2)
  - number: 3
    title: Skolestruktur
    carried_from:
      meeting: "2019-10-24"
      point: 3
    decision: |
      Skolestrukturen blev drøftet.
"""

AGENDA = """\
date: 2019-11-21
start: "09:00"
end: "11:00"
location: Mødelokale 2
status: planned
points:
  - number: 1
    title: Godkendelse af referat fra mødet 2019-11-07
    approves: "2019-11-07"
  - number: 2
    title: Skolestruktur på Østerbro
    case: 17.01.00-A00-1-19
    time: "09:15-09:45"
    presenter: Søren
    carried_from:
      meeting: "2019-10-24"
      point: 3
    sections:
      Anledning: |
        Høringssvarene er kommet fra skolebestyrelserne.
      Sagsfremstilling: |
        Forvaltningen har gennemgået de ændringsforslag, der skal træffes beslutning om.
      Indstilling: |
        Direktøren indstiller, at strukturen godkendes.
    attachments:
      - title: Høringsnotat
        file: 2019-11-21/hoeringsnotat.pdf
  - number: 3
    title: Opfølgning på aftalte handlinger
    follow_up:
      - meeting: "2019-10-24"
        point: 1
        task: Sende budgettet til byrådet
        owner: Økonomichefen
        due: 2019-12-01
    sections:
      Opfølgning: |
        - Sende budgettet til byrådet (Økonomichefen, frist 2019-12-01; besluttet på mødet 2019-10-24, punkt 1)
    decision: |
      Ikke-en-dagsordensbeslutning
    actions:
      - task: Ikke-en-dagsordenshandling
"""

NOT_PUBLISHED = {
    "2019-12-05.yaml": "date: 2019-12-05\nstatus: held\npoints:\n  - number: 1\n    title: Afholdt-men-ikke-godkendt\n",
    "2019-12-19.yaml": "date: 2019-12-19\nstatus: draft\npoints:\n  - number: 1\n    title: Udkast-ikke-godkendt\n",
    "2020-01-09.yaml": "date: 2020-01-09\npoints:\n  - number: 1\n    title: Uden-status-ikke-godkendt\n",
}
NOT_PUBLISHED_TITLES = ("Afholdt-men-ikke-godkendt", "Udkast-ikke-godkendt", "Uden-status-ikke-godkendt", "Skolestruktur på")


def make_cycle_repo(root: Path) -> Path:
    """Write the repository at `root`, commit it, and tag 2019-10-24's approval as Ida Byrge on 2019-11-07."""
    files: dict[str, str | bytes] = {
        "minutes.yaml": "schema: 1\nname: Testreferater\nlanguage: da\n",
        f"{FORUM}/forum.yaml": "name: Chefforum\norganisation: Kommunen\n",
        f"{FORUM}/2019-10-24.yaml": OCTOBER,
        f"{FORUM}/2019-10-24/budgetnotat.pdf": ATTACHMENT,
        f"{FORUM}/2019-10-24/narhvalnotat.pdf": b"%PDF-1.4 Narhvalnotat Zebrafinke\n",
        f"{FORUM}/2019-11-07.yaml": NOVEMBER,
        f"{FORUM}/2019-11-21.yaml": AGENDA,
        f"{FORUM}/2019-11-21/hoeringsnotat.pdf": b"%PDF-1.4 hoeringsnotat\n",
        **{f"{FORUM}/{name}": text for name, text in NOT_PUBLISHED.items()},
    }
    root.mkdir(parents=True, exist_ok=True)
    make_git_repo(write_files(root, files))
    run_git(root, "config", "user.name", "Test Referent")
    run_git(root, "config", "user.email", "referent@example.org")
    forum = Repository(root).find_forum(FORUM)
    env = git_env(*APPROVER)
    env["GIT_COMMITTER_DATE"] = "2019-11-07T10:00:00+01:00"
    name = approval_tag(forum, "2019-10-24", "da")
    subprocess.run(["git", "tag", "--annotate", "-m", "godkendt", name, "HEAD"], cwd=root, env=env, check=True)
    return root
