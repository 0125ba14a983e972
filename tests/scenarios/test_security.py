"""Forged and stale requests, unmapped people and Slack's retries."""

import asyncio
import json

import pytest

from bot.loopback.session import CHANNEL, DemoSession

from .conftest import text

pytestmark = pytest.mark.asyncio(loop_scope="module")


def ashby_calls(demo: DemoSession) -> int:
    return sum(demo.sandbox.calls.values())


async def test_forged_and_stale_signatures_get_401_and_touch_nothing(priya: DemoSession) -> None:
    await priya.command("jane doe")  # warm up: identity and caches
    url = priya.slack.new_response_url(CHANNEL.id, priya.user.id)
    good = priya.requests.slash_command("jane doe", user_id=priya.user.id, channel_id=CHANNEL.id, response_url=url)
    mention = priya.requests.app_mention("where is jane?", user_id=priya.user.id, channel_id=CHANNEL.id)
    before_ashby, before_slack = ashby_calls(priya), len(priya.slack.calls)
    for request in (good.forged(), good.stale(), mention.forged(), mention.stale()):
        response = await priya.post(request)
        assert response.status_code == 401
    unsigned = await priya._http.post(f"{priya.bot_url}/slack/events", content=good.body)
    assert unsigned.status_code == 401
    await asyncio.sleep(0.3)
    assert ashby_calls(priya) == before_ashby and len(priya.slack.calls) == before_slack


async def test_a_slack_user_without_an_ashby_account_gets_no_data(demo: DemoSession) -> None:
    demo.switch_user("guest")
    for exchange in (await demo.command("jane doe"), await demo.mention("where is jane doe?")):
        shown = text(exchange)
        assert "doesn't match a user in Ashby" in shown and "Jane" not in shown
        assert all(m.kind in ("response", "ephemeral") for m in exchange.messages)
    demo.switch_user("priya")


async def test_slack_retries_of_an_event_are_answered_once(priya: DemoSession) -> None:
    request = priya.requests.app_mention("where is jane doe?", user_id=priya.user.id, channel_id=CHANNEL.id)
    seen = len(priya.slack.messages)
    assert (await priya.post(request)).status_code == 200
    for attempt in (1, 2, 3):
        assert (await priya.post(request.with_retry(attempt))).status_code == 200
    await priya.slack.wait_for_messages(1, timeout=10)
    await asyncio.sleep(0.5)
    assert len(priya.slack.messages) - seen == 1


async def test_every_request_is_acknowledged_before_the_ashby_work(priya: DemoSession) -> None:
    from ashby.sandbox import Fault

    priya.sandbox.faults.add(Fault("*", "latency", times=None, latency_ms=400))
    try:
        url = priya.slack.new_response_url(CHANNEL.id, priya.user.id)
        request = priya.requests.slash_command(
            "pipeline REQ-1042", user_id=priya.user.id, channel_id=CHANNEL.id, response_url=url
        )
        loop = asyncio.get_running_loop()
        started = loop.time()
        response = await priya.post(request)
        acked_after = loop.time() - started
        assert response.status_code == 200 and acked_after < 0.4  # the ack did not wait for Ashby
        (answer,) = await priya.slack.wait_for_messages(1, timeout=15)
        assert "REQ-1042" in json.dumps(answer.blocks)
    finally:
        priya.sandbox.faults.clear()


async def test_socket_mode_serves_no_slack_route(priya: DemoSession) -> None:
    """In Socket Mode Slack talks over the socket; an HTTP route would accept unsigned requests."""
    from pydantic import SecretStr

    from bot.app import build_bot
    from bot.server import serving

    assert priya.bot is not None
    settings = priya.bot.settings.model_copy(update={"SLACK_APP_TOKEN": SecretStr("xapp-1-test")})
    socket_bot = build_bot(settings)
    async with serving(socket_bot) as url:
        response = await priya._http.post(f"{url}/slack/events", content=b"command=%2Fashby&text=jane")
        health = await priya._http.get(f"{url}/healthz")
    await socket_bot.close()
    assert response.status_code == 404 and health.status_code == 503


async def test_search_fallback_shows_only_candidates_the_asker_may_see(demo: DemoSession) -> None:
    demo.switch_user("sam")  # an External Recruiter: sees only jobs whose hiring team includes them
    shown = text(await demo.command("ic"))
    assert "Victoria" not in shown and "victoria.chen@example.com" not in shown
    demo.switch_user("priya")
