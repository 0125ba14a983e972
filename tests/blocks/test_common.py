"""The shared pieces: escaping, cutting lists, and times in the asker's zone."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from blocks.common import (
    and_more,
    button,
    context,
    day_name,
    days_phrase,
    days_short,
    display_width,
    escape,
    escape_keeping_mentions,
    fit_lines,
    inline,
    link,
    mention,
    message,
    pad,
    scale,
    section,
    take,
    time_range,
    when,
)
from blocks.limits import MAX_BLOCKS, validate_message
from tests.blocks.factories import NOW, TZ, at, person


def test_escape_only_touches_what_slack_parses() -> None:
    assert escape("R&D <team> *bold*") == "R&amp;D &lt;team&gt; *bold*"
    assert inline("  Jane\n  <Doe>  ") == "Jane &lt;Doe&gt;"
    assert inline("   ", "Unnamed") == "Unnamed"


def test_mentions_survive_but_broadcasts_do_not() -> None:
    text = "<@U123ABC> & <#C0HIRING|hiring> <!channel> <script>"
    assert escape_keeping_mentions(text) == "<@U123ABC> &amp; <#C0HIRING|hiring> &lt;!channel&gt; &lt;script&gt;"


def test_mention_needs_a_real_slack_id() -> None:
    assert mention(person("Dana Whitfield", slack_user_id="U0DANA")) == "<@U0DANA>"
    assert mention(person("Dana Whitfield", slack_user_id="U0>|<!channel")) == "Dana Whitfield"
    assert mention(person("<Dana>")) == "&lt;Dana&gt;"


def test_link_only_for_urls_that_fit_in_a_slack_link() -> None:
    assert link("https://x.test/a?b=1&c=2", "Open") == "<https://x.test/a?b=1&amp;c=2|Open>"
    assert link("https://x.test/a|b", "Open") == "Open"
    assert link("javascript:alert(1)", "Open") == "Open"
    assert link(None, "Open") == "Open"


def test_fit_lines_drops_whole_lines_and_says_how_many() -> None:
    lines = [f"line {i:03}" for i in range(100)]
    text = fit_lines(lines, 100)
    assert len(text) <= 100
    kept = text.splitlines()
    assert kept[:-1] == lines[: len(kept) - 1]
    assert kept[-1] == and_more(100 - (len(kept) - 1))
    assert fit_lines(lines[:3], 100) == "line 000\nline 001\nline 002"


def test_fit_lines_cuts_a_single_huge_line() -> None:
    text = fit_lines(["x" * 5000, "y"], 3000)
    assert len(text) <= 3000
    assert text.startswith("xxx")
    assert text.endswith(and_more(1))


def test_take_keeps_whole_items_and_fits_the_more_block() -> None:
    items = [[section(f"{i}a"), section(f"{i}b")] for i in range(10)]
    blocks = take(items, 7, lambda n: context(and_more(n)))
    assert len(blocks) == 7
    assert blocks[-1]["elements"][0]["text"] == and_more(7)
    assert take(items[:3], 7, lambda n: context(and_more(n))) == [b for item in items[:3] for b in item]
    first_two = take(items[:2], 50, lambda n: context(and_more(n)), total=5)
    assert len(first_two) == 5
    assert first_two[-1]["elements"][0]["text"] == and_more(3)


def test_button_refuses_values_it_would_have_to_cut() -> None:
    assert button("Go", action_id="ashby_candidate", value="x" * 2001) is None
    assert button("Go", action_id="ashby_candidate", value="") is None
    long_label = button("L" * 200, action_id="ashby_candidate", value="c1")
    assert long_label is not None
    assert len(long_label["text"]["text"]) == 75


def test_message_always_has_fallback_text_and_fits() -> None:
    msg = message("   ", [section("x")] * 80)
    assert msg["text"]
    assert len(msg["blocks"]) == MAX_BLOCKS
    assert validate_message(msg) == []
    assert len(message("y" * 10_000, [])["text"]) == 4000


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(5), "Today 2:00 PM"),  # NOW is 9:00 AM in New York
        (at(-9.5), "Yesterday 11:30 PM"),
        (at(0.5, days=1), "Tomorrow 9:30 AM"),
        (at(1.5, days=7), "Thu, Dec 4, 10:30 AM"),
        (at(1.5, days=3), "Sun 10:30 AM"),
        (at(0, days=-2), "Tue, Nov 25, 9:00 AM"),
        (at(0, days=40), "Tue, Jan 6, 2026, 9:00 AM"),
        (datetime(2025, 11, 27, 17, 0), "Today 12:00 PM"),  # naive = UTC
    ],
)
def test_when_reads_like_people_speak(moment: datetime, expected: str) -> None:
    assert when(moment, now=NOW, tz=TZ) == expected


def test_when_uses_the_askers_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert when(at(5), now=NOW, tz=tokyo) == "Tomorrow 4:00 AM"
    assert when(at(5), now=NOW, tz=UTC) == "Today 7:00 PM"


def test_day_name_within_a_week_is_a_weekday() -> None:
    today = date(2025, 11, 27)
    assert [day_name(today + timedelta(days=d), today) for d in range(-1, 4)] == [
        "Yesterday",
        "Today",
        "Tomorrow",
        "Sat",
        "Sun",
    ]


def test_time_range() -> None:
    assert time_range(at(5), at(6), TZ) == "2:00 – 3:00 PM"
    assert time_range(at(2.5), at(3.5), TZ) == "11:30 AM – 12:30 PM"


@pytest.mark.parametrize(
    ("days", "phrase", "short"),
    [
        (6.9, "6 days", "6d"),
        (1.2, "1 day", "1d"),
        (0.3, "less than a day", "<1d"),
        (float("nan"), "less than a day", "<1d"),
    ],
)
def test_days(days: float, phrase: str, short: str) -> None:
    assert days_phrase(days) == phrase
    assert days_short(days) == short
    assert days_short(None) == ""


def test_scale() -> None:
    assert scale(4) == "🟢🟢🟢🟢"
    assert scale(3) == "🟢🟢🟢⚪"
    assert scale(2) == "🟠🟠⚪⚪"
    assert scale(1) == "🔴⚪⚪⚪"
    assert scale(9) == "🟢🟢🟢🟢"
    assert scale(-1) == "⚪⚪⚪⚪"


def test_pad_counts_wide_characters_as_two_columns() -> None:
    assert pad("Onsite", 8) == "Onsite  "
    assert display_width(pad("面接ステージ", 8)) == 8
    assert pad("Recruiter Screen", 8) == "Recruit…"
