"""Candidate answers: a candidate's card, or one fact about them with its sentence first.

The entry point for everything asked about one person: the card itself, and the facts read from it
(stage, days, status, source, recruiter…); interviews, offers and feedback about them are handed to the
answers that own those, so a fact reaches the same answer whether typed or picked from a picker.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from ashby.access import Viewer
from ashby.resolver import JobResolver
from ashby.views import ApplicationView, CandidateCard
from blocks import candidate as candidate_blocks
from blocks import facts, notices
from blocks.payloads import OpenCandidate, Share

from ..identity import Asker
from ..intents import Fact, Intent
from .core import Answer, Place, Sources
from .feedback import FeedbackAnswers
from .finding import CandidateFinder, asking
from .interviews import InterviewAnswers
from .offers import OfferAnswers


class CandidateAnswers:
    def __init__(
        self,
        sources: Sources,
        finder: CandidateFinder,
        *,
        interviews: InterviewAnswers,
        feedback: FeedbackAnswers,
        offers: OfferAnswers,
        write_roles: frozenset[str],
    ) -> None:
        self.recruiting = sources.recruiting
        self.index = sources.index
        self.clock = sources.clock
        self.finder = finder
        self.interviews = interviews
        self.feedback = feedback
        self.offers = offers
        self.write_roles = write_roles

    async def answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        chosen = await self.finder.resolve(
            intent.query or "",
            viewer,
            place,
            pick=asking(intent) if intent.fact else OpenCandidate,
        )
        if isinstance(chosen, Answer):
            return chosen
        return await self.open_fact(chosen, intent.fact, asker, place, job=intent.job, when=intent.when)

    async def answer_about(self, candidate_id: str, intent: Intent, asker: Asker, place: Place) -> Answer:
        """The question a picker button carries, about the candidate picked."""
        if intent.kind == "feedback":
            return await self.feedback.open(candidate_id, asker, place, owed=intent.pending)
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
            return await self.interviews.of_candidate(candidate_id, asker, place, when)
        if fact == "offer":
            return await self.offers.of_candidate(candidate_id, asker, place)
        if fact in ("feedback", "feedback_owed"):
            return await self.feedback.open(candidate_id, asker, place, owed=fact == "feedback_owed")
        return await self.open(candidate_id, asker, place, fact=fact, job=job)

    async def open(
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
