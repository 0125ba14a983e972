"""Notification settings: quiet hours (across midnight too), when they end, muting, reading stored settings
tolerantly; ``Preferences`` on a real in-process store; and the changes the settings controls make."""

from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from ashby.events import Topic
from ashby.store import MemoryStore
from blocks.settings import LoopSettings
from handlers.desk import Desk, loop_settings, with_quiet_hours
from handlers.notify.preferences import (
    DEFAULT_QUIET_FROM,
    DEFAULT_QUIET_UNTIL,
    NotificationSettings,
    Preferences,
)

TZ = ZoneInfo("Europe/Madrid")


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TZ)


# -- NotificationSettings -----------------------------------------------------------------------------------


def test_defaults_hear_everything_with_quiet_hours_from_eight_to_eight() -> None:
    settings = NotificationSettings()
    assert all(settings.hears(topic) for topic in Topic)
    assert (settings.quiet_from, settings.quiet_until) == (DEFAULT_QUIET_FROM, DEFAULT_QUIET_UNTIL) == (20, 8)
    assert settings.has_quiet_hours


@pytest.mark.parametrize(
    ("hour", "quiet"),
    [(19, False), (20, True), (23, True), (0, True), (3, True), (7, True), (8, False), (12, False)],
)
def test_quiet_hours_across_midnight(hour: int, quiet: bool) -> None:
    assert NotificationSettings(quiet_from=20, quiet_until=8).is_quiet(at(hour, 30 if hour == 7 else 0)) is quiet


@pytest.mark.parametrize(("hour", "quiet"), [(12, False), (13, True), (14, True), (15, False), (2, False)])
def test_quiet_hours_within_a_day(hour: int, quiet: bool) -> None:
    assert NotificationSettings(quiet_from=13, quiet_until=15).is_quiet(at(hour)) is quiet


@pytest.mark.parametrize(("start", "end"), [(None, None), (None, 8), (20, None), (9, 9)])
def test_missing_or_equal_ends_mean_no_quiet_hours(start: int | None, end: int | None) -> None:
    settings = NotificationSettings(quiet_from=start, quiet_until=end)
    assert not settings.has_quiet_hours
    assert not any(settings.is_quiet(at(hour)) for hour in range(24))
    assert settings.quiet_ends(at(3)) == at(3)


def test_quiet_ends_later_the_same_night_or_the_next_morning() -> None:
    settings = NotificationSettings(quiet_from=20, quiet_until=8)
    assert settings.quiet_ends(at(22, 15)) == at(8, day=3)  # before midnight: tomorrow morning
    assert settings.quiet_ends(at(3, 45)) == at(8)  # after midnight: this morning
    assert settings.quiet_ends(at(12)) == at(12)  # not quiet: now


def test_quiet_ends_keeps_the_time_zone() -> None:
    ends = NotificationSettings(quiet_from=20, quiet_until=8).quiet_ends(at(23))
    assert ends.tzinfo is TZ and ends - at(23) == timedelta(hours=9)


def test_muting_and_unmuting_a_topic() -> None:
    settings = NotificationSettings().muting(Topic.MOVES, True).muting(Topic.OFFERS, True)
    assert settings.muted == {Topic.MOVES, Topic.OFFERS}
    assert not settings.hears(Topic.MOVES) and settings.hears(Topic.HIRES)
    settings = settings.muting(Topic.MOVES, False).muting(Topic.HIRES, False)
    assert settings.muted == {Topic.OFFERS}
    assert (settings.quiet_from, settings.quiet_until) == (20, 8)  # untouched


def test_json_round_trip() -> None:
    settings = NotificationSettings(muted=frozenset({Topic.ARCHIVES, Topic.APPLICATIONS}), quiet_from=None)
    assert NotificationSettings.from_json(settings.to_json()) == settings
    assert NotificationSettings.from_json(settings.to_json().encode()) == settings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("not json", NotificationSettings()),
        ("[1, 2]", NotificationSettings()),
        ("null", NotificationSettings()),
        ("{}", NotificationSettings(quiet_from=None, quiet_until=None)),
        ('{"muted": ["moves", "gossip"], "quiet_from": 22, "quiet_until": 7}', NotificationSettings(
            muted=frozenset({Topic.MOVES}), quiet_from=22, quiet_until=7
        )),
        ('{"muted": "moves", "quiet_from": 25, "quiet_until": true}', NotificationSettings(
            quiet_from=None, quiet_until=None
        )),
        ('{"muted": [], "quiet_from": "20", "quiet_until": -1}', NotificationSettings(
            quiet_from=None, quiet_until=None
        )),
    ],
)  # fmt: skip
def test_from_json_is_tolerant_field_by_field(raw: str, expected: NotificationSettings) -> None:
    assert NotificationSettings.from_json(raw) == expected


# -- Preferences on a store ---------------------------------------------------------------------------------


async def test_preferences_default_until_saved_then_per_person() -> None:
    preferences = Preferences(MemoryStore())
    assert await preferences.get("U1") == NotificationSettings()
    mine = NotificationSettings(muted=frozenset({Topic.HIRES}), quiet_from=22, quiet_until=6)
    await preferences.save("U1", mine)
    assert await preferences.get("U1") == mine
    assert await preferences.get("U2") == NotificationSettings()


