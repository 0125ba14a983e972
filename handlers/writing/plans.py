"""Each kind of write's own plan: where a move, reject, hire or transfer goes, which tag, what note, which job.

Given the candidate (and application) already settled, a plan either asks for what is still missing (a
stage or tag chooser, saving the draft), refuses what makes no sense ("already in Onsite"), or shows the
preview. Apart from the planning steps before it so each kind's rules read on their own.
"""

from __future__ import annotations

from ashby import models as m
from ashby.access import Viewer
from ashby.actions import Action
from ashby.queries import Recruiting
from ashby.resolver import JobResolver, StageResolver
from blocks import actions as action_blocks
from blocks import notices

from ..answering.core import Answer
from .drafts import Draft, Drafts
from .permits import not_allowed
from .previews import Previews


class Plans:
    def __init__(
        self, recruiting: Recruiting, drafts: Drafts, previews: Previews, *, write_roles: frozenset[str]
    ) -> None:
        self.recruiting = recruiting
        self.drafts = drafts
        self.previews = previews
        self.write_roles = write_roles

    async def plan(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        planner = {
            "move": self._move,
            "reject": self._reject,
            "hire": self._hire,
            "note": self._note,
            "tag": self._tag,
            "untag": self._untag,
            "add": self._add,
            "transfer": self._transfer,
        }[draft.kind]
        return await planner(action, draft, app, candidate, viewer)

    async def _stages(self, app: m.Application) -> list[m.InterviewStage]:
        stage = app.current_interview_stage
        plan_id = stage.interview_plan_id if stage else None
        return await self.recruiting.reference.stages(plan_id) if plan_id else []

    async def _move(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        stages = [s for s in await self._stages(app) if s.type != "Archived"]
        target = _pick_stage(draft.target, stages)
        if target is None:
            draft_id = await self.drafts.save_draft(draft)
            others = [(s.id, s.title) for s in stages if s.id != action.from_stage_id]
            return Answer(
                private=action_blocks.stage_chooser(draft_id, candidate.name, app.job.title, others, action.from_stage)
            )
        if target.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already in {target.title}."))
        kind = "hire" if target.type == "Hired" else "move"
        return await self.previews.show(
            action.model_copy(update={"kind": kind, "to_stage_id": target.id, "to_stage": target.title})
        )

    async def _reject(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        archived = next((s for s in await self._stages(app) if s.type == "Archived"), None)
        if archived is None:
            return Answer(private=notices.notice("This job's interview plan has no Archived stage to move to."))
        if archived.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already rejected on this job."))
        return await self.previews.show(
            action.model_copy(update={"to_stage_id": archived.id, "to_stage": archived.title})
        )

    async def _hire(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        hired = next((s for s in await self._stages(app) if s.type == "Hired"), None)
        if hired is None:
            return Answer(private=notices.notice("This job's interview plan has no Hired stage."))
        if hired.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already hired on this job."))
        return await self.previews.show(action.model_copy(update={"to_stage_id": hired.id, "to_stage": hired.title}))

    async def _note(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        if not draft.text:
            return Answer(private=notices.notice("What should the note say? `/ashby note jane doe: your note`"))
        return await self.previews.show(
            action.model_copy(update={"note": draft.text[:10_000], "private": draft.private})
        )

    async def _tag(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        tags = [t for t in await self.recruiting.reference.tags() if not t.is_archived]
        if not draft.target:
            draft_id = await self.drafts.save_draft(draft)
            have = {t.id for t in candidate.tags}
            return Answer(
                private=action_blocks.tag_chooser(
                    draft_id, candidate.name, [(t.id, t.title) for t in tags if t.id not in have]
                )
            )
        tag = _pick_tag(draft.target, tags)
        if tag is not None and any(t.id == tag.id for t in candidate.tags):
            return Answer(private=notices.notice(f"{candidate.name} is already tagged “{tag.title}”."))
        if tag is None and draft.target.startswith("id:"):
            return Answer(private=notices.notice("That tag isn't available any more. Please choose again."))
        if tag is None:
            return await self.previews.show(action.model_copy(update={"tag": draft.target, "tag_id": None}))
        return await self.previews.show(action.model_copy(update={"tag": tag.title, "tag_id": tag.id}))

    async def _untag(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        tag = _pick_tag(draft.target or "", candidate.tags)
        if tag is None:
            have = [t.title for t in candidate.tags]
            return Answer(private=notices.not_found(draft.target or "", f"tag on {candidate.name}", have[:6]))
        return await self.previews.show(action.model_copy(update={"tag": tag.title, "tag_id": tag.id}))

    async def _target_job(self, draft: Draft, viewer: Viewer) -> m.Job | Answer:
        jobs = [j for j in await self.recruiting.visible_jobs(viewer) if j.status == "Open"]
        resolution = JobResolver([(j.id, j.title, j.custom_requisition_id, j.status) for j in jobs]).resolve(
            draft.target or ""
        )
        if resolution.outcome != "found" or resolution.best is None:
            names = [match.job.title for match in resolution.matches[:3]]
            return Answer(private=notices.not_found(draft.target or "", "open job", names))
        job = next(j for j in jobs if j.id == resolution.best.job.id)
        if not viewer.can_act_on(job, write_roles=self.write_roles):
            return Answer(private=not_allowed())
        return job

    async def _add(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        job = await self._target_job(draft, viewer)
        if isinstance(job, Answer):
            return job
        for application_id in candidate.application_ids:
            existing = await self.recruiting.application(application_id)
            if existing.job.id == job.id and existing.status in ("Active", "Lead"):
                return Answer(private=notices.notice(f"{candidate.name} is already being considered for {job.title}."))
        return await self.previews.show(action.model_copy(update={"target_job_id": job.id, "target_job": job.title}))

    async def _transfer(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        job = await self._target_job(draft, viewer)
        if isinstance(job, Answer):
            return job
        if job.id == app.job.id:
            return Answer(private=notices.notice(f"{candidate.name} is already on {job.title}."))
        if not job.default_interview_plan_id:
            return Answer(private=notices.notice(f"{job.title} has no interview plan to transfer into."))
        stages = await self.recruiting.reference.stages(job.default_interview_plan_id)
        # Keep the candidate's place when the new plan has the same stage; else its first active stage.
        same = next((s for s in stages if s.title.casefold() == (action.from_stage or "").casefold()), None)
        first = next((s for s in stages if s.type in ("Active", "PreInterviewScreen")), None)
        stage = same or first
        if stage is None:
            return Answer(private=notices.notice(f"{job.title}'s interview plan has no stage to transfer into."))
        update = {
            "target_job_id": job.id,
            "target_job": job.title,
            "target_plan_id": job.default_interview_plan_id,
            "to_stage_id": stage.id,
            "to_stage": stage.title,
        }
        return await self.previews.show(action.model_copy(update=update))


def _pick_stage(target: str | None, stages: list[m.InterviewStage]) -> m.InterviewStage | None:
    if not target:
        return None
    if target.startswith("id:"):
        return next((s for s in stages if s.id == target[3:]), None)
    found = StageResolver([(s.id, s.title, s.type) for s in stages]).resolve(target)
    if found.outcome != "found" or found.best is None:
        return None
    return next(s for s in stages if s.id == found.best.stage.id)


def _pick_tag(target: str, tags: list[m.Tag]) -> m.Tag | None:
    if target.startswith("id:"):
        return next((t for t in tags if t.id == target[3:]), None)
    wanted = target.strip().casefold()
    return next((t for t in tags if t.title.casefold() == wanted), None)
