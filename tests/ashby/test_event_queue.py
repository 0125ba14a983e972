"""The event queue on both stores: each event handled once across consumers, handed on when a consumer dies,
retried a few times when its handler fails, and never lost to a store outage without the publisher knowing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import pytest

from ashby.event_queue import EventQueue, QueuedEvent
from ashby.store import MemoryStore, RedisStore, Store, StoreError

Replica = Callable[[], Awaitable[Store]]
Start = Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]]


@pytest.fixture(params=["memory", "redis"])
async def replica(request: pytest.FixtureRequest) -> AsyncIterator[Replica]:
    """Each call is another replica's store: a new Redis connection on the same prefix, or the one
    in-process store (replicas in one process share it)."""
    made: list[Store] = []
    shared = MemoryStore()

    async def make() -> Store:
        if request.param == "memory":
            return shared
        url, prefix = request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix")
        made.append(RedisStore(url, prefix=prefix))
        return made[-1]

    yield make
    for store in made:
        await store.aclose()


@pytest.fixture
async def start() -> AsyncIterator[Start]:
    """Runs coroutines as tasks, cancelled and awaited at the end of the test."""
    tasks: list[asyncio.Task[None]] = []

    def run(coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        tasks.append(asyncio.create_task(coroutine))
        return tasks[-1]

    yield run
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + 5
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def drained(events: EventQueue, seen: list[Any]) -> bool:
    """Something was handled, and nothing is left waiting or pending."""
    return bool(seen) and await events.backlog() == (0, 0)


def queue(store: Store, consumer: str, **options: Any) -> EventQueue:
    return EventQueue(store, consumer=consumer, **{"block": 0.2, **options})


async def test_a_published_event_is_handled_once_and_acked(replica: Replica, start: Start) -> None:
    events = queue(await replica(), "a")
    seen: list[QueuedEvent] = []

    async def handle(event: QueuedEvent) -> None:
        seen.append(event)

    start(events.run(handle))
    entry_id = await events.publish("candidateStageChange", {"application": {"id": "app1"}}, delivery="d1")
    await eventually(lambda: drained(events, seen))
    await asyncio.sleep(0.3)  # a few more rounds: nothing comes back
    assert seen == [QueuedEvent(entry_id, "candidateStageChange", {"application": {"id": "app1"}}, "d1", "webhook")]


async def test_two_replicas_share_the_events_and_handle_each_once(replica: Replica, start: Start) -> None:
    first, second = queue(await replica(), "a", batch=5), queue(await replica(), "b", batch=5)
    handled: dict[str, list[int]] = {"a": [], "b": []}

    def handler(name: str) -> Callable[[QueuedEvent], Awaitable[None]]:
        async def handle(event: QueuedEvent) -> None:
            handled[name].append(event.data["n"])
            await asyncio.sleep(0.005)

        return handle

    start(first.run(handler("a")))
    start(second.run(handler("b")))
    await asyncio.sleep(0.05)  # both are waiting for events
    for n in range(50):
        await first.publish("applicationSubmit", {"n": n}, delivery=f"d{n}")

    async def all_handled() -> bool:
        return len(handled["a"]) + len(handled["b"]) >= 50 and await first.backlog() == (0, 0)

    await eventually(all_handled)
    await asyncio.sleep(0.3)
    assert sorted(handled["a"] + handled["b"]) == list(range(50))  # each exactly once
    assert not set(handled["a"]) & set(handled["b"])
    assert handled["a"] and handled["b"]


async def test_an_event_left_by_a_crashed_replica_is_handled_by_another(replica: Replica, start: Start) -> None:
    crashing = queue(await replica(), "crashing", claim_after=60)
    entered = asyncio.Event()

    async def hang(event: QueuedEvent) -> None:
        entered.set()
        await asyncio.Event().wait()

    crashed = start(crashing.run(hang))
    await crashing.publish("offerCreate", {"offer": {"id": "o1"}}, delivery="d1")
    await asyncio.wait_for(entered.wait(), 5)
    crashed.cancel()  # the replica dies mid-event, before its ack
    with contextlib.suppress(asyncio.CancelledError):
        await crashed
    assert await crashing.backlog() == (1, 1)

    survivor = queue(await replica(), "survivor", claim_after=0.2)
    seen: list[str] = []

    async def handle(event: QueuedEvent) -> None:
        seen.append(event.data["offer"]["id"])

    start(survivor.run(handle))
    await eventually(lambda: drained(survivor, seen))
    assert seen == ["o1"]


async def test_a_failing_event_is_retried_then_dropped(
    replica: Replica, start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    events = queue(await replica(), "a", claim_after=0.05, max_attempts=3)
    calls: list[str] = []

    async def fail(event: QueuedEvent) -> None:
        calls.append(event.entry_id)
        raise RuntimeError("secret payload detail")

    caplog.set_level(logging.WARNING, logger="ashby.event_queue")
    start(events.run(fail))
    entry_id = await events.publish("candidateHire", {"name": "Ada Lovelace"}, delivery="d1")
    await eventually(lambda: drained(events, calls))
    await asyncio.sleep(0.3)
    assert calls == [entry_id] * 3
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING", "ERROR"]
    assert entry_id in caplog.text and "RuntimeError" in caplog.text
    assert "secret" not in caplog.text and "Ada" not in caplog.text


async def test_an_undecodable_entry_is_acked_without_being_handled(replica: Replica, start: Start) -> None:
    store = await replica()
    events = queue(store, "a")
    seen: list[QueuedEvent] = []

    async def handle(event: QueuedEvent) -> None:
        seen.append(event)

    await store.stream_add("events", {"action": "x", "data": "{not json", "delivery": "d1", "source": "webhook"})
    await store.stream_add("events", {"action": "x", "data": "[1, 2]"})
    await store.stream_add("events", {"data": "{}"})
    good = await events.publish("applicationSubmit", {}, delivery="d2", source="sync")
    start(events.run(handle))
    await eventually(lambda: drained(events, seen))
    assert [(e.entry_id, e.source) for e in seen] == [(good, "sync")]


async def test_a_store_outage_is_waited_out_with_growing_pauses(start: Start) -> None:
    class Flaky(MemoryStore):
        failures = 3

        async def stream_read(self, *args: Any, **kwargs: Any) -> list[tuple[str, dict[str, str]]]:
            if self.failures:
                self.failures -= 1
                raise StoreError("ConnectionError")
            return await super().stream_read(*args, **kwargs)

    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    store = Flaky()
    events = EventQueue(store, consumer="a", block=0.05, sleep=sleep)
    seen: list[str] = []

    async def handle(event: QueuedEvent) -> None:
        seen.append(event.action)

    await events.publish("candidateHire", {}, delivery="d1")
    start(events.run(handle))
    await eventually(lambda: drained(events, seen))
    assert pauses == [1.0, 2.0, 4.0]
    assert seen == ["candidateHire"]


async def test_the_backoff_stops_doubling_at_thirty_seconds(start: Start) -> None:
    class Down(MemoryStore):
        async def stream_ensure_group(self, key: str, group: str) -> None:
            raise StoreError("ConnectionError")

    pauses: list[float] = []
    enough = asyncio.Event()

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 8:
            enough.set()
        await asyncio.sleep(0)

    async def handle(event: QueuedEvent) -> None:
        raise AssertionError("nothing to handle")

    start(EventQueue(Down(), consumer="a", sleep=sleep).run(handle))
    await asyncio.wait_for(enough.wait(), 5)
    assert pauses[:8] == [1, 2, 4, 8, 16, 30, 30, 30]


async def test_cancelling_run_stops_it(replica: Replica) -> None:
    events = queue(await replica(), "a", block=5)

    async def handle(event: QueuedEvent) -> None:
        raise AssertionError("nothing to handle")

    task = asyncio.create_task(events.run(handle))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 2)


async def test_publishing_to_an_unreachable_redis_raises_the_stores_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with RedisStore(f"redis://127.0.0.1:{port}/0", socket_timeout=0.5) as down:
        events = EventQueue(down, consumer="a")
        with pytest.raises(StoreError):
            await events.publish("candidateHire", {"id": "c1"}, delivery="d1")
        with pytest.raises(StoreError):
            await events.backlog()
