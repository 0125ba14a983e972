"""Ashby links pasted in Slack unfurl into a compact card, filtered for the conversation's audience.

Driven like the rest of the scenarios: a signed ``link_shared`` event goes to the bot over HTTP, and what the
loopback Slack recorded for ``chat.unfurl`` is inspected. The URL parser's tolerance is tested at the end.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.sandbox import Fault
from ashby.sandbox.tables import Row, Tables
from blocks.limits import validate_message
from blocks.payloads import LINK, OpenPipeline
from bot.loopback.local_slack import LocalChannel, LocalSlackUser
from bot.loopback.session import CHANNEL, PEOPLE, DemoSession
from bot.loopback.workspace import SlackUnfurl
from handlers.unfurls import MAX_LINKS, AshbyLink, parse_link, parse_links

scenario = pytest.mark.asyncio(loop_scope="module")
T = TypeVar("T")

APP = "https://app.ashbyhq.com"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
#: How long a card may take to arrive, and how long to wait before deciding that none will.
ARRIVES_WITHIN = 15.0
SETTLE_SECONDS = 0.5
#: A DM between two people (not with the bot): its messages are seen by both.
PEOPLES_DM = LocalChannel(id="D0PRIYAMORGAN", name=PEOPLE["morgan"].id, is_im=True)


# -- what the sandbox holds -----------------------------------------------------------------------------------------


def store(demo: DemoSession) -> Tables:
    return demo.sandbox.store


def candidate(demo: DemoSession, email: str) -> Row:
    return next(c for c in store(demo).candidates if any(e[0] == email for e in c["emails"]))


def application_of(demo: DemoSession, email: str) -> Row:
    row = store(demo).applications.get(candidate(demo, email)["applicationIds"][0])
    assert row is not None
    return row


def job(demo: DemoSession, title: str) -> Row:
    return next(j for j in store(demo).jobs if j["title"] == title)


def stage_title(demo: DemoSession, stage_id: str) -> str:
    row = store(demo).stages.get(stage_id)
    assert row is not None
    return str(row["title"])


def active_count(demo: DemoSession, title: str) -> int:
    job_id = job(demo, title)["id"]
    return sum(1 for a in store(demo).applications if a["jobId"] == job_id and a["status"] == "Active")


def profile(demo: DemoSession, email: str) -> str:
    return f"{APP}/candidates/{candidate(demo, email)['id']}"


def job_link(demo: DemoSession, title: str) -> str:
    return f"{APP}/jobs/{job(demo, title)['id']}"


# -- pasting links --------------------------------------------------------------------------------------------------


async def paste(
    demo: DemoSession, urls: list[str], *, user: LocalSlackUser, channel: str = CHANNEL.id, retries: int = 0
) -> str:
    """``user`` posts a message with ``urls`` in ``channel`` (Slack retrying the delivery ``retries`` times);
    the message's ts."""
    ts = demo.slack.workspace.next_ts()
    request = demo.requests.link_shared(urls, user_id=user.id, channel_id=channel, message_ts=ts)
    for attempt in range(retries + 1):
        response = await demo.post(request if attempt == 0 else request.with_retry(attempt))
        assert response.status_code == 200
    return ts


async def eventually(check: Callable[[], T]) -> T:
    """``check()`` once it is truthy (the bot acks first and works after, so tests wait, never sleep blindly)."""
    async with asyncio.timeout(ARRIVES_WITHIN):
        while True:
            found = check()
            if found:
                return found
            await asyncio.sleep(0.02)


async def unfurled(demo: DemoSession, channel: str, ts: str) -> dict[str, SlackUnfurl]:
    """The cards attached under the message, once there are some."""
    cards = await eventually(lambda: demo.slack.workspace.unfurled(channel, ts))
    await asyncio.sleep(0.05)  # a second call (there must be none) would have arrived by now
    return {**cards, **demo.slack.workspace.unfurled(channel, ts)}


