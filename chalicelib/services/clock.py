"""The time the archive stamps on what it writes, as an injectable function.

Use cases take a `clock` argument (default `system_clock`) instead of reading the time
themselves, so tests can fix it and nothing depends on the wall clock.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, UTC

Clock = Callable[[], str]


def system_clock() -> str:
    """Now, UTC, ISO 8601 with milliseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
