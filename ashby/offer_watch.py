"""Offer news without webhooks: each round compares every offer's state with the last round's.

Ashby's offer list has no sync token, so this reads the list (offers are few next to applications) and keeps
one short signature per offer in the store: created, approved, accepted or declined since the last round
become the same changes the offer webhooks give. The first round only remembers; one replica at a time
compares (a lock), so each change is seen once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from . import models as m
from .changes import Change, offer_changes
from .client import AshbyClient
from .store import Store

log = logging.getLogger(__name__)

_SEEN_KEY = "offers:seen"
#: A field of the seen hash that says a first round has run (an organisation may have no offers yet).
_STARTED = "~started"
_LOCK_KEY = "offers:watch-lock"


def signature(offer: m.Offer) -> str:
    version = offer.latest_version
    return "|".join(
        (
            offer.acceptance_status or "",
            version.id if version else "",
            (version.approval_status or "") if version else "",
        )
    )


class OfferWatch:
    def __init__(
        self, client: AshbyClient, store: Store, on_changes: Callable[[list[Change]], Awaitable[None]]
    ) -> None:
        self._client = client
        self._store = store
        self._on_changes = on_changes

    async def run_once(self) -> int:
        """One round; returns how many changes it found."""
        if not await self._store.acquire_lock(_LOCK_KEY, 300):
            return 0
        try:
            return await self._compare()
        finally:
            await self._store.release_lock(_LOCK_KEY)

    async def _compare(self) -> int:
        offers = await self._client.offers()
        seen = await self._store.hgetall(_SEEN_KEY)
        first_round = _STARTED not in seen
        changes: list[Change] = []
        updated: dict[str, str] = {_STARTED: "1"} if first_round else {}
        for offer in offers:
            now = signature(offer)
            before = seen.get(offer.id)
            if before is not None and before.decode() == now:
                continue
            updated[offer.id] = now
            if not first_round:
                changes += offer_changes(offer, created=before is None)
        if changes:
            await self._on_changes(changes)
        if updated:
            await self._store.hset_many(_SEEN_KEY, updated)
        return len(changes)
