"""CycleError: a step of the meeting's cycle refused, with a kind the UI words and the values it names."""

from __future__ import annotations

MESSAGES = {
    "not_held": "{meeting} cannot be approved: its status is {status}, not held",
    "already_approved": "{meeting} is already approved",
    "no_point": "{meeting} has no point {point}",
    "reason_needed": "{meeting} is approved: a change needs a reason (--reason)",
    "attachment_missing": "{file}: no such file",
    "attachment_too_big": "{file} is {size} MB; files over {limit} MB stay in every clone forever (use --force)",
    "attachment_outside": "{file} would be kept outside the meeting's folder",
    "no_meeting": "the forum has no meeting {meeting}",
}


class CycleError(Exception):
    """A step of the cycle that cannot be taken: `kind` (a key of MESSAGES) and the values its words name."""

    def __init__(self, kind: str, **values: str) -> None:
        super().__init__(MESSAGES[kind].format(**values))
        self.kind = kind
        self.values = values
