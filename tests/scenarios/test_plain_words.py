"""Every intent the plain-language parser knows, asked in everyday words over signed HTTP: the first line of each
answer states the exact fact, with the sandbox's real values.

The fixed cast (Jane Doe, Jon Smith, John Smith, the two Alex Kims, Elena Rossi, ...) and the jobs are read from the
seed; counts that depend on the generated crowd (pipelines, interviews, offers, approvals) are read from what the
sandbox holds, never guessed. No write is ever confirmed here: writes must stop at a preview.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ashby.sandbox.clock import DAY_MS
from ashby.sandbox.seed.jobs import JOBS
from ashby.sandbox.seed.org import DECISIONS
from ashby.sandbox.tables import Row, Tables
from blocks.common import days_phrase, when
from bot.loopback.local_slack import SlackMessage
from bot.loopback.session import DemoSession, Exchange

from .conftest import text

pytestmark = pytest.mark.asyncio(loop_scope="module")

PRIYA_TZ = ZoneInfo("America/New_York")  # Priya's Slack time zone (bot/loopback/session.py)
PRIVATELY = "I've sent you the answer privately."


# -- reading the answer ----------------------------------------------------------------------------------------


def only(exchange: Exchange, kind: str = "message") -> SlackMessage:
    """The one message of ``kind`` the exchange produced."""
    found = [m for m in exchange.messages if m.kind == kind]
    assert len(found) == 1, [(m.kind, m.text) for m in exchange.messages]
    return found[0]


def first_line(message: SlackMessage) -> str:
    """The answer's first line: the first section's text, which the notification text repeats without asterisks."""
    assert message.blocks, message.text
    block = message.blocks[0]
    assert block.get("type") == "section", f"the answer starts with a {block.get('type')}, not a sentence"
    sentence: str = block["text"]["text"]
    assert message.text == sentence.replace("*", ""), (message.text, sentence)
    return message.text


def fact(exchange: Exchange, kind: str = "message") -> str:
    return first_line(only(exchange, kind))


def in_thread(exchange: Exchange) -> bool:
    return bool(exchange.messages) and all(m.thread_ts for m in exchange.messages)


def controls(exchange: Exchange, action_id: str) -> list[int]:
    return [n for n, (c, _) in exchange.controls.items() if c.action_id == action_id]


# -- what the sandbox holds -----------------------------------------------------------------------------------------


def store(demo: DemoSession) -> Tables:
    return demo.sandbox.store


def user_name(demo: DemoSession, first: str) -> str:
    user = next(u for u in store(demo).users if u["firstName"] == first)
    return f"{user['firstName']} {user['lastName']}"


def user_id(demo: DemoSession, email: str) -> str:
    return str(next(u["id"] for u in store(demo).users if u["email"] == email))


def job_row(demo: DemoSession, title: str) -> Row:
    return next(j for j in store(demo).jobs if j["title"] == title)


def active_applications(demo: DemoSession, title: str) -> list[Row]:
    job = job_row(demo, title)
    return [a for a in store(demo).applications if a["jobId"] == job["id"] and a["status"] == "Active"]


def in_stage(demo: DemoSession, job_title: str, stage_title: str) -> int:
    plan = job_row(demo, job_title)["defaultInterviewPlanId"]
    ids = {s["id"] for s in store(demo).stages if s["interviewPlanId"] == plan and s["title"] == stage_title}
    return sum(1 for a in active_applications(demo, job_title) if a["stageId"] in ids)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def now(demo: DemoSession) -> datetime:
    return datetime.fromtimestamp(demo.sandbox.clock.now_ms() / 1000, UTC)


def longest_waiting(demo: DemoSession, applications: list[Row]) -> tuple[str, str, str, str]:
    """(candidate, days phrase, stage, job) of the active application longest in its current stage."""
    at = demo.sandbox.clock.now_ms()
    app = min(applications, key=lambda a: a["history"][-1][2])
    days = (at - app["history"][-1][2]) / DAY_MS
    s = store(demo)
    candidate = s.candidates.get(app["candidateId"])
    stage = s.stages.get(app["stageId"])
    job = s.jobs.get(app["jobId"])
    assert candidate and stage and job
    return candidate["name"], days_phrase(days), stage["title"], job["title"]


def today_window() -> tuple[int, int]:
    local = datetime.now(PRIYA_TZ)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return int(midnight.timestamp() * 1000), int((midnight + timedelta(days=1)).timestamp() * 1000)


def interviews_today(demo: DemoSession, ashby_user_id: str) -> int:
    start, end = today_window()
    return sum(
        1
        for e in store(demo).events
        if start <= e["startTime"] < end and any(uid == ashby_user_id for uid, _ in e["interviewers"])
    )


def public_offers(demo: DemoSession, statuses: set[str] | None) -> int:
    s = store(demo)
    count = 0
    for offer in s.offers:
        app = s.applications.get(offer["applicationId"])
        job = s.jobs.get(app["jobId"]) if app else None
        if job is None or job["confidential"] or offer["offerStatus"] == "OfferCancelled":
            continue
        if statuses is None or offer["offerStatus"] in statuses:
            count += 1
    return count


def approvals_waiting_on(demo: DemoSession, ashby_user_id: str) -> int:
    s = store(demo)
    count = 0
    for approval in s.approvals:
        offer = s.offers.get(approval["offerId"])
        if offer is None or offer["offerStatus"] != "WaitingOnOfferApproval":
            continue
        step = next((st for st in approval["steps"] if st["completedAt"] is None), None)
        if step and any(a["userId"] == ashby_user_id and a["decision"] == "pending" for a in step["approvers"]):
            count += 1
    return count


def snapshot(demo: DemoSession) -> dict[str, Any]:
    """What a write could change: applications (stage, status, job), candidates' tags and applications, notes."""
    s = store(demo)
    return {
        "applications": {a["id"]: (a["stageId"], a["status"], a["jobId"]) for a in s.applications},
        "candidates": {c["id"]: (list(c["tagIds"]), list(c["applicationIds"])) for c in s.candidates},
        "notes": len(s.notes),
        "tags": len(s.tags),
    }


