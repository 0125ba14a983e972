"""Parsing what people type: the /ashby grammar and plain-language questions (pure functions)."""

import pytest

from handlers.intents import parse_command, parse_question


@pytest.mark.parametrize(
    ("text", "kind", "query"),
    [
        ("", "help", None),
        ("help", "help", None),
        ("jane", "candidate", "jane"),
        ("candidate Jane Doe", "candidate", "Jane Doe"),
        ("<mailto:jane@example.com|jane@example.com>", "candidate", "jane@example.com"),
        ("job REQ-1042", "pipeline", "REQ-1042"),
        ("pipeline backend", "pipeline", "backend"),
        ("job", "jobs", None),
        ("jobs", "jobs", None),
        ("feedback alex kim", "feedback", "alex kim"),
        ("stale", "stale", None),
        ("stale backend", "stale", "backend"),
        ("approvals", "approvals", None),
        ("reject jon smith", "reject", "jon smith"),
        ("hire elena rossi", "hire", "elena rossi"),
    ],
)
def test_commands(text: str, kind: str, query: str | None) -> None:
    intent = parse_command(text)
    assert (intent.kind, intent.query) == (kind, query)


def test_interview_windows_and_people() -> None:
    assert parse_command("interviews").when == "today"
    assert parse_command("interviews tomorrow me").who == "me"
    week = parse_command("interviews this week <@U999|bob>")
    assert (week.when, week.who) == ("week", "U999")
    by_candidate = parse_command("interviews today alex kim")
    assert (by_candidate.query, by_candidate.who) == ("alex kim", None)


def test_offers_and_typos() -> None:
    assert parse_command("offers pending").pending and not parse_command("offers").pending
    assert parse_command("intervews").suggestions == ("/ashby interviews",)


@pytest.mark.parametrize(
    ("text", "kind", "query", "target"),
    [
        ("move jane doe to onsite", "move", "jane doe", "onsite"),
        ("tag jane doe: Silver medalist", "tag", "jane doe", "Silver medalist"),
        ("tag jane doe as referral", "tag", "jane doe", "referral"),
        ("untag jane doe referral", "untag", "jane doe", "referral"),
        ("add jane doe to product designer", "add", "jane doe", "product designer"),
        ("transfer jane doe to frontend engineer", "transfer", "jane doe", "frontend engineer"),
    ],
)
def test_write_commands(text: str, kind: str, query: str, target: str) -> None:
    intent = parse_command(text)
    assert (intent.kind, intent.query, intent.target) == (kind, query, target)


def test_notes_need_a_colon_and_can_be_private() -> None:
    note = parse_command("note jane doe: great call: really")
    assert (note.kind, note.query, note.text, note.private) == ("note", "jane doe", "great call: really", False)
    assert parse_command("private note jane doe: comp").private
    assert parse_command("note jane doe great").kind == "help"


@pytest.mark.parametrize(
    ("question", "kind", "query"),
    [
        ("<@UASHBYBOT> where is Jane Doe in the process?", "candidate", "Jane Doe"),
        ("status of jon smtih", "candidate", "jon smtih"),
        ("what's the status of José Álvarez?", "candidate", "José Álvarez"),
        ("Mary-Jane Watson-Parker's status", "candidate", "Mary-Jane Watson-Parker"),
        ("how many candidates for Product Designer?", "pipeline", "Product Designer"),
        ("show me the pipeline for REQ-1042", "pipeline", "REQ-1042"),
        ("which jobs are open?", "jobs", None),
        ("what interviews do I have today?", "interviews", None),
        ("any offers waiting for approval?", "offers", None),
        ("who hasn't submitted feedback for Alex Kim?", "feedback", "Alex Kim"),
        ("who is stuck in the backend pipeline?", "stale", "backend"),
        ("anything for me to approve?", "approvals", None),
        ("please move jane doe to onsite", "move", "jane doe"),
        ("add a note to jane doe: great culture add", "note", "jane doe"),
        ("can you reject jon smith?", "reject", "jon smith"),
        ("what's the weather in Paris tomorrow afternoon?", "unknown", None),
    ],
)
def test_questions(question: str, kind: str, query: str | None) -> None:
    intent = parse_question(question)
    assert (intent.kind, intent.query) == (kind, query)


def test_stage_questions_narrow_the_pipeline() -> None:
    intent = parse_question("who's in onsite for the backend role?")
    assert (intent.kind, intent.query, intent.stage) == ("pipeline", "backend", "onsite")


def test_pending_feedback_and_offers() -> None:
    assert parse_question("who hasn't submitted feedback for Alex Kim?").pending
    assert parse_question("any offers waiting for approval?").pending
    assert parse_question("what interviews do I have today?").who == "me"
