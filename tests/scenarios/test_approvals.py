"""Offer approvals: one DM card per approver per step, Approve once as the presser, next step's cards."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from ashby.client import AshbyClient
from ashby.sandbox import Sandbox
from bot.loopback.local_slack import LocalSlackUser, SlackMessage
from bot.loopback.session import PEOPLE, DemoSession
from handlers.webhooks import signature_for

from .conftest import CANDIDATES, text
from .wire import Wire, record

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session() -> AsyncIterator[tuple[DemoSession, Wire, AshbyClient]]:
    sandbox = Sandbox(seed=7, candidates=CANDIDATES)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox) as demo:
        assert demo.bot is not None
        async with AshbyClient("sandbox", base_url=demo.bot.settings.ASHBY_API_URL) as ashby:
            yield demo, wire, ashby


def person(demo: DemoSession, email: str) -> LocalSlackUser:
    return next(u for u in [*PEOPLE.values(), *demo.colleagues] if u.email == email)


def cards_for(demo: DemoSession, user: LocalSlackUser, candidate: str) -> list[SlackMessage]:
    return [
        m
        for m in demo.slack.messages
        if m.kind == "message" and m.channel == demo.dm_channel(user) and candidate in m.text
    ]


def approve_button(message: SlackMessage) -> dict[str, Any]:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == "ashby_offer_approve":
                return dict(element)
    raise AssertionError("no Approve button on the card")


async def click(demo: DemoSession, user: LocalSlackUser, message: SlackMessage) -> None:
    button = approve_button(message)
    request = demo.requests.block_action(
        action_id=button["action_id"],
        value=button["value"],
        user_id=user.id,
        channel_id=message.channel,
        response_url=demo.slack.new_response_url(message.channel, user.id),
        message={"ts": message.ts, "text": message.text, "blocks": message.blocks},
    )
    assert (await demo.post(request)).status_code == 200


async def click_and_wait(demo: DemoSession, user: LocalSlackUser, message: SlackMessage) -> SlackMessage:
    """Click Approve and return the reply to the presser."""
    await demo.slack.wait_for_messages(0)
    await click(demo, user, message)
    arrived = await demo.slack.wait_for_messages(1, timeout=10)
    return [m for m in arrived if m.kind == "response"][-1]


async def two_step_offer(ashby: AshbyClient) -> tuple[str, str, str, list[str]]:
    """(candidate name, version id, step-1 approver email, step-2 approver emails) of an offer at step 1."""
    users = {u.id: u for u in await ashby.users(include_deactivated=True)}
    offers = await ashby.offers(offer_statuses=["WaitingOnOfferApproval"])
    for approval in await ashby.approvals(entity_type="offer"):
        step = approval.current_step()
        if step is None or len(approval.steps) < 2 or step.id != approval.steps[0].id:
            continue
        offer = next((o for o in offers if o.latest_version and o.latest_version.id == approval.entity_id), None)
        if offer is None:
            continue
        app = await ashby.application_info(offer.application_id)
        first = users[step.approvers[0].user_id].email
        second = [users[a.user_id].email for a in approval.steps[1].approvers]
        return app.candidate.name, approval.entity_id, first or "", [e for e in second if e]
    raise AssertionError("the seed has no offer waiting at its first approval step")


async def test_approval_flow_from_pending_to_approved(session: tuple[DemoSession, Wire, AshbyClient]) -> None:
    demo, wire, ashby = session
    candidate, version_id, first_email, second_emails = await two_step_offer(ashby)
    approver = person(demo, first_email)
    cards = cards_for(demo, approver, candidate)
    assert len(cards) == 1, [(m.channel, m.ts, m.text, m.kind) for m in cards]
    (card,) = cards  # sent at start-up, once
    assert "Compensation" in json.dumps(card.blocks) and "Step 1 of 2" in json.dumps(card.blocks)
    await demo.bot.notify_approvers()  # a second round (a restart, a replica) sends nothing new
    assert len(cards_for(demo, approver, candidate)) == 1

    outsider = PEOPLE["sam"]
    demo.act_as(outsider)
    mark = wire.mark()
    refusal = await click_and_wait(demo, outsider, card)
    assert "not an approver" in refusal.text and wire.since(mark, "offer.approve") == []

    demo.act_as(approver)
    await asyncio.gather(*(click(demo, approver, card) for _ in range(20)))
    await asyncio.sleep(1.5)
    ((_, params),) = wire.since(mark, "offer.approve")
    approvals = await ashby.approvals(entity_type="offer", entity_id=version_id)
    assert params["offerVersionId"] == version_id
    assert params["approvalStepId"] == approvals[0].steps[0].id
    assert params["userId"] == (await ashby.user_search(first_email))[0].id
    assert approvals[0].steps[0].completed_at is not None
    replies = [m for m in demo.slack.messages if m.kind == "response" and m.user == approver.id][-20:]
    assert any("You approved" in m.text for m in replies) and all(m.replace_original for m in replies)

    for email in second_emails:  # the next step's approvers get their cards
        next_approver = person(demo, email)
        cards = cards_for(demo, next_approver, candidate)
        assert len(cards) == 1 and "Step 2 of 2" in json.dumps(cards[0].blocks)

    stale = await click_and_wait(demo, approver, card)  # the old card, pressed again
    assert "no longer current" in stale.text and len(wire.since(mark, "offer.approve")) == 1


async def test_approvals_command_lists_the_askers_pending_approvals(
    session: tuple[DemoSession, Wire, AshbyClient],
) -> None:
    demo, _, _ = session
    demo.switch_user("morgan")
    shown = text(await demo.command("approvals"))
    assert "Offer approval: Elena Rossi" in shown and "Approve" in shown
    demo.switch_user("sam")
    assert "No offers are waiting for your approval" in text(await demo.command("approvals"))


async def test_approving_the_final_step_approves_the_offer(session: tuple[DemoSession, Wire, AshbyClient]) -> None:
    demo, wire, ashby = session
    morgan = PEOPLE["morgan"]
    (card,) = cards_for(demo, morgan, "Elena Rossi")
    demo.act_as(morgan)
    mark = wire.mark()
    reply = await click_and_wait(demo, morgan, card)
    assert "fully approved" in reply.text and len(wire.since(mark, "offer.approve")) == 1
    (elena,) = await ashby.candidate_search(email="elena.rossi@example.com")
    app_id = elena.application_ids[0]
    (offer,) = await ashby.offers(application_id=app_id)
    assert offer.latest_version and offer.latest_version.approval_status == "Approved"
    priya = PEOPLE["priya"]
    (priyas_card,) = cards_for(demo, priya, "Elena Rossi")
    demo.act_as(priya)
    stale = await click_and_wait(demo, priya, priyas_card)  # her card for the same step is now out of date
    assert "no longer current" in stale.text or "newer version" in stale.text
    assert len(wire.since(mark, "offer.approve")) == 1


async def test_offer_webhooks_send_cards_at_once_and_forged_ones_do_nothing(
    session: tuple[DemoSession, Wire, AshbyClient],
) -> None:
    demo, _, _ = session
    body = json.dumps({"action": "offerUpdate", "data": {"offer": {"id": "x"}}, "webhookActionId": "w-1"}).encode()
    forged = await demo._http.post(
        f"{demo.bot_url}/ashby/webhook", content=body, headers={"Ashby-Signature": "sha256=00"}
    )
    assert forged.status_code == 401
    headers = {"Ashby-Signature": signature_for("demo-webhook-secret", body)}
    good = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=body, headers=headers)
    assert good.status_code == 200
    again = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=body, headers=headers)
    assert again.json().get("duplicate") is True
