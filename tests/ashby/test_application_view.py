"""What an application view says about the people around it and when it closed, from the sandbox."""

from datetime import timedelta

import pytest

from ashby import models as m
from ashby.client import AshbyClient
from ashby.queries import Recruiting
from tests.ashby.support import candidate_id, viewer


async def test_coordinator_and_credit(recruiting: Recruiting, ashby: AshbyClient) -> None:
    card = await recruiting.candidate_card(await candidate_id(ashby, "jane.doe@example.com"), await viewer(recruiting))
    (jane,) = card.applications
    assert jane.coordinator is not None
    assert (jane.coordinator.name, jane.coordinator.email) == ("Jordan Blake", "jordan.blake@acme.example")
    assert jane.credited_to is not None and jane.credited_to.name == "Lars Eriksen"
    assert jane.recruiter is not None and jane.recruiter.name == "Priya Natarajan"
    assert jane.hired_at is None and jane.archived_at is None


async def test_when_it_was_hired_or_archived(recruiting: Recruiting, ashby: AshbyClient) -> None:
    asker, now = await viewer(recruiting), recruiting.clock()
    (marcus,) = (
        await recruiting.candidate_card(await candidate_id(ashby, "marcus.johnson@example.com"), asker)
    ).applications
    assert marcus.status == "Hired" and marcus.hired_at is not None
    assert (now - marcus.hired_at) / timedelta(days=1) == pytest.approx(12, abs=0.01)
    (john,) = (await recruiting.candidate_card(await candidate_id(ashby, "john.smith@example.com"), asker)).applications
    assert john.status == "Archived" and john.archived_at is not None and john.hired_at is None
    assert (now - john.archived_at) / timedelta(days=1) == pytest.approx(20, abs=0.01)


@pytest.mark.parametrize("role", ["Recruiting Coordinator", "coordinator"])
async def test_the_coordinator_role_by_either_name(recruiting: Recruiting, ashby: AshbyClient, role: str) -> None:
    app = await recruiting.application(
        (await ashby.candidate_info(await candidate_id(ashby, "jane.doe@example.com"))).application_ids[0]
    )
    app.hiring_team = [
        m.HiringTeamMember(user_id="u1", first_name="Ana", last_name="Ruiz", role="Recruiter"),
        m.HiringTeamMember(user_id="u2", first_name="Li", last_name="Wei", role=role),
    ]
    view = await recruiting._cards.application_view(app)
    assert view.coordinator is not None and view.coordinator.id == "u2" and view.recruiter is not None
