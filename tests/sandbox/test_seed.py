"""Seed data is deterministic and internally consistent."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from ashby.sandbox import Sandbox
from ashby.sandbox.tables import Tables
from tests.sandbox.support import NOW


@pytest.fixture(scope="module")
def store() -> Tables:
    return Sandbox(seed=11, candidates=1500, now=NOW).store


def test_same_seed_same_tenant() -> None:
    first, second = (
        Sandbox(seed=5, candidates=200, now=NOW).store,
        Sandbox(seed=5, candidates=200, now=NOW).store,
    )
    assert [c["id"] for c in first.candidates] == [c["id"] for c in second.candidates]
    assert [c["name"] for c in first.candidates] == [c["name"] for c in second.candidates]
    assert [a["history"] for a in first.applications] == [a["history"] for a in second.applications]
    third = Sandbox(seed=6, candidates=200, now=NOW).store
    assert [c["name"] for c in third.candidates] != [c["name"] for c in first.candidates]


def test_counts_and_status_mix(store: Tables) -> None:
    assert len(store.candidates) == 1500
    statuses = Counter(a["status"] for a in store.applications)
    total = sum(statuses.values())
    assert 0.40 < statuses["Active"] / total < 0.65
    assert 0.25 < statuses["Archived"] / total < 0.50
    assert 0.01 < statuses["Hired"] / total < 0.07
    assert 0.03 < statuses["Lead"] / total < 0.12
    emails = [value.lower() for c in store.candidates for value, _, _ in c["emails"]]
    assert len(emails) == len(set(emails))


def test_histories_move_forward_through_the_plan(store: Tables) -> None:
    for application in store.applications:
        history = application["history"]
        assert history[-1][1] == application["stageId"] and history[-1][3] is None
        for earlier, later in itertools.pairwise(history):
            assert earlier[2] <= later[2] and earlier[3] == later[2]
        stage = store.stages.rows[application["stageId"]]
        assert stage["interviewPlanId"] == store.jobs.rows[application["jobId"]]["defaultInterviewPlanId"]
        archived = application["status"] == "Archived"
        assert (application["archiveReasonId"] is not None) == archived
        assert (application["archivedAt"] is not None) == archived
        assert application["createdAt"] >= store.jobs.rows[application["jobId"]]["createdAt"]


def test_interviews_feedback_and_offers_line_up(store: Tables) -> None:
    for feedback in store.feedback:
        event = store.events.rows[feedback["eventId"]]
        assert feedback["userId"] in event["submittedBy"]
        assert event["endTime"] <= feedback["submittedAt"] or event["startTime"] < feedback["submittedAt"]
    for event in store.events:
        assert event["endTime"] > event["startTime"]
        assert set(event["submittedBy"]) <= {user for user, _ in event["interviewers"]}
        assert all(store.users.rows[user]["isEnabled"] for user, _ in event["interviewers"])
    for offer in store.offers:
        status = store.applications.rows[offer["applicationId"]]["status"]
        assert (offer["offerStatus"] == "CandidateAccepted") == (status == "Hired")
        version = offer["versions"][-1]
        approval = store.approval_by_version.get(version["id"])
        assert (approval is None) == (version["approvalStatus"] is None)
        if version["approvalStatus"] == "Approved":
            assert approval is not None and approval["completedAt"] is not None


def test_there_are_interviews_today_and_this_week(store: Tables) -> None:
    day = 24 * 3600 * 1000
    now = int(NOW.timestamp() * 1000)
    today = now - now % day
    starts = [event["startTime"] for event in store.events]
    assert sum(today <= s < today + day for s in starts) >= 10
    assert sum(today + day <= s < today + 7 * day for s in starts) >= 50
