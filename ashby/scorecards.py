"""Who has submitted which scorecard, and each application's latest recommendation, kept fresh by
incremental ``applicationFeedback.list`` passes.

The candidate card's "latest feedback" line and the ✅/⏳ marks on interviews come from here with no Ashby
call at question time; the scorecards' text and scores are still fetched live when someone asks for them.
Each recommendation is read through the submission's form definition (``ashby.forms``), so a Score and a
ValueSelect recommendation, at whatever path, are kept alike.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from . import models as m
from .client import AshbyClient
from .forms import Verdict, verdict
from .pagination import Sync

log = logging.getLogger(__name__)

#: The organisation's feedback forms by id (``ReferenceData.feedback_forms``).
FormLookup = Callable[[], Awaitable[Mapping[str, m.FeedbackFormDefinition]]]


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The little the index keeps of one submission."""

    id: str
    application_id: str
    submitted_by: str | None
    interview_event_id: str | None
    submitted_at: datetime | None
    recommendation: Verdict | None


class ScorecardIndex:
    """``forms`` is asked only for a submission that comes without its form definition (Ashby usually
    embeds it); without one, such a submission is read from its answers alone."""

    def __init__(self, client: AshbyClient, *, forms: FormLookup | None = None) -> None:
        self.client = client
        self.sync = Sync("applicationFeedback.list")
        self._forms = forms
        self._by_application: dict[str, dict[str, Scorecard]] = {}
        # The last definition parsed per form id, with the dict it came from: most submissions embed an
        # identical copy, and comparing dicts is cheaper than parsing them again.
        self._parsed: dict[str, tuple[Any, m.FormDefinition]] = {}
        #: Set once the first pass is in; until then callers fetch scorecards live.
        self.ready = asyncio.Event()

    async def refresh(self) -> None:
        """One incremental pass (a full one the first time or when Ashby refuses the token)."""
        fresh: dict[str, dict[str, Scorecard]] | None = None
        forms: Mapping[str, m.FeedbackFormDefinition] | None = None
        async for batch in self.client.sync(self.sync):
            if batch.starts_pass:
                fresh = {}
            target = fresh if fresh is not None else self._by_application
            for raw in batch.items:
                if forms is None and self._forms is not None and _needs_lookup(raw):
                    forms = await self._forms()
                card = self._scorecard(raw, forms or {})
                if card is not None:
                    target.setdefault(card.application_id, {})[card.id] = card
        if fresh is not None:
            self._by_application = fresh
        self.ready.set()

    def record(self, raw: dict[str, Any]) -> Scorecard | None:
        """A submission the bot itself just made (``applicationFeedback.submit`` from Slack), in the shape
        ``applicationFeedback.list`` gives it: known at once, so reminders stop before the next pass brings
        it (which then overwrites it under the same id)."""
        card = self._scorecard(raw, {})
        if card is not None:
            self._by_application.setdefault(card.application_id, {})[card.id] = card
        return card

    def of(self, application_id: str) -> list[Scorecard]:
        return list(self._by_application.get(application_id, {}).values())

    def __len__(self) -> int:
        return sum(len(cards) for cards in self._by_application.values())

    def _scorecard(self, raw: Any, forms: Mapping[str, m.FeedbackFormDefinition]) -> Scorecard | None:
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("applicationId"):
            log.warning("skipped a scorecard Ashby sent in an unexpected shape")
            return None
        values = raw.get("submittedValues")
        by = raw.get("submittedByUser")
        return Scorecard(
            id=str(raw["id"]),
            application_id=str(raw["applicationId"]),
            submitted_by=by.get("id") if isinstance(by, dict) else None,
            interview_event_id=raw.get("interviewEventId"),
            submitted_at=_when(raw.get("submittedAt")),
            recommendation=verdict(self._form(raw, forms), values if isinstance(values, dict) else {}),
        )

    def _form(self, raw: dict[str, Any], forms: Mapping[str, m.FeedbackFormDefinition]) -> m.FormDefinition | None:
        """The definition the submission embeds, else the organisation's form it names."""
        form_id = raw.get("feedbackFormDefinitionId")
        embedded = raw.get("formDefinition")
        if not isinstance(embedded, dict):
            known = forms.get(form_id) if isinstance(form_id, str) else None
            return known.form_definition if known else None
        key = form_id if isinstance(form_id, str) else ""
        cached = self._parsed.get(key)
        if cached is not None and cached[0] == embedded:
            return cached[1]
        try:
            parsed = m.FormDefinition.model_validate(embedded)
        except ValidationError:
            log.warning("skipped a form definition Ashby sent in an unexpected shape")
            return None
        self._parsed[key] = (embedded, parsed)
        return parsed


def _needs_lookup(raw: Any) -> bool:
    return isinstance(raw, dict) and not isinstance(raw.get("formDefinition"), dict)


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
