"""Cursor pagination and incremental sync over Ashby's list endpoints.

Ashby pages with ``cursor``/``moreDataAvailable``/``nextCursor`` (at most 100 a page) and hands out a
``syncToken`` on the last page of a complete pass; a later pass with that token returns only what
changed. Pages can be empty while more data is available, so only ``moreDataAvailable: false`` ends a
pass. A token Ashby no longer accepts means starting over with a full pass.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import AshbyResponseError, AshbySyncTokenError

PAGE_SIZE = 100
#: Guards against a server that keeps answering empty pages with the same cursor forever.
MAX_EMPTY_PAGES = 100

PostFn = Callable[[str, Mapping[str, Any]], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Page:
    results: list[Any]
    more: bool
    next_cursor: str | None
    sync_token: str | None


async def pages(post: PostFn, endpoint: str, params: Mapping[str, Any] | None = None) -> AsyncIterator[Page]:
    """Every page of one pass, following ``nextCursor`` until ``moreDataAvailable`` is false."""
    request: dict[str, Any] = {"limit": PAGE_SIZE, **(params or {})}
    empty_in_a_row = 0
    while True:
        envelope = await post(endpoint, request)
        results = envelope.get("results") or []
        page = Page(
            results=list(results),
            more=bool(envelope.get("moreDataAvailable")),
            next_cursor=envelope.get("nextCursor"),
            sync_token=envelope.get("syncToken"),
        )
        yield page
        if not page.more:
            return
        if not page.next_cursor:
            raise AshbyResponseError(
                "Ashby said more data is available but sent no cursor", endpoint=endpoint, status=200
            )
        empty_in_a_row = 0 if page.results else empty_in_a_row + 1
        if empty_in_a_row > MAX_EMPTY_PAGES:
            raise AshbyResponseError(
                f"Ashby sent {MAX_EMPTY_PAGES} empty pages in a row", endpoint=endpoint, status=200
            )
        request["cursor"] = page.next_cursor


@dataclass(frozen=True, slots=True)
class SyncBatch:
    """One page of a sync pass. ``full`` passes re-read everything: on the first batch of one
    (``starts_pass``), a consumer starts a fresh copy and keeps only what the pass returns."""

    items: list[Any]
    full: bool
    starts_pass: bool


@dataclass
class Sync:
    """Keeps one endpoint's sync token across passes.

    ``token`` is only replaced once a pass completes, so an interrupted pass is simply run again.
    """

    endpoint: str
    params: Mapping[str, Any] = field(default_factory=dict)
    token: str | None = None
    full_passes: int = 0

    async def run(self, post: PostFn) -> AsyncIterator[SyncBatch]:
        if self.token is not None:
            try:
                async for batch in self._pass(post, self.token):
                    yield batch
                return
            except AshbySyncTokenError:
                # sync_token_expired / sync_token_invalid / incremental_sync_too_large: start over.
                self.token = None
        async for batch in self._pass(post, None):
            yield batch

    async def _pass(self, post: PostFn, token: str | None) -> AsyncIterator[SyncBatch]:
        params = dict(self.params)
        if token is not None:
            params["syncToken"] = token
        full = token is None
        first = True
        final_token: str | None = None
        async for page in pages(post, self.endpoint, params):
            yield SyncBatch(items=page.results, full=full, starts_pass=full and first)
            first = False
            final_token = page.sync_token or final_token
        if full:
            self.full_passes += 1
        self.token = final_token
