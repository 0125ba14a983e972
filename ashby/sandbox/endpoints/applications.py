"""Applications: reading, creating, editing and transferring (stage moves live in stage_change)."""

from __future__ import annotations

from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import ApiError, invalid_input, not_found
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.lifecycle import application_update_event, enter_stage, status_for
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()

STATUSES = ("Active", "Archived", "Hired", "Lead")
INFO_EXPANDS = ("openings", "applicationFormSubmissions", "referrals")
FIRST_SCREEN = "FirstPreInterviewScreen"


def _json(ctx: Context, row: Row, expand: frozenset[str] = frozenset(), *, history: bool = False) -> shapes.Json:
    out = shapes.application(ctx.store, row, with_history=history)
    for key in sorted(expand):
        out[key] = []  # the sandbox models no openings, form submissions or referrals
    return out


@routes("application.info")
async def info(ctx: Context, params: Params) -> shapes.Json:
    if not params.has("applicationId") and params.has("submittedFormInstanceId"):
        raise not_found("application_not_found", "Application")  # no application forms in the sandbox
    expand = params.expand(INFO_EXPANDS)
    return _json(ctx, ctx.application(params.uuid("applicationId")), expand, history=True)


@routes("application.list")
async def list_applications(ctx: Context, params: Params) -> ListPage:
    status = params.opt_enum("status", STATUSES)
    job_id = params.opt_uuid("jobId")
    expand = params.expand(("openings",))

    def keep(row: Row) -> bool:
        return (
            (status is None or row["status"] == status)
            and (job_id is None or row["jobId"] == job_id)
            and ctx.sees_application(row)
        )

    return paginate(
        ctx,
        params,
        ctx.store.applications.order,
        lambda row: _json(ctx, row, expand),
        keep=keep,
        filters={"status": status, "jobId": job_id},
        created_after=True,
    )


@routes("application.listHistory")
async def list_history(ctx: Context, params: Params) -> ListPage:
    application = ctx.application(params.uuid("applicationId"))
    items: list[list[Any]] = application["history"]
    rows = [{"item": item, "number": n, "current": n == len(items) - 1, "_v": 0} for n, item in enumerate(items)]
    return paginate(
        ctx,
        params,
        rows,
        lambda row: shapes.history_item(ctx.store, row["item"], row["number"], row["current"]),
        filters={"applicationId": application["id"]},
    )


def _plan_for_job(job: Row, plan_id: str | None) -> str:
    if plan_id is not None and plan_id != job["defaultInterviewPlanId"]:
        raise not_found("interview_plan_not_found", "Interview plan for this job")
    plan: str = job["defaultInterviewPlanId"]
    return plan


def _stage_in_plan(ctx: Context, plan_id: str, stage_id: str) -> Row:
    stage = ctx.store.stages.get(stage_id)
    if stage is None or stage["interviewPlanId"] != plan_id:
        raise not_found("interview_stage_not_found", "Interview stage in the application's interview plan")
    return stage


def _first_stage(ctx: Context, plan_id: str, wanted: str | None) -> Row:
    if wanted == FIRST_SCREEN:
        stage = ctx.store.stage_of_type(plan_id, "PreInterviewScreen")
    elif wanted is None:
        stage = ctx.store.stage_of_type(plan_id, "Lead")
    else:
        stage = _stage_in_plan(ctx, plan_id, wanted)
    if stage is None:
        raise not_found("interview_stage_not_found", "Interview stage")
    return stage


def _imported_history(ctx: Context, params: Params, plan_id: str) -> list[tuple[Row, int, str | None]]:
    """``applicationHistory`` on create: (stage, enteredAt, archiveReasonId) ordered by stageNumber."""
    entries = []
    for entry in params.objects("applicationHistory"):
        stage = _stage_in_plan(ctx, plan_id, entry.uuid("stageId"))
        number = entry.opt_int("stageNumber")
        if number is None:
            raise invalid_input(f"Missing required parameter: {entry.name('stageNumber')}")
        reason_id = entry.opt_uuid("archiveReasonId")
        if stage["type"] == "Archived" and reason_id is None:
            raise invalid_input(f"{entry.name('archiveReasonId')} is required for an Archived stage")
        if reason_id is not None and ctx.store.archive_reasons.get(reason_id) is None:
            raise ApiError("archive_reason_not_found", "Archive reason not found")
        entries.append((number, stage, entry.datetime("enteredStageAt"), reason_id))
    entries.sort(key=lambda item: item[0])
    return [(stage, entered, reason) for _, stage, entered, reason in entries]


