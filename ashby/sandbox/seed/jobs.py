"""Jobs, each with its own interview plan, stages and interviews."""

from __future__ import annotations

from dataclasses import dataclass, field

from ashby.sandbox.clock import DAY_MS
from ashby.sandbox.ids import SeedIds
from ashby.sandbox.seed.org import Org
from ashby.sandbox.tables import Row, Tables


@dataclass(frozen=True, slots=True)
class JobSpec:
    requisition: str
    title: str
    department: str
    location: str
    status: str
    team: tuple[tuple[str, str], ...]  # (user first name, role)
    salary: tuple[int, int]
    weight: int  # share of the generated crowd's applications
    age_days: int
    confidential: bool = False
    portfolio: bool = False  # design plans review a portfolio instead of a technical interview
    decision_form: bool = False  # the job's own interviews use the hiring-decision scorecard (a ValueSelect)


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "REQ-1042", "Senior Backend Engineer", "Engineering", "San Francisco", "Open",
        (("Dana", "Hiring Manager"), ("Priya", "Recruiter"), ("Jordan", "Coordinator")),
        (165_000, 210_000), 16, 140,
    ),
    JobSpec(
        "REQ-1043", "Product Designer", "Design", "New York", "Open",
        (("Renée", "Hiring Manager"), ("Priya", "Recruiter"), ("Jordan", "Coordinator")),
        (125_000, 160_000), 10, 110, portfolio=True, decision_form=True,
    ),
    JobSpec(
        "REQ-1044", "Frontend Engineer", "Engineering", "Remote", "Open",
        (("Kenji", "Hiring Manager"), ("Priya", "Recruiter"), ("Jordan", "Coordinator")),
        (140_000, 180_000), 14, 95,
    ),
    JobSpec(
        "REQ-1045", "Data Scientist", "Data", "London", "Open",
        (("Mei", "Hiring Manager"), ("Rafael", "Recruiter"), ("Chris", "Coordinator")),
        (85_000, 115_000), 10, 80,
    ),
    JobSpec(
        "REQ-1050", "Account Executive", "Sales", "New York", "Open",
        (("Marco", "Hiring Manager"), ("Sam", "Recruiter"), ("Chris", "Coordinator")),
        (90_000, 130_000), 12, 200, decision_form=True,
    ),
    JobSpec(
        "REQ-1051", "Customer Success Manager", "Customer Success", "Berlin", "Open",
        (("Elif", "Hiring Manager"), ("Rafael", "Recruiter"), ("Chris", "Coordinator")),
        (60_000, 80_000), 9, 70,
    ),
    JobSpec(
        "REQ-1060", "Engineering Manager, Platform", "Engineering", "San Francisco", "Open",
        (("Lars", "Hiring Manager"), ("Priya", "Recruiter"), ("Jordan", "Coordinator")),
        (200_000, 250_000), 6, 60,
    ),
    JobSpec(
        "REQ-1099", "VP of Finance", "Finance", "New York", "Open",
        (("Morgan", "Hiring Manager"),),
        (260_000, 320_000), 1, 45, confidential=True,
    ),
    JobSpec(
        "REQ-1030", "Marketing Manager", "Marketing", "London", "Closed",
        (("Amelia", "Hiring Manager"), ("Rafael", "Recruiter"), ("Jordan", "Coordinator")),
        (70_000, 90_000), 8, 300,
    ),
    JobSpec(
        "REQ-1070", "Staff ML Engineer", "Data", "Remote", "Draft",
        (("Mei", "Hiring Manager"), ("Priya", "Recruiter"), ("Chris", "Coordinator")),
        (230_000, 280_000), 0, 10,
    ),
)  # fmt: skip

CLOSED_DAYS_AGO = 40

# (title, type, interview title or None, minutes, shared interview?, screening form?)
STAGES: tuple[tuple[str, str, str | None, int, bool, bool], ...] = (
    ("New Lead", "Lead", None, 0, False, False),
    ("Application Review", "PreInterviewScreen", None, 0, False, False),
    ("Recruiter Screen", "PreInterviewScreen", "Recruiter Screen", 30, True, True),
    ("Hiring Manager Screen", "Active", "Hiring Manager Screen", 45, True, False),
    ("Technical Interview", "Active", "Technical Interview", 60, False, False),
    ("Onsite", "Active", "Onsite", 180, False, False),
    ("Reference Check", "Active", "Reference Check", 30, True, True),
    ("Offer", "Offer", None, 0, False, False),
    ("Hired", "Hired", None, 0, False, False),
    ("Archived", "Archived", None, 0, False, False),
)
# Shared interviews no stage uses by default: still listed by interview.list.
EXTRA_SHARED_INTERVIEWS = (("Debrief", True, False), ("Legacy Phone Screen", False, True))


