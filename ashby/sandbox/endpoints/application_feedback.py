"""Interview feedback (scorecards) and the forms that define them."""

from __future__ import annotations

from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

routes = Routes()

SCORES = range(1, 5)


@routes("applicationFeedback.list")
async def list_feedback(ctx: Context, params: Params) -> ListPage:
    application_id = params.opt_uuid("applicationId")
    store = ctx.store
    rows = store.feedback_by_application.get(application_id, []) if application_id else store.feedback.order
    return paginate(
        ctx,
        params,
        rows,
        lambda row: shapes.feedback(store, row),
        keep=lambda row: ctx.sees_application(store.applications.rows[row["applicationId"]]),
        filters={"applicationId": application_id},
        created_after=True,
    )


def _form(ctx: Context, form_id: str) -> Row:
    form = ctx.store.forms.get(form_id)
    if form is None:
        raise ApiError("feedback_form_definition_not_found", "Feedback form definition not found")
    return form


def _value(path: str, kind: str, value: Any, choices: list[str]) -> Any:
    """Check one submitted value against its field type (reference §4.7 value formats)."""
    if kind == "Score":
        score = value.get("score") if isinstance(value, dict) else value
        if isinstance(score, bool) or score not in SCORES:
            raise invalid_input(f'Field {path} takes a score from 1 to 4, as {{"score": n}}')
        return {"score": score}
    if kind == "RichText":
        if isinstance(value, dict) and isinstance(value.get("value"), str):
            return {"type": value.get("type", "PlainText"), "value": value["value"]}
        if isinstance(value, str):
            return {"type": "PlainText", "value": value}
        raise invalid_input(f'Field {path} takes text or {{"type": "PlainText", "value": ...}}')
    if kind == "Boolean":
        if not isinstance(value, bool):
            raise invalid_input(f"Field {path} takes a boolean")
        return value
    if kind == "ValueSelect":
        if value not in choices:
            raise invalid_input(f"Field {path} takes one of {', '.join(choices)}")
        return value
    if kind == "MultiValueSelect":
        if not isinstance(value, list) or any(v not in choices for v in value):
            raise invalid_input(f"Field {path} takes a list of {', '.join(choices)}")
        return list(value)
    if not isinstance(value, str):
        raise invalid_input(f"Field {path} takes a string")
    return value


def _submitted_values(form: Row, params: Params) -> dict[str, Any]:
    submissions = params.obj("feedbackForm").objects("fieldSubmissions")
    fields: dict[str, dict[str, Any]] = form["fields"]
    values: dict[str, Any] = {}
    for item in submissions:
        path = item.string("path")
        if path not in fields:
            raise invalid_input(f"Field {path!r} is not part of form {form['title']!r}")
        if "value" not in item.body:
            raise invalid_input(f"Missing required parameter: {item.name('value')}")
        spec = fields[path]
        values[path] = _value(path, spec["type"], item.body["value"], spec["choices"])
    missing = [path for path, spec in fields.items() if spec["isRequired"] and path not in values]
    if missing:
        raise invalid_input(f"Required feedback fields missing: {', '.join(missing)}")
    return values


@routes("applicationFeedback.submit")
async def submit(ctx: Context, params: Params) -> shapes.Json:
    form = _form(ctx, params.uuid("formDefinitionId"))
    application = ctx.application(params.uuid("applicationId"))
    user_id = params.opt_uuid("userId")
    event_id = params.opt_uuid("interviewEventId")
    event = None
    if event_id is not None:
        if user_id is None:
            raise invalid_input("userId is required when interviewEventId is given")
        event = ctx.store.events.get(event_id)
        schedule = ctx.store.schedules.rows[event["scheduleId"]] if event else None
        if event is None or schedule is None or schedule["applicationId"] != application["id"]:
            raise ApiError("interview_event_not_found", "Interview event not found for this application")
        if user_id not in [uid for uid, _ in event["interviewers"]]:
            raise invalid_input("userId must be one of the interviewers on the interview event")
    user = ctx.user(user_id or ctx.store.actor_user_id)
    values = _submitted_values(form, params)
    now = ctx.now_ms()
    stage_history = application["history"][-1][0]
    row = ctx.store.add_feedback(
        {
            "id": new_id(),
            "applicationId": application["id"],
            "formId": form["id"],
            "values": values,
            "userId": user["id"],
            "interviewId": event["interviewId"] if event else None,
            "eventId": event_id,
            "historyId": stage_history,
            "submittedAt": now,
            "createdAt": now,
            "_v": ctx.store.bump(),
        }
    )
    if event is not None:
        if user["id"] not in event["submittedBy"]:
            event["submittedBy"] = [*event["submittedBy"], user["id"]]
        ctx.touch(event, ctx.store.schedules.rows[event["scheduleId"]])
    return {
        "submittedFormInstance": {
            "id": row["id"],
            "formDefinition": form["formDefinition"],
            "submittedValues": values,
        }
    }


@routes("feedbackFormDefinition.list")
async def list_forms(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.forms.order,
        lambda row: shapes.feedback_form(ctx.store, row),
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )


@routes("feedbackFormDefinition.info")
async def form_info(ctx: Context, params: Params) -> shapes.Json:
    return shapes.feedback_form(ctx.store, _form(ctx, params.uuid("feedbackFormDefinitionId")))
