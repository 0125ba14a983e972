"""application.changeStage really moves applications, and refuses what Ashby refuses."""

from __future__ import annotations

from ashby.sandbox import Sandbox
from tests.sandbox.support import Api

JANE = "jane.doe@example.com"


async def _template(api: Api, title: str) -> str:
    templates = await api.ok("communicationTemplate.list")
    template_id: str = next(t["id"] for t in templates if t["title"] == title)
    return template_id


async def _reason(api: Api, text: str) -> str:
    reasons = await api.ok("archiveReason.list")
    reason_id: str = next(r["id"] for r in reasons if r["text"] == text)
    return reason_id


async def test_advancing_moves_the_application_and_writes_history(api: Api, sandbox: Sandbox) -> None:
    jane = await api.application(JANE)
    target = await api.stage(jane, "Reference Check")
    moved = await api.ok("application.changeStage", {"applicationId": jane["id"], "interviewStageId": target["id"]})
    assert moved["currentInterviewStage"]["id"] == target["id"]
    assert moved["status"] == "Active"
    assert moved["updatedAt"] > jane["updatedAt"]
    assert sandbox.store.applications.rows[jane["id"]]["stageId"] == target["id"]

    history = (await api.ok("application.info", {"applicationId": jane["id"]}))["applicationHistory"]
    assert len(history) == len(jane["applicationHistory"]) + 1
    previous, latest = history[-2], history[-1]
    assert previous["title"] == "Onsite" and previous["leftStageAt"] == latest["enteredStageAt"]
    assert latest["stageId"] == target["id"] and "leftStageAt" not in latest
    assert [h["stageNumber"] for h in history] == list(range(len(history)))
    listed, _ = await api.everything("application.listHistory", {"applicationId": jane["id"], "limit": 2})
    assert listed == history


async def test_archiving_needs_a_reason_and_sets_archive_fields(api: Api) -> None:
    jane = await api.application(JANE)
    archived = await api.stage(jane, "Archived")
    body = {"applicationId": jane["id"], "interviewStageId": archived["id"]}
    info = await api.error("application.changeStage", body)
    assert info["code"] == "invalid_input" and "archiveReasonId" in info["message"]
    unknown = {**body, "archiveReasonId": "00000000-0000-4000-8000-000000000000"}
    assert (await api.error("application.changeStage", unknown))["code"] == "archive_reason_not_found"

    reason = await _reason(api, "Withdrew")
    email = {"communicationTemplateId": await _template(api, "Rejection – standard")}
    moved = await api.ok("application.changeStage", {**body, "archiveReasonId": reason, "archiveEmail": email})
    assert moved["status"] == "Archived"
    assert moved["archiveReason"]["text"] == "Withdrew"
    assert moved["archivedAt"].endswith("Z")

    active = await api.stage(jane, "Onsite")
    back = await api.ok("application.changeStage", {"applicationId": jane["id"], "interviewStageId": active["id"]})
    assert back["status"] == "Active" and back["archiveReason"] is None and "archivedAt" not in back


async def test_archive_email_template_must_exist_and_allow_email(api: Api) -> None:
    jane = await api.application(JANE)
    archived = await api.stage(jane, "Archived")
    body = {
        "applicationId": jane["id"],
        "interviewStageId": archived["id"],
        "archiveReasonId": await _reason(api, "Not a fit"),
    }
    missing = {"communicationTemplateId": "00000000-0000-4000-8000-000000000000"}
    info = await api.error("application.changeStage", {**body, "archiveEmail": missing})
    assert info["code"] == "communication_template_not_found"
    in_mail = {"communicationTemplateId": await _template(api, "LinkedIn outreach")}
    info = await api.error("application.changeStage", {**body, "archiveEmail": in_mail})
    assert info["code"] == "communication_template_not_allowed"
    assert (await api.application(JANE))["status"] == "Active"  # nothing moved


async def test_archive_fields_are_refused_for_other_stages(api: Api) -> None:
    jane = await api.application(JANE)
    target = await api.stage(jane, "Reference Check")
    body = {
        "applicationId": jane["id"],
        "interviewStageId": target["id"],
        "archiveReasonId": await _reason(api, "Not a fit"),
    }
    assert (await api.error("application.changeStage", body))["code"] == "invalid_input"


