"""How an application moves between stages, shared by every write that moves one."""

from __future__ import annotations

from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.context import Context
from ashby.sandbox.ids import new_id
from ashby.sandbox.tables import Row

_STATUS_BY_STAGE_TYPE = {"Lead": "Lead", "Archived": "Archived", "Hired": "Hired"}
OFFER_AWAITING_APPROVAL = frozenset({"WaitingOnApprovalStart", "WaitingOnOfferApproval", "WaitingOnApprovalDefinition"})


def status_for(stage_type: str) -> str:
    """Application status follows the stage type; every interviewing type counts as Active."""
    return _STATUS_BY_STAGE_TYPE.get(stage_type, "Active")


def enter_stage(ctx: Context, application: Row, stage: Row, archive_reason_id: str | None = None) -> None:
    """Close the current history item, open one for ``stage``, and update status and archive fields."""
    now = ctx.now_ms()
    history: list[list[Any]] = application["history"]
    if history:
        history[-1][3] = now
    history.append([new_id(), stage["id"], now, None, ctx.store.actor_user_id])
    application["stageId"] = stage["id"]
    application["status"] = status_for(stage["type"])
    archived = stage["type"] == "Archived"
    application["archiveReasonId"] = archive_reason_id if archived else None
    application["archivedAt"] = now if archived else None
    ctx.touch(application)


def pending_offer_approval(ctx: Context, application: Row) -> bool:
    offers = ctx.store.offers_by_application.get(application["id"], [])
    return any(offer["offerStatus"] in OFFER_AWAITING_APPROVAL for offer in offers)


def accepted_offer(ctx: Context, application: Row) -> Row | None:
    offers = ctx.store.offers_by_application.get(application["id"], [])
    accepted = [offer for offer in offers if offer["acceptanceStatus"] == "Accepted"]
    return max(accepted, key=lambda offer: offer["decidedAt"] or 0, default=None)


def stage_change_events(ctx: Context, application: Row) -> list[tuple[str, dict[str, Any]]]:
    """candidateStageChange + applicationUpdate, plus candidateHire on a hire (with its offer)."""
    data = {"application": shapes.application(ctx.store, application)}
    events: list[tuple[str, dict[str, Any]]] = [("candidateStageChange", data), ("applicationUpdate", data)]
    if application["status"] == "Hired":
        hire: dict[str, Any] = dict(data)
        offer = accepted_offer(ctx, application)
        if offer is not None:
            hire["offer"] = shapes.offer(ctx.store, offer, full=True)
        events.append(("candidateHire", hire))
    return events


def application_update_event(ctx: Context, application: Row) -> list[tuple[str, dict[str, Any]]]:
    return [("applicationUpdate", {"application": shapes.application(ctx.store, application)})]
