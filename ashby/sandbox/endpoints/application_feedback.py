"""Interview feedback (scorecards) and the forms that define them; submitting one is checked the way the
``applicationFeedback.submit`` reference describes (paths, required fields, value formats per field type)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
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


#: The field types ``applicationFeedback.submit`` documents, each with its value format (reference §4.7).
SUBMITTABLE = frozenset(
    {
        "Boolean",
        "CompensationRange",
        "Currency",
        "Date",
        "Email",
        "LongText",
        "MultiValueSelect",
        "Number",
        "NumberRange",
        "Phone",
        "RichText",
        "Score",
        "String",
        "Url",
        "UUID",
        "ValueSelect",
    }
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_INTERVAL = re.compile(r"\d+ (HOUR|DAY|WEEK|MONTH|YEAR)")


@dataclass(frozen=True, slots=True)
class _Field:
    kind: str
    required: bool
    nullable: bool
    choices: tuple[str, ...]


def _fields(form: Row) -> dict[str, _Field]:
    """The form's fields by path, read from its definition (so a form added at run time validates too)."""
    fields: dict[str, _Field] = {}
    for section in form["formDefinition"].get("sections") or []:
        for item in section.get("fields") or []:
            spec = item["field"]
            fields[spec["path"]] = _Field(
                kind=spec["type"],
                required=item.get("isRequired", True) is not False,
                nullable=spec.get("isNullable", True) is not False,
                choices=tuple(v["value"] for v in spec.get("selectableValues") or []),
            )
    return fields


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value(path: str, field: _Field, value: Any) -> Any:
    """Check one submitted value against its field type's documented format; returns what is stored."""
    kind = field.kind
    if kind == "Score":
        score = value.get("score") if isinstance(value, dict) and set(value) == {"score"} else None
        if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
            raise invalid_input(f'Field {path} takes a score from 1 to 4 in the format {{"score": n}}')
        return {"score": score}
    if kind == "RichText":
        if isinstance(value, dict) and value.get("type") == "PlainText" and isinstance(value.get("value"), str):
            return {"type": "PlainText", "value": value["value"]}
        raise invalid_input(f'Field {path} takes plain text in the format {{"type": "PlainText", "value": "..."}}')
    if kind == "Boolean":
        if not isinstance(value, bool):
            raise invalid_input(f"Field {path} takes a boolean")
        return value
    if kind == "ValueSelect":
        if not isinstance(value, str) or value not in field.choices:
            raise invalid_input(f"Field {path} takes one of {', '.join(field.choices)}")
        return value
    if kind == "MultiValueSelect":
        if not isinstance(value, list) or any(not isinstance(v, str) or v not in field.choices for v in value):
            raise invalid_input(f"Field {path} takes a list of {', '.join(field.choices)}")
        return list(value)
    if kind == "Number":
        if not isinstance(value, int) or isinstance(value, bool):
            raise invalid_input(f"Field {path} takes an integer")
        return value
    if kind == "Date":
        if not isinstance(value, str) or not _DATE.fullmatch(value) or _date(value) is None:
            raise invalid_input(f"Field {path} takes a date in the format YYYY-MM-DD")
        return value
    if kind == "Email":
        if not isinstance(value, str) or not _EMAIL.fullmatch(value):
            raise invalid_input(f"Field {path} takes a valid email address")
        return value
    if kind == "Url":
        if not isinstance(value, str) or (value and not _URL.fullmatch(value)):
            raise invalid_input(f"Field {path} takes a valid URL (or an empty string)")
        return value
    if kind == "UUID":
        raw = value.get("value") if isinstance(value, dict) else value
        if not isinstance(raw, str) or not _UUID.fullmatch(raw):
            raise invalid_input(f'Field {path} takes a UUID, or {{"value": "<uuid>"}}')
        return value
    if kind == "Currency":
        if not (isinstance(value, dict) and _number(value.get("value")) and _currency(value.get("currencyCode"))):
            raise invalid_input(f'Field {path} takes {{"value": n, "currencyCode": "<ISO 4217>"}}')
        return value
    if kind in ("NumberRange", "CompensationRange"):
        return _range(path, kind, value)
    if kind not in SUBMITTABLE:
        raise invalid_input(f"Field {path} is a {kind} field, which cannot be submitted through the API")
    if not isinstance(value, str):  # String, LongText, Phone
        raise invalid_input(f"Field {path} takes a string")
    return value


def _range(path: str, kind: str, value: Any) -> Any:
    tag = "number-range" if kind == "NumberRange" else "compensation-range"
    ok = (
        isinstance(value, dict)
        and value.get("type") == tag
        and _number(value.get("minValue"))
        and _number(value.get("maxValue"))
        and value["minValue"] <= value["maxValue"]
    )
    if ok and kind == "CompensationRange":
        interval = value.get("interval")
        ok = _currency(value.get("currencyCode")) and isinstance(interval, str) and bool(_INTERVAL.fullmatch(interval))
    if not ok:
        extra = ', "currencyCode": "USD", "interval": "1 YEAR"' if kind == "CompensationRange" else ""
        raise invalid_input(f'Field {path} takes {{"type": "{tag}", "minValue": n, "maxValue": m{extra}}}')
    return value


def _currency(code: Any) -> bool:
    return isinstance(code, str) and bool(_CURRENCY.fullmatch(code))


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _submitted_values(form: Row, params: Params) -> dict[str, Any]:
    """The checked values by path: every path must be one of the form's, once; every required field
    answered (a nullable optional field may be sent as null, which answers nothing)."""
    submissions = params.obj("feedbackForm").objects("fieldSubmissions")
    fields = _fields(form)
    values: dict[str, Any] = {}
    seen: set[str] = set()
    for item in submissions:
        path = item.string("path")
        if path not in fields:
            raise invalid_input(f"Field {path!r} is not part of form {form['title']!r}")
        if path in seen:
            raise invalid_input(f"Field {path} is submitted more than once")
        seen.add(path)
        if "value" not in item.body:
            raise invalid_input(f"Missing required parameter: {item.name('value')}")
        field = fields[path]
        value = item.body["value"]
        if value is None:
            if field.required or not field.nullable:
                raise invalid_input(f"Field {path} is required and cannot be null")
            continue
        values[path] = _value(path, field, value)
    missing = [path for path, field in fields.items() if field.required and path not in values]
    if missing:
        raise invalid_input(f"Required feedback fields missing: {', '.join(missing)}")
    return values


@routes("applicationFeedback.submit")
async def submit(ctx: Context, params: Params) -> shapes.Json:
    """As the reference documents it: with ``interviewEventId`` the feedback is for that event of the
    application and ``userId`` (an enabled user) must be one of its interviewers; without, it is credited to
    ``userId`` or the key's user. Values are checked per field type, paths against the form, required fields
    for presence. Nothing else changes and no webhook is sent (Ashby has no feedback webhook): the event and
    its schedule are touched so incremental ``interviewSchedule.list`` passes see ``hasSubmittedFeedback``."""
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
    if not user["isEnabled"]:
        raise invalid_input("userId must be an active Ashby user")
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
