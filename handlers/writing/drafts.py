"""What a write keeps in the shared store between clicks: drafts (a write still missing a choice) and
previews (a planned ``Action`` waiting for Confirm).

One module for the store keys and their lifetime, so planning and confirming read and write them the same
way.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass

from ashby.actions import Action
from ashby.store import Store

PREVIEW_TTL = 3600


@dataclass
class Draft:
    """A write still missing a choice; kept in the store between clicks."""

    kind: str
    requested_by: str
    query: str | None = None
    target: str | None = None
    text: str | None = None
    private: bool = False
    candidate_id: str | None = None
    application_id: str | None = None


def new_id() -> str:
    return secrets.token_urlsafe(12)


class Drafts:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def save_draft(self, draft: Draft) -> str:
        draft_id = new_id()
        await self.store.set(f"draft:{draft_id}", json.dumps(asdict(draft)), ttl=PREVIEW_TTL)
        return draft_id

    async def load_draft(self, draft_id: str) -> Draft | None:
        raw = await self.store.get(f"draft:{draft_id}")
        return Draft(**json.loads(raw)) if raw else None

    async def forget_draft(self, draft_id: str) -> None:
        await self.store.delete(f"draft:{draft_id}")

    async def save_preview(self, preview_id: str, action: Action) -> None:
        await self.store.set(f"preview:{preview_id}", action.model_dump_json(), ttl=PREVIEW_TTL)

    async def load_preview(self, preview_id: str) -> Action | None:
        raw = await self.store.get(f"preview:{preview_id}")
        return Action.model_validate_json(raw) if raw else None
