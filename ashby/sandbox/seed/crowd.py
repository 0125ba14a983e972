"""The generated crowd: ``candidates`` people (minus the fixed cast) with plausible pipelines.

Applications: ~55% Active, ~35% Archived, ~3% Hired, ~7% Lead on open jobs (closed jobs only keep
archived and hired ones). Histories walk the plan in order with dates that only move forward; active
candidates in interview stages get schedules today and through the week, with feedback once the
interview is over; Offer-stage and hired candidates get offers with consistent approvals.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

from ashby.sandbox.clock import DAY_MS, HOUR_MS, MINUTE_MS, start_of_day
from ashby.sandbox.seed.cast import CAST
from ashby.sandbox.seed.jobs import SeededJob
from ashby.sandbox.seed.names import (
    COMPANIES,
    CULTURES,
    EMAIL_DOMAINS,
    NOTE_TEXTS,
    POSITIONS,
    ROMANIZED,
    SCHOOLS,
    TIMEZONES,
    Culture,
)
from ashby.sandbox.seed.writer import EventPlan, SeedWriter
from ashby.sandbox.tables import Row
from ashby.sandbox.text import ascii_slug, fold

T = TypeVar("T")

LEAD, REVIEW, RECRUITER_SCREEN, HM_SCREEN, TECHNICAL, ONSITE, REFERENCES, OFFER, HIRED, ARCHIVED = range(10)
INTERVIEW_STAGES = range(RECRUITER_SCREEN, REFERENCES + 1)

STATUSES = (("Active", 55), ("Archived", 35), ("Hired", 3), ("Lead", 7))
ACTIVE_STAGES = ((REVIEW, 20), (RECRUITER_SCREEN, 20), (HM_SCREEN, 18), (TECHNICAL, 15), (ONSITE, 12),
                 (REFERENCES, 7), (OFFER, 8))  # fmt: skip
ARCHIVED_AFTER = ((LEAD, 8), (REVIEW, 30), (RECRUITER_SCREEN, 25), (HM_SCREEN, 15), (TECHNICAL, 10),
                  (ONSITE, 6), (REFERENCES, 3), (OFFER, 3))  # fmt: skip
SOURCES = (("Applied", 30), ("LinkedIn", 22), ("Company Website", 10), ("Referral", 12), ("Wellfound", 8),
           ("Indeed", 8), ("Agency", 6), ("Event", 4))  # fmt: skip
SOURCED = frozenset({"LinkedIn", "Wellfound", "Agency", "Event"})  # these start as leads
REASONS_EARLY = (("Not a fit", 30), ("Lacks experience", 20), ("Withdrew", 10), ("No response", 10),
                 ("Duplicate", 3), ("Hired elsewhere", 7), ("Not interested", 8))  # fmt: skip
REASONS_LATE = (("Not a fit", 15), ("Failed technical assessment", 20), ("Compensation", 15),
                ("Withdrew", 12), ("Hired elsewhere", 18), ("Position filled", 10))  # fmt: skip
OFFER_STATUSES = (
    ("WaitingOnApprovalStart", 25),
    ("WaitingOnOfferApproval", 40),
    ("WaitingOnCandidateResponse", 35),
)


class Weighted(Generic[T]):
    """A weighted choice table, with cumulative weights precomputed for speed."""

    def __init__(self, pairs: Sequence[tuple[T, int]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _dwell(rng: random.Random, mean_days: float, low_ms: int, high_ms: int) -> int:
    return max(low_ms, min(high_ms, int(rng.expovariate(1 / (mean_days * DAY_MS)))))


class Crowd:
    """Generates the crowd through a ``SeedWriter``; one instance per seeding run."""

    def __init__(self, writer: SeedWriter) -> None:
        self.w = writer
        self.rng = writer.rng
        self.now = writer.now
        self.today = start_of_day(writer.now)
        eligible = [job for job in writer.jobs.values() if job.row["status"] in ("Open", "Closed")]
        self.jobs = Weighted([(job, job.spec.weight) for job in eligible])
        self.cultures = Weighted([(culture, culture.weight) for culture in CULTURES])
        self.statuses = Weighted(STATUSES)
        self.active_stages = Weighted(ACTIVE_STAGES)
        self.archived_after = Weighted(ARCHIVED_AFTER)
        self.sources = Weighted(SOURCES)
        self.reasons_early = Weighted(REASONS_EARLY)
        self.reasons_late = Weighted(REASONS_LATE)
        self.offer_statuses = Weighted(OFFER_STATUSES)
        self.used_emails = {email.lower() for email in writer.store.emails}
        self.cast_names = [fold(member.name) for member in CAST]
        self.cast_first = {name.split()[0] for name in self.cast_names}
        self.tags = [tag_id for title, tag_id in writer.org.tags.items() if title != "Legacy import"]
        self.recruiters = [writer.org.user(name) for name in ("Priya", "Rafael", "Aisha", "Sam")]

    def generate(self, count: int) -> None:
        for _ in range(count):
            self._person()

    def _name(self) -> tuple[str, str]:
        """A display name not clashing with the cast, and its e-mail local part."""
        while True:
            culture: Culture = self.cultures.pick(self.rng)
            given, family = self.rng.choice(culture.given), self.rng.choice(culture.family)
            parts = (family, given) if culture.family_first else (given, family)
            name = culture.joiner.join(parts)
            folded = fold(name)
            if folded.split()[0] in self.cast_first and any(cast in folded for cast in self.cast_names):
                continue
            local = f"{ROMANIZED.get(given) or ascii_slug(given)}.{ROMANIZED.get(family) or ascii_slug(family)}"
            return name, local

    def _email(self, local: str, domain: str) -> str:
        """``local@domain``, numbered if that address is taken (addresses are unique, like people)."""
        email = f"{local}@{domain}"
        while email in self.used_emails:
            email = f"{local}{self.rng.randint(2, 9999)}@{domain}"
        self.used_emails.add(email)
        return email

    def _person(self) -> None:
        rng = self.rng
        name, local = self._name()
        email = self._email(local, rng.choice(EMAIL_DOMAINS))
        jobs: list[SeededJob] = [self.jobs.pick(rng)]
        if rng.random() < 0.2:
            second = self.jobs.pick(rng)
            if second is not jobs[0]:
                jobs.append(second)
        source = self.sources.pick(rng)
        plans = [self._timeline(job, source) for job in jobs]
        created = min(path[0][1] for _, path, _ in plans) - rng.randint(0, 2 * DAY_MS)
        emails = [(email, "Personal")]
        company = rng.choice(COMPANIES) if rng.random() < 0.5 else None
        if company is not None and rng.random() < 0.2:
            emails.append((self._email(local, f"{ascii_slug(company)}.example"), "Work"))
        tag_ids = rng.sample(self.tags, 1 if rng.random() < 0.8 else 2) if rng.random() < 0.3 else []
        credited = rng.choice(self.recruiters) if rng.random() < 0.6 else None
        phone = f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}" if rng.random() < 0.7 else None
        profile = ("LinkedIn", f"https://www.linkedin.com/in/{local.replace('.', '-')}")
        candidate = self.w.candidate(
            name=name,
            emails=emails,
            phone=phone,
            source_id=self.w.org.sources[source],
            tag_ids=tag_ids,
            created=created,
            links=[profile] if rng.random() < 0.6 else [],
            position=rng.choice(POSITIONS) if rng.random() < 0.5 else None,
            company=company,
            school=rng.choice(SCHOOLS) if rng.random() < 0.3 else None,
            timezone=rng.choice(TIMEZONES) if rng.random() < 0.5 else None,
            credited=credited,
        )
        for job, path, reason in plans:
            application = self.w.application(
                candidate,
                job,
                path,
                source_id=self.w.org.sources[source],
                credited=credited,
                reason_id=reason,
            )
            self._activities(job, application, path)
        if rng.random() < 0.12:
            moment = rng.randint(created, self.now)
            self.w.note(candidate, rng.choice(self.recruiters), rng.choice(NOTE_TEXTS), moment)

    def _timeline(self, job: SeededJob, source: str) -> tuple[SeededJob, list[tuple[Row, int]], str | None]:
        """The stages one application went through and when, plus its archive reason if archived."""
        rng = self.rng
        closed = job.row["closedAt"]
        status = self.statuses.pick(rng)
        if closed is not None and status in ("Active", "Lead"):
            status = "Archived" if rng.random() < 0.9 else "Hired"
        start = LEAD if source in SOURCED else REVIEW
        reason = None
        end = closed or self.now
        if status == "Lead":
            indexes = [LEAD]
            last = end - _dwell(rng, 10, 3 * HOUR_MS, 60 * DAY_MS)
        elif status == "Active":
            target = self.active_stages.pick(rng)
            indexes = list(range(min(start, target), target + 1))
            last = end - _dwell(rng, 8, 3 * HOUR_MS, 60 * DAY_MS)
        elif status == "Hired":
            indexes = [*range(start, OFFER + 1), HIRED]
            last = end - rng.randint(DAY_MS, 200 * DAY_MS)
        else:
            reached = self.archived_after.pick(rng)
            indexes = [*range(min(start, reached), reached + 1), ARCHIVED]
            reasons = self.reasons_late if reached >= TECHNICAL else self.reasons_early
            reason = self.w.org.reasons[reasons.pick(rng)]
            last = end - rng.randint(2 * HOUR_MS, 240 * DAY_MS)
        floor = job.row["createdAt"] + DAY_MS
        if last < floor:  # nothing can happen before the job existed
            last = rng.randint(floor, max(floor, end - HOUR_MS))
        times = [last]
        for _ in indexes[:-1]:
            times.append(times[-1] - _dwell(rng, 5, 4 * HOUR_MS, 30 * DAY_MS))
        times.reverse()
        if times[0] < floor:  # squeeze the history into the job's lifetime, keeping its order
            span = last - times[0]
            times = [last - (last - t) * (last - floor) // span for t in times]
        return job, [(job.stages[i], t) for i, t in zip(indexes, times, strict=True)], reason

    def _interviewers(self, job: SeededJob, index: int) -> list[str]:
        if index in (RECRUITER_SCREEN, REFERENCES):
            return [job.member("Recruiter")]
        if index == HM_SCREEN:
            return [job.member("Hiring Manager")]
        pool = job.interviewers(self.w.org)
        return self.rng.sample(pool, min(len(pool), 2 if index == ONSITE else 1))

    def _activities(self, job: SeededJob, application: Row, path: list[tuple[Row, int]]) -> None:
        """Interviews (past and this week), feedback and offers that fit the application's state."""
        rng = self.rng
        status = application["status"]
        index = path[-1][0]["orderInInterviewPlan"]
        quality = rng.random()
        if status in ("Active", "Hired"):
            for (stage, entered), (_, left) in itertools.pairwise(path):
                position = stage["orderInInterviewPlan"]
                if position in INTERVIEW_STAGES and rng.random() < 0.35:
                    start = entered + int((left - entered) * rng.uniform(0.2, 0.6))
                    start += -start % (30 * MINUTE_MS)  # on the half hour, never before the stage began
                    people = self._interviewers(job, position)
                    event = EventPlan(start, stage["durationMinutes"], people, list(people))
                    self.w.schedule(application, stage, [event], "Complete", quality=quality)
        if status == "Active" and index in INTERVIEW_STAGES and rng.random() < 0.5:
            self._upcoming(job, application, path[-1], quality)
        self._offer(job, application, path)

    def _upcoming(self, job: SeededJob, application: Row, current: tuple[Row, int], quality: float) -> None:
        """An interview for the current stage: some earlier this week, most today or in the coming days."""
        rng = self.rng
        stage, entered = current
        start = self.today + rng.randint(-1, 6) * DAY_MS + rng.randint(18, 35) * 30 * MINUTE_MS
        if start < entered + 2 * HOUR_MS:
            start = entered + 2 * HOUR_MS
            start += -start % (30 * MINUTE_MS)
        people = self._interviewers(job, stage["orderInInterviewPlan"])
        end = start + stage["durationMinutes"] * MINUTE_MS
        if end >= self.now:
            self.w.schedule(application, stage, [EventPlan(start, stage["durationMinutes"], people)], "Scheduled")
            return
        submitted = list(people) if rng.random() < 0.5 else people[:-1]
        status = "Complete" if len(submitted) == len(people) else "WaitingOnFeedback"
        self.w.schedule(
            application,
            stage,
            [EventPlan(start, stage["durationMinutes"], people, submitted)],
            status,
            quality=quality,
        )

    def _offer(self, job: SeededJob, application: Row, path: list[tuple[Row, int]]) -> None:
        rng = self.rng
        offer_entered = next((t for stage, t in path if stage["orderInInterviewPlan"] == OFFER), None)
        if offer_entered is None:
            return
        left = path[-1][1]
        created = offer_entered + rng.randint(2 * HOUR_MS, DAY_MS)
        status = application["status"]
        if status == "Active":
            created = min(created, self.now - HOUR_MS)
            offer_status = self.offer_statuses.pick(rng)
            self.w.offer(application, job, offer_status, created=created, first_step_approved=rng.random() < 0.5)
        elif status == "Hired" and rng.random() < 0.9:
            created = min(created, left - 2 * HOUR_MS)
            decided = min(created + rng.randint(HOUR_MS, 3 * DAY_MS), left - HOUR_MS)
            self.w.offer(application, job, "CandidateAccepted", created=created, decided=decided)
        elif status == "Archived" and rng.random() < 0.6:
            created = min(created, left - 2 * HOUR_MS)
            self.w.offer(application, job, "CandidateRejected", created=created, decided=left - HOUR_MS)
