"""Shared state: a small async key-value store, in process or on Redis.

The bot keeps a few kinds of state that replicas must agree on: idempotency keys for confirmed writes
(exactly one replica may run an action), the candidate index snapshot with its sync tokens (so a restart
or a second replica continues incrementally instead of re-reading Ashby), a log of changed index records
(so replicas apply each other's refreshes), and a lock so only one replica refreshes at a time.
``MemoryStore`` is the embedded default for one process; ``RedisStore`` is used when ``REDIS_URL`` is set.
Both behave the same, and every key is namespaced with a prefix.
"""

from __future__ import annotations

import functools
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar, cast

from redis.asyncio import Redis
from redis.exceptions import RedisError

DEFAULT_PREFIX = "ashbybot:"
#: Change-log entries kept; a replica further behind than this reloads the whole snapshot.
DEFAULT_MAX_CHANGES = 1000
#: Fields per Redis command for big hashes, so one snapshot write never becomes one huge request.
_CHUNK = 1000

Value = bytes | str


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

    @abstractmethod
    async def aclose(self) -> None: ...


@dataclass
class _Log:
    maxlen: int
    last: int = 0
    entries: deque[tuple[int, tuple[str, ...]]] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = deque(maxlen=self.maxlen)


class MemoryStore(Store):
    """In-process state for a single replica; expiry is checked lazily on access."""

    def __init__(self, prefix: str = DEFAULT_PREFIX, *, max_changes: int = DEFAULT_MAX_CHANGES) -> None:
        super().__init__(prefix)
        self._max_changes = max_changes
        self._owner = uuid.uuid4().hex.encode()
        self._values: dict[str, tuple[bytes, float | None]] = {}
        self._hashes: dict[str, dict[str, bytes]] = {}
        self._logs: dict[str, _Log] = {}

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
    async def aclose(self) -> None:
        await self._redis.aclose()
