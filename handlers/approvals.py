"""Offer approvals in Slack: each approver of the current step gets one DM card, and Approve calls
``offer.approve`` once, as them, after checking afresh that the step is still theirs.

Cards are sent once per approver per step (a marker in the shared store, so restarts and replicas do not
repeat them); approving claims a key first, so twenty clicks or two replicas make one Ashby call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from ashby import errors
from ashby.once import Once
from ashby.queries import ASHBY_APP_URL, NotVisible, Recruiting
from ashby.store import Store, StoreError
from ashby.views import OfferView
from blocks import actions as action_blocks
from blocks import facts, notices
from blocks.payloads import Approve

from .answers import Answer, Answerer, Message
from .directory import SlackDirectory
from .identity import Asker
from .writes import store_down

log = logging.getLogger(__name__)
audit = logging.getLogger("ashby.audit")

SENT_TTL = 30 * 24 * 3600
SENDING_TTL = 300
UNREACHABLE_TTL = 24 * 3600


class Approvals:
    def __init__(
        self, answerer: Answerer, store: Store, *, clock: Callable[[], datetime], directory: SlackDirectory
    ) -> None:
        self.answerer = answerer
        self.directory = directory
        self.recruiting: Recruiting = answerer.recruiting
        self.once = Once(store, "approve", running_ttl=SENDING_TTL)
        self.store = store
        self.clock = clock
        self._notifying = asyncio.Lock()
        self._background: set[asyncio.Task[None]] = set()

    # -- cards to approvers -------------------------------------------------------------------------------

    async def notify(self, client: AsyncWebClient) -> int:
        """DM every pending approver of every current step their card, once. Returns how many were sent."""
        async with self._notifying:
            sent = 0
            for offer in await self.recruiting.awaiting_approval():
                for approver in offer.current_approvers:
                    if approver.decision == "pending" and await self._send(client, offer, approver.person.id):
                        sent += 1
            return sent

    async def _send(self, client: AsyncWebClient, offer: OfferView, ashby_user_id: str) -> bool:
        marker = f"approval-card:{offer.version_id}:{offer.current_step_id}:{ashby_user_id}"
        # Claimed briefly while sending; kept for long only once the card is out (a cancelled send frees it).
        if not await self.store.set_if_absent(marker, "sending", ttl=SENDING_TTL):
            return False
        approver = next(a.person for a in offer.current_approvers if a.person.id == ashby_user_id)
        try:
            slack_user = await self.directory.slack_id(approver.email)
            if slack_user is None:
                await self.store.set(marker, "no-slack-account", ttl=UNREACHABLE_TTL)
                return False
            card = self._card(offer)
            posted = await client.chat_postMessage(channel=slack_user, text=card["text"], blocks=card["blocks"])
        except BaseException as exc:
            log.warning("could not DM an approval card: %s", type(exc).__name__)
            with contextlib.suppress(Exception):
                await self.store.delete(marker)  # try again next round
            if not isinstance(exc, Exception):
                raise
            return False
        await self.store.set(
            marker, json.dumps({"channel": posted.get("channel"), "ts": posted.get("ts")}), ttl=SENT_TTL
        )
        log.info("sent an approval card for offer %s step %s", offer.id, offer.current_step_id)
        return True

    def _card(self, offer: OfferView) -> Message:
        step = f"{offer.steps_done + 1} of {offer.steps_total}" if offer.steps_total else "approval"
        return action_blocks.approval_card(
            offer,
            approver_step=f"Step {step}",
            requested_by=offer.requested_by.name if offer.requested_by else None,
            now=self.clock(),
            tz=self.clock().tzinfo or UTC,
            url=f"{ASHBY_APP_URL}/candidates/{offer.candidate_id}",
            can_approve=True,
        )

    # -- /ashby approvals ---------------------------------------------------------------------------------

    async def list_for(self, asker: Asker) -> Answer:
        viewer = asker.viewer
        if viewer is None:
            return Answer(private=asker.no_access())

        async def work() -> Answer:
            mine = [
                offer
                for offer in await self.recruiting.awaiting_approval()
                if any(a.person.id == viewer.id and a.decision == "pending" for a in offer.current_approvers)
            ]
            if not mine:
                return Answer(private=facts.first(facts.approvals(0), {"blocks": []}))
            cards = [self._card(offer) for offer in mine[:10]]
            blocks = [block for card in cards for block in card["blocks"]]
            return Answer(private=facts.first(facts.approvals(len(mine)), {"blocks": blocks}))

        return await self.answerer.guarded(work())

    # -- approving ----------------------------------------------------------------------------------------

    async def approve(self, payload: Approve, asker: Asker, client: AsyncWebClient) -> Answer:
        """Approve this offer step as the presser, once, if it is still theirs to approve."""
        viewer = asker.viewer
        if viewer is None:
            return Answer(private=asker.no_access())
        offer_id, version_id, step_id = payload.offer_id, payload.version_id, payload.step_id

        async def work() -> Answer:
            offer = await self.recruiting.offer_view(offer_id)
            if offer.version_id != version_id:
                stale = _stale("This offer has a newer version since this card was sent; approve the new one.")
                return Answer(private=stale, replaces_card=True)
            if offer.current_step_id != step_id:
                stale = _stale("This approval step is no longer current: it was completed or the offer moved on.")
                return Answer(private=stale, replaces_card=True)
            mine = next((a for a in offer.current_approvers if a.person.id == viewer.id), None)
            if mine is None:
                return Answer(private=notices.not_allowed("You're not an approver on this step of the offer."))
            if mine.decision != "pending":
                return Answer(private=_stale("You've already decided on this step."), replaces_card=True)
            key = f"{version_id}:{step_id}:{viewer.id}"
            done = await self.once.outcome(key)
            if done is None and not await self.once.claim(key, asker.slack_user_id):
                done = await self.once.wait(key)
                if done is None:
                    return Answer(private=notices.notice("Your approval is already being sent to Ashby."))
            if done is not None:
                text = f"Already handled by {done['by']}. {done['text']}".strip()
                return Answer(private=notices.notice(text), replaces_card=True)
            try:
                await self.recruiting.client.offer_approve(version_id, approval_step_id=step_id, user_id=viewer.id)
            except errors.AshbyError as exc:
                audit.info(
                    "action=approve ok=False slack_user=%s ashby_user=%s offer=%s request_id=%s",
                    asker.slack_user_id,
                    viewer.id,
                    offer_id,
                    exc.request_id,
                )
                if _not_carried_out(exc):
                    await self.once.release(key)
                else:  # Ashby may have approved: say so rather than offer to approve twice
                    record = {"text": "Ashby didn't confirm it; check the offer in Ashby.", "by": viewer.user.name}
                    await self.once.record(key, record, keep_for=UNREACHABLE_TTL)
                raise
            audit.info(
                "action=approve ok=True slack_user=%s ashby_user=%s offer=%s version=%s step=%s",
                asker.slack_user_id,
                viewer.id,
                offer_id,
                version_id,
                step_id,
            )
            record = {"text": "", "by": viewer.user.name, "at": self.clock().isoformat()}
            self.recruiting.forget_approvals()
            try:
                await self.once.record(key, record, keep_for=SENT_TTL)
                record["text"] = _after_text(await self.recruiting.offer_view(offer_id))
                await self.once.record(key, record, keep_for=SENT_TTL)
            except Exception as exc:  # the approval stands: say so, whatever failed after it
                log.warning("approved, but could not record or read it back: %s", type(exc).__name__)
            task = asyncio.get_running_loop().create_task(self._notify_quietly(client))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            return Answer(private=_approved_card(offer, record), replaces_card=True)

        try:
            return await self.answerer.guarded(work())
        except NotVisible:
            return Answer(private=notices.not_allowed("Your Ashby access doesn't include that offer."))
        except StoreError as exc:
            log.warning("shared store unavailable during an approval: %s", exc)
            return Answer(private=store_down())

    async def _notify_quietly(self, client: AsyncWebClient) -> None:
        try:
            await self.notify(client)
        except Exception as exc:  # the periodic round will catch up
            log.warning("sending the next approval cards failed: %s", type(exc).__name__)


def _not_carried_out(exc: errors.AshbyError) -> bool:
    """True when Ashby provably did not approve: a refusal, throttling, or a request that never left."""
    if isinstance(exc, errors.AshbyTransportError):
        return not exc.reached_server
    return isinstance(exc, errors.AshbyAPIError)


def _stale(text: str) -> Message:
    return notices.notice(text, hint="Nothing was changed. Open the offer in Ashby to see where it stands.")


def _after_text(offer: OfferView) -> str:
    if offer.approval_status == "Approved" or offer.current_step_id is None:
        return "The offer is fully approved."
    waiting = [a.person.name for a in offer.current_approvers if a.decision == "pending"]
    return f"Now at step {offer.steps_done + 1} of {offer.steps_total}, waiting on {', '.join(waiting)}."


def _approved_card(offer: OfferView, record: dict[str, Any]) -> Message:
    return notices.notice(
        f"✅ You approved {offer.candidate_name}'s offer for {offer.job.title}. {record['text']}",
        title="Offer approved",
    )