@dataclass(slots=True)
class SeededJob:
    """A job with its plan's stages in order, for building applications."""

    spec: JobSpec
    row: Row
    stages: list[Row] = field(default_factory=list)

    def stage(self, title: str) -> Row:
        return next(s for s in self.stages if s["title"] == title)

    def interviewers(self, org: Org) -> list[str]:
        return org.interviewers[self.spec.department]

    def member(self, role: str) -> str:
        """The user holding ``role`` on the hiring team, else its first member."""
        team: list[tuple[str, str]] = self.row["hiringTeam"]
        return next((uid for uid, r in team if r == role), team[0][0])


def _interview(store: Tables, ids: SeedIds, title: str, job_id: str | None, form_id: str, **flags: bool) -> str:
    interview_id = ids.stable("interview", job_id or "shared", title)
    if store.interviews.get(interview_id) is None:
        store.interviews.add(
            {
                "id": interview_id,
                "title": title,
                "isArchived": flags.get("archived", False),
                "isDebrief": flags.get("debrief", False),
                "isFeedbackRequired": True,
                "isFeedbackRequested": True,
                "instructionsPlain": f"Run the {title.lower()} and submit the scorecard within 24 hours.",
                "jobId": job_id,
                "feedbackFormDefinitionId": form_id,
            }
        )
    return interview_id


def _seed_plan(store: Tables, ids: SeedIds, org: Org, job: SeededJob, created: int) -> None:
    plan_id = job.row["defaultInterviewPlanId"]
    store.plans.add(
        {
            "id": plan_id,
            "title": f"{job.spec.title} Interview Plan",
            "isArchived": False,
            "jobId": job.row["id"],
            "createdAt": created,
            "updatedAt": created,
        }
    )
    for order, (title, stage_type, interview_title, minutes, shared, screening) in enumerate(STAGES):
        if job.spec.portfolio and title == "Technical Interview":
            title = interview_title = "Portfolio Review"
        interview_id = None
        if interview_title is not None:
            owner = None if shared else job.row["id"]
            form_id = org.screening_form if screening else org.scorecard_form
            if owner is not None and job.spec.decision_form:
                form_id = org.decision_form
            interview_id = _interview(store, ids, interview_title, owner, form_id)
        stage_key = (job.spec.requisition, title)
        job.stages.append(
            store.add_stage(
                {
                    "id": ids.stable("stage", *stage_key),
                    "title": title,
                    "type": stage_type,
                    "orderInInterviewPlan": order,
                    "interviewStageGroupId": org.stage_groups[stage_type],
                    "interviewPlanId": plan_id,
                    "interviewId": interview_id,
                    "activityId": ids.stable("activity", *stage_key),
                    "activityInterviewId": ids.stable("activity-interview", *stage_key),
                    "durationMinutes": minutes,
                }
            )
        )


def seed_jobs(store: Tables, ids: SeedIds, org: Org, now_ms: int) -> dict[str, SeededJob]:
    """All jobs by requisition id."""
    jobs: dict[str, SeededJob] = {}
    for spec in JOBS:
        created = now_ms - spec.age_days * DAY_MS
        opened = None if spec.status == "Draft" else created + DAY_MS
        closed = now_ms - CLOSED_DAYS_AGO * DAY_MS if spec.status == "Closed" else None
        row = store.jobs.add(
            {
                "id": ids.stable("job", spec.requisition),
                "title": spec.title,
                "confidential": spec.confidential,
                "status": spec.status,
                "employmentType": "FullTime",
                "locationId": org.locations[spec.location],
                "departmentId": org.departments[spec.department],
                "defaultInterviewPlanId": ids.stable("interview-plan", spec.requisition),
                "customRequisitionId": spec.requisition,
                "hiringTeam": [(org.user(name), role) for name, role in spec.team],
                "authorId": org.user("Priya"),
                "createdAt": created,
                "updatedAt": closed or opened or created,
                "openedAt": opened,
                "closedAt": closed,
            }
        )
        jobs[spec.requisition] = SeededJob(spec, row)
        _seed_plan(store, ids, org, jobs[spec.requisition], created)
    for title, debrief, archived in EXTRA_SHARED_INTERVIEWS:
        _interview(store, ids, title, None, org.scorecard_form, debrief=debrief, archived=archived)
    return jobs