async def nothing_unfurled(demo: DemoSession, channel: str, ts: str) -> None:
    """No card under the message: checked once a later paste by someone with access has been unfurled (the
    bot has had time for this one), and a little after."""
    control = await paste(demo, [profile(demo, "jane.doe@example.com")], user=PEOPLE["priya"])
    await unfurled(demo, CHANNEL.id, control)
    await asyncio.sleep(SETTLE_SECONDS)
    assert demo.slack.workspace.unfurled(channel, ts) == {}
    assert not [c for c in unfurl_calls(demo) if c.payload.get("ts") == ts]


def unfurl_calls(demo: DemoSession) -> list[Any]:
    return [call for call in demo.slack.calls if call.method == "chat.unfurl"]


def shown(card: SlackUnfurl) -> str:
    """Everything the card shows or carries, as one string to search."""
    return str(card.blocks)


def buttons(card: SlackUnfurl) -> dict[str, dict[str, Any]]:
    return {e["text"]["text"]: e for b in card.blocks if b["type"] == "actions" for e in b["elements"]}


def assert_fits(card: SlackUnfurl) -> None:
    assert validate_message({"text": card.url, "blocks": card.blocks}) == []
    assert len(card.blocks) <= 4, "an unfurl is compact"


# -- scenarios ------------------------------------------------------------------------------------------------------


@scenario
async def test_a_candidate_link_unfurls_in_a_channel_without_contact_details(demo: DemoSession) -> None:
    url = profile(demo, "jane.doe@example.com")
    ts = await paste(demo, [url], user=PEOPLE["priya"])
    card = (await unfurled(demo, CHANNEL.id, ts))[url]
    assert card.channel == CHANNEL.id and card.ts == ts
    text = shown(card)
    assert "Jane Doe" in text and "Senior Backend Engineer" in text and "Onsite" in text and "Active" in text
    for private in ("jane.doe@example.com", "+1 415", "Latest feedback", "Strong", "Hire*"):
        assert private not in text, private
    found = buttons(card)
    assert found["Open in Ashby"]["action_id"] == LINK and found["Open in Ashby"]["url"] == url
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline(job(demo, "Senior Backend Engineer")["id"])
    assert_fits(card)
    assert not [m for m in demo.slack.messages if m.kind in ("message", "ephemeral") and m.ts == ts]


@scenario
async def test_application_links_unfurl_that_application(demo: DemoSession) -> None:
    app = application_of(demo, "lukasz.zolc@example.com")
    by_query = f"{APP}/candidates/{app['candidateId']}?applicationId={app['id']}"
    by_path = f"{APP}/applications/{app['id']}/"
    ts = await paste(demo, [by_query, by_path], user=PEOPLE["priya"])
    cards = await unfurled(demo, CHANNEL.id, ts)
    assert set(cards) == {by_query, by_path}
    for card in cards.values():
        text = shown(card)
        assert "Łukasz Żółć" in text and "Senior Backend Engineer" in text
        assert stage_title(demo, app["stageId"]) in text
        assert "lukasz.zolc@example.com" not in text and "+48" not in text
        assert_fits(card)


@scenario
async def test_a_job_link_unfurls_with_active_counts(demo: DemoSession) -> None:
    url = job_link(demo, "Product Designer") + "/pipeline?tab=active#top"
    ts = await paste(demo, [url], user=PEOPLE["priya"])
    card = (await unfurled(demo, CHANNEL.id, ts))[url]
    text = shown(card)
    assert "Product Designer" in text and "Open" in text and "Design" in text and "New York" in text
    assert f"{active_count(demo, 'Product Designer')} active candidate" in text
    found = buttons(card)
    assert found["Open in Ashby"]["url"] == job_link(demo, "Product Designer")
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline(job(demo, "Product Designer")["id"])
    assert_fits(card)


@scenario
async def test_confidential_links_stay_out_of_channels(demo: DemoSession) -> None:
    # Morgan is an admin on the confidential job's hiring team: allowed to see it, but not to show it here.
    victoria, vp, jane = (
        profile(demo, "victoria.chen@example.com"),
        job_link(demo, "VP of Finance"),
        profile(demo, "jane.doe@example.com"),
    )
    ts = await paste(demo, [victoria, vp, jane], user=PEOPLE["morgan"])
    cards = await unfurled(demo, CHANNEL.id, ts)
    assert set(cards) == {jane}
    in_channel = str([m for m in demo.slack.messages if m.channel == CHANNEL.id])
    assert "VP of Finance" not in in_channel and "Victoria" not in in_channel