# -- one candidate --------------------------------------------------------------------------------------------------


async def test_a_bare_request_for_a_candidate_is_their_card(priya: DemoSession) -> None:
    exchange = await priya.mention("give me the rundown on jon smith")
    card = only(exchange)
    assert card.blocks[0]["type"] == "header" and card.blocks[0]["text"]["text"] == "Jon Smith"
    assert card.text == "Candidate: Jon Smith — Product Designer, Portfolio Review"
    assert in_thread(exchange)


CANDIDATE_FACTS = [
    # candidate.stage, with a typo
    ("where is jon smith in the proces?", "Jon Smith is in Portfolio Review for Product Designer (3 days)."),
    (
        "which stage did alex.kim.design@example.com get to",
        "Alex Kim is in Recruiter Screen for Product Designer (1 day).",
    ),
    # candidate.jobs
    ("what roles has Elena Rossi applied to?", "Elena Rossi has applied for Senior Backend Engineer (Offer)."),
    # candidate.days
    (
        "how many days has jane doe been sitting in her current stage",
        "Jane Doe has been in Onsite for 6 days (Senior Backend Engineer).",
    ),
    # candidate.status
    ("is john smith still active?", "John Smith is archived for Frontend Engineer: Not a fit."),
    # candidate.status, with Slack markup and an emoji
    (
        "<@U0DANA> asked me: what's jane doe's status? 🙂",
        "Jane Doe is active: in Onsite for Senior Backend Engineer.",
    ),
    # candidate.source, with accents typed
    (
        "how did we find josé álvarez?",
        "José Álvarez came from LinkedIn, credited to Priya Natarajan (Senior Backend Engineer).",
    ),
    # candidate.tags, with an emoji
    ("jane doe's tags please 🙏", "Jane Doe is tagged Referral."),
    ("what tags does jon smith have", "Jon Smith is tagged Top talent."),
    # candidate.recruiter
    ("who's recruiting jane doe", "Priya Natarajan is the recruiter for Jane Doe (Senior Backend Engineer)."),
    # candidate.hiring_manager: a possessive
    (
        "who is jane doe's hiring manager?",
        "Dana Whitfield is the hiring manager for Jane Doe (Senior Backend Engineer).",
    ),
    ("who is the hm for jon smth", "Renée Fischer is the hiring manager for Jon Smith (Product Designer)."),
    # candidate.coordinator
    ("who's coordinating jon smith's interviews", "Jordan Blake is the coordinator for Jon Smith (Product Designer)."),
]


