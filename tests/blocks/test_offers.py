"""Offers and where their approvals stand."""

from datetime import UTC, datetime

from ashby.views import ApproverState
from blocks import offers_card
from blocks.limits import validate_message
from tests.blocks.factories import NOW, TZ, action_ids, offer, person, shown


def test_offer_facts() -> None:
    msg = offers_card([offer()], title="Offers waiting for approval", now=NOW, tz=TZ)
    assert validate_message(msg) == []
    text = shown(msg)
    for fact in (
        "*Jane Doe* — Senior Backend Engineer",
        "Offer: Waiting on approval · Candidate: Pending",
        "Step 2 of 2 — waiting on Morgan Lee, Priya Natarajan",
        "USD 185,000",
        "Starts Mon, Jan 5, 2026 (in 39 days)",
    ):
        assert fact in text
    assert msg["text"] == "Offers waiting for approval: 1 offer, 1 awaiting approval"
    assert action_ids(msg) == ["ashby_candidate"]


def test_approvers_who_already_approved_are_not_waited_on() -> None:
    approvers = (
        ApproverState(person("Morgan Lee"), "approve"),
        ApproverState(person("Priya Natarajan", slack_user_id="U0PRIYA"), "pending"),
    )
    text = shown(offers_card([offer(current_approvers=approvers)], title="Offers", now=NOW, tz=TZ))
    assert "Step 2 of 2 — waiting on <@U0PRIYA>" in text
    assert "Morgan Lee" not in text


def test_finished_approvals_show_the_outcome() -> None:
    done = offer(
        offer_status="WaitingOnCandidateResponse",
        acceptance_status="WaitingOnResponse",
        approval_status="Approved",
        current_approvers=(),
    )
    text = shown(offers_card([done], title="Offers", now=NOW, tz=TZ))
    assert "Offer: Sent, waiting on the candidate · Candidate: Waiting on response" in text
    assert "Approval: Approved ✅" in text
    assert "Step" not in text


def test_unknown_statuses_are_spelled_out() -> None:
    odd = offer(offer_status="SomethingNew", acceptance_status=None, approval_status=None)
    assert "Offer: Something New" in shown(offers_card([odd], title="Offers", now=NOW, tz=TZ))


def test_salary_left_out_when_redacted() -> None:
    msg = offers_card([offer(salary=None)], title="Offers", now=NOW, tz=TZ)
    assert "USD" not in str(msg)


def test_start_date_is_not_shifted_by_the_time_zone() -> None:
    msg = offers_card([offer(start_date=datetime(2026, 1, 5, tzinfo=UTC))], title="Offers", now=NOW, tz=TZ)
    assert "Mon, Jan 5, 2026" in shown(msg)


def test_no_offers() -> None:
    msg = offers_card([], title="Offers", now=NOW, tz=TZ)
    assert "No offers" in shown(msg)
    assert validate_message(msg) == []


def test_many_offers_end_with_a_count() -> None:
    msg = offers_card([offer(id=f"o{i}") for i in range(120)], title="Offers", now=NOW, tz=TZ)
    assert validate_message(msg) == []
    assert msg["blocks"][-1]["elements"][0]["text"] == "…and 72 more offers"
