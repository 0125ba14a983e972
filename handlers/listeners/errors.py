"""The one error handler: the person hears that something went wrong, with a reference to quote; the log
gets that reference, the error's type and the traceback, and nothing from the request itself."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from blocks import notices

from .replies import ephemeral, fields

log = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    @app.error
    async def failed(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
        reference = uuid.uuid4().hex[:8]
        log.error("failed to answer (reference %s): %s", reference, type(error).__name__, exc_info=error)
        sorry = notices.notice(
            f"Something went wrong on my side (reference `{reference}`). Please try again; if it keeps "
            "happening, tell your Slack admin and quote the reference."
        )
        event = body.get("event") if isinstance(body.get("event"), dict) else None
        try:
            if context.respond is not None:
                await context.respond(**ephemeral(sorry))
            elif event and event.get("channel") and event.get("user") and context.client is not None:
                thread = event.get("thread_ts") or event.get("ts")
                await context.client.chat_postEphemeral(
                    channel=event["channel"], user=event["user"], thread_ts=thread, **fields(sorry)
                )
        except Exception:
            log.warning("could not tell the person about the failure (reference %s)", reference)
