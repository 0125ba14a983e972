"""Write actions from command to confirmed result: the exact Ashby call, exactly once, by the right people."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from ashby import models as m
from ashby.client import AshbyClient
from ashby.sandbox import Sandbox
from bot.loopback.session import CHANNEL, DemoSession, Exchange

from .conftest import CANDIDATES, kinds, text
from .wire import Wire, record

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session() -> AsyncIterator[tuple[DemoSession, Wire]]:
    sandbox = Sandbox(seed=7, candidates=CANDIDATES)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox) as demo:
        yield demo, wire


@pytest_asyncio.fixture(loop_scope="module")
async def as_priya(session: tuple[DemoSession, Wire]) -> tuple[DemoSession, Wire]:
    session[0].switch_user("priya")
    return session


def control(exchange: Exchange, action_id: str) -> int:
    return next(n for n, (c, _) in exchange.controls.items() if c.action_id == action_id)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def ashby(session: tuple[DemoSession, Wire]) -> AsyncIterator[AshbyClient]:
    """A client of our own, to look at the sandbox's state through its API."""
    assert session[0].bot is not None
    async with AshbyClient("sandbox", base_url=session[0].bot.settings.ASHBY_API_URL) as client:
        yield client


async def application_of(ashby: AshbyClient, email: str, job_title: str) -> m.Application:
    (candidate,) = await ashby.candidate_search(email=email)
    apps = [await ashby.application_info(app_id) for app_id in candidate.application_ids]
    return next(app for app in apps if app.job.title == job_title)


async def stage_title(ashby: AshbyClient, email: str, job_title: str) -> str:
    app = await application_of(ashby, email, job_title)
    assert app.current_interview_stage is not None
    return app.current_interview_stage.title


async def test_move_previews_then_changes_the_stage_once(
    as_priya: tuple[DemoSession, Wire], ashby: AshbyClient
) -> None:
    demo, wire = as_priya
    preview = await demo.command("move jane doe to reference check")
    shown = text(preview)
    assert "Move Jane Doe from Onsite to Reference Check" in shown and "Nothing changes in Ashby" in shown
    mark = wire.mark()
    assert wire.since(mark, "application.changeStage") == []
    done = await demo.press(control(preview, "ashby_write_confirm"))
    (outcome,) = done.messages
    assert (
        outcome.replace_original
        and "Moved Jane Doe to Reference Check" in text(done)
        and "Priya Natarajan" in text(done)
    )
    calls = wire.since(mark, "application.changeStage")
    application = await application_of(ashby, "jane.doe@example.com", "Senior Backend Engineer")
    assert application.current_interview_stage is not None
    assert len(calls) == 1
    assert calls[0][1] == {"applicationId": application.id, "interviewStageId": application.current_interview_stage.id}
    assert application.current_interview_stage.title == "Reference Check"
    notes = wire.since(mark, "candidate.createNote")
    assert len(notes) == 1 and "Moved Jane Doe to Reference Check from Slack by Priya Natarajan" in notes[0][1]["note"]
    again = await demo.press(control(preview, "ashby_write_confirm"))  # the same Confirm, pressed later
    assert "Moved Jane Doe to Reference Check" in text(again) and len(wire.since(mark, "application.changeStage")) == 1
    # Pipeline counts come from the candidate index: it knows of the move at once, before any refresh.
    assert demo.bot is not None
    indexed = demo.bot.index.application(application.id)
    assert indexed is not None and indexed.stage_id == application.current_interview_stage.id
    who = await demo.mention("who's at reference check for the backend role?")
    assert "Jane Doe" in text(who)


