"""Briefings: each interviewer gets one DM their chosen number of minutes before the interview (15 unless
they pick another on Home or in ``/ashby notifications``; 0 turns them off).

A briefing sent is remembered (its DM, the start it announced) until the interview is over. When the
interview moves, the DM is edited to the new time; when it is cancelled (or the person is taken off it),
the DM says so. Claimed in the store before posting, so replicas and restarts send it once.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby import errors
from ashby.views import InterviewView, Person
from blocks.interview_loop import Briefing, briefing_cancelled, briefing_message, briefing_moved

from .sources import LoopSources

log = logging.getLogger(__name__)

#: The longest lead anyone can choose; the window read each round.
MAX_LEAD = timedelta(minutes=60)
SENT_KEY = "loop:briefings"
_KEY = "loop:briefing:{}:{}"
_KEEP = 7 * 24 * 3600
_SENDING = 120
#: A sent briefing is watched for moves and cancellations until this long after the interview began.
_WATCH_AFTER_START = timedelta(hours=1)
#: How far ahead a moved interview is still found (the calendar keeps 60 days).
_WATCH_AHEAD = timedelta(days=60)


class Briefings:
    def __init__(self, sources: LoopSources) -> None:
        self.sources = sources

    async def run(self, client: AsyncWebClient, now: datetime) -> int:
        done = 0
        for iv in await self.sources.interviews(now, now + MAX_LEAD):
            for interviewer in iv.interviewers:
                done += await self._maybe_brief(client, iv, interviewer.person, now)
        return done + await self._follow_up(client, now)

    async def _maybe_brief(self, client: AsyncWebClient, iv: InterviewView, person: Person, now: datetime) -> int:
        slack_id = await self.sources.slack_id(person)
        if slack_id is None:
            return 0
        lead = (await self.sources.settings(slack_id)).briefing_minutes
        if lead <= 0 or now < iv.start - timedelta(minutes=lead):
            return 0
        key = _KEY.format(iv.event_id, person.id)
        store = self.sources.store
        if not await store.set_if_absent(key, "{}", ttl=_SENDING):
            return 0  # sent already (or being sent by another replica)
        try:
            tz = await self.sources.tz(client, slack_id)
            briefing = await self._briefing(iv, person)
            message = briefing_message(briefing, tz=tz, now=now)
            posted = await client.chat_postMessage(channel=slack_id, **_fields(message))
        except BaseException:
            await store.delete(key)  # the next round tries again
            raise
        record = {
            "channel": posted["channel"],
            "ts": posted["ts"],
            "slack": slack_id,
            "start": iv.start.isoformat(),
            "title": iv.title,
            "candidate": iv.candidate_name,
        }
        await store.set(key, json.dumps(record), ttl=_KEEP)
        await store.zadd(SENT_KEY, key, iv.start.timestamp())
        log.info("sent a briefing for interview event %s", iv.event_id)
        return 1

    async def _briefing(self, iv: InterviewView, person: Person) -> Briefing:
        reference = self.sources.recruiting.reference
        instructions = None
        resume = None
        try:
            schedule_event = _event_of(self.sources, iv)
            interview_id = schedule_event.interview_id if schedule_event is not None else None
            interview = (await reference.interviews()).get(interview_id or "")
            instructions = interview.instructions_plain if interview is not None else None
            candidate = await self.sources.recruiting.candidate(iv.candidate_id)
            if candidate.resume_file_handle is not None:
                found = await self.sources.recruiting.client.call(
                    "file.info", {"fileHandle": candidate.resume_file_handle.handle}
                )
                resume = found.get("url") if isinstance(found, dict) else None
        except errors.AshbyError as exc:  # the briefing goes without what Ashby would not give
            log.info("briefing details missing: %s", type(exc).__name__)
        return Briefing(interview=iv, interviewer_id=person.id, instructions=instructions, resume_url=resume)

    async def _follow_up(self, client: AsyncWebClient, now: datetime) -> int:
        """Briefings already sent whose interview moved or was cancelled."""
        store = self.sources.store
        over = await store.zdue(SENT_KEY, (now - _WATCH_AFTER_START).timestamp(), 500)
        if over:
            await store.zrem(SENT_KEY, *over)
        watched = await store.zdue(SENT_KEY, float("inf"), 500)
        if not watched:
            return 0
        done = 0
        # The calendar's own events (no views built): only a moved interview needs its briefing rebuilt.
        calendar = self.sources.recruiting.calendar
        events = {event.id: event for _, event in calendar.events_between(now - _WATCH_AFTER_START, now + _WATCH_AHEAD)}
        for key in watched:
            record = await self.sources.record(key)
            if not record or "ts" not in record:
                continue
            _, _, event_id, user_id = key.split(":", 3)
            event = events.get(event_id)
            on_it = event is not None and any(person.id == user_id for person in event.interviewers)
            if event is None or not on_it:
                done += await self._update(client, key, record, None, user_id, now)
            elif event.start_time.isoformat() != record["start"]:
                moved = await self.sources.interviews(event.start_time, event.start_time + timedelta(seconds=1))
                iv = next((view for view in moved if view.event_id == event_id), None)
                done += await self._update(client, key, record, iv, user_id, now)
        return done

    async def _update(
        self,
        client: AsyncWebClient,
        key: str,
        record: dict[str, Any],
        iv: InterviewView | None,
        user_id: str,
        now: datetime,
    ) -> int:
        store = self.sources.store
        slack_id = record["slack"]
        tz = await self.sources.tz(client, slack_id)
        if iv is None:
            start = datetime.fromisoformat(record["start"])
            title, candidate = record.get("title") or "Interview", record.get("candidate") or "a candidate"
            update = briefing_cancelled(title, candidate, start, tz=tz, now=now)
            await store.zrem(SENT_KEY, key)
            await store.set(key, json.dumps({**record, "cancelled": True}), ttl=_KEEP)
        else:
            lead = timedelta(minutes=(await self.sources.settings(slack_id)).briefing_minutes)
            again = iv.start - lead > now  # a fresh briefing will come before the new time
            briefing = await self._briefing(iv, Person(id=user_id, name=""))
            update = briefing_moved(briefing, tz=tz, now=now, again=again)
            await store.zrem(SENT_KEY, key)
            if again:
                await store.delete(key)
            else:
                await store.set(key, json.dumps({**record, "start": iv.start.isoformat()}), ttl=_KEEP)
                await store.zadd(SENT_KEY, key, iv.start.timestamp())
        try:
            await client.chat_update(channel=record["channel"], ts=record["ts"], **_fields(update))
        except SlackApiError as exc:
            log.warning("could not update a briefing: %s", exc.response.get("error"))
            return 0
        return 1


def _event_of(sources: LoopSources, iv: InterviewView) -> Any:
    """The calendar's event behind a view (for the interview id the view does not carry)."""
    for _, event in sources.recruiting.calendar.events_between(iv.start, iv.start + timedelta(seconds=1)):
        if event.id == iv.event_id:
            return event
    return None


def _fields(message: dict[str, Any]) -> dict[str, Any]:
    return {"text": message["text"], "blocks": message["blocks"]}
