"""``OfferWatch``: offer news without webhooks, from comparing each round's offer list with the last."""

from __future__ import annotations

from typing import Any, cast

import pytest

from ashby import models as m
from ashby.changes import Change
from ashby.client import AshbyClient
from ashby.events import Kind
from ashby.offer_watch import OfferWatch
from ashby.store import MemoryStore

pytestmark = pytest.mark.asyncio


class Offers:
    """Stands in for the client's ``offer.list`` (the one call the watch makes)."""

    def __init__(self) -> None:
        self.items: list[m.Offer] = []

    async def offers(self) -> list[m.Offer]:
        return list(self.items)


def offer(offer_id: str, acceptance: str | None, approval: str | None, version: str = "v1") -> m.Offer:
    raw: dict[str, Any] = {
        "id": offer_id,
        "applicationId": f"app-{offer_id}",
        "acceptanceStatus": acceptance,
        "latestVersion": {"id": version, "approvalStatus": approval},
    }
    return m.Offer.model_validate(raw)


async def rounds() -> tuple[Offers, OfferWatch, list[Change]]:
    told: list[Change] = []

    async def tell(changes: list[Change]) -> None:
        told.extend(changes)

    source = Offers()
    return source, OfferWatch(cast(AshbyClient, source), MemoryStore(), tell), told


async def test_the_first_round_only_remembers_then_each_change_is_told_once() -> None:
    source, watch, told = await rounds()
    source.items = [offer("o1", "WaitingOnResponse", "Approved")]
    assert await watch.run_once() == 0 and told == []
    source.items.append(offer("o2", "Created", "WaitingOnApprovals"))
    assert await watch.run_once() == 1
    assert [c.kind for c in told] == [Kind.OFFER_CREATED]
    source.items = [offer("o1", "Accepted", "Approved"), offer("o2", "Created", "Approved")]
    await watch.run_once()
    assert [c.kind for c in told[1:]] == [Kind.OFFER_ACCEPTED, Kind.OFFER_APPROVED]
    assert await watch.run_once() == 0  # nothing new: nothing told


async def test_an_organisation_without_offers_still_hears_about_its_first() -> None:
    source, watch, told = await rounds()
    assert await watch.run_once() == 0
    source.items = [offer("o1", "Created", None)]
    assert await watch.run_once() == 1 and told[0].kind is Kind.OFFER_CREATED


async def test_a_new_version_approved_is_news_again() -> None:
    source, watch, told = await rounds()
    source.items = [offer("o1", "WaitingOnResponse", "Approved", "v1")]
    await watch.run_once()
    source.items = [offer("o1", "WaitingOnResponse", "Approved", "v2")]
    await watch.run_once()
    assert [c.key for c in told] == ["offer_approved:o1:v2"]