@pytest.mark.parametrize(("question", "expected"), CANDIDATE_FACTS)
async def test_one_fact_about_a_candidate_comes_first(priya: DemoSession, question: str, expected: str) -> None:
    exchange = await priya.mention(question)
    assert fact(exchange) == expected, question
    assert in_thread(exchange)


async def test_contact_details_asked_in_public_go_privately(priya: DemoSession) -> None:
    exchange = await priya.mention("what's jane doe's email address")
    public = only(exchange, "message")
    assert public.text == PRIVATELY and public.thread_ts
    private = only(exchange, "ephemeral")
    assert private.user == priya.user.id
    assert first_line(private) == "Jane Doe: jane.doe@example.com, +1 415 555 0134."
    assert "jane.doe@example.com" not in str(public.blocks) + public.text


async def test_next_interview(priya: DemoSession) -> None:
    s = store(priya)
    alex = next(c for c in s.candidates if c["emails"][0][0] == "alex.kim@example.com")
    schedules = [sch for app_id in alex["applicationIds"] for sch in s.schedules_by_application[app_id]]
    events = sorted(
        (e for e in s.events if e["scheduleId"] in {sch["id"] for sch in schedules}), key=lambda e: e["startTime"]
    )
    upcoming = next(e for e in events if e["startTime"] >= priya.sandbox.clock.now_ms())
    start = datetime.fromtimestamp(upcoming["startTime"] / 1000, UTC)
    exchange = await priya.mention("when is alex.kim@example.com's next interview")
    assert fact(exchange) == (
        f"Alex Kim's next interview: {when(start, now=now(priya), tz=PRIYA_TZ)} (your time), "
        "Technical Interview with Tomás Herrera, Kenji Watanabe."
    )


async def test_all_of_a_candidates_interviews(priya: DemoSession) -> None:
    s = store(priya)
    jane = next(c for c in s.candidates if c["name"] == "Jane Doe")
    at = priya.sandbox.clock.now_ms()
    schedule_ids = {sch["id"] for app_id in jane["applicationIds"] for sch in s.schedules_by_application[app_id]}
    count = sum(
        1
        for e in s.events
        if e["scheduleId"] in schedule_ids and at - 14 * DAY_MS <= e["startTime"] <= at + 60 * DAY_MS
    )
    exchange = await priya.mention("list every interview for jane doe")
    assert fact(exchange) == f"Jane Doe has {plural(count, 'interview')} in the last two weeks and coming up."


async def test_feedback_still_owed(priya: DemoSession) -> None:
    exchange = await priya.mention("has everyone turned in their scorecards for jane doe yet?")
    assert fact(exchange) == "Still waiting on feedback for Jane Doe from Dana Whitfield (Senior Backend Engineer)."


async def test_latest_recommendation(priya: DemoSession) -> None:
    s = store(priya)
    jon = next(c for c in s.candidates if c["name"] == "Jon Smith")
    latest = max(s.feedback_by_application[jon["applicationIds"][0]], key=lambda f: f["submittedAt"])
    label = dict(DECISIONS)[latest["values"]["hiring_call"]]
    by = next(u for u in s.users if u["id"] == latest["userId"])
    at = datetime.fromtimestamp(latest["submittedAt"] / 1000, UTC)
    day = when(at, now=now(priya), tz=PRIYA_TZ).split(" ")[0].lower()
    exchange = await priya.mention("what was the verdict on jon smith?")
    assert fact(exchange) == (
        f"Latest recommendation on Jon Smith: {label} ({by['firstName']} {by['lastName']}, {day})."
    )


async def test_all_feedback_text_only_to_the_asker(priya: DemoSession) -> None:
    exchange = await priya.mention("what did the panel say about elena rossi")
    sentence = "2 scorecards on Elena Rossi for Senior Backend Engineer; nobody owes feedback."
    assert fact(exchange, "message") == sentence
    assert fact(exchange, "ephemeral") == sentence


async def test_a_candidates_offer(priya: DemoSession) -> None:
    exchange = await priya.mention("where does elena rossi's offer stand")
    assert fact(exchange) == "Elena Rossi's offer for Senior Backend Engineer is waiting for approval (step 2 of 2)."
    assert "185,000" not in text(exchange)


# -- one job --------------------------------------------------------------------------------------------------------


