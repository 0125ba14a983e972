"""Interviews as recruiters see them: who, for what job and stage, and which interviewers have submitted.

The interview calendar knows when and with whom; the candidate index knows whose application an event is
for. Ashby is asked only for what neither can tell (an application the index does not hold), all at once.
Candidate cards reuse ``interview_view`` for their upcoming interviews.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import datetime

from . import models as m
from .access import Viewer
from .errors import AshbyNotFoundError
from .feedback import Feedback
from .records import Records, person
from .views import Interviewer, InterviewView


@dataclass(frozen=True, slots=True)
class EventContext:
    """Who and what an interview is about, from the index when it knows, else from Ashby."""

    application_id: str
    candidate_id: str
    candidate_name: str
    job_id: str
    job_title: str
    stage_title: str | None


class Interviews:
    """Interview lists and single interview views, over the shared records."""

    def __init__(self, records: Records, feedback: Feedback) -> None:
        self.records = records
        self.feedback = feedback

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
        jobs = await self.records.reference.jobs()
        # One candidate's interviews: only their applications' events get a context built.
        index = self.records.index
        theirs = {app.id for app in index.applications_of(candidate_id)} if candidate_id and index else set()
        wanted = [
            (schedule, event)
            for schedule, event in self.records.calendar.events_between(start, end)
            if (not interviewer_id or any(i.id == interviewer_id for i in event.interviewers))
            and (not theirs or schedule.application_id in theirs)
        ]
        contexts = await asyncio.gather(*(self._event_context(schedule) for schedule, _ in wanted))
        visible: list[tuple[m.InterviewSchedule, m.InterviewEvent, EventContext]] = []
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
        views = await asyncio.gather(*(self.interview_view(s, e, c) for s, e, c in visible))
        return [dataclasses.replace(view, viewer_id=viewer.id) for view in views]

    async def _event_context(self, schedule: m.InterviewSchedule) -> EventContext | None:
        index = self.records.index
        indexed = index.application(schedule.application_id) if index is not None else None
        candidate = index.get(indexed.candidate_id) if index is not None and indexed else None
        if indexed is not None and candidate is not None and indexed.job_id:
            job = await self.records.reference.job(indexed.job_id)
            return EventContext(
                application_id=indexed.id,
                candidate_id=candidate.id,
                candidate_name=candidate.name,
                job_id=indexed.job_id,
                job_title=job.title if job else "Unknown job",
                stage_title=await self.stage_title(job, schedule.interview_stage_id),
            )
        try:
            app = await self.records.application(schedule.application_id)
        except AshbyNotFoundError:  # on a job this API key may not see
            return None
        stage = app.current_interview_stage
        return EventContext(
            application_id=app.id,
            candidate_id=app.candidate.id,
            candidate_name=app.candidate.name,
            job_id=app.job.id,
            job_title=app.job.title,
            stage_title=stage.title if stage and stage.id == schedule.interview_stage_id else None,
        )

    async def stage_title(self, job: m.Job | None, stage_id: str | None) -> str | None:
        if job is None or not job.default_interview_plan_id or not stage_id:
            return None
        stages = await self.records.reference.stages(job.default_interview_plan_id)
        return next((stage.title for stage in stages if stage.id == stage_id), None)

    async def interview_view(
        self, schedule: m.InterviewSchedule, event: m.InterviewEvent, context: EventContext
    ) -> InterviewView:
        people = await self.records.people()
        title = event.interview.title if event.interview else (context.stage_title or "Interview")
        submitted = await self.feedback.submitted_feedback(context.application_id, event)
        return InterviewView(
            event_id=event.id,
            schedule_id=schedule.id,
            start=event.start_time,
            end=event.end_time,
            candidate_id=context.candidate_id,
            candidate_name=context.candidate_name,
            application_id=context.application_id,
            job=await self.records.job_view(context.job_id, fallback_title=context.job_title),
            title=title,
            stage_title=context.stage_title,
            interviewers=tuple(
                Interviewer(person=person(i.id, i.name, i.email, people), submitted_feedback=i.id in submitted)
                for i in event.interviewers
            ),
            meeting_link=event.meeting_link,
            feedback_link=event.feedback_link,
        )
