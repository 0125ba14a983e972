"""The Ashby client against the sandbox Ashby over real loopback HTTP: auth, permissions, every error
path, retries with injected faults, pagination across empty pages, and incremental sync."""

import pytest

from ashby.client import AshbyClient
from ashby.errors import (
    AshbyAPIError,
    AshbyAuthError,
    AshbyNotFoundError,
    AshbyRateLimitError,
    AshbyResponseError,
    AshbyServerError,
    AshbyTimeout,
    AshbyTransportError,
)
from ashby.pagination import Sync
from ashby.registry import endpoints
from ashby.retry import RetryPolicy
from ashby.sandbox import Fault, Sandbox, SandboxKey, running_sandbox
from tests.fixtures.sandbox import FAST_RETRY

NO_RETRY = RetryPolicy(attempts=1)


async def test_search_answers_like_ashby(ashby: AshbyClient) -> None:
    found = await ashby.candidate_search(name="alex")
    assert {"alex.kim@example.com", "alex.kim.design@example.com"} <= {
        c.primary_email_address.value for c in found if c.primary_email_address
    }
    jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
    card = await ashby.candidate_info(jane.id)
    assert card.name == "Jane Doe" and card.application_ids


async def test_every_documented_endpoint_is_callable(ashby: AshbyClient, sandbox: Sandbox) -> None:
    """All 160 endpoints reach the server through the client; unmodelled ones say so, never fake success."""
    for name in endpoints():
        try:
            await ashby.call(name, {})
        except AshbyAPIError as exc:
            assert exc.code != "endpoint_not_found", name
    assert set(sandbox.calls) == set(endpoints())


async def test_missing_key_is_401_and_unknown_key_is_403(sandbox_url: str) -> None:
    async with AshbyClient("not-a-key", base_url=sandbox_url, retry=NO_RETRY) as client:
        with pytest.raises(AshbyAuthError) as caught:
            await client.api_key_info()
    assert caught.value.status == 403 and caught.value.permission is None
    import httpx

    async with httpx.AsyncClient() as raw:
        response = await raw.post(f"{sandbox_url}/apiKey.info", json={})
    assert response.status_code == 401 and response.json()["success"] is False


async def test_missing_permission_names_it() -> None:
    narrow = SandboxKey("reader", permissions=frozenset({"candidatesRead"}))
    sandbox = Sandbox(seed=7, candidates=50, keys=[narrow])
    async with running_sandbox(sandbox) as url, AshbyClient("reader", base_url=url, retry=FAST_RETRY) as client:
        assert await client.candidate_search(name="jane")
        with pytest.raises(AshbyAuthError) as caught:
            await client.offers()
    assert caught.value.code == "missing_endpoint_permission"
    assert caught.value.permission == "offersRead"
    assert caught.value.request_id


async def test_logical_errors_carry_code_message_and_request_id(ashby: AshbyClient) -> None:
    with pytest.raises(AshbyNotFoundError) as caught:
        await ashby.application_info("00000000-0000-4000-8000-000000000000")
    assert caught.value.code == "application_not_found" and caught.value.request_id
    with pytest.raises(AshbyAPIError) as invalid:
        await ashby.call("candidate.info", {})
    assert invalid.value.code == "invalid_input"


async def test_change_stage_error_codes(ashby: AshbyClient) -> None:
    jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
    app = await ashby.application_info(jane.application_ids[0])
    plan = app.current_interview_stage.interview_plan_id
    stages = await ashby.interview_stages(plan)
    archived = next(s for s in stages if s.type == "Archived")
    with pytest.raises(AshbyAPIError) as no_reason:
        await ashby.application_change_stage(app.id, archived.id)
    assert no_reason.value.code == "invalid_input"
    other_plan = next(
        job.default_interview_plan_id
        for job in await ashby.jobs()
        if job.default_interview_plan_id and job.default_interview_plan_id != plan
    )
    other_plan_stage = (await ashby.interview_stages(other_plan))[0]
    with pytest.raises(AshbyAPIError) as wrong_plan:
        await ashby.application_change_stage(app.id, other_plan_stage.id)
    assert wrong_plan.value.code == "interview_stage_not_found"


async def test_reads_retry_through_5xx_and_429(ashby: AshbyClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault("source.list", "server_error", times=2))
    assert await ashby.sources()
    assert sandbox.calls["source.list"] == 3
    sandbox.faults.add(Fault("archiveReason.list", "rate_limit", times=1, retry_after=0.05))
    assert await ashby.archive_reasons()
    assert sandbox.calls["archiveReason.list"] == 2


async def test_retries_stop_at_the_attempt_limit(ashby: AshbyClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault("source.list", "server_error", times=None, status=503))
    with pytest.raises(AshbyServerError) as caught:
        await ashby.sources()
    assert caught.value.status == 503
    assert sandbox.calls["source.list"] == FAST_RETRY.attempts