async def test_a_jobs_pipeline(priya: DemoSession) -> None:
    count = len(active_applications(priya, "Senior Backend Engineer"))
    exchange = await priya.mention("show me how the senior backend engineer pipeline is looking")
    assert fact(exchange) == f"Senior Backend Engineer has {plural(count, 'active candidate')}."


async def test_how_many_in_one_stage(priya: DemoSession) -> None:
    count = in_stage(priya, "Senior Backend Engineer", "Onsite")
    exchange = await priya.mention("how many folks are at onsite for senior backend engineer?")
    verb = "is" if count == 1 else "are"
    assert fact(exchange) == f"{plural(count, 'candidate')} {verb} in Onsite for Senior Backend Engineer."


async def test_who_is_in_one_stage(priya: DemoSession) -> None:
    count = in_stage(priya, "Product Designer", "Portfolio Review")
    exchange = await priya.mention("who's at the portfolio review stage for product designer")
    verb = "is" if count == 1 else "are"
    assert fact(exchange) == f"{plural(count, 'candidate')} {verb} in Portfolio Review for Product Designer."
    assert "Jon Smith" in text(exchange)


async def test_active_count_of_a_job(priya: DemoSession) -> None:
    count = len(active_applications(priya, "Data Scientist"))
    exchange = await priya.mention("how many active candidates does the data scientist role have")
    assert fact(exchange) == f"Data Scientist has {plural(count, 'active candidate')}."


async def test_a_jobs_hiring_manager_and_recruiter(priya: DemoSession) -> None:
    frontend = next(j for j in JOBS if j.title == "Frontend Engineer")
    manager = user_name(priya, next(n for n, role in frontend.team if role == "Hiring Manager"))
    exchange = await priya.mention("who's the hiring manager for the frontend engineer job")
    assert fact(exchange) == f"{manager} is the hiring manager for Frontend Engineer."
    sales = next(j for j in JOBS if j.title == "Account Executive")
    recruiter = user_name(priya, next(n for n, role in sales.team if role == "Recruiter"))
    exchange = await priya.mention("who is the recruiter on account executive")
    assert fact(exchange) == f"{recruiter} is the recruiter for Account Executive."


async def test_who_is_stuck_in_one_job(priya: DemoSession) -> None:
    name, days, stage, job = longest_waiting(priya, active_applications(priya, "Data Scientist"))
    exchange = await priya.mention("who has been stuck longest in the data scientist pipeline")
    assert fact(exchange) == f"Longest waiting for Data Scientist: {name}, {days} in {stage} ({job})."


# -- lists ----------------------------------------------------------------------------------------------------------


async def test_who_is_stuck_across_jobs(priya: DemoSession) -> None:
    s = store(priya)
    visible = {j["id"] for j in s.jobs if not j["confidential"]}
    apps = [a for a in s.applications if a["status"] == "Active" and a["jobId"] in visible]
    name, days, stage, job = longest_waiting(priya, apps)
    exchange = await priya.mention("anyone going stale?")
    assert fact(exchange) == f"Longest waiting across your jobs: {name}, {days} in {stage} ({job})."


async def test_open_jobs_and_one_departments(priya: DemoSession) -> None:
    public = [j for j in JOBS if j.status == "Open" and not j.confidential]
    exchange = await priya.mention("what jobs are open")
    assert fact(exchange) == f"{plural(len(public), 'open job')}."
    engineering = [j for j in public if j.department == "Engineering"]
    exchange = await priya.mention("open roles in engineering?")
    assert fact(exchange) == f"{plural(len(engineering), 'open job')} in Engineering."


async def test_my_interviews_today(priya: DemoSession) -> None:
    count = interviews_today(priya, user_id(priya, priya.user.email or ""))
    exchange = await priya.mention("what interviews do i have today")
    expected = f"You have {plural(count, 'interview')} today." if count else "You have no interviews today."
    assert fact(exchange) == expected


async def test_a_slack_users_interviews_today(priya: DemoSession) -> None:
    count = interviews_today(priya, user_id(priya, "dana.whitfield@acme.example"))
    exchange = await priya.mention("interviews today for <@U0DANA>")
    expected = (
        f"Dana Whitfield has {plural(count, 'interview')} today."
        if count
        else "Dana Whitfield has no interviews today."
    )
    assert fact(exchange) == expected


