"""Injected faults, in-process and through the HTTP control surface."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from ashby.sandbox import Fault, Sandbox, SandboxKey, running_sandbox
from tests.sandbox.support import NOW, Api


async def test_latency_then_a_normal_answer(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="candidate.list", kind="latency", latency_ms=150))
    started = time.perf_counter()
    page = await api.payload("candidate.list", {"limit": 1})
    assert time.perf_counter() - started >= 0.15
    assert page["success"] is True
    started = time.perf_counter()
    await api.payload("candidate.list", {"limit": 1})
    assert time.perf_counter() - started < 0.15  # times=1 is used up


async def test_rate_limit(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="*", kind="rate_limit", times=2, retry_after=0.5))
    for _ in range(2):
        response = await api.raw("user.list")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "0.5"
        assert response.json()["errorInfo"]["code"] == "rate_limit_exceeded"
    assert (await api.raw("user.list")).status_code == 200
    assert sandbox.calls["user.list"] == 3  # faulted requests still count


async def test_server_errors_json_and_html(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="job.list", kind="server_error"))
    sandbox.faults.add(Fault(endpoint="job.list", kind="server_error", status=503))
    first = await api.raw("job.list")
    assert first.status_code == 500 and first.json()["success"] is False
    second = await api.raw("job.list")
    assert second.status_code == 503
    with pytest.raises(json.JSONDecodeError):
        second.json()
    assert (await api.raw("job.list")).status_code == 200


async def test_malformed_body(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="candidate.info", kind="malformed"))
    response = await api.raw("candidate.info", {"id": "00000000-0000-4000-8000-000000000000"})
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_timeout_stalls_one_request_without_blocking_others(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="candidate.search", kind="timeout", times=None))
    stalled = asyncio.create_task(api.client.post("/candidate.search", json={"name": "x"}, timeout=0.4))
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    assert await api.ok("user.list")  # served while the other request hangs
    assert time.perf_counter() - started < 0.3
    with pytest.raises(httpx.TimeoutException):
        await stalled
    sandbox.faults.clear()
    assert await api.ok("candidate.search", {"name": "Jane"})


async def test_empty_pages_resume_where_they_left_off(api: Api, sandbox: Sandbox) -> None:
    expected, _ = await api.everything("candidate.list", {"limit": 50})
    sandbox.faults.add(Fault(endpoint="candidate.list", kind="empty_page", times=3))
    empty = await api.payload("candidate.list", {"limit": 50})
    assert empty["results"] == [] and empty["moreDataAvailable"] is True and empty["nextCursor"]
    results, token = await api.everything("candidate.list", {"limit": 50, "cursor": empty["nextCursor"]})
    assert results == expected and token
    pages = -(-len(expected) // 50)
    assert sandbox.calls["candidate.list"] == 2 * pages + 3  # two real passes, three empty pages


async def test_empty_page_fault_skips_unpaginated_endpoints(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="*", kind="empty_page"))
    assert await api.ok("apiKey.info")
    page = await api.payload("job.list")
    assert page["results"] == [] and page["moreDataAvailable"] is True


async def test_forever_faults_and_clear(api: Api, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(endpoint="source.list", kind="rate_limit", times=None))
    for _ in range(3):
        assert (await api.raw("source.list")).status_code == 429
    sandbox.faults.clear()
    assert (await api.raw("source.list")).status_code == 200


def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="kind"):
        Fault(endpoint="*", kind="explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Fault(endpoint="*", kind="rate_limit", times=0)
    with pytest.raises(ValueError):
        Fault.from_json({"endpoint": "*", "kind": "latency", "colour": "red"})


async def test_http_control_surface(api: Api, sandbox: Sandbox) -> None:
    response = await api.client.post(
        "/_sandbox/faults", json={"endpoint": "job.info", "kind": "rate_limit", "times": 1}
    )
    assert response.json()["results"]["kind"] == "rate_limit"
    (job,) = await api.ok("job.search", {"requisitionId": "REQ-1042"})
    assert (await api.raw("job.info", {"id": job["id"]})).status_code == 429
    stats = (await api.client.get("/_sandbox/stats")).json()["results"]
    assert stats["calls"]["job.info"] == 1 and stats["calls"]["job.search"] == 1
    bad = await api.client.post("/_sandbox/faults", json={"endpoint": "*", "kind": "nope"})
    assert bad.json()["errorInfo"]["code"] == "invalid_input"
    await api.client.post("/_sandbox/faults", json={"endpoint": "*", "kind": "latency", "times": None})
    cleared = await api.client.delete("/_sandbox/faults")
    assert cleared.json()["results"] == {"cleared": 1} and sandbox.faults.active == []
    _, token = await api.everything("user.list")
    await api.client.post("/_sandbox/sync-tokens/expire")
    assert (await api.error("user.list", {"syncToken": token}))["code"] == "sync_token_expired"


async def test_control_surface_needs_a_full_access_key() -> None:
    keys = [SandboxKey("full"), SandboxKey("reader", permissions=frozenset({"candidatesRead"}))]
    sandbox = Sandbox(candidates=20, keys=keys, now=NOW)
    async with running_sandbox(sandbox) as url, httpx.AsyncClient(base_url=url) as client:
        refused = await client.get("/_sandbox/stats", auth=("reader", ""))
        assert refused.status_code == 403 and refused.headers["x-ashby-request-id"]
        assert (await client.get("/_sandbox/stats")).status_code == 401
        assert (await client.get("/_sandbox/stats", auth=("full", ""))).status_code == 200
