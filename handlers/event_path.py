"""The one path every Ashby event takes once it is queued: caches first, then the people it concerns.

Webhooks arrive with Ashby's data: they refresh the caches (index, records, calendar, jobs, approval cards)
and become changes. The syncs the bot runs anyway queue the changes they saw, so notifications work without
webhooks too; both name a change alike, so one seen both ways is told once. Handling is safe to repeat:
the queue retries an event whose handling failed, and nothing already done is done twice.
"""

from __future__ import annotations

import logging
from typing import Any

from ashby.changes import Change, from_webhook
from ashby.event_queue import EventQueue, QueuedEvent

from .notify.outbox import Recipient
from .notify.routing import Routing
from .webhooks import CacheRoutes, action_label

log = logging.getLogger(__name__)

#: The action name sync changes are queued under (not an Ashby webhook action).
SYNC_ACTION = "sync.changes"


class EventPath:
    def __init__(self, queue: EventQueue, routes: CacheRoutes, routing: Routing | None) -> None:
        """``routing`` is None when notifications are turned off (``NOTIFICATIONS_ENABLED=false``)."""
        self.queue = queue
        self.routes = routes
        self.routing = routing

    async def from_sync(self, changes: list[Change]) -> None:
        """Queue what an incremental sync saw change (``IndexSync.on_changes``)."""
        data = {"changes": [change.to_json() for change in changes]}
        await self.queue.publish(SYNC_ACTION, data, delivery=changes[0].key, source="sync")

    async def expecting(self, keys: list[str], actor: str) -> None:
        """A confirmed write from Slack is about to run: its author sees the outcome, so is not told."""
        if self.routing is not None:
            for key in keys:
                await self.routing.outbox.mark_told(Recipient("person", actor), key)

    async def written(self, changes: list[Change], actor: str) -> None:
        """It ran: tell the others now (without webhooks the sync would never see it: the index has it)."""
        if self.routing is not None:
            await self.expecting([change.key for change in changes], actor)
            await self.from_sync(changes)

    async def handle(self, event: QueuedEvent) -> None:
        if event.source == "sync":
            changes = _sync_changes(event.data)
        else:
            await self.routes.apply(event.action, event.data)
            changes = from_webhook(event.action, event.data)
            log.info("applied Ashby webhook %s", action_label(event.action))
        if changes and self.routing is not None:
            await self.routing.route(changes)


def _sync_changes(data: dict[str, Any]) -> list[Change]:
    changes = []
    for raw in data.get("changes") or ():
        try:
            changes.append(Change.from_json(raw))
        except (KeyError, TypeError, ValueError):
            log.warning("skipped an unreadable queued change")
    return changes
