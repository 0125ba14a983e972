"""Channel subscriptions: which channels hear about which jobs (one job, a department, or all jobs) and
which topics. Kept in the shared store as one hash, so every replica and restart sees the same list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from ashby.events import Topic
from ashby.store import Store

_KEY = "notify:subscriptions"
#: What a channel hears when the subscriber names no topics: everything but archives (a rejection is
#: news for the hiring team, not for a channel).
DEFAULT_TOPICS = frozenset({Topic.APPLICATIONS, Topic.MOVES, Topic.OFFERS, Topic.HIRES})

ScopeKind = Literal["job", "department", "all"]


@dataclass(frozen=True, slots=True)
class Scope:
    kind: ScopeKind
    id: str = ""
    name: str = "all jobs"

    @property
    def field(self) -> str:
        return f"{self.kind}:{self.id}"

    def covers(self, job_id: str | None, department_id: str | None) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "job":
            return job_id == self.id
        return department_id == self.id


ALL_JOBS = Scope("all")


@dataclass(frozen=True, slots=True)
class Subscription:
    channel: str
    scope: Scope
    topics: frozenset[Topic]
    by: str  # the Slack user who subscribed the channel

    def field(self) -> str:
        return f"{self.channel}|{self.scope.field}"

    def to_json(self) -> str:
        return json.dumps(
            {
                "channel": self.channel,
                "scope": [self.scope.kind, self.scope.id, self.scope.name],
                "topics": sorted(self.topics),
                "by": self.by,
            }
        )

    @classmethod
    def from_json(cls, raw: bytes) -> Subscription | None:
        try:
            data = json.loads(raw)
            kind, scope_id, name = data["scope"]
            topics = frozenset(Topic(t) for t in data["topics"])
            if kind not in ("job", "department", "all"):
                return None
            return cls(channel=data["channel"], scope=Scope(kind, scope_id, name), topics=topics, by=data["by"])
        except (ValueError, KeyError, TypeError):
            return None


class Subscriptions:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def add(self, subscription: Subscription) -> None:
        """Subscribing again to the same scope replaces its topics."""
        await self._store.hset_many(_KEY, {subscription.field(): subscription.to_json()})

    async def remove(self, channel: str, scope: Scope | None) -> list[Subscription]:
        """Remove one of the channel's subscriptions (or all of them when ``scope`` is None); returns them."""
        gone = [s for s in await self.of_channel(channel) if scope is None or s.scope.field == scope.field]
        if gone:
            await self._store.hdel(_KEY, *(s.field() for s in gone))
        return gone

    async def of_channel(self, channel: str) -> list[Subscription]:
        return [s for s in await self.all() if s.channel == channel]

    async def all(self) -> list[Subscription]:
        rows = await self._store.hgetall(_KEY)
        found = (Subscription.from_json(raw) for raw in rows.values())
        return sorted((s for s in found if s is not None), key=lambda s: (s.channel, s.scope.kind, s.scope.name))

    async def matching(self, topic: Topic, job_id: str | None, department_id: str | None) -> list[Subscription]:
        return [s for s in await self.all() if topic in s.topics and s.scope.covers(job_id, department_id)]
