"""The shared store: one behaviour, two implementations (in process and on a real Redis)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from redis.asyncio import Redis

from ashby.store import MemoryStore, RedisStore, Store, StoreError

MakeStore = Callable[..., Awaitable[Store]]


@pytest.fixture(params=["memory", "redis"])
async def make_store(request: pytest.FixtureRequest) -> AsyncIterator[MakeStore]:
    """Builds stores of the parametrised kind; Redis ones share a per-test prefix, like two replicas."""
    made: list[Store] = []

    async def make(**options: object) -> Store:
        if request.param == "memory":
            store: Store = MemoryStore(**options)  # type: ignore[arg-type]
        else:
            url, prefix = request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix")
            store = RedisStore(url, prefix=prefix, **options)  # type: ignore[arg-type]
        made.append(store)
        return store

    yield make
    for store in made:
        await store.aclose()


@pytest.fixture
async def store(make_store: MakeStore) -> Store:
    return await make_store()


async def test_get_set_delete_with_bytes_and_str(store: Store) -> None:
    assert await store.get("missing") is None
    await store.set("a", "héllo")
    await store.set("b", b"\x00\xff")
    assert await store.get("a") == "héllo".encode()
    assert await store.get("b") == b"\x00\xff"
    await store.delete("a")
    assert await store.get("a") is None


async def test_values_expire_after_their_ttl(store: Store) -> None:
    await store.set("short", "x", ttl=0.05)
    await store.set("long", "y", ttl=60)
    await asyncio.sleep(0.1)
    assert await store.get("short") is None
    assert await store.get("long") == b"y"


async def test_set_if_absent_is_true_once_until_expiry(store: Store) -> None:
    assert await store.set_if_absent("idem", "first", ttl=0.1)
    assert not await store.set_if_absent("idem", "second", ttl=0.1)
    assert await store.get("idem") == b"first"
    await asyncio.sleep(0.15)
    assert await store.set_if_absent("idem", "third")


async def test_concurrent_set_if_absent_has_exactly_one_winner(store: Store) -> None:
    results = await asyncio.gather(*(store.set_if_absent("click:42", f"task{i}", ttl=30) for i in range(50)))
    assert results.count(True) == 1


async def test_two_replicas_race_for_an_idempotency_key(make_store: MakeStore) -> None:
    # With Redis: two connections, as two replicas have. In memory: one process shares one store.
    first = await make_store()
    second = await make_store() if isinstance(first, RedisStore) else first
    attempts = [s.set_if_absent("action:abc", "me", ttl=30) for s in (first, second) for _ in range(20)]
    assert (await asyncio.gather(*attempts)).count(True) == 1
    assert await second.get("action:abc") == b"me"


async def test_hash_operations(store: Store) -> None:
    assert await store.hgetall("h") == {}
    await store.hset_many("h", {"a": "1", "b": b"2", "c": "3"})
    await store.hset_many("h", {"a": "10"})
    await store.hset_many("h", {})
    assert await store.hgetall("h") == {"a": b"10", "b": b"2", "c": b"3"}
    assert await store.hget_many("h", ["a", "zz", "c"]) == {"a": b"10", "c": b"3"}
    await store.hdel("h", "a", "missing")
    await store.hdel("h")
    assert await store.hgetall("h") == {"b": b"2", "c": b"3"}
    await store.delete("h")
    assert await store.hgetall("h") == {}


async def test_big_hashes_are_written_and_read_whole(store: Store) -> None:
    mapping = {f"id{i}": f"record {i}" for i in range(2500)}
    await store.hset_many("big", mapping)
    assert await store.hgetall("big") == {k: v.encode() for k, v in mapping.items()}
    assert len(await store.hget_many("big", list(mapping))) == 2500
    await store.hdel("big", *list(mapping)[:2000])
    assert len(await store.hgetall("big")) == 500


async def test_change_log_positions_and_reads(store: Store) -> None:
    assert await store.changes_since("log", 0) == ([], 0)
    first = await store.append_changes("log", ["c:1", "c:2"])
    second = await store.append_changes("log", ["a:9"])
    assert (first, second) == (1, 2)
    assert await store.changes_since("log", 0) == (["c:1", "c:2", "a:9"], 2)
    assert await store.changes_since("log", 1) == (["a:9"], 2)
    assert await store.changes_since("log", 2) == ([], 2)
    assert await store.append_changes("log", []) == 3
    assert await store.changes_since("log", 2) == ([], 3)


async def test_change_log_says_when_a_position_was_trimmed(make_store: MakeStore) -> None:
    store = await make_store(max_changes=3)
    for n in range(5):
        await store.append_changes("log", [f"c:{n}"])
    # Entries 1 and 2 are gone: a reader at 0 or 1 must reload; a reader at 2 lost nothing.
    assert await store.changes_since("log", 0) is None
    assert await store.changes_since("log", 1) is None
    assert await store.changes_since("log", 2) == (["c:2", "c:3", "c:4"], 5)


async def test_change_log_says_when_it_was_reset(store: Store) -> None:
    await store.append_changes("log", ["c:1"])
    await store.append_changes("log", ["c:2"])
    await store.delete("log")
    assert await store.changes_since("log", 2) is None
    assert await store.append_changes("log", ["c:3"]) == 1


async def test_replicas_read_each_others_changes(make_store: MakeStore) -> None:
    writer = await make_store()
    reader = await make_store() if isinstance(writer, RedisStore) else writer
    position = await writer.append_changes("log", ["c:1"])
    assert await reader.changes_since("log", 0) == (["c:1"], position)


async def test_lock_is_exclusive_until_released_or_expired(store: Store) -> None:
    assert await store.acquire_lock("refresh", ttl=30)
    assert not await store.acquire_lock("refresh", ttl=30)
    await store.release_lock("refresh")
    assert await store.acquire_lock("refresh", ttl=0.05)
    await asyncio.sleep(0.1)
    assert await store.acquire_lock("refresh", ttl=30)


async def test_a_redis_lock_belongs_to_the_replica_that_took_it(redis_url: str, redis_prefix: str) -> None:
    async with (
        RedisStore(redis_url, prefix=redis_prefix) as first,
        RedisStore(redis_url, prefix=redis_prefix) as second,
    ):
        assert await first.acquire_lock("refresh", ttl=30)
        assert not await second.acquire_lock("refresh", ttl=30)
        await second.release_lock("refresh")  # not its lock: no effect
        assert not await second.acquire_lock("refresh", ttl=30)
        await first.release_lock("refresh")
        assert await second.acquire_lock("refresh", ttl=0.05)
        await asyncio.sleep(0.1)
        # Expired and taken by the first replica: the second's late release must not free it.
        assert await first.acquire_lock("refresh", ttl=30)
        await second.release_lock("refresh")
        assert not await second.acquire_lock("refresh", ttl=30)


async def test_keys_are_namespaced_by_prefix(redis_url: str, redis_prefix: str) -> None:
    async with (
        RedisStore(redis_url, prefix=redis_prefix) as ours,
        RedisStore(redis_url, prefix=f"{redis_prefix}x:") as other,
    ):
        await ours.set("k", "v")
        assert await other.get("k") is None
        raw = Redis.from_url(redis_url)
        try:
            assert await raw.get(f"{redis_prefix}k") == b"v"
        finally:
            await raw.aclose()
    assert MemoryStore().key("k") == "ashbybot:k"


def test_repr_never_shows_the_redis_password() -> None:
    assert "secret" not in repr(RedisStore("redis://:secret@localhost:6379/0"))


async def test_an_unreachable_redis_raises_the_stores_own_error() -> None:
    """Callers catch ``StoreError``, not Redis's exception tree (or whatever the socket raised)."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with RedisStore(f"redis://127.0.0.1:{port}/0", socket_timeout=0.5) as down:
        for operation in (down.get("k"), down.set("k", "v"), down.set_if_absent("k", "v"), down.hgetall("h")):
            with pytest.raises(StoreError):
                await operation
