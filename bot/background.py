"""The bot's periodic work, in one place: index, interview calendar and scorecard refreshes, warming the
reference data and the question vocabulary, rounds of offer-approval cards, the Ashby event consumer and
the rounds that send waiting notifications. ``close`` cancels every
loop and waits for each to stop, so a shutdown leaves nothing half-run behind."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from ashby.calendar import InterviewCalendar
from ashby.index_sync import IndexSync
from ashby.queries import Recruiting
from handlers.questions import Questions

log = logging.getLogger(__name__)

#: Seconds between rounds of the interview loop (briefings, reminders, debriefs, digests are due by the minute).
LOOP_SECONDS = 30.0


class Background:
    def __init__(
        self,
        *,
        index_sync: IndexSync,
        calendar: InterviewCalendar,
        recruiting: Recruiting,
        questions: Questions,
        notify_approvers: Callable[[], Awaitable[None]],
        consume_events: Callable[[], Coroutine[Any, Any, None]],
        send_notifications: Callable[[], Awaitable[int]],
        watch_offers: Callable[[], Awaitable[int]] | None,
        run_loop: Callable[[], Awaitable[int]] | None,
        interval: float,
        notify_tick: float = 1.0,
    ) -> None:
        self.index_sync = index_sync
        self.calendar = calendar
        self.recruiting = recruiting
        self.questions = questions
        self.notify_approvers = notify_approvers
        self.consume_events = consume_events
        self.send_notifications = send_notifications
        self.watch_offers = watch_offers
        self.run_loop = run_loop
        self.interval = interval
        self.notify_tick = notify_tick
        self._tasks: list[asyncio.Task[Any]] = []
        self._pending_notify: asyncio.Task[None] | None = None
        self._notify_again = False

    def start(self) -> None:
        """Start every loop; answers work as soon as the index's first pass is in."""
        loops = {
            "index-sync": self.index_sync.run_forever(self.interval),
            "calendar-sync": self._every(self.calendar.refresh, "interview calendar refresh"),
            "approval-cards": self._approval_rounds(),
            "warm-reference": self._warm(),
            "ashby-events": self.consume_events(),
            "notifications": self._tick(self.send_notifications, "sending notifications"),
        }
        if self.watch_offers is not None:
            loops["offer-watch"] = self._every(self.watch_offers, "offer watch")
        if self.run_loop is not None:
            loops["interview-loop"] = self._rounds(self.run_loop, LOOP_SECONDS, "interview loop")
        scorecards = self.recruiting.scorecards
        if scorecards is not None:
            loops["scorecard-sync"] = self._every(scorecards.refresh, "scorecard refresh")
        self._tasks += [asyncio.create_task(loop, name=name) for name, loop in loops.items()]

    async def wait_ready(self) -> None:
        """Until the index, the interview calendar and the scorecards have their first pass in."""
        await self.index_sync.ready.wait()
        await self.calendar.ready.wait()
        if self.recruiting.scorecards is not None:
            await self.recruiting.scorecards.ready.wait()

    def offers_changed(self) -> None:
        """Offer webhooks: one round of approval cards now, and one more if more arrive during it."""
        if self._pending_notify is None or self._pending_notify.done():
            self._pending_notify = asyncio.create_task(self._notify_until_quiet(), name="approval-cards-now")
        else:  # a round is running and may have read the offers already: run one more after it
            self._notify_again = True

    async def close(self) -> None:
        tasks = [*self._tasks, *([self._pending_notify] if self._pending_notify is not None else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def _every(self, refresh: Callable[[], Awaitable[object]], what: str) -> None:
        while True:
            try:
                await refresh()
            except Exception as exc:  # keep serving from what we have; try again next round
                log.warning("%s failed: %s", what, type(exc).__name__)
            await asyncio.sleep(self.interval)

    async def _tick(self, work: Callable[[], Awaitable[object]], what: str) -> None:
        """Short rounds (waiting notifications fall due by the second, not by the minute)."""
        await self._rounds(work, self.notify_tick, what)

    async def _rounds(self, work: Callable[[], Awaitable[object]], seconds: float, what: str) -> None:
        await self.index_sync.ready.wait()  # rounds read the caches the first passes fill
        while True:
            try:
                await work()
            except Exception as exc:
                log.warning("%s failed: %s", what, type(exc).__name__)
            await asyncio.sleep(seconds)

    async def _warm(self) -> None:
        try:
            await self.recruiting.reference.warm()
            await self.questions.vocabulary()  # the first question then costs only its parse
        except Exception as exc:  # answers load what they need themselves
            log.warning("warming reference data failed: %s", type(exc).__name__)

    async def _approval_rounds(self) -> None:
        """Offer approvers get their cards at once from webhooks; this round catches anything missed."""
        await self.index_sync.ready.wait()
        while True:
            await self.notify_approvers()
            await asyncio.sleep(self.interval)

    async def _notify_until_quiet(self) -> None:
        while True:
            self._notify_again = False
            await self.notify_approvers()
            if not self._notify_again:
                return
