"""Answers to recruiters' questions, assembled into the read models in ``ashby.views``.

Each answer fetches only what its card needs: reference data and interviews come from caches, the
candidate index answers "who" and "how many", and per-question calls are limited to the records shown
(one candidate and their applications, one job's applications). Access rules are applied before anything
is drawn.

``Recruiting`` is the one object handlers hold. The answers live in topic modules over one shared record
cache (``ashby.records``): candidate cards (``ashby.candidate_cards``), pipelines, jobs and stale
applications (``ashby.pipelines``), interviews (``ashby.interviews``), scorecards (``ashby.feedback``) and
offers (``ashby.offers``). This class only composes them, so a handler needs one collaborator and a record
fetched for one answer serves the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from . import models as m
from .access import Viewer
from .calendar import InterviewCalendar
from .candidate_cards import CandidateCards
from .client import AshbyClient
from .feedback import Feedback
from .index import CandidateIndex
from .interviews import Interviews
from .offers import Offers
from .pipelines import LOOKUPS_PER_PIPELINE, WAITING_LISTED, WAITING_SHOWN, Pipelines
from .records import ASHBY_APP_URL, STATUS_ORDER, Lookup, NotVisible, Records, is_confidential
from .reference import ReferenceData
from .scorecards import ScorecardIndex
from .views import (
    CandidateCard,
    FeedbackView,
    InterviewView,
    JobsOverview,
    JobView,
    OfferView,
    PipelineView,
    Recommendation,
    StaleEntry,
)

# Importable from here as before the split.
__all__ = [
    "ASHBY_APP_URL",
    "LOOKUPS_PER_PIPELINE",
    "STATUS_ORDER",
    "WAITING_LISTED",
    "WAITING_SHOWN",
    "Lookup",
    "NotVisible",
    "Recruiting",
    "is_confidential",
]


class Recruiting:
    """Every answer the bot gives, over one shared record cache; each method hands over to its topic module."""

    def __init__(
        self,
        client: AshbyClient,
        reference: ReferenceData,
        calendar: InterviewCalendar,
        *,
        clock: Callable[[], datetime],
        index: CandidateIndex | None = None,
        scorecards: ScorecardIndex | None = None,
        record_ttl: float = 30.0,
    ) -> None:
        self._records = records = Records(
            client, reference, calendar, clock=clock, index=index, scorecards=scorecards, record_ttl=record_ttl
        )
        self._feedback = Feedback(records)
        self._interviews = Interviews(records, self._feedback)
        self._cards = CandidateCards(records, self._interviews, self._feedback)
        self._pipelines = Pipelines(records)
        self._offers = Offers(records, record_ttl=record_ttl)

    # -- collaborators, held by the shared records (setting one here changes it for every topic) --------

    @property
    def client(self) -> AshbyClient:
        return self._records.client

    @client.setter
    def client(self, value: AshbyClient) -> None:
        self._records.client = value

    @property
    def reference(self) -> ReferenceData:
        return self._records.reference

    @reference.setter
    def reference(self, value: ReferenceData) -> None:
        self._records.reference = value

    @property
    def calendar(self) -> InterviewCalendar:
        return self._records.calendar

    @calendar.setter
    def calendar(self, value: InterviewCalendar) -> None:
        self._records.calendar = value

    @property
    def clock(self) -> Callable[[], datetime]:
        return self._records.clock

    @clock.setter
    def clock(self, value: Callable[[], datetime]) -> None:
        self._records.clock = value

    @property
    def index(self) -> CandidateIndex | None:
        return self._records.index

    @index.setter
    def index(self, value: CandidateIndex | None) -> None:
        self._records.index = value

    @property
    def scorecards(self) -> ScorecardIndex | None:
        return self._records.scorecards

    @scorecards.setter
    def scorecards(self, value: ScorecardIndex | None) -> None:
        self._records.scorecards = value

    # -- records (ashby.records) ------------------------------------------------------------------------

    def forget(self, *, candidate_id: str | None = None, application_id: str | None = None) -> None:
        self._records.forget(candidate_id=candidate_id, application_id=application_id)

    async def candidate(self, candidate_id: str) -> m.Candidate:
        return await self._records.candidate(candidate_id)

    async def application(self, application_id: str) -> m.Application:
        return await self._records.application(application_id)

    async def feedback_of(self, application_id: str) -> list[m.FeedbackSubmission]:
        return await self._records.feedback_of(application_id)

    async def lookup(self, candidate_id: str, viewer: Viewer) -> Lookup:
        return await self._records.lookup(candidate_id, viewer)

    async def days_in_stage(self, app: m.Application) -> float | None:
        return await self._records.days_in_stage(app)

    async def job_view(self, job_id: str, *, fallback_title: str = "Unknown job") -> JobView:
        return await self._records.job_view(job_id, fallback_title=fallback_title)

    # -- candidate card (ashby.candidate_cards) ---------------------------------------------------------

    async def candidate_card(
        self, candidate_id: str, viewer: Viewer, *, known: Sequence[tuple[str, str]] = ()
    ) -> CandidateCard:
        return await self._cards.candidate_card(candidate_id, viewer, known=known)

    # -- jobs and pipelines (ashby.pipelines) -----------------------------------------------------------

    async def visible_jobs(self, viewer: Viewer) -> list[m.Job]:
        return await self._pipelines.visible_jobs(viewer)

    async def pipeline(self, job_id: str, viewer: Viewer, *, stage_filter: str | None = None) -> PipelineView:
        return await self._pipelines.pipeline(job_id, viewer, stage_filter=stage_filter)

    async def jobs_overview(
        self, viewer: Viewer, active_counts: dict[str, int], *, include_confidential: bool
    ) -> JobsOverview:
        return await self._pipelines.jobs_overview(viewer, active_counts, include_confidential=include_confidential)

    async def stale(
        self,
        viewer: Viewer,
        applications: Iterable[m.Application],
        *,
        limit: int = 15,
        include_confidential: bool,
    ) -> list[StaleEntry]:
        return await self._pipelines.stale(viewer, applications, limit=limit, include_confidential=include_confidential)

    # -- interviews (ashby.interviews) ------------------------------------------------------------------

    async def interviews(
        self,
        start: datetime,
        end: datetime,
        viewer: Viewer,
        *,
        interviewer_id: str | None = None,
        candidate_id: str | None = None,
        include_confidential: bool,
    ) -> list[InterviewView]:
        return await self._interviews.interviews(
            start,
            end,
            viewer,
            interviewer_id=interviewer_id,
            candidate_id=candidate_id,
            include_confidential=include_confidential,
        )

    # -- feedback (ashby.feedback) ----------------------------------------------------------------------

    async def latest_recommendation(self, application_id: str) -> Recommendation | None:
        return await self._feedback.latest_recommendation(application_id)

    async def submitted_feedback(self, application_id: str, event: m.InterviewEvent) -> set[str]:
        return await self._feedback.submitted_feedback(application_id, event)

    async def feedback(self, candidate_id: str, viewer: Viewer) -> FeedbackView:
        return await self._feedback.feedback(candidate_id, viewer)

    # -- offers (ashby.offers) --------------------------------------------------------------------------

    async def offers(self, viewer: Viewer, *, pending_only: bool, include_confidential: bool) -> list[OfferView]:
        return await self._offers.offers(viewer, pending_only=pending_only, include_confidential=include_confidential)

    async def candidate_offers(self, found: Lookup) -> list[OfferView]:
        return await self._offers.candidate_offers(found)

    async def awaiting_approval(self) -> list[OfferView]:
        return await self._offers.awaiting_approval()

    async def offer_view(self, offer_id: str) -> OfferView:
        return await self._offers.offer_view(offer_id)

    async def offer_views(
        self, offers: list[m.Offer], approvals: dict[str, m.Approval] | None = None
    ) -> list[OfferView]:
        return await self._offers.offer_views(offers, approvals)

    def forget_approvals(self) -> None:
        self._offers.forget_approvals()
