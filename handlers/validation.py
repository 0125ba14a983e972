"""Refuse correctly signed requests whose structure is broken, before any listener sees them.

Slack always sends well-formed payloads, so a broken one is a bug or an attack; either way it is
acknowledged (so Slack does not retry), logged with its kind and the field at fault only, and dropped.
Listeners can then rely on the fields they read being there and of the right type.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

#: Events whose fields the listeners read.
_MESSAGE_EVENTS = frozenset({"app_mention", "message"})


def fault(body: Any) -> str | None:
    """The first field that is missing or of the wrong type, or None when the request is usable."""
    if not isinstance(body, Mapping):
        return "body"
    if body.get("type") == "block_actions":
        return _action_fault(body)
    if body.get("type") == "event_callback":
        return _event_fault(body.get("event"))
    if "command" in body:
        if not isinstance(body.get("user_id"), str) or not body.get("user_id"):
            return "user_id"
        if not isinstance(body.get("text", ""), str):
            return "text"
        return None if _is_url(body.get("response_url")) else "response_url"
    return None


def _action_fault(body: Mapping[str, Any]) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not all(isinstance(a, Mapping) for a in actions):
        return "actions"
    for action in actions:
        if not isinstance(action.get("action_id"), str):
            return "action_id"
        if not isinstance(action.get("value", ""), str):
            return "value"
        option = action.get("selected_option")
        if option is not None and not (isinstance(option, Mapping) and isinstance(option.get("value"), str)):
            return "selected_option"
    user = body.get("user")
    if not isinstance(user, Mapping) or not isinstance(user.get("id"), str):
        return "user"
    if isinstance(body.get("view"), Mapping):
        return None  # the Home tab and modals: Slack sends no response_url for their controls
    return None if _is_url(body.get("response_url")) else "response_url"


def _event_fault(event: Any) -> str | None:
    if not isinstance(event, Mapping):
        return "event"
    if event.get("type") not in _MESSAGE_EVENTS:
        return None
    if not isinstance(event.get("channel"), str):
        return "channel"
    if not isinstance(event.get("text", ""), str):
        return "text"
    if not isinstance(event.get("user", ""), str):
        return "user"
    return None


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


class RefuseBroken(AsyncMiddleware):
    """Bolt middleware: acknowledge and drop a broken request; pass everything else on. A class, not a
    function middleware, because Bolt builds a function middleware's arguments from the body first and a
    broken body breaks that."""

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        problem = fault(req.body)
        if problem is None:
            return await next()
        kind = req.body.get("type") if isinstance(req.body, Mapping) else type(req.body).__name__
        log.warning("dropped a signed Slack request with a broken %s (%s)", problem, str(kind)[:40])
        return BoltResponse(status=200, body="")
