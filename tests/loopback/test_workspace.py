"""The stand-in Slack's workspace and Web API methods, driven directly without the HTTP server."""

from __future__ import annotations

import pytest

from bot.loopback.web_api import MAX_TEXT_HARD, WebApiMethods, checked_message
from bot.loopback.workspace import LocalChannel, LocalSlackUser, SlackError, Workspace

ADA = LocalSlackUser(id="U0ADA", name="ada", real_name="Ada Lovelace", email="ada@example.com")


def _workspace(now: float = 1_700_000_000.0) -> Workspace:
    return Workspace(
        users=[ADA],
        channels=[LocalChannel(id="C0HIRING", name="hiring")],
        team_id="T0TEST",
        bot_user_id="UBOT",
        bot_id="BBOT",
        clock=lambda: now,
    )


def test_timestamps_grow_even_when_the_clock_stands_still() -> None:
    ws = _workspace()
    first, second = ws.next_ts(), ws.next_ts()
    assert first == "1700000000.000000"
    assert second == "1700000000.000001"


def test_channels_resolve_by_id_name_or_user() -> None:
    ws = _workspace()
    assert ws.resolve_channel("C0HIRING") == "C0HIRING"
    assert ws.resolve_channel("#hiring") == "C0HIRING"
    assert not ws.has_im(ADA.id)
    dm = ws.resolve_channel(ADA.id)
    assert dm.startswith("D") and ws.channels[dm].is_im and ws.has_im(ADA.id)
    assert ws.open_im(ADA.id) == dm
    with pytest.raises(SlackError, match="channel_not_found"):
        ws.resolve_channel("#nowhere")


def test_posted_messages_are_found_for_later_updates() -> None:
    ws = _workspace()
    ts, message = ws.post("C0HIRING", "hello", [], thread_ts=None)
    assert ws.find_message({"channel": "#hiring", "ts": ts}, "ts") == ("C0HIRING", ts, message)
    assert "thread_ts" not in message
    with pytest.raises(SlackError, match="message_not_found"):
        ws.find_message({"channel": "C0HIRING", "ts": "1.2"}, "ts")


def test_methods_answer_against_the_workspace() -> None:
    ws = _workspace()
    methods = WebApiMethods(ws, lambda: "http://local/").methods
    posted = methods["chat.postMessage"]({"channel": ADA.id, "text": "hi"})
    assert posted["channel"] == ws.resolve_channel(ADA.id)
    assert [m.text for m in ws.messages] == ["hi"]
    assert methods["users.lookupByEmail"]({"email": "ADA@example.com"})["user"]["id"] == ADA.id
    assert methods["auth.test"]({})["url"] == "http://local/"


def test_message_checks_use_slacks_error_codes() -> None:
    with pytest.raises(SlackError, match="no_text") as empty:
        checked_message({}, status=400)
    assert empty.value.status == 400
    with pytest.raises(SlackError, match="msg_too_long"):
        checked_message({"text": "x" * (MAX_TEXT_HARD + 1)})
    assert checked_message({"text": "ok"}) == ("ok", [])
