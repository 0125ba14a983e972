"""Shared state: a small async key-value store, in process or on Redis.

The bot keeps a few kinds of state that replicas must agree on: idempotency keys for confirmed writes
(exactly one replica may run an action), the candidate index snapshot with its sync tokens (so a restart
or a second replica continues incrementally instead of re-reading Ashby), a log of changed index records
(so replicas apply each other's refreshes), a lock so only one replica refreshes at a time, a queue of
Ashby events (a stream read by a consumer group, so each event is handled by one replica and one that crashes
mid-event hands it on), and per-recipient outboxes of notifications (lists, with a sorted set of due times).
``MemoryStore`` is the embedded default for one process; ``RedisStore`` is used when ``REDIS_URL`` is set.
Both behave the same, and every key is namespaced with a prefix.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar, cast

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError
from redis.typing import EncodableT, FieldT

DEFAULT_PREFIX = "ashbybot:"
#: Change-log entries kept; a replica further behind than this reloads the whole snapshot.
DEFAULT_MAX_CHANGES = 1000
#: Fields per Redis command for big hashes, so one snapshot write never becomes one huge request.
_CHUNK = 1000
#: Entries a stream keeps (approximately); only a queue this far behind loses its oldest events.
DEFAULT_STREAM_LEN = 100_000

Value = bytes | str
Entry = tuple[str, dict[str, str]]


def _bytes(value: Value) -> bytes:
    return value.encode() if isinstance(value, str) else value


class StoreError(Exception):
    """The shared store is unreachable or failing (Redis down, a timeout, a lost connection). Callers treat it
    as "cannot promise exactly once": writes refuse, questions go on without it."""


P = ParamSpec("P")
R = TypeVar("R")


def _as_store_error(method: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Redis's own exceptions, and the socket errors under them, become ``StoreError``."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except (TimeoutError, RedisError, OSError) as exc:
            raise StoreError(type(exc).__name__) from exc

    return wrapper


class Store(ABC):
    """The operations the bot needs from shared state. Keys are given without the prefix.

    The change log hands out increasing integer positions (0 = before the first entry);
    ``changes_since`` answers ``None`` when entries after the position are gone (trimmed or reset),
    which means: reload everything instead of applying changes.
    A lock belongs to the store instance that took it (one instance per replica).
    """

    def __init__(self, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix

    def key(self, key: str) -> str:
        return self.prefix + key

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    @abstractmethod
    async def get(self, key: str) -> bytes | None: ...

    @abstractmethod
    async def set(self, key: str, value: Value, ttl: float | None = None) -> None: ...

    @abstractmethod
    async def delete(self, key: str) -> None: ...

    @abstractmethod
    async def set_if_absent(self, key: str, value: Value, ttl: float | None = None) -> bool:
        """True for exactly one caller across all replicas until the key expires or is deleted."""

    @abstractmethod
    async def hset_many(self, key: str, mapping: Mapping[str, Value]) -> None: ...

    @abstractmethod
    async def hget_many(self, key: str, fields: Iterable[str]) -> dict[str, bytes]:
        """The fields that exist, by name."""

    @abstractmethod
    async def hgetall(self, key: str) -> dict[str, bytes]: ...

    @abstractmethod
    async def hdel(self, key: str, *fields: str) -> None: ...

    @abstractmethod
    async def append_changes(self, key: str, ids: Iterable[str]) -> int:
        """Append one entry of changed ids; returns its position."""

    @abstractmethod
    async def changes_since(self, key: str, position: int) -> tuple[list[str], int] | None:
        """Ids appended after ``position`` and the position to ask from next, or ``None`` if some are gone."""

    @abstractmethod
    async def acquire_lock(self, key: str, ttl: float) -> bool: ...

    @abstractmethod
    async def release_lock(self, key: str) -> None:
        """Release the lock if this instance still holds it (it may have expired and been taken since)."""

    # Streams: one consumer group per stream. An acked entry is also deleted (XDEL), so a stream holds only
    # what is still to do and stays small; a consumer's unacked entries stay pending until claimed.

    @abstractmethod
    async def stream_add(self, key: str, fields: Mapping[str, str], *, max_len: int = DEFAULT_STREAM_LEN) -> str:
        """Append an entry; returns its id. Beyond ``max_len`` entries the oldest are trimmed."""

    @abstractmethod
    async def stream_ensure_group(self, key: str, group: str) -> None:
        """Create the group (and the stream) if missing; the group starts before the first entry."""

    @abstractmethod
    async def stream_read(
        self, key: str, group: str, consumer: str, *, count: int = 10, block_ms: int = 1000
    ) -> list[Entry]:
        """Entries never delivered to the group, now pending for ``consumer``; waits up to ``block_ms`` for
        one (0: not at all; keep it below the Redis socket timeout). A missing group is a ``StoreError``."""

    @abstractmethod
    async def stream_ack(self, key: str, group: str, *entry_ids: str) -> None:
        """Done with the entries: no longer pending, and deleted from the stream."""

    @abstractmethod
    async def stream_claim_stale(
        self, key: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 10
    ) -> list[Entry]:
        """Entries pending for any consumer for at least ``min_idle_ms`` without an ack, now pending for this
        one: how the work of a crashed replica (or of this process before a restart) is picked up."""

    @abstractmethod
    async def stream_backlog(self, key: str, group: str) -> tuple[int, int]:
        """Queue depth (entries not yet delivered plus pending) and how many are pending."""

    # Lists and sorted sets: an outbox per recipient, and when each is next due to be flushed.

    @abstractmethod
    async def list_push(self, key: str, *values: Value) -> int:
        """Append at the tail; returns the new length."""

    @abstractmethod
    async def list_range(self, key: str, limit: int = 1000) -> list[bytes]:
        """Up to ``limit`` values from the head."""

    @abstractmethod
    async def list_drop(self, key: str, count: int) -> None:
        """Remove ``count`` values from the head (the ones a flusher has sent); values pushed since stay."""

    @abstractmethod
    async def list_len(self, key: str) -> int: ...

    @abstractmethod
    async def zadd(self, key: str, member: str, score: float, *, only_if_absent: bool = False) -> None:
        """Set the member's score; with ``only_if_absent`` an existing member keeps its score."""

    @abstractmethod
    async def zdue(self, key: str, max_score: float, limit: int = 100) -> list[str]:
        """Members scored at most ``max_score``, lowest first."""

    @abstractmethod
    async def zrem(self, key: str, *members: str) -> None: ...

    @abstractmethod
    async def zscore(self, key: str, member: str) -> float | None: ...

    @abstractmethod
    async def aclose(self) -> None: ...


