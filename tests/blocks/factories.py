"""Small factories for the ``ashby.views`` read models: realistic defaults, any field overridable."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ashby.views import (
    ApplicationView,
    ApproverState,
    CandidateCard,
    CandidateChoice,
    FeedbackEntry,
    FeedbackView,
    Help,
    Interviewer,
    InterviewView,
    JobCount,
    JobsOverview,
    JobView,
    OfferView,
    Person,
    PipelineStage,
    PipelineView,
    Recommendation,
    Score,
    StaleEntry,
    WaitingCandidate,
)

#: Thursday 27 November 2025, 9:00 in New York: "now" for every card test.
TZ = ZoneInfo("America/New_York")
NOW = datetime(2025, 11, 27, 14, 0, tzinfo=UTC)


def at(hours: float = 0, *, days: float = 0) -> datetime:
    """A moment relative to ``NOW``."""
    return NOW + timedelta(days=days, hours=hours)


def person(name: str = "Tomás Herrera", **kw: Any) -> Person:
    kw.setdefault("id", "user-" + name.lower().replace(" ", "-"))
    kw.setdefault("email", name.lower().replace(" ", ".") + "@example.com")
    return Person(name=name, **kw)


def job(title: str = "Senior Backend Engineer", **kw: Any) -> JobView:
    kw.setdefault("id", "job-1")
    kw.setdefault("status", "Open")
    kw.setdefault("requisition_id", "REQ-1042")
    kw.setdefault("department", "Engineering")
    kw.setdefault("location", "Berlin")
    kw.setdefault("url", "https://app.ashbyhq.com/jobs/job-1")
    return JobView(title=title, **kw)


def interviewer(name: str = "Tomás Herrera", submitted: bool = False, **kw: Any) -> Interviewer:
    return Interviewer(person=person(name, **kw), submitted_feedback=submitted)


def interview(**kw: Any) -> InterviewView:
    start = kw.pop("start", at(5))  # 2:00 PM in New York
    kw.setdefault("end", start + timedelta(hours=1))
    kw.setdefault("event_id", "event-1")
    kw.setdefault("schedule_id", "schedule-1")
    kw.setdefault("candidate_id", "cand-1")
    kw.setdefault("candidate_name", "Jane Doe")
    kw.setdefault("application_id", "app-1")
    kw.setdefault("job", job())
    kw.setdefault("title", "System design")
    kw.setdefault("stage_title", "Onsite")
    kw.setdefault("interviewers", (interviewer("Tomás Herrera"), interviewer("Dana Whitfield")))
    kw.setdefault("meeting_link", "https://meet.example.com/abc-defg")
    kw.setdefault("feedback_link", "https://app.ashbyhq.com/feedback/1")
    return InterviewView(start=start, **kw)


def recommendation(score: int | None = 4, label: str = "Strong Hire", **kw: Any) -> Recommendation:
    kw.setdefault("by", person("Tomás Herrera"))
    return Recommendation(score=score, label=label, **kw)


def application(**kw: Any) -> ApplicationView:
    kw.setdefault("id", "app-1")
    kw.setdefault("job", job())
    kw.setdefault("status", "Active")
    kw.setdefault("stage_title", "Onsite")
    kw.setdefault("stage_type", "Active")
    kw.setdefault("days_in_stage", 6.4)
    kw.setdefault("source", "Referral")
    kw.setdefault("recruiter", person("Ana Ruiz"))
    kw.setdefault("hiring_manager", person("Morgan Lee"))
    kw.setdefault("url", "https://app.ashbyhq.com/applications/app-1")
    return ApplicationView(**kw)


def candidate(**kw: Any) -> CandidateCard:
    kw.setdefault("id", "cand-1")
    kw.setdefault("name", "Jane Doe")
    kw.setdefault("position", "Staff Engineer")
    kw.setdefault("company", "Acme")
    kw.setdefault("tags", ("Referral", "Senior"))
    kw.setdefault("applications", (application(),))
    kw.setdefault("profile_url", "https://app.ashbyhq.com/candidates/cand-1")
    kw.setdefault("emails", ("jane.doe@example.com",))
    kw.setdefault("phones", ("+1 415 555 0134",))
    return CandidateCard(**kw)


def choice(name: str = "Jane Doe", **kw: Any) -> CandidateChoice:
    kw.setdefault("id", "cand-" + name.lower().replace(" ", "-"))
    kw.setdefault("detail", "Frontend Engineer · Technical Interview")
    return CandidateChoice(name=name, **kw)


def waiting(name: str = "Jane Doe", days: float | None = 6.0, **kw: Any) -> WaitingCandidate:
    kw.setdefault("candidate_id", "cand-" + name.lower().replace(" ", "-"))
    kw.setdefault("application_id", "app-" + name.lower().replace(" ", "-"))
    return WaitingCandidate(candidate_name=name, days_in_stage=days, **kw)


def stage(title: str = "Onsite", count: int = 2, **kw: Any) -> PipelineStage:
    kw.setdefault("id", "stage-" + title.lower().replace(" ", "-"))
    kw.setdefault("type", "Active")
    return PipelineStage(title=title, count=count, **kw)


def pipeline(**kw: Any) -> PipelineView:
    kw.setdefault("job", job())
    kw.setdefault(
        "stages",
        (
            stage("Application Review", 24),
            stage("Recruiter Screen", 12, longest_waiting=(waiting("Sam Ortiz", 9.2),)),
            stage("Onsite", 3, longest_waiting=(waiting("Li Wei", 4.0), waiting("Jane Doe", 6.5))),
            stage("Offer", 0),
        ),
    )
    kw.setdefault("hiring_team", (("Hiring Manager", person("Morgan Lee")), ("Recruiter", person("Ana Ruiz"))))
    return PipelineView(**kw)


def job_count(title: str = "Senior Backend Engineer", active: int = 12, **kw: Any) -> JobCount:
    return JobCount(job=job(title, **kw), active=active)


def overview(**kw: Any) -> JobsOverview:
    kw.setdefault(
        "groups",
        (
            (
                "Engineering",
                (
                    job_count("Senior Backend Engineer", 12, id="job-1"),
                    job_count("Frontend Engineer", 7, id="job-2", confidential=True),
                ),
            ),
            ("Sales", (job_count("Account Executive", 5, id="job-3", department="Sales"),)),
        ),
    )
    return JobsOverview(**kw)


def entry(**kw: Any) -> FeedbackEntry:
    kw.setdefault("id", "fb-1")
    kw.setdefault("author", person("Tomás Herrera"))
    kw.setdefault("submitted_at", at(-20))
    kw.setdefault("interview_title", "System design")
    kw.setdefault("recommendation", recommendation(4, "Strong Hire", by=None))
    kw.setdefault("scores", (Score("System design", 4), Score("Communication", 3)))
    kw.setdefault("text", (("What stood out?", "Clear thinking about failure modes & trade-offs."),))
    return FeedbackEntry(**kw)


def feedback(**kw: Any) -> FeedbackView:
    kw.setdefault("candidate_id", "cand-1")
    kw.setdefault("candidate_name", "Jane Doe")
    kw.setdefault("application_id", "app-1")
    kw.setdefault("job", job())
    kw.setdefault("entries", (entry(),))
    kw.setdefault("pending", (person("Dana Whitfield"),))
    return FeedbackView(**kw)


def offer(**kw: Any) -> OfferView:
    kw.setdefault("id", "offer-1")
    kw.setdefault("candidate_id", "cand-1")
    kw.setdefault("candidate_name", "Jane Doe")
    kw.setdefault("application_id", "app-1")
    kw.setdefault("job", job())
    kw.setdefault("offer_status", "WaitingOnOfferApproval")
    kw.setdefault("acceptance_status", "Pending")
    kw.setdefault("approval_status", "WaitingOnApprovals")
    kw.setdefault("version_id", "version-1")
    kw.setdefault("salary", "USD 185,000")
    kw.setdefault("start_date", datetime(2026, 1, 5, tzinfo=UTC))
    kw.setdefault(
        "current_approvers",
        (
            ApproverState(person("Morgan Lee"), "pending"),
            ApproverState(person("Priya Natarajan"), "pending"),
        ),
    )
    kw.setdefault("steps_done", 1)
    kw.setdefault("steps_total", 2)
    return OfferView(**kw)


def stale(name: str = "Jane Doe", days: float = 23.5, **kw: Any) -> StaleEntry:
    kw.setdefault("candidate_id", "cand-" + name.lower().replace(" ", "-"))
    kw.setdefault("application_id", "app-" + name.lower().replace(" ", "-"))
    kw.setdefault("job", job())
    kw.setdefault("stage_title", "Onsite")
    return StaleEntry(candidate_name=name, days_in_stage=days, **kw)


def help_view(**kw: Any) -> Help:
    kw.setdefault(
        "examples",
        (
            ("/ashby jane doe", "a candidate's card"),
            ("/ashby job REQ-1042", "a job's pipeline"),
            ("/ashby jobs", "open jobs by department"),
        ),
    )
    return Help(**kw)


# --- looking at messages ---------------------------------------------------------------------------------


def dump(message: dict[str, Any]) -> str:
    """Everything a message shows or sends, as one string to search."""
    return json.dumps(message, ensure_ascii=False)


def texts(message: dict[str, Any]) -> list[str]:
    """Every text a user can read in the blocks, in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks", []))
    return found


def shown(message: dict[str, Any]) -> str:
    return "\n".join(texts(message))


def elements(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every interactive element: buttons and selects in actions blocks and section accessories."""
    found: list[dict[str, Any]] = []
    for block in message["blocks"]:
        if block["type"] == "actions":
            found += block["elements"]
        elif "accessory" in block:
            found.append(block["accessory"])
    return found


def action_ids(message: dict[str, Any]) -> list[str]:
    return [element["action_id"] for element in elements(message)]
