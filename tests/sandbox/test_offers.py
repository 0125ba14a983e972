"""Offer approvals advance step by step and move the offer along."""

from __future__ import annotations

from typing import Any

from tests.sandbox.support import Api


async def _elena_offer(api: Api) -> dict[str, Any]:
    elena = await api.application("elena.rossi@example.com")
    (offer,) = await api.ok("offer.list", {"applicationId": elena["id"]})
    result: dict[str, Any] = offer
    return result


async def test_approving_the_current_step_completes_the_offer(api: Api) -> None:
    offer = await _elena_offer(api)
    version_id = offer["latestVersion"]["id"]
    (approval,) = await api.ok("approval.list", {"entityType": "offer", "entityId": version_id})
    first, second = approval["steps"]
    morgan = await api.user_id("morgan.lee@acme.example")
    dana = await api.user_id("dana.whitfield@acme.example")

    wrong_step = {"offerVersionId": version_id, "approvalStepId": first["id"], "userId": dana}
    assert (await api.error("offer.approve", wrong_step))["code"] == "invalid_input"
    not_approver = {"offerVersionId": version_id, "approvalStepId": second["id"], "userId": dana}
    assert (await api.error("offer.approve", not_approver))["code"] == "invalid_input"
    half = {"offerVersionId": version_id, "approvalStepId": second["id"]}
    assert (await api.error("offer.approve", half))["code"] == "invalid_input"

    result = await api.ok("offer.approve", {**half, "userId": morgan})
    assert result["latestVersion"]["approvalStatus"] == "Approved"
    assert result["offerStatus"] == "WaitingOnCandidateResponse"
    assert "formDefinition" in result and len(result["versions"]) == 1
    (approval,) = await api.ok("approval.list", {"entityId": version_id})
    assert "completedAt" in approval and all("completedAt" in step for step in approval["steps"])
    decisions = {a["userId"]: a["decision"] for a in approval["steps"][1]["approvers"]}
    assert decisions[morgan] == "approve"
    info = await api.ok("offer.info", {"offerId": offer["id"], "excludeFormDefinition": True})
    assert info["offerStatus"] == "WaitingOnCandidateResponse" and "formDefinition" not in info
    again = await api.error("offer.approve", {"offerVersionId": version_id})
    assert again["code"] == "invalid_input"


async def test_multi_approver_step_waits_for_enough_approvals(api: Api) -> None:
    offers, _ = await api.everything("offer.list", {"offerStatus": ["WaitingOnApprovalStart"]})
    assert offers, "the crowd should include offers whose approval has not started"
    offer = offers[0]
    version_id = offer["latestVersion"]["id"]
    assert await api.ok("approval.list", {"entityId": version_id}) == []
    started = await api.ok("offer.startApprovalProcess", {"offerVersionId": version_id})
    assert started["offerStatus"] == "WaitingOnOfferApproval"
    assert started["latestVersion"]["approvalStatus"] == "WaitingOnApprovals"
    (approval,) = await api.ok("approval.list", {"entityId": version_id})
    first = approval["steps"][0]
    approver = first["approvers"][0]["userId"]
    step_one = {"offerVersionId": version_id, "approvalStepId": first["id"], "userId": approver}
    after_one = await api.ok("offer.approve", step_one)
    assert after_one["offerStatus"] == "WaitingOnOfferApproval"  # the second step is still pending
    (approval,) = await api.ok("approval.list", {"entityId": version_id})
    assert "completedAt" in approval["steps"][0] and "completedAt" not in approval["steps"][1]
    assert all("requestedAt" in a for a in approval["steps"][1]["approvers"])
    assert (await api.error("offer.startApprovalProcess", {"offerVersionId": version_id}))["code"] == "invalid_input"


async def test_offer_list_filters(api: Api) -> None:
    everything, _ = await api.everything("offer.list")
    accepted, _ = await api.everything("offer.list", {"acceptanceStatus": ["Accepted"]})
    approved, _ = await api.everything("offer.list", {"approvalStatus": ["Approved"]})
    assert accepted and all(o["acceptanceStatus"] == "Accepted" for o in accepted)
    assert all(o["latestVersion"]["approvalStatus"] == "Approved" for o in approved)
    assert len(accepted) < len(approved) < len(everything)
    assert all("versions" not in o for o in everything)
    info = await api.error("offer.list", {"offerStatus": ["Nope"]})
    assert info["code"] == "invalid_input" and "offerStatus" in info["message"]
