"""The debrief card: when the last expected scorecard of an interview schedule is in, the application's
hiring manager and recruiter each get one card with every interviewer's recommendation and scores (it is
a DM, so the feedback text is theirs alone), who did not submit, and the confirmed Move / Reject actions.

A schedule whose scorecards never all arrive gets its card once the reminders have run out, with the
missing names. One card per schedule and person, claimed in the store before it is sent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from ashby.views import InterviewView, Person
from blocks.interview_loop import debrief_card
from blocks.notices import notice

from ..answering.core import Place
from ..answers import Answerer
from .sources import LoopSources

log = logging.getLogger(__name__)

_KEY = "loop:debrief:{}:{}"
_KEEP = 30 * 24 * 3600


class Debriefs:
    def __init__(self, sources: LoopSources, answerer: Answerer, *, give_up_after: timedelta) -> None:
        """``give_up_after``: how long after the last interview the card goes without the missing scorecards
        (when the reminders have escalated)."""
        self.sources = sources
        self.answerer = answerer
        self.give_up_after = give_up_after

    async def run(self, client: AsyncWebClient, now: datetime) -> int:
        schedules: dict[str, list[InterviewView]] = defaultdict(list)
        for iv in await self.sources.interviews(now - self.give_up_after - timedelta(days=2), now):
            schedules[iv.schedule_id].append(iv)
        done = 0
        since = await self.sources.since(now)
        for interviews in schedules.values():
            if any(iv.end > now for iv in interviews) or all(iv.end < since for iv in interviews):
                continue  # not over yet, or over before the bot was here
            expected = {i.person.id: i.person for iv in interviews for i in iv.interviewers}
            submitted = set().union(*(self.sources.submitted(iv) for iv in interviews)) & expected.keys()
            missing = [person for user_id, person in expected.items() if user_id not in submitted]
            last_end = max(iv.end for iv in interviews)
            if not submitted or (missing and now < last_end + self.give_up_after):
                continue
            done += await self._send(client, interviews[0], len(submitted), missing)
        return done

    async def _send(self, client: AsyncWebClient, iv: InterviewView, submitted: int, missing: list[Person]) -> int:
        sent = 0
        for slack_id in await self.sources.deciders(iv.application_id):
            key = _KEY.format(iv.schedule_id, slack_id)
            store = self.sources.store
            if not await store.set_if_absent(key, "1", ttl=_KEEP):
                continue
            try:
                asker = await self.sources.identity.asker(client, None, slack_id)
                card = (await self.answerer.open_feedback(iv.candidate_id, asker, Place("private"))).private
                card = card or notice("The scorecards could not be read just now; open them in Ashby.")
                debrief = debrief_card(iv, card, submitted=submitted, missing=missing)
                await client.chat_postMessage(channel=slack_id, text=debrief["text"], blocks=debrief["blocks"])
            except BaseException:
                await store.delete(key)
                raise
            sent += 1
        if sent:
            log.info("sent %d debrief cards for interview schedule %s", sent, iv.schedule_id)
        return sent