@dataclass
class _Log:
    maxlen: int
    last: int = 0
    entries: deque[tuple[int, tuple[str, ...]]] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = deque(maxlen=self.maxlen)


@dataclass
class _Group:
    last: int = 0  # the last entry delivered to the group
    pending: dict[int, tuple[str, float]] = field(default_factory=dict)  # entry -> consumer, when delivered


@dataclass
class _Stream:
    """Entries are numbered 1, 2, ... (ids "<n>-0"); ``added`` is set, and replaced, on every append."""

    last: int = 0
    entries: dict[int, dict[str, str]] = field(default_factory=dict)
    groups: dict[str, _Group] = field(default_factory=dict)
    added: asyncio.Event = field(default_factory=asyncio.Event)


def _number(entry_id: str) -> int:
    return int(entry_id.split("-", 1)[0])


class MemoryStore(Store):
    """In-process state for a single replica; expiry is checked lazily on access."""

    def __init__(self, prefix: str = DEFAULT_PREFIX, *, max_changes: int = DEFAULT_MAX_CHANGES) -> None:
        super().__init__(prefix)
        self._max_changes = max_changes
        self._owner = uuid.uuid4().hex.encode()
        self._values: dict[str, tuple[bytes, float | None]] = {}
        self._hashes: dict[str, dict[str, bytes]] = {}
        self._logs: dict[str, _Log] = {}
        self._streams: dict[str, _Stream] = {}
        self._lists: dict[str, list[bytes]] = {}
        self._zsets: dict[str, dict[str, float]] = {}

    def _live(self, key: str) -> bytes | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires is not None and expires <= time.monotonic():
            del self._values[key]
            return None
        return value

    async def get(self, key: str) -> bytes | None:
        return self._live(self.key(key))

    async def set(self, key: str, value: Value, ttl: float | None = None) -> None:
        expires = None if ttl is None else time.monotonic() + ttl
        self._values[self.key(key)] = (_bytes(value), expires)

    async def delete(self, key: str) -> None:
        full = self.key(key)
        self._values.pop(full, None)
        self._hashes.pop(full, None)
        self._logs.pop(full, None)
        self._streams.pop(full, None)
        self._lists.pop(full, None)
        self._zsets.pop(full, None)

    async def set_if_absent(self, key: str, value: Value, ttl: float | None = None) -> bool:
        # No await between the check and the write, so concurrent tasks cannot both succeed.
        if self._live(self.key(key)) is not None:
            return False
        await self.set(key, value, ttl)
        return True

    async def hset_many(self, key: str, mapping: Mapping[str, Value]) -> None:
        if mapping:
            self._hashes.setdefault(self.key(key), {}).update((f, _bytes(v)) for f, v in mapping.items())

    async def hget_many(self, key: str, fields: Iterable[str]) -> dict[str, bytes]:
        stored = self._hashes.get(self.key(key), {})
        return {f: stored[f] for f in fields if f in stored}

    async def hgetall(self, key: str) -> dict[str, bytes]:
        return dict(self._hashes.get(self.key(key), {}))

    async def hdel(self, key: str, *fields: str) -> None:
        stored = self._hashes.get(self.key(key))
        if stored is not None:
            for name in fields:
                stored.pop(name, None)

    async def append_changes(self, key: str, ids: Iterable[str]) -> int:
        log = self._logs.setdefault(self.key(key), _Log(self._max_changes))
        log.last += 1
        log.entries.append((log.last, tuple(ids)))
        return log.last

    async def changes_since(self, key: str, position: int) -> tuple[list[str], int] | None:
        log = self._logs.get(self.key(key))
        last = log.last if log else 0
        if position > last:
            return None
        if position == last:
            return [], position
        assert log is not None  # position < last implies a log
        if log.entries[0][0] > position + 1:
            return None
        return [i for number, ids in log.entries if number > position for i in ids], last

    async def acquire_lock(self, key: str, ttl: float) -> bool:
        return await self.set_if_absent(key, self._owner, ttl)

    async def release_lock(self, key: str) -> None:
        if self._live(self.key(key)) == self._owner:
            await self.delete(key)

    def _group(self, key: str, group: str) -> tuple[_Stream, _Group]:
        stream = self._streams.get(self.key(key))
        if stream is None or group not in stream.groups:
            raise StoreError("NOGROUP")  # as Redis answers for a group that was never created
        return stream, stream.groups[group]

    async def stream_add(self, key: str, fields: Mapping[str, str], *, max_len: int = DEFAULT_STREAM_LEN) -> str:
        stream = self._streams.setdefault(self.key(key), _Stream())
        stream.last += 1
        stream.entries[stream.last] = dict(fields)
        while len(stream.entries) > max_len:
            del stream.entries[next(iter(stream.entries))]
        stream.added.set()
        stream.added = asyncio.Event()
        return f"{stream.last}-0"

    async def stream_ensure_group(self, key: str, group: str) -> None:
        self._streams.setdefault(self.key(key), _Stream()).groups.setdefault(group, _Group())

    def _deliver(self, key: str, group: str, consumer: str, count: int) -> list[Entry]:
        stream, state = self._group(key, group)
        numbers = list(islice((n for n in stream.entries if n > state.last), count))
        now = time.monotonic()
        for number in numbers:
            state.pending[number] = (consumer, now)
        if numbers:
            state.last = numbers[-1]
        return [(f"{n}-0", dict(stream.entries[n])) for n in numbers]

    async def stream_read(
        self, key: str, group: str, consumer: str, *, count: int = 10, block_ms: int = 1000
    ) -> list[Entry]:
        deadline = time.monotonic() + block_ms / 1000
        while not (entries := self._deliver(key, group, consumer, count)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._streams[self.key(key)].added.wait(), remaining)
        return entries

    async def stream_ack(self, key: str, group: str, *entry_ids: str) -> None:
        stream = self._streams.get(self.key(key))
        if stream is None:
            return
        pending = stream.groups[group].pending if group in stream.groups else {}
        for number in map(_number, entry_ids):
            stream.entries.pop(number, None)
            pending.pop(number, None)

    async def stream_claim_stale(
        self, key: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 10
    ) -> list[Entry]:
        stream, state = self._group(key, group)
        now, claimed = time.monotonic(), list[Entry]()
        for number, (_, delivered) in list(state.pending.items()):
            if len(claimed) >= count:
                break
            if number not in stream.entries:  # trimmed away: Redis 7 drops it from the pending list too
                del state.pending[number]
            elif (now - delivered) * 1000 >= min_idle_ms:
                state.pending[number] = (consumer, now)
                claimed.append((f"{number}-0", dict(stream.entries[number])))
        return claimed

    async def stream_backlog(self, key: str, group: str) -> tuple[int, int]:
        stream = self._streams.get(self.key(key))
        state = stream.groups.get(group) if stream else None
        if stream is None or state is None:
            return (len(stream.entries) if stream else 0), 0
        waiting = sum(1 for n in stream.entries if n > state.last)
        return waiting + len(state.pending), len(state.pending)

    async def list_push(self, key: str, *values: Value) -> int:
        stored = self._lists.setdefault(self.key(key), [])
        stored.extend(map(_bytes, values))
        return len(stored)

    async def list_range(self, key: str, limit: int = 1000) -> list[bytes]:
        return self._lists.get(self.key(key), [])[: max(0, limit)]

    async def list_drop(self, key: str, count: int) -> None:
        stored = self._lists.get(self.key(key), [])
        del stored[: max(0, count)]
        if not stored:
            self._lists.pop(self.key(key), None)

    async def list_len(self, key: str) -> int:
        return len(self._lists.get(self.key(key), []))

    async def zadd(self, key: str, member: str, score: float, *, only_if_absent: bool = False) -> None:
        scores = self._zsets.setdefault(self.key(key), {})
        if not (only_if_absent and member in scores):
            scores[member] = score

    async def zdue(self, key: str, max_score: float, limit: int = 100) -> list[str]:
        due = sorted((s, m) for m, s in self._zsets.get(self.key(key), {}).items() if s <= max_score)
        return [member for _, member in due[: max(0, limit)]]

    async def zrem(self, key: str, *members: str) -> None:
        scores = self._zsets.get(self.key(key), {})
        for member in members:
            scores.pop(member, None)
        if not scores:
            self._zsets.pop(self.key(key), None)

    async def zscore(self, key: str, member: str) -> float | None:
        return self._zsets.get(self.key(key), {}).get(member)

    async def aclose(self) -> None:
        """Nothing to release; present so both stores are closed the same way."""


