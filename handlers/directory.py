"""Ashby people to Slack users, by email (``users.lookupByEmail``), remembered in the shared store.

Cards @-mention the people they ask to act ("still waiting on @dana", an approver who has not decided), and
approval cards are sent to approvers as DMs: both need the Slack user behind an Ashby user's email. Found
ids are kept for a day, misses for an hour, so a card costs no lookup once its people have been seen.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.store import Store, StoreError
from ashby.views import Person

log = logging.getLogger(__name__)

FOUND_TTL = 24 * 3600
MISSING_TTL = 3600
_MISSING = "-"


class SlackDirectory:
    def __init__(self, store: Store, client: AsyncWebClient) -> None:
        self.store = store
        self.client = client

    async def slack_id(self, email: str | None) -> str | None:
        """The Slack user with this email, or None (not in the workspace, or Slack could not say)."""
        if not email:
            return None
        email = email.strip().casefold()
        key = f"slack-by-email:{email}"
        try:
            cached = await self.store.get(key)
        except StoreError:
            cached = None
        if cached is not None:
            found = cached.decode()
            return None if found == _MISSING else found
        user_id: str | None = None
        try:
            answer = await self.client.users_lookupByEmail(email=email)
            user = answer.get("user") or {}
            user_id = str(user["id"]) if user.get("id") else None
        except SlackApiError as exc:
            if exc.response.get("error") != "users_not_found":
                raise  # throttled or down: the caller decides what that means
        try:
            await self.store.set(key, user_id or _MISSING, ttl=FOUND_TTL if user_id else MISSING_TTL)
        except StoreError:
            log.warning("could not remember a Slack user lookup")
        return user_id

    async def mentionable(self, people: Sequence[Person]) -> tuple[Person, ...]:
        """``people`` with their Slack ids where known, so a card can @-mention them; a failed lookup leaves
        that person as a plain name (a card never fails over a mention)."""

        async def one(person: Person) -> Person:
            try:
                user_id = await self.slack_id(person.email)
            except Exception as exc:
                log.warning("could not look a colleague up in Slack: %s", type(exc).__name__)
                return person
            return dataclasses.replace(person, slack_user_id=user_id) if user_id else person

        return tuple(await asyncio.gather(*(one(person) for person in people)))
