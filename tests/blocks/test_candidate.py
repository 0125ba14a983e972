"""The candidate card: the facts a recruiter asks for first, and nothing private unless allowed."""

from typing import Any

from blocks import candidate_card
from blocks.limits import validate_message
from blocks.payloads import Share
from tests.blocks.factories import (
    NOW,
    TZ,
    action_ids,
    application,
    at,
    candidate,
    dump,
    elements,
    interview,
    job,
    recommendation,
    shown,
)

EMAIL, PHONE = "jane.doe@example.com", "+1 415 555 0134"


def card(**kw: Any) -> dict[str, Any]:
    kw.setdefault("show_contact", False)
    kw.setdefault("share_value", Share("candidate", "cand-1"))
    return candidate_card(kw.pop("view", candidate()), now=NOW, tz=TZ, **kw)


def test_shows_who_and_where_each_application_stands() -> None:
    view = candidate(
        applications=(
            application(
                upcoming_interviews=(interview(),),
                latest_recommendation=recommendation(4, "Strong Hire"),
            ),
        )
    )
    msg = card(view=view)
    assert validate_message(msg) == []
    assert msg["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Jane Doe", "emoji": True},
    }
    text = shown(msg)
    for fact in (
        "Staff Engineer · Acme",
        "Referral, Senior",
        "Senior Backend Engineer",
        "6 days in *Onsite*",
        "Active",
        "Source: Referral",
        "Recruiter: Ana Ruiz",
        "Hiring manager: Morgan Lee",
        "Today 2:00 PM — System design (Tomás Herrera, Dana Whitfield)",
        "*Strong Hire* (4/4) — Tomás Herrera",
    ):
        assert fact in text


def test_a_recommendation_off_the_scale_shows_its_label() -> None:
    view = candidate(applications=(application(latest_recommendation=recommendation(None, "Advance")),))
    text = shown(card(view=view))
    assert "💬 Latest feedback: *Advance* — Tomás Herrera" in text


def test_contact_details_only_when_allowed() -> None:
    hidden = card(show_contact=False)
    assert EMAIL not in dump(hidden)
    assert PHONE not in dump(hidden)
    allowed = card(show_contact=True)
    assert EMAIL in shown(allowed)
    assert PHONE in shown(allowed)
    assert EMAIL not in allowed["text"]
    assert PHONE not in allowed["text"]
    assert validate_message(allowed) == []


def test_fallback_text_names_the_candidate_and_stage() -> None:
    msg = card(show_contact=True)
    assert msg["text"] == "Candidate: Jane Doe — Senior Backend Engineer, Onsite"


def test_active_applications_come_first() -> None:
    archived = application(
        id="app-0",
        job=job("Data Engineer", id="job-0"),
        status="Archived",
        archive_reason="Not a fit",
        stage_title="Archived",
        days_in_stage=40,
    )
    hired = application(id="app-h", job=job("Platform Engineer", id="job-h"), status="Hired", days_in_stage=3)
    active = application()
    msg = card(view=candidate(applications=(archived, hired, active)))
    text = shown(msg)
    assert text.index("Senior Backend Engineer") < text.index("Platform Engineer") < text.index("Data Engineer")
    assert "Archived (Not a fit) · 40 days ago" in text
    assert "Hired · 3 days ago" in text
    assert msg["text"].startswith("Candidate: Jane Doe — Senior Backend Engineer")


def test_buttons_follow_the_conventions() -> None:
    msg = card(view=candidate(applications=(application(), application(id="a2", job=job("SRE", id="job-2")))))
    ids = action_ids(msg)
    assert ids.count("ashby_pipeline") == 2
    assert {"ashby_link", "ashby_feedback", "ashby_share"} <= set(ids)
    by_id = {e["action_id"]: e for e in elements(msg)}
    assert by_id["ashby_link"]["url"] == "https://app.ashbyhq.com/candidates/cand-1"
    assert by_id["ashby_feedback"]["value"] == "cand-1"
    assert by_id["ashby_share"]["value"] == "candidate:cand-1"
    pipelines = [e["value"] for e in elements(msg) if e["action_id"] == "ashby_pipeline"]
    assert pipelines == ["job-1", "job-2"]
    assert all(i.startswith("ashby_") for i in ids)


def test_no_share_button_unless_the_caller_says_it_is_safe() -> None:
    assert "ashby_share" not in action_ids(card(share_value=None))
    assert "ashby_link" not in action_ids(card(view=candidate(profile_url=None)))


def test_confidential_jobs_are_marked() -> None:
    msg = card(view=candidate(applications=(application(job=job(confidential=True)),)), share_value=None)
    assert "Senior Backend Engineer 🔒" in shown(msg)


def test_user_text_is_escaped() -> None:
    view = candidate(
        name="<!channel> & Co",
        company="R&D <Labs>",
        applications=(application(job=job("C++ <Core> & Tools"), source="<https://evil.test|click>"),),
    )
    msg = card(view=view)
    text = shown(msg)
    assert "R&amp;D &lt;Labs&gt;" in text
    assert "C++ &lt;Core&gt; &amp; Tools" in text
    assert "&lt;https://evil.test|click&gt;" in text
    assert "<!channel>" not in msg["text"]
    assert msg["blocks"][0]["text"]["text"] == "<!channel> & Co"  # plain_text shows it literally
    assert validate_message(msg) == []


def test_many_applications_end_with_a_count() -> None:
    apps = tuple(application(id=f"a{i}", status="Active" if i % 2 else "Archived") for i in range(500))
    msg = card(view=candidate(applications=apps))
    assert validate_message(msg) == []
    assert "…and 492 more applications (242 active)" in shown(msg)
    assert msg["blocks"][-1]["type"] == "actions"


def test_many_interviews_per_application_are_summarised() -> None:
    upcoming = tuple(interview(start=at(5 + i)) for i in range(30))
    msg = card(view=candidate(applications=(application(upcoming_interviews=upcoming),)))
    assert "…and 27 more interviews" in shown(msg)
    assert validate_message(msg) == []


def test_no_applications() -> None:
    msg = card(view=candidate(applications=()))
    assert "No applications yet" in shown(msg)
    assert msg["text"] == "Candidate: Jane Doe"
    assert validate_message(msg) == []


def test_blank_name_still_makes_a_valid_card() -> None:
    msg = card(view=candidate(name="   ", position=None, company=None, tags=()))
    assert msg["blocks"][0]["text"]["text"] == "Unnamed candidate"
    assert validate_message(msg) == []
