"""The daily digest and approval nudges.

**The digest.** Each person whose digest is on (their choice, else the admin's ``DIGEST_BY_DEFAULT``) gets one
DM on weekdays at their ``digest_at`` in their own Slack time zone: today's interviews, the scorecards they owe
and the approvals waiting on them (all three from ``Desk.desk``, the Home tab's own reading of the caches), the
applications made to their jobs since their previous weekday's digest, and the stale candidates in their jobs
(the ``/ashby stale`` reading: the candidate index ranks the longest untouched, the few shown are looked up for
their exact days in stage; stale means ``STALE_DAYS`` or more in the stage). Their jobs are the open jobs
whose hiring team includes them. Nothing is sent when there is nothing to say.

Who is considered: the enabled Ashby users (the reference data's user list) that map to a Slack user by
email. A round reads each one's settings from the shared store (their Slack id and time zone are kept in
process for a few minutes); only someone whose digest falls due is read from the caches and Ashby, so a
round's cost grows with the number of people, never with the number of candidates.

A digest is due from ``digest_at`` until ``CATCH_UP`` later: a bot that was down all morning does not send a
stale 08:30 digest in the afternoon. It is sent once per person per local date across replicas and restarts:
``digest:<slack user>:<local date>`` is claimed in the shared store first (``set_if_absent``), released if
the post fails (the next round tries again), and kept as ``sent`` or ``empty`` once done.

**Nudges.** An approver whose decision on an offer's current approval step is still pending
``nudge_after`` after it was requested (the approver's ``requestedAt``, else when the previous step was
completed, else when the approval was submitted) gets one DM: the approval card with its Approve button,
under a line saying how long it has waited. Once per (offer version, step, approver), remembered under
``digest:nudge:<version>:<step>:<Ashby user>``; never in the approver's quiet hours (it comes when they end).
The wait counts from the request, or from when the bot first saw it pending
(``digest:nudge-seen:<version>:<step>:<Ashby user>``) when that is later: a bot started (or back after
downtime) with a backlog of old approvals does not nudge them all at once, right after their cards went out.
The offers awaiting approval are read at most every ``NUDGE_EVERY``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time as monotonic
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from slack_sdk.web.async_client import AsyncWebClient

from ashby import errors
from ashby import models as m
from ashby.access import Viewer
from ashby.memo import Memo
from ashby.queries import ASHBY_APP_URL, Recruiting
from ashby.store import Store
from ashby.views import OfferView, StaleEntry
from blocks import digest as digest_blocks
from blocks import home as home_blocks
from blocks.common import local
from blocks.settings import time_label

from ..desk import Desk, NotReady, digest_on
from ..directory import SlackDirectory
from ..identity import Asker, Identity
from ..notify.preferences import NotificationSettings, Preferences

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A digest not sent by this long after its time is skipped for the day.
CATCH_UP = timedelta(hours=2)
#: A candidate this many days in their stage (or more) is stale (the stale card marks them 🟠 from here).
STALE_DAYS = 14
#: How many of the longest-untouched applications in a person's jobs are looked up for their days in stage.
STALE_LOOKUPS = 10
#: At most this many of a person's jobs (the busiest first) are asked for new applications.
NEW_APPLICANT_JOBS = 20
#: The offers awaiting approval are read for nudges at most this often.
NUDGE_EVERY = timedelta(minutes=5)

DIGEST_KEY = "digest:{slack_user}:{day}"
NUDGE_KEY = "digest:nudge:{version}:{step}:{ashby_user}"
SEEN_KEY = "digest:nudge-seen:{version}:{step}:{ashby_user}"
#: A claim held while a digest or nudge is being built and posted (a replica that dies frees it).
SENDING_TTL = 300
#: How long a sent (or empty) digest is remembered: past its own local date in every time zone.
DONE_TTL = 3 * 24 * 3600
NUDGED_TTL = 60 * 24 * 3600
UNREACHABLE_TTL = 24 * 3600
#: How long a person's Slack id and time zone are kept in process.
PEOPLE_TTL = 600.0
#: People looked up afresh (Slack id, profile) per round at most: a big workspace's first rounds stay short
#: and within Slack's rate limits; the rest are looked up in the next rounds.
LOOKUPS_PER_ROUND = 50
#: New applications of one job since one moment, shared by the digests sent around the same time.
NEW_TTL = 300.0
#: People checked at once in a round.
CONCURRENCY = 16
PART_SECONDS = 20.0

_FINAL = (b"sent", b"empty")


@dataclass(frozen=True, slots=True)
class _Person:
    slack_user: str
    asker: Asker


class Digests:
    def __init__(
        self,
        desk: Desk,
        preferences: Preferences,
        identity: Identity,
        directory: SlackDirectory,
        store: Store,
        *,
        default_on: bool,
        nudge_after: timedelta,
    ) -> None:
        self.desk = desk
        self.preferences = preferences
        self.identity = identity
        self.directory = directory
        self.store = store
        self.default_on = default_on
        self.nudge_after = nudge_after
        # The settings controls show what the default does for people who never chose.
        desk.digest_default = default_on
        #: Per Ashby user id: (until when, on the monotonic clock; their Slack id and time zone, or None).
        self._people: dict[str, tuple[float, _Person | None]] = {}
        self._created: Memo[list[m.Application]] = Memo(NEW_TTL)
        #: Per Slack user, the local date whose digest is settled (sent, empty, or sent by another replica).
        self._settled: dict[str, date] = {}
        self._nudges_read: datetime | None = None
        #: When each pending (offer version, step, approver) was first seen (as in the shared store).
        self._seen: dict[str, datetime] = {}

    @property
    def recruiting(self) -> Recruiting:
        return self.desk.answerer.recruiting

    async def run(self, client: AsyncWebClient, now: datetime) -> int:
        """Send the digests and nudges due at ``now``; returns how many messages were sent."""
        sent = 0
        try:
            sent += await self.send_digests(client, now)
        except Exception as exc:  # nudges still go out; the next round tries again
            log.warning("daily digests failed: %s", type(exc).__name__)
        try:
            sent += await self.send_nudges(client, now)
        except Exception as exc:
            log.warning("approval nudges failed: %s", type(exc).__name__)
        return sent

    # -- the daily digest -----------------------------------------------------------------------------------

    async def send_digests(self, client: AsyncWebClient, now: datetime) -> int:
        users = [u for u in (await self.recruiting.reference.users()).values() if u.is_enabled and u.email]
        people = await self._people_of(client, users)
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(person: _Person) -> bool:
            async with limit:
                try:
                    return await self._digest_of(client, person, now)
                except Exception as exc:  # one person's trouble does not stop the others
                    log.warning("a daily digest failed: %s", type(exc).__name__)
                    return False

        return sum(await asyncio.gather(*(one(person) for person in people)))

    async def _people_of(self, client: AsyncWebClient, users: list[m.User]) -> list[_Person]:
        """The Slack users behind ``users`` with their time zones: kept in process for ``PEOPLE_TTL``, at most
        ``LOOKUPS_PER_ROUND`` looked up afresh per round."""
        clock = monotonic.monotonic()
        stale = [user for user in users if self._people.get(user.id, (0.0, None))[0] <= clock]
        limit = asyncio.Semaphore(CONCURRENCY)

        async def look_up(user: m.User) -> None:
            async with limit:
                try:
                    found = await self._person(client, user)
                except Exception as exc:  # Slack or the store failed: try again next round
                    log.warning("could not look up a person for the digest: %s", type(exc).__name__)
                    return
            self._people[user.id] = (monotonic.monotonic() + PEOPLE_TTL, found)

        await asyncio.gather(*(look_up(user) for user in stale[:LOOKUPS_PER_ROUND]))
        known = (self._people.get(user.id) for user in users)
        return [entry[1] for entry in known if entry is not None and entry[1] is not None]

    async def _digest_of(self, client: AsyncWebClient, person: _Person, now: datetime) -> bool:
        """Send ``person`` their digest if it is due at ``now`` and not sent yet; True when one was sent."""
        local_now = now.astimezone(person.asker.tz)
        if self._settled.get(person.slack_user) == local_now.date():
            return False
        settings = await self.preferences.get(person.slack_user)
        if not digest_on(settings, self.default_on):
            return False
        at = due_at(local_now, settings.digest_at)
        if at is None:
            return False
        key = DIGEST_KEY.format(slack_user=person.slack_user, day=local_now.date().isoformat())
        if not await self.store.set_if_absent(key, "sending", ttl=SENDING_TTL):
            if await self.store.get(key) in _FINAL:
                self._settled[person.slack_user] = local_now.date()
            return False  # sent (or being sent) by another replica
        try:
            view = await self._digest_view(person, settings, now, at)
            if view.empty:
                if view.unavailable:  # maybe only because Ashby failed: try again next round
                    await self.store.delete(key)
                    return False
                await self.store.set(key, "empty", ttl=DONE_TTL)
                self._settled[person.slack_user] = local_now.date()
                log.info("no daily digest today: nothing to say")
                return False
            digest = digest_blocks.digest_message(view)
            await client.chat_postMessage(channel=person.slack_user, text=digest["text"], blocks=digest["blocks"])
        except BaseException:
            with contextlib.suppress(Exception):
                await self.store.delete(key)  # the next round tries again
            raise
        self._settled[person.slack_user] = local_now.date()
        with contextlib.suppress(Exception):
            await self.store.set(key, "sent", ttl=DONE_TTL)
        log.info("sent a daily digest")
        return True

    async def _person(self, client: AsyncWebClient, user: m.User) -> _Person | None:
        """The Slack user behind ``user`` and their time zone, or None when they have no Slack account that
        maps back to this Ashby user."""
        slack_user = await self.directory.slack_id(user.email)
        if slack_user is None:
            return None
        asker = await self.identity.asker(client, None, slack_user)
        if asker.viewer is None or asker.viewer.id != user.id:
            return None
        return _Person(slack_user, asker)

    async def _digest_view(
        self, person: _Person, settings: NotificationSettings, now: datetime, at: datetime
    ) -> digest_blocks.DigestView:
        """What ``person``'s digest at ``now`` says (``at``: today's digest time, in their time zone)."""
        asker = person.asker
        viewer = asker.required_viewer()
        today = local(now, asker.tz).date()
        since = new_since(at)
        mine = await self._jobs(viewer)
        desk, new, stale = await asyncio.gather(
            self.desk.desk(asker, now=now, jobs=False),
            self._part("new applicants", self._new_applicants(mine, since)),
            self._part("stale candidates", self._stale(viewer, mine, now)),
        )
        unavailable = [part for part in desk.unavailable if part != "your jobs"]
        unavailable += [what for what, part in (("new applicants", new), ("stale candidates", stale)) if part is None]
        return digest_blocks.DigestView(
            now=now,
            tz=asker.tz,
            name=viewer.user.name,
            interviews=[iv for iv in desk.interviews or () if local(iv.start, asker.tz).date() == today],
            feedback_owed=desk.feedback_owed or (),
            approvals=desk.approvals or (),
            new_applicants=new or (),
            new_since=since,
            stale=stale[0] if stale is not None else (),
            stale_total=stale[1] if stale is not None else 0,
            stale_days=STALE_DAYS,
            unavailable=unavailable,
            ashby_url=ASHBY_APP_URL,
            schedule=time_label(settings.digest_at),
        )

    async def _part(self, what: str, work: Awaitable[T]) -> T | None:
        try:
            async with asyncio.timeout(PART_SECONDS):
                return await work
        except (errors.AshbyError, NotReady, TimeoutError) as exc:
            log.warning("digest: %s could not be loaded: %s", what, type(exc).__name__)
        return None

    async def _jobs(self, viewer: Viewer) -> list[m.Job]:
        """The open jobs whose hiring team includes ``viewer``, the busiest first."""
        counts = self.desk.answerer.index.active_counts_by_job()
        jobs = await self.recruiting.reference.jobs()
        mine = [job for job in jobs.values() if job.status == "Open" and viewer.on_team(job.hiring_team)]
        return sorted(mine, key=lambda job: (-counts.get(job.id, 0), job.title.casefold()))

    async def _new_applicants(self, jobs: list[m.Job], since: datetime) -> list[digest_blocks.NewApplicant]:
        """Applications to ``jobs`` made since ``since`` (sourced leads are not applicants)."""
        since_ms = int(since.timestamp() * 1000)
        shown = jobs[:NEW_APPLICANT_JOBS]
        batches = await asyncio.gather(*(self._created_since(job.id, since_ms) for job in shown))
        found = []
        for job, applications in zip(shown, batches, strict=True):
            view = await self.recruiting.job_view(job.id, fallback_title=job.title)
            for app in applications:
                if app.status == "Lead" or (app.created_at is not None and app.created_at < since):
                    continue
                found.append(
                    digest_blocks.NewApplicant(
                        candidate_id=app.candidate.id,
                        candidate_name=app.candidate.name,
                        application_id=app.id,
                        job=view,
                        applied_at=app.created_at,
                        source=app.source.title if app.source else None,
                    )
                )
        return found

    async def _created_since(self, job_id: str, since_ms: int) -> list[m.Application]:
        """One job's applications created after ``since_ms`` (``application.list`` with ``createdAfter``),
        shared for a few minutes by the digests that ask for the same."""

        async def load() -> list[m.Application]:
            params = {"jobId": job_id, "createdAfter": since_ms}
            client = self.recruiting.client
            return [m.Application.model_validate(item) async for item in client.paginate("application.list", params)]

        return await self._created.get((job_id, since_ms), load)

    async def _stale(self, viewer: Viewer, jobs: list[m.Job], now: datetime) -> tuple[list[StaleEntry], int]:
        """(the longest waiting in ``jobs`` that are stale, how many are stale in all), as ``/ashby stale``
        reads them: the index ranks by last change and only the first few are looked up."""
        index = self.desk.answerer.index
        if not index.ready.is_set():
            raise NotReady("the candidate index is still loading")
        members = [app for job in jobs for app in index.active_applications_of_job(job.id)]
        if not members:
            return [], 0
        # Untouched for STALE_DAYS means no stage change either: stale for sure, without asking Ashby.
        cutoff = (now - timedelta(days=STALE_DAYS)).timestamp()
        untouched = sum(1 for app in members if app.updated_at is not None and app.updated_at <= cutoff)
        oldest = sorted(members, key=lambda app: app.updated_at or 0.0)[:STALE_LOOKUPS]
        fetched = await asyncio.gather(*(self.recruiting.application(app.id) for app in oldest), return_exceptions=True)
        for result in fetched:
            if isinstance(result, BaseException) and not isinstance(result, errors.AshbyNotFoundError):
                raise result
        applications = [app for app in fetched if isinstance(app, m.Application)]
        entries = await self.recruiting.stale(viewer, applications, limit=STALE_LOOKUPS, include_confidential=True)
        stale = [entry for entry in entries if entry.days_in_stage >= STALE_DAYS]
        return stale[: home_blocks.MAX_ROWS], max(untouched, len(stale))

    # -- approval nudges ------------------------------------------------------------------------------------

    async def send_nudges(self, client: AsyncWebClient, now: datetime) -> int:
        """Nudge every approver whose pending approval has waited ``nudge_after``, once."""
        last = self._nudges_read
        if last is not None and last <= now < last + NUDGE_EVERY:
            return 0
        self._nudges_read = now
        recruiting = self.recruiting
        offers = await recruiting.client.offers(offer_statuses=["WaitingOnOfferApproval"])
        approvals = {a.entity_id: a for a in await recruiting.client.approvals(entity_type="offer")}
        sent = 0
        for view in await recruiting.offer_views(offers, approvals):
            approval = approvals.get(view.version_id or "")
            step = approval.current_step() if approval is not None else None
            if approval is None or step is None or step.id != view.current_step_id:
                continue
            for approver in step.approvers:
                if approver.decision != "pending":
                    continue
                requested = requested_at(approval, step, approver)
                if requested is None:
                    continue
                try:
                    seen = await self._first_seen(view.version_id or "", step.id, approver.user_id, now)
                    if now - max(requested, seen) < self.nudge_after:
                        continue
                    sent += await self._nudge(client, view, step.id, approver.user_id, now - requested, now)
                except Exception as exc:  # the next round tries again
                    log.warning("could not nudge an approver: %s", type(exc).__name__)
        return sent

    async def _first_seen(self, version_id: str, step_id: str, ashby_user: str, now: datetime) -> datetime:
        """When the bot first saw this approver's decision pending (``now`` the first time), shared by every
        replica: the wait counts from then when that is later than the request, so approvals that were
        already old when the bot started (or came back) are not all nudged at once; their cards have just
        gone out."""
        key = SEEN_KEY.format(version=version_id, step=step_id, ashby_user=ashby_user)
        known = self._seen.get(key)
        if known is not None:
            return known
        await self.store.set_if_absent(key, now.isoformat(), ttl=NUDGED_TTL)
        raw = await self.store.get(key)
        try:
            seen = datetime.fromisoformat(raw.decode()) if raw is not None else now
        except ValueError:
            seen = now
        self._seen[key] = seen
        return seen

    async def _nudge(
        self, client: AsyncWebClient, offer: OfferView, step_id: str, ashby_user: str, waited: timedelta, now: datetime
    ) -> int:
        key = NUDGE_KEY.format(version=offer.version_id, step=step_id, ashby_user=ashby_user)
        if await self.store.get(key) is not None:
            return 0
        approver = next((a.person for a in offer.current_approvers if a.person.id == ashby_user), None)
        slack_user = await self.directory.slack_id(approver.email if approver else None)
        if slack_user is None:
            await self.store.set_if_absent(key, "no-slack-account", ttl=UNREACHABLE_TTL)
            return 0
        asker = await self.identity.asker(client, None, slack_user)
        settings = await self.preferences.get(slack_user)
        if settings.is_quiet(now.astimezone(asker.tz)):
            return 0  # when their quiet hours end
        if not await self.store.set_if_absent(key, "sending", ttl=SENDING_TTL):
            return 0
        try:
            step = f"{offer.steps_done + 1} of {offer.steps_total}" if offer.steps_total else "approval"
            nudge = digest_blocks.approval_nudge(
                offer,
                waited=waited,
                approver_step=f"Step {step}",
                now=now,
                tz=asker.tz,
                url=f"{ASHBY_APP_URL}/candidates/{offer.candidate_id}",
            )
            await client.chat_postMessage(channel=slack_user, text=nudge["text"], blocks=nudge["blocks"])
        except BaseException:
            with contextlib.suppress(Exception):
                await self.store.delete(key)
            raise
        with contextlib.suppress(Exception):
            await self.store.set(key, "sent", ttl=NUDGED_TTL)
        log.info("nudged an approver of offer %s step %s", offer.id, step_id)
        return 1


# -- when ----------------------------------------------------------------------------------------------------


def due_at(local_now: datetime, digest_at: int, *, catch_up: timedelta = CATCH_UP) -> datetime | None:
    """Today's digest time (in ``local_now``'s zone) when a digest is due at ``local_now``: a weekday, at or
    after ``digest_at`` (minutes after midnight) and less than ``catch_up`` after it; else None."""
    if local_now.weekday() >= 5:
        return None
    hours, minutes = divmod(digest_at, 60)
    at = datetime.combine(local_now.date(), time(hours, minutes), tzinfo=local_now.tzinfo)
    return at if at <= local_now < at + catch_up else None


def new_since(at: datetime) -> datetime:
    """When "new" starts for the digest at ``at``: the previous weekday's digest time (Friday's on Monday)."""
    day = at.date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, at.timetz())


def requested_at(approval: m.Approval, step: m.ApprovalStep, approver: m.Approver) -> datetime | None:
    """When ``approver`` was asked to decide on ``step``: their own ``requestedAt``, else when the step before
    was completed (the step became current), else when the approval was submitted or created."""
    if approver.requested_at is not None:
        return approver.requested_at
    position = next((n for n, s in enumerate(approval.steps) if s.id == step.id), 0)
    if position > 0 and approval.steps[position - 1].completed_at is not None:
        return approval.steps[position - 1].completed_at
    return approval.submitted_at or approval.created_at
