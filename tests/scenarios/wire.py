"""Recording exactly what reached the sandbox Ashby: endpoint and JSON body of every call."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ashby.sandbox import Sandbox


class Wire:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def of(self, endpoint: str) -> list[dict[str, Any]]:
        return [body for name, body in self.calls if name == endpoint]

    def mark(self) -> int:
        return len(self.calls)

    def since(self, mark: int, endpoint: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        return [(name, body) for name, body in self.calls[mark:] if endpoint is None or name == endpoint]


def record(sandbox: Sandbox) -> Wire:
    """Attach a recorder to ``sandbox`` (before it starts serving)."""
    wire = Wire()

    @web.middleware
    async def recorder(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.method == "POST" and not request.path.startswith("/_sandbox"):
            raw = await request.read()
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {"_raw": raw.decode(errors="replace")}
            wire.calls.append((request.path.lstrip("/"), body))
        return await handler(request)

    sandbox.app.middlewares.insert(0, recorder)
    return wire