@scenario
async def test_confidential_links_unfurl_in_the_bot_dm_for_someone_allowed(demo: DemoSession) -> None:
    morgan = PEOPLE["morgan"]
    dm = demo.dm_channel(morgan)
    victoria, vp = profile(demo, "victoria.chen@example.com"), job_link(demo, "VP of Finance")
    ts = await paste(demo, [victoria, vp], user=morgan, channel=dm)
    cards = await unfurled(demo, dm, ts)
    assert set(cards) == {victoria, vp}
    assert "Victoria Chen" in shown(cards[victoria]) and "VP of Finance 🔒" in shown(cards[victoria])
    assert "victoria.chen@example.com" in shown(cards[victoria]), "the bot's DM shows what the asker may see"
    assert "VP of Finance 🔒" in shown(cards[vp])
    for card in cards.values():
        assert_fits(card)


@scenario
async def test_a_dm_between_people_counts_as_public(demo: DemoSession) -> None:
    demo.slack.workspace.channels.setdefault(PEOPLES_DM.id, PEOPLES_DM)
    victoria, jane = profile(demo, "victoria.chen@example.com"), profile(demo, "jane.doe@example.com")
    ts = await paste(demo, [victoria, jane], user=PEOPLE["morgan"], channel=PEOPLES_DM.id)
    cards = await unfurled(demo, PEOPLES_DM.id, ts)
    assert set(cards) == {jane}
    assert "jane.doe@example.com" not in shown(cards[jane])


@scenario
async def test_links_the_paster_may_not_see_do_not_unfurl_even_in_their_dm(demo: DemoSession) -> None:
    priya = PEOPLE["priya"]  # Elevated Access, not on the confidential job
    dm = demo.dm_channel(priya)
    victoria, vp, jane = (
        profile(demo, "victoria.chen@example.com"),
        job_link(demo, "VP of Finance"),
        profile(demo, "jane.doe@example.com"),
    )
    ts = await paste(demo, [victoria, vp, jane], user=priya, channel=dm)
    cards = await unfurled(demo, dm, ts)
    assert set(cards) == {jane}
    assert "jane.doe@example.com" in shown(cards[jane]), "contact details in the bot's own DM"


@scenario
async def test_limited_access_sees_only_their_jobs(demo: DemoSession) -> None:
    dana = PEOPLE["dana"]  # Limited Access, hiring manager of Senior Backend Engineer only
    mine, theirs = job_link(demo, "Senior Backend Engineer"), job_link(demo, "Account Executive")
    ts = await paste(demo, [theirs, mine], user=dana)
    assert set(await unfurled(demo, CHANNEL.id, ts)) == {mine}


@scenario
async def test_the_guest_gets_nothing(demo: DemoSession) -> None:
    guest = PEOPLE["guest"]  # no Ashby account
    before = len(demo.slack.messages)
    ts = await paste(demo, [profile(demo, "jane.doe@example.com"), job_link(demo, "Product Designer")], user=guest)
    await nothing_unfurled(demo, CHANNEL.id, ts)
    said = [m for m in demo.slack.messages[before:] if m.kind != "unfurl"]
    assert said == [], "no refusal in the conversation either"


@scenario
async def test_unknown_ids_and_other_links_get_nothing(demo: DemoSession) -> None:
    jane = profile(demo, "jane.doe@example.com")
    jane_id = candidate(demo, "jane.doe@example.com")["id"]
    others = [
        f"{APP}/candidates/{UNKNOWN}",
        f"{APP}/applications/{UNKNOWN}",
        f"{APP}/candidates/{jane_id}?applicationId={UNKNOWN}",
        f"{APP}/jobs/{UNKNOWN}",
        f"https://example.com/candidates/{jane_id}",
        f"{APP}/settings/integrations",
    ]
    before = len(demo.slack.messages)
    ts = await paste(demo, [*others, jane], user=PEOPLE["priya"])
    assert set(await unfurled(demo, CHANNEL.id, ts)) == {jane}
    said = [m for m in demo.slack.messages[before:] if m.kind != "unfurl"]
    assert said == [], "never an error message in the conversation"


