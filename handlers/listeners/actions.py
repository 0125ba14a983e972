"""One listener per button (``blocks.payloads``): each acknowledges, unpacks its payload (a value it did not
pack gets "that button no longer works"), checks the presser may use Ashby, and answers privately."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from blocks import notices
from blocks import payloads as p
from blocks.picker import PICKER_BLOCK_ID

from ..answers import Answer, Place
from ..identity import Asker
from ..intents import WRITE_KINDS, Intent
from ..services import Services
from .askers import known_asker
from .replies import SORRY, STALE_BUTTON, ephemeral, fields, place, route

log = logging.getLogger(__name__)

P = TypeVar("P", bound=p.Payload)


class Press:
    """One button press: who pressed it (resolved once), where answers go, and how to reply."""

    def __init__(
        self,
        services: Services,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        asker: Asker,
    ) -> None:
        self.services = services
        self.asker = asker
        self.body = body
        self.action = action
        self.respond = respond
        self.client = client
        self.place = place(services, client, _team(body))
        # A click on a picker replaces the picker with the answer instead of stacking a new message under it.
        self.from_picker = str(action.get("block_id", "")).startswith(PICKER_BLOCK_ID)

    async def reply(self, answer: Answer, *, replace: bool = False) -> None:
        await self.respond(**ephemeral(answer.private or SORRY, replace_original=replace))


def _team(body: dict[str, Any]) -> str | None:
    return (body.get("team") or {}).get("id")


def register(app: AsyncApp, services: Services) -> None:
    def listen(payload: type[P], handler: Callable[[Press, P], Awaitable[None]], *, pattern: bool = False) -> None:
        matcher: str | re.Pattern[str] = (
            re.compile(rf"^{re.escape(payload.ACTION)}_\d+$") if pattern else payload.ACTION
        )

        async def listener(
            ack: AsyncAck,
            body: dict[str, Any],
            action: dict[str, Any],
            respond: AsyncRespond,
            client: AsyncWebClient,
            context: AsyncBoltContext,
        ) -> None:
            await ack()
            value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
            unpacked = payload.unpack(value)
            if unpacked is None:
                log.info("a %s button came back with a value it does not carry", payload.__name__)
                await respond(**ephemeral(STALE_BUTTON))
                return
            asker = await known_asker(context, lambda refused: respond(**ephemeral(refused.no_access())))
            if asker is None:
                return
            await handler(Press(services, body, action, respond, client, asker), unpacked)

        app.action(matcher)(listener)

    @app.action(p.LINK)
    async def link(ack: AsyncAck) -> None:
        await ack()  # a URL button: Slack opened the link; nothing else to do

    listen(p.OpenCandidate, _open_candidate)
    listen(p.OpenPipeline, _open_pipeline)
    listen(p.OpenFeedback, _open_feedback)
    listen(p.AnswerAbout, _answer_about)
    listen(p.AskedBack, _asked_back, pattern=True)
    listen(p.Share, _share)
    listen(p.CardAction, _card_action)
    listen(p.Confirm, _confirm)
    listen(p.Cancel, _cancel)
    for choice in p.CHOICES:
        listen(choice, _choose)
    listen(p.Approve, _approve)


# -- opening cards -------------------------------------------------------------------------------------------


async def _open_candidate(press: Press, payload: p.OpenCandidate) -> None:
    answerer = press.services.answerer
    await press.reply(
        await answerer.guarded(answerer.open_candidate(payload.id, press.asker, press.place)), replace=press.from_picker
    )


async def _open_pipeline(press: Press, payload: p.OpenPipeline) -> None:
    answerer = press.services.answerer
    await press.reply(
        await answerer.guarded(answerer.open_pipeline(payload.id, press.asker, press.place)), replace=press.from_picker
    )


async def _open_feedback(press: Press, payload: p.OpenFeedback) -> None:
    answerer = press.services.answerer
    await press.reply(
        await answerer.guarded(answerer.open_feedback(payload.id, press.asker, press.place)), replace=press.from_picker
    )


async def _answer_about(press: Press, payload: p.AnswerAbout) -> None:
    intent = Intent.from_value(payload.question)
    if intent is None or intent.kind not in ("candidate", "feedback"):
        await press.respond(**ephemeral(STALE_BUTTON))
        return
    answerer = press.services.answerer
    answer = await answerer.guarded(answerer.answer_about(payload.candidate_id, intent, press.asker, press.place))
    await press.reply(answer, replace=press.from_picker)


async def _asked_back(press: Press, payload: p.AskedBack) -> None:
    intent = Intent.from_value(payload.question)
    if intent is None or intent.kind in WRITE_KINDS:  # a reading button only ever asks a question
        await press.respond(**ephemeral(STALE_BUTTON))
        return
    await press.reply(await route(press.services, intent, press.asker, press.place), replace=True)


async def _share(press: Press, payload: p.Share) -> None:
    """Post the public-safe version of a card in the channel, if there is one."""
    answerer = press.services.answerer
    public = Place("public")
    work: Awaitable[Answer]
    if payload.kind == "candidate":
        work = answerer.open_candidate(payload.ref, press.asker, public)
    elif payload.kind == "pipeline":
        work = answerer.open_pipeline(payload.ref, press.asker, public)
    else:
        work = answerer.answer(Intent("jobs"), press.asker, public)
    answer = await answerer.guarded(work)
    if answer.public is None or answer.private is not None:
        private = notices.notice("This card includes private details, so it can't be shared in a channel.")
        await press.respond(**ephemeral(private))
        return
    await press.respond(response_type="in_channel", replace_original=False, **fields(answer.public))


# -- writes and approvals ------------------------------------------------------------------------------------


async def _card_action(press: Press, payload: p.CardAction) -> None:
    if payload.kind == "pipeline":
        answerer = press.services.answerer
        answer = await answerer.guarded(answerer.open_pipeline(payload.ref, press.asker, press.place))
    else:
        answer = await press.services.writes.from_card(payload, press.asker)
    await press.reply(answer)


async def _confirm(press: Press, payload: p.Confirm) -> None:
    await press.reply(await press.services.writes.confirm(payload.id, press.asker), replace=True)


async def _cancel(press: Press, payload: p.Cancel) -> None:
    refused = await press.services.writes.cancel(payload, press.asker)
    if refused is not None:
        await press.reply(refused)
    else:
        await press.respond(delete_original=True)


async def _choose(press: Press, payload: p.Choice) -> None:
    await press.reply(await press.services.writes.choose(payload, press.asker), replace=True)


async def _approve(press: Press, payload: p.Approve) -> None:
    answer = await press.services.approvals.approve(payload, press.asker, press.client)
    # Replace the DM card once approved; a list of several offers, or a failure, keeps its buttons.
    in_list = bool((press.body.get("container") or {}).get("is_ephemeral"))
    await press.reply(answer, replace=answer.replaces_card and not in_list)
