"""@-mentions (answered in a thread) and direct messages (answered in the DM), read as questions.

Event deliveries are de-duplicated by ``event_id`` in the shared store, so Slack's retries and a second
replica do no work twice.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from ..answers import Answer
from ..identity import Asker
from ..services import Services
from .askers import known_asker
from .replies import answer_reading, deliver, place

log = logging.getLogger(__name__)

EVENT_SEEN_TTL = 3600


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_mention")
    async def mention(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await _question(services, client, body, event, context)

    @app.event("message")
    async def direct_message(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        # Direct messages to the bot; channel messages reach us only as app_mention.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await _question(services, client, body, event, context)


async def _question(
    services: Services, client: AsyncWebClient, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
) -> None:
    event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
    try:
        first = await services.store.set_if_absent(f"slack-event:{event_id}", "1", ttl=EVENT_SEEN_TTL)
    except Exception as exc:  # the store is down: answering twice beats not answering a question
        log.warning("could not de-duplicate an event: %s", type(exc).__name__)
        first = True
    if not first:
        return  # a retry, or another replica has it
    channel, user = event["channel"], event.get("user")
    if not user:
        return
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    thread_ts = None if is_dm else (event.get("thread_ts") or event.get("ts"))

    async def refuse(refused: Asker) -> None:
        answer = Answer(private=refused.no_access())
        await deliver(client, answer, channel=channel, user=user, thread_ts=thread_ts, is_dm=is_dm)

    asker = await known_asker(context, refuse)
    if asker is None:
        return
    bot_user_id = context.bot_user_id
    text = event.get("text", "")
    if bot_user_id is None and event.get("type") == "app_mention":
        bot_user_id = _leading_mention(text)  # a mention always addresses the bot first
    reading = await services.questions.read(text, bot_user_id=bot_user_id)
    answer = await answer_reading(
        services, reading, asker, place(services, client, body.get("team_id"), public=not is_dm)
    )
    await deliver(client, answer, channel=channel, user=user, thread_ts=thread_ts, is_dm=is_dm)


def _leading_mention(text: str) -> str | None:
    found = re.match(r"\s*<@([UW][A-Z0-9]+)", text or "")
    return found.group(1) if found else None
