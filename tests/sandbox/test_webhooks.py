"""Webhook deliveries: Ashby's body shape and signature, sent in the background."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import web

from ashby.sandbox import Sandbox, running_sandbox
from tests.sandbox.support import NOW, Api

SECRET = "whsec-test"


@dataclass
class Receiver:
    url: str
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]

    def actions(self) -> list[str]:
        return [body["action"] for body in self.bodies()]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A loopback HTTP endpoint that records every delivery."""
    received = Receiver(url="")

    async def receive(request: web.Request) -> web.Response:
        received.requests.append((dict(request.headers), await request.read()))
        return web.Response(status=received.status)

    app = web.Application()
    app.router.add_post("/hooks", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    received.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hooks"
    yield received
    await runner.cleanup()


async def _sandbox_api(sandbox: Sandbox) -> AsyncIterator[Api]:
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("sandbox", ""), timeout=10) as client,
    ):
        yield Api(client)


def _valid(headers: dict[str, str], body: bytes, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["Ashby-Signature"], expected)


async def test_stage_change_emits_signed_deliveries(receiver: Receiver) -> None:
    sandbox = Sandbox(candidates=40, now=NOW, webhook_url=receiver.url, webhook_secret=SECRET)
    async for api in _sandbox_api(sandbox):
        jane = await api.application("jane.doe@example.com")
        target = await api.stage(jane, "Reference Check")
        await api.ok("application.changeStage", {"applicationId": jane["id"], "interviewStageId": target["id"]})
        await sandbox.flush_webhooks()
    assert receiver.actions() == ["candidateStageChange", "applicationUpdate"]
    for headers, body in receiver.requests:
        assert _valid(headers, body, SECRET)
        assert headers["Content-Type"] == "application/json"
    first = receiver.bodies()[0]
    assert set(first) == {"action", "data", "webhookActionId"}
    assert first["data"]["application"]["currentInterviewStage"]["title"] == "Reference Check"
    assert sandbox.webhook_deliveries == [("candidateStageChange", 200), ("applicationUpdate", 200)]


async def test_hire_fans_out_and_other_writes_emit(receiver: Receiver) -> None:
    sandbox = Sandbox(candidates=40, now=NOW, webhook_url=receiver.url, webhook_secret=SECRET)
    async for api in _sandbox_api(sandbox):
        elena = await api.application("elena.rossi@example.com")
        (offer,) = await api.ok("offer.list", {"applicationId": elena["id"]})
        await api.ok("offer.approve", {"offerVersionId": offer["latestVersion"]["id"]})
        hired = await api.stage(elena, "Hired")
        await api.ok("application.changeStage", {"applicationId": elena["id"], "interviewStageId": hired["id"]})
        candidate = await api.ok("candidate.create", {"name": "Webhook Person"})
        (job,) = await api.ok("job.search", {"requisitionId": "REQ-1044"})
        application = await api.ok("application.create", {"candidateId": candidate["id"], "jobId": job["id"]})
        event = {
            "startTime": "2026-03-12T15:00:00Z",
            "endTime": "2026-03-12T16:00:00Z",
            "interviewers": [{"email": "tomas.herrera@acme.example"}],
        }
        await api.ok("interviewSchedule.create", {"applicationId": application["id"], "interviewEvents": [event]})
        await sandbox.flush_webhooks()
    assert receiver.actions() == [
        "offerUpdate",
        "candidateStageChange",
        "applicationUpdate",
        "candidateHire",
        "applicationSubmit",
        "interviewScheduleCreate",
        "interviewScheduleUpdate",
    ]
    hire = receiver.bodies()[3]["data"]
    assert hire["application"]["status"] == "Hired"
    schedule = receiver.bodies()[-1]["data"]["interviewSchedule"]
    assert schedule["candidateId"] == candidate["id"]


async def test_subscriptions_ping_and_deliver(receiver: Receiver) -> None:
    sandbox = Sandbox(candidates=40, now=NOW)
    async for api in _sandbox_api(sandbox):
        created = await api.ok(
            "webhook.create",
            {"webhookType": "applicationUpdate", "requestUrl": receiver.url, "secretToken": "sub-secret"},
        )
        assert created["enabled"] is True and created["secretToken"] == "sub-secret"
        assert receiver.bodies()[0] == {
            "action": "ping",
            "data": {"webhookActionType": "ping"},
            "webhookActionId": receiver.bodies()[0]["webhookActionId"],
        }
        duplicate = {"webhookType": "applicationUpdate", "requestUrl": receiver.url, "secretToken": "x"}
        assert (await api.error("webhook.create", duplicate))["code"] == "invalid_input"
        info = await api.ok("webhook.info", {"webhookId": created["id"]})
        assert "secretToken" not in info

        jane = await api.application("jane.doe@example.com")
        await api.ok("application.update", {"applicationId": jane["id"]})
        await sandbox.flush_webhooks()
        headers, body = receiver.requests[-1]
        assert json.loads(body)["action"] == "applicationUpdate" and _valid(headers, body, "sub-secret")

        disabled = await api.ok("webhook.update", {"webhookId": created["id"], "enabled": False})
        assert disabled["enabled"] is False
        await api.ok("application.update", {"applicationId": jane["id"]})
        await sandbox.flush_webhooks()
        assert len(receiver.requests) == 2
        assert await api.ok("webhook.delete", {"webhookId": created["id"]}) == {"webhookId": created["id"]}
        assert (await api.error("webhook.info", {"webhookId": created["id"]}))["code"] == "webhook_not_found"


async def test_failing_endpoints_are_recorded_not_fatal(receiver: Receiver) -> None:
    receiver.status = 500
    sandbox = Sandbox(candidates=40, now=NOW, webhook_url="http://127.0.0.1:9/nowhere", webhook_secret=SECRET)
    async for api in _sandbox_api(sandbox):
        created = await api.ok(
            "webhook.create",
            {"webhookType": "applicationUpdate", "requestUrl": receiver.url, "secretToken": "s"},
        )
        assert created["enabled"] is False  # the ping failed
        jane = await api.application("jane.doe@example.com")
        await api.ok("application.update", {"applicationId": jane["id"]})
        await sandbox.flush_webhooks()
        assert await api.ok("apiKey.info")  # still serving
    outcomes = [outcome for action, outcome in sandbox.webhook_deliveries if action == "applicationUpdate"]
    assert len(outcomes) == 1 and isinstance(outcomes[0], str)  # connection refused, recorded by error name
    assert ("ping", 500) in sandbox.webhook_deliveries
