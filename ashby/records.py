"""The records every answer is built from, fetched once and shared: the one cache the topic modules sit on.

A candidate card, a pipeline, an interview list, a feedback card and an offer card all need the same few
records (a candidate, their applications and scorecards, when an application entered its stage, a job's
name and department) and the same rule for who may see a candidate. Keeping those lookups and their
short-lived caches in one place means a record fetched for one answer serves the next, and ``forget`` after
a write or a webhook clears it for all of them. ``Records`` also carries the collaborators the topic modules
share (the client, reference data, calendar, clock, candidate and scorecard indexes).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from . import models as m
from .access import Viewer
from .calendar import InterviewCalendar
from .client import AshbyClient
from .errors import AshbyNotFoundError
from .index import CandidateIndex
from .memo import Memo
from .reference import ReferenceData
from .scorecards import ScorecardIndex
from .views import JobView, Person

ASHBY_APP_URL = "https://app.ashbyhq.com"
STATUS_ORDER = {"Active": 0, "Lead": 1, "Hired": 2, "Archived": 3}


class NotVisible(Exception):
    """The asker's Ashby access does not include this record."""


@dataclass(frozen=True, slots=True)
class Lookup:
    """A candidate's full record with the applications the viewer may see."""

    candidate: m.Candidate
    applications: tuple[m.Application, ...]


class Records:
    """Cached candidates, applications, scorecards and stage entry times, and the lookups built on them."""

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
        self.client = client
        self.index = index
        self.scorecards = scorecards
        self.reference = reference
        self.calendar = calendar
        self.clock = clock
        self._applications: Memo[m.Application] = Memo(record_ttl)
        self._candidates: Memo[m.Candidate] = Memo(record_ttl)
        self._feedback: Memo[list[m.FeedbackSubmission]] = Memo(record_ttl)
        self._entered: Memo[datetime | None] = Memo(24 * 3600)

    def forget(self, *, candidate_id: str | None = None, application_id: str | None = None) -> None:
        """Drop cached records after a write or a webhook so the next card is current."""
        if candidate_id:
            self._candidates.invalidate(candidate_id)
        if application_id:
            self._applications.invalidate(application_id)
            self._feedback.invalidate(application_id)

    # -- records ----------------------------------------------------------------------------------------

    async def candidate(self, candidate_id: str) -> m.Candidate:
        return await self._candidates.get(candidate_id, lambda: self.client.candidate_info(candidate_id))

    async def application(self, application_id: str) -> m.Application:
        return await self._applications.get(application_id, lambda: self.client.application_info(application_id))

    async def feedback_of(self, application_id: str) -> list[m.FeedbackSubmission]:
        return await self._feedback.get(application_id, lambda: self.client.application_feedback(application_id))

    async def lookup(self, candidate_id: str, viewer: Viewer) -> Lookup:
        """The candidate and the applications ``viewer`` may see; ``NotVisible`` when there are none."""
        candidate = await self.candidate(candidate_id)
        fetched = await asyncio.gather(
            *(self.application(app_id) for app_id in candidate.application_ids), return_exceptions=True
        )
        for result in fetched:
            # An application the API key may not see (a confidential job) answers not-found: skip it.
            if isinstance(result, BaseException) and not isinstance(result, AshbyNotFoundError):
                raise result
        applications = [app for app in fetched if isinstance(app, m.Application)]
        jobs = await self.reference.jobs()
        visible = tuple(app for app in applications if viewer.can_see_application(app, jobs.get(app.job.id)))
        if not visible and (candidate.application_ids or not viewer.sees_all_jobs):
            # No application to judge by (e.g. a fresh prospect): only roles that see every job see them.
            raise NotVisible(candidate_id)
        ordered = sorted(visible, key=lambda app: (STATUS_ORDER.get(app.status, 9), neg_time(app.updated_at)))
        return Lookup(candidate=candidate, applications=tuple(ordered))

    @property
    def scorecards_ready(self) -> bool:
        """Whether the scorecard index is loaded, so recommendations and submitters need no call."""
        return self.scorecards is not None and self.scorecards.ready.is_set()

    # -- days in stage ----------------------------------------------------------------------------------

    async def days_in_stage(self, app: m.Application) -> float | None:
        """Days since the application entered its current stage, from its history (never ``updatedAt``)."""
        return days_since(await self.entered_current(app), self.clock())

    async def entered_current(self, app: m.Application) -> datetime | None:
        """When the application entered its current stage: from its history, else asked for once a day."""
        stage = app.current_interview_stage
        if stage is None:
            return None
        entered = entered_from_history(app.application_history, stage.id)
        if entered is None:
            entered = await self._entered.get((app.id, stage.id), lambda: self._entered_at(app.id, stage.id))
        return entered

    async def _entered_at(self, application_id: str, stage_id: str) -> datetime | None:
        return entered_from_history(await self.client.application_history(application_id), stage_id)

    # -- jobs -------------------------------------------------------------------------------------------

    async def job_view(self, job_id: str, *, fallback_title: str = "Unknown job") -> JobView:
        job = await self.reference.job(job_id)
        if job is None:
            # Not in the cached job list (e.g. created minutes ago, or hidden): treated as confidential until known.
            return JobView(id=job_id, title=fallback_title, status="Unknown", confidential=True)
        departments = await self.reference.departments()
        locations = await self.reference.locations()
        department = departments.get(job.department_id or "")
        location = locations.get(job.location_id or "")
        return JobView(
            id=job.id,
            title=job.title,
            status=job.status,
            confidential=job.confidential,
            requisition_id=job.custom_requisition_id,
            department=department.name if department else None,
            location=location.name if location else None,
            url=f"{ASHBY_APP_URL}/jobs/{job.id}",
        )

    async def people(self) -> dict[str, m.User]:
        """Ashby users by id (cached reference data), to name the people on a card."""
        return await self.reference.users()


# -- helpers the topic modules share --------------------------------------------------------------------


def neg_time(value: datetime | None) -> float:
    return -value.timestamp() if value else 0.0


def is_confidential(job: m.Job | None) -> bool:
    """Unknown jobs count as confidential: privacy fails closed."""
    return job is None or job.confidential


def days_since(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (now - moment).total_seconds() / 86400)


def entered_from_history(history: list[m.ApplicationHistoryItem], stage_id: str) -> datetime | None:
    entries = [item for item in history if item.stage_id == stage_id and item.left_stage_at is None]
    entries = entries or [item for item in history if item.stage_id == stage_id]
    return max((item.entered_stage_at for item in entries), default=None)


def person(user_id: str, name: str | None, email: str | None, people: dict[str, m.User]) -> Person:
    user = people.get(user_id)
    if user is not None:
        return Person(id=user.id, name=user.name or name or "Unknown user", email=user.email)
    return Person(id=user_id, name=name or "Unknown user", email=email)
