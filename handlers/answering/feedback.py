"""Feedback answers: a candidate's scorecards and who still owes one.

Its own module because feedback text is the most private thing the bot shows: the channel gets the
scorecards without their text, and the asker gets the text privately, alongside.
"""

from __future__ import annotations

import dataclasses

from ashby.access import Viewer
from blocks import facts, notices
from blocks import feedback as feedback_blocks

from ..identity import Asker
from ..intents import Intent
from .core import Answer, Place, Sources, confidential_here
from .finding import CandidateFinder, asking


class FeedbackAnswers:
    def __init__(self, sources: Sources, finder: CandidateFinder) -> None:
        self.recruiting = sources.recruiting
        self.clock = sources.clock
        self.directory = sources.directory
        self.finder = finder

    async def answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.finder.resolve(intent.query or "", viewer, place, pick=asking(intent))
        if isinstance(chosen, Answer):
            return chosen
        return await self.open(chosen, asker, place, owed=intent.pending)

    async def open(self, candidate_id: str, asker: Asker, place: Place, *, owed: bool = False) -> Answer:
        view = await self.recruiting.feedback(candidate_id, asker.required_viewer())
        # Whoever still owes a scorecard is @-mentioned, so the card reaches them.
        view = dataclasses.replace(view, pending=await self.directory.mentionable(view.pending))
        now = self.clock()
        sentence = facts.feedback(view, owed=owed)
        private = facts.first(sentence, feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=True))
        if place.surface == "private":
            return Answer(private=private)
        found = await self.recruiting.lookup(candidate_id, asker.required_viewer())  # cached: no second call
        if view.job.confidential or await confidential_here(self.recruiting, found, place):
            return Answer(private=private, public=notices.notice("I've sent you the answer privately."))
        public = facts.first(sentence, feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=False))
        has_text = any(entry.text for entry in view.entries)
        return Answer(public=public, private=private if has_text else None)
