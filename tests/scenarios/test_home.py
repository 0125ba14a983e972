"""The Home tab over real signed HTTP: opening it publishes each person's desk (or the no-access Home), every
view stays within Slack's limits, it is built from the caches, and the notification settings on it (and in
the ``/ashby notifications`` reply) save at once and show the change where it was made."""

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import pytest_asyncio
from slack_sdk.signature import SignatureVerifier

from ashby.events import Topic
from ashby.sandbox import Sandbox
from ashby.sandbox.faults import Fault
from ashby.store import StoreError
from blocks import payloads as p
from blocks.limits import MAX_MODAL_BLOCKS, MAX_SECTION_TEXT, validate_view
from bot.loopback.session import CHANNEL, PEOPLE, DemoSession
from bot.loopback.slack_requests import SignedRequest
from handlers.desk import Desk
from handlers.identity import Identity
from handlers.notify.preferences import NotificationSettings, Preferences

from .conftest import CANDIDATES
from .wire import Wire, record

pytestmark = pytest.mark.asyncio(loop_scope="module")

PUBLISHED_WITHIN = 15.0
SECTIONS = ["📅 Your interviews", "✍️ Feedback you owe", "✅ Approvals waiting on you", "💼 Your jobs"]
#: What each person's desk must show, by section (from the sandbox's fixed cast and hiring teams).
EXPECTED = {
    "priya": {"✅ Approvals waiting on you": "Elena Rossi", "💼 Your jobs": "Senior Backend Engineer"},
    "dana": {"💼 Your jobs": "Senior Backend Engineer", "✅ Approvals waiting on you": "No offers are waiting"},
    "morgan": {"✅ Approvals waiting on you": "Elena Rossi", "💼 Your jobs": "VP of Finance"},
    "tomas": {"📅 Your interviews": "Alex Kim", "💼 Your jobs": "not on the hiring team of any open job"},
    "sam": {"💼 Your jobs": "Account Executive", "✅ Approvals waiting on you": "No offers are waiting"},
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session() -> AsyncIterator[tuple[DemoSession, Wire]]:
    sandbox = Sandbox(seed=7, candidates=CANDIDATES)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox) as demo:
        yield demo, wire


@pytest.fixture
def demo(session: tuple[DemoSession, Wire]) -> Iterator[DemoSession]:
    demo = session[0]
    yield demo
    demo.sandbox.faults.clear()


# -- looking at Home -----------------------------------------------------------------------------------------


def home(demo: DemoSession, user_id: str) -> dict[str, Any] | None:
    view_id = demo.slack.workspace.home_views.get(user_id)
    return demo.slack.views[view_id] if view_id is not None else None


async def published_after(demo: DemoSession, user_id: str, before: dict[str, Any] | None) -> dict[str, Any]:
    """The Home published for ``user_id`` after ``before`` (a view with a new hash)."""
    async with asyncio.timeout(PUBLISHED_WITHIN):
        while True:
            view = home(demo, user_id)
            if view is not None and (before is None or view["hash"] != before["hash"]):
                return view
            await asyncio.sleep(0.02)


async def open_home(demo: DemoSession, user_id: str) -> dict[str, Any]:
    before = home(demo, user_id)
    response = await demo.post(demo.requests.app_home_opened(user_id=user_id))
    assert response.status_code == 200
    return await published_after(demo, user_id, before)


def texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = (
            [node["text"]] if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str) else []
        )
        return own + [t for key, value in node.items() if key != "initial_options" for t in texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in texts(value)]
    return []


def sections(view: dict[str, Any]) -> dict[str, str]:
    """The text under each header, by header."""
    found: dict[str, list[str]] = {}
    current = ""
    for block in view["blocks"]:
        if block["type"] == "header":
            current = block["text"]["text"]
            found[current] = []
        else:
            found.setdefault(current, []).extend(texts(block))
    return {title: "\n".join(lines) for title, lines in found.items()}


def element(view: dict[str, Any], action_id: str, end: str | None = None) -> dict[str, Any]:
    for block in view["blocks"]:
        candidates = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for found in candidates:
            if found.get("action_id") != action_id:
                continue
            if end is None or found["options"][1]["value"].startswith(f"{end}:"):
                return dict(found)
    raise AssertionError(f"no {action_id} control on the view")


