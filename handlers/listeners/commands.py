"""``/ashby``: the command grammar for its own words, anything else read like a question; always private."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from blocks.common import Message

from ..desk import settings_message
from ..identity import Asker
from ..intents import Intent, parse_command
from ..language import Reading
from ..services import Services
from .askers import known_asker
from .replies import SORRY, answer_reading, ephemeral, place

NOTIFICATION_KINDS = frozenset({"subscribe", "unsubscribe", "subscriptions", "notifications"})


def register(app: AsyncApp, services: Services) -> None:
    @app.command("/ashby")
    async def ashby(
        ack: AsyncAck,
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        asker = await known_asker(context, lambda refused: respond(**ephemeral(refused.no_access())))
        if asker is None:
            return
        text = command.get("text", "")
        intent = parse_command(text)
        if intent is not None and intent.kind in NOTIFICATION_KINDS:
            await respond(**ephemeral(await _notifications(services, intent, asker, command, client)))
            return
        reading = Reading(intent) if intent is not None else await services.questions.read(text)
        if reading.intent.kind == "unknown":  # `/ashby <words>` is a name lookup: say who comes closest
            reading = Reading(Intent("candidate", query=" ".join(text.split())))
        answer = await answer_reading(services, reading, asker, place(services, client, command.get("team_id")))
        await respond(**ephemeral(answer.private or SORRY))


async def _notifications(
    services: Services, intent: Intent, asker: Asker, command: dict[str, Any], client: AsyncWebClient
) -> Message:
    """Channel subscriptions and the asker's own notification settings."""
    channel = command.get("channel_id", "")
    commands = services.channel_commands
    if intent.kind == "subscribe":
        return await commands.subscribe(intent.query or "", asker, channel, client)
    if intent.kind == "unsubscribe":
        return await commands.unsubscribe(intent.query or "", asker, channel)
    if intent.kind == "subscriptions":
        return await commands.listing(channel)
    settings = await services.preferences.get(asker.slack_user_id)
    return settings_message(settings, digest_default=services.desk.digest_default)
