"""The candidate index: every candidate's name and emails, and where their applications stand.

Questions name people ("move jane doe to onsite"), so resolving a name must not call Ashby: the index holds
compact records kept fresh by ``IndexSync`` and the precomputed keys the resolver matches against. It also
tracks applications (status, job, stage), which gives each candidate's active-application count and each
job's active count without paging through applications at question time.

Records live in numbered slots so the resolver can hand whole columns (normalised names, sorted-token
keys) to rapidfuzz. Tokens are blocked by their first and second letters: a token one edit away from a
name token shares at least one of those with it, so typo matching scans a fraction of the vocabulary.
"""

from __future__ import annotations

import asyncio
import bisect
import sys
from collections.abc import Iterable, KeysView, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .normalize import normalize, sorted_key

ACTIVE = "Active"


@dataclass(frozen=True, slots=True)
class IndexedCandidate:
    id: str
    name: str
    emails: tuple[str, ...]  # lower-cased, primary first
    active_applications: int = 0


@dataclass(frozen=True, slots=True)
class IndexedApplication:
    id: str
    candidate_id: str
    status: str  # Active | Hired | Archived | Lead
    job_id: str | None
    stage_id: str | None
    #: ``updatedAt`` as epoch seconds: ranks "longest untouched" without asking Ashby.
    updated_at: float | None = None

    @property
    def active(self) -> bool:
        return self.status == ACTIVE


def _ref_id(raw: Mapping[str, Any], key: str) -> str | None:
    ref = raw.get(key)
    value = ref.get("id") if isinstance(ref, Mapping) else None
    return sys.intern(value) if isinstance(value, str) and value else None


def _emails(raw: Mapping[str, Any]) -> list[str]:
    """Primary first, then the others, as Ashby lists them."""
    contacts = [raw.get("primaryEmailAddress"), *(raw.get("emailAddresses") or [])]
    return [c["value"] for c in contacts if isinstance(c, Mapping) and isinstance(c.get("value"), str)]


