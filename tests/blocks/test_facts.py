"""The one sentence each answer starts with: exact, plain, and drawn from the same data as the card."""

from zoneinfo import ZoneInfo

from blocks import facts
from blocks.limits import validate_message

from .factories import NOW, application, at, candidate, feedback, interview, job, offer, person, pipeline, stage

TZ = ZoneInfo("America/New_York")


def test_a_candidate_fact_each() -> None:
    card = candidate()
    app = card.applications[0]
    assert facts.stage(card, app) == "*Jane Doe* is in *Onsite* for Senior Backend Engineer (6 days)."
    assert facts.days(card, app) == "*Jane Doe* has been in *Onsite* for 6 days (Senior Backend Engineer)."
    assert facts.tags(card) == "*Jane Doe* is tagged *Referral* and *Senior*."
    assert facts.tags(candidate(tags=())) == "*Jane Doe* has no tags."
    assert facts.source(card, app) == "*Jane Doe* came from *Referral* (Senior Backend Engineer)."
    credited = application(credited_to=person("Lars Eriksen"))
    assert "credited to Lars Eriksen" in facts.source(card, credited)
    assert facts.team_member(card, app, "recruiter", app.recruiter) == (
        "*Ana Ruiz* is the recruiter for *Jane Doe* (Senior Backend Engineer)."
    )
    assert facts.team_member(card, app, "coordinator", None).startswith("No coordinator is set")
    assert facts.contact(card) == "*Jane Doe*: jane.doe@example.com, +1 415 555 0134."


def test_status_says_active_archived_or_hired() -> None:
    card = candidate()
    assert facts.status(card, application()).startswith("*Jane Doe* is active: in *Onsite*")
    archived = application(status="Archived", archive_reason="Not a fit")
    assert facts.status(card, archived) == "*Jane Doe* is archived for Senior Backend Engineer: Not a fit."
    hired = application(status="Hired", hired_at=NOW)
    assert facts.status(card, hired).startswith("*Jane Doe* was hired for Senior Backend Engineer on ")
    assert facts.stage(card, archived) == facts.status(card, archived)  # no stage to be in: the status says why


def test_the_next_interview_in_the_askers_time() -> None:
    upcoming = interview(start=at(5))
    card = candidate(applications=(application(upcoming_interviews=(upcoming,)),))
    sentence = facts.next_interview(card, now=NOW, tz=TZ)
    assert sentence.startswith("*Jane Doe*'s next interview: Today ")
    assert "(your time), System design with Tomás Herrera, Dana Whitfield." in sentence
    assert facts.next_interview(candidate(), now=NOW, tz=TZ) == "*Jane Doe* has no interviews coming up."


def test_recommendation_feedback_and_offer() -> None:
    card = candidate()
    assert facts.recommendation(card, card.applications[0], now=NOW, tz=TZ).startswith(
        "No recommendation on *Jane Doe* yet"
    )
    assert facts.feedback(feedback(pending=()), owed=True).startswith("Everyone has submitted feedback for")
    assert facts.offer("Elena Rossi", []) == "*Elena Rossi* has no offer."
    assert "Elena Rossi" in facts.offer("Elena Rossi", [offer()])


def test_job_and_list_facts() -> None:
    view = pipeline(stages=(stage("Onsite", 6),))
    assert facts.in_stage(view, "Onsite") == "6 candidates are in *Onsite* for Senior Backend Engineer."
    assert facts.in_stage(pipeline(stages=(stage("Onsite", 1),)), "Onsite").startswith("1 candidate is in")
    assert facts.in_stage_everywhere("Onsite", [("Backend", 2), ("Design", 0)]) == (
        "2 candidates are in *Onsite*: 2 for Backend."
    )
    assert facts.open_jobs(3, " in Engineering") == "3 open jobs in Engineering."
    assert facts.interview_count(0, "You", "today") == "You have no interviews today."
    assert facts.offers(1, pending=True) == "1 offer is waiting for approval."
    assert facts.approvals(2) == "2 offers are waiting for your approval."


def test_the_sentence_comes_first_and_the_card_stays_valid() -> None:
    card = {"text": "card", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 50}
    message = facts.first("*Jane Doe* is in *Onsite*.", card)
    assert message["blocks"][0]["text"]["text"] == "*Jane Doe* is in *Onsite*."
    assert message["text"] == "Jane Doe is in Onsite."  # the notification: no mrkdwn markers
    assert validate_message(message) == []  # 51 blocks cut to Slack's 50 with a note, never rejected
    assert job().title in facts.active(pipeline())