@scenario
async def test_only_unknown_links_make_no_call(demo: DemoSession) -> None:
    ts = await paste(demo, [f"{APP}/candidates/{UNKNOWN}", "https://example.com/x"], user=PEOPLE["priya"])
    await nothing_unfurled(demo, CHANNEL.id, ts)


@scenario
async def test_a_retried_delivery_unfurls_once(demo: DemoSession) -> None:
    url = job_link(demo, "Frontend Engineer")
    ts = await paste(demo, [url], user=PEOPLE["priya"], retries=2)
    assert set(await unfurled(demo, CHANNEL.id, ts)) == {url}
    await asyncio.sleep(SETTLE_SECONDS)
    assert len([c for c in unfurl_calls(demo) if c.payload.get("ts") == ts]) == 1


@scenario
async def test_ashby_failures_are_skipped_silently_and_logged_without_data(
    demo: DemoSession, caplog: pytest.LogCaptureFixture
) -> None:
    url = profile(demo, "francois.dupre@example.com")  # not fetched before: nothing cached
    before = len(demo.slack.messages)
    demo.sandbox.faults.add(Fault("candidate.info", "server_error", times=None, status=502))
    try:
        with caplog.at_level(logging.WARNING, logger="handlers"):
            ts = await paste(demo, [url], user=PEOPLE["priya"])
            await eventually(lambda: "could not unfurl" in caplog.text)
    finally:
        demo.sandbox.faults.clear()
    await nothing_unfurled(demo, CHANNEL.id, ts)
    assert [m for m in demo.slack.messages[before:] if m.kind != "unfurl"] == []
    logged = caplog.text
    assert "could not unfurl a candidate link" in logged and "AshbyServerError" in logged
    assert "François" not in logged and "Dupré" not in logged and "francois" not in logged
    assert candidate(demo, "francois.dupre@example.com")["id"] not in logged


@scenario
async def test_every_unfurl_was_accepted_by_slack_and_fits_block_kit(demo: DemoSession) -> None:
    calls = unfurl_calls(demo)
    assert calls, "the scenarios above unfurled something"
    assert all(call.ok for call in calls), [call.error for call in calls if not call.ok]
    for cards in demo.slack.workspace.unfurls.values():
        for card in cards.values():
            assert_fits(card)


# -- the loopback Slack's chat.unfurl answers like Slack --------------------------------------------------------------


