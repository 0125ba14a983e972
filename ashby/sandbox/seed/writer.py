"""Adds candidates and everything that hangs off them, keeping records consistent with each other
(history dates in order, feedback after its interview, offers on Offer-stage applications ...)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.approvals import build_approval, record_approval
from ashby.sandbox.clock import DAY_MS, HOUR_MS, MINUTE_MS
from ashby.sandbox.ids import SeedIds
from ashby.sandbox.lifecycle import status_for
from ashby.sandbox.seed.jobs import SeededJob
from ashby.sandbox.seed.names import FEEDBACK_TEXTS
from ashby.sandbox.seed.org import DECISIONS, STRENGTHS, Org
from ashby.sandbox.tables import Row, Tables
from ashby.sandbox.text import fold

ACCEPTANCE = {
    "WaitingOnApprovalStart": "Created",
    "WaitingOnOfferApproval": "Pending",
    "WaitingOnCandidateResponse": "WaitingOnResponse",
    "CandidateAccepted": "Accepted",
    "CandidateRejected": "Declined",
    "OfferCancelled": "Cancelled",
}
CURRENCY_BY_LOCATION = {"London": "GBP", "Berlin": "EUR"}


@dataclass(slots=True)
class EventPlan:
    """One interview event to seed: who interviews, and who has already submitted feedback."""

    start: int
    minutes: int
    interviewers: list[str]
    submitted: list[str] = field(default_factory=list)
    event_id: str | None = None


class SeedWriter:
    """Seeding's only way to add people records, so indexes and cross-links stay right."""

    def __init__(
        self, store: Tables, ids: SeedIds, rng: random.Random, org: Org, jobs: dict[str, SeededJob], now: int
    ) -> None:
        self.store = store
        self.ids = ids
        self.rng = rng
        self.org = org
        self.jobs = jobs
        self.now = now
        self.actor = org.user("Morgan")

    def candidate(
        self,
        *,
        name: str,
        emails: Sequence[tuple[str, str]],
        phone: str | None,
        source_id: str | None,
        tag_ids: Sequence[str],
        created: int,
        candidate_id: str | None = None,
        links: Sequence[tuple[str, str]] = (),
        position: str | None = None,
        company: str | None = None,
        school: str | None = None,
        timezone: str | None = None,
        credited: str | None = None,
    ) -> Row:
        row = self.store.candidates.add(
            {
                "id": candidate_id or self.ids.fresh(),
                "name": name,
                "fold": fold(name),
                "emails": [(value, kind, n == 0) for n, (value, kind) in enumerate(emails)],
                "phones": [(phone, "Personal", True)] if phone else [],
                "links": list(links),
                "tagIds": list(tag_ids),
                "applicationIds": [],
                "sourceId": source_id,
                "creditedToUserId": credited,
                "position": position,
                "company": company,
                "school": school,
                "timezone": timezone,
                "createdAt": created,
                "updatedAt": created,
            }
        )
        for value, _ in emails:
            self.store.index_email(value, row["id"])
        return row

    def application(
        self,
        candidate: Row,
        job: SeededJob,
        path: Sequence[tuple[Row, int]],
        *,
        source_id: str | None,
        credited: str | None,
        reason_id: str | None = None,
        application_id: str | None = None,
    ) -> Row:
        """``path``: the stages the application went through, with the time it entered each."""
        history = [
            [
                self.ids.fresh(),
                stage["id"],
                entered,
                path[n + 1][1] if n + 1 < len(path) else None,
                self.actor,
            ]
            for n, (stage, entered) in enumerate(path)
        ]
        current, entered = path[-1]
        archived = current["type"] == "Archived"
        row = self.store.applications.add(
            {
                "id": application_id or self.ids.fresh(),
                "candidateId": candidate["id"],
                "jobId": job.row["id"],
                "stageId": current["id"],
                "status": status_for(current["type"]),
                "sourceId": source_id,
                "creditedToUserId": credited,
                "archiveReasonId": reason_id if archived else None,
                "archivedAt": entered if archived else None,
                "createdAt": path[0][1],
                "updatedAt": entered,
                "history": history,
            }
        )
        candidate["applicationIds"].append(row["id"])
        candidate["updatedAt"] = max(candidate["updatedAt"], entered)
        return row

    def schedule(
        self,
        application: Row,
        stage: Row,
        events: Sequence[EventPlan],
        status: str,
        *,
        schedule_id: str | None = None,
        quality: float = 0.6,
    ) -> Row:
        """An interview schedule with its events; submitted feedback is written too."""
        first_start = min(plan.start for plan in events)
        created = min(first_start - 2 * DAY_MS, self.now - HOUR_MS)
        schedule = self.store.add_schedule(
            {
                "id": schedule_id or self.ids.fresh(),
                "status": status,
                "applicationId": application["id"],
                "interviewStageId": stage["id"],
                "scheduledById": self.org.user("Jordan"),
                "createdAt": created,
                "updatedAt": created,
                "events": [],
                "createdByKey": None,
            }
        )
        for plan in events:
            event_id = plan.event_id or self.ids.fresh()
            end = plan.start + plan.minutes * 60_000
            event = self.store.events.add(
                {
                    "id": event_id,
                    "scheduleId": schedule["id"],
                    "interviewId": stage["interviewId"],
                    "interviewers": [(user_id, True) for user_id in plan.interviewers],
                    "submittedBy": list(plan.submitted),
                    "startTime": plan.start,
                    "endTime": end,
                    "location": "Google Meet",
                    "meetingLink": shapes.MEETING_URL.format(event_id[:12]),
                    "extraData": None,
                    "createdAt": created,
                    "updatedAt": created,
                }
            )
            schedule["events"].append(event)
            for n, user_id in enumerate(plan.submitted):
                submitted_at = min(end + (n + 1) * 2 * HOUR_MS, self.now - (n + 1) * 10 * 60_000)
                self.feedback(application, event, user_id, submitted_at, quality)
        return schedule

    def feedback(self, application: Row, event: Row, user_id: str, submitted_at: int, quality: float) -> Row:
        interview = self.store.interviews.rows[event["interviewId"]]
        form_id = interview["feedbackFormDefinitionId"]
        stage_id = self.store.schedules.rows[event["scheduleId"]]["interviewStageId"]
        history_id = next((item[0] for item in application["history"] if item[1] == stage_id), None)
        overall = self._score(quality)
        text = self.rng.choice(FEEDBACK_TEXTS)
        values: dict[str, Any]
        if form_id == self.org.decision_form:
            values = {
                "hiring_call": DECISIONS[overall - 1][0],
                "craft": {"score": self._score(quality)},
                "strengths": [value for value, _ in self.rng.sample(STRENGTHS, 2)],
                "work_with_again": overall >= 3,
                "summary": {"type": "PlainText", "value": text},
            }
        elif form_id == self.org.scorecard_form:
            values = {
                "overall_recommendation": {"score": overall},
                "technical_skills": {"score": self._score(quality)},
                "communication": {"score": self._score(quality)},
                "notes": {"type": "PlainText", "value": text},
            }
        else:
            values = {"overall_recommendation": {"score": overall}, "notes": text}
        return self.store.add_feedback(
            {
                "id": self.ids.fresh(),
                "applicationId": application["id"],
                "formId": form_id,
                "values": values,
                "userId": user_id,
                "interviewId": interview["id"],
                "eventId": event["id"],
                "historyId": history_id,
                "submittedAt": submitted_at,
                "createdAt": submitted_at,
            }
        )

    def _score(self, quality: float) -> int:
        return max(1, min(4, round(1 + 3 * quality + self.rng.uniform(-0.8, 0.8))))

    def offer(
        self,
        application: Row,
        job: SeededJob,
        status: str,
        *,
        created: int,
        salary: int | None = None,
        decided: int | None = None,
        first_step_approved: bool = False,
        key: str | None = None,
    ) -> Row:
        """An offer in ``status``; approvals are consistent with it. ``key`` makes every id stable."""
        stable = count()
        new_id: Callable[[], str] = (
            (lambda: self.ids.stable("offer", key, str(next(stable)))) if key else self.ids.fresh
        )
        low, high = job.spec.salary
        amount = salary or self.rng.randrange(low, high + 1, 1000)
        approval_status = {"WaitingOnApprovalStart": None, "WaitingOnOfferApproval": "WaitingOnApprovals"}
        version = {
            "id": new_id(),
            "startDate": max(created, self.now) + 30 * DAY_MS,
            "salary": {"currencyCode": CURRENCY_BY_LOCATION.get(job.spec.location, "USD"), "value": amount},
            "createdAt": created,
            "authorId": job.member("Recruiter"),
            "approvalStatus": approval_status.get(status, "Approved"),
        }
        offer = self.store.add_offer(
            {
                "id": new_id(),
                "applicationId": application["id"],
                "acceptanceStatus": ACCEPTANCE[status],
                "offerStatus": status,
                "decidedAt": decided,
                "createdAt": created,
                "versions": [version],
                "formId": self.org.offer_form,
            }
        )
        if version["approvalStatus"] is not None:
            approval = self.store.add_approval(
                build_approval(self.store, new_id, offer, version, job.row, self._after(created, 1))
            )
            first, second = approval["steps"]
            if first_step_approved or version["approvalStatus"] == "Approved":
                record_approval(approval, first, first["approvers"][0], self._after(created, 6))
            if version["approvalStatus"] == "Approved":
                record_approval(approval, second, second["approvers"][0], self._after(created, 20))
        return offer

    def _after(self, moment: int, hours: int) -> int:
        """``hours`` after ``moment``, but never in the future."""
        return min(moment + hours * HOUR_MS, self.now - MINUTE_MS)

    def note(self, candidate: Row, author: str, content: str, created: int) -> Row:
        return self.store.add_note(
            {
                "id": self.ids.fresh(),
                "candidateId": candidate["id"],
                "content": content,
                "isPrivate": False,
                "authorId": author,
                "createdAt": created,
            }
        )
