"""Compact cards for Ashby links pasted in Slack (``chat.unfurl``): a candidate (or one application) and a job.

An unfurl sits under someone else's message, so it is short: one section, a line of context, two buttons.
What may be shown where is decided before drawing (``handlers.unfurls``): the caller says whether contact
details and feedback may appear; a card without them is safe for any conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

from ashby.views import ApplicationView, CandidateCard, PipelineStage, PipelineView
from blocks.candidate import status_line
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    context,
    escape,
    inline,
    job_title,
    message,
    one_line,
    open_in_ashby,
    plural,
    recommendation,
    section,
)
from blocks.limits import MAX_SECTION_TEXT
from blocks.payloads import OpenPipeline

_JOB_STATUS_ICON = {"Open": "🟢", "Closed": "⚪", "Draft": "📝", "Archived": "⚪"}
_MAX_CONTACTS = 2


def candidate_unfurl(
    card: CandidateCard,
    application: ApplicationView | None,
    *,
    show_contact: bool = False,
    show_feedback: bool = False,
) -> Message:
    """The candidate's name, ``application``'s job, stage and status, Open in Ashby and the job's Pipeline.

    ``application`` is the one the link named, or the candidate's current one (None: no application to show).
    Contact details only with ``show_contact`` and the latest recommendation only with ``show_feedback``:
    both are for the person alone (the bot's DM), never a shared conversation.
    """
    lines = [f"*{inline(card.name, 'Unnamed candidate')}*"]
    if application is not None:
        lines.append(f"{job_title(application.job)} · {status_line(application, with_reason=show_contact)}")
        if show_feedback and application.latest_recommendation is not None:
            lines.append(f"💬 Latest feedback: {recommendation(application.latest_recommendation)}")
    else:
        lines.append("_No applications yet._")
    blocks: list[Block] = [section("\n".join(lines))]

    about = " · ".join(part for part in (inline(card.position), inline(card.company)) if part)
    others = len(card.applications) - (1 if application is not None else 0)
    notes = [about, f"+{plural(others, 'other application')}" if others > 0 else ""]
    if show_contact:
        notes += _contact(card)
    if any(note.strip() for note in notes):
        blocks.append(context(*notes))

    pipeline = button_for("Pipeline", OpenPipeline(application.job.id)) if application is not None else None
    blocks += actions(open_in_ashby(card.profile_url), pipeline)
    return message(_candidate_fallback(card, application), blocks)


def _contact(card: CandidateCard) -> list[str]:
    emails = [inline(email) for email in card.emails[:_MAX_CONTACTS] if one_line(email)]
    phones = [inline(phone) for phone in card.phones[:_MAX_CONTACTS] if one_line(phone)]
    return [f"✉️ {', '.join(emails)}" if emails else "", f"📞 {', '.join(phones)}" if phones else ""]


def _candidate_fallback(card: CandidateCard, application: ApplicationView | None) -> str:
    """Name, job and stage for notifications; never contact details."""
    text = f"Candidate: {escape(one_line(card.name) or 'Unnamed candidate')}"
    if application is not None:
        stage = one_line(application.stage_title)
        text += f" — {escape(one_line(application.job.title) or 'Untitled job')}"
        text += f", {escape(stage)}" if stage else ""
    return text


def job_unfurl(view: PipelineView) -> Message:
    """The job's title, status, department and location, its active candidates per stage (in plan order),
    Open in Ashby and Pipeline."""
    job = view.job
    status = inline(job.status, "Unknown status")
    facts = [
        f"{_JOB_STATUS_ICON.get(job.status, '▫️')} {status}",
        inline(job.department),
        inline(job.location),
        inline(job.requisition_id),
    ]
    lines = [f"*{job_title(job)}*", " · ".join(fact for fact in facts if fact)]
    blocks: list[Block] = [section("\n".join(lines))]
    blocks.append(context(stage_counts(view.stages, view.active_total)))
    blocks += actions(open_in_ashby(job.url), button_for("Pipeline", OpenPipeline(job.id)))
    fallback = f"Job: {escape(one_line(job.title) or 'Untitled job')} — {plural(view.active_total, 'active candidate')}"
    return message(fallback, blocks)


def stage_counts(stages: Sequence[PipelineStage], total: int, limit: int = MAX_SECTION_TEXT) -> str:
    """ "*42 active* · Application Review 12 · Onsite 6": stages with someone in them, in plan order, cut at
    a whole stage (with "…and N more stages") so no bold run or name is split."""
    head = f"*{plural(total, 'active candidate')}*"
    parts = [f"{inline(stage.title, 'Untitled stage')} *{stage.count}*" for stage in stages if stage.count > 0]
    if not parts:
        return head
    text = head
    for shown, part in enumerate(parts):
        rest = len(parts) - shown
        tail = f" · {and_more(rest - 1, 'stages')}" if rest > 1 else ""
        if len(text) + len(" · ") + len(part) + len(tail) > limit:
            return f"{text} · {and_more(rest, 'stages')}"
        text += f" · {part}"
    return text
