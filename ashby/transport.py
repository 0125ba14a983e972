"""One POST to Ashby and the decoding of its answer into results or a typed exception.

Kept apart from retries and pagination so each concern stays small: this module knows Ashby's wire
format (Basic auth, ``success``/``errorInfo`` envelopes, ``x-ashby-request-id``) and nothing else.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import SYNC_RESTART_CODES as _SYNC_CODES
from .errors import (
    AshbyAPIError,
    AshbyAuthError,
    AshbyError,
    AshbyNotFoundError,
    AshbyRateLimitError,
    AshbyResponseError,
    AshbyServerError,
    AshbySyncTokenError,
    AshbyTimeout,
    AshbyTransportError,
)
from .registry import Endpoint

log = logging.getLogger("ashby.client")

REQUEST_ID_HEADER = "x-ashby-request-id"


async def post(http: httpx.AsyncClient, endpoint: Endpoint, params: Mapping[str, Any]) -> dict[str, Any]:
    """POST ``params`` to ``endpoint`` and return the success envelope, or raise an ``AshbyError``."""
    started = time.perf_counter()
    try:
        response = await http.post(f"/{endpoint.name}", json=dict(params))
    except httpx.TimeoutException as exc:
        # A connect or pool timeout means the request never left; a read/write timeout may have reached Ashby.
        never_sent = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
        raise AshbyTimeout(
            f"Ashby did not answer in time ({type(exc).__name__})",
            endpoint=endpoint.name,
            reached_server=not never_sent,
        ) from None
    except httpx.TransportError as exc:
        never_sent = isinstance(exc, httpx.ConnectError)
        raise AshbyTransportError(
            f"could not reach Ashby ({type(exc).__name__})",
            endpoint=endpoint.name,
            reached_server=not never_sent,
        ) from None
    request_id = response.headers.get(REQUEST_ID_HEADER)
    log.debug(
        "ashby %s -> %s in %.0f ms (request id %s)",
        endpoint.name,
        response.status_code,
        (time.perf_counter() - started) * 1000,
        request_id,
    )
    return decode(endpoint, response, request_id)


def decode(endpoint: Endpoint, response: httpx.Response, request_id: str | None) -> dict[str, Any]:
    """Turn an HTTP response into the success envelope or the matching exception."""
    status = response.status_code
    body = _json_or_none(response)
    if isinstance(body, dict) and isinstance(body.get("errorInfo"), dict):
        request_id = body["errorInfo"].get("requestId") or request_id
    if status == 429:
        code, message = _code_and_message(body, "rate_limit_exceeded", "Ashby is rate limiting this API key")
        raise AshbyRateLimitError(
            code,
            message,
            retry_after=_retry_after(response),
            endpoint=endpoint.name,
            request_id=request_id,
        )
    if status in (401, 403):
        default = "unauthenticated" if status == 401 else "forbidden"
        code, message = _code_and_message(body, default, "Ashby refused the API key")
        permission = endpoint.permission if code == "missing_endpoint_permission" else None
        raise AshbyAuthError(
            code, message, permission=permission, endpoint=endpoint.name, request_id=request_id, status=status
        )
    if status >= 500:
        raise AshbyServerError(
            f"Ashby had a server error (HTTP {status})",
            endpoint=endpoint.name,
            request_id=request_id,
            status=status,
        )
    if not isinstance(body, dict) or "success" not in body:
        raise AshbyResponseError(
            f"Ashby answered HTTP {status} with a body that is not its JSON envelope",
            endpoint=endpoint.name,
            request_id=request_id,
            status=status,
        )
    if body["success"] is True:
        # Kept with the results so a write's audit line can name the request Ashby support can trace.
        body.setdefault("requestId", request_id)
        return body
    code, message = _code_and_message(body, "unknown_error", "Ashby reported an error")
    raise _api_error(endpoint, code, message, request_id, status, body)


def _api_error(
    endpoint: Endpoint, code: str, message: str, request_id: str | None, status: int, body: dict[str, Any]
) -> AshbyError:
    meta = body.get("errorInfo", {}).get("meta") if isinstance(body.get("errorInfo"), dict) else None
    kwargs: dict[str, Any] = {"endpoint": endpoint.name, "request_id": request_id, "status": status}
    if code == "missing_endpoint_permission":
        return AshbyAuthError(code, message, permission=endpoint.permission, **kwargs)
    if code in ("rate_limit_exceeded", "concurrent_limit_exceeded"):
        return AshbyRateLimitError(code, message, retry_after=None, **kwargs)
    if code in _SYNC_CODES:
        return AshbySyncTokenError(code, message, meta=meta, **kwargs)
    if code.endswith("_not_found"):
        return AshbyNotFoundError(code, message, meta=meta, **kwargs)
    return AshbyAPIError(code, message, meta=meta, **kwargs)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _code_and_message(body: Any, default_code: str, default_message: str) -> tuple[str, str]:
    """Prefer ``errorInfo``; fall back to the deprecated ``errors`` list (strings or objects)."""
    if not isinstance(body, dict):
        return default_code, default_message
    info = body.get("errorInfo")
    if isinstance(info, dict) and info.get("code"):
        return str(info["code"]), str(info.get("message") or default_message)
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, str):
            return first, default_message
        if isinstance(first, dict):
            return str(first.get("code") or default_code), str(first.get("message") or default_message)
    return default_code, default_message


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
