"""The organisation around the candidates: users, departments, locations and hiring metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ashby.sandbox.clock import DAY_MS
from ashby.sandbox.ids import SeedIds
from ashby.sandbox.tables import Row, Tables
from ashby.sandbox.text import ascii_slug

USER_DOMAIN = "acme.example"
ORG_AGE_MS = 3 * 365 * DAY_MS

# (first, last, globalRole, isEnabled, manager's first name). The first six are the fixed cast the
# bot's tests rely on; the rest fill every role and make interviewer pools.
USERS: tuple[tuple[str, str, str, bool, str | None], ...] = (
    ("Morgan", "Lee", "Organization Admin", True, None),
    ("Priya", "Natarajan", "Elevated Access", True, "Morgan"),
    ("Dana", "Whitfield", "Limited Access", True, "Morgan"),
    ("Tomás", "Herrera", "Limited Access", True, "Dana"),
    ("Sam", "Okafor", "External Recruiter", True, None),
    ("Casey", "Former", "Limited Access", False, "Dana"),
    ("Hannah", "Schmidt", "Organization Admin", True, None),
    ("Leah", "Cohen", "Organization Admin", True, None),
    ("Rafael", "Ortiz", "Elevated Access", True, "Priya"),
    ("Jordan", "Blake", "Elevated Access", True, "Priya"),
    ("Chris", "Nakamura", "Elevated Access", True, "Priya"),
    ("Aisha", "Rahman", "Elevated Access", True, "Priya"),
    ("Pedro", "Alves", "Elevated Access", True, "Priya"),
    ("Renée", "Fischer", "Limited Access", True, "Morgan"),
    ("Kenji", "Watanabe", "Limited Access", True, "Lars"),
    ("Mei", "Lin", "Limited Access", True, "Morgan"),
    ("Marco", "Bianchi", "Limited Access", True, "Morgan"),
    ("Elif", "Kaya", "Limited Access", True, "Morgan"),
    ("Lars", "Eriksen", "Limited Access", True, "Morgan"),
    ("Amelia", "Hart", "Limited Access", True, "Morgan"),
    ("Ravi", "Menon", "Limited Access", True, "Mei"),
    ("Noah", "Bennett", "Limited Access", True, "Dana"),
    ("Viktor", "Novak", "Limited Access", True, "Lars"),
    ("Sofia", "Russo", "Limited Access", True, "Renée"),
    ("Zara", "Hussain", "Limited Access", True, "Mei"),
    ("Olumide", "Bakare", "Limited Access", True, "Marco"),
    ("Ethan", "Brooks", "Limited Access", True, "Marco"),
    ("Fatou", "Diallo", "Limited Access", True, "Elif"),
    ("Grace", "O'Malley", "Limited Access", True, "Amelia"),
    ("Ines", "Carvalho", "External Recruiter", True, None),
    ("Daniel", "Park", "External Recruiter", True, None),
    ("Marta", "Kowalski", "Limited Access", False, "Renée"),
)

# Who interviews for each department (by first name).
INTERVIEWERS: dict[str, tuple[str, ...]] = {
    "Engineering": ("Tomás", "Dana", "Kenji", "Lars", "Ravi", "Noah", "Viktor"),
    "Design": ("Renée", "Sofia", "Kenji"),
    "Data": ("Mei", "Ravi", "Zara"),
    "Sales": ("Marco", "Olumide", "Ethan"),
    "Customer Success": ("Elif", "Fatou", "Leah"),
    "Finance": ("Morgan", "Hannah"),
    "Marketing": ("Amelia", "Grace"),
}

DEPARTMENTS: tuple[tuple[str, str | None, bool], ...] = (
    ("Engineering", None, False),
    ("Design", None, False),
    ("Sales", None, False),
    ("Customer Success", None, False),
    ("Finance", None, False),
    ("Marketing", None, False),
    ("Data", None, False),
    ("Platform", "Engineering", False),
    ("Operations", None, True),
)

# name -> (workplaceType, country, region, locality, isArchived)
LOCATIONS: dict[str, tuple[str, str | None, str | None, str | None, bool]] = {
    "San Francisco": ("OnSite", "US", "CA", "San Francisco", False),
    "New York": ("Hybrid", "US", "NY", "New York", False),
    "London": ("Hybrid", "GB", "England", "London", False),
    "Berlin": ("OnSite", "DE", "Berlin", "Berlin", False),
    "Remote": ("Remote", None, None, None, False),
    "Toronto": ("Hybrid", "CA", "ON", "Toronto", False),
    "Austin": ("OnSite", "US", "TX", "Austin", True),
}

SOURCE_TYPES = ("Inbound", "Sourced", "Referral", "Agency", "Other")
# title -> (source type, isArchived)
SOURCES: dict[str, tuple[str, bool]] = {
    "Applied": ("Inbound", False),
    "Company Website": ("Inbound", False),
    "LinkedIn": ("Sourced", False),
    "Wellfound": ("Sourced", False),
    "Referral": ("Referral", False),
    "Agency": ("Agency", False),
    "Indeed": ("Inbound", False),
    "Event": ("Other", False),
    "Monster": ("Inbound", True),
}

TAGS: tuple[tuple[str, bool], ...] = (
    ("Referral", False),
    ("Silver medalist", False),
    ("Boomerang", False),
    ("Relocation needed", False),
    ("Visa sponsorship", False),
    ("Top talent", False),
    ("Do not contact", False),
    ("Internal candidate", False),
    ("Legacy import", True),
)

ARCHIVE_REASONS: tuple[tuple[str, str, bool], ...] = (
    ("Not a fit", "RejectedByOrg", False),
    ("Lacks experience", "RejectedByOrg", False),
    ("Position filled", "RejectedByOrg", False),
    ("Failed technical assessment", "RejectedByOrg", False),
    ("Withdrew", "RejectedByCandidate", False),
    ("Compensation", "RejectedByCandidate", False),
    ("Hired elsewhere", "RejectedByCandidate", False),
    ("Not interested", "RejectedByCandidate", False),
    ("Duplicate", "Other", False),
    ("No response", "Other", False),
    ("Legacy reason", "Other", True),
)

TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Rejection – standard", ("email",)),
    ("Rejection – after onsite", ("email",)),
    ("LinkedIn outreach", ("inMail",)),
    ("Connection request", ("linkedInConnection",)),
    ("Follow-up", ("email", "inMail")),
)

HIRING_ROLES = ("Hiring Manager", "Recruiter", "Coordinator", "Sourcer")
STAGE_GROUPS = (
    ("Leads", "Lead"),
    ("Screening", "PreInterviewScreen"),
    ("Interviewing", "Active"),
    ("Offer", "Offer"),
    ("Hired", "Hired"),
    ("Archived", "Archived"),
)

RECOMMENDATION = ("Strong No Hire", "No Hire", "Hire", "Strong Hire")
SKILL_LEVELS = ("Weak", "Mixed", "Good", "Excellent")
# The hiring-decision form's overall recommendation is a ValueSelect, worst first: (value, label).
DECISIONS = (
    ("strong_no_hire", "Strong No Hire"),
    ("no_hire", "No Hire"),
    ("hire", "Hire"),
    ("strong_hire", "Strong Hire"),
)
STRENGTHS = (("craft", "Craft"), ("collaboration", "Collaboration"), ("communication", "Communication"),
             ("ownership", "Ownership"), ("customer_focus", "Customer focus"))  # fmt: skip


@dataclass(slots=True)
class Org:
    """Ids of the organisation's records, by their human names, for the rest of seeding."""

    users: dict[str, str] = field(default_factory=dict)  # ascii first name -> user id
    departments: dict[str, str] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    stage_groups: dict[str, str] = field(default_factory=dict)  # stage type -> group id
    interviewers: dict[str, list[str]] = field(default_factory=dict)  # department -> user ids
    scorecard_form: str = ""
    screening_form: str = ""
    decision_form: str = ""  # job-specific interviews of jobs with ``JobSpec.decision_form``
    offer_form: str = ""

    def user(self, first_name: str) -> str:
        return self.users[ascii_slug(first_name)]


