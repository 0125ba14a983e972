"""Offer approval chains: how one is built (seeding and ``offer.startApprovalProcess``) and decided."""

from __future__ import annotations

from collections.abc import Callable

from ashby.sandbox.tables import Row, Tables


def approver_chain(store: Tables, job: Row) -> list[tuple[list[str], int]]:
    """The org's offer approval definition: the job's hiring manager, then one of the two admins."""
    manager = next((uid for uid, role in job["hiringTeam"] if role == "Hiring Manager"), store.actor_user_id)
    return [([manager], 1), (list(store.offer_final_approvers), 1)]


def build_approval(
    store: Tables, new_id: Callable[[], str], offer: Row, version: Row, job: Row, submitted_at: int
) -> Row:
    """A submitted approval for ``version`` with every approver pending, the first step requested."""
    steps = []
    for index, (user_ids, required) in enumerate(approver_chain(store, job)):
        approvers = [
            {
                "id": new_id(),
                "userId": user_id,
                "decision": "pending",
                "decidedAt": None,
                "requestedAt": submitted_at if index == 0 else None,
            }
            for user_id in user_ids
        ]
        steps.append({"id": new_id(), "approvalsRequired": required, "completedAt": None, "approvers": approvers})
    return {
        "id": new_id(),
        "approvalDefinitionId": store.offer_approval_definition_id,
        "entityId": version["id"],
        "entityType": "offer",
        "offerId": offer["id"],
        "createdAt": submitted_at,
        "submittedAt": submitted_at,
        "completedAt": None,
        "steps": steps,
    }


def current_step(approval: Row) -> Row | None:
    return next((step for step in approval["steps"] if step["completedAt"] is None), None)


def record_approval(approval: Row, step: Row, approver: Row, now: int) -> None:
    """One approver approves; a step with enough approvals completes and the next one is requested."""
    approver["decision"] = "approve"
    approver["decidedAt"] = now
    if sum(a["decision"] == "approve" for a in step["approvers"]) >= step["approvalsRequired"]:
        _complete(approval, step, now)


def force_approve(approval: Row, now: int) -> None:
    """Approve the whole approval at once, like the admin "Force Approve"."""
    for step in approval["steps"]:
        if step["completedAt"] is None:
            step["completedAt"] = now
    approval["completedAt"] = now


def _complete(approval: Row, step: Row, now: int) -> None:
    step["completedAt"] = now
    following = current_step(approval)
    if following is None:
        approval["completedAt"] = now
        return
    for approver in following["approvers"]:
        approver["requestedAt"] = approver["requestedAt"] or now


def mark_offer_approved(offer: Row) -> None:
    """All steps done: the version is Approved and the offer goes out to the candidate."""
    offer["versions"][-1]["approvalStatus"] = "Approved"
    offer["offerStatus"] = "WaitingOnCandidateResponse"
    offer["acceptanceStatus"] = "WaitingOnResponse"
