"""The app factory: settings in, a wired bot out (Bolt app, Ashby client, store, caches, listeners).

Everything talks to ``SLACK_API_URL`` and ``ASHBY_API_URL``, so the same wiring runs against Slack and
Ashby, or against the local stand-ins in the demo and the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from ashby.actions import Writer
from ashby.calendar import InterviewCalendar
from ashby.client import AshbyClient
from ashby.index import CandidateIndex, IndexSync
from ashby.queries import Recruiting
from ashby.reference import ReferenceData
from ashby.resolver import CandidateResolver
from ashby.scorecards import ScorecardIndex
from ashby.store import MemoryStore, RedisStore, Store
from handlers import listeners as slack_listeners
from handlers.answers import Answerer
from handlers.approvals import Approvals
from handlers.identity import Identity
from handlers.questions import Questions
from handlers.services import Services
from handlers.webhooks import AshbyWebhooks
from handlers.writes import WriteFlow

from . import logs
from .settings import Settings

log = logging.getLogger(__name__)

SCHEDULE_EVENTS = ("interviewScheduleCreate", "interviewScheduleUpdate")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Bot:
    settings: Settings
    app: AsyncApp
    ashby: AshbyClient
    store: Store
    index: CandidateIndex
    index_sync: IndexSync
    calendar: InterviewCalendar
    recruiting: Recruiting
    approvals: Approvals
    questions: Questions
    webhooks: AshbyWebhooks = field(init=False)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    _pending_notify: asyncio.Task[None] | None = None
    _notify_again: bool = False

    def __post_init__(self) -> None:
        secret = self.settings.ASHBY_WEBHOOK_SECRET
        self.webhooks = AshbyWebhooks(secret.get_secret_value() if secret else None, self.store, self.apply_webhook)

    @property
    def ready(self) -> bool:
        """True once the candidate index has finished its first pass (what ``/healthz`` reports)."""
        return self.index_sync.ready.is_set()

    async def start(self) -> None:
        """Start the background refreshes; questions are answered as soon as the first pass is in."""
        interval = self.settings.INDEX_REFRESH_SECONDS
        self._tasks.append(asyncio.create_task(self.index_sync.run_forever(interval), name="index-sync"))
        self._tasks.append(asyncio.create_task(self._refresh_calendar(interval), name="calendar-sync"))
        self._tasks.append(asyncio.create_task(self._refresh_scorecards(interval), name="scorecard-sync"))
        self._tasks.append(asyncio.create_task(self._send_approval_cards(interval), name="approval-cards"))
        self._tasks.append(asyncio.create_task(self._warm_reference(), name="warm-reference"))

    async def wait_ready(self) -> None:
        """Until the index, the interview calendar and the scorecards have their first pass in."""
        await self.index_sync.ready.wait()
        await self.calendar.ready.wait()
        if self.recruiting.scorecards is not None:
            await self.recruiting.scorecards.ready.wait()

    async def _warm_reference(self) -> None:
        try:
            await self.recruiting.reference.warm()
            await self.questions.vocabulary()  # the first question then costs only its parse
        except Exception as exc:  # answers load what they need themselves
            log.warning("warming reference data failed: %s", type(exc).__name__)

    async def _refresh_scorecards(self, interval: float) -> None:
        scorecards = self.recruiting.scorecards
        assert scorecards is not None
        while True:
            try:
                await scorecards.refresh()
            except Exception as exc:  # answers fall back to fetching scorecards live
                log.warning("scorecard refresh failed: %s", type(exc).__name__)
            await asyncio.sleep(interval)

    async def _refresh_calendar(self, interval: float) -> None:
        while True:
            try:
                await self.calendar.refresh()
            except Exception as exc:  # keep serving from what we have; try again next round
                log.warning("interview calendar refresh failed: %s", type(exc).__name__)
            await asyncio.sleep(interval)

    async def _send_approval_cards(self, interval: float) -> None:
        """Offer approvers get their cards at once from webhooks; this round catches anything missed."""
        await self.index_sync.ready.wait()
        while True:
            await self.notify_approvers()
            await asyncio.sleep(interval)

    async def _notify_until_quiet(self) -> None:
        """One round per burst of offer webhooks, plus one more if more arrived during it."""
        while True:
            self._notify_again = False
            await self.notify_approvers()
            if not self._notify_again:
                return

    async def notify_approvers(self) -> None:
        try:
            await self.approvals.notify(self.app.client)
        except Exception as exc:
            log.warning("sending approval cards failed: %s", type(exc).__name__)

    async def apply_webhook(self, action: str, data: dict[str, Any]) -> None:
        """Keep caches fresh between refreshes from what Ashby tells us changed."""
        await self.index_sync.apply_webhook(action, data)
        application = data.get("application")
        if isinstance(application, dict) and isinstance(application.get("id"), str) and application["id"]:
            candidate = application.get("candidate")
            candidate_id = candidate.get("id") if isinstance(candidate, dict) else None
            self.recruiting.forget(
                application_id=application["id"], candidate_id=candidate_id if isinstance(candidate_id, str) else None
            )
        if action in SCHEDULE_EVENTS and isinstance(data.get("interviewSchedule"), dict):
            self.calendar.apply_webhook(data["interviewSchedule"])
        if action in ("jobCreate", "jobUpdate", "interviewPlanTransition"):
            self.recruiting.reference.invalidate_jobs()
        if action in ("offerCreate", "offerUpdate", "offerDelete"):
            self.recruiting.forget_approvals()
            if self._pending_notify is None or self._pending_notify.done():
                self._pending_notify = asyncio.create_task(self._notify_until_quiet(), name="approval-cards-now")
            else:  # a round is running and may have read the offers already: run one more after it
                self._notify_again = True

    async def close(self) -> None:
        if self._pending_notify is not None:
            self._tasks.append(self._pending_notify)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.ashby.aclose()
        await self.store.aclose()


def build_bot(settings: Settings, *, clock: Callable[[], datetime] = utc_now, store: Store | None = None) -> Bot:
    """Wire a bot from validated settings (see ``bot.settings.load_settings``); ``store`` overrides the
    one ``REDIS_URL`` chooses (tests give each replica its own key prefix)."""
    assert settings.SLACK_BOT_TOKEN and settings.ASHBY_API_KEY, "checked by load_settings"
    if store is None:
        store = RedisStore(settings.REDIS_URL) if settings.REDIS_URL else MemoryStore()
    shared = isinstance(store, RedisStore)
    ashby = AshbyClient(settings.ASHBY_API_KEY.get_secret_value(), base_url=settings.ASHBY_API_URL)
    reference = ReferenceData(ashby)
    index = CandidateIndex()
    # Only a shared store is worth a second copy of the index; in one process the index is enough.
    index_sync = IndexSync(ashby, index, store=store if shared else None)
    calendar = InterviewCalendar(ashby, clock=clock)
    scorecards = ScorecardIndex(ashby, forms=reference.feedback_forms)
    recruiting = Recruiting(ashby, reference, calendar, clock=clock, index=index, scorecards=scorecards)
    resolver = CandidateResolver(index)
    answerer = Answerer(recruiting, index, resolver, clock=clock, write_roles=settings.write_roles)
    writer = Writer(ashby, audit_notes=settings.AUDIT_NOTES)
    services = Services(
        answerer=answerer,
        writes=WriteFlow(answerer, store, writer, clock=clock, write_roles=settings.write_roles),
        approvals=Approvals(answerer, store, clock=clock),
        identity=Identity(reference, store),
        questions=Questions(reference, index, resolver),
        store=store,
        clock=clock,
    )

    token = settings.SLACK_BOT_TOKEN.get_secret_value()
    signing_secret = settings.SLACK_SIGNING_SECRET.get_secret_value() if settings.SLACK_SIGNING_SECRET else ""
    slack = AsyncWebClient(token=token, base_url=settings.SLACK_API_URL)
    # Slack answers 429 with Retry-After when a channel or method is busy; wait and send once more.
    slack.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    app = AsyncApp(
        client=slack,
        signing_secret=signing_secret,
        # Socket Mode authenticates the socket itself; HTTP mode checks every request's signature.
        request_verification_enabled=not settings.socket_mode,
        # Bolt copies this logger's level and filters to each logger it makes: no request body is logged.
        logger=logs.bolt_logger(),
    )
    slack_listeners.register(app, services)
    return Bot(
        settings=settings,
        app=app,
        ashby=ashby,
        store=store,
        index=index,
        index_sync=index_sync,
        calendar=calendar,
        recruiting=recruiting,
        approvals=services.approvals,
        questions=services.questions,
    )
