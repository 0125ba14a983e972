"""``/_sandbox/*``: drive a sandbox running in another process (faults, stats, token expiry)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.auth import authenticate
from ashby.sandbox.envelope import error_response, json_response
from ashby.sandbox.faults import Fault

if TYPE_CHECKING:
    from ashby.sandbox.server import Sandbox

Action = Callable[[web.Request], Awaitable[Any]]


class ControlSurface:
    """Handlers for the control surface; only a full-access key may use it."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/_sandbox/faults", self._guarded(self.add_fault)),
            web.delete("/_sandbox/faults", self._guarded(self.clear_faults)),
            web.get("/_sandbox/stats", self._guarded(self.stats)),
            web.post("/_sandbox/sync-tokens/expire", self._guarded(self.expire_tokens)),
        ]

    def _guarded(self, action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            try:
                key = authenticate(request.headers.get("Authorization"), self.sandbox.keys)
                if not key.full_access:
                    raise ApiError(
                        "missing_endpoint_permission",
                        "The sandbox control surface needs a full-access key",
                        status=403,
                    )
                results = await action(request)
            except ApiError as error:
                return error_response(error)
            return json_response({"success": True, "results": results})

        return handle

    async def add_fault(self, request: web.Request) -> dict[str, object]:
        try:
            body = json.loads(await request.read())
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object of Fault fields")
            fault = Fault.from_json(body)
        except ValueError as exc:
            raise invalid_input(f"Invalid fault: {exc}") from None
        self.sandbox.faults.add(fault)
        return fault.to_json()

    async def clear_faults(self, request: web.Request) -> dict[str, int]:
        cleared = len(self.sandbox.faults.active)
        self.sandbox.faults.clear()
        return {"cleared": cleared}

    async def stats(self, request: web.Request) -> dict[str, object]:
        return {
            "calls": dict(self.sandbox.calls),
            "faults": [fault.to_json() for fault in self.sandbox.faults.active],
            "webhookDeliveries": len(self.sandbox.webhook_deliveries),
        }

    async def expire_tokens(self, request: web.Request) -> dict[str, object]:
        self.sandbox.expire_sync_tokens()
        return {}
