"""The candidate index and its sync: records, active counts, passes, webhooks, and the shared snapshot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from ashby.errors import AshbyServerError, AshbySyncTokenError
from ashby.index import CandidateIndex, IndexedApplication, IndexedCandidate
from ashby.index_sync import LOCK_KEY, IndexSync
from ashby.pagination import Sync, SyncBatch
from ashby.store import MemoryStore, RedisStore, Store


def candidate(cid: str, name: str, *emails: str) -> dict[str, Any]:
    contacts = [{"value": e, "type": "Work", "isPrimary": i == 0} for i, e in enumerate(emails)]
    raw: dict[str, Any] = {"id": cid, "name": name, "emailAddresses": contacts, "applicationIds": []}
    if emails:
        raw["primaryEmailAddress"] = contacts[0]
    return raw


def application(aid: str, cid: str, status: str = "Active", job: str = "j1", stage: str = "s1") -> dict[str, Any]:
    return {
        "id": aid,
        "status": status,
        "candidate": {"id": cid, "name": "ignored"},
        "job": {"id": job, "title": "Job"},
        "currentInterviewStage": {"id": stage, "title": "Stage", "type": "Active", "interviewPlanId": "p1"},
    }


class FakeAshby:
    """``candidate.list`` and ``application.list`` with cursors and sync tokens over records a test edits."""

    PAGE = 2

    def __init__(self) -> None:
        self.version = 0
        self.records: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {
            "candidate.list": {},
            "application.list": {},
        }
        self.calls: list[tuple[str, str | None]] = []  # (endpoint, token) per pass
        self.expire_tokens = False
        self.fail_requests = 0
        self.fail_after_pages: int | None = None

    def put(self, endpoint: str, *items: dict[str, Any]) -> None:
        for item in items:
            self.version += 1
            self.records[endpoint][item["id"]] = (self.version, item)

    def delete(self, endpoint: str, item_id: str) -> None:
        del self.records[endpoint][item_id]  # Ashby's incremental sync does not report deletions either

    def sync(self, sync: Sync) -> AsyncIterator[SyncBatch]:
        self.calls.append((sync.endpoint, sync.token))
        return sync.run(self.post)

    async def post(self, endpoint: str, params: Mapping[str, Any]) -> dict[str, Any]:
        if self.fail_requests:
            self.fail_requests -= 1
            raise AshbyServerError("Ashby is down", endpoint=endpoint, status=503)
        token = params.get("syncToken")
        if token is not None and self.expire_tokens:
            raise AshbySyncTokenError("sync_token_expired", "expired", endpoint=endpoint)
        since = int(token) if token is not None else 0
        items = [item for version, item in self.records[endpoint].values() if version > since]
        start = int(params.get("cursor") or 0)
        if self.fail_after_pages is not None and start >= self.fail_after_pages * self.PAGE:
            raise AshbyServerError("connection dropped", endpoint=endpoint, status=502)
        end = start + self.PAGE
        more = end < len(items)
        envelope: dict[str, Any] = {"success": True, "results": items[start:end], "moreDataAvailable": more}
        if more:
            envelope["nextCursor"] = str(end)
        else:
            envelope["syncToken"] = str(self.version)
        return envelope

    def full_passes(self) -> int:
        return sum(token is None for _, token in self.calls)


def records(index: CandidateIndex) -> dict[str, IndexedCandidate | None]:
    return {i: index.get(i) for i in index.ids()}


class NoAshby:
    """A replica that must not call Ashby in this test."""

    def sync(self, sync: Sync) -> AsyncIterator[SyncBatch]:
        raise AssertionError(f"unexpected Ashby call: {sync.endpoint}")


def seeded() -> FakeAshby:
    ashby = FakeAshby()
    ashby.put(
        "candidate.list",
        candidate("c1", "Jane Doe", "Jane.Doe@Example.com", "jd@home.org"),
        candidate("c2", "José Álvarez", "jose@example.com"),
        candidate("c3", "Alex Kim"),
    )
    ashby.put(
        "application.list",
        application("a1", "c1", "Active", job="j1"),
        application("a2", "c1", "Archived", job="j2"),
        application("a3", "c2", "Active", job="j1"),
    )
    return ashby


# -- CandidateIndex ---------------------------------------------------------------------------------------


def test_upsert_get_and_emails() -> None:
    index = CandidateIndex()
    changed = index.upsert_candidates([candidate("c1", "Jane Doe", "Jane.Doe@Example.com", "jd@home.org")])
    assert changed == {"c1"} and len(index) == 1 and "c1" in index
    record = index.get("c1")
    assert record is not None and record.name == "Jane Doe"
    assert record.emails == ("jane.doe@example.com", "jd@home.org")  # primary first, lower-cased, once
    assert index.by_email(" JANE.DOE@example.com ") == (record,)
    assert index.get("nope") is None and index.by_email("nobody@x.org") == ()
    assert index.upsert_candidates([candidate("c1", "Jane Doe", "Jane.Doe@Example.com", "jd@home.org")]) == set()


def test_renaming_and_changing_emails_updates_every_lookup() -> None:
    index = CandidateIndex()
    index.put("c1", "Jane Doe", ["jane@old.com"])
    assert index.put("c1", "Jane Smith", ["jane@new.com"])
    assert index.by_email("jane@old.com") == ()
    assert [c.id for c in index.by_email("jane@new.com")] == ["c1"]
    assert "doe" not in index.name_keys and index.slots_with_token("doe") == ()
    assert list(index.slots_with_token("smith")) == [index.records.index(index.get("c1"))]


def test_an_email_shared_by_duplicates_finds_both() -> None:
    index = CandidateIndex()
    index.put("c1", "Jane Doe", ["jane@x.com"])
    index.put("c2", "Jane Doe", ["jane@x.com"])
    assert {c.id for c in index.by_email("jane@x.com")} == {"c1", "c2"}
    index.remove(["c1"])
    assert [c.id for c in index.by_email("jane@x.com")] == ["c2"]


def test_sorted_emails_stay_in_order_as_records_change() -> None:
    index = CandidateIndex()
    index.put("c1", "A", ["m@x.com"])
    assert list(index.sorted_emails()) == ["m@x.com"]
    index.put("c2", "B", ["a@x.com", "z@x.com"])
    index.put("c1", "A", ["n@x.com"])
    assert list(index.sorted_emails()) == ["a@x.com", "n@x.com", "z@x.com"]


def test_removed_slots_are_reused_and_vocabulary_shrinks() -> None:
    index = CandidateIndex()
    index.put("c1", "Zed Quux", [])
    index.put("c2", "Amy Lee", [])
    assert index.remove(["c1", "missing"]) == {"c1"}
    assert index.slots_with_token("quux") == () and all("quux" not in g for g in index.tokens_near("quux"))
    index.put("c3", "Bo Park", [])
    assert len(index.records) == 2 and len(index) == 2


def test_active_application_counts() -> None:
    index = CandidateIndex()
    index.upsert_candidates([candidate("c1", "Jane Doe"), candidate("c2", "Alex Kim")])
    assert index.apply_applications([application("a1", "c1"), application("a2", "c1", "Archived")]) == {
        "a1",
        "a2",
    }
    assert index.get("c1").active_applications == 1  # type: ignore[union-attr]
    assert index.apply_applications([application("a1", "c1")]) == set()  # the same update again counts once
    index.apply_applications([application("a2", "c1", "Active", job="j2")])
    assert index.get("c1").active_applications == 2  # type: ignore[union-attr]
    index.apply_applications([application("a1", "c1", "Archived")])
    assert index.get("c1").active_applications == 1  # type: ignore[union-attr]
    index.apply_applications([application("a2", "c2", "Active", job="j2")])  # moved to another candidate
    assert index.get("c1").active_applications == 0  # type: ignore[union-attr]
    assert index.get("c2").active_applications == 1  # type: ignore[union-attr]
    assert [a.id for a in index.applications_of("c2")] == ["a2"]


def test_applications_before_their_candidate_count_when_it_arrives() -> None:
    index = CandidateIndex()
    index.apply_applications([application("a1", "c9"), application("a2", "c9", "Hired")])
    index.upsert_candidates([candidate("c9", "Late Arrival")])
    assert index.get("c9").active_applications == 1  # type: ignore[union-attr]


def test_active_applications_by_job() -> None:
    index = CandidateIndex()
    index.apply_applications(
        [
            application("a1", "c1", job="j1", stage="s1"),
            application("a2", "c2", job="j1", stage="s2"),
            application("a3", "c3", "Archived", job="j1"),
            application("a4", "c4", job="j2"),
        ]
    )
    assert index.active_counts_by_job() == {"j1": 2, "j2": 1}
    assert {a.id for a in index.active_applications_of_job("j1")} == {"a1", "a2"}
    index.apply_applications([application("a2", "c2", job="j2", stage="s1")])  # transferred
    index.apply_applications([application("a4", "c4", "Hired", job="j2")])
    assert index.active_counts_by_job() == {"j1": 1, "j2": 1}
    assert index.active_applications_of_job("j2") == [IndexedApplication("a2", "c2", "Active", "j2", "s1")]
    assert index.active_applications_of_job("j9") == []


def test_removing_a_candidate_drops_their_applications() -> None:
    index = CandidateIndex()
    index.upsert_candidates([candidate("c1", "Jane Doe")])
    index.apply_applications([application("a1", "c1"), application("a2", "c1", "Archived")])
    index.remove(["c1"])
    assert index.get("c1") is None and index.applications_of("c1") == []
    assert index.active_counts_by_job() == {} and set(index.application_ids()) == set()


def test_malformed_records_are_skipped() -> None:
    index = CandidateIndex()
    assert index.upsert_candidates([{"name": "No Id"}, {"id": "c1", "name": None}]) == {"c1"}
    assert index.get("c1").name == ""  # type: ignore[union-attr]
    assert index.apply_applications([{"id": "a1", "status": "Active"}, {"id": "a2"}]) == set()


# -- IndexSync on its own ---------------------------------------------------------------------------------


async def test_first_run_is_a_full_pass_then_incremental() -> None:
    ashby, index = seeded(), CandidateIndex()
    sync = IndexSync(ashby, index)
    assert not sync.ready.is_set()
    await sync.run_once()
    assert sync.ready.is_set()
    assert len(index) == 3 and index.get("c1").active_applications == 1  # type: ignore[union-attr]
    assert index.active_counts_by_job() == {"j1": 2}
    ashby.put("candidate.list", candidate("c2", "José Álvarez-Ruiz", "jose@example.com"))
    ashby.put("application.list", application("a2", "c1", "Active", job="j2"))
    await sync.run_once()
    assert ashby.calls[2:] == [("candidate.list", "6"), ("application.list", "6")]
    assert index.get("c2").name == "José Álvarez-Ruiz"  # type: ignore[union-attr]
    assert index.active_counts_by_job() == {"j1": 2, "j2": 1}


async def test_a_full_pass_drops_what_it_did_not_return() -> None:
    ashby, index = seeded(), CandidateIndex()
    sync = IndexSync(ashby, index)
    await sync.run_once()
    ashby.delete("candidate.list", "c3")
    ashby.delete("application.list", "a3")
    await sync.run_once()  # incremental: deletions are invisible
    assert "c3" in index and index.application("a3") is not None
    ashby.expire_tokens = True  # Ashby refuses the tokens: the sync starts over with full passes
    await sync.run_once()
    assert "c3" not in index and index.application("a3") is None
    assert index.active_counts_by_job() == {"j1": 1}


async def test_webhooks_update_the_index_between_passes() -> None:
    ashby, index = seeded(), CandidateIndex()
    sync = IndexSync(ashby, index)
    await sync.run_once()
    moved = application("a1", "c1", "Active", job="j1", stage="s2")
    assert await sync.apply_webhook("candidateStageChange", {"application": moved})
    assert index.application("a1").stage_id == "s2"  # type: ignore[union-attr]
    hired = application("a3", "c2", "Hired", job="j1")
    assert await sync.apply_webhook("candidateHire", {"application": hired, "offer": {"id": "o1"}})
    assert index.get("c2").active_applications == 0  # type: ignore[union-attr]
    new = application("a9", "c9", "Active", job="j3")
    new["candidate"] = {"id": "c9", "name": "Nia Okafor", "primaryEmailAddress": {"value": "nia@x.org"}}
    assert await sync.apply_webhook("applicationSubmit", {"application": new})
    assert index.get("c9").emails == ("nia@x.org",)  # type: ignore[union-attr]
    assert index.get("c9").active_applications == 1  # type: ignore[union-attr]
    assert await sync.apply_webhook("candidateDelete", {"candidate": {"id": "c3"}})
    assert await sync.apply_webhook(
        "candidateMerge", {"deletedCandidate": {"id": "c9"}, "mergedCandidate": {"id": "c1"}}
    )
    assert "c3" not in index and "c9" not in index and index.active_counts_by_job() == {"j1": 1}
    assert not await sync.apply_webhook("jobUpdate", {"job": {"id": "j1"}})
    assert not await sync.apply_webhook("applicationUpdate", {})
    assert len(ashby.calls) == 2


async def test_run_forever_survives_ashby_errors(caplog: pytest.LogCaptureFixture) -> None:
    ashby = seeded()
    ashby.fail_requests = 2
    sync = IndexSync(ashby, CandidateIndex())
    with caplog.at_level(logging.WARNING, logger="ashby.index"):
        task = asyncio.create_task(sync.run_forever(interval=30, backoff=0.01))
        await asyncio.wait_for(sync.ready.wait(), timeout=5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(sync.index) == 3
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]
    assert "Ashby is down" in caplog.records[0].getMessage()


# -- the shared snapshot ------------------------------------------------------------------------------------


@pytest.fixture
async def stores(redis_url: str, redis_prefix: str) -> AsyncIterator[list[RedisStore]]:
    """Three connections to one Redis namespace: two replicas and a stand-in for a busy third."""
    opened = [RedisStore(redis_url, prefix=redis_prefix, max_changes=4) for _ in range(3)]
    yield opened
    for store in opened:
        await store.aclose()


async def busy(store: Store) -> None:
    """Another replica holds the refresh lock, so the one under test must rely on the store."""
    assert await store.acquire_lock(LOCK_KEY, ttl=30)


async def test_a_second_replica_loads_the_snapshot_without_calling_ashby(stores: list[RedisStore]) -> None:
    first_store, second_store, other = stores
    first = IndexSync(seeded(), CandidateIndex(), store=first_store)
    await first.run_once()
    await busy(other)
    second = IndexSync(NoAshby(), CandidateIndex(), store=second_store)
    await second.run_once()
    assert second.ready.is_set()
    assert records(second.index) == records(first.index)
    assert second.index.active_counts_by_job() == {"j1": 2}


async def test_a_restart_continues_incrementally_from_the_stored_tokens(stores: list[RedisStore]) -> None:
    ashby = seeded()
    await IndexSync(ashby, CandidateIndex(), store=stores[0]).run_once()
    ashby.put("candidate.list", candidate("c4", "Łukasz Żółć"))
    restarted = IndexSync(ashby, CandidateIndex(), store=stores[1])
    await restarted.run_once()
    assert ashby.full_passes() == 2  # only the first replica's first run
    assert ashby.calls[2:] == [("candidate.list", "6"), ("application.list", "6")]
    assert len(restarted.index) == 4


async def test_replicas_apply_each_others_changes(stores: list[RedisStore]) -> None:
    first_store, second_store, other = stores
    ashby = seeded()
    first = IndexSync(ashby, CandidateIndex(), store=first_store)
    second = IndexSync(NoAshby(), CandidateIndex(), store=second_store)
    await first.run_once()
    await busy(other)
    await second.run_once()
    await other.release_lock(LOCK_KEY)

    ashby.put("candidate.list", candidate("c1", "Jane Smith", "jane.smith@example.com"))
    ashby.put("application.list", application("a1", "c1", "Archived"), application("a4", "c3", "Active", job="j5"))
    await first.run_once()
    await busy(other)
    await second.run_once()
    assert second.index.get("c1").name == "Jane Smith"  # type: ignore[union-attr]
    assert second.index.by_email("jane.doe@example.com") == ()
    assert second.index.active_counts_by_job() == {"j1": 1, "j5": 1}

    # A webhook reaching the second replica reaches the first through the log.
    assert await second.apply_webhook("candidateDelete", {"candidate": {"id": "c2"}})
    await other.release_lock(LOCK_KEY)
    await first.run_once()
    assert "c2" not in first.index and first.index.active_counts_by_job() == {"j5": 1}


async def test_a_replica_behind_the_trimmed_log_reloads_the_snapshot(stores: list[RedisStore]) -> None:
    first_store, second_store, other = stores
    ashby = seeded()
    first = IndexSync(ashby, CandidateIndex(), store=first_store)
    second = IndexSync(NoAshby(), CandidateIndex(), store=second_store)
    await first.run_once()
    await busy(other)
    await second.run_once()
    await other.release_lock(LOCK_KEY)
    for n in range(6):  # more refreshes than the log keeps (max_changes=4)
        ashby.put("candidate.list", candidate(f"n{n}", f"New Person {n}"))
        await first.run_once()
    ashby.delete("candidate.list", "c3")
    ashby.expire_tokens = True
    await first.run_once()  # a full pass drops c3
    await busy(other)
    await second.run_once()
    assert set(second.index.ids()) == set(first.index.ids()) and "c3" not in second.index


async def test_what_a_failed_pass_changed_is_still_shared(stores: list[RedisStore]) -> None:
    first_store, second_store, other = stores
    ashby = seeded()
    first = IndexSync(ashby, CandidateIndex(), store=first_store)
    await first.run_once()
    ashby.put("candidate.list", *(candidate(f"n{n}", f"New Person {n}") for n in range(5)))
    ashby.fail_after_pages = 1
    with pytest.raises(AshbyServerError):
        await first.run_once()
    assert len(first.index) == 5  # the first page (two candidates) was applied
    second = IndexSync(NoAshby(), CandidateIndex(), store=second_store)
    await busy(other)
    await second.run_once()
    assert set(second.index.ids()) == set(first.index.ids())
    await other.release_lock(LOCK_KEY)
    ashby.fail_after_pages = None
    await first.run_once()  # the stored tokens were not advanced: the interrupted pass is redone
    assert len(first.index) == 8


async def test_a_replica_is_not_ready_until_a_complete_snapshot_exists(stores: list[RedisStore]) -> None:
    await busy(stores[2])
    waiting = IndexSync(NoAshby(), CandidateIndex(), store=stores[0])
    await waiting.run_once()
    assert not waiting.ready.is_set() and len(waiting.index) == 0


async def test_the_memory_store_takes_the_same_path() -> None:
    store, ashby = MemoryStore(), seeded()
    first = IndexSync(ashby, CandidateIndex(), store=store)
    await first.run_once()
    second = IndexSync(ashby, CandidateIndex(), store=store)
    await second.run_once()
    assert ashby.full_passes() == 2 and len(second.index) == 3 and second.ready.is_set()
    assert await first.apply_webhook("candidateDelete", {"candidate": {"id": "c1"}})
    await second.run_once()
    assert "c1" not in second.index
