"""Cards for acting from Slack: choosers, the preview with Confirm and Cancel, the outcome, and the
offer approval card.

Every write is previewed first (who, which application, from what to what); the destructive ones get
Slack's confirm dialog on top. Confirm carries only the id of a preview kept in the shared store, so what
runs is what was previewed; choosers carry a draft id plus the id chosen, which is checked again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from ashby.actions import DESTRUCTIVE, Action
from ashby.views import OfferView
from blocks.common import (
    Block,
    Message,
    actions,
    button_for,
    confirm_dialog,
    context,
    escape,
    header,
    inline,
    message,
    names,
    open_in_ashby,
    section,
    static_select,
    when,
)
from blocks.payloads import (
    NO_EMAIL,
    Approve,
    Cancel,
    ChooseApplication,
    ChooseReason,
    ChooseStage,
    ChooseTag,
    ChooseTemplate,
    Confirm,
)

_ICONS = {
    "move": "➡️",
    "reject": "🛑",
    "hire": "🎉",
    "note": "📝",
    "tag": "🏷️",
    "untag": "🏷️",
    "add": "➕",
    "transfer": "🔀",
}


def application_chooser(draft_id: str, candidate: str, choices: Sequence[tuple[str, str]]) -> Message:
    """Which application, when the candidate is active on several jobs; choices are (id, "Job · Stage")."""
    blocks: list[Block] = [section(f"*{inline(candidate)}* is active on several jobs. Which application?")]
    for application_id, label in choices[:10]:
        pick = button_for(label, ChooseApplication(draft_id, application_id))
        if pick is not None:
            blocks.append(section(inline(label), accessory=pick))
    blocks += actions(button_for("Cancel", Cancel(draft_id, draft=True)))
    return message(f"Which of {candidate}'s applications?", blocks)


def stage_chooser(
    draft_id: str, candidate: str, job: str, stages: Sequence[tuple[str, str]], current: str | None
) -> Message:
    """Pick the stage to move to, among the application's own plan's stages: (id, title)."""
    text = f"Move *{inline(candidate)}* ({inline(job)}) from *{inline(current, 'their stage')}* to:"
    choices = [(title, ChooseStage(draft_id, stage_id).pack()) for stage_id, title in stages]
    select = static_select(ChooseStage.ACTION, "Choose a stage", choices)
    blocks = [section(text, accessory=select)] if select else [section(text + " _no other stage_")]
    blocks += actions(button_for("Cancel", Cancel(draft_id, draft=True)))
    return message(f"Move {candidate} to which stage?", blocks)


def tag_chooser(draft_id: str, candidate: str, tags: Sequence[tuple[str, str]]) -> Message:
    """Pick a tag to add: (id, title). New tags: ``/ashby tag <name>: <new tag>``."""
    choices = [(title, ChooseTag(draft_id, tag_id).pack()) for tag_id, title in tags]
    select = static_select(ChooseTag.ACTION, "Choose a tag", choices)
    text = f"Add which tag to *{inline(candidate)}*?"
    blocks = [section(text, accessory=select)] if select else [section(text)]
    blocks.append(context(f"A new tag: `/ashby tag {escape(candidate)}: New tag name`"))
    blocks += actions(button_for("Cancel", Cancel(draft_id, draft=True)))
    return message(f"Add which tag to {candidate}?", blocks)


def preview_card(
    action: Action,
    preview_id: str,
    *,
    reasons: Sequence[tuple[str, str]] = (),
    templates: Sequence[tuple[str, str]] = (),
) -> Message:
    """What will happen, with Confirm and Cancel. A rejection first needs a reason: until one is chosen
    the card shows the reasons and no Confirm."""
    icon = _ICONS.get(action.kind, "")
    blocks: list[Block] = [header(f"{icon} {action.summary()}")]
    facts = []
    if action.job_title and action.kind not in ("add",):
        facts.append(f"*Application:* {inline(action.job_title)}")
    if action.from_stage and action.kind in ("move", "reject", "hire", "transfer"):
        facts.append(f"*From:* {inline(action.from_stage)}  →  *To:* {inline(action.to_stage, '?')}")
    if action.kind == "transfer":
        facts.append(f"*New job:* {inline(action.target_job)}")
    if action.kind == "note" and action.note:
        visibility = (
            "private (only people with private-note access)" if action.private else "visible to the hiring team"
        )
        facts.append(f"*Note ({visibility}):*\n>{escape(action.note[:2500])}")
    if action.kind == "tag" and action.tag_id is None:
        facts.append(f"The tag “{inline(action.tag)}” doesn't exist yet; confirming creates it.")
    if facts:
        blocks.append(section("\n".join(facts)))
    ready = action.kind != "reject" or action.archive_reason_id is not None
    if action.kind == "reject":
        reason = static_select(
            ChooseReason.ACTION,
            "Choose a reason",
            [(text, ChooseReason(preview_id, rid).pack()) for rid, text in reasons],
        )
        label = f"*Reason:* {inline(action.archive_reason)}" if action.archive_reason else "*Reason:* _choose one_"
        blocks.append(section(label, accessory=reason))
        if templates:
            choices = [
                ("No email", ChooseTemplate(preview_id, NO_EMAIL).pack()),
                *((title, ChooseTemplate(preview_id, tid).pack()) for tid, title in templates),
            ]
            email = static_select(ChooseTemplate.ACTION, "Rejection email (optional)", choices)
            label = f"*Email:* {inline(action.email_template, 'none')}"
            blocks.append(section(label, accessory=email))
    dialog = None
    if action.kind in DESTRUCTIVE:
        dialog = confirm_dialog(f"{action.kind.capitalize()} {action.candidate_name}?", action.summary())
    confirm = button_for("Confirm", Confirm(preview_id), style="primary", confirm=dialog) if ready else None
    blocks += actions(confirm, button_for("Cancel", Cancel(preview_id)))
    blocks.append(context("Nothing changes in Ashby until you confirm."))
    return message(action.summary(), blocks)


def outcome_card(
    action: Action, *, ok: bool, text: str, actor: str, at: datetime, tz: tzinfo, now: datetime
) -> Message:
    """The preview, replaced by what happened, who did it and when."""
    icon = "✅" if ok else "⚠️"
    blocks: list[Block] = [section(f"{icon} {escape(text)}")]
    if ok:
        blocks.append(context(f"by {escape(actor)} · {when(at, now=now, tz=tz)}"))
    return message(f"{text} ({'done' if ok else 'not done'})", blocks)


def approval_card(
    offer: OfferView,
    *,
    approver_step: str,
    requested_by: str | None,
    now: datetime,
    tz: tzinfo,
    url: str | None,
    can_approve: bool,
) -> Message:
    """One offer waiting on this approver: candidate, job, compensation, start date, step, Approve."""
    blocks: list[Block] = [header(f"Offer approval: {offer.candidate_name}")]
    facts = [f"*Job:* {inline(offer.job.title)}"]
    if offer.salary:
        facts.append(f"*Compensation:* {inline(offer.salary)}")
    if offer.start_date:
        facts.append(f"*Start date:* {offer.start_date.date().isoformat()}")
    facts.append(f"*Step:* {inline(approver_step)}")
    if requested_by:
        facts.append(f"*Requested by:* {inline(requested_by)}")
    waiting = [a.person for a in offer.current_approvers if a.decision == "pending"]
    if waiting:
        facts.append(f"*Waiting on:* {names(waiting)}")
    blocks.append(section("\n".join(facts)))
    approve = None
    if can_approve and offer.version_id and offer.current_step_id:
        dialog = confirm_dialog(
            f"Approve {offer.candidate_name}'s offer?",
            f"{offer.job.title}: {offer.salary or ''}".strip(": "),
            confirm="Approve",
        )
        approve = button_for(
            "Approve", Approve(offer.id, offer.version_id, offer.current_step_id), style="primary", confirm=dialog
        )
    blocks += actions(approve, open_in_ashby(url))
    blocks.append(context("To decline, open the offer in Ashby: the API can only approve."))
    return message(f"Offer approval needed: {offer.candidate_name} — {offer.job.title}", blocks)
