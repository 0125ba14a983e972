"""Answers to recruiters' questions, assembled into the read models in ``ashby.views``.

Each method fetches only what its card needs: reference data and interviews come from caches, the
candidate index answers "who" and "how many", and per-question calls are limited to the records shown
(one candidate and their applications, one job's applications). Access rules are applied here, before
anything is drawn.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from . import models as m
from .access import Viewer
from .calendar import InterviewCalendar
from .client import AshbyClient
from .errors import AshbyNotFoundError
from .forms import Verdict, read, verdict
from .index import CandidateIndex, IndexedApplication
from .memo import Memo
from .reference import ReferenceData
from .scorecards import ScorecardIndex
from .views import (
    ApplicationView,
    ApproverState,
    CandidateCard,
    FeedbackEntry,
    FeedbackView,
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

ASHBY_APP_URL = "https://app.ashbyhq.com"
WAITING_SHOWN = 3  # at most, per stage of a whole pipeline
WAITING_LISTED = 30  # of one stage ("who's in onsite?")
#: Applications a pipeline looks up for days in stage: one round at ``AshbyClient``'s default concurrency.
LOOKUPS_PER_PIPELINE = 8
STATUS_ORDER = {"Active": 0, "Lead": 1, "Hired": 2, "Archived": 3}


class NotVisible(Exception):
    """The asker's Ashby access does not include this record."""


@dataclass(frozen=True, slots=True)
class _EventContext:
    """Who and what an interview is about, from the index when it knows, else from Ashby."""

    application_id: str
    candidate_id: str
    candidate_name: str
    job_id: str
    job_title: str
    stage_title: str | None


@dataclass(frozen=True, slots=True)
class Lookup:
    """A candidate's full record with the applications the viewer may see."""

    candidate: m.Candidate
    applications: tuple[m.Application, ...]


