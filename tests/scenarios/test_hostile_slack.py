"""Correctly signed Slack requests with a broken structure: answered quickly, never a 5xx or a traceback,
and nothing done in Ashby (issue 8's hostile-input run, each case kept as a test)."""

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.loopback.session import CHANNEL, DemoSession
from bot.loopback.slack_requests import FORM, JSON

pytestmark = pytest.mark.asyncio(loop_scope="module")
#: Listeners run after the ack; this long is enough for one to finish (or fail) on loopback.
SETTLE = 0.5


def _interaction(demo: DemoSession, payload: Any) -> Any:
    return demo.requests._signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def _block_action(demo: DemoSession, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": demo.slack.team_id},
        "user": {"id": demo.user.id},
        "channel": {"id": CHANNEL.id},
        "container": {"type": "message", "is_ephemeral": True},
        "response_url": demo.slack.new_response_url(CHANNEL.id, demo.user.id),
        "trigger_id": "1.2.3",
        "actions": [{"action_id": "ashby_candidate", "value": "c1", "block_id": "b", "type": "button"}],
    }
    payload.update(overrides)
    return payload


BROKEN_ACTIONS: list[dict[str, Any]] = [
    {"actions": []},
    {"actions": {"action_id": "ashby_candidate"}},
    {"actions": ["ashby_candidate"]},
    {"actions": [{"value": "c1"}]},
    {"actions": [{"action_id": "ashby_candidate", "value": 5}]},
    {"actions": [{"action_id": "ashby_fact", "value": {"x": 1}}]},
    {"user": None},
    {"user": "U0PRIYA"},
    {"response_url": None},
    {"response_url": "not a url"},
]


@pytest.mark.parametrize("overrides", BROKEN_ACTIONS)
async def test_broken_block_actions(
    priya: DemoSession, overrides: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = await priya.post(_interaction(priya, _block_action(priya, **overrides)))
        await asyncio.sleep(SETTLE)
    assert response.status_code < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


BROKEN_EVENTS: list[dict[str, Any]] = [
    {"type": "app_mention", "user": "U0PRIYA", "text": "<@UASHBYBOT> jane doe"},  # no channel
    {"type": "app_mention", "user": "U0PRIYA", "channel": CHANNEL.id, "text": 5},
    {"type": "app_mention", "user": "U0PRIYA", "channel": CHANNEL.id, "text": {"a": 1}},
    {"type": "app_mention", "channel": CHANNEL.id, "text": "<@UASHBYBOT> jane doe"},  # no user
    {"type": "message", "channel_type": "im", "user": "U0PRIYA", "channel": "DPRIYA", "text": ["jane"]},
]


@pytest.mark.parametrize("event", BROKEN_EVENTS)
async def test_broken_events(priya: DemoSession, event: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    request = priya.requests._event(event, ts=None, bot_user_id=priya.slack.bot_user_id)
    with caplog.at_level(logging.WARNING):
        response = await priya.post(request)
        await asyncio.sleep(SETTLE)
    assert response.status_code < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


BROKEN_COMMANDS: list[dict[str, str]] = [
    {"command": "/ashby", "text": "jane doe", "team_id": "T0LOCAL", "channel_id": CHANNEL.id},  # no user_id
    {"command": "/ashby", "user_id": "U0PRIYA", "team_id": "T0LOCAL", "channel_id": CHANNEL.id},  # no text
]


@pytest.mark.parametrize("fields", BROKEN_COMMANDS)
async def test_broken_commands(priya: DemoSession, fields: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    url = priya.slack.new_response_url(CHANNEL.id, priya.user.id)
    request = priya.requests._signed(urlencode({**fields, "response_url": url}).encode(), FORM)
    with caplog.at_level(logging.WARNING):
        response = await priya.post(request)
        await asyncio.sleep(SETTLE)
    assert response.status_code < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_a_json_interaction_body_is_refused_quietly(priya: DemoSession, caplog: pytest.LogCaptureFixture) -> None:
    request = priya.requests._signed(json.dumps(["not", "a", "payload"]).encode(), JSON)
    with caplog.at_level(logging.WARNING):
        response = await priya.post(request)
    assert response.status_code < 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
