"""Who is asking: Slack user -> email (``users.info``) -> enabled Ashby user (``user.search``).

The Slack profile is cached in the shared store (a day; five minutes when it has no email), and the
Ashby user list for fifteen minutes, so a newly added Ashby user is recognised soon.
A Slack user without an enabled Ashby user gets no candidate data.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.access import Viewer
from ashby.queries import NotVisible
from ashby.reference import ReferenceData
from ashby.store import Store
from blocks import notices
from blocks.common import Message

log = logging.getLogger(__name__)

FOUND_TTL = 24 * 3600
MISSING_TTL = 300


@dataclass(frozen=True, slots=True)
class Asker:
    slack_user_id: str
    tz: tzinfo
    viewer: Viewer | None
    #: Why ``viewer`` is None, in words for the refusal.
    refusal: str | None = None

    def no_access(self) -> Message:
        """The one refusal for people who do not map to an enabled Ashby user."""
        return notices.not_allowed(self.refusal or "You don't have access to Ashby.")

    def required_viewer(self) -> Viewer:
        """The asker's Ashby access; ``NotVisible`` (answered as a refusal) when they have none."""
        if self.viewer is None:
            raise NotVisible("unmapped user")
        return self.viewer


class Identity:
    def __init__(self, reference: ReferenceData, store: Store) -> None:
        self.reference = reference
        self.store = store

    async def asker(self, client: AsyncWebClient, team_id: str | None, user_id: str) -> Asker:
        key = f"slack-user:{team_id or '-'}:{user_id}"
        cached = await self._cached(key)
        if cached is not None:
            profile = json.loads(cached)
        else:
            profile = await self._profile(client, user_id)
            await self._remember(key, profile)
        tz = _zone(profile.get("tz"))
        email = profile.get("email")
        if not email:
            return Asker(
                user_id, tz, None, "I can't see an email address on your Slack profile, so I can't match you to Ashby."
            )
        user = await self.reference.user_by_email(email)
        if user is None:
            return Asker(
                user_id, tz, None, "Your Slack email doesn't match a user in Ashby. Ask an Ashby admin to add you."
            )
        if not user.is_enabled:
            return Asker(user_id, tz, None, "Your Ashby account is deactivated.")
        return Asker(user_id, tz, Viewer(user))

    async def _cached(self, key: str) -> bytes | None:
        # Reads keep working when the shared store is down: the lookup is just not cached.
        try:
            return await self.store.get(key)
        except Exception as exc:
            log.warning("identity cache unavailable: %s", type(exc).__name__)
            return None

    async def _remember(self, key: str, profile: dict[str, str | None]) -> None:
        try:
            await self.store.set(key, json.dumps(profile), ttl=FOUND_TTL if profile.get("email") else MISSING_TTL)
        except Exception as exc:
            log.warning("identity cache unavailable: %s", type(exc).__name__)

    async def _profile(self, client: AsyncWebClient, user_id: str) -> dict[str, str | None]:
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed: %s", exc.response.get("error"))
            return {"email": None, "tz": None}
        user = response.get("user") or {}
        if user.get("is_bot") or user.get("deleted"):
            return {"email": None, "tz": user.get("tz")}
        return {"email": (user.get("profile") or {}).get("email"), "tz": user.get("tz")}


def _zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
