"""Exactly once across double clicks, Slack retries and replicas, in one place.

A piece of work (a write, an approval) is claimed under its key in the shared store before it runs: the one
caller that gets the claim runs it and records the outcome; anyone else waits a little for that outcome
instead of running it again. When the work provably did nothing (refused before Ashby was called, a
transient error on a request that never left) the claim is released so it can be tried again. A claim
expires by itself, so a crash mid-run cannot block the work for ever.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .store import Store, StoreError

log = logging.getLogger(__name__)

#: How long a second presser waits for the first one's outcome before being told it is under way.
OUTCOME_WAIT = 8.0
POLL = 0.2


class Once:
    def __init__(
        self,
        store: Store,
        namespace: str,
        *,
        running_ttl: float,
        wait: float = OUTCOME_WAIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.namespace = namespace
        self.running_ttl = running_ttl
        self.wait_for = wait
        self.sleep = sleep

    def _running(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    def _done(self, key: str) -> str:
        return f"{self.namespace}-outcome:{key}"

    async def outcome(self, key: str) -> dict[str, Any] | None:
        """The recorded outcome, if the work has run."""
        raw = await self.store.get(self._done(key))
        return json.loads(raw) if raw else None

    async def claim(self, key: str, by: str) -> bool:
        """True for exactly one caller until the claim is released, recorded over, or expires."""
        return await self.store.set_if_absent(self._running(key), by, ttl=self.running_ttl)

    async def wait(self, key: str) -> dict[str, Any] | None:
        """The outcome of someone else's run, waiting up to ``wait`` seconds for it; None if still running."""
        for _ in range(max(1, int(self.wait_for / POLL))):
            done = await self.outcome(key)
            if done is not None:
                return done
            await self.sleep(POLL)
        return None

    async def record(self, key: str, outcome: dict[str, Any], *, keep_for: float) -> None:
        """Share the outcome with every later caller for ``keep_for`` seconds."""
        await self.store.set(self._done(key), json.dumps(outcome), ttl=keep_for)

    async def release(self, key: str) -> None:
        """Give the claim up (nothing happened): the work may be tried again. Best effort: a claim that
        cannot be released expires by itself."""
        try:
            await self.store.delete(self._running(key))
        except StoreError as exc:
            log.warning("could not release a claim (it expires by itself): %s", exc)
