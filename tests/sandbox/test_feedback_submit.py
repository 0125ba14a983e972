"""``applicationFeedback.submit`` checked as Ashby documents it: every field type's value format, required
fields, paths that are not the form's, who may submit (an enabled user; on an event, one of its
interviewers), and a submission changes nothing else and sends no webhook."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from ashby.sandbox import Sandbox
from tests.sandbox.support import Api

DANA = "dana.whitfield@acme.example"
SAM = "sam.okafor@acme.example"
FORMER = "casey.former@acme.example"  # a deactivated Ashby user

#: (path, type, required, choices): one field of every type the reference lists.
FIELDS: list[tuple[str, str, bool, tuple[str, ...]]] = [
    ("score", "Score", True, ()),
    ("pick", "ValueSelect", False, ("yes", "no")),
    ("picks", "MultiValueSelect", False, ("a", "b")),
    ("flag", "Boolean", False, ()),
    ("line", "String", False, ()),
    ("essay", "LongText", False, ()),
    ("phone", "Phone", False, ()),
    ("rich", "RichText", False, ()),
    ("count", "Number", False, ()),
    ("day", "Date", False, ()),
    ("mail", "Email", False, ()),
    ("site", "Url", False, ()),
    ("ref", "UUID", False, ()),
    ("pay", "Currency", False, ()),
    ("span", "NumberRange", False, ()),
    ("band", "CompensationRange", False, ()),
    ("upload", "File", False, ()),
]
UUID = "3ae2b801-19f6-41ef-ad28-214bd731948f"
RANGE = {"type": "number-range", "minValue": 1, "maxValue": 10}
BAND = {
    "type": "compensation-range",
    "minValue": 100000,
    "maxValue": 150000,
    "currencyCode": "USD",
    "interval": "1 YEAR",
}

ACCEPTED: list[tuple[str, Any]] = [
    ("score", {"score": 4}),
    ("pick", "yes"),
    ("picks", ["a", "b"]),
    ("picks", []),
    ("flag", False),
    ("line", "A string"),
    ("essay", "Long\ntext"),
    ("phone", "+1 555 0100"),
    ("rich", {"type": "PlainText", "value": "Plain text"}),
    ("count", 42),
    ("day", "2026-03-10"),
    ("mail", "someone@example.com"),
    ("site", "https://example.com/x"),
    ("site", ""),
    ("ref", UUID),
    ("ref", {"value": UUID}),
    ("pay", {"value": 100000, "currencyCode": "USD"}),
    ("span", RANGE),
    ("band", BAND),
]
REFUSED: list[tuple[str, Any]] = [
    ("score", 4),
    ("score", {"score": 5}),
    ("score", {"score": "4"}),
    ("score", {"score": True}),
    ("pick", "maybe"),
    ("picks", ["a", "c"]),
    ("picks", "a"),
    ("flag", "yes"),
    ("line", 3),
    ("rich", "bare text"),
    ("rich", {"type": "Html", "value": "<p>x</p>"}),
    ("count", 2.5),
    ("count", "3"),
    ("count", True),
    ("day", "2026-02-30"),
    ("day", "10/03/2026"),
    ("mail", "not-an-email"),
    ("site", "ftp://example.com"),
    ("ref", "not-a-uuid"),
    ("pay", {"value": 1, "currencyCode": "dollars"}),
    ("span", {"type": "number-range", "minValue": 10, "maxValue": 1}),
    ("band", {**BAND, "interval": "yearly"}),
    ("upload", "file.pdf"),
]


def _form() -> dict[str, Any]:
    fields = []
    for path, kind, required, choices in FIELDS:
        spec: dict[str, Any] = {"id": str(uuid.uuid4()), "type": kind, "path": path, "title": path, "isNullable": True}
        if choices:
            spec["selectableValues"] = [{"label": c.title(), "value": c} for c in choices]
        fields.append({"isRequired": required, "field": spec})
    return {"id": str(uuid.uuid4()), "title": "All Types", "formDefinition": {"sections": [{"fields": fields}]}}


class Setup:
    def __init__(self, api: Api, sandbox: Sandbox) -> None:
        self.api = api
        self.sandbox = sandbox

    async def interview(self, *interviewers: str) -> dict[str, Any]:
        """A submission body for a new interview of Alex Kim's run by ``interviewers``, on the all-types form."""
        store = self.sandbox.store
        form = _form()
        store.forms.add({**form, "isArchived": False, "isDefaultForm": False, "interviewId": None})
        interview_id = str(uuid.uuid4())
        store.interviews.add(
            {
                "id": interview_id,
                "title": "All types",
                "isArchived": False,
                "isDebrief": False,
                "isFeedbackRequired": True,
                "isFeedbackRequested": True,
                "instructionsPlain": "",
                "jobId": None,
                "feedbackFormDefinitionId": form["id"],
            }
        )
        alex = await self.api.application("alex.kim.design@example.com")
        event = {
            "startTime": "2026-03-10T07:00:00Z",
            "endTime": "2026-03-10T08:00:00Z",
            "interviewers": [{"email": e} for e in interviewers],
            "interviewId": interview_id,
        }
        schedule = await self.api.ok(
            "interviewSchedule.create", {"applicationId": alex["id"], "interviewEvents": [event]}
        )
        return {
            "formDefinitionId": form["id"],
            "applicationId": alex["id"],
            "userId": await self.api.user_id(interviewers[0]),
            "interviewEventId": schedule["interviewEvents"][0]["id"],
            "feedbackForm": {"fieldSubmissions": [{"path": "score", "value": {"score": 3}}]},
        }


