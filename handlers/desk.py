"""The Home tab: each person's desk, built from the caches.

``Desk.publish`` builds one person's Home and publishes it (``views.publish``). Everything comes from what the
bot already keeps: interviews and the feedback owed from the interview calendar and the scorecard index
(``Recruiting.interviews``), approvals from the offers awaiting approval (as ``/ashby approvals`` finds them),
jobs from the reference data's hiring teams with counts per stage from the candidate index
(``Recruiting.pipeline``), and the notification settings from the shared store. Nothing pages through Ashby.
The daily digest (``handlers.loop.digests``) reuses ``Desk.desk`` for the same interviews, feedback owed and
approvals, at the moment it is sent.

Publishing is safe to call often: calls for the same person while one is being built wait for it and are
answered by one more build at most, and nothing raises for Ashby, the store or Slack. A part that could not
be loaded (Ashby failed or took too long) is left out with a line saying so; the rest is published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Collection
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby import errors
from ashby.access import Viewer
from ashby.calendar import KEEP_PAST
from ashby.events import Topic
from ashby.memo import Memo
from ashby.queries import ASHBY_APP_URL
from ashby.store import StoreError
from ashby.views import InterviewView, OfferView
from blocks import home as home_blocks
from blocks import settings as settings_blocks
from blocks.common import Block, Message, section
from blocks.payloads import QuietEnd
from blocks.settings import LoopSettings

from .answers import Answerer
from .approvals import Approvals
from .identity import Asker, Identity
from .notify.preferences import NotificationSettings, Preferences

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How long one part of the Home may take before it is shown as not loaded (the rest is published anyway).
PART_SECONDS = 8.0
#: Jobs whose pipeline the Home shows, the busiest first; the rest are counted.
JOBS_SHOWN = home_blocks.MAX_ROWS


class NotReady(Exception):
    """A cache a part of the Home reads has not finished its first pass."""


_OPENED_KEY = "home:opened:{}"
#: How long after someone last opened their Home tab events keep it fresh.
OPENED_TTL = 30 * 24 * 3600


class Desk:
    def __init__(
        self,
        answerer: Answerer,
        approvals: Approvals,
        identity: Identity,
        preferences: Preferences,
        *,
        digest_default: bool = False,
    ) -> None:
        """``digest_default``: whether people who never chose get the daily digest (the admin's
        ``DIGEST_BY_DEFAULT``; ``Digests`` sets it too, so the settings show what it does)."""
        self.answerer = answerer
        self.approvals = approvals
        self.identity = identity
        self.preferences = preferences
        self.digest_default = digest_default
        # Per person: how many publishes were asked for, and how many of those the last build covered.
        self._asked: dict[str, int] = {}
        self._covered: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._notices: dict[str, str] = {}
        # Homes built at the same time share one read of the offers awaiting approval (nothing is kept).
        self._awaiting: Memo[list[OfferView]] = Memo(0.0)

    async def opened(self, client: AsyncWebClient, team_id: str | None, slack_user_id: str) -> None:
        """The person opened their Home tab: publish it, and keep it fresh after events for a while."""
        with contextlib.suppress(StoreError):
            await self.identity.store.set(_OPENED_KEY.format(slack_user_id), "1", ttl=OPENED_TTL)
        await self.publish(client, team_id, slack_user_id)

    async def refresh(self, client: AsyncWebClient, slack_user_id: str) -> None:
        """After an event that changes it: re-published only for people who use their Home tab (each build
        reads the offers awaiting approval, not worth doing for a tab nobody opens)."""
        try:
            used = await self.identity.store.get(_OPENED_KEY.format(slack_user_id)) is not None
        except StoreError:
            return
        if used:
            await self.publish(client, None, slack_user_id)

    async def publish(
        self, client: AsyncWebClient, team_id: str | None, slack_user_id: str, *, notice: str | None = None
    ) -> None:
        """Build and publish ``slack_user_id``'s Home tab (``views.publish``). ``notice`` is a one-off line
        for the top. Never raises for Ashby, store or Slack trouble (it is logged).

        Calls for a person whose Home is being built wait for that build and then share one more; a call
        returns once a Home built after it was made has been published (or failed to publish)."""
        key = f"{team_id or '-'}:{slack_user_id}"
        asked = self._asked[key] = self._asked.get(key, 0) + 1
        if notice:
            self._notices[key] = notice
        async with self._locks.setdefault(key, asyncio.Lock()):
            if self._covered.get(key, 0) >= asked:
                return  # a build that started after this call has been published
            covering = self._asked[key]
            try:
                view = await self.home(client, team_id, slack_user_id, notice=self._notices.pop(key, None))
                await client.views_publish(user_id=slack_user_id, view=view)
            except SlackApiError as exc:
                log.warning("could not publish a Home tab: %s", exc.response.get("error"))
            except Exception:
                log.exception("could not build or publish a Home tab")
            finally:
                self._covered[key] = covering

    async def home(
        self, client: AsyncWebClient, team_id: str | None, slack_user_id: str, *, notice: str | None = None
    ) -> dict[str, Any]:
        """The Home view for ``slack_user_id``: their desk, a short explanation when they have no Ashby access,
        or what went wrong when Ashby could not say who they are."""
        try:
            asker = await self.identity.asker(client, team_id, slack_user_id)
        except errors.AshbyError as exc:
            log.warning("could not look up who opened the Home tab: %s", type(exc).__name__)
            return home_blocks.trouble_home(
                "I couldn't reach Ashby to see who you are, so your desk can't load right now. "
                "Open this tab again in a minute.",
                await self._settings(slack_user_id),
            )
        if asker.viewer is None:
            return home_blocks.no_access_home(asker.no_access())
        desk, settings = await asyncio.gather(self.desk(asker, notice=notice), self._settings(slack_user_id))
        return home_blocks.home_view(desk, settings)

    async def desk(
        self, asker: Asker, *, notice: str | None = None, now: datetime | None = None, jobs: bool = True
    ) -> home_blocks.DeskView:
        """What the asker's Home shows; each part loads on its own, and one that fails is left out.

        ``now``: the moment it is built for (the bot's clock when None); ``jobs=False`` leaves the jobs part
        out (``jobs`` is then an empty tuple), for the daily digest, which reads only the rest."""
        viewer = asker.required_viewer()
        now = now or self.answerer.clock()

        async def no_jobs() -> tuple[list[home_blocks.DeskJob], int]:
            return [], 0

        interviews, approvals, mine = await asyncio.gather(
            self._part("interviews", self._interviews(viewer, asker, now)),
            self._part("approvals", self._approvals_for(viewer)),
            self._part("jobs", self._jobs(viewer) if jobs else no_jobs()),
        )
        parts = {"your interviews and feedback": interviews, "approvals waiting on you": approvals, "your jobs": mine}
        unavailable = tuple(what for what, part in parts.items() if part is None)
        return home_blocks.DeskView(
            now=now,
            tz=asker.tz,
            name=viewer.user.name,
            interviews=interviews[0] if interviews is not None else None,
            feedback_owed=interviews[1] if interviews is not None else None,
            approvals=approvals,
            jobs=mine[0] if mine is not None else None,
            more_jobs=mine[1] if mine is not None else 0,
            unavailable=unavailable,
            notice=notice,
            ashby_url=ASHBY_APP_URL,
        )

    # -- the parts ----------------------------------------------------------------------------------------

    async def _part(self, what: str, work: Awaitable[T]) -> T | None:
        try:
            async with asyncio.timeout(PART_SECONDS):
                return await work
        except errors.AshbyError as exc:
            log.warning("Home: %s could not be loaded: %s", what, type(exc).__name__)
        except NotReady:
            log.info("Home: %s are still loading", what)
        except TimeoutError:
            log.warning("Home: %s took longer than %ss", what, PART_SECONDS)
        except Exception:
            log.exception("Home: %s could not be built", what)
        return None

    async def _interviews(
        self, viewer: Viewer, asker: Asker, now: datetime
    ) -> tuple[list[InterviewView], list[InterviewView]]:
        """(interviews today and tomorrow in the asker's time zone, interviews that ended without their
        scorecard, oldest first), in one read of the interview calendar."""
        recruiting = self.answerer.recruiting
        if not recruiting.calendar.ready.is_set():
            raise NotReady("the interview calendar is still loading")
        start = local_midnight(now, asker.tz)
        end = start + timedelta(days=2)  # the end of tomorrow
        since = min(start, now - KEEP_PAST)
        views = await recruiting.interviews(since, end, viewer, interviewer_id=viewer.id, include_confidential=True)
        # Interviews the person sat in without being asked for a scorecard (``isFeedbackRequired: false``).
        optional = {
            event.id
            for _, event in recruiting.calendar.events_between(since, end)
            for interviewer in event.interviewers
            if interviewer.id == viewer.id and interviewer.is_feedback_required is False
        }
        upcoming = [view for view in views if view.start >= start]
        owed = [
            view
            for view in views
            if view.end <= now
            and view.event_id not in optional
            and any(i.person.id == viewer.id and not i.submitted_feedback for i in view.interviewers)
        ]
        return upcoming, sorted(owed, key=lambda view: view.end)

    async def _approvals_for(self, viewer: Viewer) -> list[OfferView]:
        """Offers whose current step waits on ``viewer`` (the same rule as ``/ashby approvals``)."""
        offers = await self._awaiting.get("awaiting", self.answerer.recruiting.awaiting_approval)
        return [
            offer
            for offer in offers
            if any(a.person.id == viewer.id and a.decision == "pending" for a in offer.current_approvers)
        ]

    async def _jobs(self, viewer: Viewer) -> tuple[list[home_blocks.DeskJob], int]:
        """(the busiest open jobs whose hiring team includes ``viewer``, with their pipelines once the candidate
        index has the counts; how many more there are)."""
        recruiting, index = self.answerer.recruiting, self.answerer.index
        counts = index.active_counts_by_job()
        mine = sorted(
            (
                job
                for job in (await recruiting.reference.jobs()).values()
                if job.status == "Open" and viewer.on_team(job.hiring_team)
            ),
            key=lambda job: (-counts.get(job.id, 0), job.title.casefold()),
        )
        shown = mine[:JOBS_SHOWN]
        if index.ready.is_set():  # counts from the index; until then a pipeline would page through Ashby
            pipelines = await asyncio.gather(*(recruiting.pipeline(job.id, viewer) for job in shown))
            jobs = [home_blocks.DeskJob(view.job, view) for view in pipelines]
        else:
            jobs = [home_blocks.DeskJob(await recruiting.job_view(job.id)) for job in shown]
        return jobs, len(mine) - len(shown)

    async def _settings(self, slack_user_id: str) -> list[Block]:
        try:
            settings = await self.preferences.get(slack_user_id)
        except Exception as exc:
            log.warning("could not read notification settings: %s", type(exc).__name__)
            return [section("⚠️ I couldn't read your notification settings just now. Open this tab again soon.")]
        return notification_blocks(settings, digest_default=self.digest_default)

    # -- changing the settings ----------------------------------------------------------------------------

    async def hear_only(self, slack_user_id: str, heard: Collection[Topic]) -> NotificationSettings:
        """Save that the person hears ``heard`` and mutes every other topic; returns the saved settings."""
        settings = await self.preferences.get(slack_user_id)
        settings = replace(settings, muted=frozenset(Topic) - frozenset(heard))
        await self.preferences.save(slack_user_id, settings)
        return settings

    async def set_quiet_hours(self, slack_user_id: str, end: QuietEnd, hour: int | None) -> NotificationSettings:
        """Save one end of the quiet hours (``None``: no quiet hours); returns the saved settings."""
        current = await self.preferences.get(slack_user_id)
        settings = with_quiet_hours(current, end, hour, default=self.preferences.default)
        await self.preferences.save(slack_user_id, settings)
        return settings

    async def set_digest(self, slack_user_id: str, minutes: int | None) -> NotificationSettings:
        """Save the daily digest: at ``minutes`` after local midnight on weekdays, or none (``None``; the
        time is kept for when it is turned back on). Returns the saved settings."""
        current = await self.preferences.get(slack_user_id)
        if minutes is None:
            settings = replace(current, digest=False)
        else:
            settings = replace(current, digest=True, digest_at=minutes)
        await self.preferences.save(slack_user_id, settings)
        return settings

    async def set_briefing(self, slack_user_id: str, minutes: int) -> NotificationSettings:
        """Save how many minutes before each interview its briefing comes (0: none)."""
        settings = replace(await self.preferences.get(slack_user_id), briefing_minutes=max(0, minutes))
        await self.preferences.save(slack_user_id, settings)
        return settings


def local_midnight(moment: datetime, tz: tzinfo) -> datetime:
    """The start of ``moment``'s day in ``tz`` (as ``/ashby interviews today`` counts a day)."""
    return moment.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)


