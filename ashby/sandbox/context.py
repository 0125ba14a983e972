"""Everything one request's handler needs: the state, the calling key and what it may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ashby.registry import Endpoint
from ashby.sandbox import shapes
from ashby.sandbox.api_errors import not_found
from ashby.sandbox.clock import Clock
from ashby.sandbox.keys import SandboxKey
from ashby.sandbox.tables import Row, Table, Tables
from ashby.sandbox.webhooks import WebhookDispatcher


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    """Limits on paging and incremental sync (Ashby's exact values are unpublished)."""

    max_incremental_pages: int = 20
    sync_token_ttl: timedelta | None = timedelta(days=7)


@dataclass(slots=True)
class Context:
    store: Tables
    key: SandboxKey
    endpoint: Endpoint
    clock: Clock
    webhooks: WebhookDispatcher
    policy: SyncPolicy
    empty_page: bool = False

    def now_ms(self) -> int:
        return self.clock.now_ms()

    def touch(self, *rows: Row) -> None:
        now = self.now_ms()
        for row in rows:
            self.store.touch(row, now)

    def emit(self, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        self.webhooks.emit(events)

    # Confidential jobs: a key without confidential access sees neither them nor what hangs off them.

    def sees_job(self, job: Row) -> bool:
        return self.key.allow_confidential or not job["confidential"]

    def sees_application(self, application: Row) -> bool:
        return self.key.allow_confidential or not self.store.jobs.rows[application["jobId"]]["confidential"]

    def sees_candidate(self, candidate: Row) -> bool:
        ids = candidate["applicationIds"]
        if self.key.allow_confidential or not ids:
            return True
        return any(self.sees_application(self.store.applications.rows[i]) for i in ids)

    def sees_plan(self, plan: Row) -> bool:
        return self.sees_job(self.store.jobs.rows[plan["jobId"]])

    def sees_stage(self, stage: Row) -> bool:
        return self.sees_plan(self.store.plans.rows[stage["interviewPlanId"]])

    def sees_schedule(self, schedule: Row) -> bool:
        return self.sees_application(self.store.applications.rows[schedule["applicationId"]])

    def sees_offer(self, offer: Row) -> bool:
        return self.sees_application(self.store.applications.rows[offer["applicationId"]])

    def sees_interview(self, interview: Row) -> bool:
        job = self.store.jobs.get(interview["jobId"])
        return job is None or self.sees_job(job)

    def visible_application_ids(self, candidate: Row) -> list[str]:
        ids: list[str] = candidate["applicationIds"]
        if self.key.allow_confidential:
            return list(ids)
        return [i for i in ids if self.sees_application(self.store.applications.rows[i])]

    def candidate_json(self, candidate: Row) -> shapes.Json:
        return shapes.candidate(self.store, candidate, self.visible_application_ids(candidate))

    # Lookups that answer Ashby's not-found errors, hiding what the key may not see.

    def _find(self, table: Table, row_id: str, code: str, what: str) -> Row:
        row = table.get(row_id)
        if row is None:
            raise not_found(code, what)
        return row

    def candidate(self, candidate_id: str) -> Row:
        row = self._find(self.store.candidates, candidate_id, "candidate_not_found", "Candidate")
        if not self.sees_candidate(row):
            raise not_found("candidate_not_found", "Candidate")
        return row

    def application(self, application_id: str) -> Row:
        row = self._find(self.store.applications, application_id, "application_not_found", "Application")
        if not self.sees_application(row):
            raise not_found("application_not_found", "Application")
        return row

    def job(self, job_id: str) -> Row:
        row = self._find(self.store.jobs, job_id, "job_not_found", "Job")
        if not self.sees_job(row):
            raise not_found("job_not_found", "Job")
        return row

    def plan(self, plan_id: str) -> Row:
        row = self._find(self.store.plans, plan_id, "interview_plan_not_found", "Interview plan")
        if not self.sees_plan(row):
            raise not_found("interview_plan_not_found", "Interview plan")
        return row

    def stage(self, stage_id: str) -> Row:
        row = self._find(self.store.stages, stage_id, "interview_stage_not_found", "Interview stage")
        if not self.sees_stage(row):
            raise not_found("interview_stage_not_found", "Interview stage")
        return row

    def schedule(self, schedule_id: str) -> Row:
        row = self._find(self.store.schedules, schedule_id, "interview_schedule_not_found", "Interview schedule")
        if not self.sees_schedule(row):
            raise not_found("interview_schedule_not_found", "Interview schedule")
        return row

    def offer(self, offer_id: str) -> Row:
        row = self._find(self.store.offers, offer_id, "offer_not_found", "Offer")
        if not self.sees_offer(row):
            raise not_found("offer_not_found", "Offer")
        return row

    def interview(self, interview_id: str) -> Row:
        row = self._find(self.store.interviews, interview_id, "interview_not_found", "Interview")
        if not self.sees_interview(row):
            raise not_found("interview_not_found", "Interview")
        return row

    def user(self, user_id: str) -> Row:
        return self._find(self.store.users, user_id, "user_not_found", "User")

    def source(self, source_id: str) -> Row:
        return self._find(self.store.sources, source_id, "source_not_found", "Source")
