"""Notifications end to end (issue 9): the sandbox Ashby changes, sends its signed webhooks to the bot over
HTTP, and the bot tells the hiring team by DM and the subscribed channels, through the local Slack.

One session for the module; each test moves its own applications and reads only what arrived after it
started. The clock is the test's: quiet hours are crossed by moving it, never by sleeping."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from ashby.events import Topic
from bot.loopback.clock import MovableClock
from bot.loopback.session import CHANNEL, PEOPLE, DemoSession, Exchange
from handlers.notify.preferences import NotificationSettings

from .notify_support import (
    SBE,
    VP_FINANCE,
    active_applications,
    archive_reason,
    candidate_name,
    change_stage,
    dm_of,
    job,
    next_stage,
    post_webhook,
    posts_since,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
#: Monday 2026-11-30 15:00 UTC: working hours for every demo person.
WORKING_HOURS = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
USED: set[str] = set()
CLOCK = MovableClock(WORKING_HOURS)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot() -> AsyncIterator[DemoSession]:
    async with DemoSession(candidates=400, notifications=True, clock=CLOCK) as session:
        assert (await session.command("subscribe Senior Backend Engineer")).messages
        yield session


@pytest_asyncio.fixture(loop_scope="module")
async def session(bot: DemoSession) -> AsyncIterator[DemoSession]:
    bot.switch_user("priya")
    CLOCK.now = WORKING_HOURS
    await bot.notifications_settled()
    yield bot
    bot.slack._faults.clear()


def said(exchange: Exchange) -> str:
    """Everything an exchange showed the person, as text."""
    return "\n".join(message.text for message in exchange.messages)


def no_contact_details(texts: list[str]) -> None:
    for text in texts:
        assert not EMAIL.search(text.replace("@ashbyhq.com", "")), text


async def test_a_move_reaches_the_hiring_team_and_the_subscribed_channel(session: DemoSession) -> None:
    app = next(active_applications(session, SBE, used=USED))
    stage = next_stage(session, app)
    name = candidate_name(session, app)
    mark = len(session.slack.messages)
    await change_stage(session, app, stage)
    await session.notifications_settled()
    posts = posts_since(session, mark)
    team = {dm_of(session, "dana"), dm_of(session, "priya"), dm_of(session, "jordan.blake@acme.example")}
    assert set(posts) == team | {CHANNEL.id}, posts
    for conversation, texts in posts.items():
        assert len(texts) == 1, (conversation, texts)
        assert f"{name} moved to {stage['title']}" in texts[0].replace("*", "")
        assert "Open in Ashby" in texts[0] and "Pipeline" in texts[0]
    # The write menu is for the people who may act, in their DM; never in the channel.
    assert "Move to stage" in posts[dm_of(session, "dana")][0]
    assert "Move to stage" not in posts[CHANNEL.id][0]
    no_contact_details([t for texts in posts.values() for t in texts])


async def test_a_new_application_an_archive_and_a_hire_each_reach_the_team_once(session: DemoSession) -> None:
    assert session.bot is not None
    apps = active_applications(session, SBE, used=USED)
    archived, hired = next(apps), next(apps)
    sbe = job(session, SBE)["id"]
    applications = session.sandbox.store.applications.rows
    someone = next(
        c for c in session.sandbox.store.candidates if all(applications[a]["jobId"] != sbe for a in c["applicationIds"])
    )
    mark = len(session.slack.messages)
    await session.bot.ashby.call("application.create", {"candidateId": someone["id"], "jobId": job(session, SBE)["id"]})
    reason = archive_reason(session)
    await change_stage(session, archived, next_stage(session, archived, "Archived"), archiveReasonId=reason["id"])
    await change_stage(session, hired, next_stage(session, hired, "Hired"))
    await session.notifications_settled()
    dana = posts_since(session, mark)[dm_of(session, "dana")]
    text = "\n".join(dana).replace("*", "")
    assert len(dana) == 1, dana  # three changes within the grouping window: one message
    assert "3 updates" in text
    assert f"{someone['name']} applied to {SBE}" in text
    assert f"{candidate_name(session, archived)} was archived ({reason['text']})" in text
    assert f"{candidate_name(session, hired)} was hired for {SBE}" in text
    # The channel hears the application and the hire, not the archive (not a default topic), and no reason.
    channel = "\n".join(posts_since(session, mark)[CHANNEL.id]).replace("*", "")
    assert someone["name"] in channel and candidate_name(session, hired) in channel
    assert candidate_name(session, archived) not in channel and reason["text"] not in channel


async def test_offer_news_reaches_the_team_and_a_retried_webhook_is_told_once(session: DemoSession) -> None:
    app = next(active_applications(session, SBE, used=USED))
    offer = {
        "id": str(uuid.uuid4()),
        "applicationId": app["id"],
        "acceptanceStatus": "Accepted",
        "offerStatus": "OfferAccepted",
        "latestVersion": {
            "id": str(uuid.uuid4()),
            "approvalStatus": "Approved",
            "salary": {"value": 1, "currencyCode": "USD"},
        },
    }
    mark = len(session.slack.messages)
    delivery = str(uuid.uuid4())
    for _ in range(3):  # Ashby retries a delivery with the same id
        assert await post_webhook(session, "offerUpdate", {"offer": offer}, delivery=delivery) == 200
    assert await post_webhook(session, "offerUpdate", {"offer": offer}) == 200  # the same news, sent again
    await session.notifications_settled()
    posts = posts_since(session, mark)
    texts = posts[dm_of(session, "priya")]
    assert len(texts) == 1 and "accepted the offer" in texts[0], texts
    assert "$" not in texts[0] and "USD" not in texts[0]  # compensation never appears
    assert "accepted the offer" in posts[CHANNEL.id][0]

    approved = {
        **offer,
        "id": str(uuid.uuid4()),
        "acceptanceStatus": "WaitingOnResponse",
        "offerStatus": "WaitingOnCandidateResponse",
    }
    mark = len(session.slack.messages)
    assert await post_webhook(session, "offerUpdate", {"offer": approved}) == 200
    await session.notifications_settled()
    assert "offer was approved" in posts_since(session, mark)[dm_of(session, "dana")][0]

    declined = {**offer, "id": str(uuid.uuid4()), "acceptanceStatus": "Declined", "offerStatus": "OfferDeclined"}
    mark = len(session.slack.messages)
    assert await post_webhook(session, "offerCreate", {"offer": {**declined, "acceptanceStatus": "Created"}}) == 200
    assert await post_webhook(session, "offerUpdate", {"offer": declined}) == 200
    await session.notifications_settled()
    text = "\n".join(posts_since(session, mark)[dm_of(session, "dana")])
    assert "An offer was created for" in text and "declined the offer" in text


async def test_a_hire_told_by_two_webhooks_is_one_notice(session: DemoSession) -> None:
    app = next(active_applications(session, SBE, used=USED))
    mark = len(session.slack.messages)
    await change_stage(session, app, next_stage(session, app, "Hired"))  # candidateStageChange + candidateHire
    await session.notifications_settled()
    texts = posts_since(session, mark)[dm_of(session, "dana")]
    assert len(texts) == 1 and texts[0].splitlines()[0].count("was hired") == 1, texts


async def test_a_confidential_jobs_news_never_reaches_a_channel(session: DemoSession) -> None:
    session.switch_user("morgan")
    assert "Subscribed" in said(await session.command("subscribe all jobs"))
    try:
        app = next(active_applications(session, VP_FINANCE, used=USED))
        mark = len(session.slack.messages)
        await change_stage(session, app, next_stage(session, app))
        await session.notifications_settled()
        posts = posts_since(session, mark)
        assert set(posts) == {dm_of(session, "morgan")}, posts  # its hiring team only, by DM
        refused = await session.command("subscribe VP of Finance")
        assert "confidential" in said(refused)
    finally:
        await session.command("unsubscribe all jobs")


async def test_a_muted_topic_is_not_sent_and_quiet_hours_hold_notices_until_morning(session: DemoSession) -> None:
    assert session.bot is not None
    preferences = session.bot.delivery.preferences
    await preferences.save(PEOPLE["priya"].id, NotificationSettings(muted=frozenset({Topic.MOVES})))
    # Dana keeps the default quiet hours (20-8) in her own zone: 23:30 there.
    await preferences.save(PEOPLE["dana"].id, NotificationSettings())
    dana_zone = ZoneInfo(PEOPLE["dana"].tz or "UTC")
    CLOCK.now = datetime(2026, 11, 30, 23, 30, tzinfo=dana_zone).astimezone(UTC)
    try:
        app = next(active_applications(session, SBE, used=USED))
        mark = len(session.slack.messages)
        await change_stage(session, app, next_stage(session, app))
        await session.notifications_settled()
        posts = posts_since(session, mark)
        assert dm_of(session, "priya") not in posts  # muted
        assert dm_of(session, "dana") not in posts  # quiet hours
        assert dm_of(session, "jordan.blake@acme.example") in posts and CHANNEL.id in posts
        CLOCK.now = datetime(2026, 12, 1, 8, 1, tzinfo=dana_zone).astimezone(UTC)
        await asyncio.sleep(1.5)  # one delivery round (they run every second)
        await session.notifications_settled()
        texts = posts_since(session, mark)[dm_of(session, "dana")]
        assert len(texts) == 1 and candidate_name(session, app) in texts[0]
    finally:
        await preferences.save(PEOPLE["priya"].id, NotificationSettings(quiet_from=None, quiet_until=None))
        await preferences.save(PEOPLE["dana"].id, NotificationSettings(quiet_from=None, quiet_until=None))


async def test_a_burst_of_archives_becomes_one_message_per_recipient(session: DemoSession) -> None:
    session.switch_user("priya")
    assert "Subscribed" in said(await session.command("subscribe Senior Backend Engineer archives"))
    try:
        apps = [next(active_applications(session, SBE, used=USED)) for _ in range(30)]
        reason = archive_reason(session)
        mark = len(session.slack.messages)
        await asyncio.gather(
            *(
                change_stage(session, app, next_stage(session, app, "Archived"), archiveReasonId=reason["id"])
                for app in apps
            )
        )
        await session.notifications_settled()
        posts = posts_since(session, mark)
        for conversation in (dm_of(session, "dana"), CHANNEL.id):
            assert len(posts[conversation]) == 1, posts[conversation]
            assert "30 updates" in posts[conversation][0]
        assert reason["text"] not in posts[CHANNEL.id][0]
    finally:
        await session.command("subscribe Senior Backend Engineer")


async def test_slack_rate_limits_are_waited_out_and_nothing_is_sent_twice(session: DemoSession) -> None:
    session.slack.fail_next("chat.postMessage", error="ratelimited", status=429, retry_after=1, times=2)
    app = next(active_applications(session, SBE, used=USED))
    mark = len(session.slack.messages)
    await change_stage(session, app, next_stage(session, app))
    await session.notifications_settled()
    posts = posts_since(session, mark)
    assert all(len(texts) == 1 for texts in posts.values()), posts
    assert len(posts) == 4, posts


async def test_subscribing_is_for_write_roles_in_a_channel_and_is_listed_and_undone(session: DemoSession) -> None:
    session.switch_user("dana")  # Limited Access: no write role
    refused = await session.command("subscribe all jobs")
    assert "write role" in said(refused)
    session.switch_user("priya")
    listing = said(await session.command("subscriptions"))
    assert SBE in listing
    in_dm = await session.command("subscribe all jobs", channel=dm_of(session, "priya"))
    assert "in the channel" in said(in_dm)
    unknown = await session.command("subscribe Senoir Backnd Enginer, offers and hires")
    assert "Subscribed" in said(unknown)  # typos resolve like any job name
    assert "offers, hires" in said(unknown)
    assert "No job or department" in said(await session.command("subscribe quantum basket weaving"))
    department = await session.command("subscribe engineering department hires")
    assert "Engineering" in said(department)
    assert "no longer" in said(await session.command("unsubscribe engineering"))
    await session.command("subscribe Senior Backend Engineer")  # back to the default topics


async def test_a_move_confirmed_in_slack_tells_the_others_not_the_person_who_made_it(session: DemoSession) -> None:
    app = next(active_applications(session, SBE, used=USED))
    name = candidate_name(session, app)
    stage = next_stage(session, app)
    preview = await session.command(f"move {name} to {stage['title']}")
    if "Which" in said(preview):  # a namesake: pick the one on this job
        pick = next(n for n, (c, _) in preview.controls.items() if SBE in (c.label or ""))
        preview = await session.press(pick)
    confirm = next(n for n, (c, _) in preview.controls.items() if c.action_id == "ashby_write_confirm")
    mark = len(session.slack.messages)
    await session.press(confirm)
    await session.notifications_settled()
    posts = posts_since(session, mark)
    assert dm_of(session, "priya") not in posts, posts[dm_of(session, "priya")]
    for conversation in (dm_of(session, "dana"), dm_of(session, "jordan.blake@acme.example"), CHANNEL.id):
        assert len(posts[conversation]) == 1 and f"{name}* moved to *{stage['title']}" in posts[conversation][0]


async def test_a_notice_refreshes_the_home_tab_of_people_who_use_it(session: DemoSession) -> None:
    await session.post(session.requests.app_home_opened(user_id=PEOPLE["dana"].id))
    await asyncio.sleep(0.5)
    published = session.slack.count("views.publish")
    app = next(active_applications(session, SBE, used=USED))
    await change_stage(session, app, next_stage(session, app))
    await session.notifications_settled()
    await asyncio.sleep(0.5)
    # Dana opened her Home: it is published again. Jordan never did: his is left alone.
    assert session.slack.count("views.publish") == published + 1