def digest_on(settings: NotificationSettings, default: bool) -> bool:
    """Whether this person gets the daily digest: their own choice, else the admin's default."""
    return default if settings.digest is None else settings.digest


def with_quiet_hours(
    settings: NotificationSettings, end: QuietEnd, hour: int | None, *, default: NotificationSettings | None = None
) -> NotificationSettings:
    """``settings`` with one end of the quiet hours moved to ``hour``. ``None`` turns quiet hours off (both
    ends); choosing an hour while the other end is off brings that end back as in ``default`` (the
    workspace's default quiet hours, else 20:00-08:00)."""
    if hour is None:
        return replace(settings, quiet_from=None, quiet_until=None)
    usual = default if default is not None and default.has_quiet_hours else NotificationSettings()
    if end == "from":
        until = settings.quiet_until if settings.quiet_until is not None else usual.quiet_until
        return replace(settings, quiet_from=hour, quiet_until=until)
    start = settings.quiet_from if settings.quiet_from is not None else usual.quiet_from
    return replace(settings, quiet_from=start, quiet_until=hour)


def loop_settings(settings: NotificationSettings, *, digest_default: bool = False) -> LoopSettings:
    """The interview loop's part of ``settings`` as the controls show it (the admin's default applied)."""
    return LoopSettings(
        digest=digest_on(settings, digest_default),
        digest_at=settings.digest_at,
        briefing_minutes=settings.briefing_minutes,
    )


def notification_blocks(settings: NotificationSettings, *, digest_default: bool = False) -> list[Block]:
    """The settings controls (``blocks.settings.notification_settings``) for these settings."""
    return settings_blocks.notification_settings(
        settings.muted,
        settings.quiet_from,
        settings.quiet_until,
        loop=loop_settings(settings, digest_default=digest_default),
    )


def settings_message(settings: NotificationSettings, *, digest_default: bool = False) -> Message:
    """The ``/ashby notifications`` reply for these settings (``blocks.settings.settings_message``)."""
    return settings_blocks.settings_message(
        settings.muted,
        settings.quiet_from,
        settings.quiet_until,
        loop=loop_settings(settings, digest_default=digest_default),
    )
