"""What every part of the interview loop reads: interviews in a window (from the calendar and the index, as
the bot itself sees them), who has submitted, each person's Slack id, time zone and settings, and the
application's hiring team. All from caches; Ashby only for records a message shows."""

from __future__ import annotations

import json
import logging
from datetime import datetime, tzinfo
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from ashby import models as m
from ashby.access import ADMIN, Viewer
from ashby.queries import Recruiting
from ashby.store import Store
from ashby.views import InterviewView, Person

from ..directory import SlackDirectory
from ..identity import Identity
from ..notify.preferences import NotificationSettings, Preferences

log = logging.getLogger(__name__)

#: The loop reads as the bot itself, which sees every interview; what it sends goes only to the people an
#: interview concerns (its interviewers, the application's hiring team), who can see it in Ashby.
BOT = Viewer(m.User(id="ashby-bot", first_name="Ashby", global_role=ADMIN))
#: The hiring-team roles the loop reports to (late scorecards, debriefs): not the coordinator.
DECIDERS = ("recruiter", "hiring manager")
_SINCE_KEY = "loop:since"


class LoopSources:
    def __init__(
        self,
        recruiting: Recruiting,
        directory: SlackDirectory,
        identity: Identity,
        preferences: Preferences,
        store: Store,
    ) -> None:
        self.recruiting = recruiting
        self.directory = directory
        self.identity = identity
        self.preferences = preferences
        self.store = store

    async def interviews(self, start: datetime, end: datetime) -> list[InterviewView]:
        """Interviews starting in ``[start, end)``; the cost grows with the interviews in the window only."""
        return await self.recruiting.interviews(start, end, BOT, include_confidential=True)

    def submitted(self, iv: InterviewView) -> set[str]:
        """Who has submitted a scorecard for this interview: the view's flags, and the scorecard index, which
        learns of a submission from Slack at once (before the calendar says so)."""
        done = {i.person.id for i in iv.interviewers if i.submitted_feedback}
        scorecards = self.recruiting.scorecards
        if scorecards is not None:
            done |= {
                card.submitted_by
                for card in scorecards.of(iv.application_id)
                if card.submitted_by and card.interview_event_id == iv.event_id
            }
        return done

    async def slack_id(self, person: Person) -> str | None:
        return await self.directory.slack_id(person.email)

    async def tz(self, client: AsyncWebClient, slack_id: str) -> tzinfo:
        return (await self.identity.asker(client, None, slack_id)).tz

    async def settings(self, slack_id: str) -> NotificationSettings:
        return await self.preferences.get(slack_id)

    async def deciders(self, application_id: str) -> list[str]:
        """Slack ids of the application's recruiter and hiring manager (from Ashby's hiring team)."""
        app = await self.recruiting.application(application_id)
        team = app.hiring_team
        if not team:
            job = await self.recruiting.reference.job(app.job.id)
            team = job.hiring_team if job is not None else []
        found: list[str] = []
        for member in team:
            role = member.role.casefold()
            if any(r in role for r in DECIDERS):
                slack_id = await self.directory.slack_id(member.email)
                if slack_id and slack_id not in found:
                    found.append(slack_id)
        return found

    async def since(self, now: datetime) -> datetime:
        """When the loop first ran here (kept in the store): interviews that ended before it are left alone,
        so a new install does not greet everyone with a week of overdue reminders."""
        await self.store.set_if_absent(_SINCE_KEY, now.isoformat())
        raw = await self.store.get(_SINCE_KEY)
        try:
            return datetime.fromisoformat(raw.decode()) if raw else now
        except ValueError:
            return now

    # -- what was sent, kept in the store ------------------------------------------------------------------

    async def record(self, key: str) -> dict[str, Any] | None:
        raw = await self.store.get(key)
        if raw is None:
            return None
        try:
            found = json.loads(raw)
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}
