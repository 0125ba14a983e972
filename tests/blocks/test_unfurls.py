"""Unfurl cards: compact, within Block Kit limits whatever the input, and private facts only when allowed."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ashby.views import ApplicationView, CandidateCard, JobView, PipelineStage, PipelineView
from blocks.limits import MAX_SECTION_TEXT, validate_message
from blocks.payloads import LINK, OpenPipeline
from blocks.unfurls import candidate_unfurl, job_unfurl, stage_counts
from tests.blocks.factories import application, candidate, dump, elements, job, pipeline, recommendation, shown, stage

EMAIL, PHONE = "jane.doe@example.com", "+1 415 555 0134"
#: An unfurl sits under someone's message: a section or two, a context line and the buttons.
MAX_UNFURL_BLOCKS = 4


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["text"]["text"]: element for element in elements(message)}


def test_a_candidate_unfurl_shows_name_job_stage_and_status() -> None:
    view = candidate()
    msg = candidate_unfurl(view, view.applications[0])
    assert validate_message(msg) == []
    assert len(msg["blocks"]) <= MAX_UNFURL_BLOCKS
    text = shown(msg)
    for fact in ("*Jane Doe*", "Senior Backend Engineer", "🟢 Active", "6 days in *Onsite*", "Staff Engineer · Acme"):
        assert fact in text, fact
    assert msg["text"] == "Candidate: Jane Doe — Senior Backend Engineer, Onsite"


def test_a_candidate_unfurl_opens_ashby_and_the_pipeline() -> None:
    view = candidate()
    found = buttons(candidate_unfurl(view, view.applications[0]))
    assert found["Open in Ashby"] == {
        "type": "button",
        "action_id": LINK,
        "text": {"type": "plain_text", "text": "Open in Ashby", "emoji": True},
        "url": "https://app.ashbyhq.com/candidates/cand-1",
    }
    assert found["Pipeline"]["action_id"] == OpenPipeline.ACTION
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline("job-1")


def test_contact_details_and_feedback_only_when_allowed() -> None:
    view = candidate(applications=(application(latest_recommendation=recommendation(4, "Strong Hire")),))
    public = candidate_unfurl(view, view.applications[0])
    for private in (EMAIL, PHONE, "Strong Hire", "Latest feedback"):
        assert private not in dump(public)
    allowed = candidate_unfurl(view, view.applications[0], show_contact=True, show_feedback=True)
    assert validate_message(allowed) == []
    for private in (EMAIL, PHONE, "*Strong Hire* (4/4)"):
        assert private in shown(allowed)
        assert private not in allowed["text"]  # notifications never carry them


def test_other_applications_are_counted_not_listed() -> None:
    first = application(id="app-1")
    others = tuple(application(id=f"app-{n}", job=job(f"Job {n}", id=f"job-{n}")) for n in range(2, 6))
    view = candidate(applications=(first, *others))
    msg = candidate_unfurl(view, first)
    assert "+4 other applications" in shown(msg)
    assert "Job 3" not in shown(msg)


def test_the_named_application_is_the_one_shown() -> None:
    archived = application(
        id="app-2",
        job=job("Data Scientist", id="job-2"),
        status="Archived",
        archive_reason="Withdrew",
        days_in_stage=40,
    )
    view = candidate(applications=(application(), archived))
    msg = candidate_unfurl(view, archived)
    text = shown(msg)
    assert "Data Scientist" in text and "⚪ Archived · 40 days ago" in text
    assert "Withdrew" not in text  # an archive reason is for the person alone
    assert "⚪ Archived (Withdrew) · 40 days ago" in shown(candidate_unfurl(view, archived, show_contact=True))
    assert OpenPipeline.unpack(buttons(msg)["Pipeline"]["value"]) == OpenPipeline("job-2")


def test_a_candidate_without_applications_has_no_pipeline_button() -> None:
    msg = candidate_unfurl(candidate(applications=()), None)
    assert validate_message(msg) == []
    assert "_No applications yet._" in shown(msg)
    assert list(buttons(msg)) == ["Open in Ashby"]


def test_names_are_escaped() -> None:
    view = candidate(name="<!channel> & *Bob*", applications=(application(job=job("R&D <lead>")),))
    msg = candidate_unfurl(view, view.applications[0])
    text = shown(msg)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp;" in text
    assert "R&amp;D &lt;lead&gt;" in text


def test_a_job_unfurl_shows_status_place_and_counts_per_stage() -> None:
    msg = job_unfurl(pipeline())
    assert validate_message(msg) == []
    assert len(msg["blocks"]) <= MAX_UNFURL_BLOCKS
    text = shown(msg)
    for fact in ("*Senior Backend Engineer*", "🟢 Open", "Engineering", "Berlin", "REQ-1042", "*39 active candidates*"):
        assert fact in text, fact
    assert "Application Review *24* · Recruiter Screen *12* · Onsite *3*" in text
    assert "Offer" not in text  # empty stages are left out
    assert "Sam Ortiz" not in dump(msg)  # no candidate names on a job's unfurl
    assert "Morgan Lee" not in dump(msg)
    found = buttons(msg)
    assert found["Open in Ashby"]["url"] == "https://app.ashbyhq.com/jobs/job-1"
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline("job-1")
    assert msg["text"] == "Job: Senior Backend Engineer — 39 active candidates"


def test_a_confidential_job_is_marked() -> None:
    msg = job_unfurl(pipeline(job=job("VP of Finance", confidential=True)))
    assert "VP of Finance 🔒" in shown(msg)


def test_a_job_with_nobody_active() -> None:
    msg = job_unfurl(pipeline(stages=(stage("Onsite", 0),)))
    assert validate_message(msg) == []
    assert "*0 active candidates*" in shown(msg)


def test_stage_counts_are_cut_at_a_whole_stage() -> None:
    stages = [stage(f"Stage {n} " + "x" * 60, 1) for n in range(100)]
    text = stage_counts(stages, 100, limit=500)
    assert len(text) <= 500
    assert text.endswith("more stages") and "…and" in text
    assert text.count("*") % 2 == 0  # no bold run left open


# -- whatever the input, Slack accepts the card ---------------------------------------------------------

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRICKY = "&<>*_~`|@#!:\n\t \u200b\u0301Zoë山田🙂👩🏽‍💻 "
texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(TRICKY), max_size=40),
    st.builds(
        lambda piece, n: piece * n,
        st.text(st.sampled_from(TRICKY + "abc"), min_size=1, max_size=8),
        st.integers(1, 1500),
    ),
)
maybe = st.none() | texts
ids = st.one_of(st.text("abcdef0123456789-", min_size=1, max_size=36), st.just("x" * 2001))
urls = st.none() | st.sampled_from(
    ["https://app.ashbyhq.com/x?a=1&b=2", "https://x.test/" + "p" * 3100, "not a url", ""]
)
days = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 5000)
jobs = st.builds(
    JobView,
    id=ids,
    title=texts,
    status=st.sampled_from(["Open", "Closed", "Draft", "Odd"]),
    confidential=st.booleans(),
    requisition_id=maybe,
    department=maybe,
    location=maybe,
    url=urls,
)
applications = st.builds(
    ApplicationView,
    id=ids,
    job=jobs,
    status=st.sampled_from(["Active", "Archived", "Hired", "Lead", "Weird"]),
    stage_title=maybe,
    stage_type=maybe,
    days_in_stage=days,
    archive_reason=maybe,
    latest_recommendation=st.none() | st.builds(recommendation, score=st.none() | st.integers(-2, 9), label=texts),
)


@SETTINGS
@given(
    name=texts,
    position=maybe,
    company=maybe,
    apps=st.lists(applications, max_size=4),
    more=st.integers(0, 500),
    url=urls,
    private=st.booleans(),
)
def test_candidate_unfurls_always_fit(
    name: str,
    position: str | None,
    company: str | None,
    apps: list[ApplicationView],
    more: int,
    url: str | None,
    private: bool,
) -> None:
    everything = tuple(apps) + tuple(apps[:1]) * more
    card = CandidateCard(
        id="cand-1",
        name=name,
        position=position,
        company=company,
        tags=(),
        applications=everything,
        profile_url=url,
        emails=("jane.private@corp.test",) * 50,
        phones=("+1 415 555 0134",) * 50,
    )
    msg = candidate_unfurl(card, everything[0] if everything else None, show_contact=private, show_feedback=private)
    assert validate_message(msg) == [], validate_message(msg)
    assert len(msg["blocks"]) <= MAX_UNFURL_BLOCKS
    assert "jane.private@corp.test" not in msg["text"]
    if not private:
        assert "jane.private@corp.test" not in dump(msg)


@SETTINGS
@given(
    view_job=jobs,
    titles=st.lists(texts, max_size=5),
    stages=st.integers(0, 60),
    count=st.integers(-5, 100_000),
)
def test_job_unfurls_always_fit(view_job: JobView, titles: list[str], stages: int, count: int) -> None:
    rows = tuple(
        PipelineStage(f"stage-{n}", titles[n % len(titles)], "Active", count + n)
        for n in range(stages if titles else 0)
    )
    msg = job_unfurl(PipelineView(job=view_job, stages=rows))
    assert validate_message(msg) == [], validate_message(msg)
    assert len(msg["blocks"]) <= MAX_UNFURL_BLOCKS
    assert all(len(text) <= MAX_SECTION_TEXT for text in (stage_counts(rows, count),))