def assert_within_limits(view: dict[str, Any]) -> None:
    assert validate_view(view) == []
    assert len(view["blocks"]) <= MAX_MODAL_BLOCKS
    for block in view["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT


# -- interactions Slack sends from a view ---------------------------------------------------------------------


def interaction(demo: DemoSession, payload: dict[str, Any]) -> SignedRequest:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    timestamp = int(time.time())
    signature = SignatureVerifier(demo.signing_secret).generate_signature(timestamp=str(timestamp), body=body)
    assert signature is not None
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
    }
    return SignedRequest(body=body, headers=headers, signing_secret=demo.signing_secret)


def action_payload(
    demo: DemoSession,
    user_id: str,
    action: dict[str, Any],
    *,
    view: dict[str, Any] | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload as Slack sends it from the Home tab (``view``) or from an ephemeral message
    (``response_url``)."""
    team = demo.slack.team_id
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team},
        "api_app_id": "A0LOCAL",
        "token": "local-verification-token",
        "trigger_id": f"{int(time.time())}.{team}.{uuid.uuid4().hex}",
        "team": {"id": team, "domain": "local"},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [{"action_ts": f"{time.time():.6f}", "block_id": "b", **action}],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
    else:
        assert response_url is not None
        ts = f"{time.time():.6f}"
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": CHANNEL.id,
            "is_ephemeral": True,
        }
        payload["channel"] = {"id": CHANNEL.id, "name": CHANNEL.name}
        payload["response_url"] = response_url
        payload["state"] = {"values": {}}
    return payload


def tick(checkboxes: dict[str, Any], muted: set[Topic]) -> dict[str, Any]:
    """The checkbox action Slack sends when everything but ``muted`` is ticked."""
    chosen = [o for o in checkboxes["options"] if o["value"] not in {t.value for t in muted}]
    return {"type": "checkboxes", "action_id": checkboxes["action_id"], "selected_options": chosen}


def choose(menu: dict[str, Any], label: str) -> dict[str, Any]:
    option = next(o for o in menu["options"] if o["text"]["text"] == label)
    return {"type": "static_select", "action_id": menu["action_id"], "selected_option": option}


async def settings_of(demo: DemoSession, user_id: str) -> NotificationSettings:
    assert demo.bot is not None
    return await Preferences(demo.bot.store).get(user_id)


async def reset(demo: DemoSession, user_id: str) -> None:
    assert demo.bot is not None
    await Preferences(demo.bot.store).save(user_id, NotificationSettings())


# -- each person's desk ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["priya", "dana", "morgan", "tomas", "sam"])
async def test_each_person_gets_their_desk(demo: DemoSession, name: str) -> None:
    user = PEOPLE[name]
    view = await open_home(demo, user.id)
    assert view["type"] == "home"
    assert_within_limits(view)
    parts = sections(view)
    first = user.real_name.split()[0]
    assert list(parts)[:5] == [f"{first}'s recruiting desk", *SECTIONS]
    assert "🔔 Your notifications" in parts
    assert "Updated Today" in parts[f"{first}'s recruiting desk"]
    assert "couldn't load" not in "\n".join(parts.values())
    for section, fact in EXPECTED[name].items():
        assert fact in parts[section], (section, parts[section])
    # today and tomorrow, in the person's own time zone
    assert "*Today ·" in parts["📅 Your interviews"] and "*Tomorrow ·" in parts["📅 Your interviews"]


async def test_feedback_owed_comes_from_the_calendar_and_scorecards(demo: DemoSession) -> None:
    """Jane Doe's onsite today: Tomás has submitted his scorecard, Dana has not (once it has ended)."""
    assert demo.bot is not None
    now = demo.bot.recruiting.clock()
    onsite = [
        event
        for _, event in demo.bot.calendar.events_between(now.replace(hour=0, minute=0), now)
        if {i.name for i in event.interviewers} == {"Dana Whitfield", "Tomás Herrera"} and event.end_time <= now
    ]
    dana = sections(await open_home(demo, PEOPLE["dana"].id))["✍️ Feedback you owe"]
    tomas = sections(await open_home(demo, PEOPLE["tomas"].id))["✍️ Feedback you owe"]
    if onsite:  # just after midnight UTC the onsite has not ended yet
        assert "Jane Doe" in dana and "Submit feedback" in dana
    assert "Jane Doe" not in tomas


async def test_the_guest_gets_the_no_access_home(demo: DemoSession) -> None:
    view = await open_home(demo, PEOPLE["guest"].id)
    assert_within_limits(view)
    text = "\n".join(texts(view["blocks"]))
    assert "🔒 Not available to you" in text
    assert "Your Slack email doesn't match a user in Ashby. Ask an Ashby admin to add you." in text
    assert "Your interviews" not in text and "notifications" not in text


async def test_the_messages_tab_publishes_nothing(demo: DemoSession) -> None:
    user = PEOPLE["sam"]
    await open_home(demo, user.id)
    published = demo.slack.count("views.publish")
    response = await demo.post(demo.requests.app_home_opened(user_id=user.id, tab="messages"))
    assert response.status_code == 200
    await asyncio.sleep(0.5)
    assert demo.slack.count("views.publish") == published


async def test_home_is_built_from_the_caches(session: tuple[DemoSession, Wire]) -> None:
    """Opening Home again asks Ashby for nothing but the offers awaiting approval; no paging through
    candidates or applications, and it is published well within a second."""
    demo, wire = session
    user = PEOPLE["priya"]
    await open_home(demo, user.id)
    mark = wire.mark()
    started = time.perf_counter()
    await open_home(demo, user.id)
    assert time.perf_counter() - started < 1.0
    asked = {name for name, _ in wire.since(mark)}
    assert asked <= {"offer.list", "approval.list", "application.info", "user.list"}, asked
    assert not asked & {"candidate.list", "application.list", "interviewSchedule.list", "applicationFeedback.list"}


async def test_an_ashby_failure_leaves_out_only_what_it_broke(demo: DemoSession) -> None:
    demo.sandbox.faults.add(Fault("offer.list", "server_error", times=None, status=502))
    view = await open_home(demo, PEOPLE["priya"].id)
    assert_within_limits(view)
    parts = sections(view)
    assert "I couldn't load approvals waiting on you from Ashby just now" in parts["Priya's recruiting desk"]
    assert "Couldn't load this from Ashby" in parts["✅ Approvals waiting on you"]
    assert "Senior Backend Engineer" in parts["💼 Your jobs"]
    assert "*Today ·" in parts["📅 Your interviews"]
    demo.sandbox.faults.clear()
    again = sections(await open_home(demo, PEOPLE["priya"].id))
    assert "Elena Rossi" in again["✅ Approvals waiting on you"]


async def test_publishing_often_is_cheap_and_never_raises(demo: DemoSession) -> None:
    assert demo.bot is not None
    bot = demo.bot
    desk = Desk(
        bot.approvals.answerer,
        bot.approvals,
        Identity(bot.recruiting.reference, bot.store),
        Preferences(bot.store),
    )
    user = PEOPLE["morgan"]
    before = demo.slack.count("views.publish")
    await asyncio.gather(*(desk.publish(bot.app.client, demo.slack.team_id, user.id) for _ in range(10)))
    assert 1 <= demo.slack.count("views.publish") - before <= 2  # one build, and one more for the calls it missed
    demo.slack.fail_next("views.publish", error="fatal_error", status=200)
    await desk.publish(bot.app.client, demo.slack.team_id, user.id)  # logged, not raised


# -- the settings on Home --------------------------------------------------------------------------------------


async def test_muting_a_topic_from_home_saves_it_and_republishes(demo: DemoSession) -> None:
    user = PEOPLE["dana"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    box = element(view, p.NotifyTopics.ACTION)
    assert len(box["initial_options"]) == len(Topic)
    response = await demo.post(interaction(demo, action_payload(demo, user.id, tick(box, {Topic.MOVES}), view=view)))
    assert response.status_code == 200
    after = await published_after(demo, user.id, view)
    assert (await settings_of(demo, user.id)).muted == {Topic.MOVES}
    ticked = {o["value"] for o in element(after, p.NotifyTopics.ACTION)["initial_options"]}
    assert ticked == {t.value for t in Topic} - {Topic.MOVES.value}
    assert_within_limits(after)
    # and back on
    box = element(after, p.NotifyTopics.ACTION)
    await demo.post(interaction(demo, action_payload(demo, user.id, tick(box, set()), view=after)))
    await published_after(demo, user.id, after)
    assert (await settings_of(demo, user.id)).muted == frozenset()


async def test_changing_quiet_hours_from_home_saves_them_and_republishes(demo: DemoSession) -> None:
    user = PEOPLE["tomas"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    start = element(view, p.QuietHours.ACTION, "from")
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(start, "22:00"), view=view)))
    view = await published_after(demo, user.id, view)
    saved = await settings_of(demo, user.id)
    assert (saved.quiet_from, saved.quiet_until) == (22, 8)
    assert element(view, p.QuietHours.ACTION, "from")["initial_option"]["text"]["text"] == "22:00"
    assert "*Quiet hours:* 22:00–08:00 your time." in sections(view)["🔔 Your notifications"]

    end = element(view, p.QuietHours.ACTION, "until")
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(end, "No quiet hours"), view=view)))
    view = await published_after(demo, user.id, view)
    saved = await settings_of(demo, user.id)
    assert (saved.quiet_from, saved.quiet_until) == (None, None)
    assert "*Quiet hours:* none." in sections(view)["🔔 Your notifications"]


