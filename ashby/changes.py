"""Ashby events read as changes people hear about: from webhooks, and from the syncs the bot runs anyway.

Both paths name the same change with the same ``key`` (``moved:<application>:<stage>``, ``hired:<application>``,
``offer_accepted:<offer>``...), so a change seen by a webhook, by its sibling webhook (Ashby sends
``candidateStageChange`` and ``candidateHire`` for one hire) and by the next sync is told once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from . import models as m
from .events import Kind
from .index import IndexedApplication

log = logging.getLogger(__name__)

_STAGE_KIND = {"Archived": Kind.ARCHIVED, "Hired": Kind.HIRED}
_STATUS_KIND = {"Archived": Kind.ARCHIVED, "Hired": Kind.HIRED}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that happened to an application. ``application`` is the record as the event carried it
    (``None`` when the event only named it: whoever tells people looks it up)."""

    key: str
    kind: Kind
    application_id: str
    application: m.Application | None = None
    offer_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind.value,
            "application_id": self.application_id,
            "offer_id": self.offer_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            key=str(data["key"]),
            kind=Kind(data["kind"]),
            application_id=str(data["application_id"]),
            offer_id=data.get("offer_id") if isinstance(data.get("offer_id"), str) else None,
        )


def _key(kind: Kind, *parts: str) -> str:
    return ":".join((kind.value, *parts))


def _application(data: Mapping[str, Any]) -> m.Application | None:
    raw = data.get("application")
    if not isinstance(raw, Mapping):
        return None
    try:
        return m.Application.model_validate(raw)
    except ValidationError:
        log.info("an Ashby event carried an application in an unexpected shape; it will be looked up instead")
        return None


def _offer(data: Mapping[str, Any]) -> m.Offer | None:
    raw = data.get("offer")
    if not isinstance(raw, Mapping):
        return None
    try:
        return m.Offer.model_validate(raw)
    except ValidationError:
        return None


def stage_change(application: m.Application) -> Change:
    stage = application.current_interview_stage
    kind = _STAGE_KIND.get(stage.type if stage else "", Kind.MOVED)
    if kind is Kind.MOVED and stage is not None:
        return Change(_key(kind, application.id, stage.id), kind, application.id, application)
    return Change(_key(kind, application.id), kind, application.id, application)


def from_webhook(action: str, data: Mapping[str, Any]) -> list[Change]:
    """The changes a webhook tells of; most actions (updates, jobs, postings, surveys) tell none."""
    if action == "applicationSubmit":
        application = _application(data)
        if application is None:
            return []
        return [Change(_key(Kind.APPLIED, application.id), Kind.APPLIED, application.id, application)]
    if action in ("candidateStageChange", "candidateHire"):
        application = _application(data)
        if application is None:
            return []
        if action == "candidateHire":
            return [Change(_key(Kind.HIRED, application.id), Kind.HIRED, application.id, application)]
        return [stage_change(application)]
    if action in ("offerCreate", "offerUpdate"):
        offer = _offer(data)
        return [] if offer is None else offer_changes(offer, created=action == "offerCreate")
    return []


def offer_changes(offer: m.Offer, *, created: bool = False) -> list[Change]:
    """What an offer's current state tells: created, approved (per version), accepted, declined."""

    def change(kind: Kind, *key: str) -> Change:
        return Change(_key(kind, offer.id, *key), kind, offer.application_id, offer_id=offer.id)

    changes = [change(Kind.OFFER_CREATED)] if created else []
    version = offer.latest_version
    # An approval is news while the offer is still out; once it is accepted or declined, that is the news.
    decided = offer.acceptance_status in ("Accepted", "Declined")
    if version is not None and version.approval_status == "Approved" and not decided:
        changes.append(change(Kind.OFFER_APPROVED, version.id))
    if offer.acceptance_status == "Accepted":
        changes.append(change(Kind.OFFER_ACCEPTED))
    elif offer.acceptance_status == "Declined":
        changes.append(change(Kind.OFFER_DECLINED))
    return changes


def from_sync(before: IndexedApplication | None, after: IndexedApplication) -> Change | None:
    """The change an incremental sync saw in one application (``before`` is what the index held)."""
    if before is None:
        if after.status in ("Active", "Lead"):
            return Change(_key(Kind.APPLIED, after.id), Kind.APPLIED, after.id)
        return None
    if after.status != before.status and after.status in _STATUS_KIND:
        kind = _STATUS_KIND[after.status]
        return Change(_key(kind, after.id), kind, after.id)
    if after.stage_id and after.stage_id != before.stage_id and after.status in ("Active", "Lead"):
        return Change(_key(Kind.MOVED, after.id, after.stage_id), Kind.MOVED, after.id)
    return None


def expected_keys(write: str, application_id: str | None, to_stage_id: str | None) -> list[str]:
    """The keys of the change a write from Slack is about to make (``move``, ``reject``, ``hire``,
    ``transfer``), so its author can be left out before Ashby's webhook arrives."""
    if application_id is None:
        return []
    if write in ("move", "transfer") and to_stage_id:
        # A move into a Hired or Archived stage is told under those kinds; which one is not known yet.
        return [
            _key(Kind.MOVED, application_id, to_stage_id),
            _key(Kind.ARCHIVED, application_id),
            _key(Kind.HIRED, application_id),
        ]
    if write == "reject":
        return [_key(Kind.ARCHIVED, application_id)]
    if write == "hire":
        return [_key(Kind.HIRED, application_id)]
    return []
