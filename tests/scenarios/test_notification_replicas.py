"""Notifications across replicas and restarts, on one real Redis (issue 9): two app instances tell each person
once; an event accepted by an instance that then dies is told by the next one; without webhooks, the sync
tells the same news."""

from __future__ import annotations

import asyncio

import pytest

from ashby.sandbox import Sandbox
from ashby.store import RedisStore
from bot.app import build_bot
from bot.loopback.session import CHANNEL, DemoSession
from bot.server import serving

from .notify_support import (
    SBE,
    active_applications,
    candidate_name,
    change_stage,
    dm_of,
    next_stage,
    post_webhook,
    posts_since,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CANDIDATES = 300


async def test_two_instances_on_one_redis_tell_each_person_once(redis_url: str, redis_prefix: str) -> None:
    used: set[str] = set()
    first = DemoSession(candidates=CANDIDATES, store=RedisStore(redis_url, prefix=redis_prefix), notifications=True)
    async with first:
        assert first.bot is not None
        second = build_bot(first.bot.settings, store=RedisStore(redis_url, prefix=redis_prefix))
        async with serving(second) as second_url:
            await second.start()
            try:
                await first.command("subscribe Senior Backend Engineer")
                apps = [next(active_applications(first, SBE, used=used)) for _ in range(5)]
                mark = len(first.slack.messages)
                for app in apps:
                    await change_stage(first, app, next_stage(first, app))
                    # The same news again, delivered to the other instance (a retry landing on another replica).
                    application = await first.bot.ashby.call("application.info", {"applicationId": app["id"]})
                    first.bot_url, url = second_url, first.bot_url
                    try:
                        assert await post_webhook(first, "candidateStageChange", {"application": application}) == 200
                    finally:
                        first.bot_url = url
                await first.notifications_settled()
                await asyncio.sleep(2.5)  # both instances' delivery rounds have run
                posts = posts_since(first, mark)
                for conversation in (dm_of(first, "dana"), dm_of(first, "priya"), CHANNEL.id):
                    text = "\n".join(posts[conversation])
                    for app in apps:
                        assert text.count(f"{candidate_name(first, app)}* moved") == 1, (conversation, text)
            finally:
                await second.close()


async def test_an_event_accepted_before_a_crash_is_told_after_the_restart(redis_url: str, redis_prefix: str) -> None:
    used: set[str] = set()
    store_url = redis_url
    async with DemoSession(
        candidates=CANDIDATES, store=RedisStore(store_url, prefix=redis_prefix), notifications=True
    ) as doomed:
        assert doomed.bot is not None
        await doomed.bot.background.close()  # this instance accepts webhooks but will die before handling them
        app = next(active_applications(doomed, SBE, used=used))
        application = await doomed.bot.ashby.call("application.info", {"applicationId": app["id"]})
        moved = {**application, "currentInterviewStage": {**application["currentInterviewStage"]}}
        stage = next_stage(doomed, app)
        moved["currentInterviewStage"].update(id=stage["id"], title=stage["title"], type=stage["type"])
        assert await post_webhook(doomed, "candidateStageChange", {"application": moved}) == 200
        depth, _ = await doomed.bot.events.queue.backlog()
        assert depth == 1
        name = candidate_name(doomed, app)
    # A new instance (same seed: the same Ashby data) on the same Redis picks the event up.
    sandbox = Sandbox(seed=7, candidates=CANDIDATES)
    async with DemoSession(
        sandbox=sandbox, store=RedisStore(store_url, prefix=redis_prefix), notifications=True
    ) as restarted:
        await restarted.notifications_settled()
        texts = posts_since(restarted, 0).get(dm_of(restarted, "dana"), [])
        told = [t for t in texts if f"{name}* moved to *{stage['title']}" in t]
        assert len(told) == 1, texts


async def test_without_webhooks_the_sync_tells_the_same_news() -> None:
    used: set[str] = set()
    async with DemoSession(candidates=CANDIDATES, notifications=True, webhooks=False) as session:
        assert session.bot is not None
        await session.command("subscribe Senior Backend Engineer")
        app = next(active_applications(session, SBE, used=used))
        stage = next_stage(session, app)
        mark = len(session.slack.messages)
        await change_stage(session, app, stage)
        await session.bot.background.index_sync.run_once()  # the next incremental pass
        await session.notifications_settled()
        posts = posts_since(session, mark)
        for conversation in (dm_of(session, "dana"), dm_of(session, "priya"), CHANNEL.id):
            assert len(posts[conversation]) == 1, posts
            assert f"{candidate_name(session, app)}* moved to *{stage['title']}*" in posts[conversation][0]
        # A second pass sees nothing new and tells nothing again.
        mark = len(session.slack.messages)
        await session.bot.background.index_sync.run_once()
        await session.notifications_settled()
        assert posts_since(session, mark) == {}
        # A move confirmed in Slack is told at once, without waiting for a pass (the bot made it).
        other = next(active_applications(session, SBE, used=used))
        name = candidate_name(session, other)
        preview = await session.command(f"move {name} to {next_stage(session, other)['title']}")
        confirm = next(n for n, (c, _) in preview.controls.items() if c.action_id == "ashby_write_confirm")
        mark = len(session.slack.messages)
        await session.press(confirm)
        await session.notifications_settled()
        posts = posts_since(session, mark)
        assert f"{name}* moved" in posts[dm_of(session, "dana")][0]
        assert dm_of(session, "priya") not in posts  # she made the move
