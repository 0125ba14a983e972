"""Who is asking, resolved once per request, and the one refusal for people without Ashby access.

A Bolt middleware puts a lazy lookup in the request's context: nothing is fetched before the listener has
acknowledged Slack (the 3-second rule), and the Slack profile and Ashby user are looked up at most once
however many times a listener asks. Every listener then goes through ``known_asker``, which answers people
who do not map to an enabled Ashby user with the same refusal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from ..identity import Asker, Identity

#: The context key of the lazy lookup.
ASKER = "asker_lookup"


class KnowTheAsker(AsyncMiddleware):
    def __init__(self, identity: Identity) -> None:
        self.identity = identity

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        user, team = _who(req.body)
        client = req.context.client
        if user is not None and client is not None:
            lookup: asyncio.Task[Asker] | None = None

            async def asker() -> Asker:
                nonlocal lookup
                if lookup is None:
                    lookup = asyncio.ensure_future(self.identity.asker(client, team, user))
                return await lookup

            req.context[ASKER] = asker
        return await next()


async def asker_of(context: AsyncBoltContext) -> Asker:
    """The person behind this request (resolved on first use)."""
    lookup: Callable[[], Awaitable[Asker]] = context[ASKER]
    return await lookup()


async def known_asker(context: AsyncBoltContext, refuse: Callable[[Asker], Awaitable[Any]]) -> Asker | None:
    """The asker when they may use Ashby here; otherwise ``refuse`` tells them why and None is returned."""
    asker = await asker_of(context)
    if asker.viewer is None:
        await refuse(asker)
        return None
    return asker


def _who(body: Any) -> tuple[str | None, str | None]:
    """(Slack user id, team id) of a command, an interaction or a message event."""
    if not isinstance(body, Mapping):
        return None, None
    if isinstance(body.get("user_id"), str):  # a slash command
        return body["user_id"], body.get("team_id")
    user = body.get("user")
    if isinstance(user, Mapping) and isinstance(user.get("id"), str):  # a button or a view
        team = body.get("team")
        return user["id"], team.get("id") if isinstance(team, Mapping) else None
    event = body.get("event")
    if isinstance(event, Mapping) and isinstance(event.get("user"), str):  # a mention or a direct message
        return event["user"], body.get("team_id")
    return None, None
