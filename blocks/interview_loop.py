"""The interview loop's messages: the briefing before an interview (and what becomes of it when the interview
moves or is cancelled), the scorecard reminder after it, and the word to the hiring team when one is late.

Each is for one person, in a DM, with times in their own time zone. The debrief card is the feedback card
(``blocks.feedback``) with a heading and the write actions, so it is built there and in ``handlers``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from ashby.views import InterviewView, Person

from .common import (
    Block,
    Message,
    actions,
    button_for,
    context,
    divider,
    escape,
    header,
    inline,
    job_title,
    link,
    message,
    names,
    open_in_ashby,
    overflow,
    section,
    time_range,
    when,
)
from .limits import truncate
from .payloads import CardAction, OpenFeedback, SubmitFeedback

_INSTRUCTIONS = 1500


@dataclass(frozen=True, slots=True)
class Briefing:
    """What an interviewer needs before walking in."""

    interview: InterviewView
    interviewer_id: str
    instructions: str | None = None
    resume_url: str | None = None
    profile_url: str | None = None


def _heading(iv: InterviewView, tz: tzinfo, now: datetime) -> str:
    who = f"*{link(iv_profile(iv), inline(iv.candidate_name, 'A candidate'))}*"
    return f"{who} · {job_title(iv.job)}\n🕑 *{when(iv.start, now=now, tz=tz)}* ({time_range(iv.start, iv.end, tz)})"


def iv_profile(iv: InterviewView) -> str:
    return f"https://app.ashbyhq.com/candidates/{iv.candidate_id}"


def _panel(iv: InterviewView, interviewer_id: str) -> str:
    others = [i.person for i in iv.interviewers if i.person.id != interviewer_id]
    return f"With {names(others)}" if others else "You are the only interviewer"


def _submit(iv: InterviewView) -> Block | None:
    return button_for("Submit feedback", SubmitFeedback(iv.schedule_id, iv.event_id), style="primary")


def briefing_message(briefing: Briefing, *, tz: tzinfo, now: datetime) -> Message:
    iv = briefing.interview
    title = inline(iv.title, "Interview")
    stage = f" · {inline(iv.stage_title)}" if iv.stage_title else ""
    blocks: list[Block] = [
        header(f"Coming up: {iv.title or 'Interview'}"),
        section(f"{_heading(iv, tz, now)}\n*{title}*{stage}"),
    ]
    details = [_panel(iv, briefing.interviewer_id)]
    if iv.meeting_link:
        details.append(link(iv.meeting_link, "Join the meeting"))
    if briefing.resume_url:
        details.append(link(briefing.resume_url, "Resume"))
    blocks.append(context(*details))
    if briefing.instructions and briefing.instructions.strip():
        text = truncate(briefing.instructions.strip(), _INSTRUCTIONS)
        blocks += [divider(), section(f"*Instructions*\n{escape(text)}")]
    blocks += actions(_submit(iv), open_in_ashby(briefing.profile_url or iv_profile(iv)))
    fallback = f"Coming up {when(iv.start, now=now, tz=tz)}: {title} with {iv.candidate_name}"
    return message(fallback, blocks)


def briefing_moved(briefing: Briefing, *, tz: tzinfo, now: datetime, again: bool) -> Message:
    """The briefing DM, edited when the interview moves: the new time first, the rest as before; ``again``
    when a fresh briefing will come before the new time."""
    moved = briefing_message(briefing, tz=tz, now=now)
    line = f"🔁 *Rescheduled* to {when(briefing.interview.start, now=now, tz=tz)}"
    if again:
        line += ". I'll send a fresh briefing before it."
    return message(f"Rescheduled: {moved['text']}", [section(line), *moved["blocks"]])


def briefing_cancelled(title: str, candidate_name: str, start: datetime, *, tz: tzinfo, now: datetime) -> Message:
    """The briefing DM, edited when the interview is cancelled (its buttons go: there is nothing to do)."""
    text = (
        f"~{inline(title, 'Interview')} with {inline(candidate_name, 'a candidate')}, "
        f"{when(start, now=now, tz=tz)}~\n❌ *Cancelled*: this interview is off."
    )
    return message(f"Cancelled: {title or 'interview'} with {candidate_name}", [section(text)])


def reminder_message(iv: InterviewView, *, step: int, tz: tzinfo, now: datetime) -> Message:
    """A nudge to write the scorecard; the first is gentle, later ones say how long it has been."""
    title = inline(iv.title, "the interview")
    ended = when(iv.end, now=now, tz=tz)
    if step == 0:
        text = f"✍️ How did *{title}* go? Your scorecard for {_who(iv)} is due (ended {ended})."
    else:
        text = f"⏰ Your scorecard for {_who(iv)} (*{title}*, {ended}) is still missing. The team is waiting on it."
    feedback = button_for("Their feedback", OpenFeedback(iv.candidate_id))
    blocks: list[Block] = [section(text), *actions(_submit(iv), feedback)]
    return message(f"Scorecard due: {iv.title or 'interview'} with {iv.candidate_name}", blocks)


def late_message(iv: InterviewView, late: list[Person], *, tz: tzinfo, now: datetime) -> Message:
    """To the recruiter and hiring manager: who still owes a scorecard, after the reminders ran out."""
    text = (
        f"🚩 {names(late, notify=True)} still owe{'s' if len(late) == 1 else ''} a scorecard for {_who(iv)} "
        f"(*{inline(iv.title, 'interview')}*, ended {when(iv.end, now=now, tz=tz)}) after "
        "several reminders."
    )
    blocks: list[Block] = [section(text), *actions(button_for("Feedback so far", OpenFeedback(iv.candidate_id)))]
    return message(f"Late scorecards for {iv.candidate_name}", blocks)


def debrief_card(iv: InterviewView, feedback: Message, *, submitted: int, missing: list[Person]) -> Message:
    """The feedback card (``blocks.feedback``) headed with why it came, with the decision's actions under it."""
    blocks = [
        *debrief_heading(iv, submitted=submitted, missing=missing),
        *feedback.get("blocks", []),
        *debrief_actions(iv.application_id),
    ]
    cards = f"{submitted} scorecard{'s' if submitted != 1 else ''}"
    return message(f"Debrief: {cards} in for {iv.candidate_name}", blocks)


def debrief_heading(iv: InterviewView, *, submitted: int, missing: list[Person]) -> list[Block]:
    """Above the feedback card: why it came, and the decision the card is for."""
    cards = f"{submitted} scorecard{'s' if submitted != 1 else ''}"
    line = f"🧾 *Debrief*: {cards} in for {_who(iv)} · {job_title(iv.job)}"
    if missing:
        line += f"\nStill missing: {names(missing)}"
    return [section(line)]


def debrief_actions(application_id: str) -> list[Block]:
    """The confirmed write flow's Move / Reject / Hire, as the candidate card's menu (each previews first)."""
    menu = overflow(
        CardAction.ACTION,
        [
            ("Move to stage…", CardAction("move", application_id).pack()),
            ("Reject…", CardAction("reject", application_id).pack()),
            ("Hire…", CardAction("hire", application_id).pack()),
        ],
    )
    return [section("*Decide*: move, reject or hire (each shows a preview to confirm)", accessory=menu)]


def _who(iv: InterviewView) -> str:
    return f"*{link(iv_profile(iv), inline(iv.candidate_name, 'a candidate'))}*"
