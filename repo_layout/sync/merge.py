"""Structural 3-way merge of meeting files (and any YAML mapping): field by field, point by point.

The merge starts from the "ours" document, so its comments, key order and layout stay,
and applies the other side's changes to it through ruamel round-trip objects:

- a field (header field, point field, section of a point, field of an action) changed on
  one side only takes that side's value; the same change on both sides is no conflict;
- the points of a meeting and the actions of a point are matched between versions the way
  `changes.diff_meetings` matches them (`changes._match_points`: same title, then same
  number), so a point added on each side keeps both, and a point deleted on one side and
  edited on the other is a conflict rather than a silent loss;
- lists of plain values (present, absent, attachments, members) merge as sets;
- the same field changed to different values on both sides is a `FieldConflict`; the text
  of a `MergeResult` keeps "ours" there, and `resolve` applies a person's choices.

In this application "ours" is always the local user's version ("mine") and "theirs" the
version that came from the remote; `repo_layout.sync.session` takes care of git's inverted sides
during a rebase before it calls this module.

Run as `python -m repo_layout.sync.merge --driver MODE RECORD LANGUAGE %O %A %B %P` it is a git
merge driver (see `driver_main`). Its parts: `merge_fields` (the walk), `merge_conflicts` (conflicts
and a person's choices), `merge_words` (what was merged, in words).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from repo_layout.history.changes import _plain
from repo_layout.sync.merge_conflicts import ABSENT, FILE_KEY, ChoiceError, FieldConflict, Where
from repo_layout.sync.merge_fields import FieldMerger
from repo_layout.sync.merge_words import merged_words
from repo_layout.yaml import splice, yamlio

__all__ = ["FILE_KEY", "ChoiceError", "FieldConflict", "MergeResult", "driver_main", "merge_meeting", "resolve"]
"""The merge's public names; FILE_KEY, ChoiceError and FieldConflict live in its parts and are named here too."""


@dataclass
class MergeResult:
    """The merged text (with "ours" in conflicting places), the conflicts, and what was merged in words."""

    text: str
    conflicts: list[FieldConflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def _merge(base: str | None, ours: str, theirs: str, language: str, choices: dict[str, str] | None) -> MergeResult:
    merger = FieldMerger(language, choices)
    if ours == theirs or (base is not None and theirs == base):
        return MergeResult(ours)
    try:
        ours_doc = yamlio.load_text(ours)
        theirs_doc = yamlio.load_text(theirs)
    except yamlio.YamlLoadError:
        return _whole_file(merger, base, ours, theirs)
    try:
        base_doc = yamlio.load_text(base) if base else None
    except yamlio.YamlLoadError:
        base_doc = None  # an unreadable ancestor: merge the two sides as if both had added everything
    base_doc = CommentedMap() if base_doc is None else base_doc
    if not all(isinstance(doc, CommentedMap) for doc in (base_doc, ours_doc, theirs_doc)):
        return _whole_file(merger, base, ours, theirs)
    plain_base, plain_ours, plain_theirs = _plain(base_doc), _plain(ours_doc), _plain(theirs_doc)
    if base is not None and ours == base:
        return MergeResult(theirs, [], merged_words(plain_base, plain_ours, plain_theirs, plain_theirs, merger.language))
    merger.merge_mapping(base_doc, ours_doc, theirs_doc, Where("", "", "meeting"))
    text = splice.save_text(ours, ours_doc, yamlio.guess_layout(ours)) if merger.changed else ours
    words = merged_words(plain_base, plain_ours, plain_theirs, _plain(ours_doc), merger.language)
    return MergeResult(text, merger.conflicts, words)


def _whole_file(merger: FieldMerger, base: str | None, ours: str, theirs: str) -> MergeResult:
    """A file that is not a YAML mapping on every side: one conflict over the whole text."""
    choice = merger.conflict(FILE_KEY, merger.words["file"], ABSENT if base is None else base, ours, theirs)
    text = ours if choice == "ours" else theirs if choice == "theirs" else choice
    return MergeResult(text, merger.conflicts, [])


def merge_meeting(base: str | None, ours: str, theirs: str, language: str = "da") -> MergeResult:
    """Merge two versions of a meeting file field by field against their common ancestor (None when there is none)."""
    return _merge(base, ours, theirs, language, None)


def resolve(base: str | None, ours: str, theirs: str, choices: dict[str, str], language: str = "da") -> str:
    """The final file: the merge with each conflict settled by "ours", "theirs" or a replacement text."""
    result = _merge(base, ours, theirs, language, choices)
    missing = [conflict.label for conflict in result.conflicts if conflict.key not in choices]
    if missing:
        raise ChoiceError(f"no choice made for: {', '.join(missing)}")
    return result.text


# git merge driver -------------------------------------------------------------------------

def driver_main(argv: list[str]) -> int:
    """Git merge driver: `--driver MODE RECORD LANGUAGE %O %A %B %P`; exit 0 when merged, 1 when a person must choose.

    MODE says which of git's sides is the local user's: during a rebase %A is the
    upstream and %B the local commit being replayed; during a merge %A is the local
    HEAD. The merged text goes to %A; a line of JSON naming what was merged goes to RECORD.
    """
    if len(argv) != 8 or argv[0] != "--driver":
        print("usage: python -m repo_layout.sync.merge --driver MODE RECORD LANGUAGE BASE CURRENT OTHER PATH", file=sys.stderr)
        return 2
    mode, record, language, base_file, current_file, other_file, path = argv[1:]
    try:
        base, current, other = (Path(name).read_bytes().decode("utf-8") for name in (base_file, current_file, other_file))
        mine, theirs = (other, current) if mode == "rebase" else (current, other)
        result = merge_meeting(base or None, mine, theirs, language)
        if result.conflicts:
            return 1
        Path(current_file).write_bytes(result.text.encode("utf-8"))
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"path": path, "merged": result.merged}, ensure_ascii=False) + "\n")
    except Exception:  # any failure leaves the file to the caller, as a conflict
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(driver_main(sys.argv[1:]))
