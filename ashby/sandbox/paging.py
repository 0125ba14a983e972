"""Cursor pages and incremental sync, as Ashby's list endpoints do them.

Cursors and sync tokens are opaque to clients: base64url of a small JSON object. A cursor holds the
position in the collection's creation order, the version at which the pass started and, for an
incremental pass, the watermark it syncs from. The last page of a pass on an incremental endpoint
carries a sync token whose watermark is the version at which that pass *started*, so a record changed
during the pass is delivered again next time rather than lost.

``limit`` defaults to 100; larger values are clamped to 100 (the documented maximum), values below 1
are ``invalid_input``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.context import Context
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class ListPage:
    """A list result: the envelope gets ``moreDataAvailable`` and, when set, the cursor or token."""

    results: list[Any]
    more: bool = False
    next_cursor: str | None = None
    sync_token: str | None = None


@dataclass(frozen=True, slots=True)
class _Position:
    index: int
    start_version: int
    watermark: int | None


def encode(payload: Mapping[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: object) -> dict[str, Any] | None:
    """The JSON object inside an opaque string, or ``None`` if it is not one of ours."""
    if not isinstance(text, str) or not text:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fingerprint(filters: Mapping[str, object]) -> str:
    return hashlib.sha1(json.dumps(filters, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _limit(params: Params) -> int:
    limit = params.opt_int("limit")
    if limit is None:
        return MAX_LIMIT
    if limit < 1:
        raise invalid_input("Parameter limit must be between 1 and 100")
    return min(limit, MAX_LIMIT)


def _sync_watermark(ctx: Context, token: object) -> int:
    data = decode(token)
    valid = (
        data is not None
        and data.get("e") == ctx.endpoint.name
        and all(_is_int(data.get(field)) for field in ("w", "n", "t"))
    )
    if not valid or data is None:
        raise ApiError(
            "sync_token_invalid",
            f"The syncToken is not a valid token for {ctx.endpoint.name}. "
            "Discard it and start a full sync without a syncToken.",
        )
    ttl = ctx.policy.sync_token_ttl
    too_old = ttl is not None and ctx.now_ms() - data["t"] > ttl.total_seconds() * 1000
    if data["n"] < ctx.store.tokens_valid_from or too_old:
        raise ApiError(
            "sync_token_expired",
            "The syncToken has expired. Discard it and start a full sync without a syncToken.",
        )
    watermark: int = data["w"]
    return watermark


def _position(ctx: Context, cursor: object, fingerprint: str, watermark: int | None) -> _Position:
    data = decode(cursor)
    valid = (
        data is not None
        and data.get("e") == ctx.endpoint.name
        and data.get("f") == fingerprint
        and _is_int(data.get("p"))
        and data["p"] >= 0
        and _is_int(data.get("v"))
        and (data.get("s") is None or _is_int(data.get("s")))
        and (watermark is None or data.get("s") == watermark)
    )
    if not valid or data is None:
        raise ApiError(
            "invalid_next_cursor",
            "The cursor is not valid for this request (it must come from the previous page of the same "
            "request, with the same filters and syncToken). Restart pagination without a cursor.",
        )
    return _Position(data["p"], data["v"], data.get("s"))


def _cursor(ctx: Context, position: _Position, fingerprint: str) -> str:
    return encode(
        {
            "e": ctx.endpoint.name,
            "p": position.index,
            "v": position.start_version,
            "s": position.watermark,
            "f": fingerprint,
            "t": ctx.now_ms(),
        }
    )


def _sync_token(ctx: Context, start_version: int) -> str:
    serial = ctx.store.issue_token_serial()
    return encode({"e": ctx.endpoint.name, "w": start_version, "n": serial, "t": ctx.now_ms()})


def paginate(
    ctx: Context,
    params: Params,
    rows: Sequence[Row],
    render: Callable[[Row], Any],
    *,
    keep: Callable[[Row], bool] | None = None,
    filters: Mapping[str, object] | None = None,
    created_after: bool = False,
) -> ListPage:
    """One page of ``rows`` (in creation order) that pass ``keep``, honouring cursor and sync token.

    ``filters`` are the request's own filter values; a cursor only continues the request that made it.
    ``created_after`` enables the ``createdAfter`` (epoch ms) filter on rows' ``createdAt``.
    """
    limit = _limit(params)
    filters = dict(filters or {})
    after = params.opt_int("createdAfter") if created_after else None
    filters["createdAfter"] = after
    fingerprint = _fingerprint(filters)

    token = params.body.get("syncToken") if ctx.endpoint.incremental else None
    watermark = _sync_watermark(ctx, token) if token is not None else None
    cursor = params.body.get("cursor")
    if cursor is not None:
        position = _position(ctx, cursor, fingerprint, watermark)
    else:
        position = _Position(0, ctx.store.version, watermark)

    def accept(row: Row) -> bool:
        if row.get("_deleted"):
            return False
        if position.watermark is not None and row["_v"] <= position.watermark:
            return False
        if after is not None and row["createdAt"] <= after:
            return False
        return keep is None or keep(row)

    if cursor is None and position.watermark is not None:
        changed = sum(1 for row in rows if accept(row))
        pages = -(-changed // limit)
        if pages > ctx.policy.max_incremental_pages:
            raise ApiError(
                "incremental_sync_too_large",
                f"This incremental sync would return {pages} pages, more than the maximum of "
                f"{ctx.policy.max_incremental_pages}. Discard the syncToken and run a full sync.",
            )

    if ctx.empty_page:
        return ListPage([], more=True, next_cursor=_cursor(ctx, position, fingerprint))

    selected: list[Row] = []
    index = position.index
    while index < len(rows) and len(selected) < limit:
        if accept(rows[index]):
            selected.append(rows[index])
        index += 1
    while index < len(rows) and not accept(rows[index]):
        index += 1
    results = [render(row) for row in selected]
    if index < len(rows):
        following = _Position(index, position.start_version, position.watermark)
        return ListPage(results, more=True, next_cursor=_cursor(ctx, following, fingerprint))
    token_out = _sync_token(ctx, position.start_version) if ctx.endpoint.incremental else None
    return ListPage(results, more=False, sync_token=token_out)
