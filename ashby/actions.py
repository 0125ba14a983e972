"""Write actions: what a person asked Ashby to do, planned and previewed before it runs.

An ``Action`` holds everything needed to run the write *and* to describe it (names, from and to), so
the preview card, the confirmation and the audit line all come from the same record. It is plain data
(pydantic, JSON in the shared store), because the Confirm click may land on another replica.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from . import errors
from .access import Viewer
from .client import AshbyClient, Written

log = logging.getLogger(__name__)
audit = logging.getLogger("ashby.audit")

Kind = Literal["move", "reject", "hire", "note", "tag", "untag", "add", "transfer"]
#: Actions that change a candidate's standing; their buttons get a Slack confirm dialog.
DESTRUCTIVE: frozenset[str] = frozenset({"reject", "hire", "transfer"})


class Action(BaseModel):
    kind: Kind
    candidate_id: str
    candidate_name: str
    application_id: str | None = None
    job_id: str | None = None
    job_title: str | None = None
    from_stage_id: str | None = None
    from_stage: str | None = None
    to_stage_id: str | None = None
    to_stage: str | None = None
    archive_reason_id: str | None = None
    archive_reason: str | None = None
    email_template_id: str | None = None
    email_template: str | None = None
    tag_id: str | None = None
    tag: str | None = None
    note: str | None = None
    private: bool = False
    target_job_id: str | None = None
    target_job: str | None = None
    target_plan_id: str | None = None
    #: Slack user who asked for the preview, and when.
    requested_by: str
    requested_at: datetime

    def summary(self) -> str:
        """One line in words, e.g. "Move Jane Doe to Onsite (Senior Backend Engineer)"."""
        job = f" ({self.job_title})" if self.job_title else ""
        match self.kind:
            case "move":
                return f"Move {self.candidate_name} from {self.from_stage} to {self.to_stage}{job}"
            case "reject":
                return f"Reject {self.candidate_name}{job}: {self.archive_reason or 'no reason yet'}"
            case "hire":
                return f"Hire {self.candidate_name}{job}"
            case "note":
                return f"Add a {'private ' if self.private else ''}note to {self.candidate_name}"
            case "tag":
                return f"Tag {self.candidate_name} “{self.tag}”{'' if self.tag_id else ' (a new tag)'}"
            case "untag":
                return f"Remove the tag “{self.tag}” from {self.candidate_name}"
            case "add":
                return f"Consider {self.candidate_name} for {self.target_job}"
            case "transfer":
                return f"Transfer {self.candidate_name} from {self.job_title} to {self.target_job} ({self.to_stage})"
        return self.kind  # pragma: no cover

    def done(self) -> str:
        """The same, in the past tense, for the outcome card and the audit note."""
        match self.kind:
            case "move":
                return f"Moved {self.candidate_name} to {self.to_stage}"
            case "reject":
                return f"Rejected {self.candidate_name} ({self.archive_reason})"
            case "hire":
                return f"Hired {self.candidate_name}"
            case "note":
                return f"Added a note to {self.candidate_name}"
            case "tag":
                return f"Tagged {self.candidate_name} “{self.tag}”"
            case "untag":
                return f"Removed the tag “{self.tag}” from {self.candidate_name}"
            case "add":
                return f"Added {self.candidate_name} to {self.target_job}"
            case "transfer":
                return f"Transferred {self.candidate_name} to {self.target_job}"
        return self.kind  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str
    request_id: str | None = None
    #: False when Ashby may have carried the write out although we saw an error (a timeout, a 5xx):
    #: such an action is not offered again, to never do it twice.
    retryable: bool = True
    #: What Ashby answered with (the application after a stage change), to update local caches at once.
    record: dict[str, Any] | None = None


class Writer:
    """Runs confirmed actions against Ashby, exactly as previewed, and leaves an audit trail."""

    def __init__(self, client: AshbyClient, *, audit_notes: bool = True) -> None:
        self.client = client
        self.audit_notes = audit_notes

    async def run(self, action: Action, actor: Viewer, *, slack_user_id: str) -> Outcome:
        try:
            written = await self._call(action)
        except errors.AshbyError as exc:
            outcome = Outcome(False, _refusal(action, exc), exc.request_id, retryable=_safe_to_retry(exc))
        except Exception as exc:  # unexpected: Ashby may have acted, so never offer to run it again
            log.error("a write failed unexpectedly: %s", type(exc).__name__)
            outcome = Outcome(
                False, "Something went wrong; check the candidate in Ashby before trying again.", retryable=False
            )
        else:
            outcome = Outcome(True, action.done(), written.request_id, record=written.raw)
        audit.info(
            "action=%s ok=%s slack_user=%s ashby_user=%s candidate=%s application=%s target=%s request_id=%s",
            action.kind,
            outcome.ok,
            slack_user_id,
            actor.id,
            action.candidate_id,
            action.application_id,
            action.to_stage_id or action.tag_id or action.target_job_id or action.archive_reason_id,
            outcome.request_id,
        )
        if outcome.ok and self.audit_notes and action.kind != "note":
            await self._note(action, actor)
        return outcome

    async def _call(self, action: Action) -> Written[Any]:
        """The one typed client call this action makes, exactly as previewed."""
        client = self.client
        match action.kind:
            case "move" | "hire" | "reject":
                return await client.application_change_stage(
                    _given(action.application_id),
                    _given(action.to_stage_id),
                    archive_reason_id=action.archive_reason_id if action.kind == "reject" else None,
                    archive_email_template_id=action.email_template_id if action.kind == "reject" else None,
                )
            case "note":
                return await client.candidate_create_note(
                    action.candidate_id, action.note or "", private=action.private
                )
            case "tag":
                tag_id = action.tag_id or (await client.candidate_tag_create(action.tag or "")).id
                return await client.candidate_add_tag(action.candidate_id, tag_id)
            case "untag":
                return await client.candidate_remove_tag(action.candidate_id, _given(action.tag_id))
            case "add":
                return await client.application_create(action.candidate_id, _given(action.target_job_id))
            case "transfer":
                return await client.application_transfer(
                    _given(action.application_id),
                    _given(action.target_job_id),
                    _given(action.target_plan_id),
                    _given(action.to_stage_id),
                )
        raise ValueError(action.kind)  # pragma: no cover

    async def _note(self, action: Action, actor: Viewer) -> None:
        """Leave "Moved to Onsite from Slack by Priya Natarajan" on the candidate: Ashby attributes API writes
        to the key's owner, so this is how the candidate's history shows who acted."""
        text = f"{action.done()} from Slack by {actor.user.name}."
        try:
            await self.client.candidate_create_note(action.candidate_id, text)
        except Exception as exc:
            log.warning("the action ran but its audit note failed: %s", type(exc).__name__)


def _given(value: str | None) -> str:
    """An id planning has filled in for this kind of action (a missing one is a planning bug)."""
    if not value:
        raise ValueError("the action is missing an id it needs")
    return value


def _safe_to_retry(exc: errors.AshbyError) -> bool:
    if isinstance(exc, errors.AshbyTransportError):
        return not exc.reached_server
    return not isinstance(exc, errors.AshbyResponseError)


def _refusal(action: Action, exc: errors.AshbyError) -> str:
    """Ashby's refusal in plain words."""
    message = getattr(exc, "message", str(exc))
    if isinstance(exc, errors.AshbyAuthError) and exc.permission:
        return f"The bot's Ashby API key lacks the {exc.permission} permission, so Ashby refused. Ask your Ashby admin."
    if isinstance(exc, errors.AshbyRateLimitError):
        return "Ashby is busy and asked us to slow down. Nothing was changed; try again in a minute."
    if isinstance(exc, errors.AshbyTransportError | errors.AshbyResponseError):
        if _safe_to_retry(exc):
            return "I couldn't reach Ashby, so nothing was changed. Try again in a minute."
        return "Ashby didn't confirm the change. Check the candidate in Ashby before trying again."
    lowered = message.lower()
    if action.kind == "hire" and "approv" in lowered:
        return "Ashby won't hire yet: the offer is still waiting for approval. Once it is approved, try again."
    if action.kind == "hire" and "opening" in lowered:
        return "Ashby needs an opening to fill for this hire. Choose the opening in Ashby, then try again."
    if isinstance(exc, errors.AshbyNotFoundError):
        return f"Ashby couldn't find that any more ({exc.code}); it may have changed. Nothing was done."
    return f"Ashby refused: {message}"
