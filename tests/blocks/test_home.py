"""The Home tab and the notification settings controls: what each part shows, how lists are cut, and that a
busy recruiter's Home stays within Slack's limits for views."""

from datetime import timedelta
from typing import Any

import pytest

from ashby.events import TOPIC_LABELS, Topic
from blocks import payloads as p
from blocks.home import MAX_ROWS, DeskJob, DeskView, home_view, no_access_home, trouble_home
from blocks.limits import MAX_MODAL_BLOCKS, MAX_SECTION_TEXT, validate_message, validate_view
from blocks.notices import not_allowed
from blocks.settings import (
    BRIEFING_LEADS,
    DIGEST_TIMES,
    NO_BRIEFINGS,
    NO_DIGEST,
    NO_QUIET_HOURS,
    LoopSettings,
    notification_settings,
    settings_message,
)
from tests.blocks.factories import (
    NOW,
    TZ,
    at,
    dump,
    interview,
    interviewer,
    job,
    offer,
    person,
    pipeline,
    shown,
    stage,
    waiting,
)

TOPICS = list(TOPIC_LABELS.items())
ASHBY = "https://app.ashbyhq.com"


def settings(muted: frozenset[Topic] = frozenset(), start: int | None = 20, end: int | None = 8) -> list[Any]:
    return notification_settings(muted, start, end, topics=TOPICS)


def desk(**kw: Any) -> DeskView:
    kw.setdefault("now", NOW)  # Thursday 9:00 AM in New York
    kw.setdefault("tz", TZ)
    kw.setdefault("name", "Priya Natarajan")
    kw.setdefault(
        "interviews",
        (
            interview(start=at(5), candidate_name="Jane Doe"),
            interview(start=at(-2), candidate_name="Li Wei", candidate_id="cand-2", meeting_link="https://meet/x"),
            interview(start=at(2, days=1), candidate_name="Sam Ortiz", candidate_id="cand-3"),
        ),
    )
    kw.setdefault(
        "feedback_owed",
        (
            interview(start=at(-2), candidate_name="Li Wei", candidate_id="cand-2", title="Coding"),
            interview(start=at(-50), candidate_name="Ana Ruiz", candidate_id="cand-4", title="Screen"),
        ),
    )
    kw.setdefault("approvals", (offer(candidate_name="Elena Rossi", requested_by=person("Priya Natarajan")),))
    kw.setdefault("jobs", (DeskJob(job(), pipeline()),))
    kw.setdefault("ashby_url", ASHBY)
    return DeskView(**kw)


def headers(view: dict[str, Any]) -> list[str]:
    return [block["text"]["text"] for block in view["blocks"] if block["type"] == "header"]


# -- the desk ------------------------------------------------------------------------------------------------


def test_a_desk_has_every_part_in_order_and_publishes() -> None:
    view = home_view(desk(), settings())
    assert view["type"] == "home"
    assert validate_view(view) == []
    assert headers(view) == [
        "Priya's recruiting desk",
        "📅 Your interviews",
        "✍️ Feedback you owe",
        "✅ Approvals waiting on you",
        "💼 Your jobs",
        "🔔 Your notifications",
    ]
    text = shown(view)
    assert "Updated Today 9:00 AM your time" in text
    assert "2 interviews today · 2 scorecards to write · 1 approval waiting" in text


def test_interviews_today_and_tomorrow_in_the_persons_time_zone() -> None:
    text = shown(home_view(desk()))
    today, tomorrow = text.index("*Today · Thu, Nov 27*"), text.index("*Tomorrow · Fri, Nov 28*")
    assert today < text.index("Li Wei") < text.index("Jane Doe") < tomorrow < text.index("Sam Ortiz")
    assert "*2:00 – 3:00 PM* · <https://app.ashbyhq.com/candidates/cand-1|Jane Doe> — Senior Backend Engineer" in text
    assert "· Onsite" in text
    # a meeting link only for interviews still to come
    assert "<https://meet.example.com/abc-defg|Join meeting>" in text
    assert "https://meet/x" not in text


