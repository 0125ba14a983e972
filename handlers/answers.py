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
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from ashby import errors
from ashby import models as m
from ashby.access import DEFAULT_WRITE_ROLES, Viewer
from ashby.index import CandidateIndex
from ashby.normalize import normalize
from ashby.queries import Lookup, NotVisible, Recruiting, is_confidential
from ashby.resolver import CandidateResolver, JobResolver, StageResolver
from ashby.views import ApplicationView, CandidateCard, CandidateChoice, Help, JobsOverview, OfferView, PipelineView
from blocks import candidate as candidate_blocks
from blocks import facts, notices
from blocks import feedback as feedback_blocks
from blocks import help as help_blocks
from blocks import interviews as interview_blocks
from blocks import jobs as job_blocks
from blocks import offers as offer_blocks
from blocks import picker as picker_blocks
from blocks import pipeline as pipeline_blocks
from blocks import stale as stale_blocks
from blocks.payloads import AnswerAbout, OpenCandidate, Payload, Share

from .identity import Asker
from .intents import Fact, Intent

log = logging.getLogger(__name__)

Surface = Literal["private", "public"]
#: How many of the longest-untouched active applications /ashby stale looks at closely.
STALE_CANDIDATES = 40
#: A candidate's interviews, when no day was named: what the interview calendar keeps around today.
INTERVIEWS_PAST, INTERVIEWS_AHEAD = timedelta(days=14), timedelta(days=60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Message = dict[str, Any]

EXAMPLES = (
    ("/ashby jane doe", "a candidate's card: applications, stage, days in stage, interviews, feedback"),
    ("/ashby job REQ-1042", "a job's pipeline: active candidates per stage, longest waiting"),
    ("/ashby jobs", "open jobs with active candidates, by department"),
    ("/ashby interviews today me", "interviews today / tomorrow / this week, for you, @someone or a candidate"),
    ("/ashby feedback alex kim", "scorecards and who still owes feedback"),
    ("/ashby offers pending", "offers and where their approvals stand"),
    ("/ashby stale backend", "active candidates who have waited longest in their stage"),
    (
        "@Ashby who's the recruiter for Jane Doe?",
        "ask in your own words in a channel (I answer in a thread), a DM or /ashby",
    ),
    (
        "@Ashby how many are in onsite for the backend role?",
        "stages, counts, interviews, feedback, offers: the fact first",
    ),
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

    async def open_candidate(
        self, candidate_id: str, asker: Asker, place: Place, *, fact: Fact | None = None, job: str | None = None
    ) -> Answer:
        """The card for a known candidate id (from a picker button or a resolved name); with ``fact``, the
        sentence answering it comes first."""
        viewer = asker.required_viewer()
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
            share_value=None if card.confidential else Share("candidate", card.id),
            can_act=can_act,
        )
        sentence = _card_sentence(card, fact, job, now=now, tz=asker.tz) if fact else None
        if sentence:
            private = facts.first(sentence, private)
        if place.surface == "private":
            return Answer(private=private)
        if card.confidential or fact == "contact":
            return Answer(private=private, public=notices.notice("I've sent you the answer privately."))
        public = candidate_blocks.candidate_card(card, now=now, tz=asker.tz, show_contact=False, share_value=None)
        return Answer(public=facts.first(sentence, public) if sentence else public)

    async def _candidate(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.resolve_candidate(
            intent.query or "",
            viewer,
            place,
            pick=_asking(intent) if intent.fact else OpenCandidate,
        )
        if isinstance(chosen, Answer):
            return chosen
        return await self.open_fact(chosen, intent.fact, asker, place, job=intent.job, when=intent.when)

    async def answer_about(self, candidate_id: str, intent: Intent, asker: Asker, place: Place) -> Answer:
        """The question a picker button carries, about the candidate picked."""
        if intent.kind == "feedback":
            return await self.open_feedback(candidate_id, asker, place, owed=intent.pending)
        return await self.open_fact(candidate_id, intent.fact, asker, place, job=intent.job, when=intent.when)

    async def open_fact(
        self,
        candidate_id: str,
        fact: Fact | None,
        asker: Asker,
        place: Place,
        *,
        job: str | None = None,
        when: str | None = None,
    ) -> Answer:
        """One fact about a known candidate, sentence first."""
        if fact == "interviews":
            return await self._candidate_interviews(candidate_id, asker, place, when)
        if fact == "offer":
            return await self._candidate_offer(candidate_id, asker, place)
        if fact in ("feedback", "feedback_owed"):
            return await self.open_feedback(candidate_id, asker, place, owed=fact == "feedback_owed")
        return await self.open_candidate(candidate_id, asker, place, fact=fact, job=job)

    async def _candidate_interviews(self, candidate_id: str, asker: Asker, place: Place, when: str | None) -> Answer:
        viewer = asker.required_viewer()
        found = await self.recruiting.lookup(candidate_id, viewer)  # NotVisible when the asker may not see them
        if await self._confidential_here(found, place):
            return _privately(await self._candidate_interviews(candidate_id, asker, _PRIVATE, when))
        if when:
            start, end, label = self._window(when, asker)
        else:
            now = self.clock()
            start, end, label = now - INTERVIEWS_PAST, now + INTERVIEWS_AHEAD, "in the last two weeks and coming up"
        public = place.surface == "public"
        views = await self.recruiting.interviews(
            start, end, viewer, candidate_id=candidate_id, include_confidential=not public
        )
        if public:
            views = [dataclasses.replace(view, meeting_link=None, feedback_link=None) for view in views]
        entry = self.index.get(candidate_id)
        name = views[0].candidate_name if views else (entry.name if entry else "This candidate")
        message = interview_blocks.interviews_card(views, title=f"Interviews for {name}", now=self.clock(), tz=asker.tz)
        return _to(place, facts.first(facts.interviews(name, views, label), message), safe=True)

    async def _candidate_offer(self, candidate_id: str, asker: Asker, place: Place) -> Answer:
        viewer = asker.required_viewer()
        found = await self.recruiting.lookup(candidate_id, viewer)
        if await self._confidential_here(found, place):
            return _privately(await self._candidate_offer(candidate_id, asker, _PRIVATE))
        views = await self.recruiting.candidate_offers(found)
        title = f"Offers for {found.candidate.name}"
        return self._offers_answer(views, facts.offer(found.candidate.name, views), title, asker, place)

    async def _confidential_here(self, found: Lookup, place: Place) -> bool:
        """True in a channel when any of the candidate's applications the asker sees is on a confidential job:
        then even their name goes to the asker privately, as with their card."""
        if place.surface != "public":
            return False
        jobs = await self.recruiting.reference.jobs()
        return any(is_confidential(jobs.get(app.job.id)) for app in found.applications)

    async def resolve_candidate(
        self, query: str, viewer: Viewer, place: Place, *, pick: Pick = OpenCandidate
    ) -> str | Answer:
        """A candidate id, or the answer to send instead: a picker whose buttons carry ``pick(candidate id)``,
        or the closest matches."""
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
                return Answer(private=picker_blocks.candidate_picker(query, visible, payload=pick))
        found = await self._search_fallback(query, viewer, place)
        if isinstance(found, str):
            return found
        if found:
            return Answer(private=picker_blocks.candidate_picker(query, found, payload=pick))
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
        if not intent.query and intent.stage:
            return await self._stage_everywhere(intent.stage, viewer, place)
        job_id = await self._resolve_job(intent.query or "", viewer, place)
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
        return _to(place, facts.first(sentence, card), safe=True)

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
        return _to(place, facts.first(_job_sentence(view, fact, stage_id), message), safe=not job.confidential)

    async def _jobs(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
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
        return _to(place, facts.first(facts.open_jobs(count, where), message), safe=True)

    # -- interviews ---------------------------------------------------------------------------------------

    async def _interviews(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        start, end, label = self._window(intent.when, asker)
        interviewer_id = candidate_id = None
        whose = ""
        if intent.user_id:
            people = await self.recruiting.reference.users()
            person = people.get(intent.user_id)
            interviewer_id, whose = intent.user_id, f"Interviews for {person.name if person else 'them'}"
        elif intent.who == "me":
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
        subject = "You" if whose == "Your interviews" else whose.removeprefix("Interviews for ") or "There"
        if subject == "There":
            sentence = f"{len(views)} interview{'s' if len(views) != 1 else ''} {label}."
        else:
            sentence = facts.interview_count(len(views), subject, label)
        return _to(place, facts.first(sentence, message), safe=True)

    def _window(self, when: str | None, asker: Asker) -> tuple[datetime, datetime, str]:
        """The day or period asked about, in the asker's time zone; today when none was named."""
        local_now = self.clock().astimezone(asker.tz)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        if when == "tomorrow":
            return midnight + timedelta(days=1), midnight + timedelta(days=2), "tomorrow"
        if when == "week":
            return midnight, midnight + timedelta(days=7), "in the next 7 days"
        if when == "next_week":
            monday = midnight + timedelta(days=7 - midnight.weekday())
            return monday, monday + timedelta(days=7), "next week"
        if when in WEEKDAYS:
            ahead = (WEEKDAYS.index(when) - midnight.weekday()) % 7
            day = midnight + timedelta(days=ahead)
            return day, day + timedelta(days=1), "today" if ahead == 0 else f"on {day:%A}"
        return midnight, midnight + timedelta(days=1), "today"

    # -- feedback, offers, stale --------------------------------------------------------------------------

    async def _feedback(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.resolve_candidate(intent.query or "", viewer, place, pick=_asking(intent))
        if isinstance(chosen, Answer):
            return chosen
        return await self.open_feedback(chosen, asker, place, owed=intent.pending)

    async def open_feedback(self, candidate_id: str, asker: Asker, place: Place, *, owed: bool = False) -> Answer:
        view = await self.recruiting.feedback(candidate_id, asker.required_viewer())
        now = self.clock()
        sentence = facts.feedback(view, owed=owed)
        private = facts.first(sentence, feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=True))
        if place.surface == "private":
            return Answer(private=private)
        found = await self.recruiting.lookup(candidate_id, asker.required_viewer())  # cached: no second call
        if view.job.confidential or await self._confidential_here(found, place):
            return Answer(private=private, public=notices.notice("I've sent you the answer privately."))
        public = facts.first(sentence, feedback_blocks.feedback_card(view, now=now, tz=asker.tz, show_text=False))
        has_text = any(entry.text for entry in view.entries)
        return Answer(public=public, private=private if has_text else None)

    async def _offers(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        views = await self.recruiting.offers(viewer, pending_only=intent.pending, include_confidential=not public)
        title = "Offers waiting for approval" if intent.pending else "Offers"
        return self._offers_answer(views, facts.offers(len(views), pending=intent.pending), title, asker, place)

    def _offers_answer(
        self, views: Sequence[OfferView], sentence: str, title: str, asker: Asker, place: Place
    ) -> Answer:
        now = self.clock()
        if place.surface == "private":
            return Answer(
                private=facts.first(sentence, offer_blocks.offers_card(views, title=title, now=now, tz=asker.tz))
            )
        # Salaries are personal: the thread gets the offers without them.
        redacted = [dataclasses.replace(view, salary=None) for view in views]
        return Answer(
            public=facts.first(sentence, offer_blocks.offers_card(redacted, title=title, now=now, tz=asker.tz))
        )

    async def _stale(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        public = place.surface == "public"
        title = "Longest in their stage"
        jobs = await self.recruiting.reference.jobs()
        job_id = ""
        if intent.query:
            found = await self._resolve_job(intent.query, viewer, place)
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
        return _to(
            place, facts.first(facts.stale(entries, where), stale_blocks.stale_card(entries, title=title)), safe=True
        )


_PRIVATE = Place("private")
#: What a picker button carries, made from the candidate id it offers.
Pick = Callable[[str], Payload]


def _asking(intent: Intent) -> Pick:
    """Picker buttons that carry the question itself (without the name typed, which the click replaces), so
    the click answers exactly what was asked."""
    question = dataclasses.replace(intent, query=None).to_value()
    return lambda candidate_id: AnswerAbout(question, candidate_id)


def _privately(answer: Answer) -> Answer:
    return Answer(private=answer.private, public=notices.notice("I've sent you the answer privately."))


_ROLES = {"recruiter": "recruiter", "hiring_manager": "hiring manager", "coordinator": "coordinator"}


def _card_sentence(card: CandidateCard, fact: Fact | None, job: str | None, *, now: datetime, tz: tzinfo) -> str | None:
    """The sentence answering ``fact`` from the card's data, about the application for ``job`` if named."""
    if fact in ("tags", "contact"):
        return facts.tags(card) if fact == "tags" else facts.contact(card)
    if fact == "jobs":
        return facts.jobs(card)
    if fact == "next_interview":
        return facts.next_interview(card, now=now, tz=tz)
    if not card.applications:
        return facts.no_application(card)
    app = _application_for(card, job)
    if fact == "stage":
        return facts.stage(card, app)
    if fact == "days":
        return facts.days(card, app)
    if fact == "status":
        return facts.status(card, app)
    if fact == "source":
        return facts.source(card, app)
    if fact == "recommendation":
        return facts.recommendation(card, app, now=now, tz=tz)
    if fact in _ROLES:
        person = {"recruiter": app.recruiter, "hiring_manager": app.hiring_manager, "coordinator": app.coordinator}
        return facts.team_member(card, app, _ROLES[fact], person[fact])
    return None


def _application_for(card: CandidateCard, job: str | None) -> ApplicationView:
    """The application on the job named, else the most relevant one (active first, most recent)."""
    if job:
        jobs = JobResolver((app.id, app.job.title, app.job.requisition_id, app.job.status) for app in card.applications)
        found = jobs.resolve(job)
        if found.outcome == "found" and found.best is not None:
            return next(app for app in card.applications if app.id == found.best.job.id)
    return card.applications[0]


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


def refusal(asker: Asker) -> Answer:
    return Answer(private=asker.no_access())


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