async def test_cancel_leaves_nothing_behind(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    preview = await demo.command("move jon smith to onsite")
    cancelled = await demo.press(control(preview, "ashby_write_cancel"))
    assert [m.delete_original for m in cancelled.messages] == [True]
    mark = wire.mark()
    late = await demo.press(control(preview, "ashby_write_confirm"))
    assert "expired or was cancelled" in text(late)
    assert wire.since(mark, "application.changeStage") == []


async def test_only_the_person_who_asked_can_cancel(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, _ = as_priya
    preview = await demo.command("move jon smith to onsite")
    demo.switch_user("dana")
    try:
        refused = await demo.press(control(preview, "ashby_write_cancel"))
    finally:
        demo.switch_user("priya")
    assert not any(m.delete_original for m in refused.messages)
    assert "Only the person who asked for this can cancel it" in text(refused)
    cancelled = await demo.press(control(preview, "ashby_write_cancel"))  # Priya still can
    assert [m.delete_original for m in cancelled.messages] == [True]


async def test_reject_with_a_reason_and_an_email(as_priya: tuple[DemoSession, Wire], ashby: AshbyClient) -> None:
    demo, wire = as_priya
    preview = await demo.command("reject sara nilsson")
    assert "ashby_write_confirm" not in [c.action_id for c, _ in preview.controls.values()]  # a reason first
    with_reason = await demo.press(control(preview, "ashby_write_reason"), "Withdrew")
    with_email = await demo.press(control(with_reason, "ashby_write_template"), "Rejection – standard")
    assert "Reason: Withdrew" in text(with_email) and "Rejection – standard" in text(with_email)
    confirm = next(c for c, _ in with_email.controls.values() if c.action_id == "ashby_write_confirm")
    mark = wire.mark()
    done = await demo.press(control(with_email, "ashby_write_confirm"))
    assert "Rejected Sara Nilsson (Withdrew)" in text(done)
    ((_, params),) = wire.since(mark, "application.changeStage")
    reason = next(r for r in await ashby.archive_reasons() if r.text == "Withdrew")
    template = next(t for t in await ashby.communication_templates() if t.title == "Rejection – standard")
    assert params["archiveReasonId"] == reason.id
    assert params["archiveEmail"] == {"communicationTemplateId": template.id}
    assert (await ashby.interview_stage_info(params["interviewStageId"])).type == "Archived"
    sara = await application_of(
        ashby, "sara.nilsson@example.com", (await ashby.application_info(params["applicationId"])).job.title
    )
    assert sara.status == "Archived"
    assert confirm.label == "Confirm"


async def test_hire_refused_by_ashby_is_explained(as_priya: tuple[DemoSession, Wire], ashby: AshbyClient) -> None:
    demo, wire = as_priya
    preview = await demo.command("hire elena rossi")
    assert "Hire Elena Rossi" in text(preview)
    mark = wire.mark()
    refused = await demo.press(control(preview, "ashby_write_confirm"))
    assert "offer is still waiting for approval" in text(refused)
    assert len(wire.since(mark, "application.changeStage")) == 1
    assert await stage_title(ashby, "elena.rossi@example.com", "Senior Backend Engineer") == "Offer"


async def test_notes_public_and_private(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    for line, private in (
        ("note jane doe: Strong systems design", False),
        ("private note jane doe: Expects 200k", True),
    ):
        preview = await demo.command(line)
        mark = wire.mark()
        await demo.press(control(preview, "ashby_write_confirm"))
        ((_, params),) = wire.since(mark, "candidate.createNote")
        assert params["isPrivate"] is private and params["note"] in ("Strong systems design", "Expects 200k")


async def test_tag_untag_and_a_new_tag(as_priya: tuple[DemoSession, Wire], ashby: AshbyClient) -> None:
    demo, wire = as_priya
    preview = await demo.command("tag jose alvarez: Silver medalist")
    mark = wire.mark()
    await demo.press(control(preview, "ashby_write_confirm"))
    ((_, params),) = wire.since(mark, "candidate.addTag")
    tags = {t.title: t.id for t in await ashby.candidate_tags()}
    assert params["tagId"] == tags["Silver medalist"]
    new = await demo.command("tag jose alvarez: Speaks Portuguese")
    assert "doesn't exist yet" in text(new)
    mark = wire.mark()
    await demo.press(control(new, "ashby_write_confirm"))
    assert [name for name, _ in wire.since(mark) if name.startswith("candidate")][:2] == [
        "candidateTag.create",
        "candidate.addTag",
    ]
    untag = await demo.command("untag jose alvarez: silver medalist")
    mark = wire.mark()
    await demo.press(control(untag, "ashby_write_confirm"))
    ((_, params),) = wire.since(mark, "candidate.removeTag")
    assert params["tagId"] == tags["Silver medalist"]


async def test_add_to_a_job_and_transfer(as_priya: tuple[DemoSession, Wire], ashby: AshbyClient) -> None:
    demo, wire = as_priya
    preview = await demo.command("add zoe angstrom to data scientist")
    mark = wire.mark()
    await demo.press(control(preview, "ashby_write_confirm"))
    ((_, params),) = wire.since(mark, "application.create")
    jobs = {job.title: job for job in await ashby.jobs()}
    assert params == {"candidateId": params["candidateId"], "jobId": jobs["Data Scientist"].id}
    transfer = await demo.command("transfer jon smith to frontend engineer")
    assert "Transfer Jon Smith from Product Designer to Frontend Engineer" in text(transfer)
    mark = wire.mark()
    await demo.press(control(transfer, "ashby_write_confirm"))
    ((_, params),) = wire.since(mark, "application.transfer")
    frontend = jobs["Frontend Engineer"]
    assert params["jobId"] == frontend.id and params["interviewPlanId"] == frontend.default_interview_plan_id
    stage = await ashby.interview_stage_info(params["interviewStageId"])
    # Frontend's plan has no Portfolio Review, so the transfer lands on its first active stage.
    assert stage.interview_plan_id == frontend.default_interview_plan_id and stage.title == "Application Review"


async def test_card_menu_offers_the_same_actions(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, _ = as_priya
    card = await demo.command("Анна Петрова")
    menu = next(n for n, (c, _) in card.controls.items() if c.kind == "overflow")
    chooser = await demo.press(menu, "Move to stage")
    stage = control(chooser, "ashby_write_stage")
    preview = await demo.press(stage, "Reference Check")
    assert "Move Анна Петрова" in text(preview) and "to Reference Check" in text(preview)
    tag_button = next(
        n for n, (c, _) in card.controls.items() if c.kind == "button" and c.action_id == "ashby_card_action"
    )
    tagging = await demo.press(tag_button)
    assert "Add which tag" in text(tagging)


async def test_an_unauthorised_presser_cannot_confirm(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    preview = await demo.command("move alex.kim.design@example.com to portfolio review")
    confirm = control(preview, "ashby_write_confirm")
    demo.switch_user("dana")  # Limited Access, not on the Product Designer hiring team
    mark = wire.mark()
    refused = await demo.press(confirm)
    assert "Not available to you" in text(refused) or "only on jobs" in text(refused)
    assert wire.since(mark, "application.changeStage") == []
    assert "Not available to you" in text(await demo.command("move alex.kim.design@example.com to onsite"))
    demo.switch_user("guest")
    assert "doesn't match a user in Ashby" in text(await demo.press(confirm))
    demo.switch_user("priya")


async def test_a_stale_preview_does_nothing(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    first = await demo.command("move francois dupre to reference check")
    second = await demo.command("move francois dupre to offer")
    await demo.press(control(first, "ashby_write_confirm"))
    mark = wire.mark()
    stale = await demo.press(control(second, "ashby_write_confirm"))
    assert "out of date" in text(stale) and "Reference Check" in text(stale)
    assert wire.since(mark, "application.changeStage") == []


async def test_double_clicks_and_twenty_concurrent_clicks_write_once(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    preview = await demo.command("move mary jane watson parker to reference check")
    confirm, _ = preview.controls[control(preview, "ashby_write_confirm")]
    requests = [
        demo.requests.block_action(
            action_id=confirm.action_id,
            value=confirm.value,
            user_id=demo.user.id,
            channel_id=CHANNEL.id,
            response_url=demo.slack.new_response_url(CHANNEL.id, demo.user.id),
            block_id=confirm.block_id,
        )
        for _ in range(20)
    ]
    mark = wire.mark()
    responses = await asyncio.gather(*(demo.post(r) for r in requests), demo.post(requests[0].with_retry(1)))
    assert all(r.status_code == 200 for r in responses)
    await asyncio.sleep(1.0)
    assert len(wire.since(mark, "application.changeStage")) == 1
    replies = [m.text for m in demo.slack.messages if m.kind == "response"][-21:]
    assert all("Moved Mary-Jane Watson-Parker" in t or "already" in t for t in replies), replies


async def test_mentions_ask_for_a_private_preview(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, _ = as_priya
    exchange = await demo.mention("please move seán o'brien to reference check")
    assert kinds(exchange) == ["ephemeral"] and "Move Seán O'Brien" in text(exchange)


async def test_a_passing_ashby_error_on_confirm_leaves_it_confirmable(as_priya: tuple[DemoSession, Wire]) -> None:
    from ashby.sandbox import Fault

    demo, wire = as_priya
    preview = await demo.command("move lukasz zolc to reference check")
    confirm = control(preview, "ashby_write_confirm")
    assert demo.bot is not None
    demo.bot.recruiting.forget(application_id=None)
    demo.sandbox.faults.add(Fault("application.info", "server_error", times=None))
    try:
        failed = await demo.press(confirm)
    finally:
        demo.sandbox.faults.clear()
    assert "Ashby" in text(failed)
    mark = wire.mark()
    done = await demo.press(confirm)
    assert "Moved Łukasz Żółć to Reference Check" in text(done)
    assert len(wire.since(mark, "application.changeStage")) == 1


async def test_an_old_card_cannot_reject_twice(as_priya: tuple[DemoSession, Wire]) -> None:
    demo, wire = as_priya
    card = await demo.command("nguyen thi minh")
    menu = next(n for n, (c, _) in card.controls.items() if c.kind == "overflow")
    first = await demo.press(menu, "Reject")
    chosen = await demo.press(control(first, "ashby_write_reason"), "Not a fit")
    await demo.press(control(chosen, "ashby_write_confirm"))
    mark = wire.mark()
    again = await demo.press(menu, "Reject")  # the same card, from before the rejection
    assert "already archived" in text(again)
    assert "already archived" in text(await demo.press(menu, "Hire"))
    assert wire.since(mark, "application.changeStage") == []
