"""Who hears about a change: the application's recruiter, hiring manager and coordinator in a DM (unless they
muted that topic), and the channels subscribed to its job, department or all jobs, never for a confidential
job. Routing only fills outboxes; ``delivery`` sends them."""

from __future__ import annotations

import logging

from ashby.changes import Change
from ashby.events import Notice
from ashby.notices import describe
from ashby.queries import Recruiting

from ..directory import SlackDirectory
from .outbox import Outbox, Recipient
from .preferences import Preferences
from .subscriptions import Subscriptions

log = logging.getLogger(__name__)


class Routing:
    def __init__(
        self,
        recruiting: Recruiting,
        directory: SlackDirectory,
        preferences: Preferences,
        subscriptions: Subscriptions,
        outbox: Outbox,
    ) -> None:
        self.recruiting = recruiting
        self.directory = directory
        self.preferences = preferences
        self.subscriptions = subscriptions
        self.outbox = outbox

    async def route(self, changes: list[Change]) -> int:
        """Put each change in its recipients' outboxes; returns how many notices were added. Ashby or
        store failures propagate, so the event is retried (what was added already is not added twice)."""
        added = 0
        for change in changes:
            notice = await describe(change, self.recruiting)
            added += await self._route(notice)
        return added

    async def recipients(self, notice: Notice) -> list[Recipient]:
        topic = notice.kind.topic
        found: list[Recipient] = []
        for member in notice.team:
            slack_id = await self.directory.slack_id(member.email)
            if slack_id is None:
                continue  # not in this Slack workspace
            settings = await self.preferences.get(slack_id)
            if settings.hears(topic) and Recipient("person", slack_id) not in found:
                found.append(Recipient("person", slack_id))
        if notice.confidential:
            return found  # a confidential job's news reaches its team only
        for subscription in await self.subscriptions.matching(topic, notice.job_id, notice.department_id):
            if Recipient("channel", subscription.channel) not in found:
                found.append(Recipient("channel", subscription.channel))
        return found

    async def _route(self, notice: Notice) -> int:
        added = 0
        for recipient in await self.recipients(notice):
            added += await self.outbox.put(recipient, notice)
        if added:
            log.info("queued %s notice for %d recipients", notice.kind.value, added)
        return added
