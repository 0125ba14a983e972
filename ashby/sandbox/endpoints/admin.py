"""The API key itself and webhook subscriptions."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import invalid_input, not_found
from ashby.sandbox.clock import iso
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row
from ashby.sandbox.webhooks import WEBHOOK_TYPES

routes = Routes()

KEY_AGE_MS = 30 * 24 * 3600 * 1000


@routes("apiKey.info")
async def api_key_info(ctx: Context, params: Params) -> shapes.Json:
    return {
        "title": ctx.key.title,
        "createdAt": iso(ctx.clock.start_ms - KEY_AGE_MS),
        "scopes": ctx.key.scopes(),
    }


def _webhook(ctx: Context, params: Params) -> Row:
    row = ctx.store.webhooks.get(params.uuid("webhookId"))
    if row is None:
        raise not_found("webhook_not_found", "Webhook")
    return row


def _url(params: Params, field: str) -> str:
    url = params.string(field).strip()
    if not url.startswith(("http://", "https://")):
        raise invalid_input(f"Parameter {field} must be an http(s) URL")
    return url


@routes("webhook.create")
async def create(ctx: Context, params: Params) -> shapes.Json:
    kind = params.opt_enum("webhookType", WEBHOOK_TYPES)
    if kind is None:
        raise invalid_input("Missing required parameter: webhookType")
    url = _url(params, "requestUrl")
    secret = params.string("secretToken")
    if any(row["webhookType"] == kind and row["requestUrl"] == url for row in ctx.store.webhooks):
        raise invalid_input("Duplicate webhook: this webhook type already posts to this URL")
    enabled = await ctx.webhooks.ping(url, secret)
    row = ctx.store.webhooks.add(
        {"id": new_id(), "enabled": enabled, "requestUrl": url, "secretToken": secret, "webhookType": kind}
    )
    return shapes.webhook(row, with_secret=True)


@routes("webhook.info")
async def info(ctx: Context, params: Params) -> shapes.Json:
    return shapes.webhook(_webhook(ctx, params), with_secret=False)


@routes("webhook.update")
async def update(ctx: Context, params: Params) -> shapes.Json:
    row = _webhook(ctx, params)
    if not any(params.has(field) for field in ("enabled", "requestUrl", "secretToken")):
        raise invalid_input("Provide at least one of enabled, requestUrl or secretToken")
    enabled = params.opt_bool("enabled", row["enabled"])
    if params.has("requestUrl"):
        row["requestUrl"] = _url(params, "requestUrl")
    if params.has("secretToken"):
        row["secretToken"] = params.string("secretToken")
    # Editing re-pings; a webhook that fails the ping stays saved but disabled.
    row["enabled"] = enabled and await ctx.webhooks.ping(row["requestUrl"], row["secretToken"])
    return shapes.webhook(row, with_secret=True)


@routes("webhook.delete")
async def delete(ctx: Context, params: Params) -> shapes.Json:
    row = _webhook(ctx, params)
    ctx.store.webhooks.remove(row["id"])
    return {"webhookId": row["id"]}
