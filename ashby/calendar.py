"""Interview schedules around now, kept fresh by incremental ``interviewSchedule.list`` passes.

"What interviews do I have today?" is answered from here (with the candidate index and the scorecard index)
without paging Ashby at question time. Only schedules with an event in a window around now are kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import ValidationError

from . import models as m
from .client import AshbyClient
from .pagination import Sync

log = logging.getLogger(__name__)

KEEP_PAST = timedelta(days=14)
KEEP_FUTURE = timedelta(days=60)


class InterviewCalendar:
    def __init__(self, client: AshbyClient, *, clock: Callable[[], datetime]) -> None:
        self.client = client
        self.clock = clock
        self.sync = Sync("interviewSchedule.list")
        self._schedules: dict[str, m.InterviewSchedule] = {}
        #: Set once the first pass is in, so answers about interviews are complete.
        self.ready = asyncio.Event()

    async def refresh(self) -> None:
        """One incremental pass (a full one the first time or when Ashby refuses the token)."""
        fresh: dict[str, m.InterviewSchedule] | None = None
        async for batch in self.client.sync(self.sync):
            if batch.starts_pass:
                fresh = {}
            target = fresh if fresh is not None else self._schedules
            for raw in batch.items:
                self._apply(target, raw)
        if fresh is not None:
            self._schedules = fresh
        self.ready.set()

    def apply_webhook(self, schedule: dict[str, object]) -> None:
        """Apply an ``interviewScheduleCreate/Update`` payload between passes."""
        self._apply(self._schedules, schedule)

    def _apply(self, target: dict[str, m.InterviewSchedule], raw: object) -> None:
        try:
            schedule = m.InterviewSchedule.model_validate(raw)
        except ValidationError:
            log.warning("skipped an interview schedule Ashby sent in an unexpected shape")
            return
        if schedule.status == "Cancelled" or not self._in_window(schedule):
            target.pop(schedule.id, None)
        else:
            target[schedule.id] = schedule

    def _in_window(self, schedule: m.InterviewSchedule) -> bool:
        now = self.clock()
        return any(
            now - KEEP_PAST <= event.end_time and event.start_time <= now + KEEP_FUTURE
            for event in schedule.interview_events
        )

    def events_between(self, start: datetime, end: datetime) -> list[tuple[m.InterviewSchedule, m.InterviewEvent]]:
        """Events starting in ``[start, end)``, earliest first."""
        found = [
            (schedule, event)
            for schedule in self._schedules.values()
            for event in schedule.interview_events
            if start <= event.start_time < end
        ]
        return sorted(found, key=lambda pair: pair[1].start_time)

    def for_application(self, application_id: str) -> list[tuple[m.InterviewSchedule, m.InterviewEvent]]:
        found = [
            (schedule, event)
            for schedule in self._schedules.values()
            if schedule.application_id == application_id
            for event in schedule.interview_events
        ]
        return sorted(found, key=lambda pair: pair[1].start_time)

    def __len__(self) -> int:
        return len(self._schedules)