class Recruiting:
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
        self._stays: Memo[tuple[datetime | None, str]] = Memo(24 * 3600)
        self._approvals: Memo[dict[str, m.Approval]] = Memo(record_ttl)

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
        ordered = sorted(visible, key=lambda app: (STATUS_ORDER.get(app.status, 9), _neg_time(app.updated_at)))
        return Lookup(candidate=candidate, applications=tuple(ordered))

    # -- candidate card ---------------------------------------------------------------------------------

    async def candidate_card(
        self, candidate_id: str, viewer: Viewer, *, known: Sequence[tuple[str, str]] = ()
    ) -> CandidateCard:
        """``known`` (application id, status) pairs from the index let every Ashby call the card needs start
        at once: the candidate, their applications and the scorecards of active ones, in one round trip."""
        if known:
            # Failures surface below, where each call is made again (from the cache when it worked).
            await asyncio.gather(
                self.candidate(candidate_id),
                *(self.application(app_id) for app_id, _ in known),
                *(
                    self.feedback_of(app_id)
                    for app_id, status in known
                    if status in ("Active", "Hired") and not self._scorecards_ready
                ),
                return_exceptions=True,
            )
        found = await self.lookup(candidate_id, viewer)
        candidate = found.candidate
        apps = await asyncio.gather(*(self._application_view(app) for app in found.applications))
        return CandidateCard(
            id=candidate.id,
            name=candidate.name,
            position=candidate.position,
            company=candidate.company,
            tags=tuple(tag.title for tag in candidate.tags if not tag.is_archived),
            applications=tuple(apps),
            profile_url=candidate.profile_url or f"{ASHBY_APP_URL}/candidates/{candidate.id}",
            emails=_contact_values(candidate.primary_email_address, candidate.email_addresses),
            phones=_contact_values(candidate.primary_phone_number, candidate.phone_numbers),
        )

    async def _application_view(self, app: m.Application) -> ApplicationView:
        job = await self.job_view(app.job.id, fallback_title=app.job.title)
        stage = app.current_interview_stage
        days = await self.days_in_stage(app) if app.status in ("Active", "Lead") else None
        recommendation = None
        if app.status in ("Active", "Hired"):
            recommendation = await self.latest_recommendation(app.id)
        now = self.clock()
        context = _EventContext(
            application_id=app.id,
            candidate_id=app.candidate.id,
            candidate_name=app.candidate.name,
            job_id=app.job.id,
            job_title=app.job.title,
            stage_title=None,
        )
        upcoming = [
            await self._interview_view(
                schedule,
                event,
                dataclasses.replace(
                    context,
                    stage_title=await self._stage_title(
                        await self.reference.job(app.job.id), schedule.interview_stage_id
                    ),
                ),
            )
            for schedule, event in self.calendar.for_application(app.id)
            if event.end_time >= now
        ]
        credited = app.credited_to_user
        return ApplicationView(
            id=app.id,
            job=job,
            status=app.status,
            stage_title=stage.title if stage else None,
            stage_type=stage.type if stage else None,
            days_in_stage=days,
            source=app.source.title if app.source else None,
            recruiter=_team_member(app.hiring_team, "Recruiter"),
            hiring_manager=_team_member(app.hiring_team, "Hiring Manager"),
            archive_reason=app.archive_reason.text if app.archive_reason else None,
            upcoming_interviews=tuple(upcoming),
            latest_recommendation=recommendation,
            url=f"{ASHBY_APP_URL}/candidates/{app.candidate.id}",
            coordinator=_team_member(app.hiring_team, "Coordinator", "Recruiting Coordinator"),
            credited_to=_person(credited.id, credited.name, credited.email, await self._people()) if credited else None,
            hired_at=_entered_from_history(app.application_history, stage.id)
            if stage and app.status == "Hired"
            else None,
            archived_at=app.archived_at,
        )

    async def days_in_stage(self, app: m.Application) -> float | None:
        """Days since the application entered its current stage, from its history (never ``updatedAt``)."""
        return _days_since(await self._entered_current(app), self.clock())

    async def _entered_current(self, app: m.Application) -> datetime | None:
        stage = app.current_interview_stage
        if stage is None:
            return None
        entered = _entered_from_history(app.application_history, stage.id)
        if entered is None:
            entered = await self._entered.get((app.id, stage.id), lambda: self._entered_at(app.id, stage.id))
        return entered

    async def _entered_at(self, application_id: str, stage_id: str) -> datetime | None:
        return _entered_from_history(await self.client.application_history(application_id), stage_id)

    # -- jobs and pipelines -----------------------------------------------------------------------------

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

    async def visible_jobs(self, viewer: Viewer) -> list[m.Job]:
        return [job for job in (await self.reference.jobs()).values() if viewer.can_see_job(job)]

    async def pipeline(self, job_id: str, viewer: Viewer, *, stage_filter: str | None = None) -> PipelineView:
        """Active applications per stage in plan order, with who has waited longest.

        Once the candidate index is loaded it gives the counts (it knows every active application's job and
        stage): no Ashby call. At most ``LOOKUPS_PER_PIPELINE`` of the longest untouched are looked up, all
        at once, for their exact days in stage, and those days are kept until the application changes, so
        asking again costs nothing. Until the index is loaded, the job's applications are paged instead.
        """
        job = await self.reference.job(job_id)
        if job is None or not viewer.can_see_job(job):
            raise NotVisible(job_id)
        records: dict[str, m.Application] = {}
        if self.index is not None and self.index.ready.is_set():
            members = self.index.active_applications_of_job(job_id)
        else:
            records = {app.id: app for app in await self.client.applications(job_id=job_id, status="Active")}
            members = [_indexed(app) for app in records.values()]
        by_stage: dict[str, list[IndexedApplication]] = {}
        for member in members:
            if member.stage_id:
                by_stage.setdefault(member.stage_id, []).append(member)
        shown = [
            stage
            for stage in await self._pipeline_stages(job, by_stage, records)
            if (stage.id in by_stage or stage.type not in ("Archived", "Hired"))
            and (not stage_filter or stage.id == stage_filter)
        ]
        # The index's updatedAt ranks who has waited longest. One round of lookups gives the exact days (from
        # their histories) of the first few, each stage's longest untouched first; a whole pipeline shows only
        # those, one stage lists all its people.
        per_stage = WAITING_LISTED if stage_filter else WAITING_SHOWN
        listed = {
            stage.id: sorted(by_stage.get(stage.id, []), key=lambda a: _or_inf(a.updated_at))[:per_stage]
            for stage in shown
        }
        ranked = sorted(
            ((rank, member) for members in listed.values() for rank, member in enumerate(members)),
            key=lambda pair: (pair[0], _or_inf(pair[1].updated_at)),
        )
        timed = [member for _, member in ranked[:LOOKUPS_PER_PIPELINE]]
        stays = dict(zip(timed, await asyncio.gather(*(self._stay(a, records.get(a.id)) for a in timed)), strict=True))
        views = []
        for stage in shown:
            waiting = [
                self._waiting(member, *stays.get(member, (None, _name_in(records, member))))
                for member in listed[stage.id]
                if stage_filter or member in stays
            ]
            waiting.sort(key=lambda w: -(w.days_in_stage or 0))
            count = len(by_stage.get(stage.id, ()))
            views.append(PipelineStage(stage.id, stage.title, stage.type, count, tuple(waiting)))
        people = await self._people()
        team = tuple(
            (member.role, _person(member.user_id, member.name, member.email, people)) for member in job.hiring_team
        )
        return PipelineView(job=await self.job_view(job.id), stages=tuple(views), hiring_team=team)

    async def _pipeline_stages(
        self, job: m.Job, by_stage: dict[str, list[IndexedApplication]], records: dict[str, m.Application]
    ) -> list[m.InterviewStage]:
        """The job's default plan in order, then any stage its applications sit in outside it: from the
        job's other plans, else from one application's record (applications moved onto another plan)."""
        ordered = (
            list(await self.reference.stages(job.default_interview_plan_id)) if job.default_interview_plan_id else []
        )
        missing = by_stage.keys() - {stage.id for stage in ordered}
        others = [plan for plan in job.interview_plan_ids if plan != job.default_interview_plan_id]
        if missing and others:
            for stages in await asyncio.gather(*(self.reference.stages(plan) for plan in others)):
                ordered += [stage for stage in stages if stage.id in missing]
            missing -= {stage.id for stage in ordered}
        found = await asyncio.gather(*(self._stage_of(by_stage[stage_id][0].id, records) for stage_id in missing))
        return ordered + [stage for stage in found if stage is not None]

    async def _stage_of(self, application_id: str, records: dict[str, m.Application]) -> m.InterviewStage | None:
        try:
            app = records.get(application_id) or await self.application(application_id)
        except AshbyNotFoundError:  # deleted since the index saw it
            return None
        return app.current_interview_stage

    async def _stay(self, member: IndexedApplication, record: m.Application | None) -> tuple[datetime | None, str]:
        """When the application entered the stage the index has it in, and the candidate's name, kept until
        the application changes (its ``updatedAt`` is part of the key)."""

        async def load() -> tuple[datetime | None, str]:
            try:
                app = record or await self.application(member.id)
            except AshbyNotFoundError:  # deleted, or on a job this API key may not see: counted, not timed
                return None, ""
            stage = app.current_interview_stage
            moved = stage is None or stage.id != member.stage_id  # since the index saw it: no days to show
            return (None if moved else await self._entered_current(app)), app.candidate.name

        return await self._stays.get((member.id, member.stage_id, member.updated_at), load)

    def _waiting(self, member: IndexedApplication, entered: datetime | None, fetched_name: str) -> WaitingCandidate:
        indexed = self.index.get(member.candidate_id) if self.index is not None else None
        return WaitingCandidate(
            candidate_id=member.candidate_id,
            candidate_name=indexed.name if indexed is not None else fetched_name,
            application_id=member.id,
            days_in_stage=_days_since(entered, self.clock()),
        )

    async def _longest_waiting(self, applications: list[m.Application], limit: int) -> tuple[WaitingCandidate, ...]:
        # updatedAt picks which few to look up; the days shown come from each application's history.
        oldest = sorted(applications, key=lambda app: app.updated_at or self.clock())[: limit * 2]
        days = await asyncio.gather(*(self.days_in_stage(app) for app in oldest))
        waiting = [
            WaitingCandidate(
                candidate_id=app.candidate.id,
                candidate_name=app.candidate.name,
                application_id=app.id,
                days_in_stage=d,
            )
            for app, d in zip(oldest, days, strict=True)
        ]
        waiting.sort(key=lambda w: -(w.days_in_stage or 0))
        return tuple(waiting[:limit])

    async def jobs_overview(
        self, viewer: Viewer, active_counts: dict[str, int], *, include_confidential: bool
    ) -> JobsOverview:
        jobs = [job for job in await self.visible_jobs(viewer) if job.status == "Open"]
        if not include_confidential:
            jobs = [job for job in jobs if not job.confidential]
        groups: dict[str, list[JobCount]] = {}
        for job in jobs:
            view = await self.job_view(job.id)
            groups.setdefault(view.department or "Other", []).append(
                JobCount(job=view, active=active_counts.get(job.id, 0))
            )
        ordered = tuple(
            (department, tuple(sorted(counts, key=lambda c: (-c.active, c.job.title))))
            for department, counts in sorted(groups.items())
        )
        return JobsOverview(groups=ordered)

    async def stale(
        self,
        viewer: Viewer,
        applications: Iterable[m.Application],
        *,
        limit: int = 15,
        include_confidential: bool,
    ) -> list[StaleEntry]:
        jobs = await self.reference.jobs()
        visible = [
            app
            for app in applications
            if viewer.can_see_application(app, jobs.get(app.job.id))
            and (include_confidential or not is_confidential(jobs.get(app.job.id)))
        ]
        waiting = await self._longest_waiting(visible, limit)
        by_id = {app.id: app for app in visible}
        entries = []
        for item in waiting:
            app = by_id[item.application_id]
            entries.append(
                StaleEntry(
                    candidate_id=item.candidate_id,
                    candidate_name=item.candidate_name,
                    application_id=item.application_id,
                    job=await self.job_view(app.job.id, fallback_title=app.job.title),
                    stage_title=app.current_interview_stage.title if app.current_interview_stage else "?",
                    days_in_stage=item.days_in_stage or 0.0,
                )
            )
        return entries

    # -- interviews -------------------------------------------------------------------------------------

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
        """Interviews in ``[start, end)`` the viewer may see. The calendar and the candidate index answer who,
        what and where; Ashby is asked only for what they cannot tell, all at once."""
        jobs = await self.reference.jobs()
        # One candidate's interviews: only their applications' events get a context built.
        theirs = {app.id for app in self.index.applications_of(candidate_id)} if candidate_id and self.index else set()
        wanted = [
            (schedule, event)
            for schedule, event in self.calendar.events_between(start, end)
            if (not interviewer_id or any(i.id == interviewer_id for i in event.interviewers))
            and (not theirs or schedule.application_id in theirs)
        ]
        contexts = await asyncio.gather(*(self._event_context(schedule) for schedule, _ in wanted))
        visible: list[tuple[m.InterviewSchedule, m.InterviewEvent, _EventContext]] = []
        for (schedule, event), context in zip(wanted, contexts, strict=True):
            if context is None or (candidate_id and context.candidate_id != candidate_id):
                continue
            job = jobs.get(context.job_id)
            if job is not None and job.confidential and not include_confidential:
                continue
            # Lists go by the job's hiring team (and the interviewers); checking each application's own team
            # would cost one Ashby call per row for people on few jobs. A candidate card checks it.
            if viewer.interviews_in(event) or (job is not None and viewer.can_see_job(job)):
                visible.append((schedule, event, context))
        return list(await asyncio.gather(*(self._interview_view(s, e, c) for s, e, c in visible)))

    async def _event_context(self, schedule: m.InterviewSchedule) -> _EventContext | None:
        indexed = self.index.application(schedule.application_id) if self.index is not None else None
        candidate = self.index.get(indexed.candidate_id) if self.index is not None and indexed else None
        if indexed is not None and candidate is not None and indexed.job_id:
            job = await self.reference.job(indexed.job_id)
            return _EventContext(
                application_id=indexed.id,
                candidate_id=candidate.id,
                candidate_name=candidate.name,
                job_id=indexed.job_id,
                job_title=job.title if job else "Unknown job",
                stage_title=await self._stage_title(job, schedule.interview_stage_id),
            )
        try:
            app = await self.application(schedule.application_id)
        except AshbyNotFoundError:  # on a job this API key may not see
            return None
        stage = app.current_interview_stage
        return _EventContext(
            application_id=app.id,
            candidate_id=app.candidate.id,
            candidate_name=app.candidate.name,
            job_id=app.job.id,
            job_title=app.job.title,
            stage_title=stage.title if stage and stage.id == schedule.interview_stage_id else None,
        )

    async def _stage_title(self, job: m.Job | None, stage_id: str | None) -> str | None:
        if job is None or not job.default_interview_plan_id or not stage_id:
            return None
        stages = await self.reference.stages(job.default_interview_plan_id)
        return next((stage.title for stage in stages if stage.id == stage_id), None)

    async def _interview_view(
        self, schedule: m.InterviewSchedule, event: m.InterviewEvent, context: _EventContext
    ) -> InterviewView:
        people = await self._people()
        title = event.interview.title if event.interview else (context.stage_title or "Interview")
        submitted = await self.submitted_feedback(context.application_id, event)
        return InterviewView(
            event_id=event.id,
            schedule_id=schedule.id,
            start=event.start_time,
            end=event.end_time,
            candidate_id=context.candidate_id,
            candidate_name=context.candidate_name,
            application_id=context.application_id,
            job=await self.job_view(context.job_id, fallback_title=context.job_title),
            title=title,
            stage_title=context.stage_title,
            interviewers=tuple(
                Interviewer(person=_person(i.id, i.name, i.email, people), submitted_feedback=i.id in submitted)
                for i in event.interviewers
            ),
            meeting_link=event.meeting_link,
            feedback_link=event.feedback_link,
        )

    # -- feedback ---------------------------------------------------------------------------------------

    @property
    def _scorecards_ready(self) -> bool:
        return self.scorecards is not None and self.scorecards.ready.is_set()

    async def latest_recommendation(self, application_id: str) -> Recommendation | None:
        """From the scorecard index when it is loaded (no call); else from the application's scorecards."""
        people = await self._people()
        if self.scorecards is None or not self.scorecards.ready.is_set():
            submissions = await self.feedback_of(application_id)
            return _latest_of(submissions, await self._forms_of(submissions), people)
        scored = [c for c in self.scorecards.of(application_id) if c.recommendation is not None]
        if not scored:
            return None
        latest = max(scored, key=lambda c: c.submitted_at.timestamp() if c.submitted_at else 0.0)
        assert latest.recommendation is not None
        by = _person(latest.submitted_by, None, None, people) if latest.submitted_by else None
        return _recommendation_view(latest.recommendation, by, latest.submitted_at)

    async def _forms_of(self, submissions: list[m.FeedbackSubmission]) -> dict[str, m.FormDefinition]:
        """Form definitions by form id for submissions that do not embed theirs (the cached list, asked
        for only then)."""
        if all(s.form_definition is not None for s in submissions):
            return {}
        forms = await self.reference.feedback_forms()
        return {form_id: form.form_definition for form_id, form in forms.items() if form.form_definition}

    async def submitted_feedback(self, application_id: str, event: m.InterviewEvent) -> set[str]:
        """Ids of the interviewers who have submitted feedback for ``event``.

        The event only says whether *anyone* has; who exactly comes from the application's scorecards,
        fetched only when it matters (someone has, and there is more than one interviewer).
        """
        if not event.has_submitted_feedback:
            return set()
        if len(event.interviewers) == 1:
            return {event.interviewers[0].id}
        if self.scorecards is not None and self.scorecards.ready.is_set():
            return {
                c.submitted_by
                for c in self.scorecards.of(application_id)
                if c.submitted_by is not None and c.interview_event_id == event.id
            }
        return {
            s.submitted_by_user.id
            for s in await self.feedback_of(application_id)
            if s.submitted_by_user is not None and s.interview_event_id == event.id
        }

    async def feedback(self, candidate_id: str, viewer: Viewer) -> FeedbackView:
        """Scorecards on the candidate's most relevant application, with interviewers still to submit."""
        found = await self.lookup(candidate_id, viewer)
        if not found.applications:
            raise NotVisible(candidate_id)
        app = found.applications[0]
        submissions = await self.feedback_of(app.id)
        people = await self._people()
        forms = await self._forms_of(submissions)
        entries = tuple(
            sorted(
                (_feedback_entry(s, forms, people) for s in submissions),
                key=lambda e: _neg_time(e.submitted_at),
            )
        )
        pending: dict[str, Person] = {}
        now = self.clock()
        for _schedule, event in self.calendar.for_application(app.id):
            if event.end_time <= now:
                submitted = await self.submitted_feedback(app.id, event)
                for i in event.interviewers:
                    if i.id not in submitted and (i.is_feedback_required is not False):
                        pending[i.id] = _person(i.id, i.name, i.email, people)
        return FeedbackView(
            candidate_id=found.candidate.id,
            candidate_name=found.candidate.name,
            application_id=app.id,
            job=await self.job_view(app.job.id, fallback_title=app.job.title),
            entries=entries,
            pending=tuple(pending.values()),
        )

    # -- offers -----------------------------------------------------------------------------------------

    async def offers(self, viewer: Viewer, *, pending_only: bool, include_confidential: bool) -> list[OfferView]:
        statuses = ["WaitingOnOfferApproval", "WaitingOnApprovalStart"] if pending_only else None
        offers = await self.client.offers(offer_statuses=statuses)
        if not pending_only:
            offers = [o for o in offers if o.offer_status not in ("OfferCancelled",)]
        jobs = await self.reference.jobs()
        visible = []
        for offer in offers:
            _, _, job_id, _ = await self._offer_parties(offer.application_id)
            job = jobs.get(job_id)
            if is_confidential(job) and not include_confidential:
                continue
            if job is not None and viewer.can_see_job(job):  # by the job's team, as for interviews
                visible.append(offer)
        return await self.offer_views(visible)

    async def candidate_offers(self, found: Lookup) -> list[OfferView]:
        """The offers on the applications of a candidate the asker may see: one call per application, at once,
        instead of every offer in the organisation."""
        per_application = await asyncio.gather(
            *(self.client.offers(application_id=app.id) for app in found.applications)
        )
        offers = [o for batch in per_application for o in batch if o.offer_status != "OfferCancelled"]
        return await self.offer_views(offers)

    async def awaiting_approval(self) -> list[OfferView]:
        """Every offer whose approval is under way, whoever may see it: for sending approvers their cards."""
        return await self.offer_views(await self.client.offers(offer_statuses=["WaitingOnOfferApproval"]))

    async def offer_view(self, offer_id: str) -> OfferView:
        """One offer as it is now (nothing cached): the Approve button checks against this."""
        offer = await self.client.offer_info(offer_id)
        version = offer.latest_version
        approvals = await self.client.approvals(entity_type="offer", entity_id=version.id) if version else []
        return (await self.offer_views([offer], {a.entity_id: a for a in approvals}))[0]

    async def offer_views(
        self, offers: list[m.Offer], approvals: dict[str, m.Approval] | None = None
    ) -> list[OfferView]:
        if approvals is None:
            approvals = await self._approvals.get("offer", self._offer_approvals)
        people = await self._people()
        views = []
        for offer in offers:
            candidate_id, candidate_name, job_id, job_title = await self._offer_parties(offer.application_id)
            version = offer.latest_version
            approval = approvals.get(version.id) if version else None
            step = approval.current_step() if approval else None
            author = version.author if version else None
            views.append(
                OfferView(
                    id=offer.id,
                    candidate_id=candidate_id,
                    candidate_name=candidate_name,
                    application_id=offer.application_id,
                    job=await self.job_view(job_id, fallback_title=job_title),
                    offer_status=offer.offer_status,
                    acceptance_status=offer.acceptance_status,
                    approval_status=version.approval_status if version else None,
                    version_id=version.id if version else None,
                    salary=_money(version.salary) if version else None,
                    start_date=version.start_date if version else None,
                    current_step_id=step.id if step else None,
                    current_approvers=tuple(
                        ApproverState(person=_person(a.user_id, None, None, people), decision=a.decision)
                        for a in (step.approvers if step else [])
                    ),
                    steps_done=sum(1 for s in approval.steps if s.completed_at) if approval else 0,
                    steps_total=len(approval.steps) if approval else 0,
                    requested_by=_person(author.id, author.name, author.email, people) if author else None,
                )
            )
        return views

    async def _offer_approvals(self) -> dict[str, m.Approval]:
        return {a.entity_id: a for a in await self.client.approvals(entity_type="offer")}

    def forget_approvals(self) -> None:
        self._approvals.invalidate()

    async def _offer_parties(self, application_id: str) -> tuple[str, str, str, str]:
        """(candidate id, name, job id, title) of an offer, from the index when it knows the application."""
        indexed = self.index.application(application_id) if self.index is not None else None
        candidate = self.index.get(indexed.candidate_id) if self.index is not None and indexed else None
        if indexed is not None and candidate is not None and indexed.job_id:
            job = await self.reference.job(indexed.job_id)
            return candidate.id, candidate.name, indexed.job_id, job.title if job else "Unknown job"
        app = await self.application(application_id)
        return app.candidate.id, app.candidate.name, app.job.id, app.job.title

    async def _people(self) -> dict[str, m.User]:
        return await self.reference.users()


