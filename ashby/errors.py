"""The exceptions the Ashby client raises.

One small hierarchy, in the spirit of httpx's: callers catch ``AshbyError`` for "Ashby did not answer
usefully" and the subclasses when they can do something specific (name a missing permission, wait out a
rate limit, fall back to a full sync). No exception ever carries the API key.
"""

from __future__ import annotations

SYNC_RESTART_CODES = frozenset({"sync_token_expired", "sync_token_invalid", "incremental_sync_too_large"})


class AshbyError(Exception):
    """Base class: something went wrong talking to Ashby."""

    def __init__(self, message: str, *, endpoint: str | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.endpoint = endpoint
        self.request_id = request_id

    def __str__(self) -> str:
        where = f"{self.endpoint}: " if self.endpoint else ""
        ref = f" (request id {self.request_id})" if self.request_id else ""
        return f"{where}{self.message}{ref}"


class AshbyTransportError(AshbyError):
    """The request did not complete: connection refused or reset, DNS, TLS."""

    def __init__(self, message: str, *, endpoint: str | None = None, reached_server: bool = True) -> None:
        super().__init__(message, endpoint=endpoint)
        #: False only when Ashby provably never saw the request (e.g. the connection was refused),
        #: the one case in which a write may be retried.
        self.reached_server = reached_server


class AshbyTimeout(AshbyTransportError):
    """Ashby took longer than the client's timeout."""


class AshbyResponseError(AshbyError):
    """Ashby answered with something that is not its JSON envelope (a proxy page, a truncated body)."""

    def __init__(
        self, message: str, *, endpoint: str | None = None, request_id: str | None = None, status: int
    ) -> None:
        super().__init__(message, endpoint=endpoint, request_id=request_id)
        self.status = status


class AshbyServerError(AshbyResponseError):
    """Ashby answered 5xx."""


class AshbyAPIError(AshbyError):
    """Ashby answered ``success: false``: a logical error with a machine code."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        endpoint: str | None = None,
        request_id: str | None = None,
        status: int = 200,
        meta: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message or code, endpoint=endpoint, request_id=request_id)
        self.code = code
        self.status = status
        self.meta = meta or {}

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.code}]"


class AshbyAuthError(AshbyAPIError):
    """The key is missing, wrong, deactivated (401/403), or lacks the endpoint's permission.

    ``permission`` names what to tick on the key in Ashby Admin -> API Keys, when known.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        permission: str | None = None,
        endpoint: str | None = None,
        request_id: str | None = None,
        status: int = 403,
    ) -> None:
        super().__init__(code, message, endpoint=endpoint, request_id=request_id, status=status)
        self.permission = permission


class AshbyRateLimitError(AshbyAPIError):
    """Ashby answered 429. ``retry_after`` is the wait it asked for, in seconds, when it said."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retry_after: float | None,
        endpoint: str | None = None,
        request_id: str | None = None,
        status: int = 429,
    ) -> None:
        super().__init__(code, message, endpoint=endpoint, request_id=request_id, status=status)
        self.retry_after = retry_after


class AshbyNotFoundError(AshbyAPIError):
    """The record does not exist, or this key may not see it (Ashby does not distinguish)."""


class AshbySyncTokenError(AshbyAPIError):
    """An incremental sync cannot continue from its token; start a full pass."""
