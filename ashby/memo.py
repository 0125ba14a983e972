"""A tiny async cache with per-entry lifetimes and in-flight de-duplication.

Ten Slack users asking about the same job at once make one Ashby call, not ten; a cached answer is
reused until its lifetime ends or it is invalidated (after a write or a webhook).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    def __init__(self, ttl: float, *, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self._clock = clock
        self._max_entries = max_entries
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._inflight: dict[Hashable, asyncio.Future[V]] = {}

    async def get(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        now = self._clock()
        cached = self._values.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await load()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        else:
            future.set_result(value)
            if len(self._values) >= self._max_entries:
                self._values.clear()
            self._values[key] = (self._clock() + self.ttl, value)
            return value
        finally:
            del self._inflight[key]

    def invalidate(self, key: Hashable | None = None) -> None:
        """Forget one entry, or everything when ``key`` is None."""
        if key is None:
            self._values.clear()
        else:
            self._values.pop(key, None)
