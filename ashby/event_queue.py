"""Ashby events, queued in the shared store and handled once by whichever replica reads them.

The webhook intake (and the sync) ``publish`` each event and answer at once; ``run`` reads them through a
consumer group, so each event goes to one consumer, and acks an event only after its handler returns. An
event whose consumer died before the ack (a crashed replica, or this process before a restart: each
process has its own consumer name) stays pending and is claimed by a live consumer after ``claim_after``
seconds, so delivery is at least once: ``claim_after`` must outlast the slowest handler. A failing
handler's event is left pending the same way, and given up (logged and acked) after ``max_attempts``.
Logs name an event by its entry id and action, never by its payload.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .store import Store, StoreError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: Back-off while the store is down: doubling from the first to the last.
BACKOFF = (1.0, 30.0)
#: Failed entries remembered at most; others' consumers may finish (and ack) ones that failed here.
_ATTEMPTS_KEPT = 10_000


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    entry_id: str
    action: str  # Ashby webhook action, e.g. "candidateStageChange"
    data: dict[str, Any]
    delivery: str  # Ashby's webhookActionId (or a hash), for logs only
    source: str  # "webhook" or "sync"


Handler = Callable[[QueuedEvent], Awaitable[None]]


def _decode(entry_id: str, fields: Mapping[str, str]) -> QueuedEvent | None:
    try:
        data = json.loads(fields["data"])
        action = fields["action"]
    except (KeyError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return QueuedEvent(entry_id, action, data, fields.get("delivery", ""), fields.get("source", "webhook"))


class EventQueue:
    def __init__(
        self,
        store: Store,
        *,
        consumer: str,
        stream: str = "events",
        group: str = "bot",
        claim_after: float = 60.0,
        batch: int = 10,
        block: float = 1.0,
        max_attempts: int = MAX_ATTEMPTS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.consumer = consumer
        self.stream = stream
        self.group = group
        self.claim_after = claim_after
        self.batch = batch
        self.block = block  # keep it below the Redis socket timeout
        self.max_attempts = max_attempts
        self.sleep = sleep
        self._attempts: dict[str, int] = {}

    async def publish(self, action: str, data: Mapping[str, Any], *, delivery: str, source: str = "webhook") -> str:
        """Queue an event; returns its entry id. ``StoreError`` when the store is down: the webhook intake
        then answers 503 so that Ashby delivers it again."""
        fields = {"action": action, "data": json.dumps(data), "delivery": delivery, "source": source}
        return await self.store.stream_add(self.stream, fields)

    async def backlog(self) -> tuple[int, int]:
        """Queue depth (waiting plus pending) and how many are pending, for the doctor and metrics."""
        return await self.store.stream_backlog(self.stream, self.group)

    async def run(self, handle: Handler) -> None:
        """Handle events for ever, in order within each batch; stops when cancelled."""
        delay, grouped = BACKOFF[0], False
        while True:
            try:
                if not grouped:  # again after a store failure: a restarted Redis may have lost the group
                    await self.store.stream_ensure_group(self.stream, self.group)
                    grouped = True
                await self._round(handle)
                delay = BACKOFF[0]
            except StoreError as exc:
                log.warning("event queue: store unavailable (%s), retrying in %.0f s", exc, delay)
                grouped = False
                await self.sleep(delay)
                delay = min(delay * 2, BACKOFF[1])

    async def _round(self, handle: Handler) -> None:
        """Stale entries first (left by a dead consumer, or failed before), else new ones."""
        where, idle_ms = (self.stream, self.group, self.consumer), round(self.claim_after * 1000)
        entries = await self.store.stream_claim_stale(*where, min_idle_ms=idle_ms, count=self.batch)
        if not entries:
            entries = await self.store.stream_read(*where, count=self.batch, block_ms=round(self.block * 1000))
        for entry_id, fields in entries:
            await self._handle(handle, entry_id, fields)

    async def _handle(self, handle: Handler, entry_id: str, fields: Mapping[str, str]) -> None:
        event = _decode(entry_id, fields)
        if event is None:
            log.error("event %s cannot be decoded: dropped", entry_id)
        elif not await self._finished(handle, event):
            return  # left pending: claimed again after claim_after
        self._attempts.pop(entry_id, None)
        await self.store.stream_ack(self.stream, self.group, entry_id)

    async def _finished(self, handle: Handler, event: QueuedEvent) -> bool:
        """Handled, or failed ``max_attempts`` times and given up."""
        try:
            await handle(event)
            return True
        except Exception as exc:
            attempts = self._attempts.pop(event.entry_id, 0) + 1
            self._attempts[event.entry_id] = attempts
            while len(self._attempts) > _ATTEMPTS_KEPT:
                del self._attempts[next(iter(self._attempts))]
            last = attempts >= self.max_attempts
            args = (event.entry_id, event.action, type(exc).__name__, attempts, self.max_attempts)
            log.log(logging.ERROR if last else logging.WARNING, "event %s (%s) failed: %s, attempt %d of %d", *args)
            return last
