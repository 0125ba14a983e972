"""The sandbox's in-memory state: plain dict rows, a global change version, and a few indexes.

Rows are plain dicts (not models) so 200,000 seeded candidates stay fast to build and cheap to hold;
``shapes`` turns them into Ashby's wire shapes on the way out. Every row carries ``_v``, the global
version of its last change, which incremental sync compares against a sync token's watermark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

Row = dict[str, Any]
SEED_VERSION = 1


class Table:
    """Rows of one kind by id, plus their creation order.

    ``order`` only ever grows (deleted rows are flagged, not removed), so a cursor position into it
    stays valid while other requests write.
    """

    __slots__ = ("order", "rows")

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.order: list[Row] = []

    def add(self, row: Row) -> Row:
        row.setdefault("_v", SEED_VERSION)
        self.rows[row["id"]] = row
        self.order.append(row)
        return row

    def get(self, row_id: object) -> Row | None:
        return self.rows.get(row_id) if isinstance(row_id, str) else None

    def remove(self, row_id: str) -> None:
        row = self.rows.pop(row_id, None)
        if row is not None:
            row["_deleted"] = True

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows.values())

    def __len__(self) -> int:
        return len(self.rows)


class Tables:
    """Everything a tenant holds. Handlers read and write it; seeding fills it."""

    def __init__(self) -> None:
        self.version = SEED_VERSION
        self.organization_id = ""
        self.actor_user_id = ""  # the user API writes are attributed to (an Organization Admin)
        self.offer_final_approvers: list[str] = []  # last step of every offer approval
        self.offer_approval_definition_id = ""

        self.users = Table()
        self.departments = Table()
        self.locations = Table()
        self.source_types = Table()
        self.sources = Table()
        self.tags = Table()
        self.archive_reasons = Table()
        self.templates = Table()
        self.custom_fields = Table()
        self.hiring_roles = Table()
        self.stage_groups = Table()
        self.forms = Table()  # feedback form definitions
        self.offer_forms = Table()
        self.jobs = Table()
        self.plans = Table()
        self.stages = Table()
        self.interviews = Table()
        self.candidates = Table()
        self.applications = Table()
        self.notes = Table()
        self.feedback = Table()
        self.schedules = Table()
        self.events = Table()
        self.offers = Table()
        self.approvals = Table()
        self.webhooks = Table()

        self.stages_by_plan: dict[str, list[Row]] = defaultdict(list)
        self.emails: dict[str, list[str]] = defaultdict(list)  # lower-cased e-mail -> candidate ids
        self.notes_by_candidate: dict[str, list[Row]] = defaultdict(list)
        self.feedback_by_application: dict[str, list[Row]] = defaultdict(list)
        self.schedules_by_application: dict[str, list[Row]] = defaultdict(list)
        self.offers_by_application: dict[str, list[Row]] = defaultdict(list)
        self.approval_by_version: dict[str, Row] = {}

        self.tokens_issued = 0
        self.tokens_valid_from = 0  # sync tokens with a lower serial answer sync_token_expired

    def bump(self) -> int:
        self.version += 1
        return self.version

    def touch(self, row: Row, now_ms: int) -> None:
        """Record a change: new version (for incremental sync) and ``updatedAt``."""
        row["_v"] = self.bump()
        if "updatedAt" in row:
            row["updatedAt"] = now_ms

    def index_email(self, email: str, candidate_id: str) -> None:
        ids = self.emails[email.lower()]
        if candidate_id not in ids:
            ids.append(candidate_id)

    def add_stage(self, row: Row) -> Row:
        self.stages.add(row)
        self.stages_by_plan[row["interviewPlanId"]].append(row)
        return row

    def add_note(self, row: Row) -> Row:
        self.notes.add(row)
        self.notes_by_candidate[row["candidateId"]].append(row)
        return row

    def add_feedback(self, row: Row) -> Row:
        self.feedback.add(row)
        self.feedback_by_application[row["applicationId"]].append(row)
        return row

    def add_schedule(self, row: Row) -> Row:
        self.schedules.add(row)
        self.schedules_by_application[row["applicationId"]].append(row)
        return row

    def add_offer(self, row: Row) -> Row:
        self.offers.add(row)
        self.offers_by_application[row["applicationId"]].append(row)
        return row

    def add_approval(self, row: Row) -> Row:
        self.approvals.add(row)
        self.approval_by_version[row["entityId"]] = row
        return row

    def issue_token_serial(self) -> int:
        self.tokens_issued += 1
        return self.tokens_issued

    def expire_sync_tokens(self) -> None:
        self.tokens_valid_from = self.tokens_issued + 1

    def stage_of_type(self, plan_id: str, stage_type: str) -> Row | None:
        return next((s for s in self.stages_by_plan[plan_id] if s["type"] == stage_type), None)
