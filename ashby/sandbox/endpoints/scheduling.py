"""Interview definitions, schedules, events and briefings."""

from __future__ import annotations

from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import ApiError, invalid_input, not_found
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()

BRIEFING_EXPANDS = ("feedbackFormDefinition", "application", "candidate", "job", "interview", "interviewers")


@routes("interview.list")
async def list_interviews(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    include_job_specific = params.opt_bool("includeNonSharedInterviews", False)
    params.opt_bool("excludeArchivedScheduleTemplateInterviews", False)

    def keep(row: Row) -> bool:
        return (
            (include_archived or not row["isArchived"])
            and (include_job_specific or row["jobId"] is None)
            and ctx.sees_interview(row)
        )

    filters = {"includeArchived": include_archived, "includeNonSharedInterviews": include_job_specific}
    return paginate(ctx, params, ctx.store.interviews.order, shapes.interview, keep=keep, filters=filters)


@routes("interview.info")
async def interview_info(ctx: Context, params: Params) -> shapes.Json:
    return shapes.interview(ctx.interview(params.uuid("id")))


@routes("interviewSchedule.list")
async def list_schedules(ctx: Context, params: Params) -> ListPage:
    application_id = params.opt_uuid("applicationId")
    stage_id = params.opt_uuid("interviewStageId")
    store = ctx.store
    rows = store.schedules_by_application.get(application_id, []) if application_id else store.schedules.order

    def keep(row: Row) -> bool:
        return (stage_id is None or row["interviewStageId"] == stage_id) and ctx.sees_schedule(row)

    return paginate(
        ctx,
        params,
        rows,
        lambda row: shapes.schedule(store, row),
        keep=keep,
        filters={"applicationId": application_id, "interviewStageId": stage_id},
        created_after=True,
    )


def _user_by_email(ctx: Context, email: str) -> Row:
    wanted = email.strip().lower()
    user = next((row for row in ctx.store.users if row["email"].lower() == wanted), None)
    if user is None or not user["isEnabled"]:
        raise invalid_input(f"Interviewer {email!r} is not an active Ashby user")
    return user


def _default_interview(ctx: Context, application: Row) -> str:
    stage = ctx.store.stages.rows[application["stageId"]]
    if stage["interviewId"] is not None:
        interview_id: str = stage["interviewId"]
        return interview_id
    shared = next(row for row in ctx.store.interviews if row["jobId"] is None and not row["isArchived"])
    shared_id: str = shared["id"]
    return shared_id


def _event_fields(ctx: Context, item: Params, application: Row) -> dict[str, Any]:
    """Validated fields of one ``interviewEvents`` item (create) or ``interviewEvent`` (update)."""
    start = item.datetime("startTime")
    end = item.datetime("endTime")
    if end <= start:
        raise invalid_input(f"{item.name('endTime')} must be after {item.name('startTime')}")
    interviewers = []
    for entry in item.objects("interviewers"):
        user = _user_by_email(ctx, entry.string("email"))
        interviewers.append((user["id"], entry.opt_bool("feedbackRequired", True)))
    interview_id = item.opt_uuid("interviewId")
    if interview_id is not None:
        ctx.interview(interview_id)
    extra = item.body.get("extraData")
    if extra is not None and not (isinstance(extra, dict) and all(isinstance(v, str) for v in extra.values())):
        raise invalid_input(f"{item.name('extraData')} must be an object of strings")
    return {
        "startTime": start,
        "endTime": end,
        "interviewers": interviewers,
        "interviewId": interview_id or _default_interview(ctx, application),
        "extraData": extra,
    }


def _new_event(ctx: Context, schedule: Row, fields: dict[str, Any]) -> Row:
    now = ctx.now_ms()
    event_id = new_id()
    row: Row = {
        "id": event_id,
        "scheduleId": schedule["id"],
        "submittedBy": [],
        "location": "Google Meet",
        "meetingLink": shapes.MEETING_URL.format(event_id[:12]),
        "createdAt": now,
        "updatedAt": now,
        "_v": ctx.store.bump(),
        **fields,
    }
    ctx.store.events.add(row)
    schedule["events"].append(row)
    return row


def _schedule_events(ctx: Context, schedule: Row, *, created: bool) -> None:
    data = {"interviewSchedule": shapes.schedule(ctx.store, schedule, with_candidate=True)}
    events = [("interviewScheduleCreate", data)] if created else []
    ctx.emit([*events, ("interviewScheduleUpdate", data)])


@routes("interviewSchedule.create")
async def create_schedule(ctx: Context, params: Params) -> shapes.Json:
    application = ctx.application(params.uuid("applicationId"))
    items = [_event_fields(ctx, item, application) for item in params.objects("interviewEvents")]
    now = ctx.now_ms()
    schedule = ctx.store.add_schedule(
        {
            "id": new_id(),
            "status": "Scheduled",
            "applicationId": application["id"],
            "interviewStageId": application["stageId"],
            "scheduledById": ctx.store.actor_user_id,
            "createdAt": now,
            "updatedAt": now,
            "events": [],
            "createdByKey": ctx.key.key,
            "_v": ctx.store.bump(),
        }
    )
    for fields in items:
        _new_event(ctx, schedule, fields)
    _schedule_events(ctx, schedule, created=True)
    return shapes.schedule(ctx.store, schedule)


def _live_event(schedule: Row, event_id: str) -> Row:
    events: list[Row] = schedule["events"]
    event = next((e for e in events if e["id"] == event_id and not e.get("_deleted")), None)
    if event is None:
        raise ApiError("interview_event_not_found", f"Interview event {event_id} is not part of this schedule")
    return event


def _cancel_event(ctx: Context, event: Row) -> None:
    ctx.store.events.remove(event["id"])
    for row in list(ctx.store.feedback_by_application.get(_application_id(ctx, event), [])):
        if row["eventId"] == event["id"]:
            ctx.store.feedback.remove(row["id"])


def _application_id(ctx: Context, event: Row) -> str:
    application_id: str = ctx.store.schedules.rows[event["scheduleId"]]["applicationId"]
    return application_id


@routes("interviewSchedule.update")
async def update_schedule(ctx: Context, params: Params) -> shapes.Json:
    schedule = ctx.schedule(params.uuid("interviewScheduleId"))
    if schedule.get("createdByKey") != ctx.key.key:
        raise invalid_input("Only interview schedules created by this API key can be updated")
    if schedule["status"] == "Cancelled":
        raise invalid_input("This interview schedule is cancelled")
    application = ctx.store.applications.rows[schedule["applicationId"]]
    wants_cancel = params.has("interviewEventIdToCancel")
    if wants_cancel == params.has("interviewEvent"):
        raise invalid_input("Provide exactly one of interviewEvent or interviewEventIdToCancel")
    if wants_cancel:
        allow_deletion = params.opt_bool("allowFeedbackDeletion", False)
        events = [_live_event(schedule, i) for i in params.uuid_or_list("interviewEventIdToCancel")]
        if not allow_deletion and any(event["submittedBy"] for event in events):
            raise invalid_input("An event has submitted feedback; pass allowFeedbackDeletion to cancel it")
        for event in events:
            _cancel_event(ctx, event)
    else:
        raw = params.body["interviewEvent"]
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(item, dict) for item in items):
            raise invalid_input("Parameter interviewEvent must be an object or a non-empty list of objects")
        for index, body in enumerate(items):
            item = Params(body, f"interviewEvent[{index}]." if isinstance(raw, list) else "interviewEvent.")
            fields = _event_fields(ctx, item, application)
            event_id = item.opt_uuid("interviewEventId")
            if event_id is None:
                _new_event(ctx, schedule, fields)
            else:
                event = _live_event(schedule, event_id)
                event.update(fields)
                ctx.touch(event)
    ctx.touch(schedule)
    _schedule_events(ctx, schedule, created=False)
    return shapes.schedule(ctx.store, schedule)


