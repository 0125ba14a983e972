"""Slack listeners, registered per kind like bolt-python's own examples: the ``/ashby`` command,
@-mentions and DMs, and the buttons on the cards.

Each listener acknowledges first (Slack's 3-second rule; Bolt sends the HTTP response at ``ack()``) and
does the Ashby work afterwards, answering through ``respond`` or the Web API. Event deliveries are
de-duplicated by ``event_id`` in the shared store, so Slack's retries and a second replica do no work twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from blocks import actions as action_blocks
from blocks import asks, notices
from blocks.candidate import CARD_ACTION
from blocks.picker import PICKER_BLOCK_ID

from .answers import FACT_ACTION, Answer, Message, Place
from .identity import Asker
from .intents import WRITE_KINDS, Intent, parse_command
from .language import Reading
from .services import Services
from .validation import RefuseBroken

log = logging.getLogger(__name__)

EVENT_SEEN_TTL = 3600
#: What an Ashby id looks like (letters, digits, dashes): a tampered button value is dropped before Ashby is asked.
_ID = re.compile(r"[0-9A-Za-z-]{8,64}")
CHOOSERS = frozenset(
    {
        "ashby_write_candidate",
        action_blocks.CHOOSE_APPLICATION,
        action_blocks.CHOOSE_STAGE,
        action_blocks.CHOOSE_TAG,
        action_blocks.CHOOSE_REASON,
        action_blocks.CHOOSE_TEMPLATE,
    }
)
STALE_BUTTON = notices.notice("That button no longer works. Please ask again.")
SORRY = notices.notice(
    "Something went wrong on my side. Please try again; if it keeps happening, tell your Slack admin."
)


def register(app: AsyncApp, services: Services) -> None:
    """Attach every listener to ``app``."""
    app.use(RefuseBroken())

    @app.command("/ashby")
    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        async with _sorry_on_failure(respond):
            asker = await services.identity.asker(client, command.get("team_id"), command["user_id"])
            place = Place("private", lookup_slack_user=_lookup(services, client, command.get("team_id")))
            text = command.get("text", "")
            intent = parse_command(text)
            # The command grammar keeps its own words; anything else is read like a question.
            reading = Reading(intent) if intent is not None else await services.questions.read(text)
            if reading.intent.kind == "unknown":  # `/ashby <words>` is a name lookup: say who comes closest
                reading = Reading(Intent("candidate", query=" ".join(text.split())))
            answer = await _answer_reading(services, reading, asker, place)
            await respond(**_ephemeral(answer.private or SORRY))

    @app.event("app_mention")
    async def on_mention(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await _on_question(services, client, body, event, bot_user_id=context.bot_user_id)

    @app.event("message")
    async def on_message(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        # Direct messages to the bot; channel messages reach us only as app_mention.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await _on_question(services, client, body, event, bot_user_id=context.bot_user_id)

    @app.action(re.compile(r"^ashby_"))
    async def on_action(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        async with _sorry_on_failure(respond):
            await _on_action(services, client, body, action, respond)


async def _on_question(
    services: Services,
    client: AsyncWebClient,
    body: dict[str, Any],
    event: dict[str, Any],
    *,
    bot_user_id: str | None,
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
    try:
        asker = await services.identity.asker(client, body.get("team_id"), user)
        place = Place(
            "private" if is_dm else "public", lookup_slack_user=_lookup(services, client, body.get("team_id"))
        )
        text = event.get("text", "")
        if bot_user_id is None and event.get("type") == "app_mention":
            bot_user_id = _leading_mention(text)  # a mention always addresses the bot first
        reading = await services.questions.read(text, bot_user_id=bot_user_id)
        answer = await _answer_reading(services, reading, asker, place)
    except Exception:
        log.exception("failed to answer a question")
        answer = Answer(private=SORRY)
    await _deliver(client, answer, channel=channel, user=user, thread_ts=thread_ts, is_dm=is_dm)


async def _answer_reading(services: Services, reading: Reading, asker: Asker, place: Place) -> Answer:
    """The answer to what was understood; two close readings are asked back (privately) with buttons."""
    if reading.alternatives and asker.viewer is not None:
        options = [(label, intent.to_value()) for label, intent in reading.alternatives]
        return Answer(private=asks.ask_back(reading.intent.query, options))
    return await _route(services, reading.intent, asker, place)


def _leading_mention(text: str) -> str | None:
    found = re.match(r"\s*<@([UW][A-Z0-9]+)", text or "")
    return found.group(1) if found else None


async def _route(services: Services, intent: Intent, asker: Asker, place: Place) -> Answer:
    """Writes and approvals go to their flows, always privately; questions to the answerer."""
    if intent.kind in WRITE_KINDS:
        return await services.writes.start(intent, asker)
    if intent.kind == "approvals":
        return await services.approvals.list_for(asker)
    return await services.answerer.answer(intent, asker, place)


async def _deliver(
    client: AsyncWebClient, answer: Answer, *, channel: str, user: str, thread_ts: str | None, is_dm: bool
) -> None:
    if answer.public is not None:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **_message(answer.public))
    if answer.private is not None:
        if is_dm:
            await client.chat_postMessage(channel=channel, **_message(answer.private))
        else:
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **_message(answer.private))


async def _on_action(
    services: Services, client: AsyncWebClient, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
) -> None:
    action_id = action.get("action_id", "")
    if action_id == "ashby_link":
        return  # a URL button: Slack opened the link; nothing to do
    value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    user_id = body["user"]["id"]
    team_id = (body.get("team") or {}).get("id")
    asker = await services.identity.asker(client, team_id, user_id)
    answerer = services.answerer
    private = Place("private", lookup_slack_user=_lookup(services, client, team_id))
    if asker.viewer is None:
        await respond(**_ephemeral(notices.not_allowed(asker.refusal or "You don't have access to Ashby.")))
        return
    # A click on a picker replaces the picker with the answer instead of stacking a new message under it.
    from_picker = str(action.get("block_id", "")).startswith(PICKER_BLOCK_ID)
    opens: dict[str, Callable[[str, Asker, Place], Awaitable[Answer]]] = {
        "ashby_candidate": answerer.open_candidate,
        "ashby_pipeline": answerer.open_pipeline,
        "ashby_feedback": answerer.open_feedback,
    }
    if action_id in opens:
        answer = await answerer.guarded(opens[action_id](value, asker, private))
        await respond(**_ephemeral(answer.private or SORRY, replace_original=from_picker))
    elif action_id == FACT_ACTION:
        question, _, candidate_id = value.rpartition("|")
        intent = Intent.from_value(question)
        if intent is None or intent.kind not in ("candidate", "feedback") or not _ID.fullmatch(candidate_id):
            log.info("ignored a picker button with an unexpected value")
            await respond(**_ephemeral(STALE_BUTTON))
            return
        answer = await answerer.guarded(answerer.answer_about(candidate_id, intent, asker, private))
        await respond(**_ephemeral(answer.private or SORRY, replace_original=from_picker))
    elif action_id.startswith(asks.READING_ACTION):
        intent = Intent.from_value(value)
        if intent is None or intent.kind in WRITE_KINDS:  # a reading button only ever asks a question
            log.info("ignored a reading button with an unexpected value")
            await respond(**_ephemeral(STALE_BUTTON))
            return
        answer = await _route(services, intent, asker, private)
        await respond(**_ephemeral(answer.private or SORRY, replace_original=True))
    elif action_id == action_blocks.CONFIRM:
        answer = await services.writes.confirm(value, asker)
        await respond(**_ephemeral(answer.private or SORRY, replace_original=True))
    elif action_id == action_blocks.CANCEL:
        refused = await services.writes.cancel(value, asker)
        if refused is not None:
            await respond(**_ephemeral(refused.private or SORRY))
        else:
            await respond(delete_original=True)
    elif action_id in CHOOSERS:
        answer = await services.writes.choose(action_id, value, asker)
        await respond(**_ephemeral(answer.private or SORRY, replace_original=True))
    elif action_id == CARD_ACTION:
        kind, _, ref = value.partition(":")
        if kind == "pipeline":
            answer = await answerer.guarded(answerer.open_pipeline(ref, asker, private))
        else:
            answer = await services.writes.from_card(value, asker)
        await respond(**_ephemeral(answer.private or SORRY))
    elif action_id == action_blocks.APPROVE:
        answer = await services.approvals.approve(value, asker, client)
        # Replace the DM card once approved; a list of several offers, or a failure, keeps its buttons.
        in_list = bool((body.get("container") or {}).get("is_ephemeral"))
        await respond(**_ephemeral(answer.private or SORRY, replace_original=answer.replaces_card and not in_list))
    elif action_id == "ashby_share":
        await _share(services, asker, value, respond)
    else:
        log.info("ignored unknown action %s", action_id)


async def _share(services: Services, asker: Asker, value: str, respond: AsyncRespond) -> None:
    """Post the public-safe version of a card in the channel, if there is one."""
    kind, _, ref = value.partition(":")
    answerer = services.answerer
    public = Place("public")
    work: Awaitable[Answer]
    if kind == "candidate":
        work = answerer.open_candidate(ref, asker, public)
    elif kind == "pipeline":
        work = answerer.open_pipeline(ref, asker, public)
    elif kind == "jobs":
        work = answerer.answer(Intent("jobs"), asker, public)
    else:
        return
    answer = await answerer.guarded(work)
    if answer.public is None or answer.private is not None:
        await respond(
            **_ephemeral(notices.notice("This card includes private details, so it can't be shared in a channel."))
        )
        return
    await respond(response_type="in_channel", replace_original=False, **_message(answer.public))


def _lookup(services: Services, client: AsyncWebClient, team_id: str | None) -> Callable[[str], Awaitable[Asker]]:
    async def lookup(slack_user_id: str) -> Asker:
        return await services.identity.asker(client, team_id, slack_user_id)

    return lookup


def _message(message: Message) -> dict[str, Any]:
    return {"text": message.get("text", ""), "blocks": message.get("blocks")}


def _ephemeral(message: Message, *, replace_original: bool = False) -> dict[str, Any]:
    return {"response_type": "ephemeral", "replace_original": replace_original, **_message(message)}


class _sorry_on_failure:
    """Whatever breaks after the ack, the person hears that it did (and the log gets the traceback)."""

    def __init__(self, respond: AsyncRespond) -> None:
        self.respond = respond

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        log.error("failed to answer: %s", type(exc).__name__, exc_info=exc)
        try:
            await self.respond(**_ephemeral(SORRY))
        except Exception:
            log.warning("could not tell the user about the failure")
        return True