@scenario
async def test_local_chat_unfurl_takes_channel_and_ts_or_unfurl_id_and_source(demo: DemoSession) -> None:
    client = AsyncWebClient(token=demo.slack.bot_token, base_url=demo.slack.api_url)
    card = {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
    ts = demo.slack.workspace.next_ts()
    await client.chat_unfurl(channel=CHANNEL.id, ts=ts, unfurls={"https://app.ashbyhq.com/x": card})
    assert set(demo.slack.workspace.unfurled(CHANNEL.id, ts)) == {"https://app.ashbyhq.com/x"}
    await client.chat_unfurl(unfurl_id="Uf123", source="composer", unfurls={"https://app.ashbyhq.com/y": card})
    assert demo.slack.workspace.unfurls[("unfurl", "Uf123")]["https://app.ashbyhq.com/y"].channel == "COMPOSER"
    refusals: list[tuple[dict[str, Any], str]] = [
        ({"channel": "C0NOWHERE", "ts": ts, "unfurls": {"u": card}}, "cannot_find_channel"),
        ({"channel": CHANNEL.id, "unfurls": {"u": card}}, "missing_ts"),
        ({"unfurls": {"u": card}}, "missing_channel"),
        ({"unfurl_id": "Uf1", "source": "elsewhere", "unfurls": {"u": card}}, "invalid_source"),
        ({"channel": CHANNEL.id, "ts": ts}, "missing_unfurls"),
        ({"channel": CHANNEL.id, "ts": ts, "unfurls": {}}, "invalid_unfurls_format"),
        ({"channel": CHANNEL.id, "ts": ts, "unfurls": {"u": {"blocks": [{"type": "nope"}]}}}, "invalid_blocks"),
    ]
    for arguments, error in refusals:
        with pytest.raises(SlackApiError) as refused:
            await client.api_call("chat.unfurl", json=arguments)
        assert refused.value.response["error"] == error, arguments


# -- recognising links --------------------------------------------------------------------------------------------

CID, AID, JID = (str(uuid.uuid4()) for _ in range(3))


@pytest.mark.parametrize(
    ("url", "kind", "record", "candidate_id"),
    [
        (f"{APP}/candidates/{CID}", "candidate", CID, None),
        (f"{APP}/candidates/{CID}/", "candidate", CID, None),
        (f"{APP}/candidates/{CID}/feedback", "candidate", CID, None),
        (f"{APP}/candidates/{CID}?tab=activity#notes", "candidate", CID, None),
        (f"{APP}/candidate-searches/new/right-side/candidates/{CID}", "candidate", CID, None),
        (f"HTTPS://APP.ASHBYHQ.COM/candidates/{CID.upper()}", "candidate", CID, None),
        (f"http://app.ashbyhq.com/candidates/{CID}", "candidate", CID, None),
        (f"https://app.ashbyhq.com:443/candidates/{CID}", "candidate", CID, None),
        (f"{APP}/#/candidates/{CID}", "candidate", CID, None),
        (f"{APP}/jobs/{JID}/candidates/{CID}", "candidate", CID, None),
        (f"{APP}/candidates/{CID}?applicationId={AID}", "application", AID, CID),
        (f"{APP}/candidates/{CID}/?applicationId={AID}&tab=overview", "application", AID, CID),
        (f"{APP}/candidates/{CID}?applicationId={AID}&amp;tab=overview", "application", AID, CID),
        (f"{APP}/applications/{AID}", "application", AID, None),
        (f"{APP}/applications/{AID}/history?x=1", "application", AID, None),
        (f"{APP}/candidates/{CID}/applications/{AID}", "application", AID, CID),
        (f"{APP}/jobs/{JID}", "job", JID, None),
        (f"{APP}/jobs/{JID}/", "job", JID, None),
        (f"{APP}/jobs/{JID}/pipeline?stage=onsite#x", "job", JID, None),
        (f"<{APP}/jobs/{JID}|Backend role>", "job", JID, None),
    ],
)
def test_ashby_links_are_recognised(url: str, kind: str, record: str, candidate_id: str | None) -> None:
    assert parse_link(url) == AshbyLink(url=url, kind=kind, id=record.lower(), candidate_id=candidate_id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        f"https://example.com/candidates/{CID}",
        f"https://app.ashbyhq.com.evil.test/candidates/{CID}",
        f"https://evil.test/?next=https://app.ashbyhq.com/candidates/{CID}",
        f"https://jobs.ashbyhq.com/acme/{JID}",
        f"ftp://app.ashbyhq.com/candidates/{CID}",
        f"{APP}/candidates",
        f"{APP}/candidates/not-a-uuid",
        f"{APP}/candidates/{CID}x",
        f"{APP}/settings",
        f"{APP}/jobs",
        f"{APP}/interview-briefings/{CID}/feedback",
        "https://[broken/candidates",
        "",
        "not a url",
    ],
)
def test_other_links_are_not(url: str) -> None:
    assert parse_link(url) is None


def test_links_of_one_message_are_taken_once_and_capped() -> None:
    urls = [f"{APP}/jobs/{uuid.uuid4()}" for _ in range(MAX_LINKS + 5)]
    links = parse_links([urls[0], urls[0], "https://example.com", *urls[1:]])
    assert [link.url for link in links] == urls[:MAX_LINKS]
