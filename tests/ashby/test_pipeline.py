"""Pipelines counted from the candidate index: the same counts as paging the job's applications, no Ashby
call once warm, and only the shown candidates looked up (at once) when cold."""

from collections import Counter

import pytest

from ashby.client import AshbyClient
from ashby.queries import LOOKUPS_PER_PIPELINE, WAITING_SHOWN, Recruiting
from ashby.sandbox import Sandbox
from ashby.views import PipelineView
from tests.ashby.support import candidate_id, loaded, viewer


class Calls:
    """The Ashby calls the sandbox served since the last ``take``."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.seen = Counter(sandbox.calls)

    def take(self) -> Counter[str]:
        now = Counter(self.sandbox.calls)
        made, self.seen = now - self.seen, now
        return made


def summary(view: PipelineView) -> list[tuple[str, int, list[tuple[str, int | None]]]]:
    """Stages, counts and who waits longest, with days rounded (the two runs are milliseconds apart)."""
    return [
        (
            stage.title,
            stage.count,
            [
                (w.application_id, None if w.days_in_stage is None else round(w.days_in_stage))
                for w in stage.longest_waiting
            ],
        )
        for stage in view.stages
    ]


async def test_counts_and_waits_match_paging_for_every_job(ashby: AshbyClient, sandbox: Sandbox) -> None:
    indexed = (await loaded(ashby, sandbox)).recruiting
    paging = (await loaded(ashby, sandbox, index_ready=False)).recruiting
    assert indexed.index is not None and indexed.index.ready.is_set()
    assert paging.index is not None and not paging.index.ready.is_set()
    asker = await viewer(indexed)
    for job in (await indexed.reference.jobs()).values():
        from_index, from_pages = await indexed.pipeline(job.id, asker), await paging.pipeline(job.id, asker)
        assert summary(from_index) == summary(from_pages), job.title
        active = await ashby.applications(job_id=job.id, status="Active")
        assert from_index.active_total == len(active)
        by_stage = Counter(app.current_interview_stage.id for app in active if app.current_interview_stage)
        assert {s.id: s.count for s in from_index.stages if s.count} == dict(by_stage)


async def test_a_warm_pipeline_makes_no_ashby_call(ashby: AshbyClient, sandbox: Sandbox) -> None:
    recruiting = (await loaded(ashby, sandbox)).recruiting
    asker = await viewer(recruiting)
    backend = next(j for j in (await recruiting.reference.jobs()).values() if j.custom_requisition_id == "REQ-1042")
    calls = Calls(sandbox)
    cold = await recruiting.pipeline(backend.id, asker)
    made = calls.take()
    shown = sum(len(stage.longest_waiting) for stage in cold.stages)
    # Cold: only the shown candidates' applications, for their days in stage (never application.list).
    assert set(made) == {"application.info"} and made["application.info"] == shown
    # One round at the client's concurrency: each busy stage's longest waiting first, then the next ones.
    assert shown == min(LOOKUPS_PER_PIPELINE, sum(min(stage.count, WAITING_SHOWN) for stage in cold.stages))
    assert all(stage.longest_waiting for stage in cold.stages if stage.count)
    warm = await recruiting.pipeline(backend.id, asker)
    assert calls.take() == Counter() and summary(warm) == summary(cold)
    # Still none once the 30-second record cache has let go: the days are kept until an application changes.
    for stage in cold.stages:
        for waiting in stage.longest_waiting:
            recruiting.forget(application_id=waiting.application_id)
    assert summary(await recruiting.pipeline(backend.id, asker)) == summary(cold)
    assert calls.take() == Counter()


async def test_one_stage_lists_its_longest_waiting_from_the_index(recruiting: Recruiting, ashby: AshbyClient) -> None:
    asker = await viewer(recruiting)
    jane = await candidate_id(ashby, "jane.doe@example.com")
    (app,) = (await recruiting.lookup(jane, asker)).applications
    stage = app.current_interview_stage
    assert stage is not None and stage.title == "Onsite"
    (onsite,) = (await recruiting.pipeline(app.job.id, asker, stage_filter=stage.id)).stages
    # Everyone by name from the index; exact days for the longest untouched, looked up in one round.
    assert onsite.title == "Onsite" and len(onsite.longest_waiting) == min(onsite.count, 30)
    timed = [w for w in onsite.longest_waiting if w.days_in_stage is not None]
    assert len(timed) == min(onsite.count, LOOKUPS_PER_PIPELINE) and onsite.longest_waiting[: len(timed)] == tuple(
        timed
    )
    (shown,) = [w for w in onsite.longest_waiting if w.candidate_id == jane]
    assert shown.candidate_name == "Jane Doe" and shown.days_in_stage == pytest.approx(6, abs=0.01)


async def test_a_move_shows_up_after_the_next_incremental_pass(ashby: AshbyClient, sandbox: Sandbox) -> None:
    started = await loaded(ashby, sandbox)
    recruiting, asker = started.recruiting, await viewer(started.recruiting)
    jane = await candidate_id(ashby, "jane.doe@example.com")
    (app,) = (await recruiting.lookup(jane, asker)).applications
    before = {s.title: s.count for s in (await recruiting.pipeline(app.job.id, asker)).stages}
    job = await recruiting.reference.job(app.job.id)
    assert job is not None and job.default_interview_plan_id
    offer = next(s for s in await recruiting.reference.stages(job.default_interview_plan_id) if s.title == "Offer")
    await ashby.application_change_stage(app.id, offer.id)
    recruiting.forget(application_id=app.id)
    await started.index_sync.run_once()
    view = await recruiting.pipeline(app.job.id, asker, stage_filter=offer.id)
    assert view.stages[0].count == before["Offer"] + 1
    after = {s.title: s.count for s in (await recruiting.pipeline(app.job.id, asker)).stages}
    assert after["Onsite"] == before["Onsite"] - 1
    (moved,) = [w for w in view.stages[0].longest_waiting if w.candidate_id == jane]
    assert moved.days_in_stage is not None and moved.days_in_stage < 0.01
