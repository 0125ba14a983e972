"""Running a sandbox: in-process for tests (``running_sandbox``) and blocking for the CLI (``serve``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from ashby.sandbox.faults import Fault
from ashby.sandbox.keys import SandboxKey
from ashby.sandbox.server import Sandbox

# In-flight requests get this long at shutdown; stalled "timeout" requests are released at once.
SHUTDOWN_TIMEOUT_SECONDS = 2.0


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextlib.asynccontextmanager
async def running_sandbox(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``sandbox`` on ``host:port`` (0 = a free port) and yield its base URL."""
    runner = web.AppRunner(sandbox.app, shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        yield _url(host, runner.addresses[0][1])
    finally:
        await runner.cleanup()


def cli_sandbox(
    *,
    api_key: str,
    seed: int,
    candidates: int,
    latency_ms: int,
    webhook_url: str | None,
    webhook_secret: str | None,
) -> Sandbox:
    """The sandbox ``serve`` runs: one full-access key, optional latency on every endpoint."""
    sandbox = Sandbox(
        seed=seed,
        candidates=candidates,
        keys=[SandboxKey(api_key, title="ashby-bot sandbox")],
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
    )
    if latency_ms:
        sandbox.faults.add(Fault("*", "latency", times=None, latency_ms=latency_ms))
    return sandbox


async def _serve_forever(sandbox: Sandbox, host: str, port: int, api_key: str) -> None:
    async with running_sandbox(sandbox, host, port) as url:
        print(f"Ashby sandbox listening on {url} (API key: {api_key})", flush=True)
        await asyncio.Event().wait()


def serve(
    port: int = 8787,
    host: str = "127.0.0.1",
    api_key: str = "sandbox",
    seed: int = 7,
    candidates: int = 3000,
    latency_ms: int = 0,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
) -> None:
    """Run a sandbox until interrupted (Ctrl-C); prints one line with its URL and API key."""
    sandbox = cli_sandbox(
        api_key=api_key,
        seed=seed,
        candidates=candidates,
        latency_ms=latency_ms,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(sandbox, host, port, api_key))