async def test_an_ashby_users_interviews_by_name(priya: DemoSession) -> None:
    count = interviews_today(priya, user_id(priya, "tomas.herrera@acme.example"))
    exchange = await priya.mention("what's on tomás herrera's interview schedule today")
    expected = (
        f"Tomás Herrera has {plural(count, 'interview')} today." if count else "Tomás Herrera has no interviews today."
    )
    assert fact(exchange) == expected


async def test_offers_waiting_for_approval(priya: DemoSession) -> None:
    count = public_offers(priya, {"WaitingOnOfferApproval", "WaitingOnApprovalStart"})
    exchange = await priya.mention("which offers are still waiting for approval")
    verb = "is" if count == 1 else "are"
    assert fact(exchange) == f"{plural(count, 'offer')} {verb} waiting for approval."
    assert "Elena Rossi" in text(exchange) and "185,000" not in text(exchange)


@pytest.mark.parametrize("question", ["list all the offers out there", "show me every offer we've made 📝"])
async def test_all_offers(priya: DemoSession, question: str) -> None:
    count = public_offers(priya, None)
    exchange = await priya.mention(question)
    assert fact(exchange) == f"{plural(count, 'offer')} in progress."


async def test_offers_waiting_on_my_approval(priya: DemoSession) -> None:
    count = approvals_waiting_on(priya, user_id(priya, priya.user.email or ""))
    assert count > 0  # the seed makes Priya an approver of Elena Rossi's offer
    exchange = await priya.mention("anything waiting on my approval?")
    message = exchange.messages[0]
    assert len(controls(exchange, "ashby_offer_approve")) == count
    verb = "is" if count == 1 else "are"
    assert first_line(message) == f"{plural(count, 'offer')} {verb} waiting for your approval."


# -- writes: a preview, and nothing happens without Confirm -----------------------------------------------------------

WRITES = [
    ("move jane doe on to reference check", "Move Jane Doe from Onsite to Reference Check (Senior Backend Engineer)"),
    ("please hire elena rossi", "Hire Elena Rossi (Senior Backend Engineer)"),
    ("add a note to jane doe: great systems design chat", "Add a note to Jane Doe"),
    ("tag jon smith as boomerang", "Tag Jon Smith “Boomerang”"),
    ("untag jane doe: Referral", "Remove the tag “Referral” from Jane Doe"),
    ("add jose alvarez to data scientist", "Consider José Álvarez for Data Scientist"),
    (
        "transfer jon smith over to frontend engineer",
        "Transfer Jon Smith from Product Designer to Frontend Engineer (Application Review)",
    ),
]


@pytest.mark.parametrize(("instruction", "preview"), WRITES)
async def test_writes_preview_and_wait_for_confirm(priya: DemoSession, instruction: str, preview: str) -> None:
    before = snapshot(priya)
    exchange = await priya.mention(instruction)
    card = only(exchange, "ephemeral")
    assert card.text == preview, instruction
    assert [priya.controls[n][0].label for n in controls(exchange, "ashby_write_confirm")] == ["Confirm"]
    assert controls(exchange, "ashby_write_cancel")
    assert snapshot(priya) == before, "nothing is written before Confirm"


async def test_reject_previews_asks_for_a_reason_then_confirm(priya: DemoSession) -> None:
    before = snapshot(priya)
    exchange = await priya.mention("reject jon smith pls")
    assert only(exchange, "ephemeral").text == "Reject Jon Smith (Product Designer): no reason yet"
    assert not controls(exchange, "ashby_write_confirm")  # a reason first
    (reason,) = controls(exchange, "ashby_write_reason")
    chosen = await priya.press(reason, "Not a fit")
    assert "Not a fit" in text(chosen)
    assert [priya.controls[n][0].label for n in controls(chosen, "ashby_write_confirm")] == ["Confirm"]
    assert snapshot(priya) == before, "nothing is written before Confirm"


# -- look-alikes never answer about each other ----------------------------------------------------------------------

LOOK_ALIKES = [
    ("what stage is jon smith at", "Jon Smith is in Portfolio Review for Product Designer (3 days)."),
    ("what stage is john smith at", "John Smith is archived for Frontend Engineer: Not a fit."),
    (
        "which stage is <mailto:alex.kim@example.com|alex.kim@example.com> at",
        "Alex Kim is in Technical Interview for Frontend Engineer (2 days).",
    ),
    ("alex.kim.design@example.com stage?", "Alex Kim is in Recruiter Screen for Product Designer (1 day)."),
]


