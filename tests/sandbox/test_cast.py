"""The fixed cast the bot's tests and demo rely on."""

from __future__ import annotations

from datetime import timedelta

from ashby.sandbox import Sandbox
from ashby.sandbox.clock import iso, start_of_day, to_ms
from tests.sandbox.support import NOW, Api

USERS = {
    "morgan.lee@acme.example": ("Morgan", "Lee", "Organization Admin", True),
    "priya.natarajan@acme.example": ("Priya", "Natarajan", "Elevated Access", True),
    "dana.whitfield@acme.example": ("Dana", "Whitfield", "Limited Access", True),
    "tomas.herrera@acme.example": ("Tomás", "Herrera", "Limited Access", True),
    "sam.okafor@acme.example": ("Sam", "Okafor", "External Recruiter", True),
    "casey.former@acme.example": ("Casey", "Former", "Limited Access", False),
}
JOBS = {
    "REQ-1042": ("Senior Backend Engineer", "Open", False),
    "REQ-1043": ("Product Designer", "Open", False),
    "REQ-1044": ("Frontend Engineer", "Open", False),
    "REQ-1045": ("Data Scientist", "Open", False),
    "REQ-1050": ("Account Executive", "Open", False),
    "REQ-1051": ("Customer Success Manager", "Open", False),
    "REQ-1060": ("Engineering Manager, Platform", "Open", False),
    "REQ-1099": ("VP of Finance", "Open", True),
    "REQ-1030": ("Marketing Manager", "Closed", False),
    "REQ-1070": ("Staff ML Engineer", "Draft", False),
}
STAGES = [
    ("New Lead", "Lead"),
    ("Application Review", "PreInterviewScreen"),
    ("Recruiter Screen", "PreInterviewScreen"),
    ("Hiring Manager Screen", "Active"),
    ("Technical Interview", "Active"),
    ("Onsite", "Active"),
    ("Reference Check", "Active"),
    ("Offer", "Offer"),
    ("Hired", "Hired"),
    ("Archived", "Archived"),
]


async def test_users(api: Api) -> None:
    for email, (first, last, role, enabled) in USERS.items():
        (user,) = await api.ok("user.search", {"email": email.upper()})
        assert (user["firstName"], user["lastName"], user["globalRole"], user["isEnabled"]) == (
            first,
            last,
            role,
            enabled,
        )
    active, _ = await api.everything("user.list")
    everyone, _ = await api.everything("user.list", {"includeDeactivated": True})
    assert "casey.former@acme.example" not in {u["email"] for u in active}
    assert len(everyone) == len(active) + 2 >= 30
    assert {u["globalRole"] for u in active} == {
        "Organization Admin",
        "Elevated Access",
        "Limited Access",
        "External Recruiter",
    }


async def test_jobs_and_plans(api: Api) -> None:
    listed, _ = await api.everything("job.list")
    with_drafts, _ = await api.everything("job.list", {"status": ["Draft", "Open", "Closed"]})
    assert {j["customRequisitionId"] for j in listed} == set(JOBS) - {"REQ-1070"}
    assert {j["customRequisitionId"] for j in with_drafts} == set(JOBS)
    plan_ids = set()
    for requisition, (title, status, confidential) in JOBS.items():
        (job,) = await api.ok("job.search", {"requisitionId": requisition})
        assert (job["title"], job["status"], job["confidential"]) == (title, status, confidential)
        roles = {member["role"] for member in job["hiringTeam"]}
        assert roles == ({"Hiring Manager"} if confidential else {"Hiring Manager", "Recruiter", "Coordinator"})
        stages = await api.ok("interviewStage.list", {"interviewPlanId": job["defaultInterviewPlanId"]})
        expected = [
            ("Portfolio Review" if t == "Technical Interview" and title == "Product Designer" else t, k)
            for t, k in STAGES
        ]
        assert [(s["title"], s["type"]) for s in stages] == expected
        assert [s["orderInInterviewPlan"] for s in stages] == sorted(s["orderInInterviewPlan"] for s in stages)
        plan_ids.add(job["defaultInterviewPlanId"])
    assert len(plan_ids) == len(JOBS)  # one plan per job, never shared
    (backend,) = await api.ok("job.search", {"title": "backend"})
    team = {m["role"]: m["email"] for m in backend["hiringTeam"]}
    assert team["Hiring Manager"] == "dana.whitfield@acme.example"
    assert team["Recruiter"] == "priya.natarajan@acme.example"


