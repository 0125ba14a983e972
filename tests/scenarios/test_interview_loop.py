"""The interview loop end to end (issue 10): schedules created, moved and cancelled in the sandbox Ashby over
its HTTP API (which sends its webhooks to the bot), the bot's clock moved by hand, and what each person got
read from the local Slack. No sleeping: each round runs at the moment the test sets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from ashby.sandbox.tables import Row
from ashby.store import RedisStore
from bot.app import build_bot
from bot.loopback.clock import MovableClock
from bot.loopback.session import PEOPLE, DemoSession, Exchange
from handlers.loop.reminders import ladder

from .notify_support import SBE, active_applications, candidate_name, dm_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

USED: set[str] = set()


def fresh_application(session: DemoSession, used: set[str] = USED) -> Row:
    """An active application with no seeded interviews of its own (those have reminders of their own)."""
    scheduled = {row["applicationId"] for row in session.sandbox.store.schedules}
    return next(app for app in active_applications(session, SBE, used=used) if app["id"] not in scheduled)


def next_monday(hour: int) -> datetime:
    today = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    days = (7 - today.weekday()) % 7 or 7
    return (today + timedelta(days=days)).replace(hour=hour)


MONDAY = next_monday(9)
CLOCK = MovableClock(MONDAY)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session() -> AsyncIterator[DemoSession]:
    async with DemoSession(candidates=300, notifications=True, clock=CLOCK) as demo:
        yield demo


async def create_schedule(
    session: DemoSession, application: Row, start: datetime, people: list[str], minutes: int = 60
) -> dict[str, Any]:
    """An interview scheduled in Ashby by someone else: the sandbox tells the bot by webhook."""
    assert session.bot is not None
    emails = [PEOPLE[p].email for p in people]
    schedule: dict[str, Any] = await session.bot.ashby.call(
        "interviewSchedule.create",
        {
            "applicationId": application["id"],
            "interviewEvents": [
                {
                    "startTime": start.isoformat(),
                    "endTime": (start + timedelta(minutes=minutes)).isoformat(),
                    "interviewers": [{"email": email} for email in emails],
                }
            ],
        },
    )
    await session.notifications_settled()
    return schedule


async def run_at(session: DemoSession, moment: datetime) -> list[Any]:
    """One round of the loop at ``moment``; what it posted or edited."""
    assert session.bot is not None
    mark = len(session.slack.messages)
    CLOCK.now = moment
    await session.bot.loop.run(session.bot.app.client)
    await session.notifications_settled()
    return [m for m in session.slack.messages[mark:] if m.kind in ("message", "update")]


def to(session: DemoSession, name: str, messages: list[Any], about: str | None = None) -> list[Any]:
    """What reached ``name`` (about the candidate ``about``: the seeded interviews have their own reminders)."""
    return [
        m for m in messages if m.channel == dm_of(session, name) and (about is None or about in m.text + str(m.blocks))
    ]


async def submit_scorecard(session: DemoSession, schedule: dict[str, Any], person: str) -> None:
    """``person`` submits their scorecard in Ashby, every field answered; the scorecard index then syncs."""
    assert session.bot is not None
    event = schedule["interviewEvents"][0]
    interviews = await session.bot.recruiting.reference.interviews()
    form_id = interviews[event["interviewId"]].feedback_form_definition_id
    form = await session.bot.ashby.call("feedbackFormDefinition.info", {"feedbackFormDefinitionId": form_id})
    submissions = [
        {"path": field["field"]["path"], "value": _answer(field["field"])}
        for section in form["formDefinition"]["sections"]
        for field in section["fields"]
    ]
    user = next(u for u in session.sandbox.store.users if u["email"] == PEOPLE[person].email)
    await session.bot.ashby.application_feedback_submit(
        schedule["applicationId"], form_id, submissions, user_id=user["id"], interview_event_id=event["id"]
    )
    assert session.bot.recruiting.scorecards is not None
    await session.bot.recruiting.scorecards.refresh()


def _answer(field: dict[str, Any]) -> Any:
    kind = field["type"]
    choices = [v["value"] for v in field.get("selectableValues") or []]
    return {
        "Score": {"score": 3},
        "Boolean": True,
        "ValueSelect": choices[0] if choices else "x",
        "MultiValueSelect": choices[:1],
        "RichText": {"type": "PlainText", "value": "Clear thinker."},
    }.get(kind, "Solid.")


async def test_a_briefing_comes_once_at_the_minute_and_follows_a_move_and_a_cancellation(
    session: DemoSession,
) -> None:
    assert session.bot is not None
    app = fresh_application(session)
    who = candidate_name(session, app)
    start = MONDAY + timedelta(hours=6)
    CLOCK.now = MONDAY
    schedule = await create_schedule(session, app, start, ["dana"])
    event_id = schedule["interviewEvents"][0]["id"]
    assert to(session, "dana", await run_at(session, start - timedelta(minutes=16)), who) == []
    sent = to(session, "dana", await run_at(session, start - timedelta(minutes=15)), who)
    assert len(sent) == 1 and sent[0].kind == "message"
    briefing = sent[0].text + str(sent[0].blocks)
    assert "Coming up" in briefing and "Submit feedback" in briefing and "ashby_submit_feedback" in briefing
    assert to(session, "dana", await run_at(session, start - timedelta(minutes=14)), who) == []  # once

    later = start + timedelta(hours=3)
    await session.bot.ashby.call(
        "interviewSchedule.update",
        {
            "interviewScheduleId": schedule["id"],
            "interviewEvent": {
                "interviewEventId": event_id,
                "startTime": later.isoformat(),
                "endTime": (later + timedelta(hours=1)).isoformat(),
                "interviewers": [{"email": PEOPLE["dana"].email}],
            },
        },
    )
    await session.notifications_settled()
    moved = to(session, "dana", await run_at(session, start - timedelta(minutes=10)), who)
    assert [m.kind for m in moved] == ["update"] and "Rescheduled" in str(moved[0].blocks)
    again = to(session, "dana", await run_at(session, later - timedelta(minutes=15)), who)
    assert [m.kind for m in again] == ["message"] and "Coming up" in again[0].text

    await session.bot.ashby.call("interviewSchedule.cancel", {"id": schedule["id"]})
    await session.notifications_settled()
    cancelled = to(session, "dana", await run_at(session, later - timedelta(minutes=5)), who)
    assert [m.kind for m in cancelled] == ["update"] and "Cancelled" in str(cancelled[0].blocks)
    assert to(session, "dana", await run_at(session, later - timedelta(minutes=4)), who) == []


async def test_scorecard_reminders_climb_the_ladder_stop_on_submit_and_escalate(session: DemoSession) -> None:
    app = fresh_application(session)
    who = candidate_name(session, app)
    start = MONDAY + timedelta(hours=1)
    CLOCK.now = MONDAY
    schedule = await create_schedule(session, app, start, ["tomas", "sam"])
    end = start + timedelta(hours=1)
    assert to(session, "tomas", await run_at(session, end + timedelta(minutes=59)), who) == []
    first = await run_at(session, end + timedelta(minutes=61))
    assert len(to(session, "tomas", first, who)) == 1 and len(to(session, "sam", first, who)) == 1
    assert (
        "How did" in to(session, "tomas", first, who)[0].text
        or "Scorecard due" in to(session, "tomas", first, who)[0].text
    )
    assert to(session, "tomas", await run_at(session, end + timedelta(minutes=70)), who) == []  # each step once

    await submit_scorecard(session, schedule, "sam")
    steps = ladder(end, first=timedelta(hours=1), days=3, tz=UTC)
    for step in steps[1:4]:
        posted = await run_at(session, step + timedelta(minutes=1))
        assert len(to(session, "tomas", posted, who)) == 1, posted  # one a working day
        assert to(session, "sam", posted, who) == []  # sam submitted: no more for him
    assert all(step.weekday() < 5 for step in steps)
    escalated = await run_at(session, steps[-1] + timedelta(minutes=1))
    for decider in ("dana", "priya"):  # the job's hiring manager and recruiter
        told = to(session, decider, escalated, who)
        assert any("still owe" in str(m.blocks) and f"<@{PEOPLE['tomas'].id}>" in str(m.blocks) for m in told), told
    assert to(session, "tomas", escalated, who) == []
    assert [m for m in await run_at(session, steps[-1] + timedelta(minutes=5)) if who in m.text + str(m.blocks)] == []


async def test_the_debrief_card_comes_once_when_the_last_scorecard_is_in(session: DemoSession) -> None:
    app = fresh_application(session)
    who = candidate_name(session, app)
    start = MONDAY + timedelta(hours=2)
    CLOCK.now = MONDAY
    schedule = await create_schedule(session, app, start, ["tomas", "sam"])
    end = start + timedelta(hours=1)
    await submit_scorecard(session, schedule, "tomas")
    early = await run_at(session, end + timedelta(minutes=5))
    assert [m for m in early if "Debrief" in m.text and who in m.text] == []
    await submit_scorecard(session, schedule, "sam")
    posted = await run_at(session, end + timedelta(minutes=6))
    for decider in ("dana", "priya"):
        cards = [m for m in to(session, decider, posted, who) if "Debrief" in m.text]
        assert len(cards) == 1, posted
        shown = str(cards[0].blocks)
        assert "2 scorecards" in shown and "Move to stage" in shown and "Reject" in shown
    assert [m for m in await run_at(session, end + timedelta(minutes=7)) if f"in for {who}" in m.text] == []
    # The hiring manager decides from the card: its menu starts the confirmed write flow.
    session.switch_user("dana")
    card = next(m for m in to(session, "dana", posted, who) if "Debrief" in m.text)
    shown = session.arrived_since(session.slack.messages.index(card), Exchange(messages=[]))[0]
    menu = next(n for n, (c, m) in shown.controls.items() if m is card and c.kind == "overflow")
    preview = await session.press(menu, "Reject")
    assert "Nothing changes in Ashby until you confirm" in str([m.blocks for m in preview.messages]), preview
    session.switch_user("priya")


async def test_two_instances_on_one_redis_brief_once(redis_url: str, redis_prefix: str) -> None:
    clock = MovableClock(MONDAY)
    store = RedisStore(redis_url, prefix=redis_prefix)
    async with DemoSession(candidates=300, notifications=True, clock=clock, store=store) as first:
        assert first.bot is not None
        second = build_bot(first.bot.settings, store=RedisStore(redis_url, prefix=redis_prefix), clock=clock)
        try:
            await second.start()
            await second.wait_ready()
            app = fresh_application(first, set())
            who = candidate_name(first, app)
            start = MONDAY + timedelta(hours=3)
            await create_schedule(first, app, start, ["morgan"])
            await second.calendar.refresh()  # it hears of the schedule by its own sync
            clock.now = start - timedelta(minutes=15)
            mark = len(first.slack.messages)
            await asyncio.gather(first.bot.loop.run(first.bot.app.client), second.loop.run(second.app.client))
            briefings = to(first, "morgan", first.slack.messages[mark:], who)
            assert len(briefings) == 1, briefings
        finally:
            await second.close()


async def test_interviews_over_before_the_bot_arrived_get_no_reminders(session: DemoSession) -> None:
    app = fresh_application(session)
    who = candidate_name(session, app)
    start = MONDAY - timedelta(days=2)  # a Saturday interview, before the bot's first round
    CLOCK.now = MONDAY
    await create_schedule(session, app, start, ["tomas"])
    posted = await run_at(session, MONDAY + timedelta(hours=1))
    assert to(session, "tomas", posted, who) == []