@pytest.mark.parametrize(("question", "expected"), LOOK_ALIKES)
async def test_look_alikes_are_never_confused(priya: DemoSession, question: str, expected: str) -> None:
    assert fact(await priya.mention(question)) == expected, question


async def test_a_typo_between_look_alikes_asks_and_then_answers_the_one_picked(priya: DemoSession) -> None:
    """ "jon smtih" is one typo from Jon Smith and two from John Smith: close enough that either may be meant
    (Jon and John are each other's usual misspelling), so the bot asks, Jon first, and answers the pick."""
    exchange = await priya.mention("where's jon smtih in the pipeline?")
    assert not [m for m in exchange.messages if m.kind == "message"], "never a guess in the thread"
    buttons = controls(exchange, "ashby_fact")
    assert [priya.controls[n][0].label for n in buttons][:2] == ["Jon Smith", "John Smith"]
    chosen = await priya.press(buttons[0])
    assert first_line(chosen.messages[0]) == "Jon Smith is in Portfolio Review for Product Designer (3 days)."


async def test_plain_alex_kim_gets_a_picker_not_a_guess(priya: DemoSession) -> None:
    exchange = await priya.mention("which stage is alex kim in?")
    picker = only(exchange, "ephemeral")
    assert "Which one did you mean?" in picker.text
    buttons = [priya.controls[n][0] for n in controls(exchange, "ashby_fact")]
    assert [b.label for b in buttons] == ["Alex Kim", "Alex Kim"]
    assert not [m for m in exchange.messages if m.kind == "message"]
    s = store(priya)
    ids = {c["id"] for c in s.candidates if c["name"] == "Alex Kim"}
    # Each button carries the question and one candidate id.
    assert {(b.value or "").rpartition("|")[2] for b in buttons} == ids
    assert all('"fact":"stage"' in (b.value or "") for b in buttons)
    design = next(c["id"] for c in s.candidates if c["emails"][0][0] == "alex.kim.design@example.com")
    chosen = await priya.press(
        next(n for n in controls(exchange, "ashby_fact") if (priya.controls[n][0].value or "").endswith(f"|{design}"))
    )
    assert first_line(chosen.messages[0]) == "Alex Kim is in Recruiter Screen for Product Designer (1 day)."


# -- the same answer everywhere -------------------------------------------------------------------------------------


async def test_the_slash_command_answers_like_the_mention(priya: DemoSession) -> None:
    mention = await priya.mention("what stage is jane doe at")
    command = await priya.command("what stage is jane doe at")
    expected = "Jane Doe is in Onsite for Senior Backend Engineer (6 days)."
    assert fact(mention) == expected
    (reply,) = command.messages
    assert reply.kind == "response" and reply.response_type != "in_channel"
    assert first_line(reply) == expected


async def test_a_direct_message_question(priya: DemoSession) -> None:
    exchange = await priya.direct_message("who's elena rossi's recruiter?")
    (reply,) = exchange.messages
    assert reply.channel.startswith("D") and reply.thread_ts is None
    assert first_line(reply) == "Priya Natarajan is the recruiter for Elena Rossi (Senior Backend Engineer)."


# -- help only when nothing was understood --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["hmm", "can somebody water the plants on the 3rd floor? 🌱", "what's the weather like in Paris?"]
)
async def test_the_help_card_for_text_with_neither_entity_nor_intent(priya: DemoSession, question: str) -> None:
    shown = text(await priya.mention(question))
    assert "I couldn't place that question" in shown, question


@pytest.mark.parametrize("question", ["jane doe?", "which jobs r open", "anything stale"])
async def test_no_help_card_when_something_was_understood(priya: DemoSession, question: str) -> None:
    shown = text(await priya.mention(question))
    assert "I couldn't place that question" not in shown and "How I can help" not in shown, question


# -- ask-back -------------------------------------------------------------------------------------------------------


