"""What every listener needs to answer: the reply shapes Slack takes, routing an intent, delivering an answer."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from blocks import asks, notices

from ..answers import Answer, Message, Place
from ..identity import Asker
from ..intents import WRITE_KINDS, Intent
from ..language import Reading
from ..services import Services

STALE_BUTTON = notices.notice("That button no longer works. Please ask again.")
SORRY = notices.notice(
    "Something went wrong on my side. Please try again; if it keeps happening, tell your Slack admin."
)


async def answer_reading(services: Services, reading: Reading, asker: Asker, place: Place) -> Answer:
    """The answer to what was understood; two close readings are asked back (privately) with buttons."""
    if reading.alternatives and asker.viewer is not None:
        options = [(label, intent.to_value()) for label, intent in reading.alternatives]
        return Answer(private=asks.ask_back(reading.intent.query, options))
    return await route(services, reading.intent, asker, place)


async def route(services: Services, intent: Intent, asker: Asker, place: Place) -> Answer:
    """Writes and approvals go to their flows, always privately; questions to the answerer."""
    if intent.kind in WRITE_KINDS:
        return await services.writes.start(intent, asker)
    if intent.kind == "approvals":
        return await services.approvals.list_for(asker)
    return await services.answerer.answer(intent, asker, place)


async def deliver(
    client: AsyncWebClient, answer: Answer, *, channel: str, user: str, thread_ts: str | None, is_dm: bool
) -> None:
    """A question's answer: the public part in the thread, the private part to the asker alone."""
    if answer.public is not None:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **fields(answer.public))
    if answer.private is not None:
        if is_dm:
            await client.chat_postMessage(channel=channel, **fields(answer.private))
        else:
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **fields(answer.private))


def place(services: Services, client: AsyncWebClient, team_id: str | None, *, public: bool = False) -> Place:
    """Where an answer goes, able to look up another Slack user (``/ashby interviews @dana``)."""

    async def lookup(slack_user_id: str) -> Asker:
        return await services.identity.asker(client, team_id, slack_user_id)

    return Place("public" if public else "private", lookup_slack_user=lookup)


def fields(message: Message) -> dict[str, Any]:
    return {"text": message.get("text", ""), "blocks": message.get("blocks")}


def ephemeral(message: Message, *, replace_original: bool = False) -> dict[str, Any]:
    return {"response_type": "ephemeral", "replace_original": replace_original, **fields(message)}
