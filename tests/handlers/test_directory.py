"""Ashby people to Slack users by email: looked up once, remembered (found and not found), never fatal."""

from typing import Any

from slack_sdk.errors import SlackApiError

from ashby.store import MemoryStore
from ashby.views import Person
from handlers.directory import SlackDirectory


class FakeSlack:
    """Only ``users.lookupByEmail``, counting calls (a unit test of the directory alone)."""

    def __init__(self) -> None:
        self.calls = 0

    async def users_lookupByEmail(self, *, email: str) -> dict[str, Any]:
        self.calls += 1
        if email == "dana@acme.example":
            return {"ok": True, "user": {"id": "U0DANA"}}
        if email == "down@acme.example":
            raise SlackApiError("ratelimited", {"ok": False, "error": "ratelimited"})
        raise SlackApiError("not found", {"ok": False, "error": "users_not_found"})


async def test_found_and_missing_people_are_remembered() -> None:
    slack = FakeSlack()
    directory = SlackDirectory(MemoryStore(), slack)  # type: ignore[arg-type]
    assert await directory.slack_id("Dana@Acme.example") == "U0DANA"
    assert await directory.slack_id("dana@acme.example") == "U0DANA"
    assert await directory.slack_id("ghost@acme.example") is None
    assert await directory.slack_id("ghost@acme.example") is None
    assert slack.calls == 2


async def test_cards_mention_who_they_can_and_never_fail_over_it() -> None:
    directory = SlackDirectory(MemoryStore(), FakeSlack())  # type: ignore[arg-type]
    people = (
        Person(id="1", name="Dana Whitfield", email="dana@acme.example"),
        Person(id="2", name="Ghost", email="ghost@acme.example"),
        Person(id="3", name="Throttled", email="down@acme.example"),
        Person(id="4", name="No email"),
    )
    mentioned = await directory.mentionable(people)
    assert [p.slack_user_id for p in mentioned] == ["U0DANA", None, None, None]
    assert [p.name for p in mentioned] == [p.name for p in people]
