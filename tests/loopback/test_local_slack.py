"""LocalSlack over real loopback HTTP, through slack_sdk's own async client."""

import json
import time

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.loopback.local_slack import RESPONSE_URL_TTL, RESPONSE_URL_USES, LocalSlack

from .conftest import TOKEN


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


async def test_binds_to_loopback(slack: LocalSlack) -> None:
    assert slack.api_url.startswith("http://127.0.0.1:")
    assert slack.api_url.endswith("/api/")


async def test_not_started_has_no_url() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        _ = LocalSlack().api_url


async def test_auth_test(client: AsyncWebClient) -> None:
    response = await client.auth_test()
    assert response["user_id"] == "UASHBYBOT"
    assert response["team_id"] == "T0LOCAL"
    assert response["bot_id"]


async def test_wrong_or_missing_token(slack: LocalSlack) -> None:
    with pytest.raises(SlackApiError) as wrong:
        await AsyncWebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert wrong.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as missing:
        await AsyncWebClient(base_url=slack.api_url).auth_test()
    assert missing.value.response["error"] == "not_authed"


async def test_unknown_method(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.api_call("files.upload")
    assert raised.value.response["error"] == "unknown_method"


async def test_users_info_with_and_without_email(client: AsyncWebClient) -> None:
    jane = (await client.users_info(user="U0JANE"))["user"]
    assert jane["profile"]["email"] == "Jane@Example.com"
    assert jane["real_name"] == "Jane Recruiter"
    assert jane["tz"] == "America/Los_Angeles"
    assert jane["tz_offset"] == -28800
    omar = (await client.users_info(user="U0OMAR"))["user"]
    assert "email" not in omar["profile"]
    assert omar["tz_offset"] == 3600
    bot = (await client.users_info(user="UASHBYBOT"))["user"]
    assert bot["is_bot"] is True
    with pytest.raises(SlackApiError) as raised:
        await client.users_info(user="U0NOBODY")
    assert raised.value.response["error"] == "user_not_found"


async def test_lookup_by_email_ignores_case(client: AsyncWebClient) -> None:
    found = await client.users_lookupByEmail(email="jane@example.COM")
    assert found["user"]["id"] == "U0JANE"
    with pytest.raises(SlackApiError) as raised:
        await client.users_lookupByEmail(email="nobody@example.com")
    assert raised.value.response["error"] == "users_not_found"


async def test_conversations_info(client: AsyncWebClient) -> None:
    public = (await client.conversations_info(channel="C0HIRING"))["channel"]
    assert (public["is_channel"], public["is_private"], public["is_group"]) == (True, False, False)
    private = (await client.conversations_info(channel="C0OFFERS"))["channel"]
    assert (private["is_channel"], private["is_private"]) == (True, True)
    legacy = (await client.conversations_info(channel="G0LEGACY"))["channel"]
    assert (legacy["is_channel"], legacy["is_group"], legacy["is_private"]) == (False, True, True)
    with pytest.raises(SlackApiError) as raised:
        await client.conversations_info(channel="C0NOPE")
    assert raised.value.response["error"] == "channel_not_found"


async def test_conversations_open_gives_a_dm(client: AsyncWebClient, slack: LocalSlack) -> None:
    opened = await client.conversations_open(users="U0JANE")
    dm = opened["channel"]["id"]
    assert dm.startswith("D")
    assert (await client.conversations_open(users="U0JANE"))["channel"]["id"] == dm
    info = (await client.conversations_info(channel=dm))["channel"]
    assert info["is_im"] is True
    assert info["user"] == "U0JANE"
    posted = await client.chat_postMessage(channel="U0JANE", text="hello")  # a user id posts to their DM
    assert posted["channel"] == dm


async def test_post_message_records_what_people_see(client: AsyncWebClient, slack: LocalSlack) -> None:
    blocks = [section("*Jane* moved to Onsite")]
    first = await client.chat_postMessage(channel="C0HIRING", text="Jane moved", blocks=blocks)
    reply = await client.chat_postMessage(channel="#hiring", text="in thread", thread_ts=first["ts"])
    assert first["message"]["blocks"] == blocks
    assert float(reply["ts"]) > float(first["ts"])
    assert reply["message"]["thread_ts"] == first["ts"]
    messages = await slack.wait_for_messages(2)
    assert [(m.kind, m.channel, m.text) for m in messages] == [
        ("message", "C0HIRING", "Jane moved"),
        ("message", "C0HIRING", "in thread"),
    ]
    assert messages[1].thread_ts == first["ts"]
    assert slack.count("chat.postMessage") == 2
    assert slack.calls[-1].payload["channel"] == "#hiring"


async def test_form_encoded_post_with_token_in_body(slack: LocalSlack) -> None:
    form = {"token": TOKEN, "channel": "C0HIRING", "text": "hi", "blocks": json.dumps([section("hi")])}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{slack.api_url}chat.postMessage", data=form) as r,
    ):
        body = await r.json()
    assert body["ok"] is True, body
    assert slack.messages[-1].blocks == [section("hi")]
    assert "token" not in slack.calls[-1].payload


