"""The shared store: one behaviour, two implementations (in process and on a real Redis)."""

from __future__ import annotations

import asyncio
import time
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
        operations = (
            down.get("k"),
            down.set("k", "v"),
            down.set_if_absent("k", "v"),
            down.hgetall("h"),
            down.stream_add("s", {"n": "1"}),
            down.stream_read("s", "g", "a"),
            down.list_push("l", "x"),
            down.zdue("z", 1),
        )
        for operation in operations:
            with pytest.raises(StoreError):
                await operation


async def test_a_stream_group_delivers_each_entry_to_one_consumer(store: Store) -> None:
    first = await store.stream_add("s", {"n": "1"})
    await store.stream_ensure_group("s", "g")
    await store.stream_ensure_group("s", "g")  # already there: no error
    await store.stream_add("s", {"n": "2"})
    await store.stream_add("s", {"n": "3"})
    a = await store.stream_read("s", "g", "a", count=2)
    b = await store.stream_read("s", "g", "b", count=2)
    assert [fields["n"] for _, fields in a] == ["1", "2"]  # entries from before the group come too
    assert [fields["n"] for _, fields in b] == ["3"]
    assert a[0][0] == first
    assert await store.stream_read("s", "g", "a", block_ms=0) == []
    assert await store.stream_backlog("s", "g") == (3, 3)
    await store.stream_ack("s", "g", *(entry_id for entry_id, _ in a))
    await store.stream_ack("s", "g")
    assert await store.stream_backlog("s", "g") == (1, 1)


async def test_a_stream_read_waits_for_the_next_entry(store: Store) -> None:
    await store.stream_ensure_group("s", "g")
    started = time.monotonic()
    assert await store.stream_read("s", "g", "a", block_ms=100) == []
    assert time.monotonic() - started >= 0.09
    reader = asyncio.create_task(store.stream_read("s", "g", "a", block_ms=5000))
    await asyncio.sleep(0.05)
    assert not reader.done()
    started = time.monotonic()
    await store.stream_add("s", {"n": "1"})
    entries = await asyncio.wait_for(reader, 2)
    assert [fields for _, fields in entries] == [{"n": "1"}]
    assert time.monotonic() - started < 1


async def test_reading_or_claiming_without_a_group_is_a_store_error(store: Store) -> None:
    await store.stream_add("s", {"n": "1"})
    with pytest.raises(StoreError):
        await store.stream_read("s", "nogroup", "a", block_ms=0)
    with pytest.raises(StoreError):
        await store.stream_claim_stale("s", "nogroup", "a", min_idle_ms=0)


async def test_another_consumer_claims_entries_left_unacked(make_store: MakeStore) -> None:
    # With Redis: two connections, as a crashed replica and a live one.
    crashed = await make_store()
    live = await make_store() if isinstance(crashed, RedisStore) else crashed
    await crashed.stream_ensure_group("s", "g")
    for n in range(3):
        await crashed.stream_add("s", {"n": str(n)})
    taken = await crashed.stream_read("s", "g", "old", count=2)
    assert await live.stream_claim_stale("s", "g", "new", min_idle_ms=150) == []  # not idle long enough
    await asyncio.sleep(0.2)
    claimed = await live.stream_claim_stale("s", "g", "new", min_idle_ms=150, count=10)
    assert claimed == taken
    assert await crashed.stream_claim_stale("s", "g", "old", min_idle_ms=150) == []  # idle time restarted
    await live.stream_ack("s", "g", *(entry_id for entry_id, _ in claimed))
    assert await live.stream_backlog("s", "g") == (1, 0)
    assert [fields for _, fields in await live.stream_read("s", "g", "new", block_ms=0)] == [{"n": "2"}]


