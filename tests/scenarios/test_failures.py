"""Ashby down, slow or refusing: the person hears what happened and what to do, never silence."""

import pytest

from ashby.sandbox import Fault, SandboxKey
from bot.loopback.session import DemoSession

from .conftest import text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_ashby_server_errors(priya: DemoSession) -> None:
    priya.sandbox.faults.add(Fault("application.info", "server_error", times=None, status=502))
    shown = text(await priya.command("job REQ-1043"))
    assert "Ashby" in shown and "Try again" in shown and "Traceback" not in shown


async def test_ashby_throttling(priya: DemoSession) -> None:
    priya.sandbox.faults.add(Fault("application.info", "rate_limit", times=None, retry_after=45))
    shown = text(await priya.command("job REQ-1044"))
    assert "Ashby is busy" in shown and "46 seconds" in shown


async def test_ashby_refusing_a_permission(priya: DemoSession) -> None:
    reads = {"candidatesRead", "organizationRead", "jobsRead", "interviewsRead", "hiringProcessMetadataRead"}
    priya.sandbox.keys["sandbox"] = SandboxKey("sandbox", permissions=frozenset(reads))
    try:
        shown = text(await priya.command("offers"))
    finally:
        priya.sandbox.keys["sandbox"] = SandboxKey("sandbox")
    assert "offersRead" in shown and "API Keys" in shown


async def test_ashby_unreachable_mid_question(priya: DemoSession) -> None:
    priya.sandbox.faults.add(Fault("application.info", "malformed", times=None))
    shown = text(await priya.command("job REQ-1045"))
    assert "Ashby had a problem" in shown


async def test_slack_throttling_a_reply_is_waited_out(priya: DemoSession) -> None:
    priya.slack.fail_next("chat.postMessage", error="ratelimited", status=429, retry_after=1)
    exchange = await priya.mention("where is jane doe?")
    assert "Jane Doe" in text(exchange)
    assert [c.ok for c in priya.slack.calls if c.method == "chat.postMessage"][-2:] == [False, True]
