"""Injected failures: what a test asks to go wrong, and how each looks on the wire."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Literal, get_args

from aiohttp import web

from ashby.sandbox.api_errors import ApiError
from ashby.sandbox.envelope import error_response

FaultKind = Literal["latency", "rate_limit", "server_error", "timeout", "malformed", "empty_page"]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))

# Longer than any sane client timeout; a stalled request is abandoned by the client, not answered.
TIMEOUT_STALL_SECONDS = 60.0


@dataclass(slots=True)
class Fault:
    """A failure for ``endpoint`` (or ``"*"``) on the next ``times`` requests (``None`` = forever)."""

    endpoint: str
    kind: FaultKind
    times: int | None = 1
    latency_ms: int = 0
    retry_after: float = 1.0
    status: int = 500

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be a positive count or None (forever)")
        if self.latency_ms < 0 or self.retry_after < 0:
            raise ValueError("latency_ms and retry_after must not be negative")
        if not 400 <= self.status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Fault:
        """Build from the ``POST /_sandbox/faults`` body; ``ValueError`` explains a bad one."""
        known = {field.name for field in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        try:
            return cls(**data)  # type: ignore[arg-type]
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def matches(self, endpoint: str) -> bool:
        return self.endpoint in ("*", endpoint)


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What applies to one request: total injected latency and at most one failure."""

    latency_ms: int = 0
    fault: Fault | None = None


class FaultPlan:
    """Active faults in the order added. Latency faults add up; the first other match wins."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    @property
    def active(self) -> list[Fault]:
        return list(self._faults)

    def take(self, endpoint: str, *, paginated: bool) -> FaultDecision:
        """Consume one use of every fault that applies to this request."""
        latency = 0
        chosen: Fault | None = None
        for fault in list(self._faults):
            if not fault.matches(endpoint):
                continue
            if fault.kind == "latency":
                latency += fault.latency_ms
            elif chosen is None and (fault.kind != "empty_page" or paginated):
                chosen = fault
            else:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
        return FaultDecision(latency, chosen)


def _seconds(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


async def fault_response(fault: Fault, request: web.Request, closing: asyncio.Event) -> web.StreamResponse | None:
    """The reply for a failure fault; ``None`` for ``empty_page`` (the pager handles that one)."""
    if fault.kind == "rate_limit":
        wait = _seconds(fault.retry_after)
        error = ApiError(
            "rate_limit_exceeded",
            f"Rate limit exceeded for this API key. Retry after {wait} seconds.",
            status=429,
            headers={"Retry-After": wait},
        )
        return error_response(error)
    if fault.kind == "server_error":
        if fault.status == 500:
            error = ApiError("internal_server_error", "An unexpected error occurred", status=500)
            return error_response(error)
        # Gateways in front of Ashby answer other 5xx codes with an HTML page, not JSON.
        page = f"<html><body><h1>{fault.status} Server Error</h1></body></html>"
        return web.Response(status=fault.status, text=page, content_type="text/html")
    if fault.kind == "malformed":
        return web.Response(status=200, text='{"success": true, "results": [{"id": ', content_type="application/json")
    if fault.kind == "timeout":
        await _stall(request, closing)
        error = ApiError("request_timeout", "The sandbox stalled this request on purpose", status=504)
        return error_response(error)
    return None


async def _stall(request: web.Request, closing: asyncio.Event) -> None:
    """Hold the request open until the stall ends, the client leaves, or the server shuts down."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT_STALL_SECONDS
    while loop.time() < deadline and not closing.is_set():
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        try:
            await asyncio.wait_for(closing.wait(), timeout=0.2)
        except TimeoutError:
            continue
