"""Whatever the input (hundreds of rows, huge or odd names), every card is a message Slack accepts.

Lists are built by repeating a few generated rows up to a generated length, so the largest cards (500
applications, 300 interviews, 40 stages) stay fast to generate while names and texts vary freely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ashby.views import (
    ApplicationView,
    ApproverState,
    CandidateCard,
    CandidateChoice,
    FeedbackEntry,
    FeedbackView,
    Help,
    Interviewer,
    InterviewView,
    JobCount,
    JobsOverview,
    JobView,
    OfferView,
    Person,
    PipelineStage,
    PipelineView,
    Recommendation,
    Score,
    StaleEntry,
    WaitingCandidate,
)
from blocks import (
    ashby_unavailable,
    candidate_card,
    candidate_picker,
    feedback_card,
    help_card,
    interviews_card,
    jobs_overview,
    not_allowed,
    not_found,
    notice,
    offers_card,
    pipeline_card,
    stale_card,
)
from blocks.limits import MAX_BLOCKS, validate_message
from blocks.payloads import Share
from tests.blocks.factories import elements

T = TypeVar("T")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that stress mrkdwn, code blocks, escaping and column widths.
TRICKY = "&<>*_~`|@#!:\n\t \u200b\u0301Zoë山田🙂👩🏽‍💻 "
short = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(TRICKY), max_size=40)
#: Sometimes short, sometimes far beyond any Slack limit.
texts = st.one_of(
    short,
    st.builds(
        lambda piece, n: piece * n,
        st.text(st.sampled_from(TRICKY + "abcXYZ"), min_size=1, max_size=8),
        st.integers(1, 1500),
    ),
)
maybe = st.none() | texts
ids = st.one_of(st.text("abcdef0123456789-", min_size=1, max_size=36), st.just("x" * 2001))
urls = st.none() | st.sampled_from(
    ["https://app.ashbyhq.com/x?a=1&b=2", "https://x.test/" + "p" * 3100, "not a url", ""]
)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
naive_or_aware = moments | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
zones = st.sampled_from([UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Chatham")])
days = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 5000)
counts = st.integers(-5, 100_000)


def repeated(rows: st.SearchStrategy[T], most: int, *, variety: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    """Up to ``variety`` generated rows repeated up to a generated length (at most ``most``)."""
    return st.builds(
        lambda few, n: tuple(few[i % len(few)] for i in range(n)),
        st.lists(rows, min_size=1, max_size=variety),
        st.sampled_from([0, 1, 3, most // 2, most]) | st.integers(0, most),
    )


people = st.builds(
    Person,
    id=ids,
    name=texts,
    email=st.none() | st.just("someone@corp.test"),
    slack_user_id=st.none() | st.sampled_from(["U0DANA", "W123", "U<!channel>"]),
)
jobs = st.builds(
    JobView,
    id=ids,
    title=texts,
    status=st.sampled_from(["Open", "Closed"]),
    confidential=st.booleans(),
    requisition_id=maybe,
    department=maybe,
    location=maybe,
    url=urls,
)
recommendations = st.builds(
    Recommendation, score=st.none() | st.integers(-2, 9), label=texts, by=st.none() | people, at=st.none() | moments
)


@st.composite
def interviews(draw: Callable[[st.SearchStrategy[Any]], Any]) -> InterviewView:
    start = draw(naive_or_aware)
    return InterviewView(
        event_id=draw(ids),
        schedule_id=draw(ids),
        start=start,
        end=start + timedelta(minutes=draw(st.integers(0, 600))),
        candidate_id=draw(ids),
        candidate_name=draw(texts),
        application_id=draw(ids),
        job=draw(jobs),
        title=draw(texts),
        stage_title=draw(maybe),
        interviewers=draw(
            repeated(st.builds(Interviewer, person=people, submitted_feedback=st.booleans()), 40, variety=2)
        ),
        meeting_link=draw(urls),
        feedback_link=draw(urls),
    )


applications = st.builds(
    ApplicationView,
    id=ids,
    job=jobs,
    status=st.sampled_from(["Active", "Archived", "Hired", "Lead", "Weird"]),
    stage_title=maybe,
    stage_type=maybe,
    days_in_stage=days,
    source=maybe,
    recruiter=st.none() | people,
    hiring_manager=st.none() | people,
    archive_reason=maybe,
    upcoming_interviews=repeated(interviews(), 20, variety=2),
    latest_recommendation=st.none() | recommendations,
    url=urls,
)

EMAILS = ("jane.private@corp.test", "j.doe+recruiting@mail.test")
PHONES = ("+1 415 555 0134", "+49 30 1234567")


@SETTINGS
@given(
    name=texts,
    position=maybe,
    company=maybe,
    tags=repeated(texts, 200),
    apps=repeated(applications, 500),
    url=urls,
    now=moments,
    tz=zones,
    show_contact=st.booleans(),
    share=st.none() | ids.map(lambda i: Share("candidate", i)),
)
def test_candidate_card_always_fits(
    name: str,
    position: str | None,
    company: str | None,
    tags: tuple[str, ...],
    apps: tuple[ApplicationView, ...],
    url: str | None,
    now: datetime,
    tz: tzinfo,
    show_contact: bool,
    share: str | None,
) -> None:
    card = CandidateCard(
        id="cand-1",
        name=name,
        position=position,
        company=company,
        tags=tags,
        applications=apps,
        profile_url=url,
        emails=EMAILS * 50,
        phones=PHONES * 50,
    )
    msg = candidate_card(card, now=now, tz=tz, show_contact=show_contact, share_value=share)
    assert_valid(msg)
    for contact in EMAILS + PHONES:
        assert contact not in msg["text"]
        if not show_contact:
            assert contact not in str(msg["blocks"])


@SETTINGS
@given(
    query=texts,
    choices=repeated(st.builds(CandidateChoice, id=ids, name=texts, detail=texts), 300),
    total=st.none() | counts,
)
def test_picker_always_fits(query: str, choices: tuple[CandidateChoice, ...], total: int | None) -> None:
    msg = candidate_picker(query, choices, total=total)
    assert_valid(msg)
    assert len([e for e in elements(msg) if e["action_id"] == "ashby_candidate"]) <= 10


waiting = st.builds(WaitingCandidate, candidate_id=ids, candidate_name=texts, application_id=ids, days_in_stage=days)
stages = st.builds(PipelineStage, id=ids, title=texts, type=texts, count=counts, longest_waiting=repeated(waiting, 30))


@SETTINGS
@given(
    job=jobs,
    plan=repeated(stages, 400),
    team=repeated(st.tuples(texts, people), 60),
    share=st.none() | ids.map(lambda i: Share("candidate", i)),
)
def test_pipeline_card_always_fits(
    job: JobView, plan: tuple[PipelineStage, ...], team: tuple[tuple[str, Person], ...], share: str | None
) -> None:
    msg = pipeline_card(PipelineView(job=job, stages=plan, hiring_team=team), share_value=share)
    assert_valid(msg)


@SETTINGS
@given(
    groups=repeated(st.tuples(texts, repeated(st.builds(JobCount, job=jobs, active=counts), 150)), 300),
    share=st.none() | ids.map(lambda i: Share("candidate", i)),
)
def test_jobs_overview_always_fits(groups: tuple[tuple[str, tuple[JobCount, ...]], ...], share: str | None) -> None:
    msg = jobs_overview(JobsOverview(groups=groups), share_value=share)
    assert_valid(msg)


@SETTINGS
@given(views=repeated(interviews(), 300), title=texts, now=moments, tz=zones)
def test_interviews_card_always_fits(views: tuple[InterviewView, ...], title: str, now: datetime, tz: tzinfo) -> None:
    assert_valid(interviews_card(views, title=title, now=now, tz=tz))


SECRET = "SECRET-ANSWER "
entries = st.builds(
    FeedbackEntry,
    id=ids,
    author=st.none() | people,
    submitted_at=st.none() | naive_or_aware,
    interview_title=maybe,
    recommendation=st.none() | recommendations,
    scores=repeated(
        st.builds(Score, title=texts, score=st.none() | st.integers(-3, 12), max_score=st.integers(-1, 12)),
        60,
    ),
    text=repeated(st.tuples(texts, texts.map(lambda answer: SECRET + answer)), 40),
)


@SETTINGS
@given(
    name=texts,
    job=jobs,
    feedback=repeated(entries, 120),
    pending=repeated(people, 100),
    now=moments,
    tz=zones,
    show_text=st.booleans(),
)
def test_feedback_card_always_fits(
    name: str,
    job: JobView,
    feedback: tuple[FeedbackEntry, ...],
    pending: tuple[Person, ...],
    now: datetime,
    tz: tzinfo,
    show_text: bool,
) -> None:
    view = FeedbackView(
        candidate_id="c", candidate_name=name, application_id="a", job=job, entries=feedback, pending=pending
    )
    msg = feedback_card(view, now=now, tz=tz, show_text=show_text)
    assert_valid(msg)
    assert SECRET not in msg["text"]
    if not show_text:
        assert SECRET not in str(msg["blocks"])


statuses = st.none() | st.sampled_from(["WaitingOnOfferApproval", "CandidateAccepted", "Approved", "Pending"]) | texts
offers = st.builds(
    OfferView,
    id=ids,
    candidate_id=ids,
    candidate_name=texts,
    application_id=ids,
    job=jobs,
    offer_status=statuses,
    acceptance_status=statuses,
    approval_status=st.none() | st.sampled_from(["WaitingOnApprovals", "Approved", "Declined"]),
    version_id=st.none() | ids,
    salary=maybe,
    start_date=st.none() | naive_or_aware,
    current_step_id=st.none() | ids,
    current_approvers=repeated(
        st.builds(ApproverState, person=people, decision=st.sampled_from(["approve", "reject", "pending"])),
        40,
    ),
    steps_done=st.integers(-1, 20),
    steps_total=st.integers(-1, 20),
)


@SETTINGS
@given(views=repeated(offers, 300), title=texts, now=moments, tz=zones)
def test_offers_card_always_fits(views: tuple[OfferView, ...], title: str, now: datetime, tz: tzinfo) -> None:
    assert_valid(offers_card(views, title=title, now=now, tz=tz))


stale_entries = st.builds(
    StaleEntry,
    candidate_id=ids,
    candidate_name=texts,
    application_id=ids,
    job=jobs,
    stage_title=texts,
    days_in_stage=st.floats(allow_nan=True) | st.floats(0, 5000),
)


@SETTINGS
@given(entries=repeated(stale_entries, 500), title=texts)
def test_stale_card_always_fits(entries: tuple[StaleEntry, ...], title: str) -> None:
    assert_valid(stale_card(entries, title=title))


@SETTINGS
@given(examples=repeated(st.tuples(texts, texts), 300), note=maybe, suggestions=repeated(texts, 50))
def test_help_card_always_fits(
    examples: tuple[tuple[str, str], ...], note: str | None, suggestions: tuple[str, ...]
) -> None:
    assert_valid(help_card(Help(examples=examples, note=note, suggestions=suggestions)))


@SETTINGS
@given(text=texts, title=maybe, hint=maybe, kind=texts, suggestions=repeated(texts, 50))
def test_notices_always_fit(
    text: str, title: str | None, hint: str | None, kind: str, suggestions: Sequence[str]
) -> None:
    for msg in (
        notice(text, title=title, hint=hint),
        not_found(text, kind, suggestions, hint=hint),
        ashby_unavailable(text, kind),
        not_allowed(text),
    ):
        assert_valid(msg)


def assert_valid(msg: dict[str, Any]) -> None:
    assert set(msg) == {"text", "blocks"}
    assert validate_message(msg) == []
    assert len(msg["blocks"]) <= MAX_BLOCKS
    assert msg["text"].strip()
    for element in elements(msg):
        assert element["action_id"].startswith("ashby_")
