"""The preview: a planned write stored under a fresh id and shown with Confirm and Cancel.

Its own module because a preview is shown again when amended (a reject's reason or email template chosen
on the card) and must then keep its id, so Confirm still finds it.
"""

from __future__ import annotations

from ashby.actions import Action
from ashby.queries import Recruiting
from blocks import actions as action_blocks
from blocks import notices
from blocks.payloads import ChooseReason, ChooseTemplate

from ..answering.core import Answer
from .drafts import Drafts, new_id


class Previews:
    def __init__(self, recruiting: Recruiting, drafts: Drafts) -> None:
        self.recruiting = recruiting
        self.drafts = drafts

    async def show(self, action: Action, preview_id: str | None = None) -> Answer:
        preview_id = preview_id or new_id()
        await self.drafts.save_preview(preview_id, action)
        reasons: list[tuple[str, str]] = []
        templates: list[tuple[str, str]] = []
        if action.kind == "reject":
            reasons = [(r.id, r.text) for r in await self.recruiting.reference.archive_reasons() if not r.is_archived]
            try:
                found = await self.recruiting.reference.communication_templates()
                templates = [(t.id, t.title) for t in found if "email" in t.intended_types]
            except Exception:  # the key may not allow templates: reject without an email
                templates = []
        card = action_blocks.preview_card(action, preview_id, reasons=reasons, templates=templates)
        return Answer(private=card)

    async def amend(self, payload: ChooseReason | ChooseTemplate) -> Answer:
        preview_id, choice = payload.key, payload.choice
        action = await self.drafts.load_preview(preview_id)
        if action is None:
            return Answer(private=notices.notice("This preview has expired or was already used. Please ask again."))
        if isinstance(payload, ChooseReason):
            reason = next((r for r in await self.recruiting.reference.archive_reasons() if r.id == choice), None)
            if reason is None:
                return Answer(private=notices.notice("That reason isn't available any more."))
            action = action.model_copy(update={"archive_reason_id": reason.id, "archive_reason": reason.text})
        else:
            template = next(
                (t for t in await self.recruiting.reference.communication_templates() if t.id == choice), None
            )
            update = (
                {"email_template_id": template.id, "email_template": template.title}
                if template
                else {
                    "email_template_id": None,
                    "email_template": None,
                }
            )
            action = action.model_copy(update=update)
        return await self.show(action, preview_id)
