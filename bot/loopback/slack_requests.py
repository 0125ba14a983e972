"""Real, signed Slack requests built locally.

Scenario tests and the terminal demo drive the bot exactly as Slack would: the same body shapes (form-encoded
slash commands, ``payload=<json>`` interactivity, JSON event callbacks) and the same ``v0`` HMAC signature, so
Bolt's signature check, routing and ack handling all run for real.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
STALE_AFTER = 10 * 60  # Slack's verifier rejects timestamps more than 5 minutes old; 10 is safely past that.


@dataclass(frozen=True)
class SignedRequest:
    """A request body and the headers Slack would send with it."""

    body: bytes
    headers: dict[str, str]
    signing_secret: str = field(repr=False, compare=False)

    @property
    def timestamp(self) -> int:
        return int(self.headers["X-Slack-Request-Timestamp"])

    def with_retry(self, num: int, reason: str = "http_timeout") -> SignedRequest:
        """The same delivery as Slack's retry ``num`` of it (same event_id), to test idempotency."""
        headers = {**self.headers, "X-Slack-Retry-Num": str(num), "X-Slack-Retry-Reason": reason}
        return replace(self, headers=headers)

    def forged(self) -> SignedRequest:
        """Same body and timestamp, signed with the wrong secret: Bolt must answer 401."""
        wrong = _sign(self.signing_secret + "-forged", self.timestamp, self.body)
        return replace(self, headers={**self.headers, "X-Slack-Signature": wrong})

    def stale(self) -> SignedRequest:
        """Correctly signed, but 10 minutes old: a replay Bolt must answer with 401."""
        timestamp = self.timestamp - STALE_AFTER
        headers = {
            **self.headers,
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": _sign(self.signing_secret, timestamp, self.body),
        }
        return replace(self, headers=headers)


def _sign(secret: str, timestamp: int, body: bytes) -> str:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    if signature is None:  # slack_sdk only returns None when the timestamp or body is missing
        raise ValueError("cannot sign a request without a timestamp and body")
    return signature