def test_an_empty_day_says_so() -> None:
    text = shown(home_view(desk(interviews=(interview(start=at(2, days=1)),))))
    assert "*Today · Thu, Nov 27*\n_No interviews._" in text
    assert "0 interviews today" in text


def test_feedback_owed_oldest_first_with_a_link_to_the_scorecard() -> None:
    text = shown(home_view(desk()))
    assert "You owe 2 scorecards, oldest first." in text
    assert text.index("Ana Ruiz") < text.index("Coding")
    assert "— Screen · Senior Backend Engineer · ended Tue, Nov 25, 8:00 AM" in text
    assert "<https://app.ashbyhq.com/feedback/1|Submit feedback>" in text


def test_no_feedback_owed_is_good_news() -> None:
    text = shown(home_view(desk(feedback_owed=())))
    assert "You're all caught up" in text
    assert "scorecard" not in text.split("\n")[1]  # nothing to write, so the summary does not mention it


def test_approvals_waiting_with_what_the_approver_needs() -> None:
    text = shown(home_view(desk()))
    assert "1 offer waiting on you." in text
    assert (
        "*<https://app.ashbyhq.com/candidates/cand-1|Elena Rossi>* — Senior Backend Engineer · USD 185,000 · "
        "starts Mon, Jan 5, 2026 · step 2 of 2 · requested by Priya Natarajan"
    ) in text
    assert "Approve from the card I sent you as a direct message, or in Ashby." in text
    assert "No offers are waiting" in shown(home_view(desk(approvals=())))


def test_jobs_with_counts_per_stage_and_who_has_waited_longest() -> None:
    text = shown(home_view(desk()))
    assert "*<https://app.ashbyhq.com/jobs/job-1|Senior Backend Engineer>* · REQ-1042 · *39 active candidates*" in text
    assert "Application Review 24 · Recruiter Screen 12 · Onsite 3\n" in text  # empty stages left out
    assert "⏳ Waiting longest: *Sam Ortiz*, 9 days in Recruiter Screen" in text


def test_jobs_beyond_the_first_few_are_counted() -> None:
    jobs = tuple(DeskJob(job(f"Job {n}", id=f"job-{n}"), pipeline(job=job(f"Job {n}"))) for n in range(MAX_ROWS))
    text = shown(home_view(desk(jobs=jobs, more_jobs=4)))
    assert "Job 4" in text
    assert "…and 4 more jobs — `/ashby jobs` lists every open job." in text


def test_jobs_before_the_counts_are_known() -> None:
    text = shown(home_view(desk(jobs=(DeskJob(job()),))))
    assert "*<https://app.ashbyhq.com/jobs/job-1|Senior Backend Engineer>* · REQ-1042" in text
    assert "Counts appear once the candidate list has finished loading." in text


def test_no_jobs_and_nothing_waiting() -> None:
    text = shown(home_view(desk(jobs=(), approvals=(), feedback_owed=(), interviews=())))
    assert "You're not on the hiring team of any open job." in text
    assert "0 interviews today" in text


def test_a_part_that_could_not_load_says_so_and_the_rest_is_shown() -> None:
    view = home_view(desk(approvals=None, jobs=None, unavailable=("approvals waiting on you", "your jobs")), settings())
    assert validate_view(view) == []
    text = shown(view)
    assert "⚠️ I couldn't load approvals waiting on you, your jobs from Ashby just now." in text
    assert text.count("_Couldn't load this from Ashby just now._") == 2
    assert "Jane Doe" in text and "🔔 Your notifications" in text


def test_a_notice_goes_at_the_top() -> None:
    text = shown(home_view(desk(notice="I couldn't save that change just now.")))
    assert text.index("⚠️ I couldn't save that change just now.") < text.index("Your interviews")


def test_names_are_escaped() -> None:
    sneaky = interview(candidate_name="<!channel> & <https://evil|x>", candidate_id="cand-9")
    text = dump(home_view(desk(interviews=(sneaky,), feedback_owed=(sneaky,))))
    assert "<!channel>" not in text and "<https://evil" not in text
    assert "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;" in text


def test_without_an_ashby_url_names_are_plain() -> None:
    text = shown(home_view(desk(ashby_url=None)))
    assert "/candidates/" not in text
    assert "· Jane Doe — Senior Backend Engineer" in text


