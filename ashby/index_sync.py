"""Keeping the candidate index fresh: sync passes against Ashby, webhooks, and the snapshot replicas share.

``CandidateIndex`` is a plain in-memory structure; how it is filled (full and incremental passes, the store's
records, lock and change log) is a separate job with its own state, so it lives here. A replica that starts
loads the shared snapshot instead of re-reading Ashby; one replica at a time refreshes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .changes import Change, from_sync
from .errors import AshbyError
from .index import CandidateIndex, IndexedApplication, IndexedCandidate
from .pagination import Sync, SyncBatch
from .store import Store, StoreError

#: Named as before the move out of ``ashby.index``, so log lines and log settings stay as they were.
logger = logging.getLogger("ashby.index")


class SyncClient(Protocol):
    """What ``IndexSync`` needs from ``AshbyClient``: one sync pass at a time."""

    def sync(self, sync: Sync) -> AsyncIterator[SyncBatch]: ...


#: Store keys (under the store's prefix).
CANDIDATES_KEY = "index:candidates"
APPLICATIONS_KEY = "index:applications"
CHANGES_KEY = "index:changes"
POSITION_KEY = "index:position"
LOCK_KEY = "index:refresh-lock"
TOKEN_KEYS = {
    "candidate.list": "index:token:candidate.list",
    "application.list": "index:token:application.list",
}

APPLICATION_WEBHOOKS = frozenset({"applicationSubmit", "applicationUpdate", "candidateStageChange", "candidateHire"})


def _encode_candidate(record: IndexedCandidate) -> str:
    return json.dumps([record.name, list(record.emails)], ensure_ascii=False, separators=(",", ":"))


def _encode_application(app: IndexedApplication) -> str:
    fields = [app.candidate_id, app.status, app.job_id, app.stage_id, app.updated_at]
    return json.dumps(fields, separators=(",", ":"))


def _decode_application(app_id: str, data: bytes) -> IndexedApplication:
    candidate_id, status, job_id, stage_id, *rest = json.loads(data)  # older snapshots have no updated_at
    intern = sys.intern
    return IndexedApplication(
        intern(app_id),
        intern(candidate_id),
        intern(status),
        job_id and intern(job_id),
        stage_id and intern(stage_id),
        rest[0] if rest else None,
    )


@dataclass
class _Unsaved:
    """Ids changed locally and not yet written to the store."""

    candidates: set[str] = field(default_factory=set)
    applications: set[str] = field(default_factory=set)

    def take(self) -> _Unsaved:
        taken = _Unsaved(self.candidates, self.applications)
        self.candidates, self.applications = set(), set()
        return taken

    def merge(self, other: _Unsaved) -> None:
        self.candidates |= other.candidates
        self.applications |= other.applications


class IndexSync:
    """Keeps a ``CandidateIndex`` fresh from Ashby, alone or shared with other replicas through a store.

    The first pass reads every candidate and application; later passes send the saved sync tokens and
    read only what changed. A full pass replaces the data: records it did not return are dropped.

    With a store, the records and both tokens live there too. A replica that starts loads that snapshot
    instead of re-reading Ashby. One replica at a time (under a lock) talks to Ashby, writes the records
    that changed and appends their ids to a change log; the others apply the log, or reload the snapshot
    when they fell behind its trimmed start. Webhooks are applied and logged by whichever replica gets them;
    a refresh that read the same record just before may overwrite it until the next pass, which fixes it.
    """

    def __init__(
        self,
        client: SyncClient,
        index: CandidateIndex,
        *,
        store: Store | None = None,
        lock_ttl: float = 900.0,
    ) -> None:
        self.index = index
        #: The index's own flag: set once it holds a complete pass (for /healthz and index-backed counts).
        self.ready = index.ready
        self._client = client
        self._store = store
        self._lock_ttl = lock_ttl
        self._candidates = Sync("candidate.list")
        self._applications = Sync("application.list")
        self._unsaved = _Unsaved()
        self._position: int | None = None  # change-log position the index reflects; None: no snapshot yet
        self._running = asyncio.Lock()
        #: Told of the changes incremental passes see (set by whoever sends notifications).
        self.on_changes: Callable[[list[Change]], Awaitable[None]] | None = None

    async def run_once(self) -> None:
        """One refresh: from Ashby if this replica gets the lock, else from the other replicas' log."""
        async with self._running:
            if self._store is None:
                await self._pull(None)
                self.ready.set()
                return
            store = self._store
            locked = await store.acquire_lock(LOCK_KEY, self._lock_ttl)
            try:
                await self._catch_up(store)
                if locked:
                    await self._pull(store)
            finally:
                if locked:
                    await store.release_lock(LOCK_KEY)
            if self._position is not None:
                self.ready.set()

    async def run_forever(self, interval: float = 60.0, *, backoff: float = 1.0, max_backoff: float = 300.0) -> None:
        """Refresh every ``interval`` seconds; after a failure retry sooner, backing off up to a limit."""
        failures = 0
        while True:
            try:
                await self.run_once()
            except AshbyError as exc:
                failures += 1
                logger.warning("candidate index refresh failed: %s", exc)
            except Exception:  # keep refreshing whatever broke: a frozen index is worse than a noisy log
                failures += 1
                logger.exception("candidate index refresh failed")
            else:
                failures = 0
            await asyncio.sleep(interval if not failures else min(max_backoff, backoff * 2 ** (failures - 1)))

    async def apply_webhook(self, action: str, data: Mapping[str, Any]) -> bool:
        """Apply one Ashby webhook between passes; False for actions the index does not track."""
        if action in APPLICATION_WEBHOOKS:
            app = data.get("application")
            if not isinstance(app, Mapping):
                return False
            summary = app.get("candidate")
            # A new applicant becomes findable before the next pass; a known one keeps their full record.
            if isinstance(summary, Mapping) and summary.get("id") not in self.index:
                self._note(candidates=self.index.upsert_candidates([summary]))
            self._note(applications=self.index.apply_applications([app]))
        elif action in ("candidateDelete", "candidateMerge"):
            gone = data.get("candidate" if action == "candidateDelete" else "deletedCandidate")
            candidate_id = gone.get("id") if isinstance(gone, Mapping) else None
            if not isinstance(candidate_id, str):
                return False
            self._remove_candidates([candidate_id])
        else:
            return False
        if self._store is not None:
            await self._save(self._store)
        return True

    # -- Ashby passes -------------------------------------------------------------------------------------

    def _note(self, *, candidates: Iterable[str] = (), applications: Iterable[str] = ()) -> None:
        """Remember what changed, to write it to the store (without one there is nothing to write)."""
        if self._store is not None:
            self._unsaved.candidates.update(candidates)
            self._unsaved.applications.update(applications)

    async def _pull(self, store: Store | None) -> None:
        if store is not None:
            for sync in (self._candidates, self._applications):
                # The stored tokens only describe the stored snapshot; without it, read everything.
                token = await store.get(TOKEN_KEYS[sync.endpoint]) if self._position is not None else None
                sync.token = token.decode() if token is not None else None
        complete = False
        try:
            await self._pass_candidates()
            await self._pass_applications()
            complete = True
        finally:
            if store is not None:
                await self._save(store, complete=complete)

    async def _pass_candidates(self) -> None:
        seen: set[str] | None = None
        async for batch in self._client.sync(self._candidates):
            if batch.starts_pass:
                seen = set()
            self._note(candidates=self.index.upsert_candidates(batch.items))
            if seen is not None:
                seen.update(item["id"] for item in batch.items if isinstance(item.get("id"), str))
        if seen is not None:
            self._remove_candidates(set(self.index.ids()) - seen)

    async def _pass_applications(self) -> None:
        seen: set[str] | None = None
        async for batch in self._client.sync(self._applications):
            if batch.starts_pass:
                seen = set()
            before = {} if batch.full else self._before(batch.items)
            changed = self.index.apply_applications(batch.items)
            self._note(applications=changed)
            if before and self.on_changes is not None:
                await self._tell(before, changed)
            if seen is not None:
                seen.update(item["id"] for item in batch.items if isinstance(item.get("id"), str))
        if seen is not None:
            self._note(applications=self.index.remove_applications(set(self.index.application_ids()) - seen))

    def _before(self, items: list[Any]) -> dict[str, IndexedApplication | None]:
        ids = (item.get("id") for item in items if isinstance(item, Mapping))
        return {i: self.index.application(i) for i in ids if isinstance(i, str)}

    async def _tell(self, before: Mapping[str, IndexedApplication | None], changed: Iterable[str]) -> None:
        """Hand what an incremental pass saw change to ``on_changes`` (notifications without webhooks)."""
        assert self.on_changes is not None
        found = []
        for app_id in changed:
            after = self.index.application(app_id)
            change = from_sync(before.get(app_id), after) if after is not None else None
            if change is not None:
                found.append(change)
        if found:
            try:
                await self.on_changes(found)
            except StoreError as exc:  # the index is right; only these notices are missed
                logger.warning("could not queue %d changes seen by the sync: %s", len(found), exc)

    def _remove_candidates(self, candidate_ids: Iterable[str]) -> None:
        ids = list(candidate_ids)
        self._note(applications=[a.id for c in ids for a in self.index.applications_of(c)])
        self._note(candidates=self.index.remove(ids))

    # -- the shared snapshot ------------------------------------------------------------------------------

    async def _save(self, store: Store, *, complete: bool = False) -> None:
        """Write changed records and log their ids; after a complete pass, the tokens too."""
        first_snapshot = complete and self._position is None
        unsaved = self._unsaved.take()
        try:
            position = None
            if unsaved.candidates or unsaved.applications or first_snapshot:
                position = await self._write(store, unsaved)
        except BaseException:
            self._unsaved.merge(unsaved)
            raise
        if position is not None and (first_snapshot or (self._position is not None and position == self._position + 1)):
            # Nobody else logged in between, so the index already reflects everything up to here.
            self._position = position
        if complete:
            for sync in (self._candidates, self._applications):
                if sync.token is not None:
                    await store.set(TOKEN_KEYS[sync.endpoint], sync.token)
            if self._position is not None:
                await store.set(POSITION_KEY, str(self._position))

    async def _write(self, store: Store, unsaved: _Unsaved) -> int:
        index = self.index
        candidates = {i: c for i in unsaved.candidates if (c := index.get(i)) is not None}
        apps = {i: a for i in unsaved.applications if (a := index.application(i)) is not None}
        await store.hset_many(CANDIDATES_KEY, {i: _encode_candidate(c) for i, c in candidates.items()})
        await store.hdel(CANDIDATES_KEY, *(unsaved.candidates - candidates.keys()))
        await store.hset_many(APPLICATIONS_KEY, {i: _encode_application(a) for i, a in apps.items()})
        await store.hdel(APPLICATIONS_KEY, *(unsaved.applications - apps.keys()))
        ids = [f"c:{i}" for i in unsaved.candidates] + [f"a:{i}" for i in unsaved.applications]
        return await store.append_changes(CHANGES_KEY, ids)

    async def _catch_up(self, store: Store) -> None:
        if self._position is None:
            await self._load(store)
            return
        changes = await store.changes_since(CHANGES_KEY, self._position)
        if changes is None:
            logger.info("candidate index change log moved past this replica; reloading the snapshot")
            await self._load(store)
            return
        ids, position = changes
        candidate_ids = [i[2:] for i in ids if i.startswith("c:")]
        app_ids = [i[2:] for i in ids if i.startswith("a:")]
        candidates = await store.hget_many(CANDIDATES_KEY, candidate_ids)
        apps = await store.hget_many(APPLICATIONS_KEY, app_ids)
        self._apply(candidates, set(candidate_ids) - candidates.keys(), apps, set(app_ids) - apps.keys())
        self._position = position

    async def _load(self, store: Store) -> None:
        """Replace the index with the stored snapshot, if a complete one exists."""
        position = await store.get(POSITION_KEY)
        tokens = [await store.get(key) for key in TOKEN_KEYS.values()]
        if position is None or None in tokens:
            return
        candidates = await store.hgetall(CANDIDATES_KEY)
        apps = await store.hgetall(APPLICATIONS_KEY)
        stale_candidates = set(self.index.ids()) - candidates.keys()
        stale_apps = set(self.index.application_ids()) - apps.keys()
        self._apply(candidates, stale_candidates, apps, stale_apps)
        self._position = int(position)
        logger.info("candidate index loaded from the store: %d candidates", len(self.index))

    def _apply(
        self,
        candidates: Mapping[str, bytes],
        gone_candidates: Iterable[str],
        apps: Mapping[str, bytes],
        gone_apps: Iterable[str],
    ) -> None:
        index = self.index
        index.remove(gone_candidates)
        for candidate_id, data in candidates.items():
            name, emails = json.loads(data)
            index.put(candidate_id, name, emails)
        index.remove_applications(gone_apps)
        for app_id, data in apps.items():
            index.put_application(_decode_application(app_id, data))
