"""A loopback stand-in for Slack's Web API and ``response_url``.

The terminal demo runs the whole bot against it with no Slack account, and scenario tests use it the way
bolt-python's own tests use their mock Web API server: point ``SLACK_API_URL`` at :attr:`LocalSlack.api_url`,
drive the app with signed requests, then assert on :attr:`LocalSlack.calls` and :attr:`LocalSlack.messages`.
It answers like Slack (``ok``/``error`` envelopes, the same error codes, 429 with ``Retry-After``) and rejects
cards that break a Block Kit limit, so an over-long card fails in a test instead of in a workspace.
It only ever binds to the address it is given (127.0.0.1 by default) and never talks to Slack.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from blocks.limits import validate_message, validate_view

RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60
MAX_TEXT_HARD = 40_000  # Slack refuses longer text outright ("msg_too_long")

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
class ApiCall:
    """One request the bot made: a Web API method or a ``response_url`` post, and how it was answered."""

    method: str
    payload: JsonDict
    time: float
    error: str | None = None
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SlackMessage:
    """What a person would see appear in Slack."""

    kind: str  # "message" | "ephemeral" | "update" | "response"
    channel: str
    text: str
    blocks: list[JsonDict] = field(default_factory=list)
    ts: str | None = None
    thread_ts: str | None = None
    user: str | None = None  # who sees it, for ephemeral messages and response_url replies
    response_type: str | None = None
    replace_original: bool = False
    delete_original: bool = False


class _SlackError(Exception):
    """Answers a request with Slack's ``ok: false`` (Web API) or a bare error code (``response_url``)."""

    def __init__(self, error: str, *, status: int = 200, errors: Sequence[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.errors = tuple(errors)


@dataclass
class _Fault:
    error: str
    status: int
    retry_after: int
    remaining: int


@dataclass
class _ResponseHook:
    channel_id: str
    user_id: str
    created: float
    uses: int = 0


class LocalSlack:
    """Slack's Web API and response_url on 127.0.0.1, recording everything the bot does."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-local",
        users: Sequence[LocalSlackUser] = (),
        channels: Sequence[LocalChannel] = (),
        team_id: str = "T0LOCAL",
        bot_user_id: str = "UASHBYBOT",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.bot_token = bot_token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = "B0LOCAL"
        self._clock = clock
        self._users = {user.id: user for user in users}
        self._users.setdefault(
            bot_user_id,
            LocalSlackUser(id=bot_user_id, name="ashby", real_name="Ashby", email=None, is_bot=True),
        )
        self._channels = {channel.id: channel for channel in channels}
        self._ims = {channel.name: channel.id for channel in channels if channel.is_im}
        self.calls: list[ApiCall] = []
        self.messages: list[SlackMessage] = []
        self.views: dict[str, JsonDict] = {}
        self._posted: dict[tuple[str, str], JsonDict] = {}
        self._external_views: dict[str, str] = {}
        self._home_views: dict[str, str] = {}
        self._used_triggers: set[str] = set()
        self._hooks: dict[str, _ResponseHook] = {}
        self._faults: dict[str, _Fault] = {}
        self._seen = 0
        self._arrived = asyncio.Event()
        self._last_ts = 0
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._methods: dict[str, Callable[[JsonDict], JsonDict]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "reactions.add": self._reactions_add,
        }

    # -- lifecycle ------------------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on ``host:port`` (port 0 picks a free one); :attr:`api_url` is known once this returns."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{key}", self._handle_response_url)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._base_url = f"http://{bound_host}:{bound_port}/"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("LocalSlack is not started: await start() or use `async with`")
        return self._base_url

    @property
    def api_url(self) -> str:
        """The Web API base for ``SLACK_API_URL`` / ``AsyncWebClient(base_url=...)``."""
        return f"{self.base_url}api/"

    # -- test and demo helpers ------------------------------------------------------------------------------

    def new_response_url(self, channel_id: str, user_id: str) -> str:
        """A response_url for a command or click by ``user_id`` in ``channel_id``: 5 uses in 30 minutes."""
        key = secrets.token_urlsafe(16)
        self._hooks[key] = _ResponseHook(channel_id=channel_id, user_id=user_id, created=self._clock())
        return f"{self.base_url}response/{key}"

    def count(self, method: str) -> int:
        return sum(1 for call in self.calls if call.method == method)

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> list[SlackMessage]:  # noqa: ASYNC109
        """The messages that arrived since the last call, once there are at least ``count`` of them.

        Bolt acks first and answers in the background, so a test waits here rather than sleeping.
        """
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

    def fail_next(
        self,
        method: str,
        *,
        error: str = "ratelimited",
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (or ``"response_url"``) with this error."""
        self._faults[method] = _Fault(error=error, status=status, retry_after=retry_after, remaining=times)

    # -- HTTP -----------------------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        received = self._clock()
        payload: JsonDict = {}
        headers: dict[str, str] = {}
        try:
            payload = await _read_payload(request)
            token = _bearer(request.headers.get("Authorization")) or payload.pop("token", None)
            self._raise_fault(method, headers)
            handler = self._methods.get(method)
            if handler is None:
                raise _SlackError("unknown_method")
            if not token:
                raise _SlackError("not_authed")
            if token != self.bot_token:
                raise _SlackError("invalid_auth")
            body = {"ok": True, **handler(payload)}
            self.calls.append(ApiCall(method, payload, received))
            status = 200
        except _SlackError as exc:
            body = {"ok": False, "error": exc.error}
            if exc.errors:
                body["errors"] = list(exc.errors)
                body["response_metadata"] = {"messages": [f"[ERROR] {e}" for e in exc.errors]}
            self.calls.append(ApiCall(method, payload, received, exc.error, exc.errors))
            status = exc.status
        return web.json_response(body, status=status, headers=headers)

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        received = self._clock()
        payload: JsonDict = {}
        headers: dict[str, str] = {}
        try:
            self._raise_fault("response_url", headers)
            hook = self._live_hook(request.match_info["key"], received)
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise _SlackError("invalid_payload", status=400)
            payload = body
            self._reply(hook, payload)
        except _SlackError as exc:
            self.calls.append(ApiCall("response_url", payload, received, exc.error, exc.errors))
            return web.Response(text=exc.error, status=exc.status, headers=headers)
        self.calls.append(ApiCall("response_url", payload, received))
        return web.Response(text="ok")

    def _raise_fault(self, method: str, headers: dict[str, str]) -> None:
        fault = self._faults.get(method)
        if fault is None:
            return
        fault.remaining -= 1
        if fault.remaining <= 0:
            del self._faults[method]
        if fault.status == 429:
            headers["Retry-After"] = str(fault.retry_after)
        raise _SlackError(fault.error, status=fault.status)

    def _live_hook(self, key: str, now: float) -> _ResponseHook:
        hook = self._hooks.get(key)
        if hook is None:
            raise _SlackError("no_service", status=404)
        if now - hook.created > RESPONSE_URL_TTL:
            raise _SlackError("expired_url", status=404)
        if hook.uses >= RESPONSE_URL_USES:
            raise _SlackError("used_url", status=404)
        hook.uses += 1
        return hook

    def _reply(self, hook: _ResponseHook, payload: JsonDict) -> None:
        delete_original = _truthy(payload.get("delete_original"))
        text, blocks = ("", []) if delete_original else self._checked_message(payload, status=400)
        response_type = _opt_str(payload.get("response_type")) or "ephemeral"
        ts = None
        if response_type == "in_channel" and not delete_original:
            ts = self._next_ts()  # a public reply is a real message a later chat.update can target
            self._posted[(hook.channel_id, ts)] = self._message_json(text, blocks, ts, payload.get("thread_ts"))
        self._show(
            SlackMessage(
                kind="response",
                channel=hook.channel_id,
                text=text,
                blocks=blocks,
                ts=ts,
                thread_ts=_opt_str(payload.get("thread_ts")),
                user=hook.user_id,
                response_type=response_type,
                replace_original=_truthy(payload.get("replace_original")),
                delete_original=delete_original,
            )
        )

    # -- Web API methods ------------------------------------------------------------------------------------

    def _auth_test(self, _: JsonDict) -> JsonDict:
        return {
            "url": self.base_url,
            "team": "Local Workspace",
            "user": self._users[self.bot_user_id].name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, payload: JsonDict) -> JsonDict:
        return {"user": self._user_json(self._user(payload.get("user")))}

    def _users_lookup_by_email(self, payload: JsonDict) -> JsonDict:
        email = str(payload.get("email") or "").casefold()
        for user in self._users.values():
            if email and user.email is not None and user.email.casefold() == email:
                return {"user": self._user_json(user)}
        raise _SlackError("users_not_found")

    def _conversations_info(self, payload: JsonDict) -> JsonDict:
        channel = self._channels.get(str(payload.get("channel")))
        if channel is None:
            raise _SlackError("channel_not_found")
        return {"channel": self._channel_json(channel)}

    def _conversations_open(self, payload: JsonDict) -> JsonDict:
        users = [u for u in str(payload.get("users") or "").split(",") if u]
        if not users:
            raise _SlackError("users_list_not_supplied")
        if len(users) > 1:
            raise _SlackError("not_supported_by_local_slack")  # group DMs: the bot only opens 1:1 DMs
        user = self._user(users[0])
        existed = user.id in self._ims
        channel_id = self._open_im(user.id)
        return {"no_op": existed, "already_open": existed, "channel": {"id": channel_id}}

    def _chat_post_message(self, payload: JsonDict) -> JsonDict:
        channel = self._resolve_channel(payload.get("channel"))
        text, blocks = self._checked_message(payload)
        ts = self._next_ts()
        thread_ts = _opt_str(payload.get("thread_ts"))
        message = self._message_json(text, blocks, ts, thread_ts)
        self._posted[(channel, ts)] = message
        self._show(SlackMessage("message", channel, text, blocks, ts=ts, thread_ts=thread_ts))
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, payload: JsonDict) -> JsonDict:
        channel = self._resolve_channel(payload.get("channel"))
        user = self._user(payload.get("user"))
        text, blocks = self._checked_message(payload)
        ts = self._next_ts()
        thread_ts = _opt_str(payload.get("thread_ts"))
        self._show(SlackMessage("ephemeral", channel, text, blocks, ts=ts, thread_ts=thread_ts, user=user.id))
        return {"message_ts": ts}

    def _chat_update(self, payload: JsonDict) -> JsonDict:
        channel, ts, message = self._find_message(payload, "ts")
        # Slack keeps the old blocks when none are sent; the text is always replaced.
        update = {"text": payload.get("text", ""), "blocks": payload.get("blocks", message.get("blocks", []))}
        text, blocks = self._checked_message(update)
        message.update(text=text, blocks=blocks, edited={"user": self.bot_user_id, "ts": self._next_ts()})
        thread_ts = _opt_str(message.get("thread_ts"))
        self._show(SlackMessage("update", channel, text, blocks, ts=ts, thread_ts=thread_ts))
        return {"channel": channel, "ts": ts, "text": text, "message": message}

    def _chat_delete(self, payload: JsonDict) -> JsonDict:
        channel, ts, _ = self._find_message(payload, "ts")
        del self._posted[(channel, ts)]
        return {"channel": channel, "ts": ts}

    def _chat_get_permalink(self, payload: JsonDict) -> JsonDict:
        channel, ts, _ = self._find_message(payload, "message_ts")
        return {"channel": channel, "permalink": f"{self.base_url}archives/{channel}/p{ts.replace('.', '')}"}

    def _views_open(self, payload: JsonDict) -> JsonDict:
        trigger_id = _opt_str(payload.get("trigger_id"))
        if not trigger_id:
            raise _SlackError("invalid_trigger_id")
        if trigger_id in self._used_triggers:
            raise _SlackError("exchanged_trigger_id")
        view = _checked_view(payload.get("view"))
        self._used_triggers.add(trigger_id)
        return {"view": self._store_view(view, f"V{secrets.token_hex(5).upper()}")}

    def _views_update(self, payload: JsonDict) -> JsonDict:
        view_id = _opt_str(payload.get("view_id")) or self._external_views.get(str(payload.get("external_id")))
        if view_id is None or view_id not in self.views:
            raise _SlackError("not_found")
        self._check_hash(view_id, payload)
        return {"view": self._store_view(_checked_view(payload.get("view")), view_id)}

    def _views_publish(self, payload: JsonDict) -> JsonDict:
        user = self._user(payload.get("user_id"))
        view = _checked_view(payload.get("view"))
        if view.get("type") != "home":
            raise _SlackError("invalid_arguments", errors=["type: views.publish takes a home view"])
        view_id = self._home_views.get(user.id)
        if view_id is not None:
            self._check_hash(view_id, payload)
        view_id = view_id or f"V{secrets.token_hex(5).upper()}"
        self._home_views[user.id] = view_id
        return {"view": self._store_view(view, view_id)}

    def _reactions_add(self, payload: JsonDict) -> JsonDict:
        _, _, message = self._find_message(payload, "timestamp")
        name = _opt_str(payload.get("name"))
        if not name:
            raise _SlackError("invalid_name")
        reactions: list[JsonDict] = message.setdefault("reactions", [])
        if any(r["name"] == name for r in reactions):
            raise _SlackError("already_reacted")
        reactions.append({"name": name, "users": [self.bot_user_id], "count": 1})
        return {}

    # -- state ----------------------------------------------------------------------------------------------

    def _show(self, message: SlackMessage) -> None:
        self.messages.append(message)
        self._arrived.set()

    def _next_ts(self) -> str:
        """Slack-style ``seconds.micros`` timestamps, strictly increasing like real message ids."""
        micros = max(int(self._clock() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def real_name(self, user_id: str) -> str | None:
        """How Slack shows this person, for drawing a mention as a name."""
        user = self._users.get(user_id)
        return user.real_name if user is not None else None

    def _user(self, user_id: object) -> LocalSlackUser:
        user = self._users.get(str(user_id))
        if user is None:
            raise _SlackError("user_not_found")
        return user

    def _open_im(self, user_id: str) -> str:
        channel_id = self._ims.get(user_id)
        if channel_id is None:
            channel_id = f"D{user_id[1:]}"
            while channel_id in self._channels:
                channel_id += "X"
            self._channels[channel_id] = LocalChannel(id=channel_id, name=user_id, is_im=True)
            self._ims[user_id] = channel_id
        return channel_id

    def _resolve_channel(self, value: object) -> str:
        """Like Slack: a conversation id, a user id (their DM with the bot) or a ``#name``."""
        key = str(value or "")
        if key in self._channels:
            return key
        if key in self._users:
            return self._open_im(key)
        for channel in self._channels.values():
            if not channel.is_im and channel.name == key.removeprefix("#"):
                return channel.id
        raise _SlackError("channel_not_found")

    def _find_message(self, payload: JsonDict, ts_field: str) -> tuple[str, str, JsonDict]:
        channel = self._resolve_channel(payload.get("channel"))
        ts = str(payload.get(ts_field) or "")
        message = self._posted.get((channel, ts))
        if message is None:
            raise _SlackError("message_not_found")
        return channel, ts, message

    def _checked_message(self, payload: Mapping[str, Any], *, status: int = 200) -> tuple[str, list[JsonDict]]:
        """The text and blocks of a message Slack would accept, else Slack's error for it."""
        text, blocks = payload.get("text"), payload.get("blocks")
        if not text and not blocks and not payload.get("attachments"):
            raise _SlackError("no_text", status=status)
        if isinstance(text, str) and len(text) > MAX_TEXT_HARD:
            raise _SlackError("msg_too_long", status=status)
        errors = validate_message(payload)
        if errors:
            raise _SlackError("invalid_blocks", status=status, errors=errors)
        return str(text), list(blocks or [])

    def _check_hash(self, view_id: str, payload: JsonDict) -> None:
        expected = _opt_str(payload.get("hash"))
        if expected is not None and expected != self.views[view_id]["hash"]:
            raise _SlackError("hash_conflict")

    def _store_view(self, view: Mapping[str, Any], view_id: str) -> JsonDict:
        stored = {
            **view,
            "id": view_id,
            "team_id": self.team_id,
            "bot_id": self.bot_id,
            "hash": f"{self._next_ts()}.{secrets.token_hex(4)}",
            "state": {"values": {}},
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "root_view_id": view_id,
        }
        if stored["external_id"]:
            self._external_views[stored["external_id"]] = view_id
        self.views[view_id] = stored
        return stored

    def _message_json(self, text: str, blocks: list[JsonDict], ts: str, thread_ts: object) -> JsonDict:
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
        return message

    def _user_json(self, user: LocalSlackUser) -> JsonDict:
        profile: JsonDict = {"real_name": user.real_name, "display_name": user.name, "team": self.team_id}
        if user.email is not None:
            profile["email"] = user.email
        if user.is_bot:
            profile["bot_id"] = self.bot_id
        return {
            "id": user.id,
            "team_id": self.team_id,
            "name": user.name,
            "deleted": user.deleted,
            "real_name": user.real_name,
            "tz": user.tz,
            "tz_offset": user.tz_offset,
            "is_bot": user.is_bot,
            "is_admin": False,
            "is_app_user": False,
            "profile": profile,
        }

    def _channel_json(self, channel: LocalChannel) -> JsonDict:
        if channel.is_im:
            # Slack's IM objects carry no name and no is_private: privacy checks must look at is_im too.
            im: JsonDict = {"id": channel.id, "is_im": True, "is_channel": False, "is_group": False}
            im.update(is_mpim=False, is_open=True, user=channel.name, is_user_deleted=False)
            return im
        legacy_group = channel.is_private and channel.id.startswith("G")
        return {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not legacy_group,
            "is_group": legacy_group,
            "is_im": False,
            "is_mpim": False,
            "is_private": channel.is_private,
            "is_archived": False,
            "is_general": False,
            "is_member": True,
        }


async def _read_payload(request: web.Request) -> JsonDict:
    """Query string plus a JSON or form body, form-encoded ``blocks`` / ``view`` decoded as Slack does."""
    payload: JsonDict = dict(request.query)
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise _SlackError("invalid_json")
            payload.update(body)
        else:
            form = await request.post()
            payload.update({key: value for key, value in form.items() if isinstance(value, str)})
    for key in ("blocks", "attachments", "view"):
        value = payload.get(key)
        if isinstance(value, str):
            try:
                payload[key] = json.loads(value)
            except ValueError:
                raise _SlackError(f"invalid_{key}_format") from None
    return payload


def _checked_view(view: object) -> JsonDict:
    if not isinstance(view, dict):
        raise _SlackError("invalid_arguments", errors=["view: missing"])
    errors = validate_view(view)
    if errors:
        raise _SlackError("invalid_arguments", errors=errors)
    return view


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[len("bearer ") :].strip()
    return None


def _truthy(value: object) -> bool:
    return value is True or value == "true"


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
