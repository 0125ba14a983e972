"""Jobs and where their candidates stand: a job's pipeline, the open jobs by department, who has stalled.

Counts come from the candidate index once it is loaded, which knows every active application's job and
stage; only the few candidates shown are looked up, in one round, for their exact days in stage, and
those days are kept until the application changes. Until the index is loaded, the job's applications are
paged instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from . import models as m
from .access import Viewer
from .errors import AshbyNotFoundError
from .index import IndexedApplication
from .memo import Memo
from .records import NotVisible, Records, days_since, is_confidential, person
from .views import JobCount, JobsOverview, PipelineStage, PipelineView, StaleEntry, WaitingCandidate

WAITING_SHOWN = 3  # at most, per stage of a whole pipeline
WAITING_LISTED = 30  # of one stage ("who's in onsite?")
#: Applications a pipeline looks up for days in stage: one round at ``AshbyClient``'s default concurrency.
LOOKUPS_PER_PIPELINE = 8


class Pipelines:
    """Pipelines, the jobs overview and stale applications, over the shared records."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self._stays: Memo[tuple[datetime | None, str]] = Memo(24 * 3600)

    async def visible_jobs(self, viewer: Viewer) -> list[m.Job]:
        return [job for job in (await self.records.reference.jobs()).values() if viewer.can_see_job(job)]

    async def pipeline(self, job_id: str, viewer: Viewer, *, stage_filter: str | None = None) -> PipelineView:
        """Active applications per stage in plan order, with who has waited longest.

        Once the candidate index is loaded it gives the counts (it knows every active application's job and
        stage): no Ashby call. At most ``LOOKUPS_PER_PIPELINE`` of the longest untouched are looked up, all
        at once, for their exact days in stage, and those days are kept until the application changes, so
        asking again costs nothing. Until the index is loaded, the job's applications are paged instead.
        """
        job = await self.records.reference.job(job_id)
        if job is None or not viewer.can_see_job(job):
            raise NotVisible(job_id)
        paged: dict[str, m.Application] = {}
        if self.records.index is not None and self.records.index.ready.is_set():
            members = self.records.index.active_applications_of_job(job_id)
        else:
            paged = {app.id: app for app in await self.records.client.applications(job_id=job_id, status="Active")}
            members = [_indexed(app) for app in paged.values()]
        by_stage: dict[str, list[IndexedApplication]] = {}
        for member in members:
            if member.stage_id:
                by_stage.setdefault(member.stage_id, []).append(member)
        shown = [
            stage
            for stage in await self._pipeline_stages(job, by_stage, paged)
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
        stays = dict(zip(timed, await asyncio.gather(*(self._stay(a, paged.get(a.id)) for a in timed)), strict=True))
        views = []
        for stage in shown:
            waiting = [
                self._waiting(member, *stays.get(member, (None, _name_in(paged, member))))
                for member in listed[stage.id]
                if stage_filter or member in stays
            ]
            waiting.sort(key=lambda w: -(w.days_in_stage or 0))
            count = len(by_stage.get(stage.id, ()))
            views.append(PipelineStage(stage.id, stage.title, stage.type, count, tuple(waiting)))
        people = await self.records.people()
        team = tuple(
            (member.role, person(member.user_id, member.name, member.email, people)) for member in job.hiring_team
        )
        return PipelineView(job=await self.records.job_view(job.id), stages=tuple(views), hiring_team=team)

    async def _pipeline_stages(
        self, job: m.Job, by_stage: dict[str, list[IndexedApplication]], paged: dict[str, m.Application]
    ) -> list[m.InterviewStage]:
        """The job's default plan in order, then any stage its applications sit in outside it: from the
        job's other plans, else from one application's record (applications moved onto another plan)."""
        ordered = (
            list(await self.records.reference.stages(job.default_interview_plan_id))
            if job.default_interview_plan_id
            else []
        )
        missing = by_stage.keys() - {stage.id for stage in ordered}
        others = [plan for plan in job.interview_plan_ids if plan != job.default_interview_plan_id]
        if missing and others:
            for stages in await asyncio.gather(*(self.records.reference.stages(plan) for plan in others)):
                ordered += [stage for stage in stages if stage.id in missing]
            missing -= {stage.id for stage in ordered}
        found = await asyncio.gather(*(self._stage_of(by_stage[stage_id][0].id, paged) for stage_id in missing))
        return ordered + [stage for stage in found if stage is not None]

    async def _stage_of(self, application_id: str, paged: dict[str, m.Application]) -> m.InterviewStage | None:
        try:
            app = paged.get(application_id) or await self.records.application(application_id)
        except AshbyNotFoundError:  # deleted since the index saw it
            return None
        return app.current_interview_stage

    async def _stay(self, member: IndexedApplication, record: m.Application | None) -> tuple[datetime | None, str]:
        """When the application entered the stage the index has it in, and the candidate's name, kept until
        the application changes (its ``updatedAt`` is part of the key)."""

        async def load() -> tuple[datetime | None, str]:
            try:
                app = record or await self.records.application(member.id)
            except AshbyNotFoundError:  # deleted, or on a job this API key may not see: counted, not timed
                return None, ""
            stage = app.current_interview_stage
            moved = stage is None or stage.id != member.stage_id  # since the index saw it: no days to show
            return (None if moved else await self.records.entered_current(app)), app.candidate.name

        return await self._stays.get((member.id, member.stage_id, member.updated_at), load)

    def _waiting(self, member: IndexedApplication, entered: datetime | None, fetched_name: str) -> WaitingCandidate:
        indexed = self.records.index.get(member.candidate_id) if self.records.index is not None else None
        return WaitingCandidate(
            candidate_id=member.candidate_id,
            candidate_name=indexed.name if indexed is not None else fetched_name,
            application_id=member.id,
            days_in_stage=days_since(entered, self.records.clock()),
        )

    async def _longest_waiting(self, applications: list[m.Application], limit: int) -> tuple[WaitingCandidate, ...]:
        # updatedAt picks which few to look up; the days shown come from each application's history.
        oldest = sorted(applications, key=lambda app: app.updated_at or self.records.clock())[: limit * 2]
        days = await asyncio.gather(*(self.records.days_in_stage(app) for app in oldest))
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
            view = await self.records.job_view(job.id)
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
        jobs = await self.records.reference.jobs()
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
                    job=await self.records.job_view(app.job.id, fallback_title=app.job.title),
                    stage_title=app.current_interview_stage.title if app.current_interview_stage else "?",
                    days_in_stage=item.days_in_stage or 0.0,
                )
            )
        return entries


# -- helpers --------------------------------------------------------------------------------------------


def _or_inf(value: float | None) -> float:
    """Unknown times rank last when oldest comes first."""
    return float("inf") if value is None else value


def _name_in(paged: dict[str, m.Application], member: IndexedApplication) -> str:
    record = paged.get(member.id)
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
