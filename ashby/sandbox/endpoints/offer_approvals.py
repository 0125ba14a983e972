"""Offers and their approvals."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import invalid_input, not_found
from ashby.sandbox.approvals import (
    build_approval,
    current_step,
    force_approve,
    mark_offer_approved,
    record_approval,
)
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()

OFFER_STATUSES = (
    "WaitingOnApprovalStart",
    "WaitingOnOfferApproval",
    "WaitingOnApprovalDefinition",
    "WaitingOnCandidateResponse",
    "CandidateRejected",
    "CandidateAccepted",
    "OfferCancelled",
)
ACCEPTANCE_STATUSES = ("Accepted", "Declined", "Pending", "Created", "Cancelled", "WaitingOnResponse")
APPROVAL_STATUSES = ("Approved", "WaitingOnApprovals", "Declined")
ENTITY_TYPES = ("offer", "job", "opening")


@routes("offer.list")
async def list_offers(ctx: Context, params: Params) -> ListPage:
    offer_statuses = params.opt_enum_list("offerStatus", OFFER_STATUSES)
    acceptance = params.opt_enum_list("acceptanceStatus", ACCEPTANCE_STATUSES)
    approval = params.opt_enum_list("approvalStatus", APPROVAL_STATUSES)
    application_id = params.opt_uuid("applicationId")
    store = ctx.store
    rows = store.offers_by_application.get(application_id, []) if application_id else store.offers.order

    def keep(row: Row) -> bool:
        return (
            (offer_statuses is None or row["offerStatus"] in offer_statuses)
            and (acceptance is None or row["acceptanceStatus"] in acceptance)
            and (approval is None or row["versions"][-1]["approvalStatus"] in approval)
            and ctx.sees_offer(row)
        )

    filters = {
        "offerStatus": offer_statuses,
        "acceptanceStatus": acceptance,
        "approvalStatus": approval,
        "applicationId": application_id,
    }
    return paginate(
        ctx,
        params,
        rows,
        lambda row: shapes.offer(store, row, full=False),
        keep=keep,
        filters=filters,
        created_after=True,
    )


@routes("offer.info")
async def info(ctx: Context, params: Params) -> shapes.Json:
    offer = ctx.offer(params.uuid("offerId"))
    with_form = not params.opt_bool("excludeFormDefinition", False)
    return shapes.offer(ctx.store, offer, full=True, with_form=with_form)


def _latest_version_offer(ctx: Context, version_id: str) -> Row:
    offer = next((row for row in ctx.store.offers if any(v["id"] == version_id for v in row["versions"])), None)
    if offer is None or not ctx.sees_offer(offer):
        raise not_found("offer_not_found", "Offer version")
    if offer["versions"][-1]["id"] != version_id:
        raise invalid_input("Only the latest version of an offer can go through approval")
    return offer


def _changed(ctx: Context, offer: Row, approval: Row, params: Params) -> shapes.Json:
    ctx.touch(offer, approval)
    ctx.emit([("offerUpdate", {"offer": shapes.offer(ctx.store, offer, full=True)})])
    with_form = not params.opt_bool("excludeFormDefinition", False)
    return shapes.offer(ctx.store, offer, full=True, with_form=with_form)


@routes("offer.startApprovalProcess")
async def start_approval(ctx: Context, params: Params) -> shapes.Json:
    offer = _latest_version_offer(ctx, params.uuid("offerVersionId"))
    params.opt_string("note")
    if offer["offerStatus"] != "WaitingOnApprovalStart":
        raise invalid_input(f"The offer is {offer['offerStatus']}; approval can only start from WaitingOnApprovalStart")
    version = offer["versions"][-1]
    job = ctx.store.jobs.rows[ctx.store.applications.rows[offer["applicationId"]]["jobId"]]
    approval = ctx.store.add_approval(build_approval(ctx.store, new_id, offer, version, job, ctx.now_ms()))
    version["approvalStatus"] = "WaitingOnApprovals"
    offer["offerStatus"] = "WaitingOnOfferApproval"
    offer["acceptanceStatus"] = "Pending"
    return _changed(ctx, offer, approval, params)


@routes("offer.approve")
async def approve(ctx: Context, params: Params) -> shapes.Json:
    version_id = params.uuid("offerVersionId")
    step_id = params.opt_uuid("approvalStepId")
    user_id = params.opt_uuid("userId")
    if (step_id is None) != (user_id is None):
        raise invalid_input("approvalStepId and userId must be given together (or neither)")
    offer = _latest_version_offer(ctx, version_id)
    approval = ctx.store.approval_by_version.get(version_id)
    if approval is None or offer["versions"][-1]["approvalStatus"] != "WaitingOnApprovals":
        raise invalid_input("This offer version has no approval in progress")
    now = ctx.now_ms()
    if step_id is None:
        force_approve(approval, now)
    else:
        step = current_step(approval)
        if step is None or step["id"] != step_id:
            raise invalid_input(f"Approval step {step_id} is not the current step of this approval")
        approver = next((a for a in step["approvers"] if a["userId"] == user_id), None)
        if approver is None:
            raise invalid_input(f"User {user_id} is not an approver on the current approval step")
        if approver["decision"] != "pending":
            raise invalid_input(f"User {user_id} has already decided on this approval step")
        record_approval(approval, step, approver, now)
    if approval["completedAt"] is not None:
        mark_offer_approved(offer)
    return _changed(ctx, offer, approval, params)


@routes("approval.list")
async def list_approvals(ctx: Context, params: Params) -> ListPage:
    entity_type = params.opt_enum("entityType", ENTITY_TYPES)
    entity_id = params.opt_uuid("entityId")
    store = ctx.store

    def keep(row: Row) -> bool:
        return (
            (entity_type is None or row["entityType"] == entity_type)
            and (entity_id is None or row["entityId"] == entity_id)
            and ctx.sees_offer(store.offers.rows[row["offerId"]])
        )

    return paginate(
        ctx,
        params,
        store.approvals.order,
        shapes.approval,
        keep=keep,
        filters={"entityType": entity_type, "entityId": entity_id},
    )
