"""The candidate card: a candidate's contacts and each visible application with its people, stage and plans.

It is the answer most often asked for, so everything it needs is started at once when the index already
knows the candidate's applications: the candidate, their applications and, without the scorecard index,
the scorecards of active ones, in one round trip.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence

from . import models as m
from .access import Viewer
from .feedback import Feedback
from .interviews import EventContext, Interviews
from .records import ASHBY_APP_URL, Records, entered_from_history, person
from .views import ApplicationView, CandidateCard, Person


class CandidateCards:
    """Candidate cards and application views, over the shared records."""

    def __init__(self, records: Records, interviews: Interviews, feedback: Feedback) -> None:
        self.records = records
        self.interviews = interviews
        self.feedback = feedback

    async def candidate_card(
        self, candidate_id: str, viewer: Viewer, *, known: Sequence[tuple[str, str]] = ()
    ) -> CandidateCard:
        """``known`` (application id, status) pairs from the index let every Ashby call the card needs start
        at once: the candidate, their applications and the scorecards of active ones, in one round trip."""
        if known:
            # Failures surface below, where each call is made again (from the cache when it worked).
            await asyncio.gather(
                self.records.candidate(candidate_id),
                *(self.records.application(app_id) for app_id, _ in known),
                *(
                    self.records.feedback_of(app_id)
                    for app_id, status in known
                    if status in ("Active", "Hired") and not self.records.scorecards_ready
                ),
                return_exceptions=True,
            )
        found = await self.records.lookup(candidate_id, viewer)
        candidate = found.candidate
        apps = await asyncio.gather(*(self.application_view(app) for app in found.applications))
        return CandidateCard(
            id=candidate.id,
            name=candidate.name,
            position=candidate.position,
            company=candidate.company,
            tags=tuple(tag.title for tag in candidate.tags if not tag.is_archived),
            applications=tuple(apps),
            profile_url=candidate.profile_url or f"{ASHBY_APP_URL}/candidates/{candidate.id}",
            emails=_contact_values(candidate.primary_email_address, candidate.email_addresses),
            phones=_contact_values(candidate.primary_phone_number, candidate.phone_numbers),
        )

    async def application_view(self, app: m.Application) -> ApplicationView:
        job = await self.records.job_view(app.job.id, fallback_title=app.job.title)
        stage = app.current_interview_stage
        days = await self.records.days_in_stage(app) if app.status in ("Active", "Lead") else None
        recommendation = None
        if app.status in ("Active", "Hired"):
            recommendation = await self.feedback.latest_recommendation(app.id)
        now = self.records.clock()
        context = EventContext(
            application_id=app.id,
            candidate_id=app.candidate.id,
            candidate_name=app.candidate.name,
            job_id=app.job.id,
            job_title=app.job.title,
            stage_title=None,
        )
        upcoming = [
            await self.interviews.interview_view(
                schedule,
                event,
                dataclasses.replace(
                    context,
                    stage_title=await self.interviews.stage_title(
                        await self.records.reference.job(app.job.id), schedule.interview_stage_id
                    ),
                ),
            )
            for schedule, event in self.records.calendar.for_application(app.id)
            if event.end_time >= now
        ]
        credited = app.credited_to_user
        return ApplicationView(
            id=app.id,
            job=job,
            status=app.status,
            stage_title=stage.title if stage else None,
            stage_type=stage.type if stage else None,
            days_in_stage=days,
            source=app.source.title if app.source else None,
            recruiter=_team_member(app.hiring_team, "Recruiter"),
            hiring_manager=_team_member(app.hiring_team, "Hiring Manager"),
            archive_reason=app.archive_reason.text if app.archive_reason else None,
            upcoming_interviews=tuple(upcoming),
            latest_recommendation=recommendation,
            url=f"{ASHBY_APP_URL}/candidates/{app.candidate.id}",
            coordinator=_team_member(app.hiring_team, "Coordinator", "Recruiting Coordinator"),
            credited_to=person(credited.id, credited.name, credited.email, await self.records.people())
            if credited
            else None,
            hired_at=entered_from_history(app.application_history, stage.id)
            if stage and app.status == "Hired"
            else None,
            archived_at=app.archived_at,
        )


# -- helpers --------------------------------------------------------------------------------------------


def _contact_values(primary: m.ContactInfo | None, values: list[m.ContactInfo]) -> tuple[str, ...]:
    ordered = ([primary.value] if primary else []) + [c.value for c in values]
    return tuple(dict.fromkeys(v for v in ordered if v))


def _team_member(team: list[m.HiringTeamMember], *roles: str) -> Person | None:
    """The first member holding any of ``roles`` (Ashby role names vary by organisation)."""
    wanted = {role.casefold() for role in roles}
    member = next((t for t in team if t.role.casefold() in wanted), None)
    return Person(id=member.user_id, name=member.name, email=member.email) if member else None
