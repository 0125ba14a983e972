"""Hostile HTTP (issue 8): unsigned or malformed requests to /slack/events, signed Ashby webhooks in shapes
Ashby never sends, a webhook while Redis is down, and what reaches the logs. Every case is answered 4xx (or
an acknowledging 2xx, or a retryable 503), never 5xx, with no ERROR line, no traceback and no request body
in the log."""

import hashlib
import hmac
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt.request.async_request import AsyncBoltRequest

from ashby.store import RedisStore
from bot.app import build_bot
from bot.loopback.session import CHANNEL, DemoSession
from bot.server import serving
from bot.settings import Settings
from handlers.webhooks import signature_for

pytestmark = pytest.mark.asyncio(loop_scope="module")

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
WEBHOOK_SECRET = "demo-webhook-secret"
DEEP = b"[" * 100_000 + b"]" * 100_000  # well under the 1 MB body limit, far past json's recursion limit

# Personal data a forged request could carry; none of it may reach a log line.
EMAIL, PHONE, NAME = "zebulon.quigg@example.com", "+1 415 555 0199", "Zebulon Quigglesworth"


def slack_headers(secret: str | None, body: bytes, content_type: str = JSON, **extra: str) -> dict[str, str]:
    """Slack's headers, signed over the raw bytes with ``secret`` (``None``: no signature at all)."""
    timestamp = str(int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, **extra}
    if secret is not None:
        base = b"v0:" + headers["X-Slack-Request-Timestamp"].encode() + b":" + body
        headers["X-Slack-Signature"] = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return headers


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """ERROR lines and tracebacks: none of these cases may log either."""
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info
    ]


# (body, content type) pairs that crashed Bolt before its signature check.
UNREADABLE: dict[str, tuple[bytes, str]] = {
    "json array": (b"[]", JSON),
    "json null": (b"null", JSON),
    "truncated json": (b"{", JSON),
    "unknown charset": (b'{"type": "event_callback"}', "application/json; charset=no-such-charset"),
    "invalid utf-8": (b'{"text": "\xff\xfe\xc3"}', JSON),
    "invalid utf-8 form": (b"command=%2Fashby&text=\xff\xfe", FORM),
    "deeply nested json": (DEEP, JSON),
    "json payload that is a list": (b"payload=%5B%5D", FORM),
}


