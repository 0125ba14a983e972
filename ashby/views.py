"""Read models: what a card shows, assembled from Ashby data and ready to draw.

``ashby.queries`` builds these; ``blocks`` turns them into Block Kit. They hold only what a card needs,
already resolved (names instead of ids, days in stage computed from history), so the builders stay pure
and the privacy decisions (which fields may be shown where) are made before drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Person:
    """An Ashby user as cards show them; ``slack_user_id`` lets a card @-mention them when known."""

    id: str
    name: str
    email: str | None = None
    slack_user_id: str | None = None


@dataclass(frozen=True, slots=True)
class JobView:
    id: str
    title: str
    status: str
    confidential: bool = False
    requisition_id: str | None = None
    department: str | None = None
    location: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Interviewer:
    person: Person
    submitted_feedback: bool


@dataclass(frozen=True, slots=True)
class InterviewView:
    event_id: str
    schedule_id: str
    start: datetime
    end: datetime
    candidate_id: str
    candidate_name: str
    application_id: str
    job: JobView
    title: str
    stage_title: str | None
    interviewers: tuple[Interviewer, ...]
    meeting_link: str | None = None
    feedback_link: str | None = None
    #: The Ashby user the list was drawn for: an ended interview they ran without their scorecard gets a
    #: Submit feedback button.
    viewer_id: str | None = None

    @property
    def feedback_complete(self) -> bool:
        return all(i.submitted_feedback for i in self.interviewers)

    @property
    def missing_feedback(self) -> tuple[Person, ...]:
        return tuple(i.person for i in self.interviewers if not i.submitted_feedback)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """An overall recommendation as the scorecard words it, with its place on the 1-4 scale (1 Strong No
    Hire ... 4 Strong Hire) when the wording has one; ``score`` is None for other wording ("Advance")."""

    score: int | None
    label: str
    by: Person | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApplicationView:
    id: str
    job: JobView
    status: str
    stage_title: str | None
    stage_type: str | None
    days_in_stage: float | None
    source: str | None = None
    recruiter: Person | None = None
    hiring_manager: Person | None = None
    archive_reason: str | None = None
    upcoming_interviews: tuple[InterviewView, ...] = ()
    latest_recommendation: Recommendation | None = None
    url: str | None = None
    coordinator: Person | None = None
    #: Who the application is credited to (the referrer or sourcer), from ``creditedToUser``.
    credited_to: Person | None = None
    #: When it entered its Hired stage (from the history); when it was archived (``archivedAt``).
    hired_at: datetime | None = None
    archived_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CandidateCard:
    id: str
    name: str
    position: str | None
    company: str | None
    tags: tuple[str, ...]
    applications: tuple[ApplicationView, ...]
    profile_url: str | None
    #: Contact details: only ever shown to the asker (ephemeral or DM).
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    @property
    def confidential(self) -> bool:
        return any(app.job.confidential for app in self.applications)


@dataclass(frozen=True, slots=True)
class CandidateChoice:
    """One option of a picker when a name matches several people."""

    id: str
    name: str
    detail: str  # e.g. "Frontend Engineer · Technical Interview" or an email


@dataclass(frozen=True, slots=True)
class WaitingCandidate:
    candidate_id: str
    candidate_name: str
    application_id: str
    days_in_stage: float | None


@dataclass(frozen=True, slots=True)
class PipelineStage:
    id: str
    title: str
    type: str
    count: int
    longest_waiting: tuple[WaitingCandidate, ...] = ()


@dataclass(frozen=True, slots=True)
class PipelineView:
    job: JobView
    stages: tuple[PipelineStage, ...]
    hiring_team: tuple[tuple[str, Person], ...] = ()  # (role, person)

    @property
    def active_total(self) -> int:
        return sum(stage.count for stage in self.stages)


@dataclass(frozen=True, slots=True)
class JobCount:
    job: JobView
    active: int


@dataclass(frozen=True, slots=True)
class JobsOverview:
    groups: tuple[tuple[str, tuple[JobCount, ...]], ...]  # (department, jobs) in display order


@dataclass(frozen=True, slots=True)
class Score:
    title: str
    score: int | None
    max_score: int = 4


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    id: str
    author: Person | None
    submitted_at: datetime | None
    interview_title: str | None
    recommendation: Recommendation | None
    scores: tuple[Score, ...]
    #: Free-text answers: only ever shown to the asker.
    text: tuple[tuple[str, str], ...] = ()  # (question, answer)


@dataclass(frozen=True, slots=True)
class OwedFeedback:
    """An ended interview the viewer ran and has not submitted a scorecard for (Submit feedback opens it)."""

    schedule_id: str
    event_id: str
    interview_title: str | None
    ended_at: datetime


@dataclass(frozen=True, slots=True)
class FeedbackView:
    candidate_id: str
    candidate_name: str
    application_id: str
    job: JobView
    entries: tuple[FeedbackEntry, ...]
    pending: tuple[Person, ...] = ()  # interviewers who have not submitted yet
    #: The scorecards the viewer (the asker) owes on this application, oldest first.
    owed_by_viewer: tuple[OwedFeedback, ...] = ()


@dataclass(frozen=True, slots=True)
class ApproverState:
    person: Person
    decision: str  # approve | reject | pending


@dataclass(frozen=True, slots=True)
class OfferView:
    id: str
    candidate_id: str
    candidate_name: str
    application_id: str
    job: JobView
    offer_status: str | None
    acceptance_status: str | None
    approval_status: str | None
    version_id: str | None
    salary: str | None = None  # "USD 185,000"
    start_date: datetime | None = None
    current_step_id: str | None = None
    current_approvers: tuple[ApproverState, ...] = ()
    steps_done: int = 0
    steps_total: int = 0
    requested_by: Person | None = None

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_status == "WaitingOnApprovals" or self.offer_status == "WaitingOnOfferApproval"


@dataclass(frozen=True, slots=True)
class StaleEntry:
    candidate_id: str
    candidate_name: str
    application_id: str
    job: JobView
    stage_title: str
    days_in_stage: float


@dataclass(frozen=True, slots=True)
class Help:
    """What the bot can do, with examples; also the answer to a question it cannot place."""

    examples: tuple[tuple[str, str], ...]  # (command, what it does)
    note: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
