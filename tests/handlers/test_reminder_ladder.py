"""The reminder ladder's timing: working days in the interviewer's own zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.loop.reminders import ladder


def test_the_ladder_skips_weekends_in_the_interviewers_zone() -> None:
    friday_evening = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)  # 18:00 in Madrid
    steps = ladder(friday_evening, first=timedelta(hours=1), days=2, tz=ZoneInfo("Europe/Madrid"))
    assert [s.astimezone(ZoneInfo("Europe/Madrid")).strftime("%a %H:%M") for s in steps] == [
        "Fri 19:00",
        "Mon 19:00",
        "Tue 19:00",
        "Wed 19:00",
    ]


def test_a_weekend_in_one_zone_is_a_weekday_in_another() -> None:
    # Sunday 23:30 in Auckland is Sunday 10:30 UTC: the next working day there is Monday.
    sunday = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)
    steps = ladder(sunday, first=timedelta(0), days=1, tz=ZoneInfo("Pacific/Auckland"))
    assert steps[1].astimezone(ZoneInfo("Pacific/Auckland")).strftime("%a") == "Mon"


def test_no_daily_reminders_means_escalating_the_next_working_day() -> None:
    monday = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert ladder(monday, first=timedelta(hours=1), days=0, tz=UTC) == [
        monday + timedelta(hours=1),
        monday + timedelta(days=1, hours=1),
    ]
