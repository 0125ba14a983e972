"""The daily digest and the approval nudge, as direct messages.

The digest is one compact message a person gets on weekdays at the time they chose: a line of counts, then a
section per part that has something in it (today's interviews in their own time zone with the meeting link,
the scorecards they owe, approvals waiting on them, new applicants and stale candidates in their jobs), each
with its first few rows and "…and N more". Rows link to Ashby and the meeting, so the message needs no
buttons. A part with nothing in it is left out; ``DigestView.empty`` says when nothing would be said at all
(then no digest is sent).

The nudge is the approval card (``blocks.actions.approval_card``: candidate, job, compensation, start date,
step, **Approve** and **Open in Ashby**) under one line saying how long the approval has waited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ashby.views import InterviewView, JobView, OfferView, StaleEntry
from blocks.actions import approval_card
from blocks.common import (
    Block,
    Message,
    calendar_date,
    context,
    day_name,
    days_phrase,
    header,
    inline,
    job_title,
    link,
    linkable,
    local,
    message,
    one_line,
    plural,
    section,
    time_range,
    when,
)
from blocks.home import candidate_link, listed

#: Rows per part; the rest are counted ("…and 3 more").


@dataclass(frozen=True, slots=True)
class NewApplicant:
    """An application to one of the person's jobs made since their previous digest."""

    candidate_id: str
    candidate_name: str
    application_id: str
    job: JobView
    applied_at: datetime | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class DigestView:
    """What one person's digest says, at ``now`` in their time zone ``tz``.

    ``stale_total`` counts every stale candidate in their jobs (``stale`` holds the longest waiting, first);
    ``new_since`` is when "new" starts (their previous weekday's digest). ``unavailable`` names parts that
    could not be loaded ("approvals waiting on you")."""

    now: datetime
    tz: tzinfo
    name: str | None = None
    interviews: Sequence[InterviewView] = ()
    feedback_owed: Sequence[InterviewView] = ()
    approvals: Sequence[OfferView] = ()
    new_applicants: Sequence[NewApplicant] = ()
    new_since: datetime | None = None
    stale: Sequence[StaleEntry] = ()
    stale_total: int = 0
    stale_days: int = 14
    unavailable: Sequence[str] = ()
    #: Ashby's web app, for links to candidates (``<ashby_url>/candidates/<id>``).
    ashby_url: str | None = None
    #: When the digest comes, for the last line ("weekdays at 08:30").
    schedule: str | None = None

    @property
    def stale_count(self) -> int:
        return max(self.stale_total, len(self.stale))

    @property
    def empty(self) -> bool:
        """Nothing to say: no digest is sent."""
        return not (self.interviews or self.feedback_owed or self.approvals or self.new_applicants or self.stale_count)


def digest_message(view: DigestView) -> Message:
    """The digest as a direct message (the caller sends nothing when ``view.empty``)."""
    today = local(view.now, view.tz).date()
    blocks: list[Block] = [header(f"☀️ {_first_name(view.name)}day · {calendar_date(today, today)}", "Your day")]
    counts = _counts(view)
    blocks.append(context(" · ".join(counts) if counts else "Nothing needs you today."))
    if view.unavailable:
        missing = ", ".join(inline(part) for part in view.unavailable)
        blocks.append(section(f"⚠️ I couldn't load {missing} from Ashby just now; the rest is below."))
    for part in (_interviews(view), _feedback(view), _approvals(view), _new(view, today), _stale(view)):
        if part is not None:
            blocks.append(part)
    blocks.append(context(_footer(view)))
    fallback = f"Your day: {', '.join(counts)}." if counts else "Your day: nothing needs you today."
    return message(fallback, blocks)


def approval_nudge(
    offer: OfferView,
    *,
    waited: timedelta,
    approver_step: str,
    now: datetime,
    tz: tzinfo,
    url: str | None,
) -> Message:
    """A reminder that ``offer`` has waited ``waited`` on the approver: one line, then the approval card with
    its Approve button."""
    card = approval_card(
        offer,
        approver_step=approver_step,
        requested_by=offer.requested_by.name if offer.requested_by else None,
        now=now,
        tz=tz,
        url=url,
        can_approve=True,
    )
    candidate = inline(offer.candidate_name, "A candidate")
    lead = f"⏰ {candidate}'s offer has been waiting on your approval for {_waited(waited)}."
    blocks = [section(lead), *card["blocks"]]
    return message(f"Reminder: {offer.candidate_name}'s offer has waited {_waited(waited)} for your approval", blocks)


# -- the parts ----------------------------------------------------------------------------------------------


def _counts(view: DigestView) -> list[str]:
    parts = []
    if view.interviews:
        parts.append(f"{plural(len(view.interviews), 'interview')} today")
    if view.feedback_owed:
        parts.append(f"{plural(len(view.feedback_owed), 'scorecard')} to write")
    if view.approvals:
        parts.append(f"{plural(len(view.approvals), 'approval')} waiting")
    if view.new_applicants:
        parts.append(f"{plural(len(view.new_applicants), 'new applicant')}")
    if view.stale_count:
        parts.append(f"{plural(view.stale_count, 'stale candidate')}")
    return parts


