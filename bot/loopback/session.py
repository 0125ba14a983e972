"""The whole bot against local stand-ins: the sandbox Ashby, a loopback Slack, and the real HTTP app.

``DemoSession`` is what ``ashby-bot demo`` drives from the terminal, and what the scenario tests drive
directly: every line typed becomes a real signed Slack request sent over HTTP to the bot, and every
answer is what arrived at the loopback Slack.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

import httpx
from pydantic import SecretStr

from ashby.sandbox import Sandbox, running_sandbox
from ashby.store import Store
from bot.app import Bot, build_bot
from bot.server import serving
from bot.settings import Settings

from .clock import MovableClock
from .forms import ModalForm
from .local_slack import LocalChannel, LocalSlack, LocalSlackUser, SlackMessage
from .render import Control, render_message
from .slack_requests import SignedRequest, SlackRequestFactory

CHANNEL = LocalChannel(id="C0RECRUIT", name="recruiting")
#: The people you can be in the demo: ``as dana`` switches. The guest has no Ashby account.
PEOPLE = {
    "priya": LocalSlackUser(
        "U0PRIYA", "priya", "Priya Natarajan", "priya.natarajan@acme.example", tz="America/New_York", tz_offset=-18000
    ),
    "dana": LocalSlackUser("U0DANA", "dana", "Dana Whitfield", "dana.whitfield@acme.example"),
    "morgan": LocalSlackUser(
        "U0MORGAN", "morgan", "Morgan Lee", "morgan.lee@acme.example", tz="Europe/London", tz_offset=0
    ),
    "tomas": LocalSlackUser(
        "U0TOMAS", "tomas", "Tomás Herrera", "tomas.herrera@acme.example", tz="Europe/Madrid", tz_offset=3600
    ),
    "sam": LocalSlackUser("U0SAM", "sam", "Sam Okafor", "sam.okafor@acme.example"),
    "guest": LocalSlackUser("U0GUEST", "guest", "Gus Guest", "gus@contractor.example"),
}
DM_CHANNELS = {name: LocalChannel(id=f"D0{user.id[2:]}", name=user.id, is_im=True) for name, user in PEOPLE.items()}
SETTLE_SECONDS = 0.15
#: Where the demo shows a Home tab (not a conversation).
HOME = "home"
ASHBY_LINK = re.compile(r"https://app\.ashbyhq\.com/\S+")
WEBHOOK_SECRET = "demo-webhook-secret"
#: A burst still becomes one message, but nobody at the demo waits ten seconds for it.
NOTIFY_GROUP_SECONDS = 1.0
STARTUP_SECONDS = 300


@dataclass
class Exchange:
    """What one line typed produced: the messages that arrived, with their buttons numbered."""

    messages: list[SlackMessage]
    controls: dict[int, tuple[Control, SlackMessage]] = field(default_factory=dict)


class DemoSession:
    def __init__(
        self,
        *,
        seed: int = 7,
        candidates: int = 3000,
        user: str = "priya",
        sandbox: Sandbox | None = None,
        store: Store | None = None,
        notifications: bool = False,
        webhooks: bool = True,
        quiet_hours: str = "off",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``notifications``: the bot tells hiring teams and subscribed channels about changes (off by default
        so a test sees only the answers it asked for). ``webhooks``: the sandbox sends its webhooks to the bot
        (off: the bot learns of changes from its syncs only). ``quiet_hours``: everyone's default (off, so the demo
        shows notifications whatever the hour)."""
        self.sandbox = sandbox or Sandbox(seed=seed, candidates=candidates)
        self.user = PEOPLE[user]
        # Everyone at the company is in Slack: the cast above, plus the sandbox's other Ashby users.
        self.colleagues = _colleagues(self.sandbox, {p.email for p in PEOPLE.values()})
        self.slack = LocalSlack(users=[*PEOPLE.values(), *self.colleagues], channels=[CHANNEL, *DM_CHANNELS.values()])
        self.signing_secret = secrets.token_hex(16)
        self.requests = SlackRequestFactory(self.signing_secret, team_id=self.slack.team_id)
        self.controls: dict[int, tuple[Control, SlackMessage]] = {}
        #: The modal the current person has open (Submit feedback's form), with their answers so far.
        self.form: ModalForm | None = None
        self._form_view_id = ""
        self.bot: Bot | None = None
        self.store = store
        self.notifications = notifications
        self.webhooks = webhooks
        self.quiet_hours = quiet_hours
        #: The bot's clock: real time unless a test gives its own; ``advance`` moves it.
        self.clock = clock or MovableClock()
        self.bot_url = ""
        self._stack = contextlib.AsyncExitStack()
        self._http = httpx.AsyncClient(timeout=10)

    async def __aenter__(self) -> Self:
        ashby_url = await self._stack.enter_async_context(running_sandbox(self.sandbox))
        await self.slack.start()
        self._stack.push_async_callback(self.slack.stop)
        settings = Settings(
            _env_file=None,
            SLACK_BOT_TOKEN=SecretStr(self.slack.bot_token),
            SLACK_SIGNING_SECRET=SecretStr(self.signing_secret),
            SLACK_API_URL=self.slack.api_url,
            ASHBY_API_KEY=SecretStr("sandbox"),
            ASHBY_API_URL=ashby_url,
            ASHBY_WEBHOOK_SECRET=SecretStr(WEBHOOK_SECRET) if self.webhooks else None,
            NOTIFICATIONS_ENABLED=self.notifications,
            QUIET_HOURS=self.quiet_hours,
            NOTIFY_GROUP_SECONDS=NOTIFY_GROUP_SECONDS,
        )
        self.bot = build_bot(settings, store=self.store, clock=self.clock)
        self._stack.push_async_callback(self.bot.close)
        self.bot_url = await self._stack.enter_async_context(serving(self.bot))
        if self.webhooks:
            self.sandbox.webhooks.point_to(f"{self.bot_url}/ashby/webhook", WEBHOOK_SECRET)
        await self.bot.start()
        async with asyncio.timeout(STARTUP_SECONDS):
            await self.bot.wait_ready()
        # Approvers get their offer cards at start-up; send them now so they don't interleave with answers.
        await self.bot.notify_approvers()
        return self

    async def notifications_settled(self, within: float = 10.0) -> None:
        """Wait until the sandbox's webhooks are in, the bot's event queue is empty and no outbox falls due
        in the next few seconds (what the demo waits for before showing what reached other people)."""
        assert self.bot is not None
        await self.sandbox.flush_webhooks()
        outbox = self.bot.delivery.outbox
        async with asyncio.timeout(within):
            while True:
                depth, _ = await self.bot.events.queue.backlog()
                if depth == 0 and not await outbox.due_soon(outbox.gap + 2.0):
                    return
                await asyncio.sleep(0.1)

    async def advance(self, by: timedelta) -> None:
        """Move the bot's clock by ``by`` (the demo's ``clock +2h``) and run what falls due then: the
        interview loop's briefings, reminders, debriefs and digests, and the notifications they cause."""
        assert self.bot is not None
        if not isinstance(self.clock, MovableClock):
            raise RuntimeError("this session's clock cannot be moved")
        self.clock.move(by)
        await self.bot.loop.run(self.bot.app.client)

    async def to_next_interview(self, before: timedelta = timedelta(minutes=15)) -> datetime | None:
        """Move the clock to ``before`` the current person's next interview (the demo's ``clock next``) and
        run what falls due; the interview's start, or None when they have none coming."""
        assert self.bot is not None
        now = self.clock()
        upcoming = [
            event.start_time
            for _, event in self.bot.calendar.events_between(now + before, now + timedelta(days=14))
            if any(person.email == self.user.email for person in event.interviewers)
        ]
        if not upcoming:
            return None
        await self.advance(min(upcoming) - before - now)
        return min(upcoming)

    def waiting_dms(self) -> int:
        """How many direct messages the current person has had from the bot (e.g. approval cards)."""
        return sum(1 for m in self.slack.messages if m.kind == "message" and m.channel.startswith("D") and self.sees(m))

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()
        await self._stack.aclose()

    def sees(self, message: SlackMessage) -> bool:
        """What the current person would see: channel messages, their own DMs and their ephemerals."""
        if message.kind in ("ephemeral", "response") and message.response_type != "in_channel":
            return message.user in (None, self.user.id)
        if message.channel.startswith("D"):
            return message.channel == self.dm_channel(self.user)
        return True

    @staticmethod
    def dm_channel(user: LocalSlackUser) -> str:
        """The bot's DM channel with ``user`` (LocalSlack opens ``D<id>`` for people without a preset one)."""
        preset = DM_CHANNELS.get(user.name)
        return preset.id if preset is not None and preset.name == user.id else f"D{user.id[1:]}"

    def switch_user(self, name: str) -> LocalSlackUser:
        self.user = PEOPLE[name]
        return self.user

    def act_as(self, user: LocalSlackUser) -> None:
        """Be any colleague in the workspace (tests use it for approvers outside the demo cast)."""
        self.user = user

    # -- sending ----------------------------------------------------------------------------------------

    async def post(self, request: SignedRequest) -> httpx.Response:
        """Send one signed request to the bot's ``/slack/events`` over HTTP."""
        return await self._http.post(f"{self.bot_url}/slack/events", content=request.body, headers=request.headers)

    async def command(self, text: str, *, channel: str = CHANNEL.id) -> Exchange:
        url = self.slack.new_response_url(channel, self.user.id)
        request = self.requests.slash_command(text, user_id=self.user.id, channel_id=channel, response_url=url)
        return await self._exchange(request)

    async def mention(self, text: str, *, channel: str = CHANNEL.id) -> Exchange:
        return await self._exchange(self.requests.app_mention(text, user_id=self.user.id, channel_id=channel))

    async def direct_message(self, text: str) -> Exchange:
        channel = self.dm_channel(self.user)
        return await self._exchange(self.requests.direct_message(text, user_id=self.user.id, channel_id=channel))

    async def press(self, number: int, choice: str | None = None) -> Exchange:
        """Press button ``number`` from the answers shown so far; for a menu, pick ``choice`` (an option's
        number or the start of its label; the first option when None)."""
        if number not in self.controls:
            raise KeyError(number)
        control, message = self.controls[number]
        if message.kind == "home":
            return await self._press_on_home(control, choice)
        url = self.slack.new_response_url(message.channel, self.user.id)
        option = None
        value = control.value
        if control.kind in ("select", "overflow") and control.options:
            label, value = _option(control.options, choice)
            option = {"text": {"type": "plain_text", "text": label}, "value": value}
        # Slack sends the message itself only for messages in the channel, not for ephemeral ones.
        public = message.kind == "message" or message.response_type == "in_channel"
        request = self.requests.block_action(
            action_id=control.action_id,
            value=value,
            user_id=self.user.id,
            channel_id=message.channel,
            response_url=url,
            block_id=control.block_id,
            selected_option=option,
            message={"ts": message.ts, "text": message.text, "blocks": message.blocks} if public else None,
            action_type="overflow" if control.kind == "overflow" else None,
        )
        return await self._exchange(request)

    async def open_home(self) -> Exchange:
        """Open the current person's Home tab (``app_home_opened``): the view the bot published, as a "home"
        message whose menus can be pressed like any other."""
        return await self._home(self.requests.app_home_opened(user_id=self.user.id))

    async def _home(self, request: SignedRequest) -> Exchange:
        before = self.slack.count("views.publish")
        response = await self.post(request)
        if response.status_code != 200:
            raise RuntimeError(f"the bot answered HTTP {response.status_code}")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                while self.slack.count("views.publish") == before:  # noqa: ASYNC110 - the stand-in has no signal
                    await asyncio.sleep(0.02)
        view_id = self.slack.workspace.home_views.get(self.user.id)
        view = self.slack.views.get(view_id) if view_id else None
        if view is None:
            return Exchange(messages=[])
        return self._numbered([SlackMessage("home", HOME, "Home", view.get("blocks", []), user=self.user.id)])

    async def paste(self, text: str, *, channel: str = CHANNEL.id) -> Exchange:
        """Post a message with Ashby links in it: Slack sends ``link_shared`` and the bot unfurls them."""
        urls = ASHBY_LINK.findall(text)
        ts = self.slack.workspace.next_ts()
        return await self._exchange(
            self.requests.link_shared(urls, user_id=self.user.id, channel_id=channel, message_ts=ts)
        )

    async def _press_on_home(self, control: Control, choice: str | None) -> Exchange:
        view_id = self.slack.workspace.home_views.get(self.user.id)
        view = {**self.slack.views.get(view_id or "", {}), "id": view_id}
        option = None
        value = control.value
        if control.options:
            label, value = _option(control.options, choice)
            option = {"text": {"type": "plain_text", "text": label}, "value": value}
        request = self.requests.block_action(
            action_id=control.action_id,
            value=value,
            user_id=self.user.id,
            channel_id="",
            response_url="",
            block_id=control.block_id,
            selected_option=option,
            view=view,
        )
        return await self._home(request)

    async def say(self, line: str) -> Exchange:
        """One line as typed in the demo: ``/ashby ...``, ``@ashby ...``, ``dm ...``, an Ashby link, or a
        button number."""
        line = line.strip()
        if ASHBY_LINK.search(line) and not line.startswith(("/ashby", "@", "dm ")):
            return await self.paste(line)
        number, _, choice = line.partition(" ")
        if number.isdigit():
            return await self.press(int(number), choice.strip() or None)
        if line.startswith("/ashby"):
            return await self.command(line.removeprefix("/ashby").strip())
        if line.startswith("dm "):
            return await self.direct_message(line[3:])
        if line.startswith("@"):
            _, _, rest = line.partition(" ")
            return await self.mention(rest)
        return await self.command(line)

    def arrived_since(self, mark: int, shown: Exchange) -> tuple[Exchange, list[SlackMessage]]:
        """What reached people after ``mark`` besides ``shown``: what the current person sees (with its
        buttons numbered, to press) and what went to others (notifications in their DMs)."""
        mine: list[SlackMessage] = []
        others: list[SlackMessage] = []
        for message in self.slack.messages[mark:]:
            if message.kind not in ("message", "update") or any(message is m for m in shown.messages):
                continue
            (mine if self.sees(message) else others).append(message)
        return self._numbered(mine), others

    async def submit_form(self) -> tuple[Exchange, dict[str, str]]:
        """Submit the open modal: what arrived, and the errors Slack would show on its fields (by label)."""
        form = self._open_form()
        request = self.requests.view_submission(
            callback_id=form.callback_id,
            values=form.state(),
            user_id=self.user.id,
            private_metadata=form.private_metadata,
            view_id=self._form_view_id,
        )
        answer: dict[str, Any] = {}
        exchange = await self._exchange(request, answer=answer)
        errors = answer.get("errors") if answer.get("response_action") == "errors" else None
        if isinstance(errors, dict):
            labels = {f.block_id: f.label for f in form.fields}
            return exchange, {labels.get(str(block), str(block)): str(text) for block, text in errors.items()}
        if answer.get("response_action") == "update" and isinstance(answer.get("view"), dict):
            self.form = ModalForm(answer["view"])  # e.g. "Thanks, submitted"
            if not self.form.fields:
                self.form = None
        else:
            self.form = None
        return exchange, {}

    async def close_form(self) -> Exchange:
        """Close the open modal with ✕ (the bot keeps the answers as a draft)."""
        form = self._open_form()
        self.form = None
        request = self.requests.view_closed(
            callback_id=form.callback_id,
            values=form.state(),
            user_id=self.user.id,
            private_metadata=form.private_metadata,
            view_id=self._form_view_id,
        )
        return await self._exchange(request)

    def _open_form(self) -> ModalForm:
        if self.form is None:
            raise RuntimeError("no form is open: press a Submit feedback button first")
        return self.form

    async def _exchange(self, request: SignedRequest, *, answer: dict[str, Any] | None = None) -> Exchange:
        seen = len(self.slack.messages)
        opened = self.slack.count("views.open")
        response = await self.post(request)
        if response.status_code != 200:
            raise RuntimeError(f"the bot answered HTTP {response.status_code}")
        if answer is not None and response.content:
            with contextlib.suppress(ValueError):
                answer.update(response.json())
        with contextlib.suppress(TimeoutError):  # an answer, or a modal opened
            async with asyncio.timeout(15 if answer is None else 2):
                while len(self.slack.messages) == seen and self.slack.count("views.open") == opened:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
        await asyncio.sleep(SETTLE_SECONDS)
        if self.slack.count("views.open") > opened:
            self._form_view_id, view = list(self.slack.views.items())[-1]
            self.form = ModalForm(view)
        return self._numbered([m for m in self.slack.messages[seen:] if self.sees(m)])

    def _numbered(self, messages: list[SlackMessage]) -> Exchange:
        exchange = Exchange(messages=messages)
        number = max(self.controls, default=0) + 1
        for message in messages:
            rendered = render_message(_as_dict(message), start_number=number)
            for control in rendered.controls:
                exchange.controls[control.number] = (control, message)
            number += len(rendered.controls)
        self.controls.update(exchange.controls)
        return exchange


def _colleagues(sandbox: Sandbox, known: set[str | None]) -> list[LocalSlackUser]:
    people = []
    for number, user in enumerate(sandbox.store.users):
        if user.get("email") in known or not user.get("isEnabled", True):
            continue
        name = f"{user.get('firstName', '')} {user.get('lastName', '')}".strip()
        handle = name.split()[0].lower() if name else "user"
        people.append(LocalSlackUser(f"U1{number:06d}", handle, name, user.get("email")))
    return people


def _option(options: tuple[tuple[str, str], ...], choice: str | None) -> tuple[str, str]:
    if choice is None:
        return options[0]
    if choice.isdigit() and 1 <= int(choice) <= len(options):
        return options[int(choice) - 1]
    wanted = choice.casefold()
    found = next((o for o in options if o[0].casefold().startswith(wanted)), None)
    found = found or next((o for o in options if wanted in o[0].casefold()), None)
    if found is None:
        raise KeyError(choice)
    return found


def _as_dict(message: SlackMessage) -> dict[str, Any]:
    return {"text": message.text, "blocks": message.blocks}
