"""Acting from Slack: plan a write, preview it, and run it exactly once when confirmed.

A request ("move jane to onsite") becomes a *draft* while something is still to be chosen (which
candidate, which application, which stage or tag), then a *preview* (an ``Action`` in the shared store)
shown with Confirm and Cancel. Confirm checks again, as the person who pressed it, that they may do it and
that the preview still matches Ashby, then claims the preview in the shared store so double clicks, Slack
retries and a second replica make one Ashby call.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from ashby import models as m
from ashby.access import DEFAULT_WRITE_ROLES, Viewer
from ashby.actions import Action, Writer
from ashby.once import Once
from ashby.queries import NotVisible, Recruiting
from ashby.resolver import JobResolver, StageResolver
from ashby.store import Store, StoreError
from blocks import actions as action_blocks
from blocks import notices
from blocks.payloads import Cancel, CardAction, Choice, ChooseApplication, ChooseCandidate, ChooseReason, ChooseTemplate

from .answers import Answer, Answerer, Message, Place
from .identity import Asker
from .intents import Intent

log = logging.getLogger(__name__)

PREVIEW_TTL = 3600
CLAIM_TTL = 7 * 24 * 3600
#: A claim whose holder died mid-write lapses after this; the re-check then sees what Ashby did.
RUNNING_TTL = 600
PRIVATE = Place("private")
STAGE_KINDS = frozenset({"move", "reject", "hire", "transfer"})


@dataclass
class Draft:
    """A write still missing a choice; kept in the store between clicks."""

    kind: str
    requested_by: str
    query: str | None = None
    target: str | None = None
    text: str | None = None
    private: bool = False
    candidate_id: str | None = None
    application_id: str | None = None


class WriteFlow:
    def __init__(
        self,
        answerer: Answerer,
        store: Store,
        writer: Writer,
        *,
        clock: Callable[[], datetime],
        write_roles: frozenset[str] = DEFAULT_WRITE_ROLES,
    ) -> None:
        self.answerer = answerer
        self.recruiting: Recruiting = answerer.recruiting
        self.store = store
        self.writer = writer
        self.clock = clock
        self.write_roles = write_roles
        self.once = Once(store, "write", running_ttl=RUNNING_TTL)

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
        return await self._guard(asker, self._advance(draft, asker))

    async def from_card(self, payload: CardAction, asker: Asker) -> Answer:
        """The candidate card's menu (move, reject, hire an application) or its Add tag button."""
        return await self._guard(asker, self._from_card(payload, asker))

    async def _from_card(self, payload: CardAction, asker: Asker) -> Answer:
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
        return await self._guard(asker, self._choose(payload, asker))

    async def _choose(self, payload: Choice, asker: Asker) -> Answer:
        key, choice = payload.key, payload.choice
        if isinstance(payload, ChooseReason | ChooseTemplate):
            return await self._amend_preview(payload, asker)
        draft = await self._load_draft(key)
        if draft is None:
            return Answer(private=notices.notice("This choice has expired. Please ask again."))
        if isinstance(payload, ChooseCandidate):
            draft.candidate_id = choice
        elif isinstance(payload, ChooseApplication):
            draft.application_id = choice
        else:  # a stage or a tag
            draft.target = f"id:{choice}"
        await self.store.delete(f"draft:{key}")
        return await self._advance(draft, asker)

    # -- planning -----------------------------------------------------------------------------------------

    async def _advance(self, draft: Draft, asker: Asker) -> Answer:
        viewer = asker.required_viewer()
        if draft.candidate_id is None:
            draft_id = await self._save_draft(draft)
            chosen = await self.answerer.resolve_candidate(
                draft.query or "", viewer, PRIVATE, pick=lambda candidate_id: ChooseCandidate(draft_id, candidate_id)
            )
            if isinstance(chosen, Answer):
                return chosen
            await self.store.delete(f"draft:{draft_id}")
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
            return Answer(private=_not_allowed())
        jobs = await self.recruiting.reference.jobs()
        on_candidate = app is None and draft.kind in ("note", "tag", "untag")
        if on_candidate and not self._may_act_on_candidate(viewer, found.applications, jobs):
            return Answer(private=_not_allowed())
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
        planner = {
            "move": self._plan_move,
            "reject": self._plan_reject,
            "hire": self._plan_hire,
            "note": self._plan_note,
            "tag": self._plan_tag,
            "untag": self._plan_untag,
            "add": self._plan_add,
            "transfer": self._plan_transfer,
        }[draft.kind]
        return await planner(base, draft, app, candidate, viewer)

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
        draft_id = await self._save_draft(draft)
        choices = [
            (a.id, f"{a.job.title} · {a.current_interview_stage.title if a.current_interview_stage else a.status}")
            for a in active
        ]
        return Answer(private=action_blocks.application_chooser(draft_id, candidate_name, choices))

    async def _stages(self, app: m.Application) -> list[m.InterviewStage]:
        stage = app.current_interview_stage
        plan_id = stage.interview_plan_id if stage else None
        return await self.recruiting.reference.stages(plan_id) if plan_id else []

    async def _plan_move(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        stages = [s for s in await self._stages(app) if s.type != "Archived"]
        target = _pick_stage(draft.target, stages)
        if target is None:
            draft_id = await self._save_draft(draft)
            others = [(s.id, s.title) for s in stages if s.id != action.from_stage_id]
            return Answer(
                private=action_blocks.stage_chooser(draft_id, candidate.name, app.job.title, others, action.from_stage)
            )
        if target.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already in {target.title}."))
        kind = "hire" if target.type == "Hired" else "move"
        return await self._preview(
            action.model_copy(update={"kind": kind, "to_stage_id": target.id, "to_stage": target.title})
        )

    async def _plan_reject(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        archived = next((s for s in await self._stages(app) if s.type == "Archived"), None)
        if archived is None:
            return Answer(private=notices.notice("This job's interview plan has no Archived stage to move to."))
        if archived.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already rejected on this job."))
        return await self._preview(action.model_copy(update={"to_stage_id": archived.id, "to_stage": archived.title}))

    async def _plan_hire(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        assert app is not None
        hired = next((s for s in await self._stages(app) if s.type == "Hired"), None)
        if hired is None:
            return Answer(private=notices.notice("This job's interview plan has no Hired stage."))
        if hired.id == action.from_stage_id:
            return Answer(private=notices.notice(f"{candidate.name} is already hired on this job."))
        return await self._preview(action.model_copy(update={"to_stage_id": hired.id, "to_stage": hired.title}))

    async def _plan_note(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        if not draft.text:
            return Answer(private=notices.notice("What should the note say? `/ashby note jane doe: your note`"))
        return await self._preview(action.model_copy(update={"note": draft.text[:10_000], "private": draft.private}))

    async def _plan_tag(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        tags = [t for t in await self.recruiting.reference.tags() if not t.is_archived]
        if not draft.target:
            draft_id = await self._save_draft(draft)
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
            return await self._preview(action.model_copy(update={"tag": draft.target, "tag_id": None}))
        return await self._preview(action.model_copy(update={"tag": tag.title, "tag_id": tag.id}))

    async def _plan_untag(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        tag = _pick_tag(draft.target or "", candidate.tags)
        if tag is None:
            have = [t.title for t in candidate.tags]
            return Answer(private=notices.not_found(draft.target or "", f"tag on {candidate.name}", have[:6]))
        return await self._preview(action.model_copy(update={"tag": tag.title, "tag_id": tag.id}))

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
            return Answer(private=_not_allowed())
        return job

    async def _plan_add(
        self, action: Action, draft: Draft, app: m.Application | None, candidate: m.Candidate, viewer: Viewer
    ) -> Answer:
        job = await self._target_job(draft, viewer)
        if isinstance(job, Answer):
            return job
        for application_id in candidate.application_ids:
            existing = await self.recruiting.application(application_id)
            if existing.job.id == job.id and existing.status in ("Active", "Lead"):
                return Answer(private=notices.notice(f"{candidate.name} is already being considered for {job.title}."))
        return await self._preview(action.model_copy(update={"target_job_id": job.id, "target_job": job.title}))

    async def _plan_transfer(
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
        return await self._preview(action.model_copy(update=update))

    # -- previews -----------------------------------------------------------------------------------------

    async def _preview(self, action: Action, preview_id: str | None = None) -> Answer:
        preview_id = preview_id or _new_id()
        await self.store.set(f"preview:{preview_id}", action.model_dump_json(), ttl=PREVIEW_TTL)
        reasons: list[tuple[str, str]] = []
        templates: list[tuple[str, str]] = []
        if action.kind == "reject":
            reasons = [(r.id, r.text) for r in await self.recruiting.reference.archive_reasons() if not r.is_archived]
            try:
                found = await self.recruiting.reference.communication_templates()
                templates = [(t.id, t.title) for t in found if "email" in t.intended_types]
            except Exception:  # the key may not allow templates: reject without an email
                templates = []
        card = action_blocks.preview_card(action, preview_id, reasons=reasons, templates=templates)
        return Answer(private=card)

    async def _amend_preview(self, payload: ChooseReason | ChooseTemplate, asker: Asker) -> Answer:
        preview_id, choice = payload.key, payload.choice
        action = await self._load_preview(preview_id)
        if action is None:
            return Answer(private=notices.notice("This preview has expired or was already used. Please ask again."))
        if isinstance(payload, ChooseReason):
            reason = next((r for r in await self.recruiting.reference.archive_reasons() if r.id == choice), None)
            if reason is None:
                return Answer(private=notices.notice("That reason isn't available any more."))
            action = action.model_copy(update={"archive_reason_id": reason.id, "archive_reason": reason.text})
        else:
            template = next(
                (t for t in await self.recruiting.reference.communication_templates() if t.id == choice), None
            )
            update = (
                {"email_template_id": template.id, "email_template": template.title}
                if template
                else {
                    "email_template_id": None,
                    "email_template": None,
                }
            )
            action = action.model_copy(update=update)
        return await self._preview(action, preview_id)

    # -- confirm and cancel -------------------------------------------------------------------------------

    async def cancel(self, payload: Cancel, asker: Asker) -> Answer | None:
        """Forget the preview or draft (Cancel leaves nothing behind), or the refusal when the presser is not
        the person who asked for it: a preview shared or forged elsewhere cannot be cancelled by someone else."""
        key = f"draft:{payload.id}" if payload.draft else f"preview:{payload.id}"
        try:
            raw = await self.store.get(key)
            owner = _requested_by(raw)
            if owner is not None and owner != asker.slack_user_id:
                return Answer(private=notices.not_allowed("Only the person who asked for this can cancel it."))
            await self.store.delete(key)
        except Exception:
            log.warning("could not forget a cancelled preview (it expires by itself)")
        return None

    async def confirm(self, preview_id: str, asker: Asker) -> Answer:
        return await self._guard(asker, self._confirm(preview_id, asker))

    async def _confirm(self, preview_id: str, asker: Asker) -> Answer:
        viewer = asker.required_viewer()
        done = await self.once.outcome(preview_id)
        if done is not None:
            return Answer(private=self._outcome_card(done, asker))
        action = await self._load_preview(preview_id)
        if action is None:
            return Answer(private=notices.notice("This preview has expired or was cancelled. Nothing was done."))
        if not await self.once.claim(preview_id, asker.slack_user_id):
            # Someone (a double click, a retry, another replica) is already running it: show its outcome.
            done = await self.once.wait(preview_id)
            if done is not None:
                return Answer(private=self._outcome_card(done, asker))
            return Answer(private=notices.notice("This is already being done. Check the candidate in a moment."))
        # Checked while holding the claim, so a concurrent click cannot slip in between check and write.
        try:
            problem = await self._recheck(action, viewer)
        except BaseException:
            await self.once.release(preview_id)
            raise
        if problem is not None:
            await self.once.release(preview_id)
            return Answer(private=problem)
        outcome = await self.writer.run(action, viewer, slack_user_id=asker.slack_user_id)
        self.recruiting.forget(candidate_id=action.candidate_id, application_id=action.application_id)
        if outcome.ok and outcome.record is not None and action.kind in ("move", "reject", "hire", "add", "transfer"):
            # Counts come from the index: it learns of the change now, not at the next incremental pass.
            try:
                self.answerer.index.apply_applications([outcome.record])
            except Exception:  # the next pass brings it; the outcome must still be recorded below
                log.warning("could not put a written application into the index")
        if action.kind == "tag" and action.tag_id is None:
            self.recruiting.reference.invalidate_tags()
        record = {
            "action": action.model_dump(mode="json"),
            "ok": outcome.ok,
            "text": outcome.message,
            "actor": viewer.user.name,
            "at": self.clock().isoformat(),
        }
        try:
            if outcome.ok or not outcome.retryable:
                await self.once.record(preview_id, record, keep_for=CLAIM_TTL)
                await self.store.delete(f"preview:{preview_id}")
            else:
                await self.once.release(preview_id)  # nothing happened: Confirm may be pressed again
        except Exception as exc:
            # Ashby has answered; say what it did even though the store could not record it.
            log.warning("could not record a write's outcome: %s", type(exc).__name__)
        return Answer(private=self._outcome_card(record, asker))

    async def _recheck(self, action: Action, viewer: Viewer) -> Message | None:
        """As the presser, with fresh data: may they, and does the preview still match Ashby?"""
        # The presser's role and enabled flag as Ashby has them now, not as cached for the last 15 minutes.
        viewer = Viewer(await self.recruiting.client.user_info(viewer.id))
        if action.application_id is None:
            try:
                found = await self.recruiting.lookup(action.candidate_id, viewer)
            except NotVisible:
                return _not_allowed()
            jobs = await self.recruiting.reference.jobs()
            if action.kind == "add":
                allowed = viewer.can_act_on(jobs.get(action.target_job_id or ""), write_roles=self.write_roles)
            else:
                allowed = self._may_act_on_candidate(viewer, found.applications, jobs)
            return None if allowed else _not_allowed()
        self.recruiting.forget(application_id=action.application_id)
        app = await self.recruiting.application(action.application_id)
        job = await self.recruiting.client.job_info(app.job.id)  # its hiring team as of now
        if not viewer.can_act_on(job, app, write_roles=self.write_roles):
            return _not_allowed()
        if action.kind == "transfer" and not viewer.can_act_on(
            await self.recruiting.reference.job(action.target_job_id or ""), write_roles=self.write_roles
        ):
            return _not_allowed()
        current = app.current_interview_stage
        if app.status not in ("Active", "Lead") or current is None or current.id != action.from_stage_id:
            now = current.title if current else app.status
            return notices.notice(
                f"This preview is out of date: {action.candidate_name} is now in {now}. Nothing was done; ask again."
            )
        return None

    def _may_act_on_candidate(
        self, viewer: Viewer, applications: tuple[m.Application, ...], jobs: dict[str, m.Job]
    ) -> bool:
        """Notes and tags: allowed on any of the candidate's applications' jobs, or, for a candidate with no
        application yet, to the roles that may act on every job."""
        if not applications:
            return viewer.user.global_role in self.write_roles
        return any(viewer.can_act_on(jobs.get(a.job.id), a, write_roles=self.write_roles) for a in applications)

    def _outcome_card(self, record: dict[str, Any], asker: Asker) -> Message:
        action = Action.model_validate(record["action"])
        at = datetime.fromisoformat(record["at"])
        return action_blocks.outcome_card(
            action, ok=record["ok"], text=record["text"], actor=record["actor"], at=at, tz=asker.tz, now=self.clock()
        )

    # -- storage ------------------------------------------------------------------------------------------

    async def _save_draft(self, draft: Draft) -> str:
        draft_id = _new_id()
        await self.store.set(f"draft:{draft_id}", json.dumps(asdict(draft)), ttl=PREVIEW_TTL)
        return draft_id

    async def _load_draft(self, draft_id: str) -> Draft | None:
        raw = await self.store.get(f"draft:{draft_id}")
        return Draft(**json.loads(raw)) if raw else None

    async def _load_preview(self, preview_id: str) -> Action | None:
        raw = await self.store.get(f"preview:{preview_id}")
        return Action.model_validate_json(raw) if raw else None

    async def _guard(self, asker: Asker, work: Coroutine[Any, Any, Answer]) -> Answer:
        """Store failures become a refusal to write (never a risk of writing twice)."""
        if asker.viewer is None:
            work.close()
            return Answer(private=asker.no_access())
        try:
            return await self.answerer.guarded(work)
        except StoreError as exc:
            log.warning("shared store unavailable during a write: %s", exc)
            return Answer(private=store_down())


def _new_id() -> str:
    return secrets.token_urlsafe(12)


def _not_allowed() -> Message:
    return notices.not_allowed(
        "You can act only on jobs where you're on the hiring team (admins and elevated users on any "
        "non-confidential job). Nothing was changed."
    )


def store_down() -> Message:
    return notices.ashby_unavailable(
        "I can't reach the bot's shared store (Redis), so I won't risk doing this twice. Nothing was changed.",
        "Try again in a minute; if it keeps happening, tell your Slack admin.",
    )


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


def _requested_by(raw: str | bytes | None) -> str | None:
    """Who asked for a stored preview or draft (both record ``requested_by``), or None when unknown."""
    if not raw:
        return None
    try:
        owner = json.loads(raw).get("requested_by")
    except (ValueError, AttributeError):
        return None
    return owner if isinstance(owner, str) else None