async def test_stage_must_belong_to_the_applications_plan(api: Api) -> None:
    jane = await api.application(JANE)
    other = await api.application("jon.smith@example.com")
    foreign = await api.stage(other, "Onsite")
    body = {"applicationId": jane["id"], "interviewStageId": foreign["id"]}
    assert (await api.error("application.changeStage", body))["code"] == "interview_stage_not_found"
    missing = {"applicationId": "00000000-0000-4000-8000-000000000000", "interviewStageId": foreign["id"]}
    assert (await api.error("application.changeStage", missing))["code"] == "application_not_found"
    assert (await api.error("application.changeStage", {"applicationId": jane["id"]}))["code"] == "invalid_input"


async def test_hiring_with_an_offer_awaiting_approval_is_refused(api: Api) -> None:
    elena = await api.application("elena.rossi@example.com")
    hired = await api.stage(elena, "Hired")
    info = await api.error("application.changeStage", {"applicationId": elena["id"], "interviewStageId": hired["id"]})
    assert info["code"] == "invalid_input"
    assert "offer approval is pending" in info["message"]


async def test_hiring_works_once_the_offer_is_approved(api: Api) -> None:
    elena = await api.application("elena.rossi@example.com")
    (offer,) = await api.ok("offer.list", {"applicationId": elena["id"]})
    await api.ok("offer.approve", {"offerVersionId": offer["latestVersion"]["id"]})
    hired = await api.stage(elena, "Hired")
    moved = await api.ok("application.changeStage", {"applicationId": elena["id"], "interviewStageId": hired["id"]})
    assert moved["status"] == "Hired"


async def test_transfer_and_source_changes(api: Api) -> None:
    jane = await api.application(JANE)
    (frontend,) = await api.ok("job.search", {"requisitionId": "REQ-1044"})
    stages = await api.ok("interviewStage.list", {"interviewPlanId": frontend["defaultInterviewPlanId"]})
    screen = next(s for s in stages if s["title"] == "Recruiter Screen")
    moved = await api.ok(
        "application.transfer",
        {
            "applicationId": jane["id"],
            "jobId": frontend["id"],
            "interviewPlanId": frontend["defaultInterviewPlanId"],
            "interviewStageId": screen["id"],
        },
    )
    assert (moved["job"]["id"], moved["currentInterviewStage"]["id"]) == (frontend["id"], screen["id"])
    sources = await api.ok("source.list")
    linkedin = next(s for s in sources if s["title"] == "LinkedIn")
    changed = await api.ok("application.changeSource", {"applicationId": jane["id"], "sourceId": linkedin["id"]})
    assert changed["source"]["title"] == "LinkedIn"
    cleared = await api.ok("application.changeSource", {"applicationId": jane["id"], "sourceId": None})
    assert cleared["source"] is None
    assert (await api.error("application.changeSource", {"applicationId": jane["id"]}))["code"] == "invalid_input"


async def test_application_create_starts_in_the_lead_stage(api: Api) -> None:
    candidate = await api.ok("candidate.create", {"name": "Nova Tester", "email": "nova@example.com"})
    (job,) = await api.ok("job.search", {"requisitionId": "REQ-1045"})
    application = await api.ok("application.create", {"candidateId": candidate["id"], "jobId": job["id"]})
    assert (application["status"], application["currentInterviewStage"]["title"]) == ("Lead", "New Lead")
    again = await api.error("application.create", {"candidateId": candidate["id"], "jobId": job["id"]})
    assert again["code"] == "invalid_input"
    (designer,) = await api.ok("job.search", {"requisitionId": "REQ-1043"})
    screened = await api.ok(
        "application.create",
        {
            "candidateId": candidate["id"],
            "jobId": designer["id"],
            "interviewStageId": "FirstPreInterviewScreen",
        },
    )
    assert (screened["status"], screened["currentInterviewStage"]["title"]) == (
        "Active",
        "Application Review",
    )
    refreshed = await api.ok("candidate.info", {"id": candidate["id"]})
    assert refreshed["applicationIds"] == [application["id"], screened["id"]]
    (draft,) = await api.ok("job.search", {"requisitionId": "REQ-1070"})
    info = await api.error("application.create", {"candidateId": candidate["id"], "jobId": draft["id"]})
    assert info["code"] == "invalid_input"