def _interviews(view: DigestView) -> Block | None:
    if not view.interviews:
        return None
    rows = []
    for iv in sorted(view.interviews, key=lambda iv: iv.start):
        what = inline(iv.stage_title) or inline(iv.title, "Interview")
        row = f"*{time_range(iv.start, iv.end, view.tz)}* · {_candidate(iv.candidate_id, iv.candidate_name, view)}"
        row += f" — {job_title(iv.job)} · {what}"
        if iv.end > view.now and linkable(iv.meeting_link):
            row += f" · {link(iv.meeting_link, 'Join meeting')}"
        rows.append(row)
    lead = f"*📅 Today's interviews ({len(rows)})* · times are yours ({_zone(view)})"
    return section(f"{lead}\n{_rows(rows, 'interviews')}")


def _feedback(view: DigestView) -> Block | None:
    if not view.feedback_owed:
        return None
    rows = []
    for iv in sorted(view.feedback_owed, key=lambda iv: iv.end):
        row = f"{_candidate(iv.candidate_id, iv.candidate_name, view)} — {inline(iv.title, 'Interview')}"
        row += f" · ended {when(iv.end, now=view.now, tz=view.tz)}"
        if linkable(iv.feedback_link):
            row += f" · {link(iv.feedback_link, 'Submit feedback')}"
        rows.append(row)
    return section(f"*✍️ Feedback you owe ({len(rows)})*, oldest first\n{_rows(rows, 'scorecards')}")


def _approvals(view: DigestView) -> Block | None:
    if not view.approvals:
        return None
    rows = []
    for offer in view.approvals:
        parts = [f"{_candidate(offer.candidate_id, offer.candidate_name, view)} — {job_title(offer.job)}"]
        if offer.salary:
            parts.append(inline(offer.salary))
        if offer.steps_total:
            parts.append(f"step {min(offer.steps_done + 1, offer.steps_total)} of {offer.steps_total}")
        rows.append(" · ".join(parts))
    lead = f"*✅ Approvals waiting on you ({len(rows)})* · approve from the card I sent you, or in Ashby"
    return section(f"{lead}\n{_rows(rows, 'offers')}")


def _new(view: DigestView, today: date) -> Block | None:
    if not view.new_applicants:
        return None
    ordered = sorted(view.new_applicants, key=lambda a: a.applied_at.timestamp() if a.applied_at else 0.0, reverse=True)
    rows = []
    for applicant in ordered:
        row = f"{_candidate(applicant.candidate_id, applicant.candidate_name, view)} — {job_title(applicant.job)}"
        if applicant.source:
            row += f" · {inline(applicant.source)}"
        rows.append(row)
    since = ""
    if view.new_since is not None:
        day = local(view.new_since, view.tz).date()
        since = f" since {day_name(day, today).lower() if (today - day).days == 1 else calendar_date(day, today)}"
    return section(f"*🆕 New applicants{since} ({len(rows)})*\n{_rows(rows, 'applicants')}")


def _stale(view: DigestView) -> Block | None:
    if not view.stale_count:
        return None
    rows = []
    for entry in sorted(view.stale, key=lambda e: e.days_in_stage, reverse=True):
        who = _candidate(entry.candidate_id, entry.candidate_name, view)
        stage = inline(entry.stage_title, "their stage")
        rows.append(f"{who} · {days_phrase(entry.days_in_stage)} in *{stage}* — {job_title(entry.job)}")
    lead = f"*⏳ Stale in your jobs ({view.stale_count})* · {view.stale_days}+ days in their stage"
    body = _rows(rows, "candidates", total=view.stale_count)
    return section(f"{lead}\n{body}" if body else lead)


# -- helpers ------------------------------------------------------------------------------------------------


def _first_name(full: str | None) -> str:
    """For the header (plain text: not escaped)."""
    first = one_line(full).split()
    return f"{first[0]}, your " if first else "Your "


def _zone(view: DigestView) -> str:
    return inline(local(view.now, view.tz).tzname(), "your time zone")


def _footer(view: DigestView) -> str:
    when_sent = f"on weekdays at {view.schedule}" if view.schedule else "on weekdays"
    return f"Your daily digest, {when_sent}. Change or turn it off on the Home tab or with `/ashby notifications`."


def _candidate(candidate_id: str, candidate_name: str, view: DigestView) -> str:
    return f"*{candidate_link(view.ashby_url, candidate_id, candidate_name)}*"


def _rows(lines: Sequence[str], what: str, *, total: int | None = None) -> str:
    return listed(lines, what, total=total, bullet="• ")


def _waited(waited: timedelta) -> str:
    hours = int(waited.total_seconds() // 3600)
    if hours < 48:
        return plural(max(hours, 1), "hour")
    return plural(hours // 24, "day")