@routes("application.create")
async def create(ctx: Context, params: Params) -> shapes.Json:
    candidate = ctx.candidate(params.uuid("candidateId"))
    job = ctx.job(params.uuid("jobId"))
    if job["status"] not in ("Open", "Closed"):
        raise invalid_input(f"Candidates can only be considered for Open or Closed jobs; this job is {job['status']}")
    plan_id = _plan_for_job(job, params.opt_uuid("interviewPlanId"))
    wanted = params.opt_string("interviewStageId")
    wanted = wanted if wanted == FIRST_SCREEN or wanted is None else params.uuid("interviewStageId")
    source_id = params.opt_uuid("sourceId")
    if source_id is not None:
        ctx.source(source_id)
    credited = params.opt_uuid("creditedToUserId")
    if credited is not None:
        ctx.user(credited)
    for other_id in candidate["applicationIds"]:
        other = ctx.store.applications.rows[other_id]
        if other["jobId"] == job["id"] and other["status"] != "Archived":
            raise invalid_input("The candidate already has an open application for this job")
    now = ctx.now_ms()
    created = params.opt_datetime("createdAt") or now
    imported = _imported_history(ctx, params, plan_id) if params.has("applicationHistory") else []
    path = imported or [(_first_stage(ctx, plan_id, wanted), created, None)]
    if not imported and path[0][0]["type"] in ("Archived", "Hired"):
        raise invalid_input("New applications cannot start in an Archived or Hired stage; use changeStage")
    history = [
        [
            new_id(),
            stage["id"],
            entered,
            path[n + 1][1] if n + 1 < len(path) else None,
            ctx.store.actor_user_id,
        ]
        for n, (stage, entered, _) in enumerate(path)
    ]
    current, entered_current, reason_id = path[-1]
    row: Row = {
        "id": new_id(),
        "candidateId": candidate["id"],
        "jobId": job["id"],
        "stageId": current["id"],
        "status": status_for(current["type"]),
        "sourceId": source_id,
        "creditedToUserId": credited,
        "archiveReasonId": reason_id if current["type"] == "Archived" else None,
        "archivedAt": entered_current if current["type"] == "Archived" else None,
        "createdAt": min(created, path[0][1]),
        "updatedAt": now,
        "history": history,
        "_v": ctx.store.bump(),
    }
    ctx.store.applications.add(row)
    candidate["applicationIds"] = [*candidate["applicationIds"], row["id"]]
    ctx.touch(candidate)
    ctx.emit([("applicationSubmit", {"application": shapes.application(ctx.store, row)})])
    return _json(ctx, row)


@routes("application.update")
async def update(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.application(params.uuid("applicationId"))
    source_id = params.opt_uuid("sourceId")
    if source_id is not None:
        ctx.source(source_id)
        row["sourceId"] = source_id
    credited = params.opt_uuid("creditedToUserId")
    if credited is not None:
        ctx.user(credited)
        row["creditedToUserId"] = credited
    created = params.opt_datetime("createdAt")
    if created is not None:
        row["createdAt"] = created
    ctx.touch(row)
    ctx.emit(application_update_event(ctx, row))
    return _json(ctx, row)


@routes("application.changeSource")
async def change_source(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.application(params.uuid("applicationId"))
    if "sourceId" not in params.body:
        raise invalid_input("Missing required parameter: sourceId (pass null to clear the source)")
    source_id = params.opt_uuid("sourceId")
    if source_id is not None:
        ctx.source(source_id)
    row["sourceId"] = source_id
    ctx.touch(row)
    ctx.emit(application_update_event(ctx, row))
    return _json(ctx, row)


@routes("application.transfer")
async def transfer(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.application(params.uuid("applicationId"))
    job = ctx.job(params.uuid("jobId"))
    plan_id = _plan_for_job(job, params.uuid("interviewPlanId"))
    stage = _stage_in_plan(ctx, plan_id, params.uuid("interviewStageId"))
    if stage["type"] == "Archived":
        raise invalid_input("Transfer into an Archived stage is not allowed; transfer, then archive with changeStage")
    params.opt_bool("startAutomaticActivities", True)
    row["jobId"] = job["id"]
    enter_stage(ctx, row, stage)
    ctx.emit(application_update_event(ctx, row))
    return _json(ctx, row)


@routes("applicationHiringTeamRole.list")
async def hiring_team_roles(ctx: Context, params: Params) -> list[shapes.Json]:
    return [{"id": row["id"], "title": row["title"]} for row in ctx.store.hiring_roles]
