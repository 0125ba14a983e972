"""Pydantic models for the Ashby objects the bot reads.

Attribute names are snake_case; on the wire they are Ashby's camelCase (``primary_email_address`` <->
``primaryEmailAddress``). Every model ignores keys it does not know (Ashby adds fields without notice) and
accepts explicit ``null`` where Ashby sends one, including for lists. Enumerations are kept as plain
strings so a new value from Ashby never breaks parsing; the known values are listed beside each field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel

T = TypeVar("T")


def _none_to_empty(value: Any) -> Any:
    return [] if value is None else value


#: A list Ashby may send as ``null``.
NullableList = Annotated[list[T], BeforeValidator(_none_to_empty)]


class AshbyModel(BaseModel):
    """Base for every Ashby object: camelCase on the wire, tolerant of extra keys and nulls."""

    # hide_input_in_errors: a validation error must not carry a candidate's data into a log line.
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=False, hide_input_in_errors=True
    )


class ContactInfo(AshbyModel):
    value: str
    type: str | None = None  # Personal | Work | Other
    is_primary: bool = False


class SocialLink(AshbyModel):
    type: str | None = None
    url: str


class FileHandle(AshbyModel):
    id: str
    name: str | None = None
    handle: str | None = None


class Tag(AshbyModel):
    id: str
    title: str
    is_archived: bool = False


class Source(AshbyModel):
    id: str
    title: str
    is_archived: bool = False
    source_type: SourceType | None = None


class SourceType(AshbyModel):
    id: str | None = None
    title: str
    is_archived: bool = False


class CustomFieldValue(AshbyModel):
    id: str
    title: str | None = None
    is_private: bool | None = None
    value: Any = None
    value_label: str | list[str] | None = None


class User(AshbyModel):
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    global_role: str | None = None  # Organization Admin | Elevated Access | Limited Access | External Recruiter
    is_enabled: bool = True
    updated_at: datetime | None = None
    manager_id: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class LocationRef(AshbyModel):
    id: str
    location_summary: str | None = None


class Candidate(AshbyModel):
    id: str
    name: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    primary_email_address: ContactInfo | None = None
    email_addresses: NullableList[ContactInfo] = []
    primary_phone_number: ContactInfo | None = None
    phone_numbers: NullableList[ContactInfo] = []
    social_links: NullableList[SocialLink] = []
    tags: NullableList[Tag] = []
    position: str | None = None
    company: str | None = None
    school: str | None = None
    application_ids: NullableList[str] = []
    resume_file_handle: FileHandle | None = None
    file_handles: NullableList[FileHandle] = []
    custom_fields: NullableList[CustomFieldValue] = []
    profile_url: str | None = None
    source: Source | None = None
    credited_to_user: User | None = None
    timezone: str | None = None
    location: LocationRef | None = None
    fraud_status: str | None = None


class CandidateSummary(AshbyModel):
    """The candidate as embedded in an application."""

    id: str
    name: str
    primary_email_address: ContactInfo | None = None
    primary_phone_number: ContactInfo | None = None


class InterviewStage(AshbyModel):
    id: str
    title: str
    type: str = ""  # Lead | PreInterviewScreen | Active | Offer | Hired | Archived
    order_in_interview_plan: int = 0
    interview_stage_group_id: str | None = None
    interview_plan_id: str | None = None


class InterviewPlan(AshbyModel):
    id: str
    title: str
    is_archived: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None


class HiringTeamMember(AshbyModel):
    user_id: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    role: str = ""  # e.g. Hiring Manager, Recruiter

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ArchiveReason(AshbyModel):
    id: str
    text: str
    reason_type: str | None = None  # RejectedByCandidate | RejectedByOrg | Other
    is_archived: bool = False


class JobSummary(AshbyModel):
    """The job as embedded in an application."""

    id: str
    title: str
    location_id: str | None = None
    department_id: str | None = None


class ApplicationHistoryItem(AshbyModel):
    id: str
    stage_id: str
    title: str = ""
    entered_stage_at: datetime
    left_stage_at: datetime | None = None
    stage_number: int = 0
    allowed_actions: NullableList[str] = []
    actor_id: str | None = None


class OpeningVersion(AshbyModel):
    id: str
    identifier: str | None = None
    description: str | None = None
    job_ids: NullableList[str] = []
    target_hire_date: str | None = None
    is_backfill: bool = False


class Opening(AshbyModel):
    id: str
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    is_archived: bool = False
    opening_state: str | None = None  # Approved | Closed | Draft | Filled | Open
    latest_version: OpeningVersion | None = None


class Application(AshbyModel):
    id: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    status: str  # Active | Hired | Archived | Lead
    candidate: CandidateSummary
    current_interview_stage: InterviewStage | None = None
    source: Source | None = None
    archive_reason: ArchiveReason | None = None
    archived_at: datetime | None = None
    job: JobSummary
    credited_to_user: User | None = None
    hiring_team: NullableList[HiringTeamMember] = []
    custom_fields: NullableList[CustomFieldValue] = []
    application_history: NullableList[ApplicationHistoryItem] = []
    openings: NullableList[Opening] = []


class Location(AshbyModel):
    id: str
    name: str
    external_name: str | None = None
    is_archived: bool = False
    is_remote: bool | None = None
    workplace_type: str | None = None  # OnSite | Hybrid | Remote
    parent_location_id: str | None = None


class Department(AshbyModel):
    id: str
    name: str
    external_name: str | None = None
    is_archived: bool = False
    parent_id: str | None = None


class Job(AshbyModel):
    id: str
    title: str
    confidential: bool = False
    status: str = ""  # Draft | Open | Closed | Archived
    employment_type: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    default_interview_plan_id: str | None = None
    interview_plan_ids: NullableList[str] = []
    custom_fields: NullableList[CustomFieldValue] = []
    job_posting_ids: NullableList[str] = []
    custom_requisition_id: str | None = None
    hiring_team: NullableList[HiringTeamMember] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    location: Location | None = None
    openings: NullableList[Opening] = []


class Interview(AshbyModel):
    id: str
    title: str
    external_title: str | None = None
    is_archived: bool = False
    is_debrief: bool | None = None
    is_feedback_required: bool | None = None
    instructions_plain: str | None = None
    job_id: str | None = None
    feedback_form_definition_id: str | None = None


class Interviewer(User):
    training_role: str | None = None
    is_feedback_required: bool | None = None


class InterviewEvent(AshbyModel):
    id: str
    interview_id: str | None = None
    interview_schedule_id: str | None = None
    interviewer_user_ids: NullableList[str] = []
    interviewers: NullableList[Interviewer] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None
    start_time: datetime
    end_time: datetime
    feedback_link: str | None = None
    location: str | None = None
    meeting_link: str | None = None
    has_submitted_feedback: bool = False
    interview: Interview | None = None


class InterviewSchedule(AshbyModel):
    id: str
    status: str = ""  # Scheduled | WaitingOnFeedback | Complete | Cancelled | ...
    application_id: str
    interview_stage_id: str | None = None
    scheduled_by: User | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    interview_events: NullableList[InterviewEvent] = []
    candidate_id: str | None = None


class SelectableValue(AshbyModel):
    label: str
    value: str


class FormField(AshbyModel):
    id: str | None = None
    type: str = ""  # String | ValueSelect | Score | RichText | Boolean | ...
    path: str
    human_readable_path: str | None = None
    title: str = ""
    is_nullable: bool = True
    selectable_values: NullableList[SelectableValue] = []


class FormSectionField(AshbyModel):
    is_required: bool = False
    field: FormField


class FormSection(AshbyModel):
    title: str | None = None
    fields: NullableList[FormSectionField] = []


class FormDefinition(AshbyModel):
    sections: NullableList[FormSection] = []

    def fields(self) -> list[FormField]:
        return [item.field for section in self.sections for item in section.fields]


class FeedbackFormDefinition(AshbyModel):
    id: str
    title: str = ""
    is_archived: bool = False
    is_default_form: bool = False
    form_definition: FormDefinition | None = None
    interview_id: str | None = None


class FeedbackSubmission(AshbyModel):
    id: str
    form_definition: FormDefinition | None = None
    submitted_values: dict[str, Any] = {}
    submitted_by_user: User | None = None
    interview_id: str | None = None
    interview_event_id: str | None = None
    feedback_form_definition_id: str | None = None
    application_history_id: str | None = None
    application_id: str
    submitted_at: datetime | None = None


class Money(AshbyModel):
    currency_code: str | None = None
    value: float | None = None


class OfferVersion(AshbyModel):
    id: str
    start_date: datetime | None = None
    salary: Money | None = None
    created_at: datetime | None = None
    opening_id: str | None = None
    custom_fields: NullableList[CustomFieldValue] = []
    author: User | None = None
    approval_status: str | None = None  # Approved | WaitingOnApprovals | Declined | None


class Offer(AshbyModel):
    id: str
    decided_at: datetime | None = None
    application_id: str
    acceptance_status: str | None = None  # Accepted | Declined | Pending | Created | Cancelled | WaitingOnResponse
    offer_status: str | None = None  # WaitingOnApprovalStart | WaitingOnOfferApproval | ... | OfferCancelled
    latest_version: OfferVersion | None = None
    versions: NullableList[OfferVersion] = []


class Approver(AshbyModel):
    id: str | None = None
    user_id: str
    decision: str = "pending"  # approve | reject | pending
    decided_at: datetime | None = None
    requested_at: datetime | None = None


class ApprovalStep(AshbyModel):
    id: str
    approvals_required: int = 1
    completed_at: datetime | None = None
    approvers: NullableList[Approver] = []


class Approval(AshbyModel):
    id: str
    approval_definition_id: str | None = None
    entity_id: str
    entity_type: str  # offer | job | opening
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    completed_at: datetime | None = None
    steps: NullableList[ApprovalStep] = []

    def current_step(self) -> ApprovalStep | None:
        """The first step not yet completed, which is the one that can be approved now."""
        return next((step for step in self.steps if step.completed_at is None), None)


class NoteAuthor(AshbyModel):
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None


class Note(AshbyModel):
    id: str
    created_at: datetime | None = None
    is_private: bool = False
    content: str | None = None
    author: NoteAuthor | None = None


class CommunicationTemplate(AshbyModel):
    id: str
    title: str
    intended_types: NullableList[str] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


class CustomField(AshbyModel):
    id: str
    title: str
    object_type: str | None = None
    field_type: str | None = None
    is_archived: bool = False
    is_private: bool | None = None
    is_required: bool | None = None


class ApiKeyInfo(AshbyModel):
    title: str | None = None
    created_at: datetime | None = None
    scopes: NullableList[str] = []


Source.model_rebuild()
