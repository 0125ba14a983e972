"""Ashby webhooks: verify, de-duplicate, and hand over to whatever keeps caches fresh.

Ashby signs the raw body with HMAC-SHA256 (``Ashby-Signature: sha256=<hex>``) and retries failed
deliveries up to ten times, but not after a 401, so a forged request gets 401 and touches nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from ashby.store import Store

log = logging.getLogger(__name__)

SEEN_TTL = 7 * 24 * 3600

OnEvent = Callable[[str, dict[str, Any]], Awaitable[None]]


def signature_for(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    return hmac.compare_digest(signature_for(secret, body), header.strip().lower())


class AshbyWebhooks:
    def __init__(self, secret: str | None, store: Store, on_event: OnEvent) -> None:
        self.secret = secret
        self.store = store
        self.on_event = on_event

    async def handle(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """Returns the HTTP status and JSON body to answer Ashby with."""
        if not self.secret:
            return 503, {"ok": False, "error": "webhooks are not configured: set ASHBY_WEBHOOK_SECRET"}
        if not verify(self.secret, body, headers.get("Ashby-Signature") or headers.get("ashby-signature")):
            log.warning("rejected an Ashby webhook with a missing or wrong signature")
            return 401, {"ok": False, "error": "invalid signature"}
        try:
            payload = json.loads(body)
            action, data = str(payload["action"]), payload.get("data") or {}
        except (ValueError, KeyError, TypeError):
            return 400, {"ok": False, "error": "not an Ashby webhook payload"}
        if action == "ping":
            return 200, {"ok": True}
        delivery = payload.get("webhookActionId") or hashlib.sha256(body).hexdigest()
        if not await self.store.set_if_absent(f"ashby-webhook:{delivery}", "1", ttl=SEEN_TTL):
            return 200, {"ok": True, "duplicate": True}
        try:
            await self.on_event(action, data)
        except Exception:
            # Let Ashby retry later: forget the delivery and answer 500.
            await self.store.delete(f"ashby-webhook:{delivery}")
            log.exception("failed to apply Ashby webhook %s", action)
            return 500, {"ok": False, "error": "could not apply the event"}
        log.info("applied Ashby webhook %s", action)
        return 200, {"ok": True}
