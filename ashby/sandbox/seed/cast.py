"""The fixed cast: named candidates the bot's tests and demo rely on, identical for every seed size.

Ids are stable (derived from the seed and each person's e-mail), dates are fixed offsets from "now",
and nothing here draws from the random stream except ids of secondary records (history items,
feedback), so the cast looks the same whatever ``candidates`` is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ashby.sandbox.clock import DAY_MS, HOUR_MS, MINUTE_MS, start_of_day
from ashby.sandbox.seed.jobs import SeededJob
from ashby.sandbox.seed.writer import EventPlan, SeedWriter
from ashby.sandbox.tables import Row

PREVIOUS_STAGE_DAYS = 4  # time spent in each stage before the current one
JANE_NOTES = (
    "Referred by the platform team; strong distributed-systems background.",
    "Asked about on-call expectations; follow up before the onsite.",
)
ELENA_NOTE = "Verbal yes on 185k; waiting on approvals before sending the letter."


@dataclass(frozen=True, slots=True)
class CastApplication:
    requisition: str
    stage: str  # current stage title
    days_in_stage: float
    archive_reason: str | None = None
    reached: str | None = None  # for Archived: the last stage before archiving


@dataclass(frozen=True, slots=True)
class CastMember:
    name: str
    email: str
    phone: str
    source: str
    tags: tuple[str, ...]
    application: CastApplication
    position: str | None = None
    company: str | None = None
    referred_by: str | None = None  # who the application is credited to (else the job's recruiter)


M, A = CastMember, CastApplication
CAST: tuple[CastMember, ...] = (
    M("Jane Doe", "jane.doe@example.com", "+1 415 555 0134", "Referral", ("Referral",),
      A("REQ-1042", "Onsite", 6), "Senior Software Engineer", "Globex", referred_by="Lars"),
    M("Jon Smith", "jon.smith@example.com", "+1 212 555 0148", "LinkedIn", ("Top talent",),
      A("REQ-1043", "Portfolio Review", 3), "Product Designer", "Initech"),
    M("John Smith", "john.smith@example.com", "+1 646 555 0102", "Applied", ("Silver medalist",),
      A("REQ-1044", "Archived", 20, "Not a fit", "Recruiter Screen")),
    M("Alex Kim", "alex.kim@example.com", "+1 415 555 0177", "LinkedIn", ("Relocation needed",),
      A("REQ-1044", "Technical Interview", 2), "Frontend Developer", "Hooli"),
    M("Alex Kim", "alex.kim.design@example.com", "+1 917 555 0121", "Wellfound", ("Boomerang",),
      A("REQ-1043", "Recruiter Screen", 1), "UX Designer", "Soylent"),
    M("Sara Nilsson", "sara.nilsson@example.com", "+46 70 555 01 23", "Applied", ("Visa sponsorship",),
      A("REQ-1045", "Hiring Manager Screen", 5), "Data Analyst"),
    M("Sarah Nilsson", "sarah.nilsson@example.com", "+49 30 5550 1942", "Referral", ("Referral",),
      A("REQ-1051", "Recruiter Screen", 2), "Account Manager"),
    M("José Álvarez", "jose.alvarez@example.com", "+34 600 555 014", "LinkedIn", ("Top talent",),
      A("REQ-1042", "Hiring Manager Screen", 4), "Backend Engineer"),
    M("Zoë Ångström", "zoe.angstrom@example.com", "+46 70 555 02 46", "Company Website",
      ("Internal candidate",), A("REQ-1043", "Application Review", 1)),
    M("Nguyễn Thị Minh", "minh.nguyen@example.com", "+84 90 555 0199", "Applied", ("Visa sponsorship",),
      A("REQ-1045", "Technical Interview", 3), "Data Scientist"),
    M("李伟", "wei.li@example.com", "+86 138 5550 0188", "Wellfound", ("Relocation needed",),
      A("REQ-1044", "Recruiter Screen", 2), "Web Engineer"),
    M("Анна Петрова", "anna.petrova@example.com", "+7 915 555 01 77", "Agency", ("Top talent",),
      A("REQ-1050", "Hiring Manager Screen", 3), "Sales Executive"),
    M("Seán O'Brien", "sean.obrien@example.com", "+353 85 555 0143", "Referral", ("Referral",),
      A("REQ-1051", "Onsite", 2), "Customer Success Lead"),
    M("Mary-Jane Watson-Parker", "mary-jane.watson-parker@example.com", "+1 718 555 0165", "Event",
      ("Boomerang",), A("REQ-1060", "Technical Interview", 5), "Engineering Manager"),
    M("Łukasz Żółć", "lukasz.zolc@example.com", "+48 600 555 014", "Indeed", ("Silver medalist",),
      A("REQ-1042", "Technical Interview", 3), "Software Engineer"),
    M("François Dupré", "francois.dupre@example.com", "+33 6 55 50 01 23", "LinkedIn", ("Relocation needed",),
      A("REQ-1050", "Onsite", 1), "Account Executive"),
    M("Victoria Chen", "victoria.chen@example.com", "+1 212 555 0190", "Agency", ("Top talent",),
      A("REQ-1099", "Onsite", 4), "Chief Financial Officer", "Vandelay Industries"),
    M("Elena Rossi", "elena.rossi@example.com", "+39 333 555 0112", "Referral", ("Referral", "Top talent"),
      A("REQ-1042", "Offer", 2), "Staff Software Engineer", "Wonka Works"),
    M("Marcus Johnson", "marcus.johnson@example.com", "+1 646 555 0187", "Referral", ("Referral",),
      A("REQ-1050", "Hired", 12), "Account Executive", "Acme Rival"),
)  # fmt: skip
del M, A


def _path(job: SeededJob, plan: CastApplication, now: int) -> list[tuple[Row, int]]:
    """Application Review -> ... -> current stage, each earlier stage lasting PREVIOUS_STAGE_DAYS."""
    titles = [stage["title"] for stage in job.stages]
    last = titles.index(plan.reached or plan.stage)
    if plan.stage == "Hired":
        last = titles.index("Offer")
    stages = job.stages[1 : last + 1]
    if plan.stage in ("Archived", "Hired"):
        stages.append(job.stage(plan.stage))
    entered = now - int(plan.days_in_stage * DAY_MS)
    path = []
    for stage in reversed(stages):
        path.append((stage, entered))
        entered -= PREVIOUS_STAGE_DAYS * DAY_MS
    return path[::-1]


def _entered(application: Row, stage: Row) -> int:
    entered: int = next(item[2] for item in application["history"] if item[1] == stage["id"])
    return entered


def seed_cast(writer: SeedWriter) -> dict[str, Row]:
    """Write the cast; returns their applications by e-mail for the scenes that follow."""
    ids, org, now = writer.ids, writer.org, writer.now
    applications: dict[str, Row] = {}
    for member in CAST:
        plan = member.application
        job = writer.jobs[plan.requisition]
        path = _path(job, plan, now)
        candidate = writer.candidate(
            candidate_id=ids.stable("candidate", member.email),
            name=member.name,
            emails=[(member.email, "Personal")],
            phone=member.phone,
            source_id=org.sources[member.source],
            tag_ids=[org.tags[tag] for tag in member.tags],
            created=path[0][1] - DAY_MS,
            links=[("LinkedIn", f"https://www.linkedin.com/in/{member.email.split('@')[0].replace('.', '-')}")],
            position=member.position,
            company=member.company,
            timezone="America/New_York",
        )
        applications[member.email] = writer.application(
            candidate,
            job,
            path,
            source_id=org.sources[member.source],
            credited=org.user(member.referred_by) if member.referred_by else job.member("Recruiter"),
            reason_id=org.reasons[plan.archive_reason] if plan.archive_reason else None,
            application_id=ids.stable("application", member.email, plan.requisition),
        )
    _scenes(writer, applications)
    return applications


def _scenes(writer: SeedWriter, apps: dict[str, Row]) -> None:
    """Interviews, feedback, offers and notes the demo tells a story with."""
    ids, org, now = writer.ids, writer.org, writer.now
    today = start_of_day(now)
    dana, tomas, kenji = org.user("Dana"), org.user("Tomás"), org.user("Kenji")
    backend, frontend = writer.jobs["REQ-1042"], writer.jobs["REQ-1044"]

    jane = apps["jane.doe@example.com"]
    technical = backend.stage("Technical Interview")
    writer.schedule(
        jane,
        technical,
        [EventPlan(_entered(jane, technical) + DAY_MS + 15 * HOUR_MS, 60, [tomas, kenji], [tomas, kenji])],
        "Complete",
        schedule_id=ids.stable("schedule", "jane.doe@example.com", "technical"),
        quality=0.85,
    )
    # Today's onsite ended about an hour ago: Tomás has submitted his scorecard, Dana has not.
    onsite_start = max(today, now - 2 * HOUR_MS)
    onsite_start -= onsite_start % (30 * MINUTE_MS)
    writer.schedule(
        jane,
        backend.stage("Onsite"),
        [EventPlan(onsite_start, 60, [dana, tomas], [tomas], ids.stable("event", "jane.doe", "onsite"))],
        "WaitingOnFeedback",
        schedule_id=ids.stable("schedule", "jane.doe@example.com", "onsite"),
        quality=0.8,
    )
    jane_candidate = writer.store.candidates.rows[jane["candidateId"]]
    writer.note(jane_candidate, org.user("Priya"), JANE_NOTES[0], now - 9 * DAY_MS)
    writer.note(jane_candidate, org.user("Dana"), JANE_NOTES[1], now - 2 * DAY_MS)

    alex = apps["alex.kim@example.com"]
    writer.schedule(
        alex,
        frontend.stage("Technical Interview"),
        [EventPlan(today + DAY_MS + 17 * HOUR_MS, 60, [tomas, kenji], [], ids.stable("event", "alex.kim", "tech"))],
        "Scheduled",
        schedule_id=ids.stable("schedule", "alex.kim@example.com", "technical"),
    )

    victoria = apps["victoria.chen@example.com"]
    writer.schedule(
        victoria,
        writer.jobs["REQ-1099"].stage("Onsite"),
        [EventPlan(today + DAY_MS + 15 * HOUR_MS, 90, [org.user("Morgan"), org.user("Hannah")])],
        "Scheduled",
        schedule_id=ids.stable("schedule", "victoria.chen@example.com", "onsite"),
    )

    elena = apps["elena.rossi@example.com"]
    onsite = backend.stage("Onsite")
    writer.schedule(
        elena,
        onsite,
        [EventPlan(_entered(elena, onsite) + DAY_MS + 14 * HOUR_MS, 180, [dana, tomas], [dana, tomas])],
        "Complete",
        schedule_id=ids.stable("schedule", "elena.rossi@example.com", "onsite"),
        quality=0.95,
    )
    writer.offer(
        elena,
        backend,
        "WaitingOnOfferApproval",
        created=now - 36 * HOUR_MS,
        salary=185_000,
        first_step_approved=True,
        key="elena.rossi@example.com",
    )
    writer.note(writer.store.candidates.rows[elena["candidateId"]], org.user("Priya"), ELENA_NOTE, now - DAY_MS)

    # Jon's portfolio review is scored on the hiring-decision form: its recommendation is a ValueSelect.
    jon = apps["jon.smith@example.com"]
    portfolio = writer.jobs["REQ-1043"].stage("Portfolio Review")
    renee, sofia = org.user("Renée"), org.user("Sofia")
    writer.schedule(
        jon,
        portfolio,
        [
            EventPlan(
                _entered(jon, portfolio) + DAY_MS + 15 * HOUR_MS,
                60,
                [renee, sofia],
                [renee, sofia],
                ids.stable("event", "jon.smith", "portfolio"),
            )
        ],
        "Complete",
        schedule_id=ids.stable("schedule", "jon.smith@example.com", "portfolio"),
        quality=0.9,
    )

    marcus = apps["marcus.johnson@example.com"]
    writer.offer(
        marcus,
        writer.jobs["REQ-1050"],
        "CandidateAccepted",
        created=now - 15 * DAY_MS,
        salary=120_000,
        decided=now - 13 * DAY_MS,
        key="marcus.johnson@example.com",
    )