async def test_a_tampered_setting_changes_nothing(demo: DemoSession) -> None:
    user = PEOPLE["sam"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    forged = {"type": "checkboxes", "action_id": p.NotifyTopics.ACTION, "selected_options": [{"value": "gossip"}]}
    await demo.post(interaction(demo, action_payload(demo, user.id, forged, view=view)))
    after = await published_after(demo, user.id, view)
    assert await settings_of(demo, user.id) == NotificationSettings()
    assert "nothing was changed" in sections(after)["Sam's recruiting desk"]


async def test_home_actions_reach_the_listeners_without_a_response_url(demo: DemoSession) -> None:
    """Slack sends no ``response_url`` with actions from the Home tab; the broken-request guard lets them
    through (it checks the view instead)."""
    user = PEOPLE["morgan"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    start = element(view, p.QuietHours.ACTION, "from")
    payload = action_payload(demo, user.id, choose(start, "23:00"), view=view)
    await demo.post(interaction(demo, payload))
    await published_after(demo, user.id, view)
    assert (await settings_of(demo, user.id)).quiet_from == 23


# -- the same controls in a message -----------------------------------------------------------------------------


async def test_the_settings_message_is_replaced_with_the_change(demo: DemoSession) -> None:
    user = PEOPLE["priya"]
    await reset(demo, user.id)
    demo.switch_user("priya")
    url = demo.slack.new_response_url(CHANNEL.id, user.id)
    await demo.slack.wait_for_messages(0)
    payload = action_payload(
        demo,
        user.id,
        {"type": "static_select", "action_id": p.QuietHours.ACTION, "selected_option": {"value": "from:21"}},
        response_url=url,
    )
    assert (await demo.post(interaction(demo, payload))).status_code == 200
    replies = [m for m in await demo.slack.wait_for_messages(1, timeout=10) if m.kind == "response"]
    assert replies and replies[-1].replace_original
    assert "quiet hours 21:00–08:00" in replies[-1].text
    saved = await settings_of(demo, user.id)
    assert (saved.quiet_from, saved.quiet_until) == (21, 8)

    url = demo.slack.new_response_url(CHANNEL.id, user.id)
    box = element({"blocks": replies[-1].blocks}, p.NotifyTopics.ACTION)
    payload = action_payload(demo, user.id, tick(box, {Topic.APPLICATIONS, Topic.ARCHIVES}), response_url=url)
    await demo.post(interaction(demo, payload))
    replies = [m for m in await demo.slack.wait_for_messages(1, timeout=10) if m.kind == "response"]
    assert replies[-1].replace_original and "you hear about 3 of 5 topics" in replies[-1].text
    assert (await settings_of(demo, user.id)).muted == {Topic.APPLICATIONS, Topic.ARCHIVES}
    await reset(demo, user.id)


async def test_a_change_that_cannot_be_saved_says_so(demo: DemoSession, monkeypatch: pytest.MonkeyPatch) -> None:
    async def down(self: Preferences, slack_user_id: str, settings: NotificationSettings) -> None:
        raise StoreError("the shared store is unreachable")

    monkeypatch.setattr(Preferences, "save", down)
    user = PEOPLE["priya"]
    await demo.slack.wait_for_messages(0)
    url = demo.slack.new_response_url(CHANNEL.id, user.id)
    action = {"type": "static_select", "action_id": p.QuietHours.ACTION, "selected_option": {"value": "until:6"}}
    await demo.post(interaction(demo, action_payload(demo, user.id, action, response_url=url)))
    replies = [m for m in await demo.slack.wait_for_messages(1, timeout=10) if m.kind == "response"]
    assert "I couldn't save that change just now" in replies[-1].text
    assert not replies[-1].replace_original  # the controls stay as they were


# -- the interview loop's settings: the daily digest and the briefing lead time -----------------------------------


async def test_choosing_a_digest_time_on_home_saves_it_and_republishes(demo: DemoSession) -> None:
    user = PEOPLE["dana"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    menu = element(view, p.DigestTime.ACTION)
    assert menu["initial_option"]["text"]["text"] == "Off"  # the admin's default: only for those who opt in
    assert "*Daily digest:* off." in sections(view)["🔔 Your notifications"]
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(menu, "09:00"), view=view)))
    view = await published_after(demo, user.id, view)
    saved = await settings_of(demo, user.id)
    assert (saved.digest, saved.digest_at) == (True, 9 * 60)
    assert element(view, p.DigestTime.ACTION)["initial_option"]["text"]["text"] == "09:00"
    assert "*Daily digest:* weekdays at 09:00 your time" in sections(view)["🔔 Your notifications"]
    assert_within_limits(view)

    menu = element(view, p.DigestTime.ACTION)
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(menu, "Off"), view=view)))
    view = await published_after(demo, user.id, view)
    saved = await settings_of(demo, user.id)
    assert (saved.digest, saved.digest_at) == (False, 9 * 60)
    assert element(view, p.DigestTime.ACTION)["initial_option"]["text"]["text"] == "Off"
    assert (saved.quiet_from, saved.quiet_until, saved.muted) == (20, 8, frozenset())  # the rest untouched


