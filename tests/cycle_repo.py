"""A small forum part-way through its cycle, as a real git repository: what the display tests and snapshots show.

2019-10-24 (approved, tagged): point 3 postponed, point 4 closed, an open and a done action.
2019-11-07 (held): approves 2019-10-24, follows up its open action, takes up its point 3, a corrected decision.
2099-01-08 (planned) and 2099-02-05 (agenda sent): still to come; the first is the forum's next meeting.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git_env, make_git_repo, run_git, write_files

FORUM = "kommunen/chefforum"

OCTOBER = """\
title: Chefforum
date: 2019-10-24
start: "09:00"
location: Mødelokale 1
status: held
minute_taker: Ida Referent
points:
  - number: 1
    title: Godkendelse af dagsorden
    decision: Godkendt.
  - number: 2
    title: Kommunikation om LUS
    decision: Lederne orienteres.
    actions:
      - task: Kommunikere LUS til lederne
        owner: Alle chefer
        due: 2019-11-30
      - task: Skrive nyhedsbrev
        owner: Ida
        done: true
  - number: 3
    title: Skolestruktur
    postponed:
      reason: Afventer høringssvar
    attachments:
      - title: Høringsnotat
        file: 2019-10-24/hoeringsnotat.pdf
  - number: 4
    title: Personalesag
    closed: true
    decision: Drøftet.
  - number: 5
    title: Budget 2020
    postponed:
      reason: Tallene mangler
"""

NOVEMBER = """\
title: Chefforum
date: 2019-11-07
status: held
corrections:
  - date: 2019-11-20
    by: Egil Hansen
    what: beslutning i punkt 3 ændret
    why: Beløbet var skrevet forkert
points:
  - number: 1
    title: Godkendelse af referat fra mødet 2019-10-24
    approves: "2019-10-24"
    decision: Referatet fra mødet 2019-10-24 blev godkendt.
  - number: 2
    title: Opfølgning på aftalte handlinger
    follow_up:
      - meeting: "2019-10-24"
        point: 2
        task: Kommunikere LUS til lederne
        owner: Alle chefer
        due: 2019-11-30
  - number: 3
    title: Skolestruktur
    carried_from:
      meeting: "2019-10-24"
      point: 3
    decision: Den nye struktur vedtages.
    attachments:
      - Gammelt notat
"""

PLANNED = """\
title: Chefforum
date: 2099-01-08
status: planned
points:
  - number: 1
    title: Godkendelse af referat fra mødet 2019-11-07
    approves: "2019-11-07"
"""

SENT = """\
title: Chefforum
date: 2099-02-05
status: agenda_sent
points:
  - number: 1
    title: Eventuelt
"""

FILES = {
    "minutes.yaml": "schema: 1\nname: Referater\nlanguage: da\n",
    "kommunen/group.yaml": "name: Kommunen\n",
    f"{FORUM}/forum.yaml": "name: Chefforum\n",
    f"{FORUM}/2019-10-24.yaml": OCTOBER,
    f"{FORUM}/2019-10-24/hoeringsnotat.pdf": b"%PDF-1.4\n",
    f"{FORUM}/2019-11-07.yaml": NOVEMBER,
    f"{FORUM}/2099-01-08.yaml": PLANNED,
    f"{FORUM}/2099-02-05.yaml": SENT,
}

APPROVER = ("Ida Godkender", "ida@example.org")


def make_cycle_repo(root: Path) -> Path:
    """The forum above in a git repository; 2019-10-24 approved by APPROVER with an annotated tag dated 2019-11-07."""
    write_files(root, FILES)
    make_git_repo(root)
    october = root / FORUM / "2019-10-24.yaml"
    october.write_text(OCTOBER.replace("status: held", "status: approved"), encoding="utf-8")
    run_git(root, "commit", "--quiet", "--all", "--message", "Chefforum 2019-10-24: referat godkendt")
    env = {**git_env(*APPROVER), "GIT_COMMITTER_DATE": "2019-11-07T10:30:00+01:00"}
    tag = ["git", "tag", "--annotate", "--message", "godkendt", f"{FORUM}/2019-10-24/godkendt"]
    subprocess.run(tag, cwd=root, env=env, capture_output=True, check=True)
    return root