class SlackRequestFactory:
    """Builds the requests Slack sends to the bot's Request URL, signed with the app's signing secret."""

    def __init__(
        self,
        signing_secret: str,
        *,
        team_id: str = "T0LOCAL",
        api_app_id: str = "A0LOCAL",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.api_app_id = api_app_id
        self._clock = clock

    def slash_command(
        self,
        text: str,
        *,
        user_id: str,
        channel_id: str,
        response_url: str,
        command: str = "/ashby",
        trigger_id: str | None = None,
    ) -> SignedRequest:
        form = {
            "token": "local-verification-token",
            "team_id": self.team_id,
            "team_domain": "local",
            "channel_id": channel_id,
            "channel_name": _channel_name(channel_id),
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or self._trigger_id(),
        }
        return self._signed(urlencode(form).encode(), FORM)

    def app_mention(
        self,
        text: str,
        *,
        user_id: str,
        channel_id: str,
        ts: str | None = None,
        thread_ts: str | None = None,
        bot_user_id: str = "UASHBYBOT",
    ) -> SignedRequest:
        """An ``app_mention``; ``text`` gets the leading ``<@bot>`` Slack puts there unless it has one."""
        mention = f"<@{bot_user_id}>"
        event: dict[str, Any] = {
            "type": "app_mention",
            "user": user_id,
            "text": text if mention in text else f"{mention} {text}",
            "channel": channel_id,
            "client_msg_id": str(uuid.uuid4()),
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        return self._event(event, ts=ts, bot_user_id=bot_user_id)

    def direct_message(self, text: str, *, user_id: str, channel_id: str) -> SignedRequest:
        """A ``message.im`` event: a person writing to the bot in its DM."""
        event = {
            "type": "message",
            "user": user_id,
            "text": text,
            "channel": channel_id,
            "channel_type": "im",
            "client_msg_id": str(uuid.uuid4()),
        }
        return self._event(event, ts=None, bot_user_id="UASHBYBOT")

    def link_shared(
        self, urls: list[str], *, user_id: str, channel_id: str, message_ts: str | None = None
    ) -> SignedRequest:
        """A ``link_shared`` event: someone pasted links on a domain the app unfurls (``app.ashbyhq.com``)."""
        ts = message_ts or f"{self._clock():.6f}"
        event = {
            "type": "link_shared",
            "user": user_id,
            "channel": channel_id,
            "message_ts": ts,
            "unfurl_id": f"Uf{uuid.uuid4().hex[:10].upper()}",
            "source": "conversations_history",
            "links": [{"domain": _domain(url), "url": url} for url in urls],
        }
        return self._event(event, ts=None, bot_user_id="UASHBYBOT")

    def app_home_opened(self, *, user_id: str, tab: str = "home") -> SignedRequest:
        """An ``app_home_opened`` event: the person opened the app's Home (or Messages) tab."""
        event = {"type": "app_home_opened", "user": user_id, "channel": f"D{user_id[1:]}", "tab": tab}
        return self._event(event, ts=None, bot_user_id="UASHBYBOT")

    def block_action(
        self,
        *,
        action_id: str,
        value: str | None,
        user_id: str,
        channel_id: str,
        response_url: str,
        block_id: str = "b",
        message: Mapping[str, Any] | None = None,
        selected_option: Mapping[str, Any] | None = None,
        trigger_id: str | None = None,
        action_type: str | None = None,
        view: Mapping[str, Any] | None = None,
    ) -> SignedRequest:
        """A click on a button or a choice in a menu.

        Without ``message`` the click came from an ephemeral message, which Slack sends without the message.
        With ``view`` it came from that view (the Home tab): Slack then sends the view, and no channel or
        ``response_url``.

        ``action_type`` defaults to ``static_select`` when an option is chosen and ``button`` otherwise.
        """
        now = self._clock()
        action: dict[str, Any] = {
            "type": action_type or ("static_select" if selected_option is not None else "button"),
            "action_id": action_id,
            "block_id": block_id,
            "action_ts": f"{now:.6f}",
        }
        if value is not None:
            action["value"] = value
        if selected_option is not None:
            action["selected_option"] = dict(selected_option)
        message_ts = str(message["ts"]) if message is not None and "ts" in message else f"{now:.6f}"
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": "local-verification-token",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": message is None,
            },
            "trigger_id": trigger_id or self._trigger_id(),
            "team": {"id": self.team_id, "domain": "local"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": _channel_name(channel_id)},
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [action],
        }
        if message is not None:
            payload["message"] = dict(message)
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = dict(view)
            for key in ("channel", "response_url"):
                del payload[key]
        return self._interaction(payload)

    def view_submission(
        self,
        *,
        callback_id: str,
        values: Mapping[str, Any],
        user_id: str,
        private_metadata: str = "",
        view_id: str | None = None,
    ) -> SignedRequest:
        """A modal's Submit; ``values`` is Slack's ``view.state.values`` ({block_id: {action_id: {...}}}).
        ``view_id``: the modal's id (one ``views.open`` returned), so a reply can update it; a new one if None."""
        view_id = view_id or f"V{uuid.uuid4().hex[:10].upper()}"
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "local"},
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": "local-verification-token",
            "trigger_id": self._trigger_id(),
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": dict(values)},
                "hash": f"{self._clock():.6f}.local",
                "title": {"type": "plain_text", "text": "Ashby"},
                "blocks": [],
                "root_view_id": view_id,
                "previous_view_id": None,
                "app_id": self.api_app_id,
                "external_id": "",
            },
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return self._interaction(payload)

    def view_closed(
        self,
        *,
        callback_id: str,
        values: Mapping[str, Any],
        user_id: str,
        private_metadata: str = "",
        view_id: str | None = None,
    ) -> SignedRequest:
        """A modal closed with Cancel or ✕ (sent only for views opened with ``notify_on_close``); Slack sends
        the view with what was entered (``values``, as in ``view_submission``)."""
        view_id = view_id or f"V{uuid.uuid4().hex[:10].upper()}"
        payload = {
            "type": "view_closed",
            "team": {"id": self.team_id, "domain": "local"},
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": "local-verification-token",
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": dict(values)},
                "hash": f"{self._clock():.6f}.local",
                "title": {"type": "plain_text", "text": "Ashby"},
                "blocks": [],
                "notify_on_close": True,
                "root_view_id": view_id,
                "previous_view_id": None,
                "app_id": self.api_app_id,
                "external_id": "",
            },
            "is_cleared": False,
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return self._interaction(payload)

    def _event(self, event: dict[str, Any], *, ts: str | None, bot_user_id: str) -> SignedRequest:
        now = self._clock()
        ts = ts or f"{now:.6f}"
        body = {
            "token": "local-verification-token",
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": {**event, "ts": ts, "event_ts": ts, "team": self.team_id},
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event_time": int(now),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        return self._signed(json.dumps(body).encode(), JSON)

    def _interaction(self, payload: Mapping[str, Any]) -> SignedRequest:
        return self._signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)

    def _signed(self, body: bytes, content_type: str) -> SignedRequest:
        timestamp = int(self._clock())
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": _sign(self.signing_secret, timestamp, body),
        }
        return SignedRequest(body=body, headers=headers, signing_secret=self.signing_secret)

    def _user(self, user_id: str) -> dict[str, str]:
        return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": self.team_id}

    def _trigger_id(self) -> str:
        return f"{int(self._clock())}.{self.team_id}.{uuid.uuid4().hex}"


def _channel_name(channel_id: str) -> str:
    """Slack's channel_name for DMs and old private groups; a public channel's real name is not known here."""
    if channel_id.startswith("D"):
        return "directmessage"
    if channel_id.startswith("G"):
        return "privategroup"
    return channel_id.lower()


def _domain(url: str) -> str:
    return urlsplit(url).hostname or ""