async def test_claims_are_limited_to_count(store: Store) -> None:
    await store.stream_ensure_group("s", "g")
    for n in range(5):
        await store.stream_add("s", {"n": str(n)})
    await store.stream_read("s", "g", "a", count=5)
    first = await store.stream_claim_stale("s", "g", "b", min_idle_ms=0, count=3)
    assert [fields["n"] for _, fields in first] == ["0", "1", "2"]


async def test_stream_backlog_counts_waiting_and_pending_entries(store: Store) -> None:
    assert await store.stream_backlog("s", "g") == (0, 0)
    ids = [await store.stream_add("s", {"n": str(n)}) for n in range(5)]
    assert await store.stream_backlog("s", "g") == (5, 0)  # no group yet: everything waits
    await store.stream_ensure_group("s", "g")
    assert await store.stream_backlog("s", "g") == (5, 0)
    await store.stream_read("s", "g", "a", count=2)
    assert await store.stream_backlog("s", "g") == (5, 2)
    await store.stream_ack("s", "g", ids[1])  # out of order: Redis no longer knows the group's lag
    assert await store.stream_backlog("s", "g") == (4, 1)
    await store.stream_ack("s", "g", ids[0])
    assert await store.stream_backlog("s", "g") == (3, 0)
    await store.stream_read("s", "g", "a", count=10)
    await store.stream_ack("s", "g", *ids[2:])
    assert await store.stream_backlog("s", "g") == (0, 0)


async def test_a_stream_is_trimmed_to_about_max_len(store: Store) -> None:
    await store.stream_ensure_group("s", "g")
    for n in range(1000):
        await store.stream_add("s", {"n": str(n)}, max_len=100)
    depth, pending = await store.stream_backlog("s", "g")
    assert 100 <= depth < 1000
    assert pending == 0
    newest = await store.stream_read("s", "g", "a", count=1000, block_ms=0)
    assert newest[-1][1] == {"n": "999"}


async def test_list_operations(store: Store) -> None:
    assert await store.list_range("outbox") == []
    assert await store.list_push("outbox", "a", b"b") == 2
    assert await store.list_push("outbox", "c") == 3
    assert await store.list_push("outbox") == 3
    assert await store.list_range("outbox") == [b"a", b"b", b"c"]
    assert await store.list_range("outbox", limit=2) == [b"a", b"b"]
    assert await store.list_range("outbox", limit=0) == []
    await store.list_drop("outbox", 0)
    await store.list_drop("outbox", 2)
    assert await store.list_range("outbox") == [b"c"]
    assert await store.list_len("outbox") == 1
    await store.list_drop("outbox", 5)
    assert await store.list_len("outbox") == 0
    assert await store.list_push("outbox", "d") == 1


async def test_sorted_set_operations(store: Store) -> None:
    assert await store.zdue("due", 100) == []
    await store.zadd("due", "u2", 20)
    await store.zadd("due", "u1", 10.5)
    await store.zadd("due", "u3", 30)
    await store.zadd("due", "u1", 99, only_if_absent=True)  # keeps 10.5
    await store.zadd("due", "u3", 5)  # moves up
    assert await store.zscore("due", "u1") == 10.5
    assert await store.zscore("due", "missing") is None
    assert await store.zdue("due", 20) == ["u3", "u1", "u2"]
    assert await store.zdue("due", 20, limit=2) == ["u3", "u1"]
    assert await store.zdue("due", 4) == []
    await store.zrem("due", "u3", "missing")
    await store.zrem("due")
    assert await store.zdue("due", float("inf")) == ["u1", "u2"]


async def test_delete_removes_streams_lists_and_sorted_sets(store: Store) -> None:
    await store.stream_ensure_group("s", "g")
    await store.stream_add("s", {"n": "1"})
    await store.list_push("l", "x")
    await store.zadd("z", "m", 1)
    for key in ("s", "l", "z"):
        await store.delete(key)
    assert await store.stream_backlog("s", "g") == (0, 0)
    assert await store.list_len("l") == 0
    assert await store.zscore("z", "m") is None
