"""Each write action maps to exactly one Ashby call with Ashby's field names."""

import json
from datetime import UTC, datetime

import httpx
import pytest

from ashby import models as m
from ashby.access import Viewer
from ashby.actions import Action, Writer
from ashby.client import AshbyClient

VIEWER = Viewer(m.User(id="u1", first_name="Priya", last_name="N", email="p@x.example", global_role="Elevated Access"))


def action(**fields: object) -> Action:
    base = {"candidate_id": "c", "candidate_name": "Jane Doe", "requested_by": "U1", "requested_at": datetime.now(UTC)}
    return Action.model_validate(base | fields)


@pytest.mark.parametrize(
    ("fields", "endpoint", "params"),
    [
        (
            {"kind": "move", "application_id": "a", "to_stage_id": "s"},
            "application.changeStage",
            {"applicationId": "a", "interviewStageId": "s"},
        ),
        (
            {
                "kind": "reject",
                "application_id": "a",
                "to_stage_id": "s",
                "archive_reason_id": "r",
                "email_template_id": "t",
            },
            "application.changeStage",
            {
                "applicationId": "a",
                "interviewStageId": "s",
                "archiveReasonId": "r",
                "archiveEmail": {"communicationTemplateId": "t"},
            },
        ),
        (
            {"kind": "note", "note": "hi", "private": True},
            "candidate.createNote",
            {"candidateId": "c", "note": "hi", "isPrivate": True, "sendNotifications": False},
        ),
        ({"kind": "tag", "tag_id": "t"}, "candidate.addTag", {"candidateId": "c", "tagId": "t"}),
        ({"kind": "untag", "tag_id": "t"}, "candidate.removeTag", {"candidateId": "c", "tagId": "t"}),
        ({"kind": "add", "target_job_id": "j"}, "application.create", {"candidateId": "c", "jobId": "j"}),
        (
            {
                "kind": "transfer",
                "application_id": "a",
                "target_job_id": "j",
                "target_plan_id": "p",
                "to_stage_id": "s",
            },
            "application.transfer",
            {"applicationId": "a", "jobId": "j", "interviewPlanId": "p", "interviewStageId": "s"},
        ),
    ],
)
async def test_calls(fields: dict[str, object], endpoint: str, params: dict[str, object]) -> None:
    """The Writer makes exactly this request (seen by a mock transport) and reports Ashby's request id."""
    sent: list[tuple[str, dict[str, object]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path.strip("/"), json.loads(request.content)))
        results = (
            {"id": "x", "candidate": {"id": "c"}, "status": "Active"} if "application" in endpoint else {"id": "x"}
        )
        return httpx.Response(200, json={"success": True, "results": results, "requestId": "req-1"})

    async with AshbyClient("k", base_url="http://ashby.test", transport=httpx.MockTransport(handler)) as client:
        outcome = await Writer(client, audit_notes=False).run(action(**fields), VIEWER, slack_user_id="U1")
    assert sent == [(endpoint, params)]
    assert outcome.ok and outcome.request_id == "req-1"


def test_summaries_name_who_and_what() -> None:
    move = action(kind="move", job_title="Backend", from_stage="Onsite", to_stage="Offer")
    assert move.summary() == "Move Jane Doe from Onsite to Offer (Backend)"
    assert move.done() == "Moved Jane Doe to Offer"
