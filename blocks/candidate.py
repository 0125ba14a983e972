"""The candidate card: the answer to "where is Jane Doe?", the question recruiters ask most."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ashby.views import ApplicationView, CandidateCard, InterviewView
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    context,
    days_phrase,
    divider,
    escape,
    header,
    inline,
    job_title,
    link,
    local,
    message,
    name,
    names,
    one_line,
    open_in_ashby,
    overflow,
    plural,
    recommendation,
    section,
    share,
    take,
    when,
)
from blocks.limits import MAX_BLOCKS
from blocks.payloads import CardAction, OpenFeedback, OpenPipeline, Share

# Active work first: that is what the asker is after; history follows.
_STATUS_ORDER = {"Active": 0, "Lead": 1, "Hired": 2, "Archived": 3}
_STATUS_ICON = {"Active": "🟢", "Lead": "🔵", "Hired": "🎉", "Archived": "⚪"}
# More than this reads as a report, not a card; the rest is summarised in one line.
#: The card's action menu and tag button: values are ``<what>:<id>``.
_MAX_APPLICATIONS = 8
_MAX_INTERVIEWS = 3
_MAX_CONTACTS = 4


def candidate_card(
    card: CandidateCard,
    *,
    now: datetime,
    tz: tzinfo,
    show_contact: bool,
    share_value: Share | None,
    can_act: bool = False,
) -> Message:
    """Who the candidate is and where each application stands; contact details only when ``show_contact``.

    ``can_act`` adds the write actions (move, reject, hire per application; add a tag) for an asker the
    caller has checked may take them; each still previews and asks to confirm.
    """
    applications = sorted(card.applications, key=lambda app: _STATUS_ORDER.get(app.status, len(_STATUS_ORDER)))
    blocks: list[Block] = [header(card.name, "Unnamed candidate")]
    about = " · ".join(part for part in (inline(card.position), inline(card.company)) if part)
    tags = ", ".join(inline(tag) for tag in card.tags if one_line(tag))
    if about or tags:
        blocks.append(context(about, f"🏷️ {tags}" if tags else ""))
    contact = _contact(card) if show_contact else []
    if any(contact):
        blocks.append(context(*contact))
    blocks.append(divider())

    tail = actions(
        open_in_ashby(card.profile_url),
        button_for("Feedback", OpenFeedback(card.id)),
        button_for("Add tag", CardAction("tag", card.id)) if can_act else None,
        share(share_value),
    )
    if applications:
        budget = MAX_BLOCKS - len(blocks) - len(tail)
        items = [[_application(app, now=now, tz=tz, can_act=can_act)] for app in applications[:_MAX_APPLICATIONS]]
        blocks += take(items, budget, lambda n: _more_applications(applications[-n:]), total=len(applications))
    else:
        blocks.append(section("_No applications yet._"))
    blocks += tail
    return message(_fallback(card, applications), blocks)


def _contact(card: CandidateCard) -> list[str]:
    emails = [inline(email) for email in card.emails[:_MAX_CONTACTS] if one_line(email)]
    phones = [inline(phone) for phone in card.phones[:_MAX_CONTACTS] if one_line(phone)]
    return [f"✉️ {', '.join(emails)}" if emails else "", f"📞 {', '.join(phones)}" if phones else ""]


def _application(app: ApplicationView, *, now: datetime, tz: tzinfo, can_act: bool) -> Block:
    """One application as a section, with its job's pipeline (and, for active ones, the actions) a click away."""
    lines = [f"*{link(app.url, job_title(app.job))}*", status_line(app)]
    people = [
        f"Source: {inline(app.source)}" if one_line(app.source) else "",
        f"Recruiter: {name(app.recruiter)}" if app.recruiter else "",
        f"Hiring manager: {name(app.hiring_manager)}" if app.hiring_manager else "",
    ]
    if any(people):
        lines.append(" · ".join(part for part in people if part))
    upcoming = sorted(app.upcoming_interviews, key=lambda iv: local(iv.start, tz))
    lines += [f"📅 {_interview_line(iv, now=now, tz=tz)}" for iv in upcoming[:_MAX_INTERVIEWS]]
    if len(upcoming) > _MAX_INTERVIEWS:
        lines.append(f"📅 {and_more(len(upcoming) - _MAX_INTERVIEWS, 'interviews')}")
    if app.latest_recommendation is not None:
        lines.append(f"💬 Latest feedback: {recommendation(app.latest_recommendation)}")
    if can_act and app.status in ("Active", "Lead"):
        menu = overflow(
            CardAction.ACTION,
            [
                ("Pipeline", CardAction("pipeline", app.job.id).pack()),
                ("Move to stage…", CardAction("move", app.id).pack()),
                ("Reject…", CardAction("reject", app.id).pack()),
                ("Hire…", CardAction("hire", app.id).pack()),
            ],
        )
        return section("\n".join(lines), accessory=menu)
    pipeline = button_for("Pipeline", OpenPipeline(app.job.id))
    return section("\n".join(lines), accessory=pipeline)


def status_line(app: ApplicationView, *, with_reason: bool = True) -> str:
    """Status and time in stage ("🟢 Active · 6 days in *Onsite*"); closed applications say how long ago, and
    archived ones why (unless ``with_reason`` is False: unfurls in channels leave the reason out)."""
    status = inline(app.status, "Unknown status")
    icon = _STATUS_ICON.get(app.status, "▫️")
    if with_reason and app.status == "Archived" and one_line(app.archive_reason):
        status += f" ({inline(app.archive_reason)})"
    stage = inline(app.stage_title)
    parts = [f"{icon} {status}"]
    if app.status in ("Archived", "Hired"):
        if app.days_in_stage is not None:
            parts.append(f"{days_phrase(app.days_in_stage)} ago")
    elif stage and app.days_in_stage is not None:
        parts.append(f"{days_phrase(app.days_in_stage)} in *{stage}*")
    elif stage:
        parts.append(f"in *{stage}*")
    return " · ".join(parts)


def _interview_line(iv: InterviewView, *, now: datetime, tz: tzinfo) -> str:
    title = inline(iv.title, "Interview")
    panel = names([i.person for i in iv.interviewers], limit=4)
    return f"{when(iv.start, now=now, tz=tz)} — {title}" + (f" ({panel})" if panel else "")


def _more_applications(hidden: list[ApplicationView]) -> Block:
    active = sum(app.status == "Active" for app in hidden)
    return context(and_more(len(hidden), "applications") + (f" ({active} active)" if active else ""))


def _fallback(card: CandidateCard, applications: list[ApplicationView]) -> str:
    """Name and the first application's stage: enough for a notification, never contact details."""
    text = f"Candidate: {escape(one_line(card.name) or 'Unnamed candidate')}"
    if applications:
        first = applications[0]
        stage = one_line(first.stage_title)
        text += f" — {escape(one_line(first.job.title) or 'Untitled job')}" + (f", {escape(stage)}" if stage else "")
        if len(applications) > 1:
            text += f" (+{plural(len(applications) - 1, 'other application')})"
    return text
