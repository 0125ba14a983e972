"""Interview schedules and feedback are really written."""

from __future__ import annotations

from typing import Any

import httpx

from ashby.sandbox import Sandbox, SandboxKey, running_sandbox
from tests.sandbox.support import NOW, Api

TOMAS = "tomas.herrera@acme.example"
DANA = "dana.whitfield@acme.example"


def _event(start: str, end: str, *emails: str, **extra: Any) -> dict[str, Any]:
    return {"startTime": start, "endTime": end, "interviewers": [{"email": e} for e in emails], **extra}


async def test_schedule_create_update_cancel(api: Api) -> None:
    alex = await api.application("alex.kim.design@example.com")
    created = await api.ok(
        "interviewSchedule.create",
        {
            "applicationId": alex["id"],
            "interviewEvents": [_event("2026-03-11T15:00:00Z", "2026-03-11T15:30:00Z", TOMAS)],
        },
    )
    assert created["status"] == "Scheduled"
    assert created["interviewStageId"] == alex["currentInterviewStage"]["id"]
    assert created["scheduledBy"]["email"] == "morgan.lee@acme.example"
    (event,) = created["interviewEvents"]
    assert event["startTime"] == "2026-03-11T15:00:00.000Z"
    assert event["feedbackLink"] == f"https://app.ashbyhq.com/interview-briefings/{event['id']}/feedback"
    assert [i["email"] for i in event["interviewers"]] == [TOMAS]

    moved = _event("2026-03-12T10:00:00Z", "2026-03-12T11:00:00Z", TOMAS, DANA, interviewEventId=event["id"])
    added = _event("2026-03-13T10:00:00Z", "2026-03-13T10:30:00Z", DANA)
    updated = await api.ok(
        "interviewSchedule.update", {"interviewScheduleId": created["id"], "interviewEvent": [moved, added]}
    )
    assert [e["startTime"][:10] for e in updated["interviewEvents"]] == ["2026-03-12", "2026-03-13"]
    assert len(updated["interviewEvents"][0]["interviewers"]) == 2

    cancel_one = {"interviewScheduleId": created["id"], "interviewEventIdToCancel": event["id"]}
    after_cancel = await api.ok("interviewSchedule.update", cancel_one)
    assert [e["startTime"][:10] for e in after_cancel["interviewEvents"]] == ["2026-03-13"]
    events, _ = await api.everything(
        "interviewEvent.list", {"interviewScheduleId": created["id"], "expand": ["interview"]}
    )
    assert len(events) == 1 and events[0]["interview"]["title"] == "Recruiter Screen"

    cancelled = await api.ok("interviewSchedule.cancel", {"id": created["id"]})
    assert cancelled["status"] == "Cancelled" and cancelled["interviewEvents"] == []
    listed = await api.ok("interviewSchedule.list", {"applicationId": alex["id"]})
    assert [s["status"] for s in listed] == ["Cancelled"]


async def test_schedule_validation(api: Api) -> None:
    alex = await api.application("alex.kim.design@example.com")
    backwards = _event("2026-03-11T15:00:00Z", "2026-03-11T14:00:00Z", TOMAS)
    info = await api.error("interviewSchedule.create", {"applicationId": alex["id"], "interviewEvents": [backwards]})
    assert info["code"] == "invalid_input" and "endTime" in info["message"]
    stranger = _event("2026-03-11T15:00:00Z", "2026-03-11T16:00:00Z", "nobody@acme.example")
    info = await api.error("interviewSchedule.create", {"applicationId": alex["id"], "interviewEvents": [stranger]})
    assert "nobody@acme.example" in info["message"]
    disabled = _event("2026-03-11T15:00:00Z", "2026-03-11T16:00:00Z", "casey.former@acme.example")
    info = await api.error("interviewSchedule.create", {"applicationId": alex["id"], "interviewEvents": [disabled]})
    assert info["code"] == "invalid_input"
    info = await api.error("interviewSchedule.create", {"applicationId": alex["id"], "interviewEvents": []})
    assert "interviewEvents" in info["message"]


async def test_only_the_creating_key_may_update_a_schedule(api: Api) -> None:
    jane = await api.application("jane.doe@example.com")
    (seeded, *_) = await api.ok("interviewSchedule.list", {"applicationId": jane["id"]})
    body = {
        "interviewScheduleId": seeded["id"],
        "interviewEventIdToCancel": seeded["interviewEvents"][0]["id"],
    }
    info = await api.error("interviewSchedule.update", body)
    assert info["code"] == "invalid_input" and "API key" in info["message"]


