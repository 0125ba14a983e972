"""Who has submitted which scorecard, and each application's latest recommendation, kept fresh by
incremental ``applicationFeedback.list`` passes.

The candidate card's "latest feedback" line and the ✅/⏳ marks on interviews come from here with no Ashby
call at question time; the scorecards' text and scores are still fetched live when someone asks for them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .client import AshbyClient
from .pagination import Sync

log = logging.getLogger(__name__)

RECOMMENDATION_PATHS = ("overall_recommendation", "overallRecommendation", "_systemfield_overall_recommendation")


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The little the index keeps of one submission."""

    id: str
    application_id: str
    submitted_by: str | None
    interview_event_id: str | None
    submitted_at: datetime | None
    recommendation: int | None  # 1 Strong No Hire ... 4 Strong Hire


class ScorecardIndex:
    def __init__(self, client: AshbyClient) -> None:
        self.client = client
        self.sync = Sync("applicationFeedback.list")
        self._by_application: dict[str, dict[str, Scorecard]] = {}
        #: Set once the first pass is in; until then callers fetch scorecards live.
        self.ready = asyncio.Event()

    async def refresh(self) -> None:
        """One incremental pass (a full one the first time or when Ashby refuses the token)."""
        fresh: dict[str, dict[str, Scorecard]] | None = None
        async for batch in self.client.sync(self.sync):
            if batch.starts_pass:
                fresh = {}
            target = fresh if fresh is not None else self._by_application
            for raw in batch.items:
                card = _scorecard(raw)
                if card is not None:
                    target.setdefault(card.application_id, {})[card.id] = card
        if fresh is not None:
            self._by_application = fresh
        self.ready.set()

    def of(self, application_id: str) -> list[Scorecard]:
        return list(self._by_application.get(application_id, {}).values())

    def __len__(self) -> int:
        return sum(len(cards) for cards in self._by_application.values())


def _scorecard(raw: Any) -> Scorecard | None:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("applicationId"):
        log.warning("skipped a scorecard Ashby sent in an unexpected shape")
        return None
    values = raw.get("submittedValues") or {}
    by = raw.get("submittedByUser") or {}
    return Scorecard(
        id=str(raw["id"]),
        application_id=str(raw["applicationId"]),
        submitted_by=by.get("id") if isinstance(by, dict) else None,
        interview_event_id=raw.get("interviewEventId"),
        submitted_at=_when(raw.get("submittedAt")),
        recommendation=next((s for p in RECOMMENDATION_PATHS if (s := score_of(values.get(p))) is not None), None),
    )


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def score_of(value: Any) -> int | None:
    """A Score answer, sent as ``{"score": 3}`` or a bare number."""
    if isinstance(value, dict):
        value = value.get("score")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 1 <= value <= 4:
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return score_of(int(value))
    return None
