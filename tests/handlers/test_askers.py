"""Who is asking: found in any kind of request, looked up at most once, and only when a listener asks."""

import asyncio
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

from handlers.identity import Asker
from handlers.listeners.askers import KnowTheAsker, _who, asker_of, known_asker


def test_the_person_behind_each_kind_of_request() -> None:
    assert _who({"command": "/ashby", "user_id": "U1", "team_id": "T1"}) == ("U1", "T1")
    assert _who({"type": "block_actions", "user": {"id": "U2"}, "team": {"id": "T2"}}) == ("U2", "T2")
    assert _who({"type": "event_callback", "team_id": "T3", "event": {"user": "U3"}}) == ("U3", "T3")
    assert _who({"type": "event_callback", "event": {"subtype": "bot_message"}}) == (None, None)
    assert _who([]) == (None, None)


class CountingIdentity:
    def __init__(self, viewer: Any) -> None:
        self.calls = 0
        self.viewer = viewer

    async def asker(self, client: Any, team_id: str | None, user_id: str) -> Asker:
        self.calls += 1
        await asyncio.sleep(0)
        return Asker(slack_user_id=user_id, tz=ZoneInfo("UTC"), viewer=self.viewer, refusal="Not in Ashby.")


async def _through(identity: CountingIdentity, body: dict[str, Any]) -> AsyncBoltContext:
    context = AsyncBoltContext(client=object())
    request = SimpleNamespace(body=body, context=context)

    async def next_() -> BoltResponse:
        return BoltResponse(status=200)

    await KnowTheAsker(identity).async_process(req=request, resp=BoltResponse(status=200), next=next_)  # type: ignore[arg-type]
    return context


async def test_looked_up_once_and_only_when_asked() -> None:
    identity = CountingIdentity(viewer=SimpleNamespace(id="ashby-1"))
    context = await _through(identity, {"command": "/ashby", "user_id": "U1", "team_id": "T1"})
    assert identity.calls == 0  # nothing before the listener has acknowledged Slack
    first, second = await asyncio.gather(asker_of(context), asker_of(context))
    assert first is second and identity.calls == 1


async def test_one_refusal_for_people_without_ashby() -> None:
    identity = CountingIdentity(viewer=None)
    context = await _through(identity, {"type": "block_actions", "user": {"id": "U9"}, "team": {"id": "T"}})
    refused: list[str] = []

    async def refuse(asker: Asker) -> None:
        refused.append(asker.no_access()["text"])

    assert await known_asker(context, refuse) is None
    assert refused and "Not in Ashby." in refused[0]
