"""Who may write where, as planning checks it first and confirming checks it again.

Apart from both so the rule for notes and tags (which belong to a candidate, not an application) and the
refusal's wording are the same at preview time and at Confirm.
"""

from __future__ import annotations

from ashby import models as m
from ashby.access import Viewer
from blocks import notices

from ..answering.core import Message


def not_allowed() -> Message:
    return notices.not_allowed(
        "You can act only on jobs where you're on the hiring team (admins and elevated users on any "
        "non-confidential job). Nothing was changed."
    )


def may_act_on_candidate(
    viewer: Viewer, applications: tuple[m.Application, ...], jobs: dict[str, m.Job], *, write_roles: frozenset[str]
) -> bool:
    """Notes and tags: allowed on any of the candidate's applications' jobs, or, for a candidate with no
    application yet, to the roles that may act on every job."""
    if not applications:
        return viewer.user.global_role in write_roles
    return any(viewer.can_act_on(jobs.get(a.job.id), a, write_roles=write_roles) for a in applications)
