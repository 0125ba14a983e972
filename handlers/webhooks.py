"""Ashby webhooks: verify, de-duplicate, and queue durably before answering.

Ashby signs the raw body with HMAC-SHA256 (``Ashby-Signature: sha256=<hex>``) and retries failed
deliveries up to ten times, but not after a 401, so a forged request gets 401 and touches nothing.

A delivery is answered 200 only once it is in the event queue (``ashby.event_queue``: a Redis Stream with a
consumer group when ``REDIS_URL`` is set), so an event accepted by a replica that then dies is handled by
another. A signed delivery in a shape we do not understand is acknowledged and skipped rather than answered
500 (a retry would fail the same way, and the periodic syncs catch the change). Only an unreachable shared
store is worth a retry: that is answered 503. Log lines carry the action (a known name, or an escaped and
shortened form of anything else) and the delivery id, never the payload.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from ashby.calendar import InterviewCalendar
from ashby.event_queue import EventQueue
from ashby.index_sync import IndexSync
from ashby.queries import Recruiting
from ashby.store import Store, StoreError

log = logging.getLogger(__name__)

SEEN_TTL = 7 * 24 * 3600
LAST_WEBHOOK_KEY = "events:last-webhook"

#: Every action Ashby documents (../shared/ashby-webhooks.tsv); only these are logged verbatim.
KNOWN_ACTIONS = frozenset(
    {
        "applicationSubmit",
        "applicationUpdate",
        "candidateDelete",
        "candidateHire",
        "candidateMerge",
        "candidateStageChange",
        "interviewPlanTransition",
        "interviewScheduleCreate",
        "interviewScheduleUpdate",
        "jobCreate",
        "jobPostingPublish",
        "jobPostingUnpublish",
        "jobPostingUpdate",
        "jobUpdate",
        "offerCreate",
        "offerDelete",
        "offerUpdate",
        "openingCreate",
        "ping",
        "pushToHRIS",
        "signatureRequestUpdate",
        "surveySubmit",
    }
)
#: The records in ``data`` the bot reads; each must be an object whose ``id`` (if any) is a string.
RECORDS = ("application", "candidate", "deletedCandidate", "interviewSchedule", "offer", "job")
#: Records nested in an application that the bot reads the id of.
APPLICATION_REFS = ("candidate", "job", "currentInterviewStage")
_DELIVERY_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_LABEL_CHARS = 40


def signature_for(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    # Bytes on both sides: compare_digest refuses str with non-ASCII characters, which a forger can send.
    given = header.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(signature_for(secret, body).encode(), given)


def action_label(action: object) -> str:
    """How an action appears in a log line: a documented name as is, anything else escaped and shortened
    (a forged action cannot start a new log line or flood one)."""
    if isinstance(action, str) and action in KNOWN_ACTIONS:
        return action
    if isinstance(action, str):
        shown = ascii(action[:_LABEL_CHARS])
        return f"unknown action {shown}{'...' if len(action) > _LABEL_CHARS else ''}"
    return f"action of type {type(action).__name__}"


def _unexpected_shape(data: Any) -> str | None:
    """Why ``data`` is not in the shape the bot reads (``None`` when it is)."""
    if not isinstance(data, dict):
        return f"data is a {type(data).__name__}, not an object"
    for name in RECORDS:
        record = data.get(name)
        if record is None:
            continue
        if not isinstance(record, dict):
            return f"data.{name} is a {type(record).__name__}, not an object"
        if record.get("id") is not None and not isinstance(record["id"], str):
            return f"data.{name}.id is not a string"
    application = data.get("application")
    if isinstance(application, dict):
        for name in APPLICATION_REFS:
            ref = application.get(name)
            if ref is None:
                continue
            if not isinstance(ref, dict):
                return f"data.application.{name} is a {type(ref).__name__}, not an object"
            if ref.get("id") is not None and not isinstance(ref["id"], str):
                return f"data.application.{name}.id is not a string"
    return None


class AshbyWebhooks:
    def __init__(self, secret: str | None, store: Store, queue: EventQueue) -> None:
        self.secret = secret
        self.store = store
        self.queue = queue

    async def handle(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """Returns the HTTP status and JSON body to answer Ashby with."""
        if not self.secret:
            return 503, {"ok": False, "error": "webhooks are not configured: set ASHBY_WEBHOOK_SECRET"}
        if not verify(self.secret, body, headers.get("Ashby-Signature") or headers.get("ashby-signature")):
            log.warning("rejected an Ashby webhook with a missing or wrong signature")
            return 401, {"ok": False, "error": "invalid signature"}
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to read
            payload = None
        action = payload.get("action") if isinstance(payload, dict) else None
        if not isinstance(action, str):
            log.warning("refused a signed Ashby webhook that is not an Ashby webhook payload")
            return 400, {"ok": False, "error": "not an Ashby webhook payload"}
        assert isinstance(payload, dict)
        label = action_label(action)
        if action == "ping":
            return 200, {"ok": True}
        data = payload.get("data") or {}
        delivery = payload.get("webhookActionId")
        if not (isinstance(delivery, str) and _DELIVERY_ID.fullmatch(delivery)):
            delivery = hashlib.sha256(body).hexdigest()
        reason = _unexpected_shape(data)
        if reason is not None:
            # A retry would fail the same way, and the next refresh catches the change: acknowledge and skip.
            log.warning("skipped Ashby webhook %s (delivery %s): %s", label, delivery, reason)
            return 200, {"ok": True, "applied": False}
        key = f"ashby-webhook:{delivery}"
        try:
            if not await self.store.set_if_absent(key, "1", ttl=SEEN_TTL):
                return 200, {"ok": True, "duplicate": True}
        except StoreError as exc:
            return self._store_down(label, delivery, exc)
        try:
            await self.queue.publish(action, data, delivery=delivery)
        except StoreError as exc:
            # Let Ashby retry later: forget the delivery (if the store answers) and answer 503.
            with contextlib.suppress(StoreError):
                await self.store.delete(key)
            return self._store_down(label, delivery, exc)
        with contextlib.suppress(StoreError):  # for doctor: when did the last webhook arrive
            await self.store.set(LAST_WEBHOOK_KEY, str(time.time()))
        log.info("queued Ashby webhook %s (delivery %s)", label, delivery)
        return 200, {"ok": True}

    @staticmethod
    def _store_down(label: str, delivery: str, exc: BaseException) -> tuple[int, dict[str, Any]]:
        log.warning(
            "could not reach the shared store for Ashby webhook %s (delivery %s): %s; answered 503 so Ashby retries",
            label,
            delivery,
            type(exc).__name__,
        )
        return 503, {"ok": False, "error": "the shared store is unavailable; retry later"}


#: Interview schedule events that change the calendar (a cancelled one is dropped from it).
SCHEDULE_EVENTS = ("interviewScheduleCreate", "interviewScheduleUpdate")


class CacheRoutes:
    """Where each Ashby event goes: the candidate index, the records cached for cards, the interview
    calendar, the job list, and the offer-approval rounds."""

    def __init__(
        self,
        index_sync: IndexSync,
        recruiting: Recruiting,
        calendar: InterviewCalendar,
        *,
        offers_changed: Callable[[], None],
    ) -> None:
        self.index_sync = index_sync
        self.recruiting = recruiting
        self.calendar = calendar
        self.offers_changed = offers_changed

    async def apply(self, action: str, data: dict[str, Any]) -> None:
        """Keep caches fresh between refreshes from what Ashby tells us changed."""
        await self.index_sync.apply_webhook(action, data)
        application = data.get("application")
        if isinstance(application, dict) and isinstance(application.get("id"), str) and application["id"]:
            candidate = application.get("candidate")
            candidate_id = candidate.get("id") if isinstance(candidate, dict) else None
            self.recruiting.forget(
                application_id=application["id"], candidate_id=candidate_id if isinstance(candidate_id, str) else None
            )
        if action in SCHEDULE_EVENTS and isinstance(data.get("interviewSchedule"), dict):
            self.calendar.apply_webhook(data["interviewSchedule"])
        if action in ("jobCreate", "jobUpdate", "interviewPlanTransition"):
            self.recruiting.reference.invalidate_jobs()
        if action in ("offerCreate", "offerUpdate", "offerDelete"):
            self.recruiting.forget_approvals()
            self.offers_changed()
