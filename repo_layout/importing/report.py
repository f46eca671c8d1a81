"""What an import tells the user: the report of its guesses (ImportReport) and the refusal of a file (ImportFailure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.importing.text import Note
from repo_layout.words import words


@dataclass
class ImportReport:
    """What the importer guessed and could not place, for the user to read (on stderr)."""

    source: Path
    meeting_path: Path | None
    guesses: list[Note] = field(default_factory=list)
    unplaced: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def format(self, language: str = "en") -> str:
        """The report as short indented lines in `language`: source -> file, then guesses, unplaced lines and warnings."""
        said = words(language, fallback="en")["importing"]
        target = str(self.meeting_path) if self.meeting_path else said["report_no_file"]
        lines = [f"{self.source} -> {target}"]
        kinds = (("report_guessed", self.guesses), ("report_unplaced", self.unplaced), ("report_warning", self.warnings))
        for label, notes in kinds:
            lines += [f"  {said[label]}: {note.words(language) if isinstance(note, Note) else note}" for note in notes]
        return "\n".join(lines)


class ImportFailure(Exception):
    """A file that cannot be imported (empty, binary, undecodable); the message is one line naming the file.

    Raised with a Note (kind "failure_..."), whose English words are the message; `words(language)` says it in another.
    """

    def words(self, language: str) -> str:
        """The refusal in `language`."""
        said = self.args[0] if self.args else ""
        return said.words(language) if isinstance(said, Note) else str(said)