def test_a_busy_recruiters_home_stays_within_slacks_limits() -> None:
    long = "Extraordinarily Long Candidate Name " * 6
    many = tuple(
        interview(
            start=at(-1 + n % 30, days=n % 2),
            candidate_name=f"{long}{n}",
            candidate_id=f"cand-{n}",
            interviewers=tuple(interviewer(f"Person {i}") for i in range(20)),
        )
        for n in range(300)
    )
    stages = tuple(
        stage(f"Stage with a long title number {n} " * 3, n + 1, longest_waiting=(waiting(long, 40.0 + n),))
        for n in range(40)
    )
    jobs = tuple(DeskJob(job(f"{long} job {n}", id=f"job-{n}"), pipeline(stages=stages)) for n in range(60))
    approvals = tuple(offer(candidate_name=f"{long}{n}", requested_by=person(long)) for n in range(200))
    view = home_view(
        desk(interviews=many, feedback_owed=many, approvals=approvals, jobs=jobs, more_jobs=500), settings()
    )
    assert validate_view(view) == []
    assert len(view["blocks"]) <= MAX_MODAL_BLOCKS
    for block in view["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
    text = shown(view)
    assert f"…and {300 - MAX_ROWS} more scorecards" in text
    assert f"…and {200 - MAX_ROWS} more offers" in text
    assert "more interviews" in text
    assert f"…and {500 + 60 - MAX_ROWS} more jobs" in text


# -- the other Homes -----------------------------------------------------------------------------------------


def test_no_access_home_uses_the_one_refusal() -> None:
    view = no_access_home(not_allowed("Your Slack email doesn't match a user in Ashby. Ask an Ashby admin."))
    assert validate_view(view) == []
    text = shown(view)
    assert "🔒 Not available to you" in text and "doesn't match a user in Ashby" in text
    assert "Your interviews" not in text and p.NotifyTopics.ACTION not in dump(view)


def test_trouble_home_keeps_the_settings() -> None:
    view = trouble_home("I couldn't reach Ashby to see who you are.", settings())
    assert validate_view(view) == []
    assert "⚠️ I couldn't reach Ashby" in shown(view)
    assert p.QuietHours.ACTION in dump(view)


# -- the settings controls -----------------------------------------------------------------------------------


def checkboxes(blocks: list[Any]) -> dict[str, Any]:
    return next(e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["type"] == "checkboxes")


def menus(blocks: list[Any]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "static_select"]


def test_every_topic_is_ticked_by_default() -> None:
    box = checkboxes(settings())
    assert box["action_id"] == p.NotifyTopics.ACTION
    assert [o["text"]["text"] for o in box["options"]] == [topic.label for topic in Topic]
    assert box["initial_options"] == box["options"]
    assert [p.NotifyTopics.unpack(o["value"]) for o in box["options"]] == [p.NotifyTopics(t.value) for t in Topic]


def test_muted_topics_are_unticked() -> None:
    box = checkboxes(settings(frozenset({Topic.MOVES, Topic.ARCHIVES})))
    assert [o["value"] for o in box["initial_options"]] == ["applications", "offers", "hires"]
    nothing = checkboxes(settings(frozenset(Topic)))
    assert "initial_options" not in nothing  # Slack refuses an empty list


def test_quiet_hours_menus_show_the_current_hours() -> None:
    start, end = menus(settings(start=22, end=7))
    assert start["action_id"] == end["action_id"] == p.QuietHours.ACTION
    assert start["initial_option"]["text"]["text"] == "22:00"
    assert end["initial_option"]["text"]["text"] == "07:00"
    assert p.QuietHours.unpack(start["initial_option"]["value"]) == p.QuietHours("from", 22)
    assert p.QuietHours.unpack(end["initial_option"]["value"]) == p.QuietHours("until", 7)
    labels = [o["text"]["text"] for o in start["options"]]
    assert labels == [NO_QUIET_HOURS, *(f"{h:02d}:00" for h in range(24))]


def test_quiet_hours_are_explained_in_plain_words() -> None:
    text = shown({"blocks": settings()})
    assert "*Quiet hours:* 20:00–08:00 your time." in text
    assert "held and delivered together when they end" in text
    off = settings(start=None, end=None)
    assert "*Quiet hours:* none." in shown({"blocks": off})
    assert all(m["initial_option"]["text"]["text"] == NO_QUIET_HOURS for m in menus(off))
    assert "*Quiet hours:* none." in shown({"blocks": settings(start=9, end=9)})


def test_the_settings_message_for_the_command() -> None:
    msg = settings_message(frozenset({Topic.HIRES}), 20, 8, topics=TOPICS)
    assert validate_message(msg) == []
    assert msg["text"] == "Your notification settings: you hear about 4 of 5 topics; quiet hours 20:00–08:00."
    assert "🔔 Your notifications" in shown(msg)
    assert {p.NotifyTopics.ACTION, p.QuietHours.ACTION} <= {e["action_id"] for e in _elements(msg)}


def _elements(msg: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return found + [b["accessory"] for b in msg["blocks"] if "accessory" in b]


def test_unknown_topic_names_are_left_out() -> None:
    box = checkboxes(notification_settings((), 20, 8, topics=[("moves", "Stage changes"), ("Bad Name!", "x")]))
    assert [o["value"] for o in box["options"]] == ["moves"]


# -- their payloads ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [p.NotifyTopics("moves"), p.QuietHours("from", 20), p.QuietHours("until", 0), p.QuietHours("from", None)],
    ids=str,
)
def test_settings_payloads_round_trip(payload: p.Payload) -> None:
    assert type(payload).unpack(payload.pack()) == payload
    assert type(payload) in p.ALL


@pytest.mark.parametrize(
    ("payload", "value"),
    [
        (p.NotifyTopics, ""),
        (p.NotifyTopics, "Moves"),
        (p.NotifyTopics, "moves;drop"),
        (p.NotifyTopics, "x" * 40),
        (p.QuietHours, "from"),
        (p.QuietHours, "from:24"),
        (p.QuietHours, "from:-1"),
        (p.QuietHours, "from:²"),
        (p.QuietHours, "at:8"),
        (p.QuietHours, "until:eight"),
    ],
)
def test_tampered_settings_values_are_refused(payload: type[p.Payload], value: str) -> None:
    assert payload.unpack(value) is None


def test_an_hour_that_is_not_one_is_never_packed() -> None:
    with pytest.raises(ValueError):
        p.QuietHours("from", 24).pack()


def test_now_is_thursday_morning_in_new_york() -> None:
    assert (NOW.astimezone(TZ).hour, (NOW + timedelta(days=1)).astimezone(TZ).strftime("%a")) == (9, "Fri")


def test_every_topic_is_offered_unless_told_otherwise() -> None:
    assert notification_settings({Topic.OFFERS}, 20, 8) == notification_settings({"offers"}, 20, 8, topics=TOPICS)
    assert settings_message((), None, None)["text"] == "Your notification settings: you hear about 5 of 5 topics."


# -- the interview loop's settings: the daily digest and the briefing lead time ------------------------------


def loop_settings(digest: bool = False, digest_at: int = 510, briefing: int = 15) -> list[Any]:
    return notification_settings((), 20, 8, topics=TOPICS, loop=LoopSettings(digest, digest_at, briefing))


def menu(blocks: list[Any], action_id: str) -> dict[str, Any]:
    return next(m for m in menus(blocks) if m["action_id"] == action_id)


def test_without_the_loop_settings_there_are_only_the_quiet_hours_menus() -> None:
    assert [m["action_id"] for m in menus(settings())] == [p.QuietHours.ACTION, p.QuietHours.ACTION]


def test_the_digest_menu_offers_off_and_half_hours_from_six_to_eleven() -> None:
    digest = menu(loop_settings(), p.DigestTime.ACTION)
    labels = [o["text"]["text"] for o in digest["options"]]
    assert labels == [
        NO_DIGEST,
        "06:00",
        "06:30",
        "07:00",
        "07:30",
        "08:00",
        "08:30",
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]
    assert [p.DigestTime.unpack(o["value"]) for o in digest["options"]] == [
        p.DigestTime(None),
        *(p.DigestTime(m) for m in DIGEST_TIMES),
    ]
    assert digest["initial_option"]["text"]["text"] == NO_DIGEST
    assert "*Daily digest:* off." in shown({"blocks": loop_settings()})


def test_a_digest_that_is_on_shows_its_time() -> None:
    blocks = loop_settings(digest=True, digest_at=9 * 60)
    assert menu(blocks, p.DigestTime.ACTION)["initial_option"]["text"]["text"] == "09:00"
    assert "*Daily digest:* weekdays at 09:00 your time" in shown({"blocks": blocks})
    odd = menu(loop_settings(digest=True, digest_at=12 * 60 + 15), p.DigestTime.ACTION)
    assert odd["initial_option"]["text"]["text"] == "12:15"  # a time saved some other way still shows
    assert validate_view({"type": "home", "blocks": blocks}) == []


def test_the_briefing_menu_offers_none_and_lead_times() -> None:
    briefing = menu(loop_settings(), p.BriefingLead.ACTION)
    labels = [o["text"]["text"] for o in briefing["options"]]
    assert labels == [
        NO_BRIEFINGS,
        "5 minutes before",
        "10 minutes before",
        "15 minutes before",
        "30 minutes before",
        "1 hour before",
    ]
    assert [p.BriefingLead.unpack(o["value"]) for o in briefing["options"]] == [
        p.BriefingLead(m) for m in BRIEFING_LEADS
    ]
    assert briefing["initial_option"]["text"]["text"] == "15 minutes before"
    assert "*Interview briefings:* 15 minutes before each interview you're on." in shown({"blocks": loop_settings()})
    none = loop_settings(briefing=0)
    assert menu(none, p.BriefingLead.ACTION)["initial_option"]["text"]["text"] == NO_BRIEFINGS
    assert "*Interview briefings:* none." in shown({"blocks": none})


def test_the_settings_message_with_the_loop_settings() -> None:
    loop = LoopSettings(digest=True, digest_at=8 * 60 + 30, briefing_minutes=10)
    msg = settings_message((), None, None, topics=TOPICS, loop=loop)
    assert validate_message(msg) == []
    assert msg["text"] == "Your notification settings: you hear about 5 of 5 topics; daily digest at 08:30."
    assert {p.DigestTime.ACTION, p.BriefingLead.ACTION} <= {e["action_id"] for e in _elements(msg)}
    off = settings_message((), 20, 8, topics=TOPICS, loop=LoopSettings(False, 510, 15))
    assert off["text"].endswith("; quiet hours 20:00–08:00; no daily digest.")


def test_a_busy_home_with_every_setting_stays_within_limits() -> None:
    many = tuple(interview(start=at(n / 10), candidate_name=f"Person {n}", candidate_id=f"c{n}") for n in range(60))
    view = home_view(desk(interviews=many, feedback_owed=many), loop_settings(digest=True))
    assert validate_view(view) == []
    assert len(view["blocks"]) <= MAX_MODAL_BLOCKS


@pytest.mark.parametrize(
    "payload",
    [p.DigestTime(None), p.DigestTime(510), p.DigestTime(0), p.BriefingLead(0), p.BriefingLead(60)],
    ids=str,
)
def test_loop_settings_payloads_round_trip(payload: p.Payload) -> None:
    assert type(payload).unpack(payload.pack()) == payload
    assert type(payload) in p.ALL


@pytest.mark.parametrize(
    ("payload", "value"),
    [
        (p.DigestTime, ""),
        (p.DigestTime, "on"),
        (p.DigestTime, "1440"),
        (p.DigestTime, "-30"),
        (p.DigestTime, "08:30"),
        (p.BriefingLead, ""),
        (p.BriefingLead, "none"),
        (p.BriefingLead, "99999"),
        (p.BriefingLead, "1441"),
    ],
)
def test_tampered_loop_settings_values_are_refused(payload: type[p.Payload], value: str) -> None:
    assert payload.unpack(value) is None


def test_a_time_that_is_not_one_is_never_packed() -> None:
    with pytest.raises(ValueError):
        p.DigestTime(24 * 60).pack()
    with pytest.raises(ValueError):
        p.BriefingLead(-5).pack()
