"""``application.changeStage``: advancing, archiving and hiring, with Ashby's validation order."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import ApiError, invalid_input, not_found
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.lifecycle import enter_stage, pending_offer_approval, stage_change_events
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()


def _archive_reason(ctx: Context, params: Params) -> str:
    if not params.has("archiveReasonId"):
        raise invalid_input("archiveReasonId is required when moving an application to an Archived stage")
    reason = ctx.store.archive_reasons.get(params.uuid("archiveReasonId"))
    if reason is None or reason["isArchived"]:
        raise ApiError("archive_reason_not_found", "Archive reason not found (or it is archived)")
    reason_id: str = reason["id"]
    return reason_id


def _check_archive_email(ctx: Context, params: Params, application: Row) -> None:
    email = params.opt_obj("archiveEmail")
    if email is None:
        return
    template = ctx.store.templates.get(email.uuid("communicationTemplateId"))
    if template is None:
        raise ApiError("communication_template_not_found", "Communication template not found")
    if "email" not in template["intendedTypes"]:
        raise ApiError(
            "communication_template_not_allowed",
            f"Communication template {template['title']!r} is not intended for email",
        )
    email.opt_datetime("sendAt")
    candidate = ctx.store.candidates.rows[application["candidateId"]]
    if not any(primary for _, _, primary in candidate["emails"]):
        raise invalid_input("archiveEmail was given but the candidate has no primary email address")


@routes("application.changeStage")
async def change_stage(ctx: Context, params: Params) -> shapes.Json:
    application_id = params.uuid("applicationId")
    stage_id = params.uuid("interviewStageId")
    application = ctx.application(application_id)
    current = ctx.store.stages.rows[application["stageId"]]
    stage = ctx.store.stages.get(stage_id)
    if stage is None or stage["interviewPlanId"] != current["interviewPlanId"]:
        raise not_found("interview_stage_not_found", "Interview stage in the application's interview plan")

    reason_id = None
    if stage["type"] == "Archived":
        reason_id = _archive_reason(ctx, params)
        _check_archive_email(ctx, params, application)
    elif params.has("archiveReasonId") or params.has("archiveEmail"):
        raise invalid_input("archiveReasonId and archiveEmail are only allowed when moving to an Archived stage")

    if stage["type"] == "Hired" and pending_offer_approval(ctx, application):
        raise invalid_input(
            "Cannot move the application to Hired: its offer approval is pending. "
            "Approve the offer (offer.approve) first."
        )

    if stage["id"] != application["stageId"]:  # moving to the current stage is a no-op
        enter_stage(ctx, application, stage, reason_id)
        ctx.emit(stage_change_events(ctx, application))
    return shapes.application(ctx.store, application)
