"""What an import tells the user: the report of its guesses (ImportReport) and the refusal of a file (ImportFailure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportReport:
    """What the importer guessed and could not place, for the user to read (on stderr)."""

    source: Path
    meeting_path: Path | None
    guesses: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def format(self) -> str:
        """The report as short indented lines: source -> file, then guesses, unplaced lines and warnings."""
        target = str(self.meeting_path) if self.meeting_path else "(not placed)"
        lines = [f"{self.source} -> {target}"]
        lines += [f"  guessed: {item}" for item in self.guesses]
        lines += [f"  not placed: {item}" for item in self.unplaced]
        lines += [f"  warning: {item}" for item in self.warnings]
        return "\n".join(lines)


class ImportFailure(Exception):
    """A file that cannot be imported (empty, binary, undecodable); the message is one line naming the file."""
