"""The daily digest and the approval nudge as messages: a line of counts, a section per part with something in
it, times in the person's own zone, lists cut at five, links to Ashby and the meeting, and Slack's limits
kept however busy the day."""

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ashby.views import OfferView
from blocks import payloads as p
from blocks.digest import DigestView, NewApplicant, approval_nudge, digest_message
from blocks.home import MAX_ROWS
from blocks.limits import MAX_BLOCKS, MAX_SECTION_TEXT, validate_message
from tests.blocks.factories import NOW, TZ, at, elements, interview, job, offer, person, shown, stale

ASHBY = "https://app.ashbyhq.com"
MADRID = ZoneInfo("Europe/Madrid")


def applicant(name: str = "Ana Ruiz", **kw: Any) -> NewApplicant:
    kw.setdefault("candidate_id", "cand-" + name.lower().replace(" ", "-"))
    kw.setdefault("application_id", "app-" + name.lower().replace(" ", "-"))
    kw.setdefault("job", job())
    kw.setdefault("applied_at", at(-5))
    kw.setdefault("source", "Referral")
    return NewApplicant(candidate_name=name, **kw)


def view(**kw: Any) -> DigestView:
    kw.setdefault("now", NOW)  # Thursday 9:00 AM in New York
    kw.setdefault("tz", TZ)
    kw.setdefault("name", "Priya Natarajan")
    kw.setdefault(
        "interviews",
        (
            interview(start=at(2), candidate_name="Jane Doe"),
            interview(start=at(-1), candidate_name="Li Wei", candidate_id="cand-2", meeting_link="https://meet/x"),
        ),
    )
    kw.setdefault("feedback_owed", (interview(start=at(-26), candidate_name="Ana Ruiz", title="Screen"),))
    kw.setdefault("approvals", (offer(candidate_name="Elena Rossi", steps_done=1, steps_total=2),))
    kw.setdefault("new_applicants", (applicant(),))
    kw.setdefault("new_since", at(-24))
    kw.setdefault("stale", (stale("Sam Ortiz", 46.2), stale("Mia Hall", 15.0)))
    kw.setdefault("stale_total", 2)
    kw.setdefault("ashby_url", ASHBY)
    kw.setdefault("schedule", "08:30")
    return DigestView(**kw)


def sections(message: dict[str, Any]) -> list[str]:
    return [block["text"]["text"] for block in message["blocks"] if block["type"] == "section"]


def test_a_digest_has_a_line_of_counts_and_a_section_per_part() -> None:
    message = digest_message(view())
    assert validate_message(message) == []
    assert message["blocks"][0]["text"]["text"] == "☀️ Priya, your day · Thu, Nov 27"
    counts = "2 interviews today · 1 scorecard to write · 1 approval waiting · 1 new applicant · 2 stale candidates"
    assert counts in shown(message)
    assert message["text"] == f"Your day: {counts.replace(' · ', ', ')}."
    parts = sections(message)
    assert [part.split("\n")[0].split(" (")[0] for part in parts] == [
        "*📅 Today's interviews",
        "*✍️ Feedback you owe",
        "*✅ Approvals waiting on you",
        "*🆕 New applicants since yesterday",
        "*⏳ Stale in your jobs",
    ]
    assert "weekdays at 08:30" in shown(message) and "/ashby notifications" in shown(message)


def test_interviews_in_the_persons_time_zone_with_the_meeting_link() -> None:
    interviews = sections(digest_message(view()))[0]
    assert "times are yours (EST)" in interviews
    # 8:00 AM came first (ended, no link), then 11:00 AM New York time
    first, second = interviews.split("\n")[1:3]
    assert first.startswith("• *8:00 – 9:00 AM*") and "Join meeting" not in first
    assert second.startswith("• *11:00 AM – 12:00 PM*") and "<https://meet.example.com/abc-defg|Join meeting>" in second
    assert f"<{ASHBY}/candidates/cand-1|Jane Doe>" in second
    madrid = sections(digest_message(view(tz=MADRID)))[0]
    assert "(CET)" in madrid and "• *5:00 – 6:00 PM*" in madrid


