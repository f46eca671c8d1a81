"""Problem: something wrong in a file, at a line and column, as a value (an error or a warning)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a 1-based line and column."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def relative_to(self, root: Path) -> Problem:
        try:
            path = self.path.relative_to(root)
        except ValueError:
            path = self.path
        return Problem(path, self.line, self.column, self.message, self.severity)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
