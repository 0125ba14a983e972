"""Each recipient's outbox on both stores, with a clock the test moves: a notice enters once, a burst waits
for ``gap`` seconds of quiet (but never more than ``max_wait``), a delivery takes what waits and drops exactly
that, and ``later`` puts an outbox off."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ashby.events import Kind, Notice, TeamMember
from ashby.store import MemoryStore, RedisStore, Store
from handlers.notify import outbox as outbox_module
from handlers.notify.outbox import DUE_KEY, TAKE, Outbox, Recipient, Waiting

GAP = 30.0
MAX_WAIT = 120.0
JANE = Recipient("person", "U0JANE")
ENG = Recipient("channel", "C0ENGINEERING")


class Clock:
    """A clock the test sets and moves; tz-aware, as the bot's clock is."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 9, 14, 0, tzinfo=ZoneInfo("Europe/Madrid"))

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    @property
    def ts(self) -> float:
        return self.now.timestamp()


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        made: Store = MemoryStore()
    else:
        made = RedisStore(request.getfixturevalue("redis_url"), prefix=request.getfixturevalue("redis_prefix"))
    yield made
    await made.aclose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def box(store: Store, clock: Clock) -> Outbox:
    return Outbox(store, clock=clock, gap=GAP, max_wait=MAX_WAIT)


def notice(n: int = 1, kind: Kind = Kind.MOVED, **fields: object) -> Notice:
    values: dict[str, object] = {
        "key": f"{kind.value}:app-{n}:st-onsite",
        "kind": kind,
        "candidate_id": f"cand-{n}",
        "candidate_name": f"Candidate {n}",
        "application_id": f"app-{n}",
        "job_id": "job-1",
        "job_title": "Senior Backend Engineer",
        "stage_title": "Onsite",
        "department_id": "dep-1",
        "confidential": False,
        "team": (TeamMember("u-1", "ana@example.com", "Recruiter"),),
    }
    values.update(fields)
    return Notice(**values)  # type: ignore[arg-type]


async def keys_waiting(box: Outbox, recipient: Recipient) -> list[str]:
    return [n.key for n in (await box.waiting(recipient)).notices]


# -- put --------------------------------------------------------------------------------------------------------


async def test_the_same_notice_enters_an_outbox_once(box: Outbox) -> None:
    assert await box.put(JANE, notice(1)) is True
    assert await box.put(JANE, notice(1)) is False
    # Another copy of the same change (a sibling webhook, the sync) with other details adds nothing either.
    assert await box.put(JANE, notice(1, candidate_name="Jane D.")) is False
    waiting = await box.waiting(JANE)
    assert waiting.entries == 1
    assert [n.candidate_name for n in waiting.notices] == ["Candidate 1"]


async def test_each_recipient_gets_its_own_copy(box: Outbox) -> None:
    assert await box.put(JANE, notice(1))
    assert await box.put(ENG, notice(1))
    assert await box.put(Recipient("person", "U0OTHER"), notice(1))
    assert await keys_waiting(box, JANE) == await keys_waiting(box, ENG) == [notice(1).key]