async def test_a_toss_up_asks_back_and_the_button_answers(priya: DemoSession) -> None:
    """Two facts asked at once: the bot asks which one, with one button per reading, and each button answers."""
    exchange = await priya.mention("who are jane doe's recruiter and hiring manager?")
    ask = only(exchange, "ephemeral")
    assert ask.text == "What would you like to know about jane doe?"
    assert not [m for m in exchange.messages if m.kind == "message"]
    readings = {
        priya.controls[n][0].label: n
        for n in exchange.controls
        if exchange.controls[n][0].action_id.startswith("ashby_reading_")
    }
    assert set(readings) == {"The recruiter", "The hiring manager"}
    assert json.loads(priya.controls[readings["The recruiter"]][0].value or "{}")["fact"] == "recruiter"
    recruiter = await priya.press(readings["The recruiter"])
    assert first_line(recruiter.messages[0]) == (
        "Priya Natarajan is the recruiter for Jane Doe (Senior Backend Engineer)."
    )
    manager = await priya.press(readings["The hiring manager"])
    assert first_line(manager.messages[0]) == (
        "Dana Whitfield is the hiring manager for Jane Doe (Senior Backend Engineer)."
    )


# -- privacy of the new answers ---------------------------------------------------------------------------------

CONFIDENTIAL_QUESTIONS = [
    "what interviews does victoria chen have",
    "victoria chen's interviews this week",
    "has victoria chen accepted the offer?",
    "who hasn't submitted feedback for victoria chen",
    "victoria chen's recruiter",
    "what stage is victoria chen at",
]


@pytest.mark.parametrize("question", CONFIDENTIAL_QUESTIONS)
async def test_a_confidential_candidate_never_reaches_the_thread(demo: DemoSession, question: str) -> None:
    """Morgan is on the confidential VP of Finance team: the answer comes to him privately, and the channel
    sees neither the candidate's name nor the job."""
    demo.switch_user("morgan")
    try:
        exchange = await demo.mention(question)
    finally:
        demo.switch_user("priya")
    public = [m for m in exchange.messages if m.kind == "message"]
    private = [m for m in exchange.messages if m.kind == "ephemeral"]
    assert [m.text for m in public] == ["I've sent you the answer privately."], question
    shown = " ".join(json.dumps(m.blocks) + m.text for m in public)
    assert "Victoria" not in shown and "Finance" not in shown
    assert private and "Victoria Chen" in private[0].text


async def test_a_confidential_job_title_is_never_quoted_to_someone_outside_it(priya: DemoSession) -> None:
    exchange = await priya.mention("how's the vp fin role looking?")
    assert "VP of Finance" not in text(exchange) and "vp fin" in text(exchange)


async def test_the_picker_answers_the_whole_question(priya: DemoSession) -> None:
    """The day asked about travels in the picker's buttons with the question."""
    exchange = await priya.mention("alex kim's interviews tomorrow")
    buttons = controls(exchange, "ashby_fact")
    assert buttons and all('"when":"tomorrow"' in (priya.controls[n][0].value or "") for n in buttons)
    chosen = await priya.press(buttons[0])
    assert "tomorrow" in first_line(chosen.messages[0])


@pytest.mark.parametrize(
    "value",
    ["stage:", "x:y:z", "", '{"kind":"candidate","fact":"stage"}|not-an-id!', '{"kind":"move"}|' + "0" * 36, "[" * 900],
)
async def test_tampered_picker_buttons_do_nothing(priya: DemoSession, value: str) -> None:
    exchange = await priya.mention("which stage is alex kim in?")
    number = controls(exchange, "ashby_fact")[0]
    control, _ = priya.controls[number]
    priya.controls[number] = (dataclasses.replace(control, value=value), priya.controls[number][1])
    pressed = await priya.press(number)
    assert not [m for m in pressed.messages if m.kind == "message"]
    assert text(pressed) == "That button no longer works. Please ask again."


async def test_who_is_in_a_stage_across_jobs(priya: DemoSession) -> None:
    """No job named: that stage in every open job the asker sees, with the people in it, from the index."""
    titles = [spec.title for spec in JOBS if spec.status == "Open" and not spec.confidential]
    counts = {title: in_stage(priya, title, "Onsite") for title in titles}
    total = sum(counts.values())
    exchange = await priya.mention("who's sitting in onsite right now? 👀")
    sentence = fact(exchange)
    assert sentence.startswith(f"{plural(total, 'candidate')} {'is' if total == 1 else 'are'} in Onsite: ")
    assert all(f"{n} for {title}" in sentence for title, n in counts.items() if n)
    assert "Jane Doe" in json.dumps(only(exchange).blocks, ensure_ascii=False)  # in Onsite for Senior Backend
