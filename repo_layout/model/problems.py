"""Problem: something wrong in a file, at a line and column, as a value (an error or a warning)."""

from __future__ import annotations

import dataclasses
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


@dataclass(frozen=True)
class CheckProblem(Problem):
    """A schema check's problem: a kind (one of CHECK_KINDS) and its values, which a UI words in its language.

    `message` is English (for programs, logs and --json); tui/problem_words.py says `kind` with `values` by the i18n
    key "check_" + kind, after the point and action the values name ("point", "action"), as FileProblem is worded.
    """

    kind: str = "syntax"
    values: tuple[tuple[str, str], ...] = ()

    def relative_to(self, root: Path) -> Problem:
        try:
            return dataclasses.replace(self, path=self.path.relative_to(root))
        except ValueError:
            return self


CHECK_KINDS: tuple[str, ...] = (
    "unknown_key", "not_text", "not_text_quote", "not_name_list", "name_not_text", "ambiguous", "not_literal",
    "not_mapping_meeting", "no_date", "date_not_date", "file_name", "date_mismatch", "bad_time", "bad_status",
    "points_not_list", "repeated_number", "number_order", "point_not_mapping", "number_not_whole", "no_title",
    "bad_point_time", "sections_not_mapping", "section_not_text", "bad_attachment", "not_list", "no_task", "bad_due",
    "bad_done", "file_not_mapping", "needs_key", "forum_without_file", "stray_file", "not_a_real_date",
    "link_outside", "link_inside", "not_bool", "bad_postponed", "bad_link", "link_no_meeting", "bad_link_meeting",
    "link_unquoted", "bad_link_point", "bad_correction", "correction_date", "past_planned", "no_approval_tag",
    "unknown_meeting", "attachment_outside", "attachment_missing",
)
"""Every kind a CheckProblem can have (each has words in every language: tests/test_check_words.py)."""
