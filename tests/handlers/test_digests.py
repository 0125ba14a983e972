"""When a daily digest is due (weekdays, from the person's time until the catch-up window closes, in their own
zone), what "new" means for it (since the previous weekday's digest), when an approver was asked to decide,
and whose digest is on."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ashby import models as m
from handlers.desk import digest_on
from handlers.loop.digests import CATCH_UP, due_at, new_since, requested_at
from handlers.notify.preferences import NotificationSettings

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
EIGHT_THIRTY = 8 * 60 + 30


def local(day: int, hour: int, minute: int = 0, tz: ZoneInfo = MADRID) -> datetime:
    """December 2026: the 1st is a Tuesday, the 5th a Saturday, the 7th a Monday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=tz)


# -- due_at ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (local(1, 8, 29), False),  # not before its time
        (local(1, 8, 30), True),
        (local(1, 9, 45), True),
        (local(1, 10, 29), True),  # late, within the catch-up window
        (local(1, 10, 30), False),  # too late: a stale 08:30 digest is not sent
        (local(1, 16, 0), False),
        (local(1, 0, 0), False),
        (local(4, 8, 30), True),  # Friday
        (local(5, 8, 30), False),  # Saturday
        (local(6, 9, 0), False),  # Sunday
        (local(7, 8, 30), True),  # Monday
    ],
)
def test_a_digest_is_due_on_weekdays_from_its_time_until_the_window_closes(moment: datetime, due: bool) -> None:
    at = due_at(moment, EIGHT_THIRTY)
    assert (at is not None) is due
    if at is not None:
        assert at == local(moment.day, 8, 30) and at.tzinfo is MADRID


def test_the_window_is_two_hours() -> None:
    assert timedelta(hours=2) == CATCH_UP
    assert due_at(local(1, 9, 0), EIGHT_THIRTY, catch_up=timedelta(minutes=20)) is None


def test_each_person_in_their_own_zone() -> None:
    """One instant: 08:30 in Madrid is 02:30 in New York."""
    instant = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    assert due_at(instant.astimezone(MADRID), EIGHT_THIRTY) is not None
    assert due_at(instant.astimezone(NEW_YORK), EIGHT_THIRTY) is None
    assert due_at(datetime(2026, 12, 1, 13, 30, tzinfo=UTC).astimezone(NEW_YORK), EIGHT_THIRTY) is not None


def test_another_time_of_day() -> None:
    assert due_at(local(2, 6, 59), 7 * 60) is None
    assert due_at(local(2, 7, 0), 7 * 60) == local(2, 7, 0)


def test_the_time_is_wall_clock_time_across_a_dst_change() -> None:
    """Sunday 29 March 2026 Madrid moves to summer time; Monday's digest is at 08:30 local, 06:30 UTC."""
    monday = datetime(2026, 3, 30, 6, 30, tzinfo=UTC).astimezone(MADRID)
    assert due_at(monday, EIGHT_THIRTY) == datetime(2026, 3, 30, 8, 30, tzinfo=MADRID)


# -- new_since -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "previous"),
    [(1, datetime(2026, 11, 30, 8, 30, tzinfo=MADRID)), (2, local(1, 8, 30)), (7, local(4, 8, 30))],
    ids=["tuesday: since monday", "wednesday: since tuesday", "monday: since friday"],
)
def test_new_means_since_the_previous_weekdays_digest(day: int, previous: datetime) -> None:
    since = new_since(local(day, 8, 30))
    assert since == previous and since.tzinfo is MADRID


# -- requested_at ------------------------------------------------------------------------------------------------

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def approval(*, first_done: datetime | None = None, requested: datetime | None = None) -> m.Approval:
    return m.Approval(
        id="approval-1",
        entity_id="version-1",
        entity_type="offer",
        created_at=T0 - timedelta(hours=1),
        submitted_at=T0,
        steps=[
            m.ApprovalStep(id="step-1", completed_at=first_done, approvers=[m.Approver(user_id="u1")]),
            m.ApprovalStep(id="step-2", approvers=[m.Approver(user_id="u2", requested_at=requested)]),
        ],
    )


def test_an_approver_was_asked_when_ashby_says() -> None:
    found = approval(first_done=T0 + timedelta(hours=5), requested=T0 + timedelta(hours=6))
    step = found.steps[1]
    assert requested_at(found, step, step.approvers[0]) == T0 + timedelta(hours=6)


def test_else_when_their_step_became_current() -> None:
    found = approval(first_done=T0 + timedelta(hours=5))
    step = found.steps[1]
    assert requested_at(found, step, step.approvers[0]) == T0 + timedelta(hours=5)


def test_else_when_the_approval_was_submitted_or_created() -> None:
    found = approval()
    step = found.steps[0]
    assert requested_at(found, step, step.approvers[0]) == T0
    unsubmitted = found.model_copy(update={"submitted_at": None})
    assert requested_at(unsubmitted, step, step.approvers[0]) == T0 - timedelta(hours=1)


def test_a_model_read_from_ashby_json() -> None:
    raw = {
        "id": "a",
        "entityId": "v",
        "entityType": "offer",
        "submittedAt": "2026-12-01T09:00:00.000Z",
        "steps": [{"id": "s", "approvers": [{"userId": "u", "requestedAt": "2026-12-01T10:00:00.000Z"}]}],
    }
    found = m.Approval.model_validate(raw)
    step = found.steps[0]
    assert requested_at(found, step, step.approvers[0]) == T0 + timedelta(hours=1)


# -- whose digest is on -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "default", "on"),
    [(None, False, False), (None, True, True), (True, False, True), (False, True, False), (True, True, True)],
)
def test_a_persons_choice_wins_over_the_admins_default(choice: bool | None, default: bool, on: bool) -> None:
    assert digest_on(NotificationSettings(digest=choice), default) is on