# Positions are the millisecond part of explicit stream ids ("<n>-0"), so they count entries exactly.
_APPEND = """
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local n = 1
if #last > 0 then n = tonumber(string.match(last[1][1], '^%d+')) + 1 end
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], n .. '-0', 'ids', ARGV[2])
return n
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _entry_number(entry_id: bytes) -> int:
    return int(entry_id.split(b"-", 1)[0])


def _entries(raw: Iterable[tuple[bytes, dict[bytes, bytes] | None]]) -> list[Entry]:
    """Stream entries as text; an entry deleted while pending (``None`` fields) is left out."""
    return [(i.decode(), {k.decode(): v.decode() for k, v in f.items()}) for i, f in raw if f is not None]


class RedisStore(Store):
    """State in Redis, shared by every replica and surviving restarts. The change log is a stream."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        max_changes: int = DEFAULT_MAX_CHANGES,
        socket_timeout: float = 5.0,
    ) -> None:
        super().__init__(prefix)
        self._max_changes = max_changes
        self._owner = uuid.uuid4().hex
        self._redis: Redis = Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout)
        self._append = self._redis.register_script(_APPEND)
        self._release = self._redis.register_script(_RELEASE)

    def __repr__(self) -> str:  # the URL may carry a password
        return f"RedisStore(prefix={self.prefix!r})"

    @staticmethod
    def _px(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, round(ttl * 1000))

    @_as_store_error
    async def get(self, key: str) -> bytes | None:
        return cast(bytes | None, await self._redis.get(self.key(key)))

    @_as_store_error
    async def set(self, key: str, value: Value, ttl: float | None = None) -> None:
        await self._redis.set(self.key(key), value, px=self._px(ttl))

    @_as_store_error
    async def delete(self, key: str) -> None:
        await self._redis.delete(self.key(key))

    @_as_store_error
    async def set_if_absent(self, key: str, value: Value, ttl: float | None = None) -> bool:
        return bool(await self._redis.set(self.key(key), value, px=self._px(ttl), nx=True))

    @_as_store_error
    async def hset_many(self, key: str, mapping: Mapping[str, Value]) -> None:
        items = list(mapping.items())
        async with self._redis.pipeline(transaction=False) as pipe:
            for start in range(0, len(items), _CHUNK):
                pipe.hset(self.key(key), mapping=dict(items[start : start + _CHUNK]))
            await pipe.execute()

    @_as_store_error
    async def hget_many(self, key: str, fields: Iterable[str]) -> dict[str, bytes]:
        names = list(fields)
        found: dict[str, bytes] = {}
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            values = await cast(Awaitable[list[bytes | None]], self._redis.hmget(self.key(key), chunk))
            found.update((name, value) for name, value in zip(chunk, values, strict=True) if value is not None)
        return found

    @_as_store_error
    async def hgetall(self, key: str) -> dict[str, bytes]:
        # HSCAN rather than HGETALL: a large snapshot must not block Redis for the other replicas.
        found: dict[str, bytes] = {}
        async for name, value in self._redis.hscan_iter(self.key(key), count=_CHUNK):
            found[name.decode()] = value
        return found

    @_as_store_error
    async def hdel(self, key: str, *fields: str) -> None:
        for start in range(0, len(fields), _CHUNK):
            await cast(Awaitable[int], self._redis.hdel(self.key(key), *fields[start : start + _CHUNK]))

    @_as_store_error
    async def append_changes(self, key: str, ids: Iterable[str]) -> int:
        ran = self._append(keys=[self.key(key)], args=[self._max_changes, " ".join(ids)])
        return int(await cast(Awaitable[int], ran))

    @_as_store_error
    async def changes_since(self, key: str, position: int) -> tuple[list[str], int] | None:
        full = self.key(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.xrange(full, "-", "+", count=1)
            pipe.xrevrange(full, "+", "-", count=1)
            pipe.xrange(full, f"{position + 1}-0", "+")
            first, last, entries = await pipe.execute()
        newest = _entry_number(last[0][0]) if last else 0
        if position > newest:
            return None
        if position == newest:
            return [], position
        if _entry_number(first[0][0]) > position + 1:
            return None
        return [i for _, fields in entries for i in fields[b"ids"].decode().split()], newest

    @_as_store_error
    async def acquire_lock(self, key: str, ttl: float) -> bool:
        return await self.set_if_absent(key, self._owner, ttl)

    @_as_store_error
    async def release_lock(self, key: str) -> None:
        await cast(Awaitable[int], self._release(keys=[self.key(key)], args=[self._owner]))

    @_as_store_error
    async def stream_add(self, key: str, fields: Mapping[str, str], *, max_len: int = DEFAULT_STREAM_LEN) -> str:
        entry: dict[FieldT, EncodableT] = {name: value for name, value in fields.items()}
        added = await self._redis.xadd(self.key(key), entry, maxlen=max_len, approximate=True)
        return cast(bytes, added).decode()

    @_as_store_error
    async def stream_ensure_group(self, key: str, group: str) -> None:
        try:
            await self._redis.xgroup_create(self.key(key), group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    @_as_store_error
    async def stream_read(
        self, key: str, group: str, consumer: str, *, count: int = 10, block_ms: int = 1000
    ) -> list[Entry]:
        block = block_ms if block_ms > 0 else None  # BLOCK 0 would wait for ever
        reply = await self._redis.xreadgroup(group, consumer, {self.key(key): ">"}, count=count, block=block)
        return [entry for _, raw in reply or [] for entry in _entries(raw)]

    @_as_store_error
    async def stream_ack(self, key: str, group: str, *entry_ids: str) -> None:
        if entry_ids:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.xack(self.key(key), group, *entry_ids)
                pipe.xdel(self.key(key), *entry_ids)
                await pipe.execute()

    @_as_store_error
    async def stream_claim_stale(
        self, key: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 10
    ) -> list[Entry]:
        # XAUTOCLAIM scans a bounded part of the pending list per call: follow its cursor to the end.
        cursor: bytes | str = "0-0"
        claimed: list[Entry] = []
        while len(claimed) < count:
            reply = await self._redis.xautoclaim(
                self.key(key), group, consumer, min_idle_ms, start_id=cursor, count=count - len(claimed)
            )
            cursor, raw = reply[0], reply[1]
            claimed += _entries(raw)
            if cursor == b"0-0":
                break
        return claimed

    @_as_store_error
    async def stream_backlog(self, key: str, group: str) -> tuple[int, int]:
        full = self.key(key)
        if not await self._redis.exists(full):
            return 0, 0
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.xlen(full)
            pipe.xinfo_groups(full)
            length, groups = await pipe.execute()
        info = next((g for g in groups if g["name"] == group.encode()), None)
        if info is None:
            return length, 0
        pending, lag = int(info["pending"]), info.get("lag")
        # Without a lag (Redis < 7, or after out-of-order deletes) the length is the depth: acked entries
        # are deleted, so every entry left is waiting or pending.
        return (pending + int(lag) if lag is not None else length), pending

    @_as_store_error
    async def list_push(self, key: str, *values: Value) -> int:
        if not values:
            return await self.list_len(key)
        return await cast(Awaitable[int], self._redis.rpush(self.key(key), *values))

    @_as_store_error
    async def list_range(self, key: str, limit: int = 1000) -> list[bytes]:
        if limit <= 0:  # LRANGE 0 -1 would be the whole list
            return []
        return await cast(Awaitable[list[bytes]], self._redis.lrange(self.key(key), 0, limit - 1))

    @_as_store_error
    async def list_drop(self, key: str, count: int) -> None:
        if count > 0:
            await cast(Awaitable[str], self._redis.ltrim(self.key(key), count, -1))

    @_as_store_error
    async def list_len(self, key: str) -> int:
        return await cast(Awaitable[int], self._redis.llen(self.key(key)))

    @_as_store_error
    async def zadd(self, key: str, member: str, score: float, *, only_if_absent: bool = False) -> None:
        await self._redis.zadd(self.key(key), {member: score}, nx=only_if_absent)

    @_as_store_error
    async def zdue(self, key: str, max_score: float, limit: int = 100) -> list[str]:
        if limit <= 0:
            return []
        due = await self._redis.zrangebyscore(self.key(key), "-inf", max_score, start=0, num=limit)
        return [member.decode() for member in due]

    @_as_store_error
    async def zrem(self, key: str, *members: str) -> None:
        if members:
            await self._redis.zrem(self.key(key), *members)

    @_as_store_error
    async def zscore(self, key: str, member: str) -> float | None:
        return cast(float | None, await self._redis.zscore(self.key(key), member))

    @_as_store_error
    async def aclose(self) -> None:
        await self._redis.aclose()
