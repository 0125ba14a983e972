"""A change told as a notice (``ashby.events.Notice``): built once per change from what the event carried,
filling gaps from the cached records and reference data."""

from __future__ import annotations

from .changes import Change
from .events import Notice, TeamMember
from .queries import Recruiting

#: Hiring-team roles told of their applications' changes (Ashby's role titles, compared in lower case).
TOLD_ROLES = ("recruiter", "hiring manager", "coordinator")


def _told(role: str) -> bool:
    lowered = role.casefold()
    return any(told in lowered for told in TOLD_ROLES)


async def describe(change: Change, recruiting: Recruiting) -> Notice:
    """The notice for ``change``; may raise ``AshbyError`` when the application cannot be read."""
    application = change.application or await recruiting.application(change.application_id)
    job = await recruiting.reference.job(application.job.id)
    stage = application.current_interview_stage
    members = application.hiring_team or (job.hiring_team if job is not None else [])
    team = tuple(TeamMember(p.user_id, p.email, p.role) for p in members if _told(p.role))
    source = application.source.title if application.source else ""
    return Notice(
        key=change.key,
        kind=change.kind,
        candidate_id=application.candidate.id,
        candidate_name=application.candidate.name,
        application_id=application.id,
        job_id=application.job.id,
        job_title=job.title if job is not None else application.job.title,
        stage_title=stage.title if stage is not None else None,
        archive_reason=application.archive_reason.text if application.archive_reason else None,
        department_id=job.department_id if job is not None else application.job.department_id,
        # A job missing from the job list is treated as confidential: privacy fails closed.
        confidential=job is None or job.confidential,
        team=team,
        referral="referr" in source.casefold(),
    )