# -- helpers ------------------------------------------------------------------------------------------


def _neg_time(value: datetime | None) -> float:
    return -value.timestamp() if value else 0.0


def is_confidential(job: m.Job | None) -> bool:
    """Unknown jobs count as confidential: privacy fails closed."""
    return job is None or job.confidential


def _contact_values(primary: m.ContactInfo | None, values: list[m.ContactInfo]) -> tuple[str, ...]:
    ordered = ([primary.value] if primary else []) + [c.value for c in values]
    return tuple(dict.fromkeys(v for v in ordered if v))


def _days_since(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (now - moment).total_seconds() / 86400)


def _or_inf(value: float | None) -> float:
    """Unknown times rank last when oldest comes first."""
    return float("inf") if value is None else value


def _name_in(records: dict[str, m.Application], member: IndexedApplication) -> str:
    record = records.get(member.id)
    return record.candidate.name if record else ""


def _indexed(app: m.Application) -> IndexedApplication:
    """A paged application as the index would hold it."""
    stage = app.current_interview_stage
    return IndexedApplication(
        id=app.id,
        candidate_id=app.candidate.id,
        status=app.status,
        job_id=app.job.id,
        stage_id=stage.id if stage else None,
        updated_at=app.updated_at.timestamp() if app.updated_at else None,
    )


