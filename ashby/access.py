"""Who may see what, following the asker's Ashby role and hiring-team membership.

Organization Admins see everything. Elevated Access sees every job except confidential ones they are not
on. Limited Access and External Recruiters see the jobs and applications whose hiring team includes them,
and the interviews they run. Confidential jobs are visible only to admins and their hiring team.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import models as m

ADMIN = "Organization Admin"
ELEVATED = "Elevated Access"
LIMITED = "Limited Access"
EXTERNAL = "External Recruiter"
ROLES = (ADMIN, ELEVATED, LIMITED, EXTERNAL)
#: Who may act (move, reject, hire, note, tag) on any non-confidential job; others only on their own jobs.
DEFAULT_WRITE_ROLES = frozenset({ADMIN, ELEVATED})


@dataclass(frozen=True, slots=True)
class Viewer:
    """The Ashby user behind a Slack user."""

    user: m.User

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def is_admin(self) -> bool:
        return self.user.global_role == ADMIN

    @property
    def sees_all_jobs(self) -> bool:
        return self.user.global_role in (ADMIN, ELEVATED)

    def on_team(self, team: list[m.HiringTeamMember]) -> bool:
        return any(member.user_id == self.user.id for member in team)

    def can_see_job(self, job: m.Job) -> bool:
        if job.confidential:
            return self.is_admin or self.on_team(job.hiring_team)
        return self.sees_all_jobs or self.on_team(job.hiring_team)

    def can_see_application(self, application: m.Application, job: m.Job | None) -> bool:
        if job is not None and job.confidential:
            return self.can_see_job(job)
        if self.on_team(application.hiring_team):
            return True
        return job is not None and self.can_see_job(job)

    def can_act_on(
        self,
        job: m.Job | None,
        application: m.Application | None = None,
        *,
        write_roles: frozenset[str] = DEFAULT_WRITE_ROLES,
    ) -> bool:
        """The one rule for writes: roles in ``write_roles`` may act on any non-confidential job; everyone
        else only where they are on the hiring team; confidential jobs only for those who can see them."""
        if job is None or not self.user.is_enabled:
            return False
        if job.confidential:
            return self.can_see_job(job)
        if self.user.global_role in write_roles:
            return True
        return self.on_team(job.hiring_team) or (application is not None and self.on_team(application.hiring_team))

    def interviews_in(self, event: m.InterviewEvent) -> bool:
        return any(person.id == self.user.id for person in event.interviewers) or self.user.id in (
            event.interviewer_user_ids
        )
