"""Exactly once: one claim wins, later callers get the recorded outcome, a release frees the work again."""

import asyncio

from ashby.once import Once
from ashby.store import MemoryStore


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


async def test_one_claim_wins_and_the_rest_see_its_outcome() -> None:
    once = Once(MemoryStore(), "job", running_ttl=60, wait=1.0, sleep=_no_wait)
    claims = await asyncio.gather(*(once.claim("k", f"p{i}") for i in range(20)))
    assert claims.count(True) == 1
    assert await once.wait("k") is None  # still running: the waiter gives up after ``wait``
    await once.record("k", {"ok": True, "by": "p0"}, keep_for=60)
    assert await once.outcome("k") == {"ok": True, "by": "p0"}
    assert await once.wait("k") == {"ok": True, "by": "p0"}


async def test_a_release_lets_the_work_be_tried_again() -> None:
    once = Once(MemoryStore(), "job", running_ttl=60, sleep=_no_wait)
    assert await once.claim("k", "a")
    assert not await once.claim("k", "b")
    await once.release("k")
    assert await once.claim("k", "b")


async def test_a_claim_lapses_after_its_time() -> None:
    once = Once(MemoryStore(), "job", running_ttl=0.05, sleep=_no_wait)
    assert await once.claim("k", "a")
    await asyncio.sleep(0.1)
    assert await once.claim("k", "b")  # a crashed holder cannot block the work for ever
