"""Scenario tests: the real bot in HTTP mode, the sandbox Ashby and a loopback Slack, driven by real
signed requests over HTTP (``bot.loopback.session.DemoSession``). One session per test module keeps them fast."""

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.loopback.render import render_message
from bot.loopback.session import DemoSession, Exchange

CANDIDATES = 400


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo() -> AsyncIterator[DemoSession]:
    async with DemoSession(candidates=CANDIDATES) as session:
        yield session


@pytest_asyncio.fixture(loop_scope="module")
async def priya(demo: DemoSession) -> AsyncIterator[DemoSession]:
    demo.switch_user("priya")
    yield demo
    demo.sandbox.faults.clear()


def text(exchange: Exchange) -> str:
    """Everything the exchange showed, as plain text."""
    return "\n".join(render_message({"text": m.text, "blocks": m.blocks}).text for m in exchange.messages)


def kinds(exchange: Exchange) -> list[str]:
    return [m.kind if m.kind != "response" else f"response:{m.response_type}" for m in exchange.messages]
