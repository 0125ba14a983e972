"""@-mention questions in plain words, answered in a thread, and DMs; privacy in public channels."""

import pytest

from bot.loopback.session import DemoSession

from .conftest import kinds, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

PHRASINGS = [
    ("where is Jane Doe in the process?", "6 days in Onsite"),
    ("status of jane dooe", "Jane Doe"),
    ("what's the status of José Álvarez?", "José Álvarez"),
    ("tell me about Seán O'Brien", "Seán O'Brien"),
    ("who's in onsite for the backend role?", "Longest waiting first"),
    ("how many candidates for Product Designer?", "Product Designer"),
    ("show me the pipeline for REQ-1042", "REQ-1042"),
    ("which jobs are open?", "Open jobs"),
    ("what interviews do I have today?", "Your interviews today"),
    ("any offers waiting for approval?", "Elena Rossi"),
    ("who is stuck in the backend pipeline?", "Longest in their stage"),
    ("what interviews are there this week for Alex Kim?", "Which one did you mean?"),
    ("who hasn't submitted feedback for Jane Doe?", "Still waiting on"),
]


@pytest.mark.parametrize(("question", "expected"), PHRASINGS)
async def test_questions_in_plain_words(priya: DemoSession, question: str, expected: str) -> None:
    exchange = await priya.mention(question)
    assert expected in text(exchange), question
    assert all(m.thread_ts for m in exchange.messages), "answers go in the question's thread"


async def test_a_question_it_cannot_place_gets_suggestions(priya: DemoSession) -> None:
    exchange = await priya.mention("what's the weather in Paris tomorrow afternoon?")
    shown = text(exchange)
    assert "I couldn't place that question" in shown and "what stage is Jane Doe at?" in shown


async def test_public_thread_answers_hide_contact_details(priya: DemoSession) -> None:
    exchange = await priya.mention("where is Jane Doe in the process?")
    assert kinds(exchange) == ["message"]
    shown = text(exchange)
    assert "Jane Doe" in shown and "jane.doe@example.com" not in shown and "+1 415" not in shown


async def test_feedback_text_goes_only_to_the_asker(priya: DemoSession) -> None:
    exchange = await priya.mention("feedback for jane doe")
    public = [m for m in exchange.messages if m.kind == "message"]
    private = [m for m in exchange.messages if m.kind == "ephemeral"]
    assert public and private and all(m.user == priya.user.id for m in private)
    assert "Excellent problem solving" not in " ".join(str(m.blocks) for m in public)
    assert "Excellent problem solving" in " ".join(str(m.blocks) for m in private)


async def test_salaries_stay_out_of_channels(priya: DemoSession) -> None:
    exchange = await priya.mention("any offers waiting for approval?")
    assert kinds(exchange) == ["message"]
    assert "Elena Rossi" in text(exchange) and "185,000" not in text(exchange)


async def test_pickers_in_a_channel_are_private(priya: DemoSession) -> None:
    exchange = await priya.mention("where is alex kim?")
    assert kinds(exchange) == ["ephemeral"]


async def test_direct_messages_answer_in_the_dm_with_everything(priya: DemoSession) -> None:
    exchange = await priya.direct_message("where is jane doe?")
    (reply,) = exchange.messages
    assert reply.channel.startswith("D") and reply.thread_ts is None
    assert "jane.doe@example.com" in text(exchange)


async def test_confidential_candidates_never_reach_a_channel(demo: DemoSession) -> None:
    demo.switch_user("morgan")  # an admin, on the confidential job's hiring team
    exchange = await demo.mention("where is Victoria Chen?")
    public = [m for m in exchange.messages if m.kind == "message"]
    private = [m for m in exchange.messages if m.kind == "ephemeral"]
    assert public and "Victoria" not in text(exchange.__class__(messages=public))
    assert "VP of Finance" not in " ".join(str(m.blocks) + m.text for m in public)
    assert private and "VP of Finance" in " ".join(str(m.blocks) for m in private)
    shared = await demo.command("victoria chen")
    assert "Share in channel" not in text(shared)  # no share button on a confidential card
    jobs_public = await demo.mention("which jobs are open?")
    assert "VP of Finance" not in text(jobs_public)
    assert "VP of Finance" in text(await demo.command("jobs"))


async def test_confidential_candidates_are_refused_to_people_without_access(demo: DemoSession) -> None:
    demo.switch_user("priya")
    shown = text(await demo.command("victoria chen"))
    assert "Not available to you" in shown and "VP of Finance" not in shown


async def test_limited_access_sees_only_their_jobs(demo: DemoSession) -> None:
    demo.switch_user("dana")
    assert "Senior Backend Engineer" in text(await demo.command("jane doe"))
    shown = text(await demo.command("jobs"))
    assert "Senior Backend Engineer" in shown and "Account Executive" not in shown


async def test_meeting_links_stay_out_of_channel_threads(priya: DemoSession) -> None:
    public = await priya.mention("what interviews are there this week?")
    assert "meet.example.com" not in str([m.blocks for m in public.messages])
    private = await priya.command("interviews this week")
    assert "meet.example.com" in str([m.blocks for m in private.messages])
