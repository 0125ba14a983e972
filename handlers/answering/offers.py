"""Offer answers: offers (or those waiting for approval) and one candidate's offers.

Its own module because salaries are personal: the channel gets the offers without them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ashby.access import Viewer
from ashby.views import OfferView
from blocks import facts
from blocks import offers as offer_blocks

from ..identity import Asker
from ..intents import Intent
from .core import PRIVATE, Answer, Place, Sources, confidential_here, privately


class OfferAnswers:
    def __init__(self, sources: Sources) -> None:
        self.recruiting = sources.recruiting
        self.clock = sources.clock
        self.directory = sources.directory

    async def answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        views = await self.recruiting.offers(viewer, pending_only=intent.pending, include_confidential=not public)
        title = "Offers waiting for approval" if intent.pending else "Offers"
        return await self._answer(views, facts.offers(len(views), pending=intent.pending), title, asker, place)

    async def of_candidate(self, candidate_id: str, asker: Asker, place: Place) -> Answer:
        viewer = asker.required_viewer()
        found = await self.recruiting.lookup(candidate_id, viewer)
        if await confidential_here(self.recruiting, found, place):
            return privately(await self.of_candidate(candidate_id, asker, PRIVATE))
        views = await self.recruiting.candidate_offers(found)
        title = f"Offers for {found.candidate.name}"
        return await self._answer(views, facts.offer(found.candidate.name, views), title, asker, place)

    async def _answer(
        self, views: Sequence[OfferView], sentence: str, title: str, asker: Asker, place: Place
    ) -> Answer:
        views = [await self._mentioning_approvers(view) for view in views]
        now = self.clock()
        if place.surface == "private":
            return Answer(
                private=facts.first(sentence, offer_blocks.offers_card(views, title=title, now=now, tz=asker.tz))
            )
        # Salaries are personal: the thread gets the offers without them.
        redacted = [dataclasses.replace(view, salary=None) for view in views]
        return Answer(
            public=facts.first(sentence, offer_blocks.offers_card(redacted, title=title, now=now, tz=asker.tz))
        )

    async def _mentioning_approvers(self, view: OfferView) -> OfferView:
        """Approvers who have not decided are @-mentioned: the card asks them to act."""
        waiting = [a for a in view.current_approvers if a.decision == "pending"]
        if not waiting:
            return view
        mentioned = iter(await self.directory.mentionable([a.person for a in waiting]))
        approvers = tuple(
            dataclasses.replace(a, person=next(mentioned)) if a.decision == "pending" else a
            for a in view.current_approvers
        )
        return dataclasses.replace(view, current_approvers=approvers)
