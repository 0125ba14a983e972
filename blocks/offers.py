"""Offers and where each one is stuck: approval step, approvers, the candidate's answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo

from ashby.views import OfferView
from blocks.common import (
    Block,
    Message,
    and_more,
    button_for,
    calendar_date,
    context,
    escape,
    header,
    inline,
    job_title,
    local,
    message,
    names,
    one_line,
    plural,
    section,
    take,
)
from blocks.limits import MAX_BLOCKS
from blocks.payloads import OpenCandidate

# Ashby's enum values in words a recruiter would use.
_OFFER_STATUS = {
    "WaitingOnApprovalStart": "Approval not started",
    "WaitingOnOfferApproval": "Waiting on approval",
    "WaitingOnApprovalDefinition": "No approval process set",
    "WaitingOnCandidateResponse": "Sent, waiting on the candidate",
    "CandidateAccepted": "Accepted ✅",
    "CandidateRejected": "Declined by the candidate",
    "OfferCancelled": "Cancelled",
}
_ACCEPTANCE = {
    "Accepted": "Accepted",
    "Declined": "Declined",
    "Pending": "Pending",
    "Created": "Not sent yet",
    "Cancelled": "Cancelled",
    "WaitingOnResponse": "Waiting on response",
}
_APPROVAL = {
    "Approved": "Approved ✅",
    "Declined": "Declined ❌",
    "WaitingOnApprovals": "Waiting on approvals",
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def offers_card(offers: Sequence[OfferView], *, title: str, now: datetime, tz: tzinfo) -> Message:
    """Each offer: candidate, job, status, candidate's answer, approval step and approvers, salary, start."""
    heading = escape(one_line(title) or "Offers")
    blocks: list[Block] = [header(title, "Offers")]
    if not offers:
        blocks.append(section("_No offers to show._"))
        return message(f"{heading}: no offers.", blocks)
    items = [[_offer(offer, now=now, tz=tz)] for offer in offers]
    blocks += take(items, MAX_BLOCKS - len(blocks), lambda n: context(and_more(n, "offers")))
    waiting = sum(offer.awaiting_approval for offer in offers)
    fallback = f"{heading}: {plural(len(offers), 'offer')}" + (f", {waiting} awaiting approval" if waiting else "")
    return message(fallback, blocks)


def _offer(offer: OfferView, *, now: datetime, tz: tzinfo) -> Block:
    lines = [f"*{inline(offer.candidate_name, 'Unnamed candidate')}* — {job_title(offer.job)}"]
    state = _label(offer.offer_status, _OFFER_STATUS)
    answer = _label(offer.acceptance_status, _ACCEPTANCE)
    status = [f"Offer: {state}" if state else "", f"Candidate: {answer}" if answer else ""]
    lines.append(" · ".join(part for part in status if part) or "_No status yet_")
    approval = _approval(offer)
    if approval:
        lines.append(f"✍️ {approval}")
    terms = []
    if one_line(offer.salary):
        terms.append(f"💰 {inline(offer.salary)}")
    if offer.start_date is not None:
        terms.append(f"🗓️ Starts {_start(offer.start_date, now=now, tz=tz)}")
    if terms:
        lines.append(" · ".join(terms))
    return section(
        "\n".join(lines),
        accessory=button_for("Candidate", OpenCandidate(offer.candidate_id)),
    )


def _label(value: str | None, words: dict[str, str]) -> str:
    """The friendly word for an Ashby status; an unknown one is split into words rather than hidden."""
    text = one_line(value)
    return words.get(text) or inline(_CAMEL.sub(" ", text))


def _approval(offer: OfferView) -> str:
    """The approval step and whom it waits on while approvals run; else the outcome, if any."""
    if offer.awaiting_approval:
        pending = [a.person for a in offer.current_approvers if a.decision == "pending"]
        people = pending or [a.person for a in offer.current_approvers]
        step = (
            f"Step {min(offer.steps_done + 1, offer.steps_total)} of {offer.steps_total}"
            if offer.steps_total > 0
            else "Approval"
        )
        return f"{step} — waiting on {names(people, notify=True)}" if people else f"{step} — waiting on approvers"
    outcome = _label(offer.approval_status, _APPROVAL)
    return f"Approval: {outcome}" if outcome else ""


def _start(start: datetime, *, now: datetime, tz: tzinfo) -> str:
    """The start date as Ashby stores it (a calendar date, so no time-zone shift) and how far away it is."""
    today = local(now, tz).date()
    days = (start.date() - today).days
    text = calendar_date(start.date(), today)
    if days > 0:
        return f"{text} (in {plural(days, 'day')})"
    return text