def _form_field(
    ids: SeedIds,
    form: str,
    path: str,
    title: str,
    kind: str,
    required: bool,
    labels: tuple[str, ...] = (),
    choices: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """``labels`` label a Score's values 1, 2, ...; ``choices`` are a select field's (value, label) pairs."""
    spec: dict[str, Any] = {
        "id": ids.stable("form-field", form, path),
        "type": kind,
        "path": path,
        "humanReadablePath": title,
        "title": title,
        "isNullable": not required,
    }
    choices = choices or tuple((str(n), label) for n, label in enumerate(labels, 1))
    if choices:
        spec["selectableValues"] = [{"label": label, "value": value} for value, label in choices]
    return {"isRequired": required, "descriptionPlain": f"{title}.", "field": spec}


def _form(ids: SeedIds, key: str, title: str, fields: list[dict[str, Any]]) -> Row:
    return {
        "id": ids.stable("form", key),
        "title": title,
        "formDefinition": {"sections": [{"title": title, "fields": fields}]},
        "fields": {
            f["field"]["path"]: {
                "type": f["field"]["type"],
                "isRequired": f["isRequired"],
                "choices": [v["value"] for v in f["field"].get("selectableValues", [])],
            }
            for f in fields
        },
    }


def _seed_forms(store: Tables, ids: SeedIds, org: Org) -> None:
    scorecard = _form(
        ids,
        "scorecard",
        "Interview Scorecard",
        [
            _form_field(
                ids,
                "scorecard",
                "overall_recommendation",
                "Overall Recommendation",
                "Score",
                True,
                RECOMMENDATION,
            ),
            _form_field(ids, "scorecard", "technical_skills", "Technical Skills", "Score", False, SKILL_LEVELS),
            _form_field(ids, "scorecard", "communication", "Communication", "Score", False, SKILL_LEVELS),
            _form_field(ids, "scorecard", "notes", "Notes", "RichText", False),
        ],
    )
    screening = _form(
        ids,
        "screening",
        "Screening Scorecard",
        [
            _form_field(
                ids,
                "screening",
                "overall_recommendation",
                "Overall Recommendation",
                "Score",
                True,
                RECOMMENDATION,
            ),
            _form_field(ids, "screening", "notes", "Notes", "LongText", False),
        ],
    )
    # Another organisation's kind of scorecard: the recommendation is a ValueSelect at a path of its own.
    decision = _form(
        ids,
        "decision",
        "Hiring Decision Scorecard",
        [
            _form_field(ids, "decision", "hiring_call", "Hiring Decision", "ValueSelect", True, choices=DECISIONS),
            _form_field(ids, "decision", "craft", "Craft", "Score", False, SKILL_LEVELS),
            _form_field(ids, "decision", "strengths", "Strengths", "MultiValueSelect", False, choices=STRENGTHS),
            _form_field(ids, "decision", "work_with_again", "Would work with again", "Boolean", False),
            _form_field(ids, "decision", "summary", "Summary", "RichText", False),
        ],
    )
    legacy = _form(
        ids, "legacy", "Legacy Scorecard", [_form_field(ids, "legacy", "summary", "Summary", "String", True)]
    )
    for form, default, archived in (
        (scorecard, True, False),
        (screening, False, False),
        (decision, False, False),
        (legacy, False, True),
    ):
        store.forms.add({**form, "isArchived": archived, "isDefaultForm": default, "interviewId": None})
    org.scorecard_form, org.screening_form, org.decision_form = scorecard["id"], screening["id"], decision["id"]
    offer_fields = [
        _form_field(ids, "offer", "salary", "Base Salary", "Currency", True),
        _form_field(ids, "offer", "startDate", "Start Date", "Date", True),
        _form_field(ids, "offer", "signingBonus", "Signing Bonus", "Currency", False),
    ]
    offer_form = _form(ids, "offer", "Offer", offer_fields)
    store.offer_forms.add({"id": offer_form["id"], "formDefinition": offer_form["formDefinition"]})
    org.offer_form = offer_form["id"]


def _seed_people(store: Tables, ids: SeedIds, org: Org, created: int) -> None:
    for first, last, role, enabled, _ in USERS:
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@{USER_DOMAIN}"
        user_id = ids.stable("user", email)
        org.users[ascii_slug(first)] = user_id
        store.users.add(
            {
                "id": user_id,
                "firstName": first,
                "lastName": last,
                "email": email,
                "globalRole": role,
                "isEnabled": enabled,
                "updatedAt": created,
                "managerId": None,
            }
        )
    for first, _, _, _, manager in USERS:
        if manager is not None:
            store.users.rows[org.user(first)]["managerId"] = org.user(manager)
    org.interviewers = {dept: [org.user(name) for name in names] for dept, names in INTERVIEWERS.items()}
    store.actor_user_id = org.user("Morgan")
    store.offer_final_approvers = [org.user("Morgan"), org.user("Priya")]


def _seed_structure(store: Tables, ids: SeedIds, org: Org, created: int) -> None:
    for name, parent, archived in DEPARTMENTS:
        dept_id = ids.stable("department", name)
        org.departments[name] = dept_id
        store.departments.add(
            {
                "id": dept_id,
                "name": name,
                "isArchived": archived,
                "parentId": org.departments[parent] if parent else None,
                "createdAt": created,
                "updatedAt": created,
            }
        )
    for name, (workplace, country, region, locality, archived) in LOCATIONS.items():
        location_id = ids.stable("location", name)
        org.locations[name] = location_id
        address = {"addressCountry": country, "addressRegion": region, "addressLocality": locality}
        store.locations.add(
            {
                "id": location_id,
                "name": name,
                "isArchived": archived,
                "workplaceType": workplace,
                "address": {k: v for k, v in address.items() if v is not None},
            }
        )


def _seed_metadata(store: Tables, ids: SeedIds, org: Org, created: int) -> None:
    for title in SOURCE_TYPES:
        store.source_types.add({"id": ids.stable("source-type", title), "title": title, "isArchived": False})
    for title, (kind, archived) in SOURCES.items():
        org.sources[title] = ids.stable("source", title)
        store.sources.add(
            {
                "id": org.sources[title],
                "title": title,
                "isArchived": archived,
                "sourceTypeId": ids.stable("source-type", kind),
            }
        )
    for title, archived in TAGS:
        org.tags[title] = ids.stable("tag", title)
        store.tags.add({"id": org.tags[title], "title": title, "isArchived": archived})
    for text, reason_type, archived in ARCHIVE_REASONS:
        org.reasons[text] = ids.stable("archive-reason", text)
        store.archive_reasons.add(
            {"id": org.reasons[text], "text": text, "reasonType": reason_type, "isArchived": archived}
        )
    for title, intended in TEMPLATES:
        store.templates.add(
            {
                "id": ids.stable("template", title),
                "title": title,
                "intendedTypes": intended,
                "createdAt": created,
                "updatedAt": created,
            }
        )
    for title in HIRING_ROLES:
        store.hiring_roles.add({"id": ids.stable("hiring-role", title), "title": title})
    for order, (title, stage_type) in enumerate(STAGE_GROUPS):
        org.stage_groups[stage_type] = ids.stable("stage-group", stage_type)
        store.stage_groups.add(
            {"id": org.stage_groups[stage_type], "title": title, "order": order, "stageType": stage_type}
        )
    _seed_custom_fields(store, ids)


def _seed_custom_fields(store: Tables, ids: SeedIds) -> None:
    # (title, objectType, fieldType, isPrivate, isArchived, selectable values)
    fields: tuple[tuple[str, str, str, bool, bool, tuple[str, ...]], ...] = (
        ("Desired salary", "Candidate", "Currency", False, False, ()),
        ("Visa required", "Candidate", "Boolean", False, False, ()),
        (
            "Notice period",
            "Candidate",
            "ValueSelect",
            False,
            False,
            ("Immediate", "2 weeks", "1 month", "3 months"),
        ),
        ("Target start date", "Application", "Date", False, False, ()),
        ("Cost center", "Job", "ValueSelect", False, False, ("R&D", "G&A", "S&M")),
        ("Recruiter notes", "Candidate", "LongText", True, False, ()),
        ("Old ATS id", "Candidate", "String", False, True, ()),
    )
    for title, object_type, field_type, private, archived, choices in fields:
        store.custom_fields.add(
            {
                "id": ids.stable("custom-field", title),
                "title": title,
                "objectType": object_type,
                "fieldType": field_type,
                "isPrivate": private,
                "isArchived": archived,
                "isRequired": False,
                "selectableValues": [{"label": c, "value": c, "isArchived": False} for c in choices] or None,
            }
        )


def seed_org(store: Tables, ids: SeedIds, now_ms: int) -> Org:
    org = Org()
    created = now_ms - ORG_AGE_MS
    store.organization_id = ids.stable("organization")
    store.offer_approval_definition_id = ids.stable("approval-definition", "offer")
    _seed_people(store, ids, org, created)
    _seed_structure(store, ids, org, created)
    _seed_metadata(store, ids, org, created)
    _seed_forms(store, ids, org)
    return org
