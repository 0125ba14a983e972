"""What the stand-in Slack knows: its people, conversations, posted messages and views, and what appeared on screen.

Kept apart from the Web API methods (``web_api``) and the HTTP server (``local_slack``) so the rules of the
workspace (how a ``#name`` or a user id resolves to a conversation, how timestamps grow, where a view is filed)
live in one place that both the methods and ``response_url`` replies share.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class LocalSlackUser:
    id: str
    name: str
    real_name: str
    email: str | None
    tz: str = "America/Los_Angeles"
    tz_offset: int = -28800
    is_bot: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class LocalChannel:
    """A conversation; ids follow Slack: C… channels, G… old private groups, D… direct messages.

    For a direct message (``is_im``) ``name`` is the id of the person the bot is talking to.
    """

    id: str
    name: str
    is_private: bool = False
    is_im: bool = False


@dataclass(frozen=True)
class SlackMessage:
    """What a person would see appear in Slack."""

    kind: str  # "message" | "ephemeral" | "update" | "response" | "unfurl" (``text`` is then the URL)
    channel: str
    text: str
    blocks: list[JsonDict] = field(default_factory=list)
    ts: str | None = None
    thread_ts: str | None = None
    user: str | None = None  # who sees it, for ephemeral messages and response_url replies
    response_type: str | None = None
    replace_original: bool = False
    delete_original: bool = False


@dataclass(frozen=True)
class SlackUnfurl:
    """A card the bot attached under a link someone posted (``chat.unfurl``).

    Named by ``channel`` + ``ts`` (the message with the link) or by ``unfurl_id`` + ``source``; ``channel`` is
    then ``COMPOSER`` for a link still in the composer (as Slack names it in ``link_shared``), else empty.
    """

    url: str
    channel: str
    ts: str | None
    blocks: list[JsonDict]
    unfurl_id: str | None = None
    source: str | None = None


class SlackError(Exception):
    """Answers a request with Slack's ``ok: false`` (Web API) or a bare error code (``response_url``)."""

    def __init__(self, error: str, *, status: int = 200, errors: Sequence[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.errors = tuple(errors)


class Workspace:
    """One Slack workspace's state as the bot's app sees it, and the messages people were shown."""

    def __init__(
        self,
        *,
        users: Sequence[LocalSlackUser],
        channels: Sequence[LocalChannel],
        team_id: str,
        bot_user_id: str,
        bot_id: str,
        clock: Callable[[], float],
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self._clock = clock
        self.users = {user.id: user for user in users}
        self.users.setdefault(
            bot_user_id,
            LocalSlackUser(id=bot_user_id, name="ashby", real_name="Ashby", email=None, is_bot=True),
        )
        self.channels = {channel.id: channel for channel in channels}
        self._ims = {channel.name: channel.id for channel in channels if channel.is_im}
        self.messages: list[SlackMessage] = []
        self.views: dict[str, JsonDict] = {}
        self.posted: dict[tuple[str, str], JsonDict] = {}
        self.external_views: dict[str, str] = {}
        self.home_views: dict[str, str] = {}
        self.used_triggers: set[str] = set()
        #: Unfurls by the message (``(channel, ts)`` or ``("unfurl", unfurl_id)``), then by URL; a second
        #: ``chat.unfurl`` for the same message and URL replaces the card, as in Slack.
        self.unfurls: dict[tuple[str, str], dict[str, SlackUnfurl]] = {}
        self._seen = 0
        self._arrived = asyncio.Event()
        self._last_ts = 0

    # -- what people see ------------------------------------------------------------------------------------

    def show(self, message: SlackMessage) -> None:
        self.messages.append(message)
        self._arrived.set()

    async def wait_for_messages(self, count: int, timeout: float) -> list[SlackMessage]:  # noqa: ASYNC109
        """The messages that arrived since the last call, once there are at least ``count`` of them."""
        target = self._seen + count
        try:
            async with asyncio.timeout(timeout):
                while len(self.messages) < target:
                    self._arrived.clear()
                    await self._arrived.wait()
        except TimeoutError:
            arrived = self.messages[self._seen :]
            summary = "; ".join(f"{m.kind} in {m.channel}: {m.text[:80]!r}" for m in arrived) or "nothing"
            raise TimeoutError(
                f"expected {count} new Slack message(s) within {timeout}s, got {len(arrived)}: {summary}"
            ) from None
        arrived = self.messages[self._seen :]
        self._seen = len(self.messages)
        return arrived

    # -- people and conversations ---------------------------------------------------------------------------

    def real_name(self, user_id: str) -> str | None:
        user = self.users.get(user_id)
        return user.real_name if user is not None else None

    def user(self, user_id: object) -> LocalSlackUser:
        user = self.users.get(str(user_id))
        if user is None:
            raise SlackError("user_not_found")
        return user

    def has_im(self, user_id: str) -> bool:
        return user_id in self._ims

    def open_im(self, user_id: str) -> str:
        channel_id = self._ims.get(user_id)
        if channel_id is None:
            channel_id = f"D{user_id[1:]}"
            while channel_id in self.channels:
                channel_id += "X"
            self.channels[channel_id] = LocalChannel(id=channel_id, name=user_id, is_im=True)
            self._ims[user_id] = channel_id
        return channel_id

    def resolve_channel(self, value: object) -> str:
        """Like Slack: a conversation id, a user id (their DM with the bot) or a ``#name``."""
        key = str(value or "")
        if key in self.channels:
            return key
        if key in self.users:
            return self.open_im(key)
        for channel in self.channels.values():
            if not channel.is_im and channel.name == key.removeprefix("#"):
                return channel.id
        raise SlackError("channel_not_found")

    # -- messages and views ---------------------------------------------------------------------------------

    def next_ts(self) -> str:
        """Slack-style ``seconds.micros`` timestamps, strictly increasing like real message ids."""
        micros = max(int(self._clock() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def post(self, channel: str, text: str, blocks: list[JsonDict], thread_ts: object) -> tuple[str, JsonDict]:
        """File a message the bot posted in ``channel`` (so a later update, delete or reaction finds it)."""
        ts = self.next_ts()
        message: JsonDict = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": text,
            "ts": ts,
            "blocks": blocks,
        }
        if isinstance(thread_ts, str):
            message["thread_ts"] = thread_ts
        self.posted[(channel, ts)] = message
        return ts, message

    def find_message(self, payload: JsonDict, ts_field: str) -> tuple[str, str, JsonDict]:
        channel = self.resolve_channel(payload.get("channel"))
        ts = str(payload.get(ts_field) or "")
        message = self.posted.get((channel, ts))
        if message is None:
            raise SlackError("message_not_found")
        return channel, ts, message

    def unfurl(self, key: tuple[str, str], unfurl: SlackUnfurl) -> None:
        """Attach ``unfurl`` under the message ``key`` names and show it."""
        self.unfurls.setdefault(key, {})[unfurl.url] = unfurl
        self.show(SlackMessage("unfurl", unfurl.channel, unfurl.url, unfurl.blocks, ts=unfurl.ts))

    def unfurled(self, channel: str, ts: str) -> dict[str, SlackUnfurl]:
        """The cards attached under the message ``ts`` in ``channel``, by URL (empty when none)."""
        return dict(self.unfurls.get((channel, ts), {}))

    def new_view_id(self) -> str:
        return f"V{secrets.token_hex(5).upper()}"

    def store_view(self, view: Mapping[str, Any], view_id: str) -> JsonDict:
        stored = {
            **view,
            "id": view_id,
            "team_id": self.team_id,
            "bot_id": self.bot_id,
            "hash": f"{self.next_ts()}.{secrets.token_hex(4)}",
            "state": {"values": {}},
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "root_view_id": view_id,
        }
        if stored["external_id"]:
            self.external_views[stored["external_id"]] = view_id
        self.views[view_id] = stored
        return stored
