"""The CLI path: ``serve()`` builds the same app, prints its URL and key, and answers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx

from ashby.sandbox import running_sandbox
from ashby.sandbox.runner import cli_sandbox
from tests.sandbox.support import Api

ROOT = Path(__file__).resolve().parents[2]


async def test_cli_sandbox_has_one_key_and_forever_latency() -> None:
    sandbox = cli_sandbox(api_key="cli-key", seed=3, candidates=25, latency_ms=5, webhook_url=None, webhook_secret=None)
    (fault,) = sandbox.faults.active
    assert (fault.endpoint, fault.kind, fault.times, fault.latency_ms) == ("*", "latency", None, 5)
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("cli-key", "")) as client,
    ):
        api = Api(client)
        assert (await api.ok("apiKey.info"))["title"] == "ashby-bot sandbox"
        await api.ok("apiKey.info")
    assert sandbox.faults.active == [fault]  # still installed after use
    assert len(sandbox.store.candidates) == 25


async def test_serve_runs_until_interrupted() -> None:
    code = "from ashby.sandbox import serve; serve(port=0, api_key='k', candidates=25)"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        assert "API key: k" in line
        url = line.split()[4]
        assert url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(base_url=url, auth=("k", "")) as client:
            assert (await Api(client).ok("apiKey.info"))["scopes"]
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0
