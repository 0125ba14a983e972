"""Ashby events read as changes: from webhooks (in Ashby's camelCase shape, with the extra keys and nulls real
deliveries carry) and from the index's incremental syncs, and the one key both paths give the same change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ashby import models as m
from ashby.changes import Change, expected_keys, from_sync, from_webhook, offer_changes, stage_change
from ashby.events import TOPIC_LABELS, TOPIC_OF, Kind, Topic
from ashby.index import CandidateIndex, IndexedApplication

APP = "9f2c1b7e-4d1a-4c3e-9b7a-3f0e2d5c8a11"
CANDIDATE = "c7a1e2d3-5b6f-4a8e-9c0d-1e2f3a4b5c6d"
JOB = "5e0d9c8b-7a6f-4e3d-8c2b-1a0f9e8d7c6b"
OFFER = "0ffe4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b"
VERSION_1 = "7e51a0b2-0000-4000-8000-000000000001"
VERSION_2 = "7e51a0b2-0000-4000-8000-000000000002"

#: Stages of one interview plan, as Ashby's InterviewStage objects.
STAGES: dict[str, dict[str, Any]] = {
    "Lead": {"id": "st-lead-0001", "title": "Sourced", "type": "Lead", "orderInInterviewPlan": 0},
    "Screen": {
        "id": "st-screen-0002",
        "title": "Recruiter Screen",
        "type": "PreInterviewScreen",
        "orderInInterviewPlan": 1,
    },
    "Onsite": {"id": "st-onsite-0003", "title": "Onsite", "type": "Active", "orderInInterviewPlan": 3},
    "Offer": {"id": "st-offer-0004", "title": "Offer", "type": "Offer", "orderInInterviewPlan": 4},
    "Hired": {"id": "st-hired-0005", "title": "Hired", "type": "Hired", "orderInInterviewPlan": 5},
    "Archived": {"id": "st-archived-0006", "title": "Archived", "type": "Archived", "orderInInterviewPlan": 6},
}
STATUS_OF_STAGE = {"Lead": "Lead", "Hired": "Hired", "Archived": "Archived"}


def stage_json(name: str) -> dict[str, Any]:
    return {**STAGES[name], "interviewStageGroupId": None, "interviewPlanId": "plan-0001"}


def application(stage: str = "Onsite", *, status: str | None = None, **overrides: Any) -> dict[str, Any]:
    """An Application as webhooks carry it (reference §2.8), with keys the bot does not read and explicit nulls."""
    raw: dict[str, Any] = {
        "id": APP,
        "createdAt": "2026-03-02T09:15:54.420Z",
        "updatedAt": "2026-03-09T14:07:57.779Z",
        "status": status or STATUS_OF_STAGE.get(stage, "Active"),
        "customFields": None,
        "candidate": {
            "id": CANDIDATE,
            "name": "Jane Doe",
            "primaryEmailAddress": {"value": "jane.doe@example.com", "type": "Personal", "isPrimary": True},
            "primaryPhoneNumber": {"value": "+1 415 555 0134", "type": "Mobile", "isPrimary": True},
        },
        "currentInterviewStage": stage_json(stage),
        "source": {
            "id": "src-1",
            "title": "Wellfound",
            "isArchived": False,
            "sourceType": {"id": "stype-1", "title": "Sourced", "isArchived": False},
        },
        "archiveReason": None,
        "job": {
            "id": JOB,
            "title": "Senior Backend Engineer",
            "locationId": "loc-1",
            "departmentId": "dep-1",
            "brandId": "b-1",
        },
        "creditedToUser": None,
        "hiringTeam": [
            {"userId": "u-1", "firstName": "Ana", "lastName": "Ruiz", "email": "ana@example.com", "role": "Recruiter"}
        ],
        "appliedViaJobPostingId": "post-1",
        "submitterClientIp": None,
        "submitterUserAgent": None,
        "someFieldAshbyAddedLater": {"nested": [1, 2, 3]},
    }
    if stage == "Archived":
        raw["archiveReason"] = {
            "id": "ar-1",
            "text": "Not a fit right now",
            "reasonType": "RejectedByOrg",
            "isArchived": False,
            "customFields": [],
        }
        raw["archivedAt"] = "2026-03-09T14:07:57.779Z"
    raw.update(overrides)
    return raw


def offer(
    *,
    acceptance: str | None = "Pending",
    approval: str | None = "WaitingOnApprovals",
    version: str = VERSION_1,
    **overrides: Any,
) -> dict[str, Any]:
    """An Offer as offerCreate / offerUpdate carry it (reference §2.15): latestVersion plus versions."""
    latest: dict[str, Any] = {
        "id": version,
        "startDate": "2026-04-01T00:00:00.000Z",
        "salary": {"currencyCode": "EUR", "value": 95000},
        "createdAt": "2026-03-10T10:00:00.000Z",
        "customFields": [],
        "fileHandles": [],
        "author": {"id": "u-1", "firstName": "Ana", "lastName": "Ruiz", "email": "ana@example.com"},
        "approvalStatus": approval,
    }
    raw: dict[str, Any] = {
        "id": OFFER,
        "applicationId": APP,
        "acceptanceStatus": acceptance,
        "offerStatus": "WaitingOnOfferApproval",
        "latestVersion": latest,
        "versions": [latest],
        "formDefinition": {"sections": []},
    }
    raw.update(overrides)
    return raw


def keys(changes: list[Change]) -> list[str]:
    return [c.key for c in changes]


# -- from_webhook: actions that tell a change -------------------------------------------------------------


def test_application_submit_is_applied_and_carries_the_record() -> None:
    [change] = from_webhook("applicationSubmit", {"application": application("Screen")})
    assert change.kind is Kind.APPLIED
    assert change.key == f"applied:{APP}"
    assert change.application_id == APP
    assert change.offer_id is None
    assert change.application is not None
    assert change.application.candidate.name == "Jane Doe"
    assert change.application.job.title == "Senior Backend Engineer"


def test_application_submit_for_a_lead_is_applied_too() -> None:
    [change] = from_webhook("applicationSubmit", {"application": application("Lead")})
    assert (change.kind, change.key) == (Kind.APPLIED, f"applied:{APP}")


@pytest.mark.parametrize("stage", ["Screen", "Onsite", "Offer", "Lead"])
def test_stage_change_to_an_open_stage_is_moved_keyed_by_stage(stage: str) -> None:
    [change] = from_webhook("candidateStageChange", {"application": application(stage)})
    stage_id = STAGES[stage]["id"]
    assert change.kind is Kind.MOVED
    assert change.key == f"moved:{APP}:{stage_id}"
    assert change.application is not None
    assert change.application.current_interview_stage is not None
    assert change.application.current_interview_stage.id == stage_id


def test_stage_change_to_an_archived_stage_is_archived() -> None:
    [change] = from_webhook("candidateStageChange", {"application": application("Archived")})
    assert (change.kind, change.key) == (Kind.ARCHIVED, f"archived:{APP}")
    assert change.application is not None
    assert change.application.archive_reason is not None
    assert change.application.archive_reason.text == "Not a fit right now"


def test_stage_change_to_a_hired_stage_is_hired() -> None:
    [change] = from_webhook("candidateStageChange", {"application": application("Hired")})
    assert (change.kind, change.key) == (Kind.HIRED, f"hired:{APP}")


def test_candidate_hire_has_the_key_of_the_sibling_stage_change() -> None:
    data = {"application": application("Hired"), "offer": offer(acceptance="Accepted", approval="Approved")}
    [hire] = from_webhook("candidateHire", data)
    [stage] = from_webhook("candidateStageChange", {"application": application("Hired")})
    assert hire.kind is Kind.HIRED
    assert hire.key == stage.key == f"hired:{APP}"
    # The accepted offer riding along does not become its own change here (offerUpdate tells that).
    assert hire.offer_id is None


def test_candidate_hire_is_hired_whatever_stage_the_record_shows() -> None:
    # Ashby may deliver candidateHire before the record's stage reads Hired: the action decides.
    [change] = from_webhook("candidateHire", {"application": application("Offer", status="Hired")})
    assert (change.kind, change.key) == (Kind.HIRED, f"hired:{APP}")


def test_offer_create_is_offer_created() -> None:
    [change] = from_webhook("offerCreate", {"offer": offer()})
    assert change.kind is Kind.OFFER_CREATED
    assert change.key == f"offer_created:{OFFER}"
    assert change.application_id == APP
    assert change.offer_id == OFFER
    assert change.application is None  # whoever tells people looks it up


def test_offer_create_already_approved_tells_both() -> None:
    changes = from_webhook("offerCreate", {"offer": offer(approval="Approved")})
    assert [c.kind for c in changes] == [Kind.OFFER_CREATED, Kind.OFFER_APPROVED]
    assert keys(changes) == [f"offer_created:{OFFER}", f"offer_approved:{OFFER}:{VERSION_1}"]


def test_offer_update_approved_is_keyed_per_version() -> None:
    [first] = from_webhook("offerUpdate", {"offer": offer(approval="Approved")})
    [again] = from_webhook("offerUpdate", {"offer": offer(approval="Approved")})
    [second] = from_webhook("offerUpdate", {"offer": offer(approval="Approved", version=VERSION_2)})
    assert first.kind is Kind.OFFER_APPROVED
    assert first.key == again.key == f"offer_approved:{OFFER}:{VERSION_1}"
    assert second.key == f"offer_approved:{OFFER}:{VERSION_2}"
    assert first.offer_id == second.offer_id == OFFER
    assert first.application_id == APP


@pytest.mark.parametrize("approval", ["WaitingOnApprovals", "Declined", "None", None])
def test_offer_update_not_approved_tells_nothing(approval: str | None) -> None:
    assert from_webhook("offerUpdate", {"offer": offer(approval=approval)}) == []


@pytest.mark.parametrize(("acceptance", "kind"), [("Accepted", Kind.OFFER_ACCEPTED), ("Declined", Kind.OFFER_DECLINED)])
def test_offer_update_accepted_or_declined(acceptance: str, kind: Kind) -> None:
    [change] = from_webhook("offerUpdate", {"offer": offer(acceptance=acceptance, approval=None)})
    assert change.kind is kind
    assert change.key == f"{kind.value}:{OFFER}"
    assert (change.application_id, change.offer_id) == (APP, OFFER)


def test_offer_decided_after_approval_tells_only_the_decision() -> None:
    # Once the candidate has answered, the answer is the news; the approval is not told again.
    accepted = from_webhook("offerUpdate", {"offer": offer(acceptance="Accepted", approval="Approved")})
    declined = from_webhook("offerUpdate", {"offer": offer(acceptance="Declined", approval="Approved")})
    assert keys(accepted) == [f"offer_accepted:{OFFER}"]
    assert keys(declined) == [f"offer_declined:{OFFER}"]


@pytest.mark.parametrize("acceptance", ["Pending", "Created", "Cancelled", "WaitingOnResponse", None, "SomethingNew"])
def test_offer_update_other_acceptance_states_tell_nothing(acceptance: str | None) -> None:
    assert from_webhook("offerUpdate", {"offer": offer(acceptance=acceptance)}) == []


def test_offer_without_a_latest_version_still_tells_acceptance() -> None:
    raw = offer(acceptance="Declined", latestVersion=None, versions=None)
    assert keys(from_webhook("offerUpdate", {"offer": raw})) == [f"offer_declined:{OFFER}"]
    raw = offer(acceptance="Pending")
    del raw["latestVersion"], raw["versions"]
    assert keys(from_webhook("offerCreate", {"offer": raw})) == [f"offer_created:{OFFER}"]


def test_offer_changes_on_a_model() -> None:
    approved = m.Offer.model_validate(offer(acceptance="WaitingOnResponse", approval="Approved"))
    assert [c.kind for c in offer_changes(approved)] == [Kind.OFFER_APPROVED]
    assert [c.kind for c in offer_changes(approved, created=True)] == [Kind.OFFER_CREATED, Kind.OFFER_APPROVED]


def test_stage_change_on_a_model() -> None:
    model = m.Application.model_validate(application("Offer"))
    change = stage_change(model)
    assert (change.kind, change.key, change.application) == (Kind.MOVED, f"moved:{APP}:st-offer-0004", model)


# -- from_webhook: actions that tell nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("applicationUpdate", {"application": application("Onsite")}),
        ("applicationUpdate", {"application": application("Hired")}),
        ("jobUpdate", {"job": {"id": JOB, "title": "Senior Backend Engineer", "confidential": False}}),
        ("jobCreate", {"job": {"id": JOB, "title": "Senior Backend Engineer", "confidential": True}}),
        ("ping", {"webhookActionType": "ping"}),
        ("ping", {}),
        (
            "surveySubmit",
            {
                "surveySubmission": {
                    "id": "s-1",
                    "surveyFormDefinitionId": None,
                    "submittedAt": "2026-03-09T14:07:57.779Z",
                    "candidateId": CANDIDATE,
                    "applicationId": APP,
                    "surveyType": "CandidateExperience",
                }
            },
        ),
        ("offerDelete", {"offer": {"id": OFFER, "applicationId": APP}}),
        ("pushToHRIS", {"application": application("Hired")}),
        ("candidateDelete", {"candidate": {"id": CANDIDATE}}),
        ("candidateMerge", {"deletedCandidate": {"id": "x"}, "mergedCandidate": {"id": CANDIDATE}}),
        ("interviewScheduleUpdate", {"interviewSchedule": {"id": "is-1", "applicationId": APP}}),
        ("jobPostingPublish", {"jobPosting": {"id": "post-1"}}),
        ("", {"application": application()}),
        ("ApplicationSubmit", {"application": application()}),  # actions are case-sensitive
    ],
)
def test_actions_that_tell_nothing(action: str, data: dict[str, Any]) -> None:
    assert from_webhook(action, data) == []


# -- from_webhook: malformed data never raises ---------------------------------------------------------------


def _without(raw: dict[str, Any], *path: str) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    node = out
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return out


BAD_APPLICATIONS: list[Any] = [
    None,
    "9f2c1b7e",
    42,
    [application()],
    {},
    _without(application(), "id"),
    _without(application(), "status"),
    _without(application(), "candidate"),
    _without(application(), "job"),
    _without(application(), "candidate", "id"),
    _without(application(), "job", "title"),
    application(candidate=None),
    application(job=None),
    {**application(), "status": None},
    application(id=None),
    application(candidate="Jane Doe"),
    application(currentInterviewStage={"title": "Onsite"}),  # a stage without its id
    application(currentInterviewStage="Onsite"),
    application(hiringTeam="Ana"),
    application(createdAt="last tuesday"),
]


@pytest.mark.parametrize("action", ["applicationSubmit", "candidateStageChange", "candidateHire"])
@pytest.mark.parametrize("bad", BAD_APPLICATIONS)
def test_malformed_applications_tell_nothing(action: str, bad: Any) -> None:
    assert from_webhook(action, {"application": bad}) == []


@pytest.mark.parametrize("action", ["applicationSubmit", "candidateStageChange", "candidateHire"])
@pytest.mark.parametrize("data", [{}, {"candidate": {"id": CANDIDATE}}, {"webhookActionType": "ping"}])
def test_application_actions_without_an_application_tell_nothing(action: str, data: dict[str, Any]) -> None:
    assert from_webhook(action, data) == []


BAD_OFFERS: list[Any] = [
    None,
    OFFER,
    [offer()],
    {},
    _without(offer(), "id"),
    _without(offer(), "applicationId"),
    offer(applicationId=None),
    offer(id=12345),
    offer(latestVersion={"approvalStatus": "Approved"}),  # a version without its id
    offer(latestVersion="v1"),
    offer(decidedAt="soon"),
]


@pytest.mark.parametrize("action", ["offerCreate", "offerUpdate"])
@pytest.mark.parametrize("bad", BAD_OFFERS)
def test_malformed_offers_tell_nothing(action: str, bad: Any) -> None:
    assert from_webhook(action, {"offer": bad}) == []


def test_nulls_and_unknown_keys_are_tolerated() -> None:
    raw = application(
        "Onsite",
        customFields=None,
        hiringTeam=None,
        source=None,
        creditedToUser=None,
        applicationHistory=None,
        openings=None,
        archivedAt=None,
        referrals=[{"user": None}],
    )
    raw["candidate"] = {"id": CANDIDATE, "name": "Jane Doe", "primaryEmailAddress": None, "primaryPhoneNumber": None}
    raw["currentInterviewStage"] = {**stage_json("Onsite"), "interviewPlanId": None, "somethingNew": True}
    [change] = from_webhook("candidateStageChange", {"application": raw, "extra": None})
    assert change.key == f"moved:{APP}:st-onsite-0003"
    assert change.application is not None
    assert change.application.hiring_team == []

    loose = offer(acceptance=None, offerStatus=None, versions=None, formDefinition=None, unknownKey=[None])
    loose["latestVersion"] = {"id": VERSION_1, "approvalStatus": "Approved", "salary": None, "author": None}
    assert keys(from_webhook("offerUpdate", {"offer": loose, "webhookActionId": "w-1"})) == [
        f"offer_approved:{OFFER}:{VERSION_1}"
    ]


def test_a_new_stage_type_is_read_as_a_move() -> None:
    raw = application(currentInterviewStage={"id": "st-new", "title": "Take-home", "type": "SomethingNew"})
    [change] = from_webhook("candidateStageChange", {"application": raw})
    assert (change.kind, change.key) == (Kind.MOVED, f"moved:{APP}:st-new")


def test_the_payload_is_not_modified() -> None:
    data = {"application": application("Archived")}
    before = copy.deepcopy(data)
    from_webhook("candidateStageChange", data)
    assert data == before


# -- from_sync ------------------------------------------------------------------------------------------------


def indexed(status: str = "Active", stage: str | None = "st-onsite-0003", **overrides: Any) -> IndexedApplication:
    fields: dict[str, Any] = {
        "id": APP,
        "candidate_id": CANDIDATE,
        "status": status,
        "job_id": JOB,
        "stage_id": stage,
        "updated_at": 1_773_000_000.0,
    }
    fields.update(overrides)
    return IndexedApplication(**fields)


@pytest.mark.parametrize("status", ["Active", "Lead"])
def test_sync_new_open_application_is_applied(status: str) -> None:
    change = from_sync(None, indexed(status))
    assert change is not None
    assert (change.kind, change.key, change.application_id) == (Kind.APPLIED, f"applied:{APP}", APP)
    assert change.application is None and change.offer_id is None


@pytest.mark.parametrize("status", ["Archived", "Hired"])
def test_sync_new_closed_application_tells_nothing(status: str) -> None:
    # An application the index first sees already archived or hired (an import, a late sync) is old news.
    assert from_sync(None, indexed(status, "st-archived-0006")) is None


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [("Active", "Archived", Kind.ARCHIVED), ("Lead", "Archived", Kind.ARCHIVED), ("Active", "Hired", Kind.HIRED)],
)
def test_sync_status_change_to_archived_or_hired(before: str, after: str, kind: Kind) -> None:
    change = from_sync(indexed(before), indexed(after, "st-archived-0006" if after == "Archived" else "st-hired-0005"))
    assert change is not None
    assert (change.kind, change.key) == (kind, f"{kind.value}:{APP}")


def test_sync_status_change_wins_over_the_stage_change_it_came_with() -> None:
    change = from_sync(indexed("Active", "st-onsite-0003"), indexed("Hired", "st-offer-0004"))
    assert change is not None and change.kind is Kind.HIRED


@pytest.mark.parametrize("status", ["Active", "Lead"])
def test_sync_stage_change_while_open_is_moved(status: str) -> None:
    change = from_sync(indexed(status, "st-screen-0002"), indexed(status, "st-onsite-0003"))
    assert change is not None
    assert (change.kind, change.key) == (Kind.MOVED, f"moved:{APP}:st-onsite-0003")


def test_sync_lead_becoming_active_in_a_new_stage_is_moved() -> None:
    change = from_sync(indexed("Lead", "st-lead-0001"), indexed("Active", "st-screen-0002"))
    assert change is not None and change.key == f"moved:{APP}:st-screen-0002"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (indexed(), indexed()),
        (indexed(), indexed(updated_at=1_773_999_999.0)),  # touched, nothing people hear about
        (indexed(), indexed(job_id="another-job")),  # transferred without a stage change
        (indexed(), indexed(stage=None)),  # the stage went missing from the record
        (indexed("Archived", "st-archived-0006"), indexed("Archived", "st-archived-0006")),
        (indexed("Archived", "st-archived-0006"), indexed("Archived", "st-other-archived")),
        (indexed("Hired", "st-hired-0005"), indexed("Hired", "st-hired-0005")),
        (indexed("Active"), indexed("Lead")),
    ],
)
def test_sync_nothing_people_hear_about(before: IndexedApplication, after: IndexedApplication) -> None:
    assert from_sync(before, after) is None


# -- one change, one key: webhooks and syncs agree --------------------------------------------------------------


def _synced(raw: dict[str, Any], index: CandidateIndex) -> IndexedApplication:
    index.apply_applications([raw])
    found = index.application(raw["id"])
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("before_stage", "action", "after_stage"),
    [
        (None, "applicationSubmit", "Screen"),
        (None, "applicationSubmit", "Lead"),
        ("Screen", "candidateStageChange", "Onsite"),
        ("Lead", "candidateStageChange", "Screen"),
        ("Onsite", "candidateStageChange", "Offer"),
        ("Onsite", "candidateStageChange", "Archived"),
        ("Offer", "candidateStageChange", "Hired"),
        ("Offer", "candidateHire", "Hired"),
    ],
)
def test_webhook_and_sync_give_the_same_key(before_stage: str | None, action: str, after_stage: str) -> None:
    after_raw = application(after_stage, updatedAt="2026-03-10T08:00:00.000Z")
    [by_webhook] = from_webhook(action, {"application": after_raw})

    index = CandidateIndex()
    before = _synced(application(before_stage), index) if before_stage else None
    by_sync = from_sync(before, _synced(after_raw, index))

    assert by_sync is not None
    assert by_sync.kind is by_webhook.kind
    assert by_sync.key == by_webhook.key
    assert by_sync.application_id == by_webhook.application_id == APP


def test_every_change_of_a_hire_shares_one_key() -> None:
    hired = application("Hired")
    told = {
        c.key
        for action in ("candidateStageChange", "candidateHire")
        for c in from_webhook(action, {"application": hired})
    }
    synced = from_sync(indexed("Active", "st-offer-0004"), indexed("Hired", "st-hired-0005"))
    assert synced is not None
    assert told == {synced.key} == {f"hired:{APP}"}


def test_moves_to_different_stages_have_different_keys() -> None:
    moved = {
        from_webhook("candidateStageChange", {"application": application(s)})[0].key
        for s in ("Screen", "Onsite", "Offer")
    }
    assert len(moved) == 3


# -- expected_keys: a write from Slack names the change its webhook will bring -----------------------------------------


@pytest.mark.parametrize(
    ("write", "to_stage", "action"),
    [
        ("move", "Onsite", "candidateStageChange"),
        ("move", "Offer", "candidateStageChange"),
        ("move", "Archived", "candidateStageChange"),
        ("move", "Hired", "candidateStageChange"),
        ("transfer", "Screen", "candidateStageChange"),
        ("reject", "Archived", "candidateStageChange"),
        ("hire", "Hired", "candidateStageChange"),
        ("hire", "Hired", "candidateHire"),
    ],
)
def test_expected_keys_cover_the_webhook_the_write_brings(write: str, to_stage: str, action: str) -> None:
    stage_id = STAGES[to_stage]["id"] if write in ("move", "transfer") else None
    [change] = from_webhook(action, {"application": application(to_stage)})
    assert change.key in expected_keys(write, APP, stage_id)


def test_expected_keys_for_what_tells_nothing() -> None:
    assert expected_keys("move", None, "st-onsite-0003") == []
    assert expected_keys("move", APP, None) == []
    assert expected_keys("note", APP, None) == []
    assert expected_keys("tag", APP, "st-onsite-0003") == []
    assert expected_keys("reject", APP, None) == [f"archived:{APP}"]
    assert expected_keys("hire", APP, None) == [f"hired:{APP}"]


# -- Change JSON ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        Change(f"applied:{APP}", Kind.APPLIED, APP),
        Change(f"moved:{APP}:st-onsite-0003", Kind.MOVED, APP),
        Change(f"offer_approved:{OFFER}:{VERSION_1}", Kind.OFFER_APPROVED, APP, offer_id=OFFER),
        Change(f"offer_declined:{OFFER}", Kind.OFFER_DECLINED, APP, offer_id=OFFER),
    ],
)
def test_change_json_round_trip(change: Change) -> None:
    data = change.to_json()
    assert set(data) == {"key", "kind", "application_id", "offer_id"}
    assert data["kind"] == change.kind.value
    assert Change.from_json(data) == change


def test_change_json_leaves_the_record_behind() -> None:
    [change] = from_webhook("candidateStageChange", {"application": application("Onsite")})
    assert change.application is not None
    data = change.to_json()
    assert "Jane Doe" not in str(data) and "jane.doe@example.com" not in str(data)
    back = Change.from_json(data)
    assert back.application is None
    assert (back.key, back.kind, back.application_id, back.offer_id) == (
        change.key,
        change.kind,
        change.application_id,
        change.offer_id,
    )


def test_change_from_json_is_tolerant_of_odd_offer_ids_and_strict_on_kind() -> None:
    base = {"key": f"hired:{APP}", "kind": "hired", "application_id": APP}
    assert Change.from_json(base).offer_id is None
    assert Change.from_json({**base, "offer_id": 7}).offer_id is None
    assert Change.from_json({**base, "offer_id": None}).offer_id is None
    with pytest.raises(ValueError):
        Change.from_json({**base, "kind": "promoted"})
    with pytest.raises(KeyError):
        Change.from_json({"kind": "hired", "application_id": APP})


# -- events -------------------------------------------------------------------------------------------------------


def test_every_kind_has_a_topic_and_every_topic_a_label() -> None:
    assert set(TOPIC_OF) == set(Kind)
    assert {kind.topic for kind in Kind} == set(Topic)
    assert set(TOPIC_LABELS) == set(Topic)
    assert Kind.OFFER_DECLINED.topic is Topic.OFFERS
    assert Topic.HIRES.label == "Hires"
