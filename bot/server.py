"""The HTTP front door: ``POST /slack/events``, ``POST /ashby/webhook`` and ``GET /healthz`` on aiohttp,
plus Socket Mode for installs without a public URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from .app import Bot

log = logging.getLogger(__name__)

BOT_KEY: web.AppKey[Bot] = web.AppKey("bot", Bot)


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
    bot = request.app[BOT_KEY]
    bolt_request = await to_bolt_request(request)
    bolt_response = await bot.app.async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


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