async def test_a_long_retry_after_is_raised_with_the_wait(ashby: AshbyClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault("source.list", "rate_limit", times=None, retry_after=30))
    with pytest.raises(AshbyRateLimitError) as caught:
        await ashby.sources()
    assert caught.value.retry_after == 30 and sandbox.calls["source.list"] == 1


async def test_timeouts_and_malformed_bodies(sandbox: Sandbox, sandbox_url: str) -> None:
    sandbox.faults.add(Fault("source.list", "timeout", times=None))
    async with AshbyClient("sandbox", base_url=sandbox_url, retry=FAST_RETRY, timeout=0.2) as client:
        with pytest.raises(AshbyTimeout) as caught:
            await client.sources()
        assert caught.value.reached_server
        sandbox.faults.clear()
        sandbox.faults.add(Fault("archiveReason.list", "malformed", times=1))
        assert await client.archive_reasons()  # a read retries past one garbled answer
        sandbox.faults.add(Fault("archiveReason.list", "malformed", times=None))
        with pytest.raises(AshbyResponseError):
            await client.archive_reasons()


async def test_a_write_is_not_retried_on_a_server_error(ashby: AshbyClient, sandbox: Sandbox) -> None:
    jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
    before = await ashby.candidate_notes(jane.id)
    sandbox.faults.add(Fault("candidate.createNote", "server_error", times=1))
    with pytest.raises(AshbyServerError):
        await ashby.candidate_create_note(jane.id, "Strong systems design")
    assert sandbox.calls["candidate.createNote"] == 1
    assert await ashby.candidate_notes(jane.id) == before


async def test_a_write_is_retried_after_a_429(ashby: AshbyClient, sandbox: Sandbox) -> None:
    jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
    before = {n.id for n in await ashby.candidate_notes(jane.id)}
    sandbox.faults.add(Fault("candidate.createNote", "rate_limit", times=1, retry_after=0.01))
    note = await ashby.candidate_create_note(jane.id, "Strong systems design")
    added = {n.id for n in await ashby.candidate_notes(jane.id)} - before
    assert note.value is not None and added == {note.value.id} and sandbox.calls["candidate.createNote"] == 2


async def test_connection_refused_is_a_transport_error_that_never_reached_ashby() -> None:
    async with AshbyClient("sandbox", base_url="http://127.0.0.1:9", retry=NO_RETRY) as client:
        with pytest.raises(AshbyTransportError) as caught:
            await client.sources()
    assert not caught.value.reached_server


async def test_pagination_covers_everything_once_across_empty_pages(ashby: AshbyClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault("candidate.list", "empty_page", times=3))
    ids = [c["id"] async for c in ashby.paginate("candidate.list")]
    assert len(ids) == len(set(ids)) == len(sandbox.store.candidates)
    assert sandbox.calls["candidate.list"] >= len(ids) // 100 + 3


async def test_incremental_sync_resumes_and_falls_back(ashby: AshbyClient, sandbox: Sandbox) -> None:
    sync = Sync("candidate.list")
    first = [item async for batch in ashby.sync(sync) for item in batch.items]
    assert sync.token and sync.full_passes == 1 and len(first) == len(sandbox.store.candidates)

    jane = (await ashby.candidate_search(email="jane.doe@example.com"))[0]
    await ashby.candidate_update(jane.id, position="Staff Engineer")
    batches = [batch async for batch in ashby.sync(sync)]
    assert not any(b.full for b in batches)
    assert [item["id"] for b in batches for item in b.items] == [jane.id]

    sandbox.expire_sync_tokens()
    batches = [batch async for batch in ashby.sync(sync)]
    assert batches[0].starts_pass and all(b.full for b in batches) and sync.full_passes == 2

    sync.token = "not-a-token"
    batches = [batch async for batch in ashby.sync(sync)]
    assert batches[0].starts_pass and sync.full_passes == 3 and sync.token != "not-a-token"


async def test_incremental_sync_too_large_falls_back_to_a_full_pass() -> None:
    sandbox = Sandbox(seed=7, candidates=300, max_incremental_pages=1)
    async with running_sandbox(sandbox) as url, AshbyClient("sandbox", base_url=url, retry=FAST_RETRY) as client:
        sync = Sync("candidate.list")
        async for _ in client.sync(sync):
            pass
        for candidate in list(sandbox.store.candidates)[:150]:
            await client.candidate_update(candidate["id"], company="Acme")
        batches = [batch async for batch in client.sync(sync)]
    assert batches[0].starts_pass and sync.full_passes == 2


async def test_concurrent_requests_are_capped(sandbox: Sandbox, sandbox_url: str) -> None:
    import asyncio

    sandbox.faults.add(Fault("*", "latency", times=None, latency_ms=50))
    async with AshbyClient("sandbox", base_url=sandbox_url, max_concurrency=2) as client:
        started = asyncio.get_running_loop().time()
        await asyncio.gather(*(client.sources() for _ in range(6)))
        elapsed = asyncio.get_running_loop().time() - started
    assert elapsed >= 0.14  # three waves of two
