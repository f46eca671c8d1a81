"""Two people and a remote for the sync tests: a bare remote holding sample-repo, and Anna's and Bo's clones of it.

Every commit is made with the real git binary; each clone has its own user.name and user.email in its config.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import SAMPLE_REPO

MEETING = "albertslund-kommune/chefforum/2019-10-24.yaml"
OTHER_MEETING = "albertslund-kommune/chefforum/2015-04-23.yaml"

ANNA = ("Anna Andersen", "anna@example.org")
BO = ("Bo Bæk", "bo@example.org")

DECISION_1 = "      Chefforum godkendte dagsorden og referat.\n"
DECISION_7 = "      Intet.\n"


@dataclass
class Clones:
    """A bare remote and two clones of it: Anna's and Bo's."""

    remote: Path
    anna: Path
    bo: Path


def make_template(base: Path, env: dict[str, str]) -> Path:
    """In base: remote.git with sample-repo committed and pushed by Anna (her clone starts the history), and Bo's clone."""

    def run(repo: Path, *args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)

    def configure(repo: Path, who: tuple[str, str]) -> None:
        for key, value in (("user.name", who[0]), ("user.email", who[1]), ("commit.gpgsign", "false")):
            run(repo, "config", key, value)

    run(base, "init", "--quiet", "--bare", "--initial-branch=main", "remote.git")
    run(base, "clone", "--quiet", "remote.git", "anna")  # an empty clone: Anna starts the history
    anna = base / "anna"
    run(anna, "checkout", "--quiet", "-b", "main")
    configure(anna, ANNA)
    shutil.copytree(SAMPLE_REPO, anna, dirs_exist_ok=True)
    run(anna, "add", "--all")
    run(anna, "commit", "--quiet", "-m", "Referaterne")
    run(anna, "push", "--quiet", "-u", "origin", "main")
    run(base, "clone", "--quiet", "remote.git", "bo")
    configure(base / "bo", BO)
    return base


def copy_template(template: Path, target: Path, env: dict[str, str] | None = None) -> Clones:
    """A fresh copy of the template for one test in target, its clones pointing at its own remote."""
    for name in ("remote.git", "anna", "bo"):
        shutil.copytree(template / name, target / name, symlinks=True)
    clones = Clones(target / "remote.git", target / "anna", target / "bo")
    for clone in (clones.anna, clones.bo):
        set_url = ["git", "remote", "set-url", "origin", str(clones.remote)]
        subprocess.run(set_url, cwd=clone, env=env, capture_output=True, check=True)
    return clones


def replace_once(repo: Path, relative: str, old: str, new: str) -> None:
    """Replace `old` by `new` once in a file of the work tree; `old` must be there."""
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
