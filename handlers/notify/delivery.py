"""Sending what waits in the outboxes: one message per recipient per round, grouped, paced, exactly once.

One replica at a time sends a given outbox (a lock per recipient), so two replicas never post the same
notices; a notice leaves the outbox only after Slack accepted the message. A person in their quiet hours
gets their outbox when the quiet hours end. Slack allows about one message per second per channel: posts to
one conversation are spaced, a 429 is retried after its ``Retry-After`` by the Slack client, and what still
fails waits for a later round with a growing pause.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.access import Viewer
from ashby.queries import Recruiting
from ashby.store import Store
from blocks.notifications import notification

from ..desk import Desk
from ..identity import Identity
from .outbox import Outbox, Recipient, Waiting
from .preferences import Preferences

log = logging.getLogger(__name__)

LOCK_TTL = 120.0
#: Seconds between two posts to one conversation (Slack's per-channel rate is about one a second).
PACE = 1.1
RETRY_AFTER = 30.0
MAX_RETRY_AFTER = 900.0


class Delivery:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        recruiting: Recruiting,
        identity: Identity,
        preferences: Preferences,
        desk: Desk,
        clock: Callable[[], datetime],
        write_roles: frozenset[str],
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.recruiting = recruiting
        self.identity = identity
        self.preferences = preferences
        self.desk = desk
        self.clock = clock
        self.write_roles = write_roles
        self._last_post: dict[str, float] = {}
        self._failures: dict[str, int] = {}

    async def send_due(self, client: AsyncWebClient) -> int:
        """One round: every outbox that is due. Returns how many messages went out."""
        sent = 0
        for recipient in await self.outbox.due():
            lock = f"notify:sending:{recipient.token}"
            if not await self.store.acquire_lock(lock, LOCK_TTL):
                continue  # another replica is sending it
            try:
                sent += await self._send(client, recipient)
            finally:
                await self.store.release_lock(lock)
        return sent

    async def _send(self, client: AsyncWebClient, recipient: Recipient) -> int:
        waiting = await self.outbox.waiting(recipient)
        if not waiting.notices:
            await self.outbox.sent(recipient, waiting)
            return 0
        can_act = False
        if recipient.kind == "person":
            asker = await self.identity.asker(client, None, recipient.id)
            settings = await self.preferences.get(recipient.id)
            local = self.clock().astimezone(asker.tz)
            if settings.is_quiet(local):
                await self.outbox.later(recipient, settings.quiet_ends(local).timestamp())
                return 0
            can_act = await self._can_act(asker.viewer, waiting)
        message = notification(waiting.notices, private=recipient.kind == "person", can_act=can_act)
        try:
            await self._pace(recipient.id)
            await client.chat_postMessage(channel=recipient.id, text=message["text"], blocks=message["blocks"])
        except SlackApiError as exc:
            await self._failed(recipient, exc.response.get("error", "error"))
            return 0
        except Exception as exc:  # Slack unreachable: the notices wait for a later round
            await self._failed(recipient, type(exc).__name__)
            return 0
        self._failures.pop(recipient.token, None)
        await self.outbox.sent(recipient, waiting)
        log.info("sent %d notices to a %s", len(waiting.notices), recipient.kind)
        if recipient.kind == "person":
            await self._refresh_home(client, recipient.id)
        return 1

    async def _can_act(self, viewer: Viewer | None, waiting: Waiting) -> bool:
        """The write menu goes only on a single notice, to someone Ashby lets act on that job."""
        if len(waiting.notices) != 1 or viewer is None:
            return False
        job = await self.recruiting.reference.job(waiting.notices[0].job_id)
        return viewer.can_act_on(job, write_roles=self.write_roles)

    async def _pace(self, conversation: str) -> None:
        last = self._last_post.get(conversation)
        if last is not None:
            wait = PACE - (time.monotonic() - last)
            if wait > 0:
                await asyncio.sleep(wait)
        self._last_post[conversation] = time.monotonic()

    async def _failed(self, recipient: Recipient, why: str) -> None:
        failures = self._failures[recipient.token] = self._failures.get(recipient.token, 0) + 1
        pause = min(MAX_RETRY_AFTER, RETRY_AFTER * 2 ** (failures - 1))
        log.warning("could not send notices to a %s (%s); trying again in %.0f s", recipient.kind, why, pause)
        await self.outbox.later(recipient, self.clock().timestamp() + pause)

    async def _refresh_home(self, client: AsyncWebClient, slack_user_id: str) -> None:
        try:
            await self.desk.refresh(client, slack_user_id)
        except Exception as exc:  # the Home tab refreshes again when opened
            log.info("could not refresh a Home tab: %s", type(exc).__name__)