async def test_post_to_unknown_channel(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C0NOPE", text="hi")
    assert raised.value.response["error"] == "channel_not_found"


async def test_post_ephemeral(client: AsyncWebClient, slack: LocalSlack) -> None:
    response = await client.chat_postEphemeral(channel="C0HIRING", user="U0JANE", text="only you")
    assert response["message_ts"]
    (message,) = await slack.wait_for_messages(1)
    assert (message.kind, message.user, message.text) == ("ephemeral", "U0JANE", "only you")
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postEphemeral(channel="C0HIRING", user="U0NOBODY", text="x")
    assert raised.value.response["error"] == "user_not_found"


async def test_invalid_blocks_are_refused_like_slack(client: AsyncWebClient, slack: LocalSlack) -> None:
    card = [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}, section("y" * 3120)]
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C0HIRING", text="card", blocks=card)
    response = raised.value.response
    assert response["error"] == "invalid_blocks"
    assert response["errors"] == [
        "blocks[0].text.text: 151 chars > 150",
        "blocks[1].text.text: 3120 chars > 3000",
    ]
    assert slack.messages == []
    assert slack.calls[-1].error == "invalid_blocks"
    assert not slack.calls[-1].ok


async def test_message_needs_text(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as nothing, pytest.warns(UserWarning, match="`text` argument"):
        await client.chat_postMessage(channel="C0HIRING")
    assert nothing.value.response["error"] == "no_text"
    with pytest.raises(SlackApiError) as no_fallback, pytest.warns(UserWarning, match="`text` argument"):
        await client.chat_postMessage(channel="C0HIRING", blocks=[section("hi")])
    assert no_fallback.value.response["errors"] == ["text: missing fallback text (shown in notifications)"]


async def test_update_delete_permalink(client: AsyncWebClient, slack: LocalSlack) -> None:
    posted = await client.chat_postMessage(channel="C0HIRING", text="before", blocks=[section("before")])
    updated = await client.chat_update(channel="C0HIRING", ts=posted["ts"], text="after")
    assert updated["message"]["blocks"] == [section("before")]  # Slack keeps blocks that are not resent
    _, update = await slack.wait_for_messages(2)
    assert (update.kind, update.ts, update.text) == ("update", posted["ts"], "after")
    link = await client.chat_getPermalink(channel="C0HIRING", message_ts=posted["ts"])
    assert link["permalink"].startswith(slack.base_url)
    await client.chat_delete(channel="C0HIRING", ts=posted["ts"])
    with pytest.raises(SlackApiError) as raised:
        await client.chat_update(channel="C0HIRING", ts=posted["ts"], text="again")
    assert raised.value.response["error"] == "message_not_found"


async def test_reactions(client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="C0HIRING", text="done")
    await client.reactions_add(channel="C0HIRING", timestamp=posted["ts"], name="white_check_mark")
    with pytest.raises(SlackApiError) as raised:
        await client.reactions_add(channel="C0HIRING", timestamp=posted["ts"], name="white_check_mark")
    assert raised.value.response["error"] == "already_reacted"


def modal(title: str = "Reject Jane") -> dict:
    return {
        "type": "modal",
        "callback_id": "reject",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Reject"},
        "blocks": [
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "Reason"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            }
        ],
    }


async def test_views(client: AsyncWebClient, slack: LocalSlack) -> None:
    opened = (await client.views_open(trigger_id="1.T0LOCAL.abc", view=modal()))["view"]
    assert opened["id"] in slack.views
    with pytest.raises(SlackApiError) as reused:
        await client.views_open(trigger_id="1.T0LOCAL.abc", view=modal())
    assert reused.value.response["error"] == "exchanged_trigger_id"
    updated = await client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Done"))
    assert updated["view"]["title"]["text"] == "Done"
    with pytest.raises(SlackApiError) as stale:
        await client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal())
    assert stale.value.response["error"] == "hash_conflict"
    with pytest.raises(SlackApiError) as too_long:
        await client.views_open(trigger_id="2.T0LOCAL.abc", view=modal("A title that is far too long"))
    assert too_long.value.response["errors"] == ["title.text: 28 chars > 24"]
    home = {"type": "home", "blocks": [section("Your pipeline")]}
    published = await client.views_publish(user_id="U0JANE", view=home)
    again = await client.views_publish(user_id="U0JANE", view=home)
    assert published["view"]["id"] == again["view"]["id"]