async def test_candidates_are_searchable_like_people_type(api: Api) -> None:
    assert len(await api.ok("candidate.search", {"name": "alex kim"})) == 2
    assert [c["name"] for c in await api.ok("candidate.search", {"name": "ZOE ANGSTROM"})] == ["Zoë Ångström"]
    assert [c["name"] for c in await api.ok("candidate.search", {"name": "lukasz zolc"})] == ["Łukasz Żółć"]
    assert [c["name"] for c in await api.ok("candidate.search", {"name": "jose alvarez"})] == ["José Álvarez"]
    assert [c["name"] for c in await api.ok("candidate.search", {"name": "李伟"})] == ["李伟"]
    assert [c["name"] for c in await api.ok("candidate.search", {"name": "анна петрова"})] == ["Анна Петрова"]
    sara = await api.ok("candidate.search", {"name": "nilsson"})
    assert {c["name"] for c in sara} == {"Sara Nilsson", "Sarah Nilsson"}
    assert len({c["applicationIds"][0] for c in sara}) == 2
    both = await api.ok("candidate.search", {"name": "Alex", "email": "alex.kim.design@example.com"})
    assert [c["primaryEmailAddress"]["value"] for c in both] == ["alex.kim.design@example.com"]
    assert await api.ok("candidate.search", {"name": "Jane", "email": "jon.smith@example.com"}) == []


async def test_candidate_shape(api: Api) -> None:
    jane = await api.candidate("jane.doe@example.com")
    assert jane["profileUrl"] == f"https://app.ashbyhq.com/candidates/{jane['id']}"
    assert jane["primaryEmailAddress"] == {
        "value": "jane.doe@example.com",
        "type": "Personal",
        "isPrimary": True,
    }
    assert jane["phoneNumbers"] and jane["source"]["title"] == "Referral"
    assert [t["title"] for t in jane["tags"]] == ["Referral"]
    for key in ("creditedToUser", "timezone", "fraudStatus"):
        assert key in jane
    assert jane["createdAt"].endswith("Z") and len(jane["createdAt"]) == 24


async def test_jane_has_an_onsite_today_with_half_the_feedback(api: Api) -> None:
    jane = await api.application("jane.doe@example.com")
    assert jane["currentInterviewStage"]["title"] == "Onsite"
    assert jane["job"]["title"] == "Senior Backend Engineer"
    entered = jane["applicationHistory"][-1]["enteredStageAt"]
    assert entered == iso(to_ms(NOW - timedelta(days=6)))
    schedules = await api.ok("interviewSchedule.list", {"applicationId": jane["id"]})
    onsite = next(s for s in schedules if s["interviewStageId"] == jane["currentInterviewStage"]["id"])
    (event,) = onsite["interviewEvents"]
    today = iso(start_of_day(to_ms(NOW)))[:10]
    assert event["startTime"][:10] == today
    assert {i["email"] for i in event["interviewers"]} == {
        "dana.whitfield@acme.example",
        "tomas.herrera@acme.example",
    }
    assert event["hasSubmittedFeedback"] is True
    assert event["meetingLink"].startswith("https://meet.example.com/")
    briefing = await api.ok("interviewBriefing.info", {"interviewEventId": event["id"]})
    submitted = {i["userId"]: i["hasSubmittedFeedback"] for i in briefing["interviewers"]}
    assert submitted == {
        await api.user_id("tomas.herrera@acme.example"): True,
        await api.user_id("dana.whitfield@acme.example"): False,
    }
    feedback = await api.ok("applicationFeedback.list", {"applicationId": jane["id"]})
    by_stage = {(f["submittedByUser"]["email"], f["interviewEventId"] == event["id"]) for f in feedback}
    assert ("tomas.herrera@acme.example", True) in by_stage
    assert ("dana.whitfield@acme.example", True) not in by_stage
    assert len(feedback) == 3  # two from the technical interview, one from today's onsite
    assert all(1 <= f["submittedValues"]["overall_recommendation"]["score"] <= 4 for f in feedback)


