"""Parsing what people type: the /ashby grammar and plain-language questions (pure functions)."""

import pytest

from handlers.intents import Intent, parse_command


@pytest.mark.parametrize(
    ("text", "kind", "query"),
    [
        ("", "help", None),
        ("help", "help", None),
        ("candidate Jane Doe", "candidate", "Jane Doe"),
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
    assert intent is not None and (intent.kind, intent.query) == (kind, query)


@pytest.mark.parametrize("text", ["jane", "jane doe", "what stage is jane at?", "<mailto:j@example.com|j@example.com>"])
def test_names_and_questions_are_left_to_the_parser(text: str) -> None:
    assert parse_command(text) is None


def test_an_intent_travels_in_a_button_value() -> None:
    intent = Intent("candidate", query="Jane Doe", fact="stage", job="Senior Backend Engineer")
    assert Intent.from_value(intent.to_value()) == intent
    for tampered in ("", "{", "[]", '{"kind": "drop_tables"}', '{"kind": "candidate", "evil": 1}', '{"kind": 3}'):
        assert Intent.from_value(tampered) is None


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
