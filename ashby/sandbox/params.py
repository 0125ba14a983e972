"""Typed access to a request body, with Ashby-style ``invalid_input`` errors naming the field."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.clock import parse_iso

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Params:
    """A JSON object from a request; ``null`` counts as absent, like an omitted optional field."""

    def __init__(self, body: dict[str, Any], prefix: str = "") -> None:
        self.body = body
        self._prefix = prefix

    def name(self, field: str) -> str:
        return f"{self._prefix}{field}"

    def has(self, field: str) -> bool:
        return self.body.get(field) is not None

    def _required(self, field: str) -> Any:
        value = self.body.get(field)
        if value is None:
            raise invalid_input(f"Missing required parameter: {self.name(field)}")
        return value

    def _wrong(self, field: str, expected: str) -> ApiError:
        return invalid_input(f"Parameter {self.name(field)} must be {expected}")

    def string(self, field: str) -> str:
        value = self._required(field)
        if not isinstance(value, str) or not value.strip():
            raise self._wrong(field, "a non-empty string")
        return value

    def opt_string(self, field: str) -> str | None:
        return self.string(field) if self.has(field) else None

    def uuid(self, field: str) -> str:
        value = self._required(field)
        if not isinstance(value, str) or not _UUID.match(value):
            raise self._wrong(field, "a UUID string")
        return value.lower()

    def opt_uuid(self, field: str) -> str | None:
        return self.uuid(field) if self.has(field) else None

    def uuid_or_list(self, field: str) -> list[str]:
        """A field Ashby accepts either as one UUID or as a list of them."""
        value = self._required(field)
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(item, str) and _UUID.match(item) for item in items):
            raise self._wrong(field, "a UUID or a non-empty list of UUIDs")
        return [item.lower() for item in items]

    def opt_bool(self, field: str, default: bool) -> bool:
        value = self.body.get(field)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._wrong(field, "a boolean")
        return value

    def opt_int(self, field: str) -> int | None:
        value = self.body.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise self._wrong(field, "an integer")
        return int(value)

    def datetime(self, field: str) -> int:
        """An ISO 8601 date-time, as epoch milliseconds."""
        value = self._required(field)
        parsed = parse_iso(value) if isinstance(value, str) else None
        if parsed is None:
            raise self._wrong(field, "an ISO 8601 date-time string")
        return parsed

    def opt_datetime(self, field: str) -> int | None:
        return self.datetime(field) if self.has(field) else None

    def opt_enum(self, field: str, allowed: Collection[str]) -> str | None:
        value = self.body.get(field)
        if value is None:
            return None
        if value not in allowed:
            raise self._wrong(field, "one of " + ", ".join(sorted(allowed)))
        return str(value)

    def opt_enum_list(self, field: str, allowed: Collection[str]) -> list[str] | None:
        value = self.body.get(field)
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(item in allowed for item in value):
            raise self._wrong(field, "a non-empty list of " + ", ".join(sorted(allowed)))
        return [str(item) for item in value]

    def expand(self, allowed: Collection[str]) -> frozenset[str]:
        return frozenset(self.opt_enum_list("expand", allowed) or ())

    def obj(self, field: str) -> Params:
        value = self._required(field)
        if not isinstance(value, dict):
            raise self._wrong(field, "an object")
        return Params(value, f"{self.name(field)}.")

    def opt_obj(self, field: str) -> Params | None:
        return self.obj(field) if self.has(field) else None

    def objects(self, field: str) -> list[Params]:
        """A required non-empty list of objects."""
        value = self._required(field)
        if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
            raise self._wrong(field, "a non-empty list of objects")
        return [Params(item, f"{self.name(field)}[{index}].") for index, item in enumerate(value)]