def _entered_from_history(history: list[m.ApplicationHistoryItem], stage_id: str) -> datetime | None:
    entries = [item for item in history if item.stage_id == stage_id and item.left_stage_at is None]
    entries = entries or [item for item in history if item.stage_id == stage_id]
    return max((item.entered_stage_at for item in entries), default=None)


def _team_member(team: list[m.HiringTeamMember], *roles: str) -> Person | None:
    """The first member holding any of ``roles`` (Ashby role names vary by organisation)."""
    wanted = {role.casefold() for role in roles}
    member = next((t for t in team if t.role.casefold() in wanted), None)
    return Person(id=member.user_id, name=member.name, email=member.email) if member else None


def _person(user_id: str, name: str | None, email: str | None, people: dict[str, m.User]) -> Person:
    user = people.get(user_id)
    if user is not None:
        return Person(id=user.id, name=user.name or name or "Unknown user", email=user.email)
    return Person(id=user_id, name=name or "Unknown user", email=email)


def _money(salary: m.Money | None) -> str | None:
    if salary is None or salary.value is None:
        return None
    return f"{salary.currency_code or ''} {salary.value:,.0f}".strip()


def _form_of(submission: m.FeedbackSubmission, forms: dict[str, m.FormDefinition]) -> m.FormDefinition | None:
    """The definition the submission was made with, else its form's current one."""
    return submission.form_definition or forms.get(submission.feedback_form_definition_id or "")


