"""The daily digest and approval nudges against the sandbox Ashby, a loopback Slack and one real Redis.

The sandbox is pinned to Tuesday 1 December 2026, 06:00 UTC, and every round is run at a moment the test
names (``Digests.run(client, now)``): nobody waits for 08:30. Each test uses its own days, so what one test
sent does not hide what another expects. Priya is in New York (08:30 there is 13:30 UTC), Tomás in Madrid
(07:30 UTC), the sandbox's other colleagues in Los Angeles (16:30 UTC).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
import redis

from ashby.sandbox import Sandbox
from ashby.store import RedisStore, Store
from blocks import payloads as p
from bot.loopback.clock import MovableClock
from bot.loopback.local_slack import SlackMessage
from bot.loopback.session import PEOPLE, DemoSession, Exchange
from bot.loopback.workspace import LocalSlackUser
from handlers.desk import Desk
from handlers.directory import SlackDirectory
from handlers.identity import Identity
from handlers.loop.digests import SEEN_KEY, Digests
from handlers.notify.preferences import NotificationSettings, Preferences

from .conftest import CANDIDATES
from .wire import Wire, record

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: Tuesday 1 December 2026, 06:00 UTC: the sandbox's "now" and where the bot's clock starts.
START = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
#: Nudges are tested on their own; the digest tests' rounds never nudge anyone.
NEVER = timedelta(days=3650)
NO_QUIET_HOURS = NotificationSettings(quiet_from=None, quiet_until=None)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session(redis_url: str) -> AsyncIterator[tuple[DemoSession, Wire, str]]:
    prefix = f"test:{uuid.uuid4().hex}:"
    sandbox = Sandbox(seed=7, candidates=CANDIDATES, now=START)
    wire = record(sandbox)
    store = RedisStore(redis_url, prefix=prefix)
    try:
        async with DemoSession(sandbox=sandbox, store=store, clock=MovableClock(START)) as demo:
            yield demo, wire, prefix
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def demo(session: tuple[DemoSession, Wire, str]) -> Iterator[DemoSession]:
    demo = session[0]
    demo.slack._faults.clear()
    yield demo
    demo.slack._faults.clear()


@pytest_asyncio.fixture(loop_scope="module", autouse=True)
async def everyone_at_their_defaults(session: tuple[DemoSession, Wire, str]) -> None:
    """Nobody has chosen anything about the digest (the admin's default decides) and nobody has quiet hours."""
    demo = session[0]
    assert demo.bot is not None
    preferences = Preferences(demo.bot.store)
    for user in [*PEOPLE.values(), *demo.colleagues]:
        await preferences.save(user.id, NO_QUIET_HOURS)


def digests(
    demo: DemoSession, *, default_on: bool = True, nudge_after: timedelta = NEVER, store: Store | None = None
) -> Digests:
    """A ``Digests`` over the session's bot, wired as ``bot.app`` wires it; ``store`` makes it another
    replica (its own connection to the same Redis)."""
    bot = demo.bot
    assert bot is not None
    store = store or bot.store
    identity = Identity(bot.recruiting.reference, store)
    preferences = Preferences(store, default=NO_QUIET_HOURS)
    desk = Desk(bot.approvals.answerer, bot.approvals, identity, preferences)
    directory = bot.approvals.directory if store is bot.store else SlackDirectory(store, bot.app.client)
    return Digests(desk, preferences, identity, directory, store, default_on=default_on, nudge_after=nudge_after)


async def run(demo: DemoSession, part: Digests, now: datetime) -> int:
    assert demo.bot is not None
    return await part.run(demo.bot.app.client, now)


def at(day: int, hour: int, minute: int, tz: str) -> datetime:
    """A local time in December 2026 (the 1st is a Tuesday), as the UTC instant ``run`` is given."""
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def madrid(day: int, hour: int = 8, minute: int = 30) -> datetime:
    return at(day, hour, minute, "Europe/Madrid")


def new_york(day: int, hour: int = 8, minute: int = 30) -> datetime:
    return at(day, hour, minute, "America/New_York")


def los_angeles(day: int, hour: int = 8, minute: int = 30) -> datetime:
    return at(day, hour, minute, "America/Los_Angeles")


def dms(demo: DemoSession, user: LocalSlackUser, mark: int = 0, *, starting: str = "Your day") -> list[SlackMessage]:
    """What the bot posted in its DM with ``user`` after ``mark`` whose fallback text starts with ``starting``."""
    channel = demo.dm_channel(user)
    return [
        message
        for message in demo.slack.messages[mark:]
        if message.kind == "message" and message.channel == channel and message.text.startswith(starting)
    ]


def all_digests(demo: DemoSession, mark: int) -> list[SlackMessage]:
    return [m for m in demo.slack.messages[mark:] if m.kind == "message" and m.text.startswith("Your day")]


def shown(message: SlackMessage) -> str:
    """The message's own text (mrkdwn, as posted), block by block."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for key, value in node.items():
                if key != "confirm":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.blocks)
    return "\n".join(found)


def line_with(text: str, *parts: str) -> str:
    return next((line for line in text.splitlines() if all(part in line for part in parts)), "")


def colleague(demo: DemoSession, real_name: str) -> LocalSlackUser:
    return next(user for user in demo.colleagues if user.real_name == real_name)


# -- the digest ------------------------------------------------------------------------------------------------


async def test_each_person_gets_it_at_0830_in_their_own_time_zone_and_not_before(demo: DemoSession) -> None:
    part = digests(demo)
    priya, tomas = PEOPLE["priya"], PEOPLE["tomas"]
    mark = len(demo.slack.messages)
    await run(demo, part, madrid(1, 8, 29))
    assert dms(demo, tomas, mark) == [] and dms(demo, priya, mark) == []

    await run(demo, part, madrid(1, 8, 30))
    assert len(dms(demo, tomas, mark)) == 1
    assert dms(demo, priya, mark) == []  # 02:30 in New York

    await run(demo, part, new_york(1, 8, 29))
    assert dms(demo, priya, mark) == []
    await run(demo, part, new_york(1, 8, 30))
    assert len(dms(demo, priya, mark)) == 1 and len(dms(demo, tomas, mark)) == 1

    # Tomás's: Jane Doe's onsite at 04:00 UTC is 5:00 AM his time
    tomas_digest = shown(dms(demo, tomas, mark)[0])
    assert "Tomás, your day · Tue, Dec 1" in tomas_digest
    assert "Today's interviews (1)* · times are yours (CET)" in tomas_digest
    assert line_with(tomas_digest, "*5:00 – 6:00 AM*", "Jane Doe", "Onsite")
    # Priya's: her day in New York, the offers waiting on her, her jobs' applicants and stale candidates
    priya_digest = shown(dms(demo, priya, mark)[0])
    assert "(EST)" in priya_digest and "Priya, your day · Tue, Dec 1" in priya_digest
    assert "Approvals waiting on you" in priya_digest and "Elena Rossi" in priya_digest
    assert "Stale in your jobs" in priya_digest and "14+ days in their stage" in priya_digest
    assert "Feedback you owe" in priya_digest
    assert "on weekdays at 08:30" in priya_digest


async def test_once_per_day_when_run_again_by_another_replica_and_after_a_restart(
    demo: DemoSession, session: tuple[DemoSession, Wire, str], redis_url: str
) -> None:
    prefix = session[2]
    first = digests(demo)
    other_store = RedisStore(redis_url, prefix=prefix)
    try:
        second = digests(demo, store=other_store)
        priya, tomas = PEOPLE["priya"], PEOPLE["tomas"]
        mark = len(demo.slack.messages)
        await run(demo, first, madrid(2, 8, 30))
        await run(demo, first, madrid(2, 8, 31))
        await run(demo, second, madrid(2, 8, 32))
        assert len(dms(demo, tomas, mark)) == 1

        # both replicas in the same round, at the same moment
        await asyncio.gather(run(demo, first, new_york(2, 8, 30)), run(demo, second, new_york(2, 8, 30)))
        await asyncio.gather(*(run(demo, part, new_york(2, 9, 0)) for part in (first, second, first, second)))
        restarted = digests(demo)
        await run(demo, restarted, new_york(2, 9, 15))
        assert len(dms(demo, priya, mark)) == 1
        assert len(dms(demo, tomas, mark)) == 1
    finally:
        await other_store.aclose()


async def test_nothing_on_saturday_or_sunday(demo: DemoSession) -> None:
    part = digests(demo)
    mark = len(demo.slack.messages)
    for day in (5, 6):
        for moment in (madrid(day), new_york(day), los_angeles(day), madrid(day, 9, 45), new_york(day, 10)):
            await run(demo, part, moment)
    assert all_digests(demo, mark) == []


async def test_nothing_is_sent_to_someone_with_nothing_to_say(
    demo: DemoSession, session: tuple[DemoSession, Wire, str]
) -> None:
    """Leah Cohen is on no hiring team, has no interviews and no approvals: her digest is settled as empty."""
    assert demo.bot is not None
    leah, renee = colleague(demo, "Leah Cohen"), colleague(demo, "Renée Fischer")
    part = digests(demo)
    mark = len(demo.slack.messages)
    await run(demo, part, los_angeles(1))
    assert dms(demo, leah, mark) == []
    assert await demo.bot.store.get(f"digest:{leah.id}:2026-12-01") == b"empty"
    assert len(dms(demo, renee, mark)) == 1  # the same round, someone with something to say
    assert await demo.bot.store.get(f"digest:{renee.id}:2026-12-01") == b"sent"


async def test_nothing_when_turned_off_and_only_for_those_who_opt_in(demo: DemoSession) -> None:
    assert demo.bot is not None
    preferences = Preferences(demo.bot.store)
    priya, tomas, sam, dana = PEOPLE["priya"], PEOPLE["tomas"], PEOPLE["sam"], PEOPLE["dana"]
    await preferences.save(tomas.id, NotificationSettings(quiet_from=None, quiet_until=None, digest=False))
    await preferences.save(sam.id, NotificationSettings(quiet_from=None, quiet_until=None, digest=True))
    everyone = digests(demo, default_on=True)
    mark = len(demo.slack.messages)
    await run(demo, everyone, madrid(3))
    await run(demo, everyone, new_york(3))
    assert dms(demo, tomas, mark) == []  # turned off, whatever the admin's default
    assert len(dms(demo, priya, mark)) == 1  # never chose: the admin's default (on)

    opt_in = digests(demo, default_on=False)
    await run(demo, opt_in, los_angeles(3))
    assert len(dms(demo, sam, mark)) == 1  # turned on
    assert dms(demo, dana, mark) == []  # never chose: the admin's default (off)


async def test_a_late_digest_is_sent_within_two_hours_and_skipped_after(demo: DemoSession) -> None:
    """The bot was down on Friday morning: Tomás's 08:30 digest is not sent at 10:31 (nor later that day),
    Priya's still is at 10:29; on Monday Tomás's comes again."""
    part = digests(demo)
    priya, tomas = PEOPLE["priya"], PEOPLE["tomas"]
    mark = len(demo.slack.messages)
    await run(demo, part, madrid(4, 10, 31))
    await run(demo, part, madrid(4, 16, 0))
    assert dms(demo, tomas, mark) == []
    await run(demo, part, new_york(4, 10, 29))
    assert len(dms(demo, priya, mark)) == 1
    await run(demo, part, madrid(7, 8, 45))
    assert len(dms(demo, tomas, mark)) == 1
    assert "Mon, Dec 7" in shown(dms(demo, tomas, mark)[0])


async def test_a_failed_post_is_tried_again_next_round(demo: DemoSession) -> None:
    """Slack refuses the post: the claim is released, and the next round sends it (once)."""
    part = digests(demo)
    tomas = PEOPLE["tomas"]
    mark = len(demo.slack.messages)
    demo.slack.fail_next("chat.postMessage", error="fatal_error", status=200)
    assert await run(demo, part, madrid(8, 8, 30)) == 0
    assert dms(demo, tomas, mark) == []
    assert await run(demo, part, madrid(8, 8, 31)) == 1
    await run(demo, part, madrid(8, 8, 32))
    assert len(dms(demo, tomas, mark)) == 1


async def test_a_round_costs_nothing_per_candidate(session: tuple[DemoSession, Wire, str]) -> None:
    """A round where nobody is due asks Ashby nothing; a digest asks only about its person's own jobs
    (applications created since the last digest) and the few candidates it shows."""
    demo, wire, _ = session
    part = digests(demo)
    await run(demo, part, madrid(9, 6, 0))  # warm: the user list, everyone's Slack id and time zone
    mark = wire.mark()
    await run(demo, part, madrid(9, 6, 2))
    assert wire.since(mark) == []
    mark = wire.mark()
    await run(demo, part, new_york(9, 8, 30))
    asked = wire.since(mark)
    assert asked, "Priya's digest reads her jobs' new applications"
    assert not {name for name, _ in asked} & {"candidate.list", "interviewSchedule.list", "applicationFeedback.list"}
    for name, body in asked:
        if name == "application.list":
            assert body.get("jobId") and body.get("createdAfter"), body


# -- approval nudges ---------------------------------------------------------------------------------------------


async def test_each_approver_is_nudged_once_after_the_wait(
    demo: DemoSession, session: tuple[DemoSession, Wire, str], redis_url: str
) -> None:
    """Elena Rossi's offer has waited on its second step (Priya and Morgan) since 30 hours before the sandbox's
    now. It was already that old when the bot first saw it, so the 24 hours count from then (its cards had
    just gone out): then each of them gets one nudge, with the card's Approve button."""
    bot = demo.bot
    assert bot is not None
    elena = next(o for o in await bot.recruiting.awaiting_approval() if o.candidate_name == "Elena Rossi")
    approval = next(
        a for a in await bot.recruiting.client.approvals(entity_type="offer") if a.entity_id == elena.version_id
    )
    step = approval.current_step()
    assert step is not None and step.id == elena.current_step_id
    requested = max(a.requested_at for a in step.approvers if a.requested_at is not None)
    wait = timedelta(hours=24)
    priya, morgan = PEOPLE["priya"], PEOPLE["morgan"]

    def nudges(user: LocalSlackUser, mark: int) -> list[SlackMessage]:
        return dms(demo, user, mark, starting="Reminder: Elena Rossi's offer")

    part = digests(demo, default_on=False, nudge_after=wait)
    mark = len(demo.slack.messages)
    await run(demo, part, START)  # 30 hours after the request, but the first time this bot sees it
    assert nudges(priya, mark) == [] and nudges(morgan, mark) == []
    seen = []
    for approver in step.approvers:
        key = SEEN_KEY.format(version=elena.version_id, step=step.id, ashby_user=approver.user_id)
        raw = await bot.store.get(key)
        assert raw is not None, key
        seen.append(datetime.fromisoformat(raw.decode()))
    since = max(requested, *seen)
    assert since >= START - timedelta(hours=2)  # the module's first round, not the request

    await run(demo, part, since + wait - timedelta(minutes=10))
    assert nudges(priya, mark) == [] and nudges(morgan, mark) == []

    await run(demo, part, since + wait + timedelta(minutes=1))
    assert len(nudges(priya, mark)) == 1 and len(nudges(morgan, mark)) == 1
    card = nudges(priya, mark)[0]
    hours = int((since + wait + timedelta(minutes=1) - requested).total_seconds() // 3600)  # since the request
    waited = f"{hours} hours" if hours < 48 else f"{hours // 24} days"
    assert f"⏰ Elena Rossi's offer has been waiting on your approval for {waited}." in shown(card)
    assert "Senior Backend Engineer" in shown(card) and "USD 185,000" in shown(card)
    approve = _approve_value(card.blocks)
    assert p.Approve.unpack(approve) == p.Approve(elena.id, elena.version_id or "", elena.current_step_id or "")

    # later rounds, another replica, a restart: still one each
    other_store = RedisStore(redis_url, prefix=session[2])
    try:
        await run(demo, part, since + wait + timedelta(hours=2))
        await run(demo, digests(demo, default_on=False, nudge_after=wait, store=other_store), since + wait * 2)
        await run(demo, digests(demo, default_on=False, nudge_after=wait), since + wait * 3)
    finally:
        await other_store.aclose()
    assert len(nudges(priya, mark)) == 1 and len(nudges(morgan, mark)) == 1

    # the button is the approval card's own: pressed, it approves the step as Priya
    demo.switch_user("priya")
    mine, _ = demo.arrived_since(mark, Exchange(messages=[]))
    number = next(n for n, (control, _) in mine.controls.items() if control.value == approve)
    answer = await demo.press(number)
    assert "You approved Elena Rossi's offer" in "\n".join(m.text for m in answer.messages)


def _approve_value(blocks: list[dict[str, Any]]) -> str:
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id") == p.Approve.ACTION:
                return str(element["value"])
    raise AssertionError("no Approve button")
