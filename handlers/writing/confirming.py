"""Confirm and Cancel on a preview: check again, run the write exactly once, and show what happened.

Confirm checks again, as the person who pressed it and with fresh data, that they may do it and that the
preview still matches Ashby, while holding a claim in the shared store (``ashby/once.py``), so double
clicks, Slack retries and a second replica make one Ashby call and all see the same outcome card. Apart
from planning because this is the only part that writes to Ashby.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from ashby.access import Viewer
from ashby.actions import Action, Writer
from ashby.changes import Change, expected_keys, from_sync
from ashby.index import CandidateIndex
from ashby.once import Once
from ashby.queries import NotVisible, Recruiting
from ashby.store import Store
from blocks import actions as action_blocks
from blocks import notices
from blocks.payloads import Cancel

from ..answering.core import Answer, Message
from ..identity import Asker
from .drafts import Drafts
from .permits import may_act_on_candidate, not_allowed

log = logging.getLogger(__name__)

CLAIM_TTL = 7 * 24 * 3600
#: A claim whose holder died mid-write lapses after this; the re-check then sees what Ashby did.
RUNNING_TTL = 600


class WriteNotices(Protocol):
    """Notifications as a confirmed write sees them (``handlers.event_path.EventPath``)."""

    async def expecting(self, keys: list[str], actor: str) -> None: ...

    async def written(self, changes: list[Change], actor: str) -> None: ...


class Confirmer:
    def __init__(
        self,
        recruiting: Recruiting,
        index: CandidateIndex,
        store: Store,
        writer: Writer,
        drafts: Drafts,
        *,
        clock: Callable[[], datetime],
        write_roles: frozenset[str],
    ) -> None:
        self.recruiting = recruiting
        self.index = index
        self.store = store
        self.writer = writer
        self.drafts = drafts
        self.clock = clock
        self.write_roles = write_roles
        self.once = Once(store, "write", running_ttl=RUNNING_TTL)
        #: Told of the changes a confirmed write makes, and by whom (notifications; set by the app factory).
        self.notices: WriteNotices | None = None

    async def cancel(self, payload: Cancel, asker: Asker) -> Answer | None:
        """Forget the preview or draft (Cancel leaves nothing behind), or the refusal when the presser is not
        the person who asked for it: a preview shared or forged elsewhere cannot be cancelled by someone else."""
        key = f"draft:{payload.id}" if payload.draft else f"preview:{payload.id}"
        try:
            raw = await self.store.get(key)
            owner = _requested_by(raw)
            if owner is not None and owner != asker.slack_user_id:
                return Answer(private=notices.not_allowed("Only the person who asked for this can cancel it."))
            await self.store.delete(key)
        except Exception:
            log.warning("could not forget a cancelled preview (it expires by itself)")
        return None

    async def confirm(self, preview_id: str, asker: Asker) -> Answer:
        viewer = asker.required_viewer()
        done = await self.once.outcome(preview_id)
        if done is not None:
            return Answer(private=self._outcome_card(done, asker))
        action = await self.drafts.load_preview(preview_id)
        if action is None:
            return Answer(private=notices.notice("This preview has expired or was cancelled. Nothing was done."))
        if not await self.once.claim(preview_id, asker.slack_user_id):
            # Someone (a double click, a retry, another replica) is already running it: show its outcome.
            done = await self.once.wait(preview_id)
            if done is not None:
                return Answer(private=self._outcome_card(done, asker))
            return Answer(private=notices.notice("This is already being done. Check the candidate in a moment."))
        # Checked while holding the claim, so a concurrent click cannot slip in between check and write.
        try:
            problem = await self._recheck(action, viewer)
        except BaseException:
            await self.once.release(preview_id)
            raise
        if problem is not None:
            await self.once.release(preview_id)
            return Answer(private=problem)
        await self._expect(action, asker)
        outcome = await self.writer.run(action, viewer, slack_user_id=asker.slack_user_id)
        self.recruiting.forget(candidate_id=action.candidate_id, application_id=action.application_id)
        if outcome.ok and outcome.record is not None and action.kind in ("move", "reject", "hire", "add", "transfer"):
            await self._learn(outcome.record, asker)
        if action.kind == "tag" and action.tag_id is None:
            self.recruiting.reference.invalidate_tags()
        record = {
            "action": action.model_dump(mode="json"),
            "ok": outcome.ok,
            "text": outcome.message,
            "actor": viewer.user.name,
            "at": self.clock().isoformat(),
        }
        try:
            if outcome.ok or not outcome.retryable:
                await self.once.record(preview_id, record, keep_for=CLAIM_TTL)
                await self.store.delete(f"preview:{preview_id}")
            else:
                await self.once.release(preview_id)  # nothing happened: Confirm may be pressed again
        except Exception as exc:
            # Ashby has answered; say what it did even though the store could not record it.
            log.warning("could not record a write's outcome: %s", type(exc).__name__)
        return Answer(private=self._outcome_card(record, asker))

    async def _expect(self, action: Action, asker: Asker) -> None:
        """Before the write: its asker is not to be told of it (Ashby's webhook may beat the outcome here)."""
        keys = expected_keys(action.kind, action.application_id, action.to_stage_id)
        if keys and self.notices is not None:
            try:
                await self.notices.expecting(keys, asker.slack_user_id)
            except Exception as exc:  # at worst they hear of their own change
                log.info("could not note a write's author: %s", type(exc).__name__)

    async def _learn(self, record: dict[str, Any], asker: Asker) -> None:
        """Counts come from the index: it learns of the change now, not at the next incremental pass. The
        sync will then not see the change, so it is told here (the asker, who just saw the outcome, is not)."""
        app_id = record.get("id")
        before = self.index.application(app_id) if isinstance(app_id, str) else None
        try:
            self.index.apply_applications([record])
        except Exception:  # the next pass brings it; the outcome must still be recorded
            log.warning("could not put a written application into the index")
            return
        after = self.index.application(app_id) if isinstance(app_id, str) else None
        change = from_sync(before, after) if after is not None else None
        if change is not None and self.notices is not None:
            try:
                await self.notices.written([change], asker.slack_user_id)
            except Exception as exc:  # Ashby's webhook (or nothing) tells them instead
                log.warning("could not queue the notice of a write: %s", type(exc).__name__)

    async def _recheck(self, action: Action, viewer: Viewer) -> Message | None:
        """As the presser, with fresh data: may they, and does the preview still match Ashby?"""
        # The presser's role and enabled flag as Ashby has them now, not as cached for the last 15 minutes.
        viewer = Viewer(await self.recruiting.client.user_info(viewer.id))
        if action.application_id is None:
            try:
                found = await self.recruiting.lookup(action.candidate_id, viewer)
            except NotVisible:
                return not_allowed()
            jobs = await self.recruiting.reference.jobs()
            if action.kind == "add":
                allowed = viewer.can_act_on(jobs.get(action.target_job_id or ""), write_roles=self.write_roles)
            else:
                allowed = may_act_on_candidate(viewer, found.applications, jobs, write_roles=self.write_roles)
            return None if allowed else not_allowed()
        self.recruiting.forget(application_id=action.application_id)
        app = await self.recruiting.application(action.application_id)
        job = await self.recruiting.client.job_info(app.job.id)  # its hiring team as of now
        if not viewer.can_act_on(job, app, write_roles=self.write_roles):
            return not_allowed()
        if action.kind == "transfer" and not viewer.can_act_on(
            await self.recruiting.reference.job(action.target_job_id or ""), write_roles=self.write_roles
        ):
            return not_allowed()
        current = app.current_interview_stage
        if app.status not in ("Active", "Lead") or current is None or current.id != action.from_stage_id:
            now = current.title if current else app.status
            return notices.notice(
                f"This preview is out of date: {action.candidate_name} is now in {now}. Nothing was done; ask again."
            )
        return None

    def _outcome_card(self, record: dict[str, Any], asker: Asker) -> Message:
        action = Action.model_validate(record["action"])
        at = datetime.fromisoformat(record["at"])
        return action_blocks.outcome_card(
            action, ok=record["ok"], text=record["text"], actor=record["actor"], at=at, tz=asker.tz, now=self.clock()
        )


def _requested_by(raw: str | bytes | None) -> str | None:
    """Who asked for a stored preview or draft (both record ``requested_by``), or None when unknown."""
    if not raw:
        return None
    try:
        owner = json.loads(raw).get("requested_by")
    except (ValueError, AttributeError):
        return None
    return owner if isinstance(owner, str) else None
