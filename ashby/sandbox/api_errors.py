"""The failures handlers raise; the server turns them into Ashby's error envelope."""

from __future__ import annotations

from collections.abc import Mapping


class ApiError(Exception):
    """One Ashby error. ``status`` stays 200 for logical errors, as Ashby answers them."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 200,
        meta: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.meta = dict(meta) if meta else None
        self.headers = dict(headers) if headers else {}


def invalid_input(message: str) -> ApiError:
    return ApiError("invalid_input", message)


def not_found(code: str, what: str) -> ApiError:
    """Ashby words these so a permissions gap reads the same as a wrong id."""
    return ApiError(code, f"{what} not found - are you lacking permissions to access it?")
