"""Submit feedback: the button opens the modal built from the interview's scorecard; the modal's submission
is sent to Ashby once; closing it keeps a draft (``handlers.feedback_modal.FeedbackModal`` does the work).

Every click is acknowledged first (the 3-second rule), then the modal opens with the click's trigger id.
Whatever goes wrong is said in the modal (the button may sit on a DM, an ephemeral card or the Home tab,
and a modal reaches the presser in all of them).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from blocks import feedback_form as forms
from blocks import payloads as p

from ..identity import Asker
from ..services import Services
from .askers import asker_of
from .replies import SORRY, STALE_BUTTON

log = logging.getLogger(__name__)


def register(app: AsyncApp, services: Services) -> None:
    modal = services.feedback_modal

    @app.action(p.SubmitFeedback.ACTION)
    async def submit_feedback(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await ack()
        trigger_id = body.get("trigger_id")
        if not isinstance(trigger_id, str) or not trigger_id:
            log.info("a Submit feedback click came without a trigger id")
            return
        payload = p.SubmitFeedback.unpack(str(action.get("value") or ""))
        if payload is None:
            log.info("a SubmitFeedback button came back with a value it does not carry")
            await client.views_open(trigger_id=trigger_id, view=forms.notice_view(STALE_BUTTON))
            return

        async def asker() -> Asker:
            return await asker_of(context)

        await modal.open(client, trigger_id, payload, asker)

    @app.view(forms.CALLBACK_ID)
    async def submitted(ack: AsyncAck, view: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        async def asker() -> Asker:
            return await asker_of(context)

        try:
            reply = await modal.submit(client, view, asker)
        except Exception as exc:  # the modal must still be answered, in words
            log.error("a feedback submission failed: %s", type(exc).__name__, exc_info=exc)
            reply = {"response_action": "update", "view": forms.notice_view(SORRY)}
        await ack(**reply)

    @app.view_closed(forms.CALLBACK_ID)
    async def closed(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        user = body.get("user")
        user_id = user.get("id") if isinstance(user, dict) else None
        if isinstance(user_id, str) and user_id:
            await modal.closed(view, user_id)
