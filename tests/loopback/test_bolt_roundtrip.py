"""A real Bolt AsyncApp driven by signed requests, answering through LocalSlack."""

from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.loopback.local_slack import LocalSlack
from bot.loopback.slack_requests import SignedRequest, SlackRequestFactory

from .conftest import SIGNING_SECRET, TOKEN


@pytest.fixture
def requests() -> SlackRequestFactory:
    return SlackRequestFactory(SIGNING_SECRET)


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def app(slack: LocalSlack, seen: list[dict[str, Any]]) -> AsyncApp:
    app = AsyncApp(signing_secret=SIGNING_SECRET, client=AsyncWebClient(token=TOKEN, base_url=slack.api_url))

    @app.command("/ashby")
    async def command(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond("hi")

    @app.event("app_mention")
    async def mention(event: dict[str, Any], say: AsyncSay, request: AsyncBoltRequest) -> None:
        seen.append({**event, "retry_num": request.headers.get("x-slack-retry-num")})
        await say(text="Jane is at Onsite", thread_ts=event["ts"])

    @app.action("move")
    async def move(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        seen.append(body)
        await respond(text="Moved", replace_original=True)

    @app.view("reject")
    async def reject(ack: AsyncAck, view: dict[str, Any]) -> None:
        seen.append(view)
        await ack()

    return app


async def dispatch(app: AsyncApp, request: SignedRequest) -> int:
    response = await app.async_dispatch(AsyncBoltRequest(body=request.body.decode(), headers=request.headers))
    return response.status


async def test_slash_command_round_trip(app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory) -> None:
    url = slack.new_response_url("C0HIRING", "U0JANE")
    request = requests.slash_command("where is jane", user_id="U0JANE", channel_id="C0HIRING", response_url=url)
    assert await dispatch(app, request) == 200
    (reply,) = await slack.wait_for_messages(1)
    assert (reply.kind, reply.text, reply.channel, reply.user) == ("response", "hi", "C0HIRING", "U0JANE")
    assert slack.count("auth.test") == 1  # Bolt authorised the request against LocalSlack


async def test_forged_and_stale_requests_are_refused(
    app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory
) -> None:
    url = slack.new_response_url("C0HIRING", "U0JANE")
    request = requests.slash_command("hi", user_id="U0JANE", channel_id="C0HIRING", response_url=url)
    assert await dispatch(app, request.forged()) == 401
    assert await dispatch(app, request.stale()) == 401
    assert slack.calls == []


async def test_over_http_through_the_aiohttp_adapter(
    app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory
) -> None:
    url = slack.new_response_url("C0HIRING", "U0JANE")
    request = requests.slash_command("hi", user_id="U0JANE", channel_id="C0HIRING", response_url=url)
    async with TestServer(app.web_app(), host="127.0.0.1") as server, aiohttp.ClientSession() as session:
        endpoint = str(server.make_url("/slack/events"))
        for signed, status in ((request, 200), (request.forged(), 401), (request.stale(), 401)):
            async with session.post(endpoint, data=signed.body, headers=signed.headers) as response:
                assert response.status == status
    assert [m.text for m in await slack.wait_for_messages(1)] == ["hi"]


async def test_app_mention_says_in_thread(
    app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory, seen: list[dict[str, Any]]
) -> None:
    request = requests.app_mention("where is jane?", user_id="U0JANE", channel_id="C0HIRING", ts="1700000000.000100")
    assert await dispatch(app, request) == 200
    (reply,) = await slack.wait_for_messages(1)
    assert (reply.kind, reply.channel, reply.thread_ts) == ("message", "C0HIRING", "1700000000.000100")
    assert seen[0]["text"] == "<@UASHBYBOT> where is jane?"


async def test_button_click_replaces_the_card(
    app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory, seen: list[dict[str, Any]]
) -> None:
    url = slack.new_response_url("C0HIRING", "U0JANE")
    card = {"ts": "1700000000.000200", "text": "Move Jane?", "blocks": []}
    request = requests.block_action(
        action_id="move",
        value="app-1",
        user_id="U0JANE",
        channel_id="C0HIRING",
        response_url=url,
        message=card,
    )
    assert await dispatch(app, request) == 200
    (reply,) = await slack.wait_for_messages(1)
    assert (reply.text, reply.replace_original) == ("Moved", True)
    assert seen[0]["actions"][0]["value"] == "app-1"
    assert seen[0]["container"]["message_ts"] == "1700000000.000200"


async def test_view_submission_carries_values(
    app: AsyncApp, requests: SlackRequestFactory, seen: list[dict[str, Any]]
) -> None:
    values = {"reason": {"text": {"type": "plain_text_input", "value": "Not a fit"}}}
    request = requests.view_submission(callback_id="reject", values=values, user_id="U0JANE", private_metadata="a1")
    assert await dispatch(app, request) == 200
    assert seen[0]["state"]["values"] == values
    assert seen[0]["private_metadata"] == "a1"


async def test_event_retries_reach_the_app_signed(
    app: AsyncApp, slack: LocalSlack, requests: SlackRequestFactory, seen: list[dict[str, Any]]
) -> None:
    request = requests.app_mention("pipeline", user_id="U0JANE", channel_id="C0HIRING")
    assert await dispatch(app, request.with_retry(1)) == 200
    await slack.wait_for_messages(1)
    assert seen[0]["retry_num"] == ["1"]
