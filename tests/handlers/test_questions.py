"""The vocabulary kept from the caches: built once, served while stale, rebuilt aside (sandbox over HTTP)."""

import asyncio

import pytest

from ashby.client import AshbyClient
from ashby.index import CandidateIndex
from ashby.index_sync import IndexSync
from ashby.reference import ReferenceData
from ashby.resolver import CandidateResolver
from handlers.questions import VOCABULARY_TTL, Questions

pytestmark = pytest.mark.asyncio


async def test_the_vocabulary_is_rebuilt_aside_when_stale(ashby: AshbyClient) -> None:
    index = CandidateIndex()
    await IndexSync(ashby, index).run_once()
    clock = [1000.0]
    questions = Questions(ReferenceData(ashby), index, CandidateResolver(index), monotonic=lambda: clock[0])
    first = await questions.vocabulary()
    assert "onsite" in first.phrases and "csm" in first.phrases
    assert (await questions.read("what stage is jane doe at?")).intent.label == "candidate.stage"
    assert await questions.vocabulary() is first  # fresh: the same one, no work
    clock[0] += VOCABULARY_TTL + 1
    assert await questions.vocabulary() is first  # stale: still answers at once...
    for _ in range(200):  # ...and a later question gets the rebuilt one (bounded wait, no fixed sleep)
        if await questions.vocabulary() is not first:
            break
        await asyncio.sleep(0.02)
    assert await questions.vocabulary() is not first