@routes("interviewSchedule.cancel")
async def cancel_schedule(ctx: Context, params: Params) -> shapes.Json:
    schedule = ctx.schedule(params.uuid("id"))
    allow_reschedule = params.opt_bool("allowReschedule", False)
    for event in schedule["events"]:
        if not event.get("_deleted") and not event["submittedBy"]:
            ctx.store.events.remove(event["id"])
    schedule["status"] = "NeedsScheduling" if allow_reschedule else "Cancelled"
    ctx.touch(schedule)
    _schedule_events(ctx, schedule, created=False)
    return shapes.schedule(ctx.store, schedule)


@routes("interviewEvent.list")
async def list_events(ctx: Context, params: Params) -> ListPage:
    schedule = ctx.schedule(params.uuid("interviewScheduleId"))
    with_interview = "interview" in params.expand(("interview",))
    return paginate(
        ctx,
        params,
        schedule["events"],
        lambda row: shapes.event(ctx.store, row, with_interview=with_interview),
        filters={"interviewScheduleId": schedule["id"]},
        created_after=True,
    )


@routes("interviewBriefing.info")
async def briefing(ctx: Context, params: Params) -> shapes.Json:
    store = ctx.store
    event = store.events.get(params.uuid("interviewEventId"))
    if event is None or not ctx.sees_schedule(store.schedules.rows[event["scheduleId"]]):
        raise not_found("interview_event_not_found", "Interview event")
    expand = params.expand(BRIEFING_EXPANDS)
    schedule = store.schedules.rows[event["scheduleId"]]
    application = store.applications.rows[schedule["applicationId"]]
    interview = store.interviews.rows[event["interviewId"]]
    interviewers = []
    for user_id, required in event["interviewers"]:
        entry: shapes.Json = {
            "userId": user_id,
            "isFeedbackRequired": required,
            "hasSubmittedFeedback": user_id in event["submittedBy"],
            "trainingRole": None,
        }
        if "interviewers" in expand:
            entry.update({"user": shapes.user(store.users.rows[user_id]), "interviewerPool": None})
        interviewers.append(entry)
    out: shapes.Json = {
        "id": event["id"],
        "applicationId": application["id"],
        "interviewId": interview["id"],
        "interviewStageId": schedule["interviewStageId"],
        "interviewers": interviewers,
        "hasSubmittedFeedback": bool(event["submittedBy"]),
        "feedbackFormDefinitionId": interview["feedbackFormDefinitionId"],
    }
    if "feedbackFormDefinition" in expand:
        out["feedbackFormDefinition"] = shapes.feedback_form(
            store, store.forms.rows[interview["feedbackFormDefinitionId"]]
        )
    if "application" in expand:
        out["application"] = shapes.application(store, application)
    if "candidate" in expand:
        out["candidate"] = ctx.candidate_json(store.candidates.rows[application["candidateId"]])
    if "job" in expand:
        out["job"] = shapes.job(store, store.jobs.rows[application["jobId"]])
    if "interview" in expand:
        out["interview"] = shapes.interview(interview)
    return out
