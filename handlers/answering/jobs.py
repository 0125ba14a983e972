"""Job answers: a job's pipeline, one stage across jobs, the open jobs, and who has waited longest.

Kept together because they all start from the jobs the asker may see (never a confidential one in a
channel) and count from the candidate index rather than asking Ashby per candidate; only the few
applications a stale list shows are fetched.
"""

from __future__ import annotations

import asyncio

from ashby import errors
from ashby import models as m
from ashby.access import Viewer
from ashby.normalize import normalize
from ashby.queries import NotVisible
from ashby.resolver import JobResolver, StageResolver
from ashby.views import JobsOverview, PipelineView
from blocks import facts, notices
from blocks import jobs as job_blocks
from blocks import pipeline as pipeline_blocks
from blocks import stale as stale_blocks
from blocks.payloads import Share

from ..identity import Asker
from ..intents import Fact, Intent
from .core import Answer, Place, Sources, to

#: How many of the longest-untouched active applications /ashby stale looks at closely.
STALE_CANDIDATES = 40


class JobAnswers:
    def __init__(self, sources: Sources) -> None:
        self.recruiting = sources.recruiting
        self.index = sources.index

    async def resolve_job(self, query: str, viewer: Viewer, place: Place) -> str | Answer:
        jobs = [
            job
            for job in await self.recruiting.visible_jobs(viewer)
            if not (job.confidential and place.surface == "public")
        ]
        resolver = JobResolver([(job.id, job.title, job.custom_requisition_id, job.status) for job in jobs])
        resolution = resolver.resolve(query)
        if resolution.outcome == "found" and resolution.best is not None:
            return resolution.best.job.id
        names = [match.job.title for match in resolution.matches[:3]]
        if resolution.outcome == "ambiguous":
            return Answer(private=notices.not_found(query, "job", names, hint="Several jobs match; which one?"))
        return Answer(private=notices.not_found(query, "job", names))

    async def pipeline(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        if not intent.query and intent.stage:
            return await self._stage_everywhere(intent.stage, viewer, place)
        job_id = await self.resolve_job(intent.query or "", viewer, place)
        if isinstance(job_id, Answer):
            return job_id
        return await self.open_pipeline(job_id, asker, place, stage_query=intent.stage, fact=intent.fact)

    async def _stage_everywhere(self, stage_title: str, viewer: Viewer, place: Place) -> Answer:
        """ "Who's in onsite?" with no job: counts of that stage across the jobs the asker sees, from the index."""
        wanted = normalize(stage_title)
        jobs = [
            job
            for job in await self.recruiting.visible_jobs(viewer)
            if job.status == "Open"
            and job.default_interview_plan_id
            and not (job.confidential and place.surface == "public")
        ]
        plans = await asyncio.gather(
            *(self.recruiting.reference.stages(job.default_interview_plan_id or "") for job in jobs)
        )
        rows: list[tuple[str, list[str]]] = []
        for job, stages in zip(jobs, plans, strict=True):
            stage_ids = {s.id for s in stages if normalize(s.title) == wanted}
            if stage_ids:
                there = [app for app in self.index.active_applications_of_job(job.id) if app.stage_id in stage_ids]
                there.sort(key=lambda app: app.updated_at or 0.0)  # longest untouched first
                names = [entry.name for app in there if (entry := self.index.get(app.candidate_id)) is not None]
                rows.append((job.title, names))
        rows.sort(key=lambda row: -len(row[1]))
        sentence = facts.in_stage_everywhere(stage_title, [(title, len(names)) for title, names in rows])
        card = pipeline_blocks.stage_across_jobs(stage_title, rows)
        return to(place, facts.first(sentence, card), safe=True)

    async def open_pipeline(
        self,
        job_id: str,
        asker: Asker,
        place: Place,
        *,
        stage_query: str | None = None,
        fact: Fact | None = None,
    ) -> Answer:
        viewer = asker.required_viewer()
        job = await self.recruiting.reference.job(job_id)
        if job is None or not viewer.can_see_job(job):
            raise NotVisible(job_id)
        stage_id = None
        if stage_query:
            plan_id = job.default_interview_plan_id
            stages = await self.recruiting.reference.stages(plan_id) if plan_id else []
            found = StageResolver([(s.id, s.title, s.type) for s in stages]).resolve(stage_query)
            if found.outcome != "found" or found.best is None:
                names = [s.title for s in stages if s.type not in ("Archived", "Hired")]
                return Answer(private=notices.not_found(stage_query, f"stage of {job.title}", names[:6]))
            stage_id = found.best.stage.id
        view = await self.recruiting.pipeline(job_id, viewer, stage_filter=stage_id)
        share = None if job.confidential else Share("pipeline", job_id)
        message = pipeline_blocks.pipeline_card(view, share_value=share if place.surface == "private" else None)
        return to(place, facts.first(_job_sentence(view, fact, stage_id), message), safe=not job.confidential)

    async def jobs(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        overview = await self.recruiting.jobs_overview(
            viewer, self.index.active_counts_by_job(), include_confidential=not public
        )
        where = ""
        if intent.department or intent.location:
            overview = _only(overview, department=intent.department, location=intent.location)
            where = " in " + " · ".join(w for w in (intent.department, intent.location) if w)
        unfiltered = not (intent.department or intent.location)
        message = job_blocks.jobs_overview(overview, share_value=Share("jobs") if not public and unfiltered else None)
        count = sum(len(jobs) for _, jobs in overview.groups)
        return to(place, facts.first(facts.open_jobs(count, where), message), safe=True)

    async def stale(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        title = "Longest in their stage"
        jobs = await self.recruiting.reference.jobs()
        job_id = ""
        if intent.query:
            found = await self.resolve_job(intent.query, viewer, place)
            if isinstance(found, Answer):
                return found
            job_id = found
            title = f"Longest in their stage — {jobs[job_id].title if job_id in jobs else 'job'}"
            indexed = self.index.active_applications_of_job(job_id)
        else:
            visible = {job.id for job in jobs.values() if viewer.can_see_job(job)}
            indexed = [app for job_id in visible for app in self.index.active_applications_of_job(job_id)]
        # The index ranks by last change; only the few shown are fetched, for their exact days in stage.
        oldest = sorted(indexed, key=lambda app: app.updated_at or 0.0)[:STALE_CANDIDATES]
        fetched = await asyncio.gather(*(self.recruiting.application(app.id) for app in oldest), return_exceptions=True)
        for result in fetched:
            if isinstance(result, BaseException) and not isinstance(result, errors.AshbyNotFoundError):
                raise result
        applications = [app for app in fetched if isinstance(app, m.Application)]
        entries = await self.recruiting.stale(viewer, applications, include_confidential=not public)
        where = f"for {jobs[job_id].title}" if intent.query and job_id in jobs else "across your jobs"
        return to(
            place, facts.first(facts.stale(entries, where), stale_blocks.stale_card(entries, title=title)), safe=True
        )


def _job_sentence(view: PipelineView, fact: Fact | None, stage_id: str | None) -> str:
    if fact == "hiring_manager":
        return facts.job_role(view, "Hiring Manager")
    if fact == "recruiter":
        return facts.job_role(view, "Recruiter")
    if stage_id is not None:
        title = next((s.title for s in view.stages if s.id == stage_id), "that stage")
        return facts.in_stage(view, title)
    return facts.active(view)


def _only(overview: JobsOverview, *, department: str | None, location: str | None) -> JobsOverview:
    """Open jobs of one department (or its sub-departments' titles) and/or location."""
    groups = []
    for group, counts in overview.groups:
        kept = tuple(
            c
            for c in counts
            if (not department or department in (group, c.job.department))
            and (not location or c.job.location == location)
        )
        if kept:
            groups.append((group, kept))
    return JobsOverview(groups=tuple(groups))
