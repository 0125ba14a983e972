"""From a request ("move jane to onsite") or a card's menu to a preview, one missing choice at a time.

A request becomes a *draft* while something is still to be chosen (which candidate, which application,
which stage or tag); each choice made on a chooser advances the draft, until the kind's plan (``plans``)
can show the preview. Planning never writes to Ashby: confirming is ``confirming``'s job.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ashby import models as m
from ashby.actions import Action
from ashby.queries import Recruiting
from blocks import actions as action_blocks
from blocks import notices
from blocks.payloads import CardAction, Choice, ChooseApplication, ChooseCandidate, ChooseReason, ChooseTemplate

from ..answering.core import PRIVATE, Answer
from ..answers import Answerer
from ..identity import Asker
from ..intents import Intent
from .drafts import Draft, Drafts
from .permits import may_act_on_candidate, not_allowed
from .plans import Plans
from .previews import Previews

STAGE_KINDS = frozenset({"move", "reject", "hire", "transfer"})


class Planner:
    def __init__(
        self,
        answerer: Answerer,
        drafts: Drafts,
        plans: Plans,
        previews: Previews,
        *,
        clock: Callable[[], datetime],
        write_roles: frozenset[str],
    ) -> None:
        self.answerer = answerer
        self.recruiting: Recruiting = answerer.recruiting
        self.drafts = drafts
        self.plans = plans
        self.previews = previews
        self.clock = clock
        self.write_roles = write_roles

    # -- starting points ----------------------------------------------------------------------------------

    async def start(self, intent: Intent, asker: Asker) -> Answer:
        """A write asked for by command or in words: plan it as far as possible, then preview."""
        draft = Draft(
            kind=intent.kind,
            requested_by=asker.slack_user_id,
            query=intent.query,
            target=intent.target,
            text=intent.text,
            private=intent.private,
        )
        return await self._advance(draft, asker)

    async def from_card(self, payload: CardAction, asker: Asker) -> Answer:
        """The candidate card's menu (move, reject, hire an application) or its Add tag button."""
        kind, ref = payload.kind, payload.ref
        if kind == "tag":
            draft = Draft(kind="tag", requested_by=asker.slack_user_id, candidate_id=ref)
        elif kind in ("move", "reject", "hire"):
            app = await self.recruiting.application(ref)
            draft = Draft(
                kind=kind, requested_by=asker.slack_user_id, candidate_id=app.candidate.id, application_id=ref
            )
        else:
            return Answer(private=notices.notice("That action isn't available any more."))
        return await self._advance(draft, asker)

    async def choose(self, payload: Choice, asker: Asker) -> Answer:
        """A choice made on a chooser or a preview (a candidate, application, stage, tag, reason or email)."""
        key, choice = payload.key, payload.choice
        if isinstance(payload, ChooseReason | ChooseTemplate):
            return await self.previews.amend(payload)
        draft = await self.drafts.load_draft(key)
        if draft is None:
            return Answer(private=notices.notice("This choice has expired. Please ask again."))
        if isinstance(payload, ChooseCandidate):
            draft.candidate_id = choice
        elif isinstance(payload, ChooseApplication):
            draft.application_id = choice
        else:  # a stage or a tag
            draft.target = f"id:{choice}"
        await self.drafts.forget_draft(key)
        return await self._advance(draft, asker)

    # -- planning -----------------------------------------------------------------------------------------

    async def _advance(self, draft: Draft, asker: Asker) -> Answer:
        viewer = asker.required_viewer()
        if draft.candidate_id is None:
            draft_id = await self.drafts.save_draft(draft)
            chosen = await self.answerer.resolve_candidate(
                draft.query or "", viewer, PRIVATE, pick=lambda candidate_id: ChooseCandidate(draft_id, candidate_id)
            )
            if isinstance(chosen, Answer):
                return chosen
            await self.drafts.forget_draft(draft_id)
            draft.candidate_id = chosen
        found = await self.recruiting.lookup(draft.candidate_id, viewer)
        candidate = found.candidate
        app: m.Application | None = None
        if draft.kind in STAGE_KINDS:
            picked = await self._application(draft, found.applications, candidate.name)
            if not isinstance(picked, m.Application):
                return picked
            app = picked
        job = await self.recruiting.reference.job(app.job.id) if app else None
        if app is not None and not viewer.can_act_on(job, app, write_roles=self.write_roles):
            return Answer(private=not_allowed())
        jobs = await self.recruiting.reference.jobs()
        on_candidate = app is None and draft.kind in ("note", "tag", "untag")
        if on_candidate and not may_act_on_candidate(viewer, found.applications, jobs, write_roles=self.write_roles):
            return Answer(private=not_allowed())
        base = Action(
            kind=draft.kind,
            candidate_id=candidate.id,
            candidate_name=candidate.name,
            application_id=app.id if app else None,
            job_id=app.job.id if app else None,
            job_title=app.job.title if app else None,
            from_stage_id=app.current_interview_stage.id if app and app.current_interview_stage else None,
            from_stage=app.current_interview_stage.title if app and app.current_interview_stage else None,
            requested_by=draft.requested_by,
            requested_at=self.clock(),
        )
        return await self.plans.plan(base, draft, app, candidate, viewer)

    async def _application(
        self, draft: Draft, applications: tuple[m.Application, ...], candidate_name: str
    ) -> m.Application | Answer:
        active = [a for a in applications if a.status in ("Active", "Lead")]
        if draft.application_id:
            chosen = next((a for a in applications if a.id == draft.application_id), None)
            if chosen is None:
                return Answer(private=notices.notice("That application isn't available to you any more."))
            if chosen.status not in ("Active", "Lead"):
                status = chosen.status.lower()
                return Answer(private=notices.notice(f"{candidate_name}'s application is already {status}."))
            return chosen
        if not active:
            return Answer(private=notices.notice(f"{candidate_name} has no active application to act on."))
        if len(active) == 1:
            return active[0]
        draft_id = await self.drafts.save_draft(draft)
        choices = [
            (a.id, f"{a.job.title} · {a.current_interview_stage.title if a.current_interview_stage else a.status}")
            for a in active
        ]
        return Answer(private=action_blocks.application_chooser(draft_id, candidate_name, choices))
