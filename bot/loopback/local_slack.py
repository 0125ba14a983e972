"""A loopback stand-in for Slack's Web API and ``response_url``.

The terminal demo runs the whole bot against it with no Slack account, and scenario tests use it the way
bolt-python's own tests use their mock Web API server: point ``SLACK_API_URL`` at :attr:`LocalSlack.api_url`,
drive the app with signed requests, then assert on :attr:`LocalSlack.calls` and :attr:`LocalSlack.messages`.
It answers like Slack (``ok``/``error`` envelopes, the same error codes, 429 with ``Retry-After``) and rejects
cards that break a Block Kit limit, so an over-long card fails in a test instead of in a workspace.
It only ever binds to the address it is given (127.0.0.1 by default) and never talks to Slack.

This module is the server: HTTP, tokens, ``response_url`` hooks, injected faults and the log of calls. What
the workspace holds is in ``workspace``; what each Web API method does is in ``web_api``.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiohttp import web

from .web_api import MAX_TEXT_HARD, WebApiMethods, checked_message, opt_str, truthy
from .workspace import JsonDict, LocalChannel, LocalSlackUser, SlackError, SlackMessage, Workspace

__all__ = [
    "MAX_TEXT_HARD",
    "RESPONSE_URL_TTL",
    "RESPONSE_URL_USES",
    "ApiCall",
    "JsonDict",
    "LocalChannel",
    "LocalSlack",
    "LocalSlackUser",
    "SlackMessage",
]

RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60


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
        self._clock = clock
        self.workspace = Workspace(
            users=users, channels=channels, team_id=team_id, bot_user_id=bot_user_id, bot_id="B0LOCAL", clock=clock
        )
        self._methods = WebApiMethods(self.workspace, lambda: self.base_url).methods
        self.calls: list[ApiCall] = []
        self._hooks: dict[str, _ResponseHook] = {}
        self._faults: dict[str, _Fault] = {}
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    @property
    def team_id(self) -> str:
        return self.workspace.team_id

    @property
    def bot_user_id(self) -> str:
        return self.workspace.bot_user_id

    @property
    def bot_id(self) -> str:
        return self.workspace.bot_id

    @property
    def messages(self) -> list[SlackMessage]:
        """Everything people were shown, in order."""
        return self.workspace.messages

    @property
    def views(self) -> dict[str, JsonDict]:
        """Every view opened, updated or published, by view id."""
        return self.workspace.views

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

    def real_name(self, user_id: str) -> str | None:
        """How Slack shows this person, for drawing a mention as a name."""
        return self.workspace.real_name(user_id)

    def count(self, method: str) -> int:
        return sum(1 for call in self.calls if call.method == method)

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> list[SlackMessage]:  # noqa: ASYNC109
        """The messages that arrived since the last call, once there are at least ``count`` of them.

        Bolt acks first and answers in the background, so a test waits here rather than sleeping.
        """
        return await self.workspace.wait_for_messages(count, timeout)

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
                raise SlackError("unknown_method")
            if not token:
                raise SlackError("not_authed")
            if token != self.bot_token:
                raise SlackError("invalid_auth")
            body = {"ok": True, **handler(payload)}
            self.calls.append(ApiCall(method, payload, received))
            status = 200
        except SlackError as exc:
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
                raise SlackError("invalid_payload", status=400)
            payload = body
            self._reply(hook, payload)
        except SlackError as exc:
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
        raise SlackError(fault.error, status=fault.status)

    def _live_hook(self, key: str, now: float) -> _ResponseHook:
        hook = self._hooks.get(key)
        if hook is None:
            raise SlackError("no_service", status=404)
        if now - hook.created > RESPONSE_URL_TTL:
            raise SlackError("expired_url", status=404)
        if hook.uses >= RESPONSE_URL_USES:
            raise SlackError("used_url", status=404)
        hook.uses += 1
        return hook

    def _reply(self, hook: _ResponseHook, payload: JsonDict) -> None:
        delete_original = truthy(payload.get("delete_original"))
        text, blocks = ("", []) if delete_original else checked_message(payload, status=400)
        response_type = opt_str(payload.get("response_type")) or "ephemeral"
        ts = None
        if response_type == "in_channel" and not delete_original:
            # a public reply is a real message a later chat.update can target
            ts, _ = self.workspace.post(hook.channel_id, text, blocks, payload.get("thread_ts"))
        self.workspace.show(
            SlackMessage(
                kind="response",
                channel=hook.channel_id,
                text=text,
                blocks=blocks,
                ts=ts,
                thread_ts=opt_str(payload.get("thread_ts")),
                user=hook.user_id,
                response_type=response_type,
                replace_original=truthy(payload.get("replace_original")),
                delete_original=delete_original,
            )
        )


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
                raise SlackError("invalid_json")
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
                raise SlackError(f"invalid_{key}_format") from None
    return payload


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[len("bearer ") :].strip()
    return None