async def test_fail_next_answers_429_with_retry_after(client: AsyncWebClient, slack: LocalSlack) -> None:
    slack.fail_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C0HIRING", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    await client.chat_postMessage(channel="C0HIRING", text="hi")  # only the next call failed
    assert [call.error for call in slack.calls] == ["ratelimited", None]


async def test_rate_limit_retry_handler_recovers(slack: LocalSlack) -> None:
    client = AsyncWebClient(
        token=TOKEN,
        base_url=slack.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    slack.fail_next("chat.postMessage", retry_after=0, times=2)
    response = await client.chat_postMessage(channel="C0HIRING", text="eventually")
    assert response["ok"]
    assert slack.count("chat.postMessage") == 3


async def test_fail_next_other_errors(client: AsyncWebClient, slack: LocalSlack) -> None:
    slack.fail_next("users.info", error="fatal_error", status=500)
    with pytest.raises(SlackApiError) as raised:
        await client.users_info(user="U0JANE")
    assert raised.value.response.status_code == 500
    assert "Retry-After" not in raised.value.response.headers


async def test_response_url_five_uses(slack: LocalSlack) -> None:
    url = slack.new_response_url("C0HIRING", "U0JANE")
    webhook = AsyncWebhookClient(url)
    for i in range(RESPONSE_URL_USES):
        assert (await webhook.send(text=f"reply {i}")).status_code == 200
    used = await webhook.send(text="one too many")
    assert (used.status_code, used.body) == (404, "used_url")
    replies = await slack.wait_for_messages(RESPONSE_URL_USES)
    assert [m.text for m in replies] == [f"reply {i}" for i in range(RESPONSE_URL_USES)]
    assert all((m.kind, m.user, m.response_type) == ("response", "U0JANE", "ephemeral") for m in replies)
    assert slack.count("response_url") == RESPONSE_URL_USES + 1


async def test_response_url_options_and_errors(slack: LocalSlack) -> None:
    webhook = AsyncWebhookClient(slack.new_response_url("C0HIRING", "U0JANE"))
    await webhook.send(text="public", response_type="in_channel", replace_original=True)
    await webhook.send(delete_original=True)
    bad = await webhook.send(text="card", blocks=[section("z" * 3001)])
    assert (bad.status_code, bad.body) == (400, "invalid_blocks")
    assert slack.calls[-1].errors == ("blocks[0].text.text: 3001 chars > 3000",)
    public, deleted = await slack.wait_for_messages(2)
    assert (public.response_type, public.replace_original, public.ts is not None) == (
        "in_channel",
        True,
        True,
    )
    assert deleted.delete_original
    unknown = await AsyncWebhookClient(f"{slack.base_url}response/nope").send(text="x")
    assert (unknown.status_code, unknown.body) == (404, "no_service")


async def test_response_url_expires_after_30_minutes() -> None:
    now = [time.time()]
    async with LocalSlack(clock=lambda: now[0]) as slack:
        webhook = AsyncWebhookClient(slack.new_response_url("C0HIRING", "U0JANE"))
        now[0] += RESPONSE_URL_TTL + 1
        expired = await webhook.send(text="late")
    assert (expired.status_code, expired.body) == (404, "expired_url")


async def test_response_url_fault(slack: LocalSlack) -> None:
    slack.fail_next("response_url", error="service_unavailable", status=503)
    webhook = AsyncWebhookClient(slack.new_response_url("C0HIRING", "U0JANE"))
    assert (await webhook.send(text="x")).status_code == 503
    assert (await webhook.send(text="x")).status_code == 200


async def test_wait_for_messages_times_out_with_what_arrived(client: AsyncWebClient, slack: LocalSlack) -> None:
    await client.chat_postMessage(channel="C0HIRING", text="only one")
    with pytest.raises(TimeoutError, match="got 1: message in C0HIRING: 'only one'"):
        await slack.wait_for_messages(2, timeout=0.2)
    assert [m.text for m in await slack.wait_for_messages(1)] == ["only one"]
    with pytest.raises(TimeoutError, match="got 0: nothing"):
        await slack.wait_for_messages(1, timeout=0.05)
