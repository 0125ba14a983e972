"""Which candidate was meant: a typed name or email becomes one candidate id, a picker, or the closest names.

Kept apart from the answers because candidate, interview and feedback answers and the write flow all start
here, and because it alone decides who appears on a picker: only people the asker may see (here), including
those Ashby's ``candidate.search`` finds before the index has caught up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from ashby import errors
from ashby.access import Viewer
from ashby.index import CandidateIndex
from ashby.queries import Recruiting
from ashby.resolver import CandidateResolver
from ashby.views import CandidateChoice
from blocks import notices
from blocks import picker as picker_blocks
from blocks.payloads import AnswerAbout, OpenCandidate, Payload

from ..intents import Intent
from .core import Answer, Place

#: What a picker button carries, made from the candidate id it offers.
Pick = Callable[[str], Payload]


def asking(intent: Intent) -> Pick:
    """Picker buttons that carry the question itself (without the name typed, which the click replaces), so
    the click answers exactly what was asked."""
    question = dataclasses.replace(intent, query=None).to_value()
    return lambda candidate_id: AnswerAbout(question, candidate_id)


class CandidateFinder:
    def __init__(self, recruiting: Recruiting, index: CandidateIndex, resolver: CandidateResolver) -> None:
        self.recruiting = recruiting
        self.index = index
        self.resolver = resolver

    async def resolve(self, query: str, viewer: Viewer, place: Place, *, pick: Pick = OpenCandidate) -> str | Answer:
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