async def test_submitting_feedback_flips_the_event(api: Api, sandbox: Sandbox) -> None:
    jane = await api.application("jane.doe@example.com")
    schedules = await api.ok("interviewSchedule.list", {"applicationId": jane["id"]})
    onsite = next(s for s in schedules if s["interviewStageId"] == jane["currentInterviewStage"]["id"])
    (event,) = onsite["interviewEvents"]
    forms, _ = await api.everything("feedbackFormDefinition.list")
    scorecard = next(f for f in forms if f["isDefaultForm"])
    dana = await api.user_id(DANA)
    submission = {
        "formDefinitionId": scorecard["id"],
        "applicationId": jane["id"],
        "userId": dana,
        "interviewEventId": event["id"],
        "feedbackForm": {
            "fieldSubmissions": [
                {"path": "overall_recommendation", "value": {"score": 4}},
                {"path": "technical_skills", "value": {"score": 3}},
                {"path": "notes", "value": {"type": "PlainText", "value": "Hire."}},
            ]
        },
    }
    result = await api.ok("applicationFeedback.submit", submission)
    assert result["submittedFormInstance"]["submittedValues"]["overall_recommendation"] == {"score": 4}
    briefing = await api.ok("interviewBriefing.info", {"interviewEventId": event["id"]})
    assert all(i["hasSubmittedFeedback"] for i in briefing["interviewers"])
    feedback = await api.ok("applicationFeedback.list", {"applicationId": jane["id"]})
    mine = [f for f in feedback if f["submittedByUser"]["id"] == dana]
    assert len(mine) == 1 and mine[0]["interviewEventId"] == event["id"]

    bad_score = dict(submission, feedbackForm={"fieldSubmissions": [{"path": "overall_recommendation", "value": 7}]})
    assert (await api.error("applicationFeedback.submit", bad_score))["code"] == "invalid_input"
    missing = dict(submission, feedbackForm={"fieldSubmissions": [{"path": "technical_skills", "value": {"score": 2}}]})
    info = await api.error("applicationFeedback.submit", missing)
    assert "overall_recommendation" in info["message"]
    outsider = dict(submission, userId=await api.user_id("sam.okafor@acme.example"))
    assert (await api.error("applicationFeedback.submit", outsider))["code"] == "invalid_input"


async def test_interview_definitions_and_plans(api: Api) -> None:
    shared, _ = await api.everything("interview.list")
    everything, _ = await api.everything(
        "interview.list", {"includeNonSharedInterviews": True, "includeArchived": True}
    )
    assert all("jobId" not in i for i in shared)
    assert len(everything) > len(shared)
    (backend,) = await api.ok("job.search", {"requisitionId": "REQ-1042"})
    plan = await api.ok("jobInterviewPlan.info", {"jobId": backend["id"]})
    onsite = next(s for s in plan["stages"] if s["title"] == "Onsite")
    (activity,) = onsite["activities"]
    interview = await api.ok("interview.info", {"id": activity["interviews"][0]["interviewId"]})
    assert interview["jobId"] == backend["id"] and interview["title"] == "Onsite"
    groups = await api.ok("interviewStageGroup.list")
    assert [g["stageType"] for g in groups] == [
        "Lead",
        "PreInterviewScreen",
        "Active",
        "Offer",
        "Hired",
        "Archived",
    ]
    stage = await api.ok("interviewStage.info", {"interviewStageId": onsite["id"]})
    assert stage["interviewPlanId"] == backend["defaultInterviewPlanId"]


async def test_metadata_lists(api: Api) -> None:
    reasons = await api.ok("archiveReason.list")
    assert {r["reasonType"] for r in reasons} == {"RejectedByOrg", "RejectedByCandidate", "Other"}
    assert len(await api.ok("archiveReason.list", {"includeArchived": True})) == len(reasons) + 1
    sources = await api.payload("source.list")
    assert sources["moreDataAvailable"] is False and {"LinkedIn", "Referral"} <= {
        s["title"] for s in sources["results"]
    }
    assert await api.ok("hiringTeamRole.list") == ["Hiring Manager", "Recruiter", "Coordinator", "Sourcer"]
    roles = await api.ok("hiringTeamRole.list", {"namesOnly": False})
    assert roles[0].keys() == {"id", "title"}
    assert [r["title"] for r in await api.ok("applicationHiringTeamRole.list")] == [r["title"] for r in roles]
    departments, _ = await api.everything("department.list")
    names = {d["name"] for d in departments}
    assert {"Engineering", "Design", "Sales", "Customer Success", "Finance", "Marketing", "Data"} <= names
    locations, _ = await api.everything("location.list")
    remote = next(loc for loc in locations if loc["name"] == "Remote")
    assert remote["workplaceType"] == "Remote"
    assert (await api.ok("location.info", {"locationId": remote["id"]}))["name"] == "Remote"
    engineering = next(d for d in departments if d["name"] == "Engineering")
    assert (await api.ok("department.info", {"departmentId": engineering["id"]}))["name"] == "Engineering"
    templates = await api.ok("communicationTemplate.list")
    assert {"email"} == set(next(t for t in templates if t["title"] == "Rejection – standard")["intendedTypes"])


async def test_write_permissions_are_checked_per_endpoint() -> None:
    reader = SandboxKey("reader", permissions=frozenset({"interviewsRead", "candidatesRead"}))
    sandbox = Sandbox(candidates=20, keys=[reader, SandboxKey("sandbox")], now=NOW)
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("reader", "")) as client,
    ):
        info = await Api(client).error("interviewSchedule.create", {}, status=403)
    assert info["meta"] == {"permission": "interviewsWrite"}