async def test_choosing_the_briefing_lead_time_on_home_saves_it_and_republishes(demo: DemoSession) -> None:
    user = PEOPLE["tomas"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    menu = element(view, p.BriefingLead.ACTION)
    assert menu["initial_option"]["text"]["text"] == "15 minutes before"
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(menu, "30 minutes before"), view=view)))
    view = await published_after(demo, user.id, view)
    assert (await settings_of(demo, user.id)).briefing_minutes == 30
    assert element(view, p.BriefingLead.ACTION)["initial_option"]["text"]["text"] == "30 minutes before"

    menu = element(view, p.BriefingLead.ACTION)
    await demo.post(interaction(demo, action_payload(demo, user.id, choose(menu, "No briefings"), view=view)))
    view = await published_after(demo, user.id, view)
    assert (await settings_of(demo, user.id)).briefing_minutes == 0
    assert "*Interview briefings:* none." in sections(view)["🔔 Your notifications"]
    await reset(demo, user.id)


async def test_a_digest_time_that_is_not_offered_changes_nothing(demo: DemoSession) -> None:
    user = PEOPLE["sam"]
    await reset(demo, user.id)
    view = await open_home(demo, user.id)
    forged = {"type": "static_select", "action_id": p.DigestTime.ACTION, "selected_option": {"value": "185"}}
    await demo.post(interaction(demo, action_payload(demo, user.id, forged, view=view)))
    after = await published_after(demo, user.id, view)
    assert await settings_of(demo, user.id) == NotificationSettings()
    assert "nothing was changed" in sections(after)["Sam's recruiting desk"]


async def test_the_settings_message_is_replaced_with_a_digest_or_briefing_change(demo: DemoSession) -> None:
    user = PEOPLE["priya"]
    await reset(demo, user.id)
    for action, value in ((p.DigestTime.ACTION, "450"), (p.BriefingLead.ACTION, "5")):
        url = demo.slack.new_response_url(CHANNEL.id, user.id)
        await demo.slack.wait_for_messages(0)
        selected = {"type": "static_select", "action_id": action, "selected_option": {"value": value}}
        assert (
            await demo.post(interaction(demo, action_payload(demo, user.id, selected, response_url=url)))
        ).status_code == 200
        replies = [m for m in await demo.slack.wait_for_messages(1, timeout=10) if m.kind == "response"]
        assert replies and replies[-1].replace_original
        assert "daily digest at 07:30" in replies[-1].text
    saved = await settings_of(demo, user.id)
    assert (saved.digest, saved.digest_at, saved.briefing_minutes) == (True, 7 * 60 + 30, 5)
    briefing = element({"blocks": replies[-1].blocks}, p.BriefingLead.ACTION)
    assert briefing["initial_option"]["text"]["text"] == "5 minutes before"
    await reset(demo, user.id)
