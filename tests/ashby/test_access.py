"""The one rule for who may see and act on what."""

from ashby import models as m
from ashby.access import ADMIN, ELEVATED, EXTERNAL, LIMITED, Viewer

TEAM = [m.HiringTeamMember(user_id="u-dana", first_name="Dana", last_name="W", role="Hiring Manager")]


def viewer(role: str, user_id: str = "u-x", enabled: bool = True) -> Viewer:
    return Viewer(m.User(id=user_id, first_name="A", last_name="B", global_role=role, is_enabled=enabled))


def job(*, confidential: bool = False, team: list[m.HiringTeamMember] | None = None) -> m.Job:
    return m.Job(id="j", title="Backend", status="Open", confidential=confidential, hiring_team=team or TEAM)


def test_who_sees_which_jobs() -> None:
    assert viewer(ADMIN).can_see_job(job()) and viewer(ADMIN).can_see_job(job(confidential=True))
    assert viewer(ELEVATED).can_see_job(job()) and not viewer(ELEVATED).can_see_job(job(confidential=True))
    assert not viewer(LIMITED).can_see_job(job()) and viewer(LIMITED, "u-dana").can_see_job(job())
    assert viewer(LIMITED, "u-dana").can_see_job(job(confidential=True))
    assert not viewer(EXTERNAL).can_see_job(job())


def test_who_may_act() -> None:
    assert viewer(ELEVATED).can_act_on(job())
    assert not viewer(ELEVATED).can_act_on(job(confidential=True))
    assert not viewer(LIMITED).can_act_on(job()) and viewer(LIMITED, "u-dana").can_act_on(job())
    assert not viewer(ELEVATED, enabled=False).can_act_on(job())
    assert not viewer(ADMIN).can_act_on(None)
    # The rule is configurable: only admins may act on every job.
    assert not viewer(ELEVATED).can_act_on(job(), write_roles=frozenset({ADMIN}))


def test_application_team_membership_counts() -> None:
    application = m.Application.model_validate(
        {
            "id": "a",
            "status": "Active",
            "candidate": {"id": "c", "name": "Jane"},
            "job": {"id": "j", "title": "Backend"},
            "hiringTeam": [{"userId": "u-sam", "firstName": "S", "lastName": "O", "role": "Recruiter"}],
        }
    )
    assert viewer(EXTERNAL, "u-sam").can_act_on(job(), application)
    assert viewer(EXTERNAL, "u-sam").can_see_application(application, job())
