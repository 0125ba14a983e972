"""``link_shared``: app.ashbyhq.com links pasted in a conversation unfurl into a compact card (``chat.unfurl``).

Nothing is said in the conversation when a link is not unfurled: not to people without Ashby access, not for
a record the person may not see or may not show there, not when Ashby or Slack fails (that is logged, with
ids and codes only). Deliveries are de-duplicated by ``event_id`` in the shared store like other events, so
Slack's retries unfurl once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.store import Store

from ..answering.core import Surface
from ..identity import Asker
from ..services import Services
from ..unfurls import Unfurler, parse_links
from .askers import known_asker
from .events import EVENT_SEEN_TTL

log = logging.getLogger(__name__)

#: How long the bot's DM channel with a person is remembered (it never changes).
DM_TTL = 7 * 24 * 3600


def register(app: AsyncApp, services: Services) -> None:
    """Attach this module's listeners."""
    answerer = services.answerer
    unfurler = Unfurler(answerer.recruiting, answerer.index)

    @app.event("link_shared")
    async def link_shared(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        try:
            await _unfurl(services, unfurler, client, body, event, context)
        except Exception as exc:  # an unfurl never answers with an error in the conversation
            log.error("could not unfurl links: %s", type(exc).__name__, exc_info=exc)


async def _unfurl(
    services: Services,
    unfurler: Unfurler,
    client: AsyncWebClient,
    body: dict[str, Any],
    event: dict[str, Any],
    context: AsyncBoltContext,
) -> None:
    links = parse_links(str(link.get("url") or "") for link in event.get("links") or [] if isinstance(link, dict))
    channel, user = event.get("channel"), event.get("user")
    if not links or not isinstance(channel, str) or not isinstance(user, str):
        return
    if not await _first_delivery(services.store, body, event):
        return  # a retry, or another replica has it

    async def stay_silent(_: Asker) -> None:
        """People without Ashby access get no unfurl and no refusal: the conversation is not theirs alone."""

    asker = await known_asker(context, stay_silent)
    if asker is None or asker.viewer is None:
        return
    surface = await _surface(services.store, client, body.get("team_id"), channel, user)
    unfurls = await unfurler.unfurls(links, asker.viewer, surface)
    if not unfurls:
        return
    unfurl_id, source = event.get("unfurl_id"), event.get("source")
    try:
        if source == "composer" and isinstance(unfurl_id, str):
            # Not posted yet: no channel and ts to name the message by.
            await client.chat_unfurl(unfurl_id=unfurl_id, source=source, unfurls=unfurls)
        elif isinstance(event.get("message_ts"), str):
            await client.chat_unfurl(channel=channel, ts=event["message_ts"], unfurls=unfurls)
    except SlackApiError as exc:
        log.warning("chat.unfurl failed: %s", exc.response.get("error"))


async def _first_delivery(store: Store, body: dict[str, Any], event: dict[str, Any]) -> bool:
    event_id = body.get("event_id") or f"unfurl:{event.get('channel')}:{event.get('message_ts')}"
    try:
        return await store.set_if_absent(f"slack-event:{event_id}", "1", ttl=EVENT_SEEN_TTL)
    except Exception as exc:  # the store is down: unfurling twice only replaces the same card
        log.warning("could not de-duplicate an event: %s", type(exc).__name__)
        return True


async def _surface(store: Store, client: AsyncWebClient, team_id: str | None, channel: str, user: str) -> Surface:
    """``private`` only in the bot's own DM with the person who pasted the link; any other conversation
    (a channel, a DM or group DM between people, the composer) is public. Unsure means public."""
    if not channel.startswith("D"):  # also ``COMPOSER``: a link not posted yet has no known audience
        return "public"
    bot_dm = await _bot_dm(store, client, team_id, user)
    return "private" if bot_dm == channel else "public"


async def _bot_dm(store: Store, client: AsyncWebClient, team_id: str | None, user: str) -> str | None:
    """The bot's DM channel with ``user`` (``conversations.open``), remembered in the shared store."""
    key = f"slack-bot-dm:{team_id or '-'}:{user}"
    try:
        cached = await store.get(key)
    except Exception as exc:
        log.warning("DM cache unavailable: %s", type(exc).__name__)
        cached = None
    if cached is not None:
        return cached.decode()
    try:
        opened = await client.conversations_open(users=user)
    except SlackApiError as exc:
        log.warning("conversations.open failed: %s", exc.response.get("error"))
        return None
    channel_id = (opened.get("channel") or {}).get("id")
    if not isinstance(channel_id, str) or not channel_id:
        return None
    try:
        await store.set(key, channel_id, ttl=DM_TTL)
    except Exception as exc:
        log.warning("DM cache unavailable: %s", type(exc).__name__)
    return channel_id
