"""Jobs, interview plans, stages and stage groups."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import invalid_input
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()

JOB_STATUSES = ("Draft", "Open", "Closed", "Archived")
DEFAULT_JOB_STATUSES = ("Open", "Closed", "Archived")  # Draft only when asked for
JOB_EXPANDS = ("location", "openings")


def _within(value: int | None, after: int | None, before: int | None) -> bool:
    if after is None and before is None:
        return True
    if value is None:
        return False
    return (after is None or value > after) and (before is None or value < before)


@routes("job.list")
async def list_jobs(ctx: Context, params: Params) -> ListPage:
    statuses = params.opt_enum_list("status", JOB_STATUSES) or list(DEFAULT_JOB_STATUSES)
    bounds = {name: params.opt_int(name) for name in ("openedAfter", "openedBefore", "closedAfter", "closedBefore")}
    expand = params.expand(JOB_EXPANDS)

    def keep(row: Row) -> bool:
        return (
            row["status"] in statuses
            and ctx.sees_job(row)
            and _within(row["openedAt"], bounds["openedAfter"], bounds["openedBefore"])
            and _within(row["closedAt"], bounds["closedAfter"], bounds["closedBefore"])
        )

    return paginate(
        ctx,
        params,
        ctx.store.jobs.order,
        lambda row: shapes.job(ctx.store, row, expand),
        keep=keep,
        filters={"status": sorted(statuses), **bounds},
        created_after=True,
    )


@routes("job.info")
async def info(ctx: Context, params: Params) -> shapes.Json:
    expand = params.expand(JOB_EXPANDS)
    return shapes.job(ctx.store, ctx.job(params.uuid("id")), expand)


@routes("job.search")
async def search(ctx: Context, params: Params) -> list[shapes.Json]:
    title = params.opt_string("title")
    requisition = params.opt_string("requisitionId")
    if title is None and requisition is None:
        raise invalid_input("Provide at least one of title or requisitionId")
    needle = title.strip().casefold() if title is not None else None
    return [
        shapes.job(ctx.store, row)
        for row in ctx.store.jobs
        if ctx.sees_job(row)
        and (needle is None or needle in row["title"].casefold())
        and (requisition is None or row["customRequisitionId"] == requisition.strip())
    ]


@routes("jobInterviewPlan.info")
async def job_interview_plan(ctx: Context, params: Params) -> shapes.Json:
    job = ctx.job(params.uuid("jobId"))
    plan_id = job["defaultInterviewPlanId"]
    stages = []
    for stage in ctx.store.stages_by_plan[plan_id]:
        item = shapes.stage(stage, with_plan=False)
        item["activities"] = []
        interview = ctx.store.interviews.get(stage["interviewId"])
        if interview is not None:
            item["activities"].append(
                {
                    "id": stage["activityId"],
                    "title": interview["title"],
                    "interviews": [
                        {
                            "id": stage["activityInterviewId"],
                            "title": interview["title"],
                            "interviewId": interview["id"],
                            "interviewDurationMinutes": stage["durationMinutes"],
                            "isSchedulable": True,
                        }
                    ],
                }
            )
        stages.append(item)
    return {"jobId": job["id"], "interviewPlanId": plan_id, "stages": stages}


@routes("interviewPlan.list")
async def list_plans(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.plans.order,
        shapes.plan,
        keep=lambda row: (include_archived or not row["isArchived"]) and ctx.sees_plan(row),
        filters={"includeArchived": include_archived},
    )


@routes("interviewStage.list")
async def list_stages(ctx: Context, params: Params) -> ListPage:
    plan = ctx.plan(params.uuid("interviewPlanId"))
    return ListPage([shapes.stage(row) for row in ctx.store.stages_by_plan[plan["id"]]])


@routes("interviewStage.info")
async def stage_info(ctx: Context, params: Params) -> shapes.Json:
    return shapes.stage(ctx.stage(params.uuid("interviewStageId")))


@routes("interviewStageGroup.list")
async def list_stage_groups(ctx: Context, params: Params) -> list[shapes.Json]:
    return [shapes.stage_group(row) for row in ctx.store.stage_groups]
