"""One test per listener, bolt-python style: a signed request for each command, event and button is
dispatched to the real app over HTTP, and the reply it makes at the loopback Slack is checked.

The scenario tests (``tests/scenarios``) follow whole conversations; these pin down that every registered
listener answers its own kind of request, acknowledged with HTTP 200.
"""

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from blocks import payloads as p
from bot.loopback.session import CHANNEL, DemoSession, Exchange

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo() -> AsyncIterator[DemoSession]:
    async with DemoSession(candidates=200) as session:
        session.switch_user("priya")
        yield session


def _texts(exchange: Exchange) -> str:
    return "\n".join(m.text for m in exchange.messages)


async def _press(demo: DemoSession, action_id: str, value: str | None, **extra: Any) -> Exchange:
    url = demo.slack.new_response_url(CHANNEL.id, demo.user.id)
    request = demo.requests.block_action(
        action_id=action_id, value=value, user_id=demo.user.id, channel_id=CHANNEL.id, response_url=url, **extra
    )
    return await demo._exchange(request)


def _store(demo: DemoSession) -> Any:
    assert demo.sandbox is not None
    return demo.sandbox.store


def _jane(demo: DemoSession) -> str:
    return next(c["id"] for c in _store(demo).candidates if c["name"] == "Jane Doe")


async def test_the_command_listener(demo: DemoSession) -> None:
    assert "Jane Doe" in _texts(await demo.command("what stage is jane doe at"))


async def test_the_mention_listener(demo: DemoSession) -> None:
    assert "Jane Doe is in" in _texts(await demo.mention("what stage is jane doe at?"))


async def test_the_direct_message_listener(demo: DemoSession) -> None:
    assert "Jane Doe is in" in _texts(await demo.direct_message("what stage is jane doe at?"))


async def test_open_candidate(demo: DemoSession) -> None:
    assert "Jane Doe" in _texts(await _press(demo, p.OpenCandidate.ACTION, p.OpenCandidate(_jane(demo)).pack()))


async def test_open_pipeline(demo: DemoSession) -> None:
    job = next(j["id"] for j in _store(demo).jobs if j["title"] == "Senior Backend Engineer")
    shown = _texts(await _press(demo, p.OpenPipeline.ACTION, p.OpenPipeline(job).pack()))
    assert "Senior Backend Engineer has" in shown


async def test_open_feedback(demo: DemoSession) -> None:
    shown = _texts(await _press(demo, p.OpenFeedback.ACTION, p.OpenFeedback(_jane(demo)).pack()))
    assert "Jane Doe" in shown and "scorecard" in shown


async def test_answer_about(demo: DemoSession) -> None:
    payload = p.AnswerAbout('{"kind":"candidate","fact":"tags"}', _jane(demo))
    assert "Jane Doe is tagged" in _texts(await _press(demo, payload.ACTION, payload.pack()))


async def test_asked_back(demo: DemoSession) -> None:
    payload = p.AskedBack('{"kind":"candidate","query":"jane doe","fact":"recruiter"}')
    shown = _texts(await _press(demo, f"{payload.ACTION}_0", payload.pack()))
    assert "is the recruiter for Jane Doe" in shown


async def test_share(demo: DemoSession) -> None:
    exchange = await _press(demo, p.Share.ACTION, p.Share("candidate", _jane(demo)).pack())
    assert [m.response_type for m in exchange.messages] == ["in_channel"]


async def test_card_action(demo: DemoSession) -> None:
    shown = _texts(await _press(demo, p.CardAction.ACTION, p.CardAction("tag", _jane(demo)).pack()))
    assert "Add which tag to Jane Doe?" in shown


async def test_confirm_of_an_unknown_preview(demo: DemoSession) -> None:
    shown = _texts(await _press(demo, p.Confirm.ACTION, p.Confirm("no-such-preview").pack()))
    assert "expired or was cancelled" in shown


async def test_cancel(demo: DemoSession) -> None:
    exchange = await _press(demo, p.Cancel.ACTION, p.Cancel("no-such-preview").pack())
    assert [m.delete_original for m in exchange.messages] == [True]


@pytest.mark.parametrize("choice", p.CHOICES, ids=lambda c: c.__name__)
async def test_every_chooser(demo: DemoSession, choice: type[p.Choice]) -> None:
    """A choice on a draft or preview that no longer exists: said, and nothing done."""
    shown = _texts(await _press(demo, choice.ACTION, choice("gone", "x1").pack()))
    assert "expired" in shown


async def test_approve_checks_the_step_is_still_current(demo: DemoSession) -> None:
    offer = next(o for o in _store(demo).offers if o["versions"][-1]["approvalStatus"] == "WaitingOnApprovals")
    payload = p.Approve(offer["id"], offer["versions"][-1]["id"], "not-this-step")
    shown = _texts(await _press(demo, payload.ACTION, payload.pack()))
    assert "This approval step is no longer current" in shown  # reached the approval flow, approved nothing


async def test_a_link_button_is_only_acknowledged(demo: DemoSession) -> None:
    url = demo.slack.new_response_url(CHANNEL.id, demo.user.id)
    request = demo.requests.block_action(
        action_id=p.LINK, value=None, user_id=demo.user.id, channel_id=CHANNEL.id, response_url=url
    )
    assert (await demo.post(request)).status_code == 200
