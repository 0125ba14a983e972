"""The app factory: settings in, a wired bot out (Bolt app, Ashby client, store, caches, listeners).

Everything talks to ``SLACK_API_URL`` and ``ASHBY_API_URL``, so the same wiring runs against Slack and
Ashby, or against the local stand-ins in the demo and the tests.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from ashby.actions import Writer
from ashby.calendar import InterviewCalendar
from ashby.client import AshbyClient
from ashby.event_queue import EventQueue
from ashby.index import CandidateIndex
from ashby.index_sync import IndexSync
from ashby.offer_watch import OfferWatch
from ashby.queries import Recruiting
from ashby.reference import ReferenceData
from ashby.resolver import CandidateResolver
from ashby.scorecards import ScorecardIndex
from ashby.store import MemoryStore, RedisStore, Store
from handlers import listeners as slack_listeners
from handlers.answers import Answerer
from handlers.approvals import Approvals
from handlers.desk import Desk
from handlers.directory import SlackDirectory
from handlers.event_path import EventPath
from handlers.feedback_modal import FeedbackModal
from handlers.identity import Identity
from handlers.loop import InterviewLoop, LoopPart
from handlers.loop.briefings import Briefings
from handlers.loop.debriefs import Debriefs
from handlers.loop.digests import Digests
from handlers.loop.reminders import Reminders
from handlers.loop.sources import LoopSources
from handlers.notify.channel_commands import ChannelCommands
from handlers.notify.delivery import Delivery
from handlers.notify.outbox import Outbox
from handlers.notify.preferences import NotificationSettings, Preferences
from handlers.notify.routing import Routing
from handlers.notify.subscriptions import Subscriptions
from handlers.questions import Questions
from handlers.services import Services
from handlers.webhooks import AshbyWebhooks, CacheRoutes
from handlers.writes import WriteFlow

from . import logs
from .background import Background
from .settings import Settings

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _consumer_name() -> str:
    """This process's name in the event queue's consumer group (a restart is a new consumer)."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


