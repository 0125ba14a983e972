"""Reference data that changes rarely: jobs, interview plans and stages, users, sources, tags,
archive reasons, departments, locations, feedback forms and email templates.

Each list is fetched once and kept for a lifetime suited to how often it changes; lookups by id and by
email are then dictionary reads. Nothing here pages through applications.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from . import models as m
from .client import AshbyClient
from .memo import Memo

T = TypeVar("T")

JOB_STATUSES = ("Open", "Closed", "Draft", "Archived")


@dataclass(frozen=True, slots=True)
class Lifetimes:
    """Seconds each kind of reference data is trusted before it is fetched again."""

    jobs: float = 300
    stages: float = 3600
    users: float = 900
    metadata: float = 3600


class ReferenceData:
    def __init__(self, client: AshbyClient, lifetimes: Lifetimes | None = None) -> None:
        self.client = client
        life = lifetimes or Lifetimes()
        self._jobs: Memo[dict[str, m.Job]] = Memo(life.jobs)
        self._stages: Memo[list[m.InterviewStage]] = Memo(life.stages)
        self._users: Memo[dict[str, m.User]] = Memo(life.users)
        self._user_by_email: Memo[m.User | None] = Memo(life.users)
        self._metadata: Memo[object] = Memo(life.metadata)

    async def warm(self) -> None:
        """Load what nearly every answer needs, so the first questions wait only for their own records."""
        jobs = await self.jobs()
        await self.users()
        plans = {job.default_interview_plan_id for job in jobs.values() if job.default_interview_plan_id}
        # Departments and locations: every card naming a job shows them.
        await asyncio.gather(self.departments(), self.locations(), *(self.stages(plan) for plan in plans))

    def invalidate_jobs(self) -> None:
        self._jobs.invalidate()

    async def jobs(self) -> dict[str, m.Job]:
        async def load() -> dict[str, m.Job]:
            return {job.id: job for job in await self.client.jobs(statuses=JOB_STATUSES)}

        return await self._jobs.get("jobs", load)

    async def job(self, job_id: str) -> m.Job | None:
        return (await self.jobs()).get(job_id)

    async def stages(self, interview_plan_id: str) -> list[m.InterviewStage]:
        """A plan's stages in plan order."""
        return await self._stages.get(interview_plan_id, lambda: self.client.interview_stages(interview_plan_id))

    async def users(self) -> dict[str, m.User]:
        async def load() -> dict[str, m.User]:
            return {user.id: user for user in await self.client.users(include_deactivated=True)}

        return await self._users.get("users", load)

    async def user_by_email(self, email: str) -> m.User | None:
        """The Ashby user with this email (``user.search``), or None."""
        key = email.strip().casefold()

        async def load() -> m.User | None:
            # Most people are in the cached user list already; ask Ashby only for someone new.
            known = next((u for u in (await self.users()).values() if (u.email or "").casefold() == key), None)
            if known is not None:
                return known
            found = await self.client.user_search(key)
            # Only an exact email match: a near one would give this person someone else's access.
            return next((u for u in found if (u.email or "").casefold() == key), None)

        return await self._user_by_email.get(key, load)

    async def _meta(self, key: str, load: Callable[[], Awaitable[T]]) -> T:
        return cast(T, await self._metadata.get(key, load))

    async def sources(self) -> list[m.Source]:
        return await self._meta("sources", self.client.sources)

    async def archive_reasons(self) -> list[m.ArchiveReason]:
        return await self._meta("archive_reasons", self.client.archive_reasons)

    async def tags(self) -> list[m.Tag]:
        return await self._meta("tags", self.client.candidate_tags)

    async def departments(self) -> dict[str, m.Department]:
        async def load() -> dict[str, m.Department]:
            return {d.id: d for d in await self.client.departments()}

        return await self._meta("departments", load)

    async def locations(self) -> dict[str, m.Location]:
        async def load() -> dict[str, m.Location]:
            return {loc.id: loc for loc in await self.client.locations()}

        return await self._meta("locations", load)

    async def feedback_forms(self) -> dict[str, m.FeedbackFormDefinition]:
        async def load() -> dict[str, m.FeedbackFormDefinition]:
            return {f.id: f for f in await self.client.feedback_form_definitions()}

        return await self._meta("feedback_forms", load)

    async def interviews(self) -> dict[str, m.Interview]:
        """Interview definitions by id: what a scorecard or an event was for ("Onsite", "System design")."""

        async def load() -> dict[str, m.Interview]:
            return {i.id: i for i in await self.client.interviews()}

        return await self._meta("interviews", load)

    async def communication_templates(self) -> list[m.CommunicationTemplate]:
        return await self._meta("communication_templates", self.client.communication_templates)

    def invalidate_tags(self) -> None:
        self._metadata.invalidate("tags")