@pytest.mark.parametrize("case", UNREADABLE)
async def test_unsigned_hostile_bodies_get_401_quietly(
    demo: DemoSession, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, content_type = UNREADABLE[case]
    caplog.set_level(logging.INFO)
    response = await demo._http.post(
        f"{demo.bot_url}/slack/events", content=body, headers=slack_headers(None, body, content_type)
    )
    assert response.status_code == 401
    assert not problems(caplog)


@pytest.mark.parametrize("case", UNREADABLE)
async def test_signed_unreadable_bodies_get_400_quietly(
    demo: DemoSession, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, content_type = UNREADABLE[case]
    caplog.set_level(logging.INFO)
    headers = slack_headers(demo.signing_secret, body, content_type)
    response = await demo._http.post(f"{demo.bot_url}/slack/events", content=body, headers=headers)
    assert response.status_code == 400
    assert not problems(caplog)


@pytest.mark.parametrize(
    "timestamp", ["abc", "", "-1", "1e9", "١٢٣", "99999999999999999999999", str(int(time.time()) - 600)]
)
async def test_bad_timestamps_get_401_quietly(
    demo: DemoSession, timestamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = b'{"type": "url_verification", "challenge": "x"}'
    headers = slack_headers(demo.signing_secret, body)
    headers["X-Slack-Request-Timestamp"] = timestamp  # after signing: the signature no longer matches either
    encoded = {k: v.encode() for k, v in headers.items()}  # httpx sends str headers as ASCII only
    response = await demo._http.post(f"{demo.bot_url}/slack/events", content=body, headers=encoded)
    assert response.status_code == 401
    assert not problems(caplog)


async def test_a_non_ascii_signature_gets_401_quietly(demo: DemoSession, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    body = b'{"type": "url_verification", "challenge": "x"}'
    slack = {**slack_headers(None, body), "X-Slack-Signature": "v0=é"}
    response = await demo._http.post(
        f"{demo.bot_url}/slack/events", content=body, headers={k: v.encode() for k, v in slack.items()}
    )
    assert response.status_code == 401
    ashby = {"Ashby-Signature": "sha256=é".encode()}
    response = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=b"{}", headers=ashby)
    assert response.status_code == 401
    assert not problems(caplog)


async def test_signed_requests_still_work(demo: DemoSession) -> None:
    """The guard in front of Bolt lets Slack's own requests through unchanged."""
    demo.switch_user("priya")
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"}).encode()
    headers = slack_headers(demo.signing_secret, body, "application/json; charset=utf-8")
    response = await demo._http.post(f"{demo.bot_url}/slack/events", content=body, headers=headers)
    assert response.status_code == 200 and "c-123" in response.text
    exchange = await demo.command("jane doe")
    assert exchange.messages


def webhook(payload: Any) -> tuple[bytes, dict[str, str]]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return body, {"Ashby-Signature": signature_for(WEBHOOK_SECRET, body), "Content-Type": JSON}


ODD_WEBHOOKS: dict[str, Any] = {
    "data is a string": {"action": "applicationUpdate", "data": "x"},
    "data is a list": {"action": "candidateStageChange", "data": [1]},
    "data is a number": {"action": "offerCreate", "data": 5},
    "application id is an object": {"action": "applicationUpdate", "data": {"application": {"id": {"a": 1}}}},
    "candidate id is an object": {
        "action": "applicationSubmit",
        "data": {"application": {"id": "app-1", "status": "Active", "candidate": {"id": {"a": 1}}}},
    },
    "candidate is a string": {
        "action": "applicationUpdate",
        "data": {"application": {"id": "app-1", "candidate": "x"}},
    },
    "deleted candidate id is a list": {"action": "candidateDelete", "data": {"candidate": {"id": [1]}}},
    "schedule is a list": {"action": "interviewScheduleUpdate", "data": {"interviewSchedule": [1]}},
    "schedule id is an object": {"action": "interviewScheduleCreate", "data": {"interviewSchedule": {"id": {}}}},
    "delivery id is an object": {"action": "jobUpdate", "webhookActionId": {"a": 1}, "data": {}},
    "unknown action": {"action": "somethingNew", "data": {"x": 1}},
    "missing action": {"data": {"candidate": {"id": "c1"}}},
    "action is an object": {"action": {"a": 1}, "data": {}},
    "action is null": {"action": None, "data": {}},
    "payload is a list": [],
    "payload is null": None,
    "payload is a string": "applicationUpdate",
    "truncated json": b"{",
    "invalid utf-8": b'{"action": "\xff"}',
    "deeply nested json": DEEP,
}


@pytest.mark.parametrize("case", ODD_WEBHOOKS)
async def test_signed_webhooks_in_odd_shapes_are_acknowledged_or_refused_quietly(
    demo: DemoSession, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body, headers = webhook(ODD_WEBHOOKS[case])
    response = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=body, headers=headers)
    assert response.status_code in (200, 400), response.text
    assert not problems(caplog)


async def test_a_webhook_in_the_documented_shape_is_still_applied(
    demo: DemoSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body, headers = webhook({"action": "candidateDelete", "data": {"candidate": {"id": "no-such-candidate"}}})
    response = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=body, headers=headers)
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert "applied Ashby webhook candidateDelete" in caplog.text


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port  # nothing listens once the socket is closed


@pytest.fixture
def redis_down_settings() -> Iterator[Settings]:
    yield Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=SecretStr("xoxb-test"),
        SLACK_SIGNING_SECRET=SecretStr("signing-secret"),
        ASHBY_API_KEY=SecretStr("key"),
        ASHBY_WEBHOOK_SECRET=SecretStr(WEBHOOK_SECRET),
    )


async def test_a_webhook_while_redis_is_down_gets_a_retryable_503(
    demo: DemoSession, redis_down_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = RedisStore(f"redis://127.0.0.1:{_closed_port()}/0", socket_timeout=1)
    bot = build_bot(redis_down_settings, store=store)  # not started: no refresh touches Ashby or Redis
    try:
        async with serving(bot) as url:
            body, headers = webhook(
                {"action": "candidateStageChange", "webhookActionId": "d-1", "data": {"application": {"id": "a1"}}}
            )
            response = await demo._http.post(f"{url}/ashby/webhook", content=body, headers=headers)
    finally:
        await bot.close()
    assert response.status_code == 503
    assert not problems(caplog)
    (line,) = [r.getMessage() for r in caplog.records if "shared store" in r.getMessage()]
    assert r"\n" not in line and "503" in line and "candidateStageChange" in line


async def test_no_request_body_or_forged_line_reaches_the_logs(
    demo: DemoSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="slack_bolt")
    # As in production, where Bolt's loggers were made while the root logger was at INFO.
    caplog.set_level(logging.DEBUG, logger="slack_bolt.RequestVerification")
    personal = json.dumps(
        {
            "type": "event_callback",
            "event": {"type": "app_mention", "channel": CHANNEL.id, "text": f"{NAME} {EMAIL} {PHONE}"},
        }
    ).encode()
    # Unsigned, wrongly signed and stale, as JSON and as a slash command form.
    form = f"command=/ashby&text={NAME} {EMAIL} {PHONE}".encode()
    for body, content_type in ((personal, JSON), (form, FORM)):
        for secret in (None, "wrong-secret"):
            headers = slack_headers(secret, body, content_type)
            response = await demo._http.post(f"{demo.bot_url}/slack/events", content=body, headers=headers)
            assert response.status_code == 401
    # Bolt's own signature check, if a request ever reached it unsigned: it logs that it failed, no more.
    assert demo.bot is not None
    headers = {**slack_headers("wrong-secret", personal), "X-Slack-Request-Timestamp": str(int(time.time()))}
    bolt_response = await demo.bot.app.async_dispatch(AsyncBoltRequest(body=personal.decode(), headers=headers))
    assert bolt_response.status == 401
    # A signed webhook whose action forges a second log line.
    forged = "candidateHire\n2030-01-01 00:00:00 ERROR bot: forged line"
    for data in ({"candidate": {"id": "no-such-candidate"}}, "not an object"):
        body, headers = webhook({"action": forged, "data": data, "webhookActionId": "x\ny"})
        response = await demo._http.post(f"{demo.bot_url}/ashby/webhook", content=body, headers=headers)
        assert response.status_code == 200

    messages = [r.getMessage() for r in caplog.records]
    assert any("Invalid request signature detected" in m for m in messages)  # the failure itself is logged
    assert any("rejected a Slack request" in m for m in messages)
    for secret in (EMAIL, PHONE, NAME, "Zebulon", "quigg", "555 0199"):
        assert secret not in caplog.text
    assert not [m for m in messages if "forged line" in m and "\n" in m]
    assert not [m for m in messages if "\nforged" in m or "x\ny" in m]
    assert not problems(caplog)
