"""Annotated tags: the approval of a meeting's minutes, made with the approver's identity and read back from git."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from repo_layout.git.command import GitCommand, GitCommandFailed, run_for_write, write_environment
from repo_layout.git.commit import GitError
from repo_layout.git.state import Identity

_BAD_TAG_CHARACTERS = re.compile(r"[^A-Za-z0-9._/-]+")
_SPELLED = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"})


@dataclass(frozen=True)
class TagInfo:
    """An annotated tag as git records it: its name, who made it and when, its message and the commit it names."""

    name: str
    tagger: str
    email: str
    when: dt.datetime
    message: str
    commit: str


def tag_name(*parts: str) -> str:
    """A tag name git accepts (`git check-ref-format`) from path-like parts: folder names, a meeting's name, a word."""
    components = []
    for part in parts:
        for piece in part.split("/"):
            plain = unicodedata.normalize("NFKD", piece.translate(_SPELLED)).encode("ascii", "ignore").decode()
            piece = _BAD_TAG_CHARACTERS.sub("-", plain)
            while ".." in piece:
                piece = piece.replace("..", ".")
            piece = piece.strip(".-")
            if piece.endswith(".lock"):
                piece = piece[: -len(".lock")] + "-lock"
            if piece:
                components.append(piece)
    return "/".join(components) or "minutes"


def make_annotated_tag(repo: GitCommand, name: str, message: str, commit: str, who: Identity | None = None) -> None:
    """Tag `commit` as `name` with `message`, by `who` (else git's configured identity); an existing tag is an error."""
    extra = {"GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email} if who is not None else None
    result = run_for_write(
        repo.work_tree, "tag", "--annotate", "--file=-", "--cleanup=verbatim", name, commit,
        env=write_environment(extra), given=message,
    )
    if result.code != 0:
        raise GitError(result.said() or f"git tag {name} failed")


def read_tag(repo: GitCommand, name: str) -> TagInfo | None:
    """The annotated tag `name`, or None when there is none (a lightweight tag has no tagger and reads as None)."""
    fields = "%00".join(("%(objecttype)", "%(taggername)", "%(taggeremail)", "%(taggerdate:iso-strict)", "%(*objectname)"))
    try:
        line = repo.run("for-each-ref", f"--format={fields}%00%(contents)", f"refs/tags/{name}")
    except GitCommandFailed:
        return None
    parts = line.split("\0", 5)
    if len(parts) < 6 or parts[0] != "tag":
        return None
    try:
        when = dt.datetime.fromisoformat(parts[3])
    except ValueError:
        return None
    return TagInfo(name, parts[1], parts[2].strip("<>"), when, parts[5].strip(), parts[4])


def tag_exists(repo: GitCommand, name: str) -> bool:
    """True when a tag of that name exists, annotated or not."""
    try:
        repo.run("rev-parse", "--quiet", "--verify", f"refs/tags/{name}")
    except GitCommandFailed:
        return False
    return True


def delete_tag(repo: GitCommand, name: str) -> None:
    """Remove the tag `name` (a step undone when what it marks failed)."""
    run_for_write(repo.work_tree, "tag", "--delete", name)


def annotated_tag_names(repo: GitCommand) -> set[str]:
    """The names of every annotated tag (one git call: validate looks for many approval tags at once)."""
    try:
        listed = repo.run("for-each-ref", "--format=%(objecttype) %(refname:lstrip=2)", "refs/tags")
    except GitCommandFailed:
        return set()
    return {line.split(" ", 1)[1] for line in listed.splitlines() if line.startswith("tag ")}
