"""Sandbox time: a chosen "now" that keeps moving, and Ashby's timestamp format."""

from __future__ import annotations

import time
from datetime import UTC, datetime

SECOND_MS = 1000
MINUTE_MS = 60 * SECOND_MS
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


class Clock:
    """Starts at a chosen instant, then follows real elapsed time.

    Seeded data is laid out relative to the start, and writes made later still sort after it, so a
    sandbox pinned to a fixed date behaves like a live tenant on that date.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self.start_ms = to_ms(start or datetime.now(UTC))
        self._t0 = time.monotonic()

    def now_ms(self) -> int:
        return self.start_ms + int((time.monotonic() - self._t0) * 1000)


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds; a naive datetime is read as UTC (as Ashby reads one without offset)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def iso(ms: int) -> str:
    """``2026-03-10T14:05:09.123Z`` — the exact form Ashby uses for every timestamp."""
    seconds, millis = divmod(ms, 1000)
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"


def parse_iso(text: str) -> int | None:
    """Epoch ms of an ISO 8601 date-time (``Z``, offset or naive-as-UTC); ``None`` if unparseable."""
    try:
        return to_ms(datetime.fromisoformat(text))
    except ValueError:
        return None


def start_of_day(ms: int) -> int:
    """Midnight UTC of the day containing ``ms`` — what "today" means for seeded interviews."""
    return ms - ms % DAY_MS
