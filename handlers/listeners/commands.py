"""``/ashby``: the command grammar for its own words, anything else read like a question; always private."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ..intents import Intent, parse_command
from ..language import Reading
from ..services import Services
from .askers import known_asker
from .replies import SORRY, answer_reading, ephemeral, place


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
        reading = Reading(intent) if intent is not None else await services.questions.read(text)
        if reading.intent.kind == "unknown":  # `/ashby <words>` is a name lookup: say who comes closest
            reading = Reading(Intent("candidate", query=" ".join(text.split())))
        answer = await answer_reading(services, reading, asker, place(services, client, command.get("team_id")))
        await respond(**ephemeral(answer.private or SORRY))