def _application(raw: Mapping[str, Any]) -> IndexedApplication | None:
    app_id, candidate_id, status = raw.get("id"), _ref_id(raw, "candidate"), raw.get("status")
    if not (isinstance(app_id, str) and candidate_id and isinstance(status, str)):
        return None
    job_id, stage_id = _ref_id(raw, "job"), _ref_id(raw, "currentInterviewStage")
    return IndexedApplication(
        sys.intern(app_id), candidate_id, sys.intern(status), job_id, stage_id, _epoch(raw.get("updatedAt"))
    )


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class CandidateIndex:
    """Candidates and their applications in memory, with the keys name matching needs."""

    def __init__(self) -> None:
        # Slot-addressed columns; a removed slot holds None / "" until it is reused.
        self._records: list[IndexedCandidate | None] = []
        self._keys: list[str] = []
        self._sorted_keys: list[str] = []
        self._free: list[int] = []
        self._slot_of: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._by_first: dict[str, list[str]] = {}
        self._by_second: dict[str, list[str]] = {}
        # One id for most emails, a tuple for an email several candidates share.
        self._by_email: dict[str, str | tuple[str, ...]] = {}
        self._sorted_emails: list[str] | None = None  # built on first use, then kept in order
        self._apps: dict[str, IndexedApplication] = {}
        self._apps_of: dict[str, tuple[str, ...]] = {}
        self._active_by_job: dict[str, set[str]] = {}
        #: Set once the index holds a complete pass (by ``IndexSync``): only then are its counts whole.
        self.ready = asyncio.Event()

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self._slot_of

    def ids(self) -> KeysView[str]:
        return self._slot_of.keys()

    def get(self, candidate_id: str) -> IndexedCandidate | None:
        slot = self._slot_of.get(candidate_id)
        return None if slot is None else self._records[slot]

    def by_email(self, email: str) -> tuple[IndexedCandidate, ...]:
        """Usually one candidate; several when duplicates share an email (until Ashby merges them)."""
        ids = self._by_email.get(email.strip().lower(), ())
        found = (self.get(i) for i in ((ids,) if isinstance(ids, str) else ids))
        return tuple(c for c in found if c is not None)

    # -- candidates --------------------------------------------------------------------------------------

    def upsert_candidates(self, raw_candidates: Iterable[Mapping[str, Any]]) -> set[str]:
        """Add or update candidates from Ashby dicts; returns the ids whose record changed."""
        changed: set[str] = set()
        for raw in raw_candidates:
            candidate_id, name = raw.get("id"), raw.get("name")
            if not (isinstance(candidate_id, str) and candidate_id):
                continue
            if self.put(candidate_id, name if isinstance(name, str) else "", _emails(raw)):
                changed.add(candidate_id)
        return changed

    def put(self, candidate_id: str, name: str, emails: Iterable[str]) -> bool:
        """Store one candidate record; False when it was already stored as is."""
        candidate_id = sys.intern(candidate_id)
        clean = tuple(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
        slot = self._slot_of.get(candidate_id)
        if slot is not None:
            old = self._records[slot]
            assert old is not None
            if old.name == name and old.emails == clean:
                return False
            self._unlink(slot, old)
        else:
            slot = self._free.pop() if self._free else self._grow()
            self._slot_of[candidate_id] = slot
        self._link(slot, IndexedCandidate(candidate_id, name, clean, self._count_active(candidate_id)))
        return True

    def remove(self, candidate_ids: Iterable[str]) -> set[str]:
        """Drop candidates (deleted or merged away) and their applications; returns those that were here."""
        removed: set[str] = set()
        for candidate_id in candidate_ids:
            self.remove_applications(self._apps_of.get(candidate_id, ()))
            slot = self._slot_of.pop(candidate_id, None)
            if slot is None:
                continue
            old = self._records[slot]
            assert old is not None
            self._unlink(slot, old)
            self._free.append(slot)
            removed.add(candidate_id)
        return removed

    def _grow(self) -> int:
        self._records.append(None)
        self._keys.append("")
        self._sorted_keys.append("")
        return len(self._records) - 1

    def _link(self, slot: int, record: IndexedCandidate) -> None:
        key = normalize(record.name)
        ordered = sorted_key(key)
        self._records[slot] = record
        self._keys[slot] = key
        self._sorted_keys[slot] = key if ordered == key else ordered
        for token in set(key.split()):
            posting = self._postings.get(token)
            if posting is None:
                posting = self._postings[token] = []
                self._by_first.setdefault(token[0], []).append(token)
                self._by_second.setdefault(token[1:2], []).append(token)
            posting.append(slot)
        for email in record.emails:
            held = self._by_email.get(email)
            self._by_email[email] = record.id if held is None else (*self._email_ids(held), record.id)
            if held is None and self._sorted_emails is not None:
                bisect.insort(self._sorted_emails, email)

    def _unlink(self, slot: int, record: IndexedCandidate) -> None:
        for token in set(self._keys[slot].split()):
            posting = self._postings[token]
            posting.remove(slot)
            if not posting:
                del self._postings[token]
                self._by_first[token[0]].remove(token)
                self._by_second[token[1:2]].remove(token)
        for email in record.emails:
            rest = tuple(i for i in self._email_ids(self._by_email[email]) if i != record.id)
            if rest:
                self._by_email[email] = rest[0] if len(rest) == 1 else rest
                continue
            del self._by_email[email]
            if self._sorted_emails is not None:
                del self._sorted_emails[bisect.bisect_left(self._sorted_emails, email)]
        self._records[slot] = None
        self._keys[slot] = self._sorted_keys[slot] = ""

    @staticmethod
    def _email_ids(held: str | tuple[str, ...]) -> tuple[str, ...]:
        return (held,) if isinstance(held, str) else held

    # -- what the resolver matches against ----------------------------------------------------------------

    @property
    def records(self) -> Sequence[IndexedCandidate | None]:
        return self._records

    @property
    def name_keys(self) -> Sequence[str]:
        """Normalised names by slot."""
        return self._keys

    @property
    def sorted_name_keys(self) -> Sequence[str]:
        """Normalised names with their tokens sorted, by slot."""
        return self._sorted_keys

    def slots_with_token(self, token: str) -> Sequence[int]:
        return self._postings.get(token, ())

    def tokens_near(self, token: str) -> list[Sequence[str]]:
        """Groups of vocabulary tokens that could be one edit away from ``token``.

        Tokens sharing its first letter cover an edit after it; sharing its second letter at the same
        or a shifted place covers a change, insertion, deletion or transposition of the first.
        """
        first, second = token[0], token[1:2]
        groups = [self._by_first.get(first), self._by_second.get(second)]
        if second:
            groups += [self._by_first.get(second), self._by_second.get(first)]
        unique = {id(g): g for g in groups if g}
        return list(unique.values())

    def sorted_emails(self) -> Sequence[str]:
        """Every indexed email in order, for prefix lookups."""
        if self._sorted_emails is None:
            self._sorted_emails = sorted(self._by_email)
        return self._sorted_emails

    # -- applications -------------------------------------------------------------------------------------

    def apply_applications(self, raw_applications: Iterable[Mapping[str, Any]]) -> set[str]:
        """Add or update applications from Ashby dicts; returns the ids whose record changed."""
        changed: set[str] = set()
        for raw in raw_applications:
            app = _application(raw)
            if app is not None and self.put_application(app):
                changed.add(app.id)
        return changed

    def put_application(self, app: IndexedApplication) -> bool:
        """Store one application, moving it between candidates or jobs if it moved; False if unchanged."""
        old = self._apps.get(app.id)
        if old == app:
            return False
        if old is not None:
            self._unlink_application(old)
        self._apps[app.id] = app
        self._apps_of[app.candidate_id] = (*self._apps_of.get(app.candidate_id, ()), app.id)
        if app.active and app.job_id:
            self._active_by_job.setdefault(app.job_id, set()).add(app.id)
        self._recount(app.candidate_id)
        if old is not None and old.candidate_id != app.candidate_id:
            self._recount(old.candidate_id)
        return True

    def remove_applications(self, application_ids: Iterable[str]) -> set[str]:
        removed: set[str] = set()
        for app_id in list(application_ids):
            app = self._apps.pop(app_id, None)
            if app is not None:
                self._unlink_application(app)
                self._recount(app.candidate_id)
                removed.add(app_id)
        return removed

    def _unlink_application(self, app: IndexedApplication) -> None:
        rest = tuple(i for i in self._apps_of.get(app.candidate_id, ()) if i != app.id)
        if rest:
            self._apps_of[app.candidate_id] = rest
        else:
            self._apps_of.pop(app.candidate_id, None)
        if app.active and app.job_id:
            active = self._active_by_job[app.job_id]
            active.discard(app.id)
            if not active:
                del self._active_by_job[app.job_id]

    def _count_active(self, candidate_id: str) -> int:
        return sum(self._apps[i].active for i in self._apps_of.get(candidate_id, ()))

    def _recount(self, candidate_id: str) -> None:
        slot = self._slot_of.get(candidate_id)
        record = None if slot is None else self._records[slot]
        if slot is not None and record is not None:
            count = self._count_active(candidate_id)
            if record.active_applications != count:
                self._records[slot] = replace(record, active_applications=count)

    def application_ids(self) -> KeysView[str]:
        return self._apps.keys()

    def application(self, application_id: str) -> IndexedApplication | None:
        return self._apps.get(application_id)

    def applications_of(self, candidate_id: str) -> list[IndexedApplication]:
        return [self._apps[i] for i in self._apps_of.get(candidate_id, ())]

    def active_applications_of_job(self, job_id: str) -> list[IndexedApplication]:
        return [self._apps[i] for i in self._active_by_job.get(job_id, ())]

    def active_counts_by_job(self) -> dict[str, int]:
        return {job_id: len(ids) for job_id, ids in self._active_by_job.items()}


# ``IndexSync`` moved to ``ashby.index_sync``; still importable from here (bot/app.py does), lazily, as that
# module imports this one.
if TYPE_CHECKING:
    from .index_sync import IndexSync as IndexSync


def __getattr__(name: str) -> Any:
    if name == "IndexSync":
        from .index_sync import IndexSync

        return IndexSync
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
