"""What the notification scenarios share: picking sandbox records, writing to the sandbox over its HTTP API
(so it sends its signed webhooks to the bot), posting signed webhooks of our own, and reading what arrived."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from ashby.sandbox.tables import Row
from bot.loopback.local_slack import SlackMessage
from bot.loopback.render import render_message
from bot.loopback.session import PEOPLE, WEBHOOK_SECRET, DemoSession
from handlers.webhooks import signature_for

SBE = "Senior Backend Engineer"
VP_FINANCE = "VP of Finance"


def job(session: DemoSession, title: str) -> Row:
    return next(row for row in session.sandbox.store.jobs if row["title"] == title)


def stages_of(session: DemoSession, application: Row) -> list[Row]:
    current = session.sandbox.store.stages.rows[application["stageId"]]
    plan = current["interviewPlanId"]
    found = [row for row in session.sandbox.store.stages if row["interviewPlanId"] == plan]
    return sorted(found, key=lambda row: row["orderInInterviewPlan"])


def stage_type(session: DemoSession, application: Row) -> str:
    kind: str = session.sandbox.store.stages.rows[application["stageId"]]["type"]
    return kind


def active_applications(session: DemoSession, title: str, *, used: set[str]) -> Iterator[Row]:
    """Active applications on the job not yet used by another test (each test moves its own)."""
    job_id = job(session, title)["id"]
    for row in session.sandbox.store.applications:
        fresh = row["jobId"] == job_id and row["status"] == "Active" and row["id"] not in used
        if fresh and stage_type(session, row) in ("Active", "PreInterviewScreen"):
            used.add(row["id"])
            yield row


def next_stage(session: DemoSession, application: Row, kind: str = "Active") -> Row:
    current = session.sandbox.store.stages.rows[application["stageId"]]
    return next(
        row
        for row in stages_of(session, application)
        if row["type"] == kind and row["id"] != current["id"] and (kind != "Active" or row["orderInInterviewPlan"] > 0)
    )


def archive_reason(session: DemoSession) -> Row:
    return next(row for row in session.sandbox.store.archive_reasons if not row["isArchived"])


def candidate_name(session: DemoSession, application: Row) -> str:
    name: str = session.sandbox.store.candidates.rows[application["candidateId"]]["name"]
    return name


async def change_stage(session: DemoSession, application: Row, stage: Row, **extra: Any) -> None:
    """A write in Ashby made by someone else (through the sandbox's API): the sandbox then sends webhooks."""
    assert session.bot is not None
    await session.bot.ashby.call(
        "application.changeStage", {"applicationId": application["id"], "interviewStageId": stage["id"], **extra}
    )


async def post_webhook(session: DemoSession, action: str, data: dict[str, Any], *, delivery: str | None = None) -> int:
    """A signed webhook as Ashby sends it, straight to the bot."""
    body = json.dumps({"action": action, "data": data, "webhookActionId": delivery or str(uuid.uuid4())}).encode()
    headers = {"Content-Type": "application/json", "Ashby-Signature": signature_for(WEBHOOK_SECRET, body)}
    response = await session._http.post(f"{session.bot_url}/ashby/webhook", content=body, headers=headers)
    return response.status_code


def dm_of(session: DemoSession, name_or_email: str) -> str:
    """The bot's DM channel with a demo person (by name) or a colleague (by email)."""
    person = PEOPLE.get(name_or_email) or next(u for u in session.colleagues if u.email == name_or_email)
    return session.dm_channel(person)


def posts_since(session: DemoSession, mark: int) -> dict[str, list[str]]:
    """Messages the bot posted (not ephemeral, not updates) since ``mark``, as text, by conversation."""
    found: dict[str, list[str]] = {}
    for message in session.slack.messages[mark:]:
        if message.kind == "message":
            found.setdefault(message.channel, []).append(plain(message))
    return found


def plain(message: SlackMessage) -> str:
    """The notification text as a phone shows it, then the card as drawn (buttons included)."""
    return message.text + "\n" + render_message({"text": message.text, "blocks": message.blocks}).text