async def test_a_notice_already_sent_is_not_queued_again(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    await box.sent(JANE, await box.waiting(JANE))
    clock.tick(3600)
    assert await box.put(JANE, notice(1)) is False
    assert (await box.waiting(JANE)).entries == 0
    assert await box.due() == []


async def test_a_notice_survives_the_round_trip_through_the_store(box: Outbox) -> None:
    original = notice(
        7,
        Kind.ARCHIVED,
        key="archived:app-7",
        candidate_name="Zoë <b>&amp; \u202eEvil 🎉",
        stage_title=None,
        archive_reason="Not a fit",
        team=(TeamMember("u-1", None, "Hiring Manager"), TeamMember("u-2", "b@example.com", "Recruiter")),
        referral=True,
    )
    await box.put(JANE, original)
    assert (await box.waiting(JANE)).notices == [original]


# -- due ---------------------------------------------------------------------------------------------------------


async def test_nothing_is_due_until_gap_seconds_after_the_last_put(box: Outbox, clock: Clock) -> None:
    assert await box.due() == []
    await box.put(JANE, notice(1))
    clock.tick(GAP - 1)
    assert await box.due() == []
    await box.put(JANE, notice(2))  # a second notice restarts the wait
    clock.tick(GAP - 1)
    assert await box.due() == []
    clock.tick(1)
    assert await box.due() == [JANE]


async def test_a_duplicate_does_not_restart_the_wait(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    clock.tick(GAP - 1)
    await box.put(JANE, notice(1))
    clock.tick(1)
    assert await box.due() == [JANE]


async def test_a_steady_stream_is_due_at_most_max_wait_after_the_first(box: Outbox, clock: Clock) -> None:
    start = clock.ts
    for n in range(int(MAX_WAIT) + 20):
        assert await box.put(JANE, notice(n))
        due = await box.due()
        if clock.ts - start < MAX_WAIT:
            assert due == [], f"due after {clock.ts - start:.0f} s"
        else:
            assert due == [JANE], f"not due after {clock.ts - start:.0f} s"
        clock.tick(1)


async def test_max_wait_counts_from_the_oldest_notice_still_waiting(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    clock.tick(GAP + 5)
    await box.sent(JANE, await box.waiting(JANE))
    # A new burst starts its own max_wait, not the one of the notices already sent.
    burst_start = clock.ts
    for n in range(2, 2 + int(MAX_WAIT) - 1):
        await box.put(JANE, notice(n))
        assert await box.due() == [], f"due {clock.ts - burst_start:.0f} s into the new burst"
        clock.tick(1)


async def test_due_lists_recipients_oldest_first_and_honours_the_limit(box: Outbox, clock: Clock) -> None:
    await box.put(ENG, notice(1))
    clock.tick(5)
    await box.put(JANE, notice(2))
    clock.tick(GAP + 5)
    assert await box.due() == [ENG, JANE]
    assert await box.due(limit=1) == [ENG]


async def test_due_soon(box: Outbox, clock: Clock) -> None:
    assert not await box.due_soon(3600)
    await box.put(JANE, notice(1))
    assert not await box.due_soon(GAP - 1)
    assert await box.due_soon(GAP)


async def test_due_skips_tokens_it_cannot_read(box: Outbox, store: Store, clock: Clock) -> None:
    await store.zadd(DUE_KEY, "garbage", clock.ts - 1)
    await store.zadd(DUE_KEY, "x:U1", clock.ts - 1)
    await box.put(JANE, notice(1))
    clock.tick(GAP)
    assert await box.due() == [JANE]


async def test_a_put_schedules_the_outbox_gap_seconds_from_the_clock(store: Store) -> None:
    now = datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    box = Outbox(store, clock=lambda: now, gap=GAP, max_wait=MAX_WAIT)
    await box.put(JANE, notice(1))
    assert await store.zscore(DUE_KEY, JANE.token) == pytest.approx(now.timestamp() + GAP)


# -- waiting -------------------------------------------------------------------------------------------------------


async def test_waiting_keeps_the_order_notices_arrived_in(box: Outbox, clock: Clock) -> None:
    order = [3, 1, 2, 9, 5]
    for n in order:
        await box.put(JANE, notice(n))
        clock.tick(1)
    waiting = await box.waiting(JANE)
    assert [n.application_id for n in waiting.notices] == [f"app-{n}" for n in order]
    assert waiting.entries == len(order)


async def test_waiting_deduplicates_by_key_keeping_the_first(box: Outbox, store: Store) -> None:
    # The marker of a change can go (it expires after days) while an older copy still waits.
    await box.put(JANE, notice(1))
    await box.put(JANE, notice(2))
    await store.delete(outbox_module._MARKER_KEY.format(JANE.token, notice(1).key))
    assert await box.put(JANE, notice(1, candidate_name="Renamed")) is True
    await box.put(JANE, notice(3))
    waiting = await box.waiting(JANE)
    assert [n.key for n in waiting.notices] == [notice(1).key, notice(2).key, notice(3).key]
    assert waiting.notices[0].candidate_name == "Candidate 1"
    assert waiting.entries == 4  # every entry goes once this is sent


async def test_waiting_skips_unreadable_entries_but_counts_them(box: Outbox, store: Store) -> None:
    raw_box = outbox_module._BOX_KEY.format(JANE.token)
    await box.put(JANE, notice(1))
    await store.list_push(raw_box, "not json", json.dumps({"at": 0}), json.dumps({"notice": {"kind": "promoted"}}))
    await box.put(JANE, notice(2))
    waiting = await box.waiting(JANE)
    assert [n.key for n in waiting.notices] == [notice(1).key, notice(2).key]
    assert waiting.entries == 5
    await box.sent(JANE, waiting)
    assert (await box.waiting(JANE)).entries == 0


async def test_an_empty_outbox(box: Outbox) -> None:
    assert await box.waiting(JANE) == Waiting([], 0)


# -- sent -----------------------------------------------------------------------------------------------------------


async def test_sent_empties_the_outbox_and_unschedules_it(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    await box.put(JANE, notice(2))
    clock.tick(GAP)
    assert await box.due() == [JANE]
    await box.sent(JANE, await box.waiting(JANE))
    assert await box.waiting(JANE) == Waiting([], 0)
    clock.tick(30 * 24 * 3600)
    assert await box.due() == []


async def test_a_notice_arriving_during_delivery_stays_due(box: Outbox, store: Store, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    await box.put(JANE, notice(2))
    clock.tick(GAP)
    waiting = await box.waiting(JANE)  # the delivery reads ...
    clock.tick(2)
    assert await box.put(JANE, notice(3))  # ... a new notice arrives while it posts to Slack ...
    await box.sent(JANE, waiting)  # ... and it drops what it sent.
    assert await keys_waiting(box, JANE) == [notice(3).key]
    assert await store.zscore(DUE_KEY, JANE.token) == pytest.approx(clock.ts + GAP)
    clock.tick(GAP - 1)
    assert await box.due() == []
    clock.tick(1)
    assert await box.due() == [JANE]


async def test_sent_does_not_touch_other_recipients(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    await box.put(ENG, notice(1))
    clock.tick(GAP)
    await box.sent(JANE, await box.waiting(JANE))
    assert await box.due() == [ENG]
    assert await keys_waiting(box, ENG) == [notice(1).key]


async def test_a_delivery_takes_at_most_take_notices_and_the_rest_stay_due(box: Outbox, clock: Clock) -> None:
    for n in range(TAKE + 5):
        await box.put(ENG, notice(n))
    clock.tick(MAX_WAIT)
    waiting = await box.waiting(ENG)
    assert (len(waiting.notices), waiting.entries) == (TAKE, TAKE)
    assert waiting.notices[0].application_id == "app-0"
    await box.sent(ENG, waiting)
    rest = await box.waiting(ENG)
    assert [n.application_id for n in rest.notices] == [f"app-{n}" for n in range(TAKE, TAKE + 5)]
    clock.tick(GAP)
    assert await box.due() == [ENG]


# -- later ------------------------------------------------------------------------------------------------------------


async def test_later_puts_an_outbox_off(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    clock.tick(GAP)
    assert await box.due() == [JANE]
    morning = clock.ts + 8 * 3600
    await box.later(JANE, morning)
    assert await box.due() == []
    clock.tick(8 * 3600 - 1)
    assert await box.due() == []
    clock.tick(1)
    assert await box.due() == [JANE]
    assert await keys_waiting(box, JANE) == [notice(1).key]  # nothing was lost meanwhile


async def test_later_can_also_bring_an_outbox_forward(box: Outbox, clock: Clock) -> None:
    await box.put(JANE, notice(1))
    await box.later(JANE, clock.ts)
    assert await box.due() == [JANE]


# -- Recipient ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "recipient"),
    [
        ("u:U0JANE", Recipient("person", "U0JANE")),
        ("c:C0ENGINEERING", Recipient("channel", "C0ENGINEERING")),
        ("c:G01PRIVATE", Recipient("channel", "G01PRIVATE")),
        ("u:W0ENTERPRISE", Recipient("person", "W0ENTERPRISE")),
        ("u:U1:extra", Recipient("person", "U1:extra")),  # only the first colon splits
    ],
)
def test_recipient_parses_its_own_tokens(token: str, recipient: Recipient) -> None:
    assert Recipient.parse(token) == recipient
    assert recipient.token == token


@pytest.mark.parametrize("token", ["", ":", "u:", "c:", "U0JANE", ":U0JANE", "x:U0JANE", "user:U0JANE", "U:U0JANE"])
def test_recipient_refuses_tokens_it_did_not_write(token: str) -> None:
    assert Recipient.parse(token) is None


def test_recipient_tokens_tell_people_from_channels() -> None:
    assert Recipient("person", "C1").token == "u:C1"
    assert Recipient("channel", "C1").token == "c:C1"
    assert Recipient("person", "C1").token != Recipient("channel", "C1").token
