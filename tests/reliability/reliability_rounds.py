"""Round counts for the reliability suite: small in `make test`, full with MINUTES_FULL_RELIABILITY=1."""

from __future__ import annotations

import os

FULL = os.environ.get("MINUTES_FULL_RELIABILITY") == "1"


def rounds(quick: int, full: int) -> int:
    """How many rounds a test runs: `quick` in the everyday suite, `full` with MINUTES_FULL_RELIABILITY=1."""
    return full if FULL else quick