def _recommendation_view(found: Verdict, by: Person | None, at: datetime | None) -> Recommendation:
    return Recommendation(score=found.score, label=found.label, by=by, at=at)


def _author(submission: m.FeedbackSubmission, people: dict[str, m.User]) -> Person | None:
    by = submission.submitted_by_user
    return _person(by.id, by.name, by.email, people) if by else None


def _latest_of(
    submissions: list[m.FeedbackSubmission], forms: dict[str, m.FormDefinition], people: dict[str, m.User]
) -> Recommendation | None:
    for submission in sorted(submissions, key=lambda s: _neg_time(s.submitted_at)):
        found = verdict(_form_of(submission, forms), submission.submitted_values)
        if found is not None:
            return _recommendation_view(found, _author(submission, people), submission.submitted_at)
    return None


def _feedback_entry(
    submission: m.FeedbackSubmission, forms: dict[str, m.FormDefinition], people: dict[str, m.User]
) -> FeedbackEntry:
    reading = read(_form_of(submission, forms), submission.submitted_values)
    author = _author(submission, people)
    return FeedbackEntry(
        id=submission.id,
        author=author,
        submitted_at=submission.submitted_at,
        interview_title=None,
        recommendation=_recommendation_view(reading.verdict, author, submission.submitted_at)
        if reading.verdict
        else None,
        scores=tuple(Score(title=title, score=score) for title, score in reading.scores),
        text=reading.answers,
    )
