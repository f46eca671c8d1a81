"""How git is told, for one rebase or merge only, to merge YAML files with repo_layout.sync.merge's driver.

The attributes file and the driver's record of what it merged live in `<git dir>/minutes-sync` while the sync runs
(not in the work tree; an abort in a later session, after a crash, removes them).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

from repo_layout.git.command import write_environment

YAML_SUFFIXES = (".yaml", ".yml")
DRIVER = "minutes-yaml"
RECORD = "merged.jsonl"


def driver_environment() -> dict[str, str]:
    """git's environment for a rebase or merge: the driver (a Python module) finds this package and writes UTF-8."""
    package_parent = str(Path(__file__).resolve().parents[2])
    env = write_environment({"PYTHONUTF8": "1"})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    return env


def merge_config(scratch: Path, own_attributes: str | None, mode: str, language: str) -> list[str]:
    """`-c` options that make git merge YAML files with merge.driver_main for this one command.

    `own_attributes` is the user's core.attributesFile, whose lines are kept; `mode` is "merge" or "rebase".
    """
    scratch.mkdir(exist_ok=True)
    attributes = scratch / "attributes"
    if not attributes.exists():
        text = ""
        if own_attributes and Path(own_attributes).expanduser().is_file():
            text = Path(own_attributes).expanduser().read_text(encoding="utf-8", errors="replace").rstrip("\n") + "\n"
        attributes.write_text(text + "".join(f"*{suffix} merge={DRIVER}\n" for suffix in YAML_SUFFIXES), encoding="utf-8")
    command = " ".join(
        [
            shlex.quote(sys.executable),
            "-m",
            "repo_layout.sync.merge",
            "--driver",
            mode,
            shlex.quote(str(scratch / RECORD)),
            language,
            "%O %A %B %P",
        ]
    )
    return [
        "-c", f"core.attributesFile={attributes}",
        "-c", f"merge.{DRIVER}.name=minutes: field-by-field merge of YAML files",
        "-c", f"merge.{DRIVER}.driver={command}",
        "-c", "rerere.enabled=false",
        "-c", "rebase.autoStash=false",
    ]  # fmt: skip


def merged_by_driver(scratch: Path) -> list[tuple[str, list[str]]]:
    """(path, what merged by itself) for each file the driver merged since the last look; the record is then emptied."""
    record = scratch / RECORD
    if not record.exists():
        return []
    found = []
    for line in record.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        found.append((str(entry.get("path", "")), [str(word) for word in entry.get("merged", [])]))
    record.unlink()
    return found
