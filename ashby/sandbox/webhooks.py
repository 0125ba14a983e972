"""Outgoing webhooks, delivered as Ashby does: signed JSON POSTs, sent after the API has answered.

Deliveries never block or fail an API call: each write's batch is sent in order by a background task,
and any failure is logged (action and error type only, never payload data) and recorded.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from ashby.sandbox.tables import Tables

log = logging.getLogger(__name__)

WEBHOOK_TYPES = frozenset(
    {
        "applicationSubmit",
        "applicationUpdate",
        "candidateHire",
        "candidateStageChange",
        "candidateDelete",
        "candidateMerge",
        "interviewPlanTransition",
        "interviewScheduleCreate",
        "interviewScheduleUpdate",
        "jobPostingUpdate",
        "jobPostingPublish",
        "jobPostingUnpublish",
        "offerCreate",
        "offerUpdate",
        "offerDelete",
        "pushToHRIS",
        "surveySubmit",
    }
)
DELIVERY_TIMEOUT_SECONDS = 10.0
PING_TIMEOUT_SECONDS = 5.0

Delivery = tuple[str, int | str]  # (action, HTTP status or error name)


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    secret: str | None


def signature(secret: str, body: bytes) -> str:
    """The ``Ashby-Signature`` header value: ``sha256=`` + hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookDispatcher:
    """Sends events to the configured URL (every action) and to ``webhook.create`` subscriptions."""

    def __init__(self, store: Tables, url: str | None, secret: str | None) -> None:
        self._store = store
        self._default = Target(url, secret) if url else None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.deliveries: list[Delivery] = []

    def point_to(self, url: str | None, secret: str | None) -> None:
        """Send every action to ``url`` from now on (the demo points it at the bot once the bot listens)."""
        self._default = Target(url, secret) if url else None

    def _targets(self, action: str) -> list[Target]:
        targets = [self._default] if self._default else []
        for row in self._store.webhooks:
            if row["enabled"] and row["webhookType"] == action:
                targets.append(Target(row["requestUrl"], row["secretToken"]))
        return targets

    def emit(self, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Queue one write's events (in order) for background delivery."""
        batch = [(action, data, target) for action, data in events for target in self._targets(action)]
        if not batch:
            return
        task = asyncio.get_running_loop().create_task(self._send_batch(batch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_batch(self, batch: list[tuple[str, dict[str, Any], Target]]) -> None:
        for action, data, target in batch:
            await self._deliver(action, data, target, DELIVERY_TIMEOUT_SECONDS)

    async def ping(self, url: str, secret: str | None) -> bool:
        """Ashby pings a webhook when it is created or edited; a failing endpoint leaves it disabled."""
        status = await self._deliver("ping", {"webhookActionType": "ping"}, Target(url, secret), PING_TIMEOUT_SECONDS)
        return isinstance(status, int) and 200 <= status < 300

    async def _deliver(self, action: str, data: dict[str, Any], target: Target, seconds: float) -> int | str:
        payload = {"action": action, "data": data, "webhookActionId": str(uuid.uuid4())}
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "Ashby-Webhook"}
        if target.secret:
            headers["Ashby-Signature"] = signature(target.secret, body)
        outcome: int | str
        try:
            session = self._client()
            client_timeout = aiohttp.ClientTimeout(total=seconds)
            async with session.post(target.url, data=body, headers=headers, timeout=client_timeout) as resp:
                outcome = resp.status
            if not 200 <= outcome < 300:
                log.warning("webhook %s delivery answered HTTP %s", action, outcome)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            outcome = type(exc).__name__
            log.warning("webhook %s delivery failed: %s", action, outcome)
        self.deliveries.append((action, outcome))
        return outcome

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def flush(self) -> None:
        """Wait until every queued delivery has been attempted."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
