"""Notifications: one change as a short card with the card's actions, or a burst of them as one list.

The same words go to a person and to a channel; only the archive reason is for people (a rejection's
reason is the hiring team's business). Nothing here shows contact details, compensation or feedback.
"""

from __future__ import annotations

from collections.abc import Sequence

from ashby.events import Kind, Notice

from .common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    fit_lines,
    header,
    inline,
    link,
    message,
    open_in_ashby,
    overflow,
    plural,
    section,
)
from .payloads import CardAction, OpenPipeline

_ICON = {
    Kind.APPLIED: "🆕",
    Kind.MOVED: "➡️",
    Kind.ARCHIVED: "🗄️",
    Kind.HIRED: "🎉",
    Kind.OFFER_CREATED: "📝",
    Kind.OFFER_APPROVED: "✅",
    Kind.OFFER_ACCEPTED: "🤝",
    Kind.OFFER_DECLINED: "✋",
}
#: Characters a grouped message lists before "…and N more updates" (a section holds 3,000).
GROUP_TEXT = 2900
_STILL_OPEN = (Kind.APPLIED, Kind.MOVED)


def sentence(notice: Notice, *, private: bool, linked: bool = True) -> str:
    """ "*Jane Doe* moved to *Onsite* · Backend Engineer", in mrkdwn, the candidate linked to Ashby."""
    name = inline(notice.candidate_name, "A candidate")
    who = f"*{link(notice.profile_url, name) if linked else name}*"
    job = inline(notice.job_title, "a job")
    stage = inline(notice.stage_title, "a new stage")
    match notice.kind:
        case Kind.APPLIED:
            verb = "was referred for" if notice.referral else "applied to"
            return f"{who} {verb} *{job}*"
        case Kind.MOVED:
            return f"{who} moved to *{stage}* · {job}"
        case Kind.ARCHIVED:
            cleaned = inline(notice.archive_reason)
            reason = f" ({cleaned})" if private and cleaned else ""
            return f"{who} was archived{reason} · {job}"
        case Kind.HIRED:
            return f"{who} was hired for *{job}*"
        case Kind.OFFER_CREATED:
            return f"An offer was created for {who} · {job}"
        case Kind.OFFER_APPROVED:
            return f"{who}'s offer was approved · {job}"
        case Kind.OFFER_ACCEPTED:
            return f"{who} accepted the offer for *{job}*"
        case Kind.OFFER_DECLINED:
            return f"{who} declined the offer for *{job}*"
    return f"{who} · {job}"  # pragma: no cover - every kind is matched above


def _plain(notice: Notice, *, private: bool) -> str:
    """The notification's fallback text (what the phone shows): no mrkdwn links."""
    return f"{_ICON[notice.kind]} {sentence(notice, private=private, linked=False)}"


def notice_message(notice: Notice, *, private: bool, can_act: bool) -> Message:
    """One change: the sentence, and the card's actions (the write menu only for people allowed to act,
    and only while the application is open)."""
    text = f"{_ICON[notice.kind]} {sentence(notice, private=private)}"
    if can_act and notice.kind in _STILL_OPEN:
        menu = overflow(
            CardAction.ACTION,
            [
                ("Move to stage…", CardAction("move", notice.application_id).pack()),
                ("Reject…", CardAction("reject", notice.application_id).pack()),
                ("Hire…", CardAction("hire", notice.application_id).pack()),
            ],
        )
        blocks: list[Block] = [section(text, accessory=menu)]
    else:
        blocks = [section(text)]
    blocks += actions(open_in_ashby(notice.profile_url), button_for("Pipeline", OpenPipeline(notice.job_id)))
    return message(_plain(notice, private=private), blocks)


def grouped_message(notices: Sequence[Notice], *, private: bool) -> Message:
    """A burst as one message: a line per change, newest last, and the pipeline of a single job."""
    lines = [f"{_ICON[n.kind]} {sentence(n, private=private)}" for n in notices]
    jobs = {n.job_id for n in notices}
    title = f"{plural(len(notices), 'update')} from Ashby"
    listed = fit_lines(lines, GROUP_TEXT, lambda left: and_more(left, "updates"))
    blocks: list[Block] = [header(title), section(listed)]
    if len(jobs) == 1:
        blocks += actions(button_for("Pipeline", OpenPipeline(next(iter(jobs)))))
    fallback = f"{title}: " + "; ".join(_plain(n, private=private) for n in notices[:5])
    return message(fallback, blocks)


def notification(notices: Sequence[Notice], *, private: bool, can_act: bool) -> Message:
    """What one delivery sends: one notice as a card, several as one list."""
    if len(notices) == 1:
        return notice_message(notices[0], private=private, can_act=can_act)
    return grouped_message(notices, private=private)