@dataclass
class Bot:
    """A wired bot: the Bolt app, the Ashby client and store it closes, the caches ``/healthz`` reports on,
    the background work and the Ashby webhook intake."""

    settings: Settings
    app: AsyncApp
    ashby: AshbyClient
    store: Store
    index: CandidateIndex
    calendar: InterviewCalendar
    recruiting: Recruiting
    approvals: Approvals
    background: Background
    webhooks: AshbyWebhooks
    events: EventPath
    delivery: Delivery
    loop: InterviewLoop

    @property
    def ready(self) -> bool:
        """True once the candidate index has finished its first pass (what ``/healthz`` reports)."""
        return self.background.index_sync.ready.is_set()

    async def start(self) -> None:
        """Start the background refreshes; questions are answered as soon as the first pass is in."""
        self.background.start()

    async def wait_ready(self) -> None:
        await self.background.wait_ready()

    async def notify_approvers(self) -> None:
        """One round of offer-approval cards (each approver gets a card once per step)."""
        await self.background.notify_approvers()

    async def close(self) -> None:
        await self.background.close()
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
    token = settings.SLACK_BOT_TOKEN.get_secret_value()
    signing_secret = settings.SLACK_SIGNING_SECRET.get_secret_value() if settings.SLACK_SIGNING_SECRET else ""
    slack = AsyncWebClient(token=token, base_url=settings.SLACK_API_URL)
    # Slack answers 429 with Retry-After when a channel or method is busy; wait and send once more.
    slack.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    directory = SlackDirectory(store, slack)

    resolver = CandidateResolver(index)
    answerer = Answerer(recruiting, index, resolver, clock=clock, directory=directory, write_roles=settings.write_roles)
    writer = Writer(ashby, audit_notes=settings.AUDIT_NOTES)
    approvals = Approvals(answerer, store, clock=clock, directory=directory)
    identity = Identity(reference, store)
    quiet_from, quiet_until = settings.quiet_hours
    preferences = Preferences(store, default=NotificationSettings(quiet_from=quiet_from, quiet_until=quiet_until))
    subscriptions = Subscriptions(store)
    services = Services(
        answerer=answerer,
        writes=WriteFlow(answerer, store, writer, clock=clock, write_roles=settings.write_roles),
        approvals=approvals,
        identity=identity,
        questions=Questions(reference, index, resolver),
        store=store,
        preferences=preferences,
        subscriptions=subscriptions,
        desk=Desk(answerer, approvals, identity, preferences),
        channel_commands=ChannelCommands(recruiting, subscriptions, write_roles=settings.write_roles),
        feedback_modal=FeedbackModal(answerer, store, clock=clock),
    )
    app = AsyncApp(
        client=slack,
        signing_secret=signing_secret,
        # Socket Mode authenticates the socket itself; HTTP mode checks every request's signature.
        request_verification_enabled=not settings.socket_mode,
        # Bolt copies this logger's level and filters to each logger it makes: no request body is logged.
        logger=logs.bolt_logger(),
    )
    slack_listeners.register(app, services)

    async def notify_approvers() -> None:
        """One round of offer-approval cards; a failure waits for the next round."""
        try:
            await approvals.notify(app.client)
        except Exception as exc:
            log.warning("sending approval cards failed: %s", type(exc).__name__)

    queue = EventQueue(store, consumer=_consumer_name(), claim_after=settings.EVENT_CLAIM_SECONDS)
    outbox = Outbox(store, clock=clock, gap=settings.NOTIFY_GROUP_SECONDS, max_wait=settings.NOTIFY_GROUP_MAX_SECONDS)
    routing = Routing(recruiting, directory, preferences, subscriptions, outbox)
    delivery = Delivery(
        store,
        outbox,
        recruiting=recruiting,
        identity=identity,
        preferences=preferences,
        desk=services.desk,
        clock=clock,
        write_roles=settings.write_roles,
    )
    offer_watch = OfferWatch(ashby, store, lambda changes: events.from_sync(changes))
    loop = _interview_loop(settings, services, recruiting, directory, clock)
    background = Background(
        index_sync=index_sync,
        calendar=calendar,
        recruiting=recruiting,
        questions=services.questions,
        notify_approvers=notify_approvers,
        consume_events=lambda: queue.run(events.handle),
        send_notifications=lambda: delivery.send_due(app.client),
        watch_offers=offer_watch.run_once if settings.NOTIFICATIONS_ENABLED else None,
        run_loop=(lambda: loop.run(app.client)) if settings.NOTIFICATIONS_ENABLED else None,
        interval=settings.INDEX_REFRESH_SECONDS,
    )
    routes = CacheRoutes(index_sync, recruiting, calendar, offers_changed=background.offers_changed)
    notifying = settings.NOTIFICATIONS_ENABLED
    events = EventPath(queue, routes, routing if notifying else None)
    if notifying:
        index_sync.on_changes = events.from_sync
        services.writes.confirmer.notices = events
    secret = settings.ASHBY_WEBHOOK_SECRET
    webhooks = AshbyWebhooks(secret.get_secret_value() if secret else None, store, queue)
    return Bot(
        settings=settings,
        app=app,
        ashby=ashby,
        store=store,
        index=index,
        calendar=calendar,
        recruiting=recruiting,
        approvals=approvals,
        background=background,
        webhooks=webhooks,
        events=events,
        delivery=delivery,
        loop=loop,
    )


def _interview_loop(
    settings: Settings,
    services: Services,
    recruiting: Recruiting,
    directory: SlackDirectory,
    clock: Callable[[], datetime],
) -> InterviewLoop:
    """Briefings, scorecard reminders, debrief cards and digests, on the bot's one clock."""
    sources = LoopSources(recruiting, directory, services.identity, services.preferences, services.store)
    reminders = Reminders(
        sources, first=timedelta(minutes=settings.REMINDER_FIRST_MINUTES), days=settings.REMINDER_DAYS
    )
    parts: list[tuple[str, LoopPart]] = [
        ("briefings", Briefings(sources)),
        ("scorecard reminders", reminders),
        ("debriefs", Debriefs(sources, services.answerer, give_up_after=reminders.lookback)),
        (
            "digests",
            Digests(
                services.desk,
                services.preferences,
                services.identity,
                directory,
                services.store,
                default_on=settings.DIGEST_BY_DEFAULT,
                nudge_after=timedelta(hours=settings.APPROVAL_NUDGE_HOURS),
            ),
        ),
    ]
    return InterviewLoop(parts, clock=clock)
