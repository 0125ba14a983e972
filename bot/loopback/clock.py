"""The demo's and the tests' clock: it runs like a wall clock, and can be moved to any moment, so briefings,
reminders and digests are seen at the minute they fall due without anyone waiting for it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class MovableClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    @property
    def now(self) -> datetime:
        return self._anchor + timedelta(seconds=time.monotonic() - self._set_at)

    @now.setter
    def now(self, moment: datetime) -> None:
        self._anchor, self._set_at = moment, time.monotonic()

    def move(self, by: timedelta) -> datetime:
        self.now = self.now + by
        return self.now

    def __call__(self) -> datetime:
        return self.now
