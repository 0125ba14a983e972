"""The Home tab: each person's desk, built from the caches (stub: filled in by the App Home work)."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from .answers import Answerer
from .approvals import Approvals
from .identity import Identity
from .notify.preferences import Preferences


class Desk:
    def __init__(self, answerer: Answerer, approvals: Approvals, identity: Identity, preferences: Preferences) -> None:
        self.answerer = answerer
        self.approvals = approvals
        self.identity = identity
        self.preferences = preferences

    async def publish(self, client: AsyncWebClient, team_id: str | None, slack_user_id: str) -> None:
        """Build and publish ``slack_user_id``'s Home tab (``views.publish``)."""
