"""The HTTP front door: ``POST /slack/events``, ``POST /ashby/webhook`` and ``GET /healthz`` on aiohttp,
plus Socket Mode for installs without a public URL.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import hashlib
import hmac
import logging
import re
import time
from collections.abc import AsyncIterator, Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest

from .app import Bot

log = logging.getLogger(__name__)

BOT_KEY: web.AppKey[Bot] = web.AppKey("bot", Bot)

#: Slack's rule: a request whose timestamp is further than this from now is a replay.
SLACK_MAX_AGE_SECONDS = 5 * 60
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_UTF8 = frozenset({"utf-8", "ascii"})


def create_web_app(bot: Bot) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[BOT_KEY] = bot
    if not bot.settings.socket_mode:
        # In Socket Mode Slack talks over the socket and signatures are not checked: no HTTP route for it.
        web_app.router.add_post("/slack/events", _slack_events)
    web_app.router.add_post("/ashby/webhook", _ashby_webhook)
    web_app.router.add_get("/healthz", _healthz)
    return web_app


async def _slack_events(request: web.Request) -> web.Response:
    """Checks the signature on the raw bytes before anything reads the body, so a request that is not
    from Slack gets 401 whatever it holds, and Bolt (which checks again) only ever parses Slack's own."""
    bot = request.app[BOT_KEY]
    body = await request.read()
    secret = bot.settings.SLACK_SIGNING_SECRET
    if secret is None or not signed_by_slack(secret.get_secret_value(), request.headers, body):
        log.warning("rejected a Slack request with a missing, stale or wrong signature")
        return web.json_response({"error": "invalid request"}, status=401)
    try:
        bolt_request = AsyncBoltRequest(
            body=_utf8_text(request.charset, body),
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]  # as in Bolt's own aiohttp adapter
        )
    except Exception as exc:  # signed, but not text or not the JSON / form shape Bolt reads
        log.warning("refused a signed Slack request Bolt cannot read: %s", type(exc).__name__)
        return web.json_response({"error": "unreadable request"}, status=400)
    bolt_response = await bot.app.async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


def signed_by_slack(secret: str, headers: Mapping[str, str], body: bytes, *, now: float | None = None) -> bool:
    """Slack's ``v0`` signature over the raw body, with a timestamp within five minutes of ``now``."""
    timestamp = headers.get("X-Slack-Request-Timestamp") or ""
    signature = headers.get("X-Slack-Signature") or ""
    if not (_TIMESTAMP.fullmatch(timestamp) and signature):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > SLACK_MAX_AGE_SECONDS:
        return False
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    # Bytes on both sides: compare_digest refuses str with non-ASCII characters, which a forger can send.
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _utf8_text(charset: str | None, body: bytes) -> str:
    """The body as text. Slack signs and sends UTF-8; another charset (or none we know) is refused."""
    if charset is not None and codecs.lookup(charset).name not in _UTF8:
        raise LookupError("not a UTF-8 charset")
    return body.decode("utf-8")


async def _ashby_webhook(request: web.Request) -> web.Response:
    bot = request.app[BOT_KEY]
    status, body = await bot.webhooks.handle(await request.read(), request.headers)
    return web.json_response(body, status=status)


async def _healthz(request: web.Request) -> web.Response:
    bot = request.app[BOT_KEY]
    body = {"ok": bot.ready, "candidates": len(bot.index), "interviews": len(bot.calendar)}
    return web.json_response(body, status=200 if bot.ready else 503)


@contextlib.asynccontextmanager
async def serving(bot: Bot, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``bot`` over HTTP on ``host:port`` (0 = a free port); yields the base URL."""
    runner = web.AppRunner(create_web_app(bot), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    try:
        yield f"http://{host}:{bound}"
    finally:
        await runner.cleanup()


async def run_http(bot: Bot, *, host: str, port: int) -> None:
    await bot.start()
    try:
        async with serving(bot, host=host, port=port) as url:
            log.info("listening on %s (POST /slack/events, POST /ashby/webhook, GET /healthz)", url)
            await asyncio.Event().wait()
    finally:
        await bot.close()


async def run_socket_mode(bot: Bot, *, host: str, port: int) -> None:
    """Socket Mode for Slack; the HTTP server still serves /healthz and /ashby/webhook."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    assert bot.settings.SLACK_APP_TOKEN is not None
    await bot.start()
    handler = AsyncSocketModeHandler(bot.app, bot.settings.SLACK_APP_TOKEN.get_secret_value())
    try:
        async with serving(bot, host=host, port=port):
            log.info("connected to Slack in Socket Mode; health and webhooks on port %s", port)
            await handler.start_async()  # type: ignore[no-untyped-call]
    finally:
        await bot.close()