def _with(body: dict[str, Any], *items: tuple[str, Any]) -> dict[str, Any]:
    submissions = [{"path": path, "value": value} for path, value in items]
    return {**body, "feedbackForm": {"fieldSubmissions": submissions}}


async def test_every_documented_value_format_is_accepted(api: Api, sandbox: Sandbox) -> None:
    body = await Setup(api, sandbox).interview(DANA)
    by_path: dict[str, Any] = {}
    for path, value in ACCEPTED:
        by_path[path] = value  # the last of each path
    result = await api.ok("applicationFeedback.submit", _with(body, *by_path.items()))
    assert result["submittedFormInstance"]["submittedValues"] == by_path
    for path, value in ACCEPTED:  # each alone, with the required score
        items = [("score", {"score": 2})] if path != "score" else []
        await api.ok(
            "applicationFeedback.submit",
            _with({**body, "interviewEventId": None, "userId": None}, *items, (path, value)),
        )


@pytest.mark.parametrize(("path", "value"), REFUSED, ids=[f"{p}={v!r}" for p, v in REFUSED])
async def test_other_values_are_refused_naming_the_field(api: Api, sandbox: Sandbox, path: str, value: Any) -> None:
    body = await Setup(api, sandbox).interview(DANA)
    items = [("score", {"score": 2})] if path != "score" else []
    info = await api.error("applicationFeedback.submit", _with(body, *items, (path, value)))
    assert info["code"] == "invalid_input" and f"Field {path} " in info["message"]


async def test_required_fields_paths_and_nulls(api: Api, sandbox: Sandbox) -> None:
    body = await Setup(api, sandbox).interview(DANA)
    info = await api.error("applicationFeedback.submit", _with(body, ("line", "no score")))
    assert "Required feedback fields missing: score" in info["message"]
    info = await api.error("applicationFeedback.submit", _with(body, ("score", None)))
    assert "score is required" in info["message"]
    info = await api.error("applicationFeedback.submit", _with(body, ("score", {"score": 1}), ("nope", "x")))
    assert "'nope' is not part of form" in info["message"]
    twice = _with(body, ("score", {"score": 1}), ("score", {"score": 2}))
    assert "more than once" in (await api.error("applicationFeedback.submit", twice))["message"]
    # An optional field sent as null answers nothing.
    result = await api.ok("applicationFeedback.submit", _with(body, ("score", {"score": 1}), ("line", None)))
    assert result["submittedFormInstance"]["submittedValues"] == {"score": {"score": 1}}


async def test_only_a_user_may_submit_and_on_an_event_only_its_interviewers(api: Api, sandbox: Sandbox) -> None:
    setup = Setup(api, sandbox)
    body = await setup.interview(DANA)
    outsider = {**body, "userId": await api.user_id(SAM)}
    info = await api.error("applicationFeedback.submit", outsider)
    assert info["code"] == "invalid_input" and "interviewers" in info["message"]
    info = await api.error("applicationFeedback.submit", {**body, "userId": None})
    assert "userId is required" in info["message"]
    info = await api.error(
        "applicationFeedback.submit", {**body, "interviewEventId": None, "userId": str(uuid.uuid4())}
    )
    assert info["code"] == "user_not_found"
    former = await api.user_id(FORMER)
    info = await api.error("applicationFeedback.submit", {**body, "interviewEventId": None, "userId": former})
    assert "active Ashby user" in info["message"]
    jane = await api.application("jane.doe@example.com")
    info = await api.error("applicationFeedback.submit", {**body, "applicationId": jane["id"]})
    assert info["code"] == "interview_event_not_found"
    # Without an event, feedback may be credited to any enabled user (or the key's own).
    assert await api.ok("applicationFeedback.submit", {**body, "interviewEventId": None, "userId": None})


async def test_a_submission_changes_nothing_else_and_sends_no_webhook(api: Api, sandbox: Sandbox) -> None:
    body = await Setup(api, sandbox).interview(DANA)
    sent: list[Any] = []
    sandbox.webhooks.emit = sent.extend  # type: ignore[method-assign]
    store = sandbox.store
    application = store.applications.rows[body["applicationId"]]
    candidate = store.candidates.rows[application["candidateId"]]
    before = (dict(application), dict(candidate), len(application["history"]))
    _, feedback_token = await api.everything("applicationFeedback.list")
    _, schedule_token = await api.everything("interviewSchedule.list")

    result = await api.ok("applicationFeedback.submit", body)

    assert sent == []
    assert (dict(application), dict(candidate), len(application["history"])) == before
    new, _ = await api.everything("applicationFeedback.list", {"syncToken": feedback_token})
    assert [f["id"] for f in new] == [result["submittedFormInstance"]["id"]]
    assert new[0]["interviewEventId"] == body["interviewEventId"] and new[0]["submittedByUser"]["email"] == DANA
    changed, _ = await api.everything("interviewSchedule.list", {"syncToken": schedule_token})
    (event,) = [e for s in changed for e in s["interviewEvents"] if e["id"] == body["interviewEventId"]]
    assert event["hasSubmittedFeedback"] is True
