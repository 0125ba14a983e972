"""The async Ashby client.

One pooled ``httpx.AsyncClient`` per process, Basic auth with the key as username, ``POST`` JSON to
``{base_url}/{category.method}``. ``call`` reaches any of the documented endpoints through the registry;
the typed methods below it return pydantic models for the objects the bot uses. Every call goes through
the same retry policy and a semaphore that caps concurrent requests, so a burst of Slack questions
cannot flood Ashby.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import models as m
from .pagination import Sync, SyncBatch, pages
from .registry import endpoint as lookup_endpoint
from .retry import RetryPolicy, retrying
from .transport import post

DEFAULT_BASE_URL = "https://api.ashbyhq.com"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
USER_AGENT = "ashby-slack-bot/0.1"

log = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Written(Generic[ModelT]):
    """What a write returned, with Ashby's request id (for the audit line) and the raw record (for caches)."""

    value: ModelT | None  # None when Ashby's answer did not fit the model (the write happened all the same)
    request_id: str | None
    raw: dict[str, Any] | None


class AshbyClient:
    """Talks to one Ashby organisation with one API key. Use as an async context manager."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        max_concurrency: int = 8,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("an Ashby API key is required")
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._limit = asyncio.Semaphore(max_concurrency)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=httpx.BasicAuth(api_key, ""),
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json; version=1", "User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=max_concurrency, max_keepalive_connections=max_concurrency),
        )

    def __repr__(self) -> str:  # never show the key
        return f"AshbyClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- generic access to every endpoint -------------------------------------------------------------

    async def request(self, endpoint: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """One logical call with retries; returns the whole success envelope."""
        spec = lookup_endpoint(endpoint)
        async for attempt in retrying(self.retry, writes=spec.writes):
            with attempt:
                async with self._limit:
                    return await post(self._http, spec, params or {})
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def call(self, endpoint: str, params: Mapping[str, Any] | None = None) -> Any:
        """Call any documented endpoint and return its ``results``."""
        return (await self.request(endpoint, params)).get("results")

    async def paginate(self, endpoint: str, params: Mapping[str, Any] | None = None) -> AsyncIterator[Any]:
        """Every item of a paginated endpoint, one page (of up to 100) at a time."""
        async for page in pages(self.request, endpoint, params):
            for item in page.results:
                yield item

    def sync(self, sync: Sync) -> AsyncIterator[SyncBatch]:
        """Run one pass of ``sync`` (incremental from its token, full when there is none or Ashby refuses it)."""
        return sync.run(self.request)

    async def _one(self, model: type[ModelT], endpoint: str, params: Mapping[str, Any]) -> ModelT:
        return model.model_validate(await self.call(endpoint, params))

    async def _written(self, model: type[ModelT], endpoint: str, params: Mapping[str, Any]) -> Written[ModelT]:
        """A write's result with the receipt the audit line needs: Ashby's request id and the raw record."""
        envelope = await self.request(endpoint, params)
        results = envelope.get("results")
        try:
            value: ModelT | None = model.model_validate(results)
        except ValidationError:  # Ashby has acted: a result in an unexpected shape must not read as a failure
            log.warning("%s answered in an unexpected shape (request %s)", endpoint, envelope.get("requestId"))
            value = None
        return Written(
            value=value, request_id=envelope.get("requestId"), raw=results if isinstance(results, dict) else None
        )

    async def _many(self, model: type[ModelT], endpoint: str, params: Mapping[str, Any]) -> list[ModelT]:
        return TypeAdapter(list[model]).validate_python(await self.call(endpoint, params) or [])  # type: ignore[valid-type]

    async def _all(self, model: type[ModelT], endpoint: str, params: Mapping[str, Any]) -> list[ModelT]:
        return [model.model_validate(item) async for item in self.paginate(endpoint, params)]

    # -- candidates -------------------------------------------------------------------------------------

    async def candidate_info(self, candidate_id: str) -> m.Candidate:
        return await self._one(m.Candidate, "candidate.info", {"id": candidate_id})

    async def candidate_search(self, *, name: str | None = None, email: str | None = None) -> list[m.Candidate]:
        params = {k: v for k, v in (("name", name), ("email", email)) if v}
        if not params:
            raise ValueError("candidate.search needs a name or an email")
        return await self._many(m.Candidate, "candidate.search", params)

    async def candidate_update(self, candidate_id: str, **fields: Any) -> m.Candidate:
        return await self._one(m.Candidate, "candidate.update", {"candidateId": candidate_id, **fields})

    async def candidate_create_note(
        self,
        candidate_id: str,
        note: str,
        *,
        private: bool = False,
        html: bool = False,
        send_notifications: bool = False,
    ) -> Written[m.Note]:
        body: str | dict[str, str] = {"type": "text/html", "value": note} if html else note
        params = {
            "candidateId": candidate_id,
            "note": body,
            "isPrivate": private,
            "sendNotifications": send_notifications,
        }
        return await self._written(m.Note, "candidate.createNote", params)

    async def candidate_notes(self, candidate_id: str) -> list[m.Note]:
        return await self._all(m.Note, "candidate.listNotes", {"candidateId": candidate_id})

    async def candidate_add_tag(self, candidate_id: str, tag_id: str) -> Written[m.Candidate]:
        return await self._written(m.Candidate, "candidate.addTag", {"candidateId": candidate_id, "tagId": tag_id})

    async def candidate_remove_tag(self, candidate_id: str, tag_id: str) -> Written[m.Candidate]:
        params = {"candidateId": candidate_id, "tagId": tag_id}
        return await self._written(m.Candidate, "candidate.removeTag", params)

    async def candidate_tags(self, *, include_archived: bool = False) -> list[m.Tag]:
        return await self._all(m.Tag, "candidateTag.list", {"includeArchived": include_archived})

    async def candidate_tag_create(self, title: str) -> m.Tag:
        return await self._one(m.Tag, "candidateTag.create", {"title": title})

    # -- applications -----------------------------------------------------------------------------------

    async def application_info(self, application_id: str) -> m.Application:
        return await self._one(m.Application, "application.info", {"applicationId": application_id})

    async def applications(self, *, job_id: str | None = None, status: str | None = None) -> list[m.Application]:
        """Applications of one job (or status): never call this unfiltered on the read path."""
        params = {k: v for k, v in (("jobId", job_id), ("status", status)) if v}
        return await self._all(m.Application, "application.list", params)

    async def application_history(self, application_id: str) -> list[m.ApplicationHistoryItem]:
        return await self._all(m.ApplicationHistoryItem, "application.listHistory", {"applicationId": application_id})

    async def application_change_stage(
        self,
        application_id: str,
        interview_stage_id: str,
        *,
        archive_reason_id: str | None = None,
        archive_email_template_id: str | None = None,
    ) -> Written[m.Application]:
        params: dict[str, Any] = {"applicationId": application_id, "interviewStageId": interview_stage_id}
        if archive_reason_id:
            params["archiveReasonId"] = archive_reason_id
        if archive_email_template_id:
            params["archiveEmail"] = {"communicationTemplateId": archive_email_template_id}
        return await self._written(m.Application, "application.changeStage", params)

    async def application_create(self, candidate_id: str, job_id: str, **fields: Any) -> Written[m.Application]:
        params = {"candidateId": candidate_id, "jobId": job_id, **fields}
        return await self._written(m.Application, "application.create", params)

    async def application_transfer(
        self, application_id: str, job_id: str, interview_plan_id: str, interview_stage_id: str
    ) -> Written[m.Application]:
        params = {
            "applicationId": application_id,
            "jobId": job_id,
            "interviewPlanId": interview_plan_id,
            "interviewStageId": interview_stage_id,
        }
        return await self._written(m.Application, "application.transfer", params)

    async def application_feedback(self, application_id: str) -> list[m.FeedbackSubmission]:
        return await self._all(m.FeedbackSubmission, "applicationFeedback.list", {"applicationId": application_id})

    async def application_feedback_submit(
        self,
        application_id: str,
        form_definition_id: str,
        field_submissions: Sequence[Mapping[str, Any]],
        *,
        user_id: str | None = None,
        interview_event_id: str | None = None,
    ) -> dict[str, Any]:
        """Submit a scorecard; returns ``results`` (``{"submittedFormInstance": {...}}``). Feedback for an
        interview event is credited to one of its interviewers, so ``interview_event_id`` needs ``user_id``."""
        if interview_event_id and not user_id:
            raise ValueError("applicationFeedback.submit takes userId with interviewEventId")
        params: dict[str, Any] = {
            "applicationId": application_id,
            "formDefinitionId": form_definition_id,
            "feedbackForm": {"fieldSubmissions": list(field_submissions)},
        }
        if user_id:
            params["userId"] = user_id
        if interview_event_id:
            params["interviewEventId"] = interview_event_id
        result: dict[str, Any] = await self.call("applicationFeedback.submit", params)
        return result

    # -- jobs, plans, stages ----------------------------------------------------------------------------

    async def job_info(self, job_id: str) -> m.Job:
        return await self._one(m.Job, "job.info", {"id": job_id})

    async def jobs(self, *, statuses: Sequence[str] | None = None) -> list[m.Job]:
        params = {"status": list(statuses)} if statuses else {}
        return await self._all(m.Job, "job.list", params)

    async def interview_stages(self, interview_plan_id: str) -> list[m.InterviewStage]:
        stages = await self._many(m.InterviewStage, "interviewStage.list", {"interviewPlanId": interview_plan_id})
        return sorted(stages, key=lambda stage: stage.order_in_interview_plan)

    async def interview_stage_info(self, interview_stage_id: str) -> m.InterviewStage:
        return await self._one(m.InterviewStage, "interviewStage.info", {"interviewStageId": interview_stage_id})

    # -- interviews -------------------------------------------------------------------------------------

    async def interview_events(self, interview_schedule_id: str) -> list[m.InterviewEvent]:
        params = {"interviewScheduleId": interview_schedule_id, "expand": ["interview"]}
        return await self._all(m.InterviewEvent, "interviewEvent.list", params)

    async def interviews(self) -> list[m.Interview]:
        return await self._all(m.Interview, "interview.list", {"includeNonSharedInterviews": True})

    # -- offers and approvals ---------------------------------------------------------------------------

    async def offers(
        self,
        *,
        application_id: str | None = None,
        offer_statuses: Sequence[str] | None = None,
        approval_statuses: Sequence[str] | None = None,
    ) -> list[m.Offer]:
        params: dict[str, Any] = {}
        if application_id:
            params["applicationId"] = application_id
        if offer_statuses:
            params["offerStatus"] = list(offer_statuses)
        if approval_statuses:
            params["approvalStatus"] = list(approval_statuses)
        return await self._all(m.Offer, "offer.list", params)

    async def offer_info(self, offer_id: str) -> m.Offer:
        return await self._one(m.Offer, "offer.info", {"offerId": offer_id, "excludeFormDefinition": True})

    async def offer_approve(
        self, offer_version_id: str, *, approval_step_id: str | None = None, user_id: str | None = None
    ) -> m.Offer:
        if (approval_step_id is None) != (user_id is None):
            raise ValueError("offer.approve takes both approval_step_id and user_id, or neither")
        params: dict[str, Any] = {"offerVersionId": offer_version_id, "excludeFormDefinition": True}
        if approval_step_id and user_id:
            params |= {"approvalStepId": approval_step_id, "userId": user_id}
        return await self._one(m.Offer, "offer.approve", params)

    async def approvals(self, *, entity_type: str | None = None, entity_id: str | None = None) -> list[m.Approval]:
        params = {k: v for k, v in (("entityType", entity_type), ("entityId", entity_id)) if v}
        return await self._all(m.Approval, "approval.list", params)

    # -- organisation and reference data ----------------------------------------------------------------

    async def users(self, *, include_deactivated: bool = False) -> list[m.User]:
        return await self._all(m.User, "user.list", {"includeDeactivated": include_deactivated})

    async def user_info(self, user_id: str) -> m.User:
        return await self._one(m.User, "user.info", {"userId": user_id})

    async def user_search(self, email: str) -> list[m.User]:
        return await self._many(m.User, "user.search", {"email": email})

    async def archive_reasons(self, *, include_archived: bool = False) -> list[m.ArchiveReason]:
        return await self._many(m.ArchiveReason, "archiveReason.list", {"includeArchived": include_archived})

    async def sources(self, *, include_archived: bool = False) -> list[m.Source]:
        return await self._many(m.Source, "source.list", {"includeArchived": include_archived})

    async def departments(self) -> list[m.Department]:
        return await self._all(m.Department, "department.list", {})

    async def locations(self) -> list[m.Location]:
        return await self._all(m.Location, "location.list", {})

    async def openings(self) -> list[m.Opening]:
        return await self._all(m.Opening, "opening.list", {})

    async def communication_templates(self) -> list[m.CommunicationTemplate]:
        return await self._many(m.CommunicationTemplate, "communicationTemplate.list", {})

    async def feedback_form_definitions(self) -> list[m.FeedbackFormDefinition]:
        return await self._all(m.FeedbackFormDefinition, "feedbackFormDefinition.list", {})

    async def custom_fields(self) -> list[m.CustomField]:
        return await self._many(m.CustomField, "customField.list", {})

    async def api_key_info(self) -> m.ApiKeyInfo:
        return await self._one(m.ApiKeyInfo, "apiKey.info", {})
