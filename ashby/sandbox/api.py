"""The request pipeline for ``POST /{endpoint}``: auth, permission, faults, body, handler, envelope."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ashby.registry import endpoints
from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.auth import authenticate, require_permission
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints import HANDLERS
from ashby.sandbox.envelope import error_response, json_response
from ashby.sandbox.faults import fault_response
from ashby.sandbox.paging import ListPage
from ashby.sandbox.params import Params

if TYPE_CHECKING:
    from ashby.sandbox.server import Sandbox

log = logging.getLogger(__name__)


def success_response(result: object) -> web.Response:
    payload: dict[str, Any] = {"success": True}
    if isinstance(result, ListPage):
        payload["results"] = result.results
        payload["moreDataAvailable"] = result.more
        if result.next_cursor is not None:
            payload["nextCursor"] = result.next_cursor
        if result.sync_token is not None:
            payload["syncToken"] = result.sync_token
    else:
        payload["results"] = result
    return json_response(payload)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise invalid_input("Request payload is malformed")
    return body


class ApiHandler:
    """Answers every documented endpoint the way Ashby would, for one ``Sandbox``."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except ApiError as error:
            return error_response(error)
        except Exception:  # a sandbox bug must still answer like a server, not drop the connection
            log.exception("sandbox handler failed for %s", request.path)
            return error_response(ApiError("internal_server_error", "Unexpected sandbox error", status=500))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        sandbox = self.sandbox
        name = request.match_info["endpoint"]
        key = authenticate(request.headers.get("Authorization"), sandbox.keys)
        endpoint = endpoints().get(name)
        if endpoint is None:
            raise ApiError("endpoint_not_found", f"There is no Ashby endpoint named {name!r}", status=404)
        require_permission(key, endpoint)
        sandbox.calls[name] += 1

        decision = sandbox.faults.take(name, paginated=endpoint.paginated)
        if decision.latency_ms:
            await asyncio.sleep(decision.latency_ms / 1000)
        fault = decision.fault
        if fault is not None:
            response = await fault_response(fault, request, sandbox.closing)
            if response is not None:
                return response

        body = await _body(request)
        handler = HANDLERS.get(name)
        if handler is None:
            raise ApiError(
                "sandbox_endpoint_not_supported",
                f"{name} is a documented Ashby endpoint, but the sandbox does not model it",
            )
        context = Context(
            store=sandbox.store,
            key=key,
            endpoint=endpoint,
            clock=sandbox.clock,
            webhooks=sandbox.webhooks,
            policy=sandbox.policy,
            empty_page=fault is not None and fault.kind == "empty_page",
        )
        return success_response(await handler(context, Params(body)))
