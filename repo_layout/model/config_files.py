"""What the small files say: minutes.yaml (RepositoryConfig) and forum.yaml (ForumInfo)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from repo_layout.model.fields import get_string_list, get_text
from repo_layout.words import DEFAULT


@dataclass
class RepositoryConfig:
    """What minutes.yaml says: schema version, display name and language."""

    name: str
    language: str = DEFAULT
    schema: int = 1


@dataclass
class ForumInfo:
    """What forum.yaml says; missing keys are empty."""

    name: str
    organisation: str | None = None
    description: str | None = None
    weekday: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    members: list[str] = field(default_factory=list)
    standing_points: list[str] = field(default_factory=list)

    @classmethod
    def from_document(cls, document: Any, fallback_name: str) -> ForumInfo:
        if not isinstance(document, dict):
            return cls(name=fallback_name)
        return cls(
            name=get_text(document, "name") or fallback_name,
            organisation=get_text(document, "organisation"),
            description=get_text(document, "description"),
            weekday=get_text(document, "weekday"),
            start=get_text(document, "start"),
            end=get_text(document, "end"),
            location=get_text(document, "location"),
            members=get_string_list(document, "members"),
            standing_points=get_string_list(document, "standing_points"),
        )
