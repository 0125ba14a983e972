"""Signed requests look like Slack's and verify with slack_sdk's own verifier."""

import json
from urllib.parse import parse_qs

from slack_sdk.signature import Clock, SignatureVerifier

from bot.loopback.slack_requests import SignedRequest, SlackRequestFactory

SECRET = "shhh"
NOW = 1_700_000_000.0


def factory() -> SlackRequestFactory:
    return SlackRequestFactory(SECRET, clock=lambda: NOW)


def verifies(request: SignedRequest, now: float = NOW) -> bool:
    return SignatureVerifier(SECRET, clock=_Clock(now)).is_valid_request(request.body, request.headers)


class _Clock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def form(request: SignedRequest) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(request.body.decode()).items()}


def test_slash_command_is_form_encoded() -> None:
    request = factory().slash_command(
        "move jane to onsite",
        user_id="U1",
        channel_id="C1",
        response_url="http://127.0.0.1:1/r",
        trigger_id="t1",
    )
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["X-Slack-Request-Timestamp"] == str(int(NOW))
    fields = form(request)
    assert (fields["command"], fields["text"], fields["user_id"]) == ("/ashby", "move jane to onsite", "U1")
    assert (fields["channel_id"], fields["response_url"], fields["trigger_id"]) == (
        "C1",
        "http://127.0.0.1:1/r",
        "t1",
    )
    assert fields["team_id"] == "T0LOCAL"
    assert verifies(request)


def test_forged_and_stale_do_not_verify() -> None:
    request = factory().slash_command("x", user_id="U1", channel_id="C1", response_url="u")
    assert not verifies(request.forged())
    assert request.forged().body == request.body
    stale = request.stale()
    assert stale.timestamp == request.timestamp - 600
    assert not verifies(stale)
    assert verifies(stale, now=NOW - 600)  # correctly signed, only old


def test_retry_headers_keep_the_signature() -> None:
    request = factory().app_mention("hi", user_id="U1", channel_id="C1")
    retry = request.with_retry(2, "http_error")
    assert (retry.headers["X-Slack-Retry-Num"], retry.headers["X-Slack-Retry-Reason"]) == ("2", "http_error")
    assert retry.body == request.body
    assert verifies(retry)


def test_app_mention_event() -> None:
    body = json.loads(factory().app_mention("where is jane?", user_id="U1", channel_id="C1", thread_ts="1.2").body)
    assert body["type"] == "event_callback"
    assert body["event_id"].startswith("Ev")
    event = body["event"]
    assert (event["type"], event["text"], event["thread_ts"]) == (
        "app_mention",
        "<@UASHBYBOT> where is jane?",
        "1.2",
    )
    assert event["ts"] == event["event_ts"]
    assert body["authorizations"][0]["user_id"] == "UASHBYBOT"
    already = json.loads(factory().app_mention("<@UASHBYBOT> hi", user_id="U1", channel_id="C1").body)
    assert already["event"]["text"] == "<@UASHBYBOT> hi"


def test_direct_message_event() -> None:
    event = json.loads(factory().direct_message("pipeline", user_id="U1", channel_id="D1").body)["event"]
    assert (event["type"], event["channel_type"], event["channel"], event["text"]) == (
        "message",
        "im",
        "D1",
        "pipeline",
    )


def test_block_action_payload() -> None:
    option = {"text": {"type": "plain_text", "text": "Onsite"}, "value": "s1"}
    request = factory().block_action(
        action_id="stage",
        value=None,
        user_id="U1",
        channel_id="C1",
        response_url="http://127.0.0.1:1/r",
        block_id="card",
        message={"ts": "5.6", "text": "card"},
        selected_option=option,
    )
    payload = json.loads(form(request)["payload"])
    assert payload["type"] == "block_actions"
    (action,) = payload["actions"]
    assert (action["type"], action["action_id"], action["block_id"]) == ("static_select", "stage", "card")
    assert action["selected_option"] == option
    assert "value" not in action
    assert payload["container"] == {
        "type": "message",
        "message_ts": "5.6",
        "channel_id": "C1",
        "is_ephemeral": False,
    }
    assert payload["message"]["ts"] == "5.6"
    assert payload["trigger_id"]
    assert verifies(request)


def test_block_action_from_an_ephemeral_message_has_no_message() -> None:
    payload = json.loads(
        form(
            factory().block_action(
                action_id="more",
                value=None,
                user_id="U1",
                channel_id="C1",
                response_url="u",
                action_type="overflow",
            )
        )["payload"]
    )
    assert "message" not in payload
    assert payload["container"]["is_ephemeral"] is True
    assert payload["actions"][0]["type"] == "overflow"


def test_view_submission_payload() -> None:
    values = {"b": {"a": {"type": "plain_text_input", "value": "x"}}}
    request = factory().view_submission(callback_id="cb", values=values, user_id="U1", private_metadata="m")
    payload = json.loads(form(request)["payload"])
    assert payload["type"] == "view_submission"
    view = payload["view"]
    assert (view["callback_id"], view["private_metadata"], view["state"]["values"]) == ("cb", "m", values)
    assert payload["user"]["id"] == "U1"
