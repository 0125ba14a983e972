"""Scorecard reminders that escalate: after an interview ends, each interviewer who has not submitted gets a
reminder (``REMINDER_FIRST_MINUTES`` after the end), then one each working day for ``REMINDER_DAYS`` days,
then the application's recruiter and hiring manager are told who is late.

Every step is claimed in the store before it is sent, so it happens once across rounds, replicas and
restarts; when several steps are due at once (the bot was down), only the latest is sent. A scorecard that
arrives (from Ashby's sync, or submitted from Slack, which tells the scorecard index at once) stops the
ladder at the next round.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, tzinfo

from slack_sdk.web.async_client import AsyncWebClient

from ashby.views import InterviewView, Person
from blocks.interview_loop import late_message, reminder_message

from .sources import LoopSources

log = logging.getLogger(__name__)

_STEP_KEY = "loop:reminder:{}:{}:{}"
_LATE_KEY = "loop:late:{}:{}"
_KEEP = 30 * 24 * 3600


def ladder(end: datetime, *, first: timedelta, days: int, tz: tzinfo) -> list[datetime]:
    """When each step falls: the first reminder, one per working day after it (in the interviewer's zone,
    at the same local time), and last the escalation, the working day after the last reminder."""
    steps = [end + first]
    for _ in range(days + 1):
        steps.append(_next_working_day(steps[-1], tz))
    return steps


def _next_working_day(moment: datetime, tz: tzinfo) -> datetime:
    local = moment.astimezone(tz) + timedelta(days=1)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.astimezone(moment.tzinfo)


class Reminders:
    def __init__(self, sources: LoopSources, *, first: timedelta, days: int) -> None:
        self.sources = sources
        self.first = first
        self.days = days

    @property
    def lookback(self) -> timedelta:
        """Interviews older than this have been escalated already (a week per working day, with weekends)."""
        return self.first + timedelta(days=self.days + 4)

    async def run(self, client: AsyncWebClient, now: datetime) -> int:
        done = 0
        since = await self.sources.since(now)
        for iv in await self.sources.interviews(now - self.lookback, now):
            if iv.end + self.first > now or iv.end < since:
                continue
            submitted = self.sources.submitted(iv)
            late: list[Person] = []
            for interviewer in iv.interviewers:
                person = interviewer.person
                if person.id in submitted:
                    continue
                outcome = await self._step(client, iv, person, now)
                done += outcome == "reminded"
                if outcome == "late":
                    late.append(person)
            if late:
                done += await self._escalate(client, iv, late, now)
        return done

    async def _step(self, client: AsyncWebClient, iv: InterviewView, person: Person, now: datetime) -> str:
        slack_id = await self.sources.slack_id(person)
        if slack_id is None:
            return "none"
        tz = await self.sources.tz(client, slack_id)
        steps = ladder(iv.end, first=self.first, days=self.days, tz=tz)
        due = [n for n, at in enumerate(steps) if at <= now]
        if not due:
            return "none"
        step = due[-1]
        store = self.sources.store
        if step == len(steps) - 1:  # the escalation
            claimed = await store.set_if_absent(_LATE_KEY.format(iv.event_id, person.id), "1", ttl=_KEEP)
            return "late" if claimed else "none"
        key = _STEP_KEY.format(iv.event_id, person.id, step)
        if not await store.set_if_absent(key, "1", ttl=_KEEP):
            return "none"
        try:
            message = reminder_message(iv, step=step, tz=tz, now=now)
            await client.chat_postMessage(channel=slack_id, text=message["text"], blocks=message["blocks"])
        except BaseException:
            await store.delete(key)
            raise
        log.info("sent scorecard reminder %d for interview event %s", step, iv.event_id)
        return "reminded"

    async def _escalate(self, client: AsyncWebClient, iv: InterviewView, late: list[Person], now: datetime) -> int:
        sent = 0
        late_people = [
            Person(id=p.id, name=p.name, email=p.email, slack_user_id=await self.sources.slack_id(p)) for p in late
        ]
        for slack_id in await self.sources.deciders(iv.application_id):
            tz = await self.sources.tz(client, slack_id)
            message = late_message(iv, late_people, tz=tz, now=now)
            await client.chat_postMessage(channel=slack_id, text=message["text"], blocks=message["blocks"])
            sent += 1
        log.info("told the hiring team of %d late scorecards for interview event %s", len(late), iv.event_id)
        return sent
