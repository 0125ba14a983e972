"""The Home tab: each person's desk. Their interviews today and tomorrow, the scorecards they owe, the offers
waiting on their approval, their jobs with active counts per stage and who has waited longest, and their
notification settings (``blocks.settings``, passed in already built).

Lists are cut at ``MAX_ROWS`` with "…and N more", and the view at Slack's 100 blocks, so a busy recruiter's
Home always publishes. A part that could not be loaded is ``None`` and says so, and the line at the top names
what is missing; the rest is shown as usual. Rows carry links (to Ashby, the meeting, the scorecard), not
buttons: a Home tab has no message to answer a button in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ashby.views import InterviewView, JobView, OfferView, PipelineView, WaitingCandidate
from blocks.common import (
    Block,
    Message,
    and_more,
    calendar_date,
    context,
    day_heading,
    days_phrase,
    divider,
    header,
    inline,
    job_title,
    link,
    linkable,
    local,
    name,
    plural,
    section,
    time_range,
    when,
)
from blocks.limits import MAX_MODAL_BLOCKS, MAX_SECTION_TEXT, fit_blocks, truncate

#: Rows per list; the rest are counted ("…and 3 more").
MAX_ROWS = 5
#: A row's share of a section, leaving room for a heading and the "…and N more" line.
_ROW_TEXT = (MAX_SECTION_TEXT - 300) // MAX_ROWS


@dataclass(frozen=True, slots=True)
class DeskJob:
    """One of the person's jobs; ``pipeline`` is None while the counts are not known yet (the candidate list
    is still loading)."""

    job: JobView
    pipeline: PipelineView | None = None


@dataclass(frozen=True, slots=True)
class DeskView:
    """What one person's Home shows. A part that could not be loaded is ``None``; ``unavailable`` names the
    missing parts in words for the line at the top ("approvals waiting on you")."""

    now: datetime
    tz: tzinfo
    name: str | None = None
    #: Interviews today and tomorrow (in ``tz``) where the person is on the panel.
    interviews: Sequence[InterviewView] | None = ()
    #: Interviews that have ended without the person's scorecard, oldest first.
    feedback_owed: Sequence[InterviewView] | None = ()
    #: Offers whose current approval step waits on the person.
    approvals: Sequence[OfferView] | None = ()
    #: Open jobs whose hiring team includes the person, the busiest first; ``more_jobs`` counts the rest.
    jobs: Sequence[DeskJob] | None = ()
    more_jobs: int = 0
    unavailable: Sequence[str] = ()
    #: A one-off line for the top (e.g. a settings change that could not be saved).
    notice: str | None = None
    #: Ashby's web app, for links to candidates (``<ashby_url>/candidates/<id>``).
    ashby_url: str | None = None


def home_view(desk: DeskView, settings: Sequence[Block] = ()) -> dict[str, Any]:
    """The Home tab view for ``views.publish``."""
    blocks: list[Block] = [header(f"{_first_name(desk.name)}recruiting desk", "Your recruiting desk")]
    blocks.append(context(_updated(desk), *_summary(desk)))
    if desk.notice:
        blocks.append(section(f"⚠️ {inline(desk.notice)}"))
    if desk.unavailable:
        missing = ", ".join(inline(part) for part in desk.unavailable)
        retry = "The rest is current; open this tab again to retry."
        blocks.append(section(f"⚠️ I couldn't load {missing} from Ashby just now. {retry}"))
    blocks += _interviews(desk)
    blocks += _feedback(desk)
    blocks += _approvals(desk)
    blocks += _jobs(desk)
    if settings:
        blocks += [divider(), header("🔔 Your notifications"), *settings]
    return _view(blocks)


def no_access_home(refusal: Message) -> dict[str, Any]:
    """The Home of someone with no Ashby access: the one refusal everyone gets, and what this tab would show."""
    blocks: list[Block] = [header("Ashby for Slack")]
    blocks += [dict(block) for block in refusal.get("blocks") or [section(str(refusal.get("text") or "…"))]]
    blocks.append(
        context(
            "Once your Slack account is linked to an enabled Ashby user (by email), this tab shows your "
            "interviews, the feedback you owe, approvals waiting on you and your jobs."
        )
    )
    return _view(blocks)


def trouble_home(text: str, settings: Sequence[Block] = ()) -> dict[str, Any]:
    """A Home when Ashby could not be asked who the person is: what happened, and their settings (which need no
    Ashby), so the tab still works."""
    blocks: list[Block] = [header("Your recruiting desk"), section(f"⚠️ {inline(text)}")]
    if settings:
        blocks += [divider(), header("🔔 Your notifications"), *settings]
    return _view(blocks)


# -- the parts ----------------------------------------------------------------------------------------------


def _interviews(desk: DeskView) -> list[Block]:
    blocks: list[Block] = [divider(), header("📅 Your interviews")]
    if desk.interviews is None:
        return [*blocks, _not_loaded()]
    today = local(desk.now, desk.tz).date()
    for day in (today, today + timedelta(days=1)):
        ordered = sorted(
            (iv for iv in desk.interviews if local(iv.start, desk.tz).date() == day), key=lambda iv: iv.start
        )
        rows = [_interview_row(iv, desk) for iv in ordered]
        heading = f"*{day_heading(day, today)}*"
        body = listed(rows, "interviews") if rows else "_No interviews._"
        blocks.append(section(f"{heading}\n{body}"))
    return blocks


def _interview_row(iv: InterviewView, desk: DeskView) -> str:
    what = inline(iv.stage_title) or inline(iv.title, "Interview")
    row = f"*{time_range(iv.start, iv.end, desk.tz)}* · {_candidate(iv.candidate_id, iv.candidate_name, desk)}"
    row += f" — {job_title(iv.job)} · {what}"
    ended = local(iv.end, desk.tz) <= local(desk.now, desk.tz)
    if not ended and linkable(iv.meeting_link):
        row += f" · {link(iv.meeting_link, 'Join meeting')}"
    return row


def _feedback(desk: DeskView) -> list[Block]:
    blocks: list[Block] = [divider(), header("✍️ Feedback you owe")]
    if desk.feedback_owed is None:
        return [*blocks, _not_loaded()]
    if not desk.feedback_owed:
        return [*blocks, section("🎉 You're all caught up: no scorecards waiting on you.")]
    rows = []
    for iv in sorted(desk.feedback_owed, key=lambda iv: iv.end):
        what = inline(iv.title, "Interview")
        row = f"*{_candidate(iv.candidate_id, iv.candidate_name, desk)}* — {what} · {job_title(iv.job)}"
        row += f" · ended {when(iv.end, now=desk.now, tz=desk.tz)}"
        if linkable(iv.feedback_link):
            row += f" · {link(iv.feedback_link, 'Submit feedback')}"
        rows.append(row)
    count = len(desk.feedback_owed)
    lead = f"You owe {plural(count, 'scorecard')}, oldest first."
    return [*blocks, section(f"{lead}\n{listed(rows, 'scorecards')}")]


def _approvals(desk: DeskView) -> list[Block]:
    blocks: list[Block] = [divider(), header("✅ Approvals waiting on you")]
    if desk.approvals is None:
        return [*blocks, _not_loaded()]
    if not desk.approvals:
        return [*blocks, section("No offers are waiting on your approval.")]
    rows = []
    for offer in desk.approvals:
        parts = [f"*{_candidate(offer.candidate_id, offer.candidate_name, desk)}* — {job_title(offer.job)}"]
        if offer.salary:
            parts.append(inline(offer.salary))
        if offer.start_date is not None:
            parts.append(f"starts {calendar_date(offer.start_date.date(), local(desk.now, desk.tz).date())}")
        if offer.steps_total:
            parts.append(f"step {min(offer.steps_done + 1, offer.steps_total)} of {offer.steps_total}")
        if offer.requested_by is not None:
            parts.append(f"requested by {name(offer.requested_by)}")
        rows.append(" · ".join(parts))
    lead = f"{plural(len(desk.approvals), 'offer')} waiting on you."
    return [
        *blocks,
        section(f"{lead}\n{listed(rows, 'offers')}"),
        context("Approve from the card I sent you as a direct message, or in Ashby."),
    ]


def _jobs(desk: DeskView) -> list[Block]:
    blocks: list[Block] = [divider(), header("💼 Your jobs")]
    if desk.jobs is None:
        return [*blocks, _not_loaded()]
    if not desk.jobs:
        return [*blocks, section("You're not on the hiring team of any open job.")]
    for item in desk.jobs[:MAX_ROWS]:
        blocks.append(section(_job(item)))
    hidden = desk.more_jobs + max(0, len(desk.jobs) - MAX_ROWS)
    if hidden:
        blocks.append(context(f"{and_more(hidden, 'jobs')} — `/ashby jobs` lists every open job."))
    if any(item.pipeline is None for item in desk.jobs):
        blocks.append(context("Counts appear once the candidate list has finished loading."))
    return blocks


def _job(item: DeskJob) -> str:
    title = link(item.job.url, job_title(item.job))
    view = item.pipeline
    facts = [f"*{title}*"]
    if item.job.requisition_id:
        facts.append(inline(item.job.requisition_id))
    if view is None:
        return truncate(" · ".join(facts), _ROW_TEXT)
    facts.append(f"*{plural(view.active_total, 'active candidate')}*")
    lines = [truncate(" · ".join(facts), _ROW_TEXT)]
    stages = [f"{inline(stage.title, 'Untitled stage')} {stage.count}" for stage in view.stages if stage.count]
    lines.append(truncate(" · ".join(stages), 2 * _ROW_TEXT) if stages else "_No active candidates._")
    longest = _longest(view)
    if longest is not None:
        waited, stage_title = longest
        days = f", {days_phrase(waited.days_in_stage)}" if waited.days_in_stage is not None else ""
        who = f"*{inline(waited.candidate_name, 'Unnamed candidate')}*{days} in {inline(stage_title, 'their stage')}"
        lines.append(truncate(f"⏳ Waiting longest: {who}", _ROW_TEXT))
    return "\n".join(lines)


def _longest(view: PipelineView) -> tuple[WaitingCandidate, str] | None:
    """Who has waited longest in any stage (by exact days where known)."""
    waiting = [(w, stage.title) for stage in view.stages if stage.count for w in stage.longest_waiting]
    if not waiting:
        return None
    return max(waiting, key=lambda pair: pair[0].days_in_stage if pair[0].days_in_stage is not None else -1.0)


# -- helpers ------------------------------------------------------------------------------------------------


def _view(blocks: list[Block]) -> dict[str, Any]:
    return {"type": "home", "blocks": fit_blocks(blocks, limit=MAX_MODAL_BLOCKS)}


def _first_name(full: str | None) -> str:
    first = (full or "").split()
    return f"{first[0]}'s " if first else "Your "


def _updated(desk: DeskView) -> str:
    return f"Updated {when(desk.now, now=desk.now, tz=desk.tz)} your time · refreshed whenever you open this tab"


def _summary(desk: DeskView) -> list[str]:
    """The day at a glance, for the line under the title."""
    parts = []
    if desk.interviews is not None:
        today = local(desk.now, desk.tz).date()
        count = sum(1 for iv in desk.interviews if local(iv.start, desk.tz).date() == today)
        parts.append(f"{plural(count, 'interview')} today")
    if desk.feedback_owed:
        parts.append(f"{plural(len(desk.feedback_owed), 'scorecard')} to write")
    if desk.approvals:
        parts.append(f"{plural(len(desk.approvals), 'approval')} waiting")
    return [" · ".join(parts)] if parts else []


def candidate_link(ashby_url: str | None, candidate_id: str, candidate_name: str) -> str:
    """The candidate's name linked to them in Ashby (the Home tab and the digest list the same people)."""
    label = inline(candidate_name, "Unnamed candidate")
    if ashby_url and candidate_id:
        return link(f"{ashby_url.rstrip('/')}/candidates/{candidate_id}", label)
    return label


def _candidate(candidate_id: str, candidate_name: str, desk: DeskView) -> str:
    return candidate_link(desk.ashby_url, candidate_id, candidate_name)


def listed(lines: Sequence[str], what: str, *, total: int | None = None, bullet: str = "") -> str:
    """At most ``MAX_ROWS`` lines, then "…and N more" (of ``total`` when more exist than were read); each
    line is cut to its share of a section."""
    total = len(lines) if total is None else max(total, len(lines))
    shown = [f"{bullet}{truncate(line, _ROW_TEXT)}" for line in lines[:MAX_ROWS]]
    if total > len(shown):
        shown.append(and_more(total - len(shown), what))
    return "\n".join(shown)


def _not_loaded() -> Block:
    return section("_Couldn't load this from Ashby just now._")
