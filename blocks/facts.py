"""The one plain sentence that answers exactly what was asked, put first above the card.

"Jane Doe is in *Onsite* for Senior Backend Engineer (6 days)." People read the first line and stop; the
card below is for the follow-up. Each function takes the read model the card is drawn from, so the sentence
can never disagree with the card. Pure: data in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from ashby.views import (
    ApplicationView,
    CandidateCard,
    FeedbackView,
    InterviewView,
    OfferView,
    Person,
    PipelineView,
    StaleEntry,
)

from .common import Block, Message, days_phrase, inline, job_title, message, name, names, plural, section, when

OFFER_STATES = {
    "WaitingOnOfferApproval": "is waiting for approval",
    "WaitingOnApprovalStart": "is drafted and not yet sent for approval",
    "WaitingOnCandidateResponse": "is out with the candidate",
    "CandidateAccepted": "was accepted",
    "CandidateRejected": "was declined",
    "OfferCancelled": "was cancelled",
    "Approved": "is approved",
}


def first(sentence: str, card: Message) -> Message:
    """``card`` with ``sentence`` above it; the sentence is also the notification text."""
    blocks: Sequence[Block] = card.get("blocks") or []
    return message(sentence.replace("*", ""), [section(sentence), *blocks])


def _who(card: CandidateCard) -> str:
    return f"*{inline(card.name, 'This candidate')}*"


def _for(app: ApplicationView) -> str:
    return job_title(app.job)


def _and(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- a candidate ----------------------------------------------------------------------------------------------


def no_application(card: CandidateCard) -> str:
    return f"{_who(card)} has no applications you can see."


def stage(card: CandidateCard, app: ApplicationView) -> str:
    if app.status in ("Active", "Lead"):
        days = f" ({days_phrase(app.days_in_stage)})" if app.days_in_stage is not None else ""
        return f"{_who(card)} is in *{inline(app.stage_title, 'an unknown stage')}* for {_for(app)}{days}."
    return status(card, app)


def jobs(card: CandidateCard) -> str:
    parts = []
    for app in card.applications:
        where = app.stage_title if app.status in ("Active", "Lead") else app.status.lower()
        parts.append(f"{_for(app)} ({inline(where, app.status.lower())})")
    if not parts:
        return no_application(card)
    return f"{_who(card)} has applied for {_and(parts)}."


def days(card: CandidateCard, app: ApplicationView) -> str:
    if app.status not in ("Active", "Lead"):
        return status(card, app)
    if app.days_in_stage is None:
        return f"{_who(card)} is in *{inline(app.stage_title, 'a stage')}* for {_for(app)}; Ashby has no date for it."
    stage_title = inline(app.stage_title, "their stage")
    return f"{_who(card)} has been in *{stage_title}* for {days_phrase(app.days_in_stage)} ({_for(app)})."


def status(card: CandidateCard, app: ApplicationView) -> str:
    who = _who(card)
    if app.status == "Active":
        return f"{who} is active: in *{inline(app.stage_title, 'process')}* for {_for(app)}."
    if app.status == "Lead":
        return f"{who} is a lead for {_for(app)}."
    if app.status == "Hired":
        on = f" on {app.hired_at:%b %d, %Y}" if app.hired_at else ""
        return f"{who} was hired for {_for(app)}{on}."
    reason = f": {inline(app.archive_reason)}" if app.archive_reason else ""
    return f"{who} is archived for {_for(app)}{reason}."


def source(card: CandidateCard, app: ApplicationView) -> str:
    credited = f", credited to {name(app.credited_to)}" if app.credited_to else ""
    if not app.source:
        return f"Ashby has no source for {_who(card)} on {_for(app)}{credited}."
    return f"{_who(card)} came from *{inline(app.source)}*{credited} ({_for(app)})."


def tags(card: CandidateCard) -> str:
    if not card.tags:
        return f"{_who(card)} has no tags."
    return f"{_who(card)} is tagged {_and([f'*{inline(t)}*' for t in card.tags])}."


def team_member(card: CandidateCard, app: ApplicationView, role: str, person: Person | None) -> str:
    if person is None:
        return f"No {role} is set on {_who(card)}'s application for {_for(app)}."
    return f"*{name(person)}* is the {role} for {_who(card)} ({_for(app)})."


def contact(card: CandidateCard) -> str:
    details = [*card.emails, *card.phones]
    if not details:
        return f"Ashby has no email or phone for {_who(card)}."
    return f"{_who(card)}: {', '.join(inline(d) for d in details)}."


def next_interview(card: CandidateCard, *, now: datetime, tz: tzinfo) -> str:
    upcoming = sorted(
        (i for app in card.applications for i in app.upcoming_interviews if i.start >= now), key=lambda i: i.start
    )
    if not upcoming:
        return f"{_who(card)} has no interviews coming up."
    return f"{_who(card)}'s next interview: {_interview(upcoming[0], now=now, tz=tz)}."


def _interview(view: InterviewView, *, now: datetime, tz: tzinfo) -> str:
    panel = names([i.person for i in view.interviewers], limit=3)
    with_panel = f" with {panel}" if panel else ""
    return f"{when(view.start, now=now, tz=tz)} (your time), {inline(view.title)}{with_panel}"


def interviews(candidate_name: str, views: Sequence[InterviewView], label: str) -> str:
    who = f"*{inline(candidate_name)}*"
    if not views:
        return f"{who} has no interviews {label}."
    return f"{who} has {plural(len(views), 'interview')} {label}."


def recommendation(card: CandidateCard, app: ApplicationView, *, now: datetime, tz: tzinfo) -> str:
    rec = app.latest_recommendation
    if rec is None:
        return f"No recommendation on {_who(card)} yet ({_for(app)})."
    details = [name(rec.by)] if rec.by else []
    if rec.at is not None:
        details.append(when(rec.at, now=now, tz=tz).split(" ")[0].lower())
    said = f" ({', '.join(details)})" if details else ""
    return f"Latest recommendation on {_who(card)}: *{inline(rec.label)}*{said}."


def feedback(view: FeedbackView, *, owed: bool) -> str:
    who = f"*{inline(view.candidate_name)}*"
    waiting = f"still waiting on {names(view.pending)}" if view.pending else "nobody owes feedback"
    if owed:
        if not view.pending:
            return f"Everyone has submitted feedback for {who} ({job_title(view.job)})."
        return f"Still waiting on feedback for {who} from {names(view.pending)} ({job_title(view.job)})."
    return f"{plural(len(view.entries), 'scorecard')} on {who} for {job_title(view.job)}; {waiting}."


def offer(candidate_name: str, views: Sequence[OfferView]) -> str:
    who = f"*{inline(candidate_name)}*"
    if not views:
        return f"{who} has no offer."
    view = views[0]
    state = OFFER_STATES.get(view.offer_status or "", f"is {view.offer_status}")
    step = ""
    if view.awaiting_approval and view.steps_total:
        step = f" (step {min(view.steps_done + 1, view.steps_total)} of {view.steps_total})"
    return f"{who}'s offer for {job_title(view.job)} {state}{step}."


# -- a job -----------------------------------------------------------------------------------------------------


def active(view: PipelineView) -> str:
    return f"{job_title(view.job)} has {plural(view.active_total, 'active candidate')}."


def in_stage(view: PipelineView, stage_title: str) -> str:
    count = sum(s.count for s in view.stages)
    verb = "is" if count == 1 else "are"
    return f"{plural(count, 'candidate')} {verb} in *{inline(stage_title)}* for {job_title(view.job)}."


def in_stage_everywhere(stage_title: str, counts: Sequence[tuple[str, int]]) -> str:
    total = sum(n for _, n in counts)
    verb = "is" if total == 1 else "are"
    where = _and([f"{n} for {inline(title)}" for title, n in counts if n])
    return f"{plural(total, 'candidate')} {verb} in *{inline(stage_title)}*" + (f": {where}." if where else ".")


def job_role(view: PipelineView, role: str) -> str:
    people = [person for member_role, person in view.hiring_team if member_role.casefold() == role.casefold()]
    if not people:
        return f"No {role.lower()} is set on {job_title(view.job)}."
    verb = "is" if len(people) == 1 else "are"
    return f"*{names(people)}* {verb} the {role.lower()} for {job_title(view.job)}."


def stale(entries: Sequence[StaleEntry], where: str) -> str:
    if not entries:
        return f"Nobody is waiting long {where}."
    top = entries[0]
    return (
        f"Longest waiting {where}: *{inline(top.candidate_name)}*, {days_phrase(top.days_in_stage)} in "
        f"*{inline(top.stage_title)}* ({job_title(top.job)})."
    )


# -- lists ------------------------------------------------------------------------------------------------------


def open_jobs(count: int, where: str) -> str:
    return f"{plural(count, 'open job')}{where}."


def interview_count(count: int, whose: str, label: str) -> str:
    if whose == "You":
        return f"You have {plural(count, 'interview')} {label}." if count else f"You have no interviews {label}."
    return f"{whose} has {plural(count, 'interview')} {label}." if count else f"{whose} has no interviews {label}."


def offers(count: int, *, pending: bool) -> str:
    if pending:
        return f"{plural(count, 'offer')} {'is' if count == 1 else 'are'} waiting for approval."
    return f"{plural(count, 'offer')} in progress."


def approvals(count: int) -> str:
    if not count:
        return "No offers are waiting for your approval. 🎉"
    return f"{plural(count, 'offer')} {'is' if count == 1 else 'are'} waiting for your approval."
