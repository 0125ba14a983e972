"""HTTP Basic auth with the API key as username, and per-endpoint permission checks."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from ashby.registry import Endpoint
from ashby.sandbox.api_errors import ApiError
from ashby.sandbox.keys import SandboxKey


def _unauthenticated(detail: str) -> ApiError:
    return ApiError(
        "unauthenticated",
        f"{detail}. Send HTTP Basic auth with the API key as the username and an empty password.",
        status=401,
    )


def authenticate(header: str | None, keys: Mapping[str, SandboxKey]) -> SandboxKey:
    """The key named by an ``Authorization`` header: 401 if absent or unreadable, 403 if unknown."""
    if not header:
        raise _unauthenticated("Missing Authorization header")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        raise _unauthenticated("Authorization must use the Basic scheme")
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthenticated("Malformed Basic credentials") from None
    username, colon, _ = decoded.partition(":")
    if not colon or not username:
        raise _unauthenticated("Malformed Basic credentials")
    key = keys.get(username)
    if key is None:
        raise ApiError("invalid_api_key", "The API key is invalid or has been deactivated", status=403)
    return key


def require_permission(key: SandboxKey, endpoint: Endpoint) -> None:
    if not key.allows(endpoint.permission):
        raise ApiError(
            "missing_endpoint_permission",
            f"The API key lacks the {endpoint.permission} permission, which {endpoint.name} requires",
            status=403,
            meta={"permission": endpoint.permission},
        )
