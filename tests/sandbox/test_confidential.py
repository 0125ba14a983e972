"""Keys without confidential access do not see confidential jobs or what hangs off them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from ashby.sandbox import Sandbox, SandboxKey, running_sandbox
from tests.sandbox.support import NOW, Api

VICTORIA = "victoria.chen@example.com"


@pytest.fixture
async def both() -> AsyncIterator[tuple[Api, Api]]:
    """A full key and a key with every permission but no confidential access, on one sandbox."""
    keys = [SandboxKey("full"), SandboxKey("plain", allow_confidential=False)]
    sandbox = Sandbox(candidates=120, keys=keys, now=NOW)
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("full", "")) as full,
        httpx.AsyncClient(base_url=url, auth=("plain", "")) as plain,
    ):
        yield Api(full), Api(plain)


async def test_confidential_job_is_hidden(both: tuple[Api, Api]) -> None:
    full, plain = both
    (job,) = await full.ok("job.search", {"requisitionId": "REQ-1099"})
    assert job["confidential"] is True and job["title"] == "VP of Finance"
    assert await plain.ok("job.search", {"requisitionId": "REQ-1099"}) == []
    assert (await plain.error("job.info", {"id": job["id"]}))["code"] == "job_not_found"
    listed, _ = await plain.everything("job.list")
    assert job["id"] not in {j["id"] for j in listed}
    plans, _ = await plain.everything("interviewPlan.list")
    assert job["defaultInterviewPlanId"] not in {p["id"] for p in plans}
    info = await plain.error("interviewStage.list", {"interviewPlanId": job["defaultInterviewPlanId"]})
    assert info["code"] == "interview_plan_not_found"


async def test_candidate_only_on_confidential_job_is_hidden(both: tuple[Api, Api]) -> None:
    full, plain = both
    victoria = await full.candidate(VICTORIA)
    (application_id,) = victoria["applicationIds"]
    assert await plain.ok("candidate.search", {"email": VICTORIA}) == []
    assert await plain.ok("candidate.search", {"name": "Victoria Chen"}) == []
    assert (await plain.error("candidate.info", {"id": victoria["id"]}))["code"] == "candidate_not_found"
    info = await plain.error("application.info", {"applicationId": application_id})
    assert info["code"] == "application_not_found"

    candidates, _ = await plain.everything("candidate.list")
    assert victoria["id"] not in {c["id"] for c in candidates}
    applications, _ = await plain.everything("application.list")
    assert application_id not in {a["id"] for a in applications}
    schedules, _ = await plain.everything("interviewSchedule.list")
    assert application_id not in {s["applicationId"] for s in schedules}
    all_schedules, _ = await full.everything("interviewSchedule.list")
    assert application_id in {s["applicationId"] for s in all_schedules}


async def test_confidential_data_is_refused_for_writes_too(both: tuple[Api, Api]) -> None:
    full, plain = both
    victoria = await full.application(VICTORIA)
    archived = await full.stage(victoria, "Reference Check")
    body = {"applicationId": victoria["id"], "interviewStageId": archived["id"]}
    assert (await plain.error("application.changeStage", body))["code"] == "application_not_found"
    note = {"candidateId": victoria["candidate"]["id"], "note": "hello"}
    assert (await plain.error("candidate.createNote", note))["code"] == "candidate_not_found"
