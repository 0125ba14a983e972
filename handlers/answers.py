"""Turn an ``Intent`` from a person into the message(s) to send back.

This is the one place the rest of the code asks: ``Answerer`` refuses people without Ashby access, sends
each kind of question to the answers that own it (``handlers/answering/``) and turns access refusals and
Ashby failures into answers. It is a composition of those smaller parts, not a base class they extend, so
each part names what it depends on and can be read on its own. Where things go is decided in
``handlers/answering/core.py``: ``private`` answers (ephemeral or DM) show all the asker may see; ``public``
answers (a channel thread) never show confidential jobs, contact details, salaries or feedback text — those
go privately to the asker instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from ashby.access import DEFAULT_WRITE_ROLES, Viewer
from ashby.index import CandidateIndex
from ashby.queries import Recruiting
from ashby.resolver import CandidateResolver
from blocks.payloads import OpenCandidate

from .answering.candidates import CandidateAnswers
from .answering.core import Answer, Message, Place, Sources, Surface, guarded, refusal
from .answering.feedback import FeedbackAnswers
from .answering.finding import CandidateFinder, Pick
from .answering.help import EXAMPLES, help_answer
from .answering.interviews import InterviewAnswers
from .answering.jobs import STALE_CANDIDATES, JobAnswers
from .answering.offers import OfferAnswers
from .directory import SlackDirectory
from .identity import Asker
from .intents import Fact, Intent

# Names that lived here before the split, still importable from here (Ashby's failure messages now come
# from handlers.answering.core).
__all__ = ["EXAMPLES", "STALE_CANDIDATES", "Answer", "Answerer", "Message", "Pick", "Place", "Surface", "refusal"]


class Answerer:
    def __init__(
        self,
        recruiting: Recruiting,
        index: CandidateIndex,
        resolver: CandidateResolver,
        *,
        clock: Callable[[], datetime],
        directory: SlackDirectory,
        write_roles: frozenset[str] = DEFAULT_WRITE_ROLES,
    ) -> None:
        self.recruiting = recruiting
        self.index = index
        self.resolver = resolver
        self.clock = clock
        self.write_roles = write_roles
        self.directory = directory
        sources = Sources(recruiting, index, clock, directory)
        self.finder = CandidateFinder(recruiting, index, resolver)
        self.interviews = InterviewAnswers(sources, self.finder)
        self.feedback = FeedbackAnswers(sources, self.finder)
        self.offers = OfferAnswers(sources)
        self.candidates = CandidateAnswers(
            sources,
            self.finder,
            interviews=self.interviews,
            feedback=self.feedback,
            offers=self.offers,
            write_roles=write_roles,
        )
        self.jobs = JobAnswers(sources)

    async def answer(self, intent: Intent, asker: Asker, place: Place) -> Answer:
        if asker.viewer is None:
            return refusal(asker)
        return await self.guarded(self._answer(intent, asker, asker.viewer, place))

    async def guarded(self, work: Awaitable[Answer]) -> Answer:
        """Run ``work``; access refusals and Ashby failures become answers, not exceptions."""
        return await guarded(work)

    async def _answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        if intent.kind in ("help", "unknown"):
            return help_answer(intent, place)
        handler = {
            "candidate": self.candidates.answer,
            "pipeline": self.jobs.pipeline,
            "jobs": self.jobs.jobs,
            "interviews": self.interviews.answer,
            "feedback": self.feedback.answer,
            "offers": self.offers.answer,
            "stale": self.jobs.stale,
        }[intent.kind]
        return await handler(intent, asker, viewer, place)

    # -- what buttons, pickers and the write flow open directly ---------------------------------------------

    async def open_candidate(
        self, candidate_id: str, asker: Asker, place: Place, *, fact: Fact | None = None, job: str | None = None
    ) -> Answer:
        """The card for a known candidate id; with ``fact``, the sentence answering it comes first."""
        return await self.candidates.open(candidate_id, asker, place, fact=fact, job=job)

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
        return await self.candidates.open_fact(candidate_id, fact, asker, place, job=job, when=when)

    async def answer_about(self, candidate_id: str, intent: Intent, asker: Asker, place: Place) -> Answer:
        """The question a picker button carries, about the candidate picked."""
        return await self.candidates.answer_about(candidate_id, intent, asker, place)

    async def open_feedback(self, candidate_id: str, asker: Asker, place: Place, *, owed: bool = False) -> Answer:
        return await self.feedback.open(candidate_id, asker, place, owed=owed)

    async def open_pipeline(
        self,
        job_id: str,
        asker: Asker,
        place: Place,
        *,
        stage_query: str | None = None,
        fact: Fact | None = None,
    ) -> Answer:
        return await self.jobs.open_pipeline(job_id, asker, place, stage_query=stage_query, fact=fact)

    async def resolve_candidate(
        self, query: str, viewer: Viewer, place: Place, *, pick: Pick = OpenCandidate
    ) -> str | Answer:
        """A candidate id, or the answer to send instead: a picker whose buttons carry ``pick(candidate id)``,
        or the closest matches."""
        return await self.finder.resolve(query, viewer, place, pick=pick)