def test_feedback_approvals_applicants_and_stale_rows() -> None:
    _, feedback, approvals, new, stale_part = sections(digest_message(view()))
    assert "Ana Ruiz" in feedback and "Screen" in feedback and "Submit feedback" in feedback
    assert "Elena Rossi" in approvals and "USD 185,000" in approvals and "step 2 of 2" in approvals
    assert "Ana Ruiz" in new and "Senior Backend Engineer" in new and "Referral" in new
    assert "14+ days in their stage" in stale_part
    assert stale_part.index("Sam Ortiz") < stale_part.index("Mia Hall")  # longest first
    assert "46 days in *Onsite*" in stale_part


def test_empty_parts_are_left_out_and_an_empty_day_is_empty() -> None:
    quiet = view(interviews=(), feedback_owed=(), approvals=(), new_applicants=(), stale=(), stale_total=0)
    assert quiet.empty
    only_stale = view(interviews=(), feedback_owed=(), approvals=(), new_applicants=(), stale=(), stale_total=3)
    assert not only_stale.empty
    message = digest_message(only_stale)
    assert [s.split(" (")[0] for s in sections(message)] == ["*⏳ Stale in your jobs"]
    assert "…and 3 more candidates" in sections(message)[0]


def test_new_applicants_on_monday_are_since_friday() -> None:
    monday = NOW + timedelta(days=4)
    friday = monday - timedelta(days=3)
    message = digest_message(view(now=monday, new_since=friday))
    assert "*🆕 New applicants since Fri, Nov 28 (1)*" in shown(message)


def test_long_lists_stop_at_five_and_count_the_rest() -> None:
    many = tuple(applicant(f"Person {n}", applied_at=at(-n)) for n in range(12))
    new = next(part for part in sections(digest_message(view(new_applicants=many))) if "New applicants" in part)
    assert new.count("• ") == MAX_ROWS and "…and 7 more applicants" in new
    assert new.index("Person 0") < new.index("Person 1")  # newest first


def test_a_busy_day_stays_within_slacks_limits() -> None:
    long = "Ωmega " * 200
    busy = view(
        name=long,
        interviews=tuple(interview(start=at(n / 4), candidate_name=long, title=long) for n in range(40)),
        feedback_owed=tuple(interview(start=at(-n - 1), candidate_name=long, title=long) for n in range(40)),
        approvals=tuple(offer(candidate_name=long, salary=long) for _ in range(40)),
        new_applicants=tuple(applicant(long, source=long) for _ in range(40)),
        stale=tuple(stale(long, 20.0 + n) for n in range(40)),
        stale_total=400,
        unavailable=("approvals waiting on you",),
    )
    message = digest_message(busy)
    assert validate_message(message) == []
    assert len(message["blocks"]) <= MAX_BLOCKS
    assert all(len(text) <= MAX_SECTION_TEXT for text in sections(message))
    assert "I couldn't load approvals waiting on you" in shown(message)


def test_names_are_escaped() -> None:
    message = digest_message(view(new_applicants=(applicant("<!channel> & co"),)))
    assert "&lt;!channel&gt; &amp; co" in shown(message) and "<!channel>" not in shown(message)


def _elena() -> OfferView:
    return offer(
        id="offer-9",
        candidate_name="Elena Rossi",
        version_id="version-9",
        current_step_id="step-2",
        steps_done=1,
        steps_total=2,
        requested_by=person("Priya Natarajan"),
    )


def test_the_nudge_is_the_approval_card_with_how_long_it_waited() -> None:
    message = approval_nudge(
        _elena(), waited=timedelta(hours=30), approver_step="Step 2 of 2", now=NOW, tz=TZ, url=f"{ASHBY}/candidates/c"
    )
    assert validate_message(message) == []
    text = shown(message)
    assert text.startswith("⏰ Elena Rossi's offer has been waiting on your approval for 30 hours.")
    assert "Offer approval: Elena Rossi" in text and "*Step:* Step 2 of 2" in text
    assert "*Compensation:* USD 185,000" in text and "*Requested by:* Priya Natarajan" in text
    approve = next(e for e in elements(message) if e.get("action_id") == p.Approve.ACTION)
    assert p.Approve.unpack(approve["value"]) == p.Approve("offer-9", "version-9", "step-2")
    assert "Open in Ashby" in [e["text"]["text"] for e in elements(message)]
    assert message["text"] == "Reminder: Elena Rossi's offer has waited 30 hours for your approval"


def test_a_long_wait_is_counted_in_days() -> None:
    message = approval_nudge(
        _elena(), waited=timedelta(days=4, hours=3), approver_step="Step 2", now=NOW, tz=TZ, url=None
    )
    assert "for 4 days." in shown(message)
