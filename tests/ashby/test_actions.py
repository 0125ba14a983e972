"""Each write action maps to exactly one Ashby call with Ashby's field names."""

from datetime import UTC, datetime

import pytest

from ashby.actions import Action, Writer


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
def test_calls(fields: dict[str, object], endpoint: str, params: dict[str, object]) -> None:
    assert Writer.call_for(action(**fields)) == (endpoint, params)


def test_summaries_name_who_and_what() -> None:
    move = action(kind="move", job_title="Backend", from_stage="Onsite", to_stage="Offer")
    assert move.summary() == "Move Jane Doe from Onsite to Offer (Backend)"
    assert move.done() == "Moved Jane Doe to Offer"
