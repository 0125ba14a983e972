"""Each recipient's outbox: notices wait here until they go out, so a burst becomes one message.

A notice enters a recipient's outbox once (a marker per recipient and change key, kept for days, so Ashby's
retries, sibling webhooks, the sync seeing the same change and other replicas add nothing). The recipient is
due when no new notice has arrived for ``gap`` seconds, or ``max_wait`` after the oldest one, whichever comes
first. Everything lives in the shared store, so a restart or another replica sends what is waiting.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ashby.events import Notice
from ashby.store import Store, StoreError

DUE_KEY = "notify:due"
_BOX_KEY = "notify:box:{}"
_MARKER_KEY = "notify:told:{}:{}"
#: How long a (recipient, change) marker is kept: past Ashby's retries, the syncs, and the later updates that
#: still carry an old state (an offer edited weeks after it was accepted is not accepted again).
MARKER_TTL = 30 * 24 * 3600
#: Notices one delivery takes from an outbox (the rest go in the next one).
TAKE = 200


@dataclass(frozen=True, slots=True)
class Recipient:
    kind: Literal["person", "channel"]
    id: str  # a Slack user id (the bot's DM with them) or a channel id

    @property
    def token(self) -> str:
        return f"{'u' if self.kind == 'person' else 'c'}:{self.id}"

    @classmethod
    def parse(cls, token: str) -> Recipient | None:
        kind, _, ident = token.partition(":")
        if not ident or kind not in ("u", "c"):
            return None
        return cls("person" if kind == "u" else "channel", ident)


@dataclass(frozen=True, slots=True)
class Waiting:
    """What one delivery takes from an outbox: the notices (distinct by key, oldest first) and how many
    entries they came from (dropped once sent)."""

    notices: list[Notice]
    entries: int


class Outbox:
    def __init__(self, store: Store, *, clock: Callable[[], datetime], gap: float, max_wait: float) -> None:
        self._store = store
        self._clock = clock
        self.gap = gap
        self.max_wait = max_wait

    def _now(self) -> float:
        return self._clock().timestamp()

    async def put(self, recipient: Recipient, notice: Notice) -> bool:
        """Add ``notice`` unless this recipient already has it; False when they had."""
        marker = _MARKER_KEY.format(recipient.token, notice.key)
        if not await self._store.set_if_absent(marker, "1", ttl=MARKER_TTL):
            return False
        box = _BOX_KEY.format(recipient.token)
        now = self._now()
        try:
            await self._store.list_push(box, json.dumps({"at": now, "notice": notice.to_json()}))
            head = await self._store.list_range(box, 1)
            first = json.loads(head[0])["at"] if head else now
            due = min(now + self.gap, first + self.max_wait)
            postponed = await self._store.zscore(DUE_KEY, recipient.token)
            # A send put off (quiet hours, Slack asking us to slow down) stays put off.
            await self._store.zadd(DUE_KEY, recipient.token, max(due, postponed or due))
        except StoreError:
            with contextlib.suppress(StoreError):  # let the event be retried in full
                await self._store.delete(marker)
            raise
        return True

    async def mark_told(self, recipient: Recipient, key: str) -> None:
        """``recipient`` already knows of change ``key`` (they made it): ``put`` will skip them."""
        await self._store.set(_MARKER_KEY.format(recipient.token, key), "1", ttl=MARKER_TTL)

    async def due(self, limit: int = 100) -> list[Recipient]:
        tokens = await self._store.zdue(DUE_KEY, self._now(), limit)
        return [r for r in map(Recipient.parse, tokens) if r is not None]

    async def due_soon(self, seconds: float) -> bool:
        """Whether some outbox falls due within ``seconds`` (the demo waits for those before it prompts)."""
        return bool(await self._store.zdue(DUE_KEY, self._now() + seconds, 1))

    async def waiting(self, recipient: Recipient) -> Waiting:
        raw = await self._store.list_range(_BOX_KEY.format(recipient.token), TAKE)
        notices: dict[str, Notice] = {}
        for entry in raw:
            try:
                notice = Notice.from_json(json.loads(entry)["notice"])
            except (ValueError, KeyError, TypeError):
                continue  # unreadable (written by another version): dropped with the rest
            notices.setdefault(notice.key, notice)
        return Waiting(list(notices.values()), len(raw))

    async def sent(self, recipient: Recipient, waiting: Waiting) -> None:
        """Drop what was sent; stay due if more arrived meanwhile."""
        box = _BOX_KEY.format(recipient.token)
        await self._store.list_drop(box, waiting.entries)
        # Unschedule first, then look: a notice put in between schedules itself again.
        await self._store.zrem(DUE_KEY, recipient.token)
        if await self._store.list_len(box):
            await self._store.zadd(DUE_KEY, recipient.token, self._now() + self.gap)

    async def later(self, recipient: Recipient, at: float) -> None:
        """Try this outbox again at ``at`` (quiet hours, or Slack asked us to slow down)."""
        await self._store.zadd(DUE_KEY, recipient.token, at)
