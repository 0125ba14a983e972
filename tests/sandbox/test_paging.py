"""Cursor pagination and incremental sync."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from ashby.sandbox import Sandbox, running_sandbox
from tests.sandbox.support import NOW, Api


async def _api(sandbox: Sandbox) -> AsyncIterator[Api]:
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("sandbox", ""), timeout=10) as client,
    ):
        yield Api(client)


@pytest.fixture
async def strict() -> AsyncIterator[Api]:
    """Tiny limits so the edge cases are cheap to reach."""
    sandbox = Sandbox(candidates=60, now=NOW, max_incremental_pages=2, sync_token_ttl=timedelta(seconds=30))
    async for api in _api(sandbox):
        yield api


async def test_a_full_pass_covers_every_record_exactly_once(api: Api, sandbox: Sandbox) -> None:
    results, token = await api.everything("candidate.list", {"limit": 37})
    ids = [c["id"] for c in results]
    assert len(ids) == len(set(ids)) == len(sandbox.store.candidates)
    assert token
    applications, _ = await api.everything("application.list", {"limit": 100})
    assert len(applications) == len(sandbox.store.applications)
    hired, _ = await api.everything("application.list", {"status": "Hired", "limit": 7})
    assert hired and all(a["status"] == "Hired" for a in hired)
    assert len(hired) == sum(a["status"] == "Hired" for a in sandbox.store.applications)


async def test_limits(api: Api) -> None:
    page = await api.payload("candidate.list", {"limit": 1000})
    assert len(page["results"]) == 100 and page["moreDataAvailable"] is True  # clamped to the maximum
    assert (await api.error("candidate.list", {"limit": 0}))["code"] == "invalid_input"


async def test_bad_cursors_are_refused(api: Api) -> None:
    first = await api.payload("candidate.list", {"limit": 5})
    cursor = first["nextCursor"]
    for bad in ("garbage!", "eyJmb28iOiAxfQ", cursor[:-3]):
        assert (await api.error("candidate.list", {"cursor": bad}))["code"] == "invalid_next_cursor"
    assert (await api.error("application.list", {"cursor": cursor}))["code"] == "invalid_next_cursor"
    changed_filter = {"cursor": cursor, "createdAfter": 0}
    assert (await api.error("candidate.list", changed_filter))["code"] == "invalid_next_cursor"
    second = await api.payload("candidate.list", {"cursor": cursor, "limit": 5})
    assert {c["id"] for c in second["results"]}.isdisjoint(c["id"] for c in first["results"])


async def test_incremental_sync_returns_only_changed_records(api: Api) -> None:
    _, token = await api.everything("candidate.list")
    assert (await api.payload("candidate.list", {"syncToken": token}))["results"] == []

    jane = await api.candidate("jane.doe@example.com")
    jon = await api.candidate("jon.smith@example.com")
    await api.ok("candidate.update", {"candidateId": jane["id"], "name": "Jane Q. Doe"})
    tag = await api.ok("candidateTag.create", {"title": "Synced"})
    await api.ok("candidate.addTag", {"candidateId": jon["id"], "tagId": tag["id"]})
    changed, next_token = await api.everything("candidate.list", {"syncToken": token, "limit": 1})
    assert [c["name"] for c in changed] == ["Jane Q. Doe", "Jon Smith"]
    assert next_token and next_token != token
    again, _ = await api.everything("candidate.list", {"syncToken": next_token})
    assert again == []


async def test_stage_changes_show_up_in_application_sync(api: Api) -> None:
    _, token = await api.everything("application.list")
    jane = await api.application("jane.doe@example.com")
    target = await api.stage(jane, "Reference Check")
    await api.ok("application.changeStage", {"applicationId": jane["id"], "interviewStageId": target["id"]})
    changed, _ = await api.everything("application.list", {"syncToken": token})
    assert [(a["id"], a["currentInterviewStage"]["title"]) for a in changed] == [(jane["id"], "Reference Check")]


async def test_sync_token_errors(strict: Api) -> None:
    api = strict
    info = await api.error("candidate.list", {"syncToken": "not-a-token"})
    assert info["code"] == "sync_token_invalid"
    _, job_token = await api.everything("job.list")
    assert (await api.error("candidate.list", {"syncToken": job_token}))["code"] == "sync_token_invalid"
    _, token = await api.everything("candidate.list")
    assert (await api.payload("candidate.list", {"syncToken": token}))["success"] is True


async def test_expired_tokens(api: Api, sandbox: Sandbox) -> None:
    _, token = await api.everything("user.list")
    sandbox.expire_sync_tokens()
    info = await api.error("user.list", {"syncToken": token})
    assert info["code"] == "sync_token_expired"
    assert "full sync" in info["message"]
    _, fresh = await api.everything("user.list")
    assert (await api.payload("user.list", {"syncToken": fresh}))["success"] is True


async def test_tokens_expire_after_the_ttl() -> None:
    sandbox = Sandbox(candidates=20, now=NOW, sync_token_ttl=timedelta(milliseconds=50))
    async for api in _api(sandbox):
        _, token = await api.everything("department.list")
        await asyncio.sleep(0.1)
        assert (await api.error("department.list", {"syncToken": token}))["code"] == "sync_token_expired"


async def test_too_many_changes_for_an_incremental_sync(strict: Api) -> None:
    api = strict
    _, token = await api.everything("candidate.list")
    for n in range(5):
        await api.ok("candidate.create", {"name": f"Bulk Person {n}"})
    info = await api.error("candidate.list", {"syncToken": token, "limit": 2})
    assert info["code"] == "incremental_sync_too_large"
    changed, _ = await api.everything("candidate.list", {"syncToken": token, "limit": 100})
    assert len(changed) == 5


async def test_cursor_and_sync_token_travel_together(api: Api) -> None:
    _, token = await api.everything("candidate.list")
    for n in range(3):
        await api.ok("candidate.create", {"name": f"New Person {n}"})
    first = await api.payload("candidate.list", {"syncToken": token, "limit": 2})
    assert first["moreDataAvailable"] is True and "syncToken" not in first
    _, other = await api.everything("candidate.list")
    mismatched = {"syncToken": other, "cursor": first["nextCursor"]}
    assert (await api.error("candidate.list", mismatched))["code"] == "invalid_next_cursor"
    rest = await api.payload("candidate.list", {"syncToken": token, "cursor": first["nextCursor"], "limit": 2})
    names = [c["name"] for c in first["results"] + rest["results"]]
    assert names == ["New Person 0", "New Person 1", "New Person 2"]
    assert rest["moreDataAvailable"] is False and rest["syncToken"]


async def test_created_after_filter(api: Api, sandbox: Sandbox) -> None:
    cutoff = sorted(c["createdAt"] for c in sandbox.store.candidates)[-10]
    recent, _ = await api.everything("candidate.list", {"createdAfter": cutoff})
    assert len(recent) == 9


async def test_non_incremental_lists_issue_no_sync_token(api: Api) -> None:
    jane = await api.application("jane.doe@example.com")
    page = await api.payload("application.listHistory", {"applicationId": jane["id"]})
    assert page["moreDataAvailable"] is False and "syncToken" not in page
    fields = await api.payload("customField.list")
    assert "syncToken" not in fields and fields["results"]
