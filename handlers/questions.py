"""The organisation's vocabulary, kept ready from the caches, and questions read against it.

Building the vocabulary touches the reference caches (jobs, stages, users, departments, locations, tags,
sources); it is rebuilt at most every ``VOCABULARY_TTL`` seconds, so reading a question costs only the pure
parse.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from ashby.index import CandidateIndex
from ashby.reference import ReferenceData
from ashby.resolver import CandidateResolver

from .language import JobEntry, Reading, UserEntry, Vocabulary, build_vocabulary, understand

VOCABULARY_TTL = 60.0
log = logging.getLogger(__name__)


class Questions:
    def __init__(
        self,
        reference: ReferenceData,
        index: CandidateIndex,
        resolver: CandidateResolver,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reference = reference
        self.index = index
        self.resolver = resolver
        self.monotonic = monotonic
        self._vocabulary: Vocabulary | None = None
        self._built_at = 0.0
        self._lock = asyncio.Lock()
        self._rebuild: asyncio.Task[None] | None = None

    async def read(self, text: str, *, bot_user_id: str | None = None) -> Reading:
        return understand(text, await self.vocabulary(), bot_user_id=bot_user_id)

    async def vocabulary(self) -> Vocabulary:
        """The vocabulary; once there is one, a stale one keeps serving while a fresh one is built aside."""
        if self._vocabulary is None:
            async with self._lock:
                if self._vocabulary is None:
                    await self._refresh()
        elif self.monotonic() - self._built_at >= VOCABULARY_TTL and (self._rebuild is None or self._rebuild.done()):
            self._rebuild = asyncio.create_task(self._refresh(), name="vocabulary")
        assert self._vocabulary is not None
        return self._vocabulary

    async def _refresh(self) -> None:
        try:
            self._vocabulary = await self._build()
            self._built_at = self.monotonic()
        except Exception as exc:
            if self._vocabulary is None:
                raise
            log.warning("could not refresh the vocabulary, keeping the last one: %s", type(exc).__name__)

    async def _build(self) -> Vocabulary:
        reference = self.reference
        jobs = await reference.jobs()
        plans = {job.default_interview_plan_id for job in jobs.values() if job.default_interview_plan_id}
        stage_lists = await asyncio.gather(*(reference.stages(plan) for plan in plans))
        users, departments, locations, tags, sources = await asyncio.gather(
            reference.users(), reference.departments(), reference.locations(), reference.tags(), reference.sources()
        )
        # Pure CPU work (a few hundred ms for a large organisation): off the event loop.
        return await asyncio.to_thread(
            build_vocabulary,
            jobs=[JobEntry(j.id, j.title, j.custom_requisition_id, j.status) for j in jobs.values()],
            stages=[s.title for stages in stage_lists for s in stages if s.type != "Archived"],
            users=[UserEntry(u.id, u.name) for u in users.values() if u.is_enabled and u.name],
            departments=[(d.id, d.name) for d in departments.values() if not d.is_archived],
            locations=[(loc.id, loc.name) for loc in locations.values() if not loc.is_archived],
            tags=[(t.id, t.title) for t in tags if not t.is_archived],
            sources=[(s.id, s.title) for s in sources if not s.is_archived],
            candidates=self.resolver,
            is_name_word=lambda word: bool(self.index.slots_with_token(word)),
        )