async def test_the_workspace_default_applies_until_someone_saves_their_own() -> None:
    workspace = NotificationSettings(quiet_from=None, quiet_until=None)
    preferences = Preferences(MemoryStore(), default=workspace)
    assert await preferences.get("U1") == workspace
    await preferences.save("U1", NotificationSettings())
    assert await preferences.get("U1") == NotificationSettings()


async def test_preferences_are_shared_through_the_store() -> None:
    store = MemoryStore()
    await Preferences(store).save("U1", NotificationSettings(quiet_from=None, quiet_until=None))
    assert not (await Preferences(store).get("U1")).has_quiet_hours


async def test_a_garbled_stored_value_reads_as_defaults() -> None:
    store = MemoryStore()
    preferences = Preferences(store)
    await preferences.save("U1", NotificationSettings())
    await store.set("notify:prefs:U1", b"\xff\xfe not json")
    assert await preferences.get("U1") == NotificationSettings()


# -- what the settings controls change -----------------------------------------------------------------------


def desk(preferences: Preferences) -> Desk:
    nothing = cast(Any, None)
    return Desk(nothing, nothing, nothing, preferences)


async def test_hearing_only_some_topics_mutes_the_rest_and_keeps_quiet_hours() -> None:
    preferences = Preferences(MemoryStore())
    await preferences.save("U1", NotificationSettings(muted=frozenset({Topic.HIRES}), quiet_from=21, quiet_until=7))
    saved = await desk(preferences).hear_only("U1", {Topic.HIRES, Topic.OFFERS})
    assert saved.muted == {Topic.APPLICATIONS, Topic.MOVES, Topic.ARCHIVES}
    assert (saved.quiet_from, saved.quiet_until) == (21, 7)
    assert await preferences.get("U1") == saved
    assert (await desk(preferences).hear_only("U1", set(Topic))).muted == frozenset()
    assert (await desk(preferences).hear_only("U1", ())).muted == set(Topic)


async def test_setting_quiet_hours_saves_for_that_person_only() -> None:
    preferences = Preferences(MemoryStore())
    saved = await desk(preferences).set_quiet_hours("U1", "from", 22)
    assert (saved.quiet_from, saved.quiet_until) == (22, 8)
    assert await preferences.get("U1") == saved
    assert await preferences.get("U2") == NotificationSettings()


@pytest.mark.parametrize(
    ("before", "end", "hour", "after"),
    [
        ((20, 8), "from", 22, (22, 8)),
        ((20, 8), "until", 6, (20, 6)),
        ((20, 8), "from", None, (None, None)),
        ((20, 8), "until", None, (None, None)),
        ((None, None), "from", 23, (23, 8)),  # the other end comes back at its default
        ((None, None), "until", 9, (20, 9)),
        ((None, 7), "from", 21, (21, 7)),
    ],
)
def test_with_quiet_hours(
    before: tuple[int | None, int | None], end: str, hour: int | None, after: tuple[int | None, int | None]
) -> None:
    settings = NotificationSettings(muted=frozenset({Topic.MOVES}), quiet_from=before[0], quiet_until=before[1])
    changed = with_quiet_hours(settings, end, hour)  # type: ignore[arg-type]
    assert (changed.quiet_from, changed.quiet_until) == after
    assert changed.muted == {Topic.MOVES}


def test_turning_quiet_hours_back_on_follows_the_workspace_default() -> None:
    off = NotificationSettings(quiet_from=None, quiet_until=None)
    workspace = NotificationSettings(quiet_from=22, quiet_until=6)
    changed = with_quiet_hours(off, "from", 21, default=workspace)
    assert (changed.quiet_from, changed.quiet_until) == (21, 6)
    no_default = NotificationSettings(quiet_from=None, quiet_until=None)
    changed = with_quiet_hours(off, "until", 7, default=no_default)
    assert (changed.quiet_from, changed.quiet_until) == (20, 7)


async def test_choosing_a_digest_time_turns_the_digest_on_and_off_keeps_the_time() -> None:
    preferences = Preferences(MemoryStore())
    saved = await desk(preferences).set_digest("U1", 9 * 60)
    assert (saved.digest, saved.digest_at) == (True, 540)
    assert await preferences.get("U1") == saved
    off = await desk(preferences).set_digest("U1", None)
    assert (off.digest, off.digest_at) == (False, 540)  # back on at 09:00 when turned on again
    assert await preferences.get("U1") == off
    assert (await preferences.get("U2")).digest is None  # the admin's default for everyone else


async def test_setting_the_briefing_lead_time_keeps_everything_else() -> None:
    preferences = Preferences(MemoryStore())
    await preferences.save("U1", NotificationSettings(muted=frozenset({Topic.HIRES}), quiet_from=21, quiet_until=7))
    saved = await desk(preferences).set_briefing("U1", 30)
    assert saved.briefing_minutes == 30
    assert (saved.muted, saved.quiet_from, saved.quiet_until) == ({Topic.HIRES}, 21, 7)
    assert await preferences.get("U1") == saved
    assert (await desk(preferences).set_briefing("U1", 0)).briefing_minutes == 0


def test_the_controls_show_the_admins_digest_default_until_someone_chooses() -> None:
    assert loop_settings(NotificationSettings()).digest is False
    assert loop_settings(NotificationSettings(), digest_default=True).digest is True
    assert loop_settings(NotificationSettings(digest=False), digest_default=True).digest is False
    assert loop_settings(NotificationSettings(briefing_minutes=5, digest_at=600)) == LoopSettings(False, 600, 5)
