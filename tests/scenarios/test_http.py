"""The HTTP routes besides Slack's: /healthz and /ashby/webhook, and the index shared through Redis."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from pydantic import SecretStr

from ashby.client import AshbyClient
from ashby.sandbox import Sandbox, running_sandbox
from ashby.store import RedisStore
from bot.app import build_bot
from bot.loopback.session import DemoSession
from bot.server import serving
from bot.settings import Settings
from handlers.webhooks import signature_for

from .conftest import text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_healthz_reports_ready_with_the_index_size(priya: DemoSession) -> None:
    response = await priya._http.get(f"{priya.bot_url}/healthz")
    assert response.status_code == 200 and response.json()["ok"] and response.json()["candidates"] >= 400


async def test_forged_webhooks_get_401_and_change_nothing(priya: DemoSession) -> None:
    body = json.dumps({"action": "candidateDelete", "data": {"candidate": {"id": "x"}}}).encode()
    for signature in (None, "sha256=" + "0" * 64, signature_for("wrong-secret", body)):
        headers = {"Ashby-Signature": signature} if signature else {}
        response = await priya._http.post(f"{priya.bot_url}/ashby/webhook", content=body, headers=headers)
        assert response.status_code == 401
    ping = json.dumps({"action": "ping", "data": {"webhookActionType": "ping"}}).encode()
    headers = {"Ashby-Signature": signature_for("demo-webhook-secret", ping)}
    assert (await priya._http.post(f"{priya.bot_url}/ashby/webhook", content=ping, headers=headers)).status_code == 200


async def test_webhooks_from_ashby_refresh_the_answer_at_once(priya: DemoSession) -> None:
    """The sandbox sends real signed webhooks; a stage change shows on the next card, not a minute later."""
    assert "6 days in Onsite" in text(await priya.command("jane doe"))  # now cached for 30 s
    assert priya.bot is not None
    async with AshbyClient("sandbox", base_url=str(priya.bot.settings.ASHBY_API_URL)) as ashby:
        for kind in ("candidateStageChange", "applicationUpdate"):
            await ashby.call(
                "webhook.create",
                {
                    "webhookType": kind,
                    "requestUrl": f"{priya.bot_url}/ashby/webhook",
                    "secretToken": "demo-webhook-secret",
                },
            )
        jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
        app = await ashby.application_info(jane.application_ids[0])
        stages = await ashby.interview_stages(app.current_interview_stage.interview_plan_id)
        reference = next(s for s in stages if s.title == "Reference Check")
        await ashby.application_change_stage(app.id, reference.id)
    await priya.sandbox.flush_webhooks()
    assert all(status == 200 for _, status in priya.sandbox.webhook_deliveries)
    shown = text(await priya.command("jane doe"))
    assert "in Reference Check" in shown and "in Onsite" not in shown


@pytest_asyncio.fixture(loop_scope="module")
async def sandbox_url() -> AsyncIterator[tuple[Sandbox, str]]:
    sandbox = Sandbox(seed=7, candidates=200)
    async with running_sandbox(sandbox) as url:
        yield sandbox, url


async def test_a_second_replica_loads_the_index_from_redis(
    redis_url: str, redis_prefix: str, sandbox_url: tuple[Sandbox, str]
) -> None:
    sandbox, url = sandbox_url
    settings = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=SecretStr("xoxb-test"),
        SLACK_SIGNING_SECRET=SecretStr("s"),
        ASHBY_API_KEY=SecretStr("sandbox"),
        ASHBY_API_URL=url,
        REDIS_URL=redis_url,
    )
    first = build_bot(settings, store=RedisStore(redis_url, prefix=redis_prefix))
    await first.background.index_sync.run_once()
    assert len(first.index) == 200
    full_passes = sandbox.calls["candidate.list"]
    second = build_bot(settings, store=RedisStore(redis_url, prefix=redis_prefix))
    async with serving(second) as bot_url, httpx.AsyncClient() as client:
        assert (await client.get(f"{bot_url}/healthz")).status_code == 503  # not ready before its first pass
    await second.background.index_sync.run_once()
    assert len(second.index) == 200 and second.ready
    # The replica read the snapshot from Redis and asked Ashby for changes only (at most one page each).
    assert sandbox.calls["candidate.list"] - full_passes <= 1
    async with serving(second) as bot_url, httpx.AsyncClient() as client:
        health = await client.get(f"{bot_url}/healthz")
    assert health.status_code == 200
    await first.close()
    await second.close()
