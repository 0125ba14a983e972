"""``Sandbox``: seeded state plus an aiohttp application that speaks Ashby's wire protocol."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from aiohttp import web

from ashby.sandbox.api import ApiHandler
from ashby.sandbox.api_errors import ApiError
from ashby.sandbox.clock import Clock
from ashby.sandbox.context import SyncPolicy
from ashby.sandbox.control import ControlSurface
from ashby.sandbox.envelope import REQUEST_ID_HEADER, error_response, request_id_var
from ashby.sandbox.faults import FaultPlan
from ashby.sandbox.ids import request_id
from ashby.sandbox.keys import DEFAULT_KEYS, SandboxKey
from ashby.sandbox.seed import build_tables
from ashby.sandbox.webhooks import Delivery, WebhookDispatcher

RequestHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _request_ids(request: web.Request, handler: RequestHandler) -> web.StreamResponse:
    """Give every response an ``x-ashby-request-id``, and routing failures Ashby's envelope."""
    rid = request_id()
    request_id_var.set(rid)
    try:
        response = await handler(request)
    except web.HTTPMethodNotAllowed:
        response = error_response(ApiError("method_not_allowed", "Ashby endpoints only accept POST", status=405))
    except web.HTTPNotFound:
        response = error_response(ApiError("endpoint_not_found", f"No such endpoint: {request.path}", status=404))
    response.headers[REQUEST_ID_HEADER] = rid
    return response


class Sandbox:
    """A fake Ashby tenant for tests, demos and benchmarks.

    Building one seeds the whole tenant (no I/O); serve ``app`` with ``running_sandbox`` or any aiohttp
    runner. ``calls``, ``faults``, ``store`` and ``webhook_deliveries`` are there for tests to drive
    and inspect it.
    """

    def __init__(
        self,
        seed: int = 7,
        candidates: int = 3000,
        keys: Sequence[SandboxKey] | None = None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        now: datetime | None = None,
        *,
        max_incremental_pages: int = 20,
        sync_token_ttl: timedelta | None = timedelta(days=7),
    ) -> None:
        chosen = list(keys) if keys is not None else list(DEFAULT_KEYS)
        if not chosen:
            raise ValueError("a sandbox needs at least one API key")
        self.keys: dict[str, SandboxKey] = {key.key: key for key in chosen}
        if len(self.keys) != len(chosen):
            raise ValueError("API keys must be unique")
        self.clock = Clock(now)
        self.store = build_tables(seed, candidates, self.clock.start_ms)
        self.policy = SyncPolicy(max_incremental_pages, sync_token_ttl)
        self.faults = FaultPlan()
        self.calls: Counter[str] = Counter()
        self.webhooks = WebhookDispatcher(self.store, webhook_url, webhook_secret)
        self.closing = asyncio.Event()  # set on shutdown, so stalled "timeout" requests let go
        self.app = self._build_app()

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[_request_ids])
        app.router.add_routes(ControlSurface(self).routes())
        app.router.add_post("/{endpoint}", ApiHandler(self).handle)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        app.on_cleanup.append(self._on_cleanup)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self.closing = asyncio.Event()  # bound to the loop that serves this run

    async def _on_shutdown(self, app: web.Application) -> None:
        self.closing.set()

    async def _on_cleanup(self, app: web.Application) -> None:
        await self.webhooks.close()

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        """Every webhook delivery attempted so far: (action, HTTP status or error name)."""
        return self.webhooks.deliveries

    async def flush_webhooks(self) -> None:
        """Wait for queued webhook deliveries (they are sent after the API call has answered)."""
        await self.webhooks.flush()

    def expire_sync_tokens(self) -> None:
        """Make every sync token issued so far answer ``sync_token_expired``."""
        self.store.expire_sync_tokens()
