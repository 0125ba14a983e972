"""Acting from Slack: plan a write, preview it, and run it exactly once when confirmed.

``WriteFlow`` is what the listeners call. It is a composition of two halves (``handlers/writing/``):
planning (``Planner``: a request or a card's menu becomes a draft, then a preview with Confirm and Cancel)
and confirming (``Confirmer``: the re-check as the presser, the one Ashby call, the outcome card). What it
adds itself is the guard both halves share: no Ashby access means no write, and a shared store that cannot
be reached means a refusal to write rather than any risk of writing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from ashby.access import DEFAULT_WRITE_ROLES
from ashby.actions import Writer
from ashby.queries import Recruiting
from ashby.store import Store, StoreError
from blocks import notices
from blocks.payloads import Cancel, CardAction, Choice

from .answers import Answer, Answerer, Message
from .identity import Asker
from .intents import Intent
from .writing.confirming import CLAIM_TTL, RUNNING_TTL, Confirmer
from .writing.drafts import PREVIEW_TTL, Draft, Drafts
from .writing.planning import STAGE_KINDS, Planner
from .writing.plans import Plans
from .writing.previews import Previews

__all__ = ["CLAIM_TTL", "PREVIEW_TTL", "RUNNING_TTL", "STAGE_KINDS", "Draft", "WriteFlow", "store_down"]

log = logging.getLogger(__name__)


class WriteFlow:
    def __init__(
        self,
        answerer: Answerer,
        store: Store,
        writer: Writer,
        *,
        clock: Callable[[], datetime],
        write_roles: frozenset[str] = DEFAULT_WRITE_ROLES,
    ) -> None:
        self.answerer = answerer
        self.recruiting: Recruiting = answerer.recruiting
        self.store = store
        self.writer = writer
        self.clock = clock
        self.write_roles = write_roles
        drafts = Drafts(store)
        previews = Previews(self.recruiting, drafts)
        plans = Plans(self.recruiting, drafts, previews, write_roles=write_roles)
        self.planner = Planner(answerer, drafts, plans, previews, clock=clock, write_roles=write_roles)
        self.confirmer = Confirmer(
            self.recruiting, answerer.index, store, writer, drafts, clock=clock, write_roles=write_roles
        )

    async def start(self, intent: Intent, asker: Asker) -> Answer:
        """A write asked for by command or in words: plan it as far as possible, then preview."""
        return await self._guard(asker, self.planner.start(intent, asker))

    async def from_card(self, payload: CardAction, asker: Asker) -> Answer:
        """The candidate card's menu (move, reject, hire an application) or its Add tag button."""
        return await self._guard(asker, self.planner.from_card(payload, asker))

    async def choose(self, payload: Choice, asker: Asker) -> Answer:
        """A choice made on a chooser or a preview (a candidate, application, stage, tag, reason or email)."""
        return await self._guard(asker, self.planner.choose(payload, asker))

    async def confirm(self, preview_id: str, asker: Asker) -> Answer:
        return await self._guard(asker, self.confirmer.confirm(preview_id, asker))

    async def cancel(self, payload: Cancel, asker: Asker) -> Answer | None:
        """Forget the preview or draft, or refuse when the presser is not the person who asked for it."""
        return await self.confirmer.cancel(payload, asker)

    async def _guard(self, asker: Asker, work: Coroutine[Any, Any, Answer]) -> Answer:
        """Store failures become a refusal to write (never a risk of writing twice)."""
        if asker.viewer is None:
            work.close()
            return Answer(private=asker.no_access())
        try:
            return await self.answerer.guarded(work)
        except StoreError as exc:
            log.warning("shared store unavailable during a write: %s", exc)
            return Answer(private=store_down())


def store_down() -> Message:
    return notices.ashby_unavailable(
        "I can't reach the bot's shared store (Redis), so I won't risk doing this twice. Nothing was changed.",
        "Try again in a minute; if it keeps happening, tell your Slack admin.",
    )
