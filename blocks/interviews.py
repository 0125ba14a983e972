"""Interview schedules ("your interviews today"), grouped by day in the asker's time zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from ashby.views import Interviewer, InterviewView
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    context,
    day_heading,
    escape,
    header,
    inline,
    job_title,
    link,
    linkable,
    local,
    message,
    name,
    one_line,
    plural,
    section,
    take,
    time_range,
    when,
)
from blocks.limits import MAX_BLOCKS
from blocks.payloads import OpenCandidate, SubmitFeedback

_MAX_PANEL = 8


def interviews_card(interviews: Sequence[InterviewView], *, title: str, now: datetime, tz: tzinfo) -> Message:
    """Each interview: time, candidate, job, panel and meeting link; feedback marks once it has ended."""
    blocks: list[Block] = [header(title, "Interviews")]
    heading = escape(one_line(title) or "Interviews")
    if not interviews:
        blocks.append(section("📭 No interviews scheduled — nothing on the calendar here."))
        return message(f"{heading}: no interviews scheduled.", blocks)
    ordered = sorted(interviews, key=lambda iv: local(iv.start, tz))
    today = local(now, tz).date()
    items: list[list[Block]] = []
    day = None
    for iv in ordered:
        item = []
        if local(iv.start, tz).date() != day:
            day = local(iv.start, tz).date()
            item.append(context(f"*📅 {day_heading(day, today)}*"))
        item += _interview(iv, now=now, tz=tz)
        items.append(item)
    blocks += take(items, MAX_BLOCKS - len(blocks), lambda n: context(and_more(n, "interviews")))
    fallback = f"{heading}: {plural(len(ordered), 'interview')}"
    upcoming = next((iv for iv in ordered if local(iv.end, tz) > local(now, tz)), None)
    if upcoming is not None:
        who = inline(upcoming.candidate_name, "a candidate")
        fallback += f", next {when(upcoming.start, now=now, tz=tz)} with {who}"
    return message(fallback, blocks)


def _interview(iv: InterviewView, *, now: datetime, tz: tzinfo) -> list[Block]:
    """The interview's section; for the asker's own ended interview without their scorecard, Submit feedback
    below it (only where the scorecard link may be shown: a list posted in a channel has none)."""
    ended = local(iv.end, tz) <= local(now, tz)
    yours = ended and linkable(iv.feedback_link) and _owes(iv)
    what = inline(iv.title, "Interview")
    stage = inline(iv.stage_title)
    if stage and stage != what:
        what = f"{stage} · {what}"
    lines = [
        f"*{time_range(iv.start, iv.end, tz)}* · *{inline(iv.candidate_name, 'Unnamed candidate')}*"
        f" — {job_title(iv.job)}",
        what,
    ]
    if iv.interviewers:
        lines.append(f"👥 {_panel(iv.interviewers, ended=ended)}")
    links = []
    if linkable(iv.meeting_link) and not ended:
        links.append(link(iv.meeting_link, "Join meeting"))
    if linkable(iv.feedback_link) and ended and not iv.feedback_complete:
        links.append(link(iv.feedback_link, "Scorecard in Ashby" if yours else "Submit feedback"))
    if links:
        lines.append(" · ".join(links))
    candidate = button_for("Candidate", OpenCandidate(iv.candidate_id))
    blocks = [section("\n".join(lines), accessory=candidate)]
    if yours:
        blocks += actions(button_for("Submit feedback", SubmitFeedback(iv.schedule_id, iv.event_id), style="primary"))
    return blocks


def _owes(iv: InterviewView) -> bool:
    """Whether the person the list is for ran this interview and has not submitted their scorecard."""
    return iv.viewer_id is not None and any(
        i.person.id == iv.viewer_id and not i.submitted_feedback for i in iv.interviewers
    )


def _panel(interviewers: Sequence[Interviewer], *, ended: bool) -> str:
    """Interviewers, with ✅ / ⏳ for feedback once the interview is over (before that it means nothing)."""
    shown = [name(i.person) + ((" ✅" if i.submitted_feedback else " ⏳") if ended else "") for i in interviewers]
    if len(shown) > _MAX_PANEL:
        shown = [*shown[:_MAX_PANEL], f"{len(shown) - _MAX_PANEL} more"]
    return ", ".join(shown)
