"""Feedback: recommendations and scores for everyone, written answers only for the asker."""

from ashby.views import Score
from blocks import feedback_card
from blocks.limits import validate_message
from tests.blocks.factories import (
    NOW,
    TZ,
    action_ids,
    at,
    dump,
    entry,
    feedback,
    person,
    recommendation,
    shown,
)

ANSWER = "Clear thinking about failure modes & trade-offs."


def test_who_when_and_what_they_recommended() -> None:
    msg = feedback_card(feedback(), now=NOW, tz=TZ, show_text=False)
    assert validate_message(msg) == []
    assert msg["blocks"][0]["text"]["text"] == "Feedback · Jane Doe"
    text = shown(msg)
    for fact in (
        "*Tomás Herrera* · System design · Yesterday 1:00 PM",
        "🟢🟢🟢🟢 *Strong Hire* (4/4)",
        "• System design: 🟢🟢🟢🟢 4/4",
        "• Communication: 🟢🟢🟢⚪ 3/4",
        "⏳ Still waiting on: Dana Whitfield",
        "1 Strong Hire",
    ):
        assert fact in text
    assert msg["text"] == "Feedback for Jane Doe (Senior Backend Engineer): 1 submitted, 1 pending"


def test_written_answers_only_when_allowed() -> None:
    hidden = feedback_card(feedback(), now=NOW, tz=TZ, show_text=False)
    assert "failure modes" not in dump(hidden)
    assert "What stood out?" not in dump(hidden)
    allowed = feedback_card(feedback(), now=NOW, tz=TZ, show_text=True)
    assert "*What stood out?*\n> Clear thinking about failure modes &amp; trade-offs." in shown(allowed)
    assert "failure modes" not in allowed["text"]
    assert validate_message(allowed) == []


def test_pending_interviewers_are_mentioned_when_known() -> None:
    msg = feedback_card(
        feedback(pending=(person("Dana Whitfield", slack_user_id="U0DANA"),)), now=NOW, tz=TZ, show_text=False
    )
    assert "Still waiting on: <@U0DANA>" in shown(msg)


def test_newest_first_and_a_tally() -> None:
    entries = (
        entry(
            id="old",
            author=person("Li Wei"),
            submitted_at=at(-50),
            recommendation=recommendation(2, "No Hire", by=None),
        ),
        entry(id="new"),
        entry(
            id="mid",
            author=person("Ana Ruiz"),
            submitted_at=at(-30),
            recommendation=recommendation(4, "Strong Hire", by=None),
        ),
    )
    text = shown(feedback_card(feedback(entries=entries), now=NOW, tz=TZ, show_text=False))
    assert text.index("Tomás Herrera") < text.index("Ana Ruiz") < text.index("Li Wei")
    assert "2 Strong Hire · 1 No Hire" in text


def test_missing_parts() -> None:
    bare = entry(
        author=None,
        submitted_at=None,
        interview_title=None,
        recommendation=None,
        scores=(Score("Coding", None),),
    )
    msg = feedback_card(feedback(entries=(bare,), pending=()), now=NOW, tz=TZ, show_text=True)
    text = shown(msg)
    assert "Unknown interviewer" in text
    assert "No overall recommendation" in text
    assert "• Coding: —" in text
    assert validate_message(msg) == []


def test_a_recommendation_off_the_scale_shows_its_label() -> None:
    entries = (
        entry(id="a", recommendation=recommendation(None, "Advance to panel", by=None)),
        entry(id="b", submitted_at=at(-30), recommendation=recommendation(3, "Hire", by=None)),
    )
    msg = feedback_card(feedback(entries=entries), now=NOW, tz=TZ, show_text=False)
    text = shown(msg)
    assert "*Advance to panel*" in text and "Advance to panel (" not in text
    assert "No overall recommendation" not in text
    assert "1 Hire · 1 Advance to panel" in text
    assert validate_message(msg) == []


def test_no_feedback_yet() -> None:
    msg = feedback_card(feedback(entries=()), now=NOW, tz=TZ, show_text=True)
    assert "No feedback submitted yet" in shown(msg)
    assert validate_message(msg) == []


def test_buttons() -> None:
    msg = feedback_card(feedback(), now=NOW, tz=TZ, show_text=False)
    assert action_ids(msg) == ["ashby_candidate", "ashby_pipeline"]


def test_long_answers_and_many_entries_stay_within_limits() -> None:
    text = tuple((f"Question {i} <&>", "Answer & more\n\n" * 400) for i in range(20))
    entries = tuple(entry(id=f"e{i}", text=text, scores=(Score("S" * 3000, 3),) * 30) for i in range(60))
    msg = feedback_card(feedback(entries=entries, pending=(person("P"),) * 200), now=NOW, tz=TZ, show_text=True)
    assert validate_message(msg) == []
    assert "more submissions" in shown(msg)
    assert msg["blocks"][-1]["type"] == "actions"
