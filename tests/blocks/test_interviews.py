"""Interview schedules, grouped by day in the asker's time zone."""

from zoneinfo import ZoneInfo

from blocks import interviews_card
from blocks.limits import validate_message
from tests.blocks.factories import NOW, TZ, action_ids, at, elements, interview, interviewer, job, shown


def test_grouped_by_day_with_everything_needed_to_show_up() -> None:
    views = [interview(start=at(1, days=1), candidate_name="Sam Ortiz"), interview()]
    msg = interviews_card(views, title="Your interviews this week", now=NOW, tz=TZ)
    assert validate_message(msg) == []
    assert msg["blocks"][0]["text"]["text"] == "Your interviews this week"
    text = shown(msg)
    for fact in (
        "📅 Today · Thu, Nov 27",
        "*2:00 – 3:00 PM* · *Jane Doe* — Senior Backend Engineer",
        "Onsite · System design",
        "👥 Tomás Herrera, Dana Whitfield",
        "<https://meet.example.com/abc-defg|Join meeting>",
        "📅 Tomorrow · Fri, Nov 28",
        "*10:00 – 11:00 AM* · *Sam Ortiz*",
    ):
        assert fact in text
    assert text.index("Today") < text.index("Jane Doe") < text.index("Tomorrow") < text.index("Sam Ortiz")
    assert msg["text"] == "Your interviews this week: 2 interviews, next Today 2:00 PM with Jane Doe"


def test_candidate_button_per_interview() -> None:
    msg = interviews_card([interview(), interview(candidate_id="cand-2")], title="Today", now=NOW, tz=TZ)
    assert action_ids(msg) == ["ashby_candidate", "ashby_candidate"]
    assert [e["value"] for e in elements(msg)] == ["cand-1", "cand-2"]


def test_feedback_marks_only_once_the_interview_has_ended() -> None:
    panel = (interviewer("Ana Ruiz", submitted=True), interviewer("Li Wei", submitted=False))
    done = interviews_card([interview(start=at(-3), interviewers=panel)], title="Today", now=NOW, tz=TZ)
    assert "Ana Ruiz ✅, Li Wei ⏳" in shown(done)
    assert "Submit feedback" in shown(done)
    assert "Join meeting" not in shown(done)
    upcoming = interviews_card([interview(interviewers=panel)], title="Today", now=NOW, tz=TZ)
    assert "✅" not in shown(upcoming)
    assert "⏳" not in shown(upcoming)


def test_times_follow_the_askers_zone() -> None:
    msg = interviews_card([interview()], title="Today", now=NOW, tz=ZoneInfo("Europe/Berlin"))
    assert "*8:00 – 9:00 PM*" in shown(msg)


def test_no_interviews_is_a_friendly_message() -> None:
    msg = interviews_card([], title="Your interviews today", now=NOW, tz=TZ)
    assert validate_message(msg) == []
    assert "No interviews" in shown(msg)
    assert msg["text"] == "Your interviews today: no interviews scheduled."


def test_confidential_and_special_characters() -> None:
    view = interview(candidate_name="<Jane> & Co", job=job("R&D", confidential=True), meeting_link="not a url")
    msg = interviews_card([view], title="<Today>", now=NOW, tz=TZ)
    text = shown(msg)
    assert "&lt;Jane&gt; &amp; Co" in text
    assert "R&amp;D 🔒" in text
    assert "Join meeting" not in text
    assert msg["text"].startswith("&lt;Today&gt;")


def test_three_hundred_interviews_end_with_a_count() -> None:
    views = [interview(start=at(i), event_id=f"e{i}") for i in range(300)]
    msg = interviews_card(views, title="This month", now=NOW, tz=TZ)
    assert validate_message(msg) == []
    assert len(msg["blocks"]) == 50
    last = msg["blocks"][-1]["elements"][0]["text"]
    shown_count = sum(1 for b in msg["blocks"] if b.get("accessory"))
    assert last == f"…and {300 - shown_count} more interviews"
