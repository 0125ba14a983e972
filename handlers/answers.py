"""Turn an ``Intent`` from a person into the message(s) to send back.

This is the one place that decides what goes where: ``private`` answers (ephemeral or DM) show all the
asker may see; ``public`` answers (a channel thread) never show confidential jobs, contact details,
salaries or feedback text — those go privately to the asker instead.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from ashby import errors
from ashby import models as m
from ashby.access import DEFAULT_WRITE_ROLES, Viewer
from ashby.index import CandidateIndex
from ashby.queries import NotVisible, Recruiting
from ashby.resolver import CandidateResolver, JobResolver, StageResolver
from ashby.views import CandidateChoice, Help
from blocks import candidate as candidate_blocks
from blocks import feedback as feedback_blocks
from blocks import help as help_blocks
from blocks import interviews as interview_blocks
from blocks import jobs as job_blocks
from blocks import notices
from blocks import offers as offer_blocks
from blocks import picker as picker_blocks
from blocks import pipeline as pipeline_blocks
from blocks import stale as stale_blocks

from .identity import Asker
from .intents import Intent

log = logging.getLogger(__name__)

Surface = Literal["private", "public"]
#: How many of the longest-untouched active applications /ashby stale looks at closely.
STALE_CANDIDATES = 40
Message = dict[str, Any]

EXAMPLES = (
    ("/ashby jane doe", "a candidate's card: applications, stage, days in stage, interviews, feedback"),
    ("/ashby job REQ-1042", "a job's pipeline: active candidates per stage, longest waiting"),
    ("/ashby jobs", "open jobs with active candidates, by department"),
    ("/ashby interviews today me", "interviews today / tomorrow / this week, for you, @someone or a candidate"),
    ("/ashby feedback alex kim", "scorecards and who still owes feedback"),
    ("/ashby offers pending", "offers and where their approvals stand"),
    ("/ashby stale backend", "active candidates who have waited longest in their stage"),
    ("@Ashby where is Jane Doe in the process?", "ask in plain words in any channel; I answer in a thread"),
)


@dataclass(frozen=True, slots=True)
class Answer:
    """``public`` goes to the channel thread (mentions only); ``private`` only to the asker."""

    private: Message | None = None
    public: Message | None = None
    #: The answer replaces the card whose button was pressed (e.g. an approval card once approved).
    replaces_card: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    surface: Surface
    #: Resolves another Slack user (``/ashby interviews @dana``) to their Ashby viewer, when possible.
    lookup_slack_user: Callable[[str], Awaitable[Asker]] | None = None


class Answerer:
    def __init__(
        self,
        recruiting: Recruiting,
        index: CandidateIndex,
        resolver: CandidateResolver,
        *,
        clock: Callable[[], datetime],
        write_roles: frozenset[str] = DEFAULT_WRITE_ROLES,
    ) -> None:
        self.recruiting = recruiting
        self.index = index
        self.resolver = resolver
        self.clock = clock
        self.write_roles = write_roles

    async def answer(self, intent: Intent, asker: Asker, place: Place) -> Answer:
        if asker.viewer is None:
            return refusal(asker)
        return await self.guarded(self._answer(intent, asker, asker.viewer, place))

    async def guarded(self, work: Awaitable[Answer]) -> Answer:
        """Run ``work``; access refusals and Ashby failures become answers, not exceptions."""
        try:
            return await work
        except NotVisible:
            return Answer(private=notices.not_allowed("Your Ashby access doesn't include that."))
        except errors.AshbyError as exc:
            log.warning("ashby error while answering: %s", _safe(exc))
            return Answer(private=ashby_problem(exc))

    async def _answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        handler = {
            "help": self._help,
            "unknown": self._help,
            "candidate": self._candidate,
            "pipeline": self._pipeline,
            "jobs": self._jobs,
            "interviews": self._interviews,
            "feedback": self._feedback,
            "offers": self._offers,
            "stale": self._stale,
        }[intent.kind]
        return await handler(intent, asker, viewer, place)

    # -- help ---------------------------------------------------------------------------------------------

    async def _help(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        note = None
        if intent.kind == "unknown":
            note = "I couldn't place that question. Here is what I can do:"
        elif intent.suggestions:
            note = "Not sure what you meant. Did you mean one of these?"
        message = help_blocks.help_card(Help(examples=EXAMPLES, note=note, suggestions=intent.suggestions))
        return _to(place, message, safe=True)

    # -- candidates ---------------------------------------------------------------------------------------

    async def open_candidate(self, candidate_id: str, asker: Asker, place: Place) -> Answer:
        """The card for a known candidate id (from a picker button or a resolved name)."""
        viewer = _viewer(asker)
        known = [(app.id, app.status) for app in self.index.applications_of(candidate_id)]
        card = await self.recruiting.candidate_card(candidate_id, viewer, known=known)
        now = self.clock()
        jobs = await self.recruiting.reference.jobs()
        can_act = any(
            viewer.can_act_on(jobs.get(app.job.id), write_roles=self.write_roles) for app in card.applications
        )
        private = candidate_blocks.candidate_card(
            card,
            now=now,
            tz=asker.tz,
            show_contact=True,
            share_value=None if card.confidential else f"candidate:{card.id}",
            can_act=can_act,
        )
        if place.surface == "private":
            return Answer(private=private)
        if card.confidential:
            return Answer(private=private, public=notices.notice("I've sent you the answer privately."))
        public = candidate_blocks.candidate_card(card, now=now, tz=asker.tz, show_contact=False, share_value=None)
        return Answer(public=public)

    async def _candidate(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.resolve_candidate(intent.query or "", viewer, place)
        if isinstance(chosen, Answer):
            return chosen
        return await self.open_candidate(chosen, asker, place)

    async def resolve_candidate(
        self, query: str, viewer: Viewer, place: Place, *, pick_action: str = "ashby_candidate", value_prefix: str = ""
    ) -> str | Answer:
        """A candidate id, or the answer to send instead: a picker whose buttons ``pick_action`` with
        ``value_prefix`` + the candidate id, or the closest matches."""
        query = query.strip()
        if not query:
            return Answer(private=notices.notice("Who should I look up? Try `/ashby jane doe` or an email."))
        resolution = self.resolver.resolve(query)
        if resolution.outcome == "found" and resolution.best is not None:
            return resolution.best.candidate.id
        if resolution.outcome == "ambiguous":
            choices = [
                await self._choice(match.candidate.id, match.candidate.name, viewer, place)
                for match in resolution.matches
            ]
            visible = [c for c in choices if c is not None]
            if len(visible) == 1:
                return visible[0].id
            if visible:
                return Answer(private=_picker(query, visible, pick_action, value_prefix))
        found = await self._search_fallback(query, viewer, place)
        if isinstance(found, str):
            return found
        if found:
            return Answer(private=_picker(query, found, pick_action, value_prefix))
        closest = [match.candidate.name for match in resolution.matches[:3]]
        return Answer(private=notices.not_found(query, "candidate", closest))

    async def _search_fallback(self, query: str, viewer: Viewer, place: Place) -> str | list[CandidateChoice]:
        """Not in the index yet (e.g. created a moment ago): ask Ashby's ``candidate.search``, keeping only
        the people this asker may see."""
        field = "email" if "@" in query else "name"
        results = await self.recruiting.client.candidate_search(**{field: query})
        choices = [
            choice
            for c in results[:20]
            if (choice := await self._choice(c.id, c.name, viewer, place, application_ids=c.application_ids))
        ]
        if len(choices) == 1:
            return choices[0].id
        return choices[:10]

    async def _choice(
        self, candidate_id: str, name: str, viewer: Viewer, place: Place, *, application_ids: Sequence[str] = ()
    ) -> CandidateChoice | None:
        """A picker row, or None when the asker may not see this candidate (here)."""
        jobs = await self.recruiting.reference.jobs()
        placed: list[tuple[str | None, str]] = [
            (app.job_id, app.status) for app in self.index.applications_of(candidate_id)
        ]
        if not placed and application_ids:
            # Not in the index yet: look the applications up (each one cached for the card that follows).
            for app_id in application_ids[:5]:
                try:
                    app = await self.recruiting.application(app_id)
                except errors.AshbyNotFoundError:  # on a job this API key may not see
                    continue
                placed.append((app.job.id, app.status))
        details = []
        any_visible = False
        for job_id, status in placed:
            job = jobs.get(job_id or "")
            if job is None or not viewer.can_see_job(job) or (job.confidential and place.surface == "public"):
                continue
            any_visible = True
            if status == "Active":
                details.append(job.title)
        if not any_visible and (placed or not viewer.sees_all_jobs):
            return None
        entry = self.index.get(candidate_id)
        detail = " · ".join(details[:2]) or (entry.emails[0] if entry and entry.emails else "no active applications")
        return CandidateChoice(id=candidate_id, name=name, detail=detail)

    # -- jobs and pipelines -------------------------------------------------------------------------------

    async def _resolve_job(self, query: str, viewer: Viewer, place: Place) -> str | Answer:
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

    async def _pipeline(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        job_id = await self._resolve_job(intent.query or "", viewer, place)
        if isinstance(job_id, Answer):
            return job_id
        return await self.open_pipeline(job_id, asker, place, stage_query=intent.stage)

    async def open_pipeline(self, job_id: str, asker: Asker, place: Place, *, stage_query: str | None = None) -> Answer:
        viewer = _viewer(asker)
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
        share = None if job.confidential else f"pipeline:{job_id}"
        message = pipeline_blocks.pipeline_card(view, share_value=share if place.surface == "private" else None)
        return _to(place, message, safe=not job.confidential)

    async def _jobs(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        overview = await self.recruiting.jobs_overview(
            viewer, self.index.active_counts_by_job(), include_confidential=not public
        )
        message = job_blocks.jobs_overview(overview, share_value="jobs" if not public else None)
        return _to(place, message, safe=True)

    # -- interviews ---------------------------------------------------------------------------------------

    async def _interviews(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        start, end, label = self._window(intent.when, asker)
        interviewer_id = candidate_id = None
        whose = ""
        if intent.who == "me":
            interviewer_id, whose = viewer.id, "Your interviews"
        elif intent.who:
            other = await place.lookup_slack_user(intent.who) if place.lookup_slack_user else None
            if other is None or other.viewer is None:
                return Answer(
                    private=notices.notice(
                        f"<@{intent.who}> isn't linked to an Ashby user, so I can't show their interviews."
                    )
                )
            interviewer_id, whose = other.viewer.id, f"Interviews for {other.viewer.user.name}"
        elif intent.query:
            chosen = await self.resolve_candidate(intent.query, viewer, place)
            if isinstance(chosen, Answer):
                return chosen
            candidate_id = chosen
        public = place.surface == "public"
        views = await self.recruiting.interviews(
            start,
            end,
            viewer,
            interviewer_id=interviewer_id,
            candidate_id=candidate_id,
            include_confidential=not public,
        )
        if candidate_id and views:
            whose = f"Interviews for {views[0].candidate_name}"
        if public:  # meeting and scorecard links are for the people in the interview, not the channel
            views = [dataclasses.replace(view, meeting_link=None, feedback_link=None) for view in views]
        title = f"{whose or 'Interviews'} {label}"
        message = interview_blocks.interviews_card(views, title=title, now=self.clock(), tz=asker.tz)
        return _to(place, message, safe=True)

    def _window(self, when: str, asker: Asker) -> tuple[datetime, datetime, str]:
        local_now = self.clock().astimezone(asker.tz)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        if when == "tomorrow":
            return midnight + timedelta(days=1), midnight + timedelta(days=2), "tomorrow"
        if when == "week":
            return midnight, midnight + timedelta(days=7), "in the next 7 days"
        return midnight, midnight + timedelta(days=1), "today"

    # -- feedback, offers, stale --------------------------------------------------------------------------

    async def _feedback(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.resolve_candidate(intent.query or "", viewer, place, pick_action="ashby_feedback")
        if isinstance(chosen, Answer):
            return chosen
        return await self.open_feedback(chosen, asker, place)

    async def open_feedback(self, candidate_id: str, asker: Asker, place: Place) -> Answer:
        view = await self.recruiting.feedback(candidate_id, _viewer(asker))
        now = self.clock()
        private = feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=True)
        if place.surface == "private":
            return Answer(private=private)
        if view.job.confidential:
            return Answer(private=private, public=notices.notice("I've sent you the answer privately."))
        public = feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=False)
        has_text = any(entry.text for entry in view.entries)
        return Answer(public=public, private=private if has_text else None)

    async def _offers(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        views = await self.recruiting.offers(viewer, pending_only=intent.pending, include_confidential=not public)
        title = "Offers waiting for approval" if intent.pending else "Offers"
        now = self.clock()
        private = offer_blocks.offers_card(views, title=title, now=now, tz=asker.tz)
        if not public:
            return Answer(private=private)
        # Salaries are personal: the thread gets the offers without them.
        redacted = [dataclasses.replace(view, salary=None) for view in views]
        return Answer(public=offer_blocks.offers_card(redacted, title=title, now=now, tz=asker.tz))

    async def _stale(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        title = "Longest in their stage"
        jobs = await self.recruiting.reference.jobs()
        if intent.query:
            job_id = await self._resolve_job(intent.query, viewer, place)
            if isinstance(job_id, Answer):
                return job_id
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
        return _to(place, stale_blocks.stale_card(entries, title=title), safe=True)


def _picker(query: str, choices: list[CandidateChoice], action_id: str, value_prefix: str) -> Message:
    prefixed = [dataclasses.replace(choice, id=f"{value_prefix}{choice.id}") for choice in choices]
    return picker_blocks.candidate_picker(query, prefixed, action_id=action_id)


def refusal(asker: Asker) -> Answer:
    return Answer(private=notices.not_allowed(asker.refusal or "You don't have access to Ashby."))


def _viewer(asker: Asker) -> Viewer:
    if asker.viewer is None:
        raise NotVisible("unmapped user")
    return asker.viewer


def _to(place: Place, message: Message, *, safe: bool) -> Answer:
    if place.surface == "private":
        return Answer(private=message)
    if safe:
        return Answer(public=message)
    return Answer(private=message, public=notices.notice("I've sent you the answer privately."))


def _safe(exc: errors.AshbyError) -> str:
    return f"{type(exc).__name__} {getattr(exc, 'code', '')} request_id={exc.request_id}"


def ashby_problem(exc: errors.AshbyError) -> Message:
    """What happened and what to do, in words a recruiter (or their admin) can act on."""
    ref = f" (Ashby request id {exc.request_id})" if exc.request_id else ""
    if isinstance(exc, errors.AshbyAuthError):
        if exc.permission:
            return notices.ashby_unavailable(
                f"The bot's Ashby API key is missing the *{exc.permission}* permission{ref}.",
                "Ask your Ashby admin to tick it under Admin → Integrations → API Keys.",
            )
        return notices.ashby_unavailable(
            f"Ashby refused the bot's API key{ref}.",
            "Ask your Slack admin to check ASHBY_API_KEY (`ashby-bot doctor`).",
        )
    if isinstance(exc, errors.AshbyRateLimitError):
        wait = f"in about {int(exc.retry_after) + 1} seconds" if exc.retry_after else "in a minute"
        return notices.ashby_unavailable("Ashby is busy and asked us to slow down.", f"Try again {wait}.")
    if isinstance(exc, errors.AshbyTimeout):
        return notices.ashby_unavailable("Ashby didn't answer in time.", "Try again in a minute.")
    if isinstance(exc, errors.AshbyTransportError):
        return notices.ashby_unavailable(
            "I couldn't reach Ashby.", "Try again in a minute; if it persists, tell your Slack admin."
        )
    if isinstance(exc, errors.AshbyServerError | errors.AshbyResponseError):
        return notices.ashby_unavailable(f"Ashby had a problem answering{ref}.", "Try again in a minute.")
    if isinstance(exc, errors.AshbyNotFoundError):
        return notices.notice("Ashby couldn't find that record — it may have been deleted or you may lack access.")
    return notices.ashby_unavailable(f"Ashby said: {exc.message}{ref}.", "Try again, or open it in Ashby.")