async def test_alex_kim_has_a_technical_interview_tomorrow(api: Api) -> None:
    alex = await api.application("alex.kim@example.com")
    assert alex["currentInterviewStage"]["title"] == "Technical Interview"
    (schedule,) = await api.ok("interviewSchedule.list", {"applicationId": alex["id"]})
    tomorrow = iso(start_of_day(to_ms(NOW + timedelta(days=1))))[:10]
    assert schedule["interviewEvents"][0]["startTime"][:10] == tomorrow
    design = await api.application("alex.kim.design@example.com")
    assert (design["job"]["title"], design["currentInterviewStage"]["title"]) == (
        "Product Designer",
        "Recruiter Screen",
    )


async def test_john_smith_is_archived_and_jon_smith_active(api: Api) -> None:
    john = await api.application("john.smith@example.com")
    assert john["status"] == "Archived" and john["archiveReason"]["text"] == "Not a fit"
    assert john["archivedAt"].endswith("Z")
    jon = await api.application("jon.smith@example.com")
    assert (jon["status"], jon["currentInterviewStage"]["title"]) == ("Active", "Portfolio Review")
    assert "archivedAt" not in jon and jon["archiveReason"] is None


async def test_elena_offer_waits_on_the_second_approval_step(api: Api) -> None:
    elena = await api.application("elena.rossi@example.com")
    assert elena["currentInterviewStage"]["title"] == "Offer"
    (offer,) = await api.ok("offer.list", {"applicationId": elena["id"]})
    assert offer["offerStatus"] == "WaitingOnOfferApproval"
    assert offer["latestVersion"]["approvalStatus"] == "WaitingOnApprovals"
    assert offer["latestVersion"]["salary"] == {"currencyCode": "USD", "value": 185000}
    (approval,) = await api.ok("approval.list", {"entityId": offer["latestVersion"]["id"]})
    first, second = approval["steps"]
    assert [(a["userId"], a["decision"]) for a in first["approvers"]] == [
        (await api.user_id("dana.whitfield@acme.example"), "approve")
    ]
    assert "completedAt" in first and "completedAt" not in second
    assert second["approvalsRequired"] == 1
    assert {a["userId"] for a in second["approvers"]} == {
        await api.user_id("morgan.lee@acme.example"),
        await api.user_id("priya.natarajan@acme.example"),
    }
    assert {a["decision"] for a in second["approvers"]} == {"pending"}


async def test_marcus_is_hired_with_an_accepted_offer(api: Api) -> None:
    marcus = await api.application("marcus.johnson@example.com")
    assert (marcus["status"], marcus["job"]["title"]) == ("Hired", "Account Executive")
    (offer,) = await api.ok("offer.list", {"applicationId": marcus["id"]})
    assert (offer["acceptanceStatus"], offer["offerStatus"]) == ("Accepted", "CandidateAccepted")
    assert offer["latestVersion"]["approvalStatus"] == "Approved"


async def test_everyone_in_the_cast_is_active_somewhere(api: Api) -> None:
    for email in (
        "jose.alvarez@example.com",
        "zoe.angstrom@example.com",
        "minh.nguyen@example.com",
        "wei.li@example.com",
        "anna.petrova@example.com",
        "sean.obrien@example.com",
        "mary-jane.watson-parker@example.com",
        "lukasz.zolc@example.com",
        "francois.dupre@example.com",
        "sara.nilsson@example.com",
        "sarah.nilsson@example.com",
    ):
        candidate = await api.candidate(email)
        assert candidate["phoneNumbers"] and candidate["source"] and candidate["tags"]
        application = await api.ok("application.info", {"applicationId": candidate["applicationIds"][0]})
        assert application["status"] == "Active", email


def test_cast_ids_do_not_depend_on_crowd_size() -> None:
    small, large = Sandbox(seed=7, candidates=20, now=NOW), Sandbox(seed=7, candidates=400, now=NOW)
    for email in ("jane.doe@example.com", "elena.rossi@example.com"):
        assert small.store.emails[email] == large.store.emails[email]
    assert small.store.jobs.rows.keys() == large.store.jobs.rows.keys()
    other_seed = Sandbox(seed=8, candidates=20, now=NOW)
    assert other_seed.store.emails["jane.doe@example.com"] != small.store.emails["jane.doe@example.com"]
