"""The declared registry of every documented Ashby endpoint.

Loaded from ``ashby/data/endpoints.tsv`` so the list stays data, not code: the client uses it to know
whether a call writes (never retried blindly), pages, or syncs, and which permission to name when Ashby
refuses; the sandbox uses it to enforce per-key permission scopes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Kind = Literal["read", "write"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One RPC method, e.g. ``application.changeStage``."""

    name: str
    permission: str
    kind: Kind
    paginated: bool
    incremental: bool

    @property
    def writes(self) -> bool:
        return self.kind == "write"

    @property
    def scope(self) -> str:
        """The permission in ``apiKey.info`` form: ``candidatesRead`` -> ``candidates:read``."""
        return permission_to_scope(self.permission)


def permission_to_scope(permission: str) -> str:
    """``candidatesWrite`` -> ``candidates:write`` (the strings ``apiKey.info`` reports)."""
    for suffix in ("Read", "Write"):
        if permission.endswith(suffix):
            return f"{permission[: -len(suffix)]}:{suffix.lower()}"
    return permission


@cache
def endpoints() -> dict[str, Endpoint]:
    """All endpoints by name, in the order of the data file."""
    text = resources.files("ashby").joinpath("data/endpoints.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    registry: dict[str, Endpoint] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        kind: Kind = "write" if row["kind"] == "write" else "read"
        registry[row["endpoint"]] = Endpoint(
            name=row["endpoint"],
            permission=row["permission"],
            kind=kind,
            paginated=row["paginated"] == "yes",
            incremental=row["incremental"] == "yes",
        )
    return registry


def endpoint(name: str) -> Endpoint:
    """Look up one endpoint; ``KeyError`` names the unknown method."""
    try:
        return endpoints()[name]
    except KeyError:
        raise KeyError(f"unknown Ashby endpoint {name!r}") from None


def all_permissions() -> frozenset[str]:
    return frozenset(e.permission for e in endpoints().values())
