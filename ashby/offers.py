"""Offers and their approvals, as the offers list, a candidate's offers and the approver's card show them.

Approvals are listed once for every offer and cached briefly (``forget_approvals`` clears them after an
approval); the card an approver acts on is read fresh. Who an offer is for comes from the candidate index
when it holds the application, so listing offers does not cost one Ashby call each.
"""

from __future__ import annotations

import asyncio

from . import models as m
from .access import Viewer
from .memo import Memo
from .records import Lookup, Records, is_confidential, person
from .views import ApproverState, OfferView


class Offers:
    """Offer lists and views with their approval state, over the shared records."""

    def __init__(self, records: Records, *, record_ttl: float = 30.0) -> None:
        self.records = records
        self._approvals: Memo[dict[str, m.Approval]] = Memo(record_ttl)

    async def offers(self, viewer: Viewer, *, pending_only: bool, include_confidential: bool) -> list[OfferView]:
        statuses = ["WaitingOnOfferApproval", "WaitingOnApprovalStart"] if pending_only else None
        offers = await self.records.client.offers(offer_statuses=statuses)
        if not pending_only:
            offers = [o for o in offers if o.offer_status not in ("OfferCancelled",)]
        jobs = await self.records.reference.jobs()
        visible = []
        for offer in offers:
            _, _, job_id, _ = await self._offer_parties(offer.application_id)
            job = jobs.get(job_id)
            if is_confidential(job) and not include_confidential:
                continue
            if job is not None and viewer.can_see_job(job):  # by the job's team, as for interviews
                visible.append(offer)
        return await self.offer_views(visible)

    async def candidate_offers(self, found: Lookup) -> list[OfferView]:
        """The offers on the applications of a candidate the asker may see: one call per application, at once,
        instead of every offer in the organisation."""
        per_application = await asyncio.gather(
            *(self.records.client.offers(application_id=app.id) for app in found.applications)
        )
        offers = [o for batch in per_application for o in batch if o.offer_status != "OfferCancelled"]
        return await self.offer_views(offers)

    async def awaiting_approval(self) -> list[OfferView]:
        """Every offer whose approval is under way, whoever may see it: for sending approvers their cards."""
        return await self.offer_views(await self.records.client.offers(offer_statuses=["WaitingOnOfferApproval"]))

    async def offer_view(self, offer_id: str) -> OfferView:
        """One offer as it is now (nothing cached): the Approve button checks against this."""
        offer = await self.records.client.offer_info(offer_id)
        version = offer.latest_version
        approvals = await self.records.client.approvals(entity_type="offer", entity_id=version.id) if version else []
        return (await self.offer_views([offer], {a.entity_id: a for a in approvals}))[0]

    async def offer_views(
        self, offers: list[m.Offer], approvals: dict[str, m.Approval] | None = None
    ) -> list[OfferView]:
        if approvals is None:
            approvals = await self._approvals.get("offer", self._offer_approvals)
        people = await self.records.people()
        views = []
        for offer in offers:
            candidate_id, candidate_name, job_id, job_title = await self._offer_parties(offer.application_id)
            version = offer.latest_version
            approval = approvals.get(version.id) if version else None
            step = approval.current_step() if approval else None
            author = version.author if version else None
            views.append(
                OfferView(
                    id=offer.id,
                    candidate_id=candidate_id,
                    candidate_name=candidate_name,
                    application_id=offer.application_id,
                    job=await self.records.job_view(job_id, fallback_title=job_title),
                    offer_status=offer.offer_status,
                    acceptance_status=offer.acceptance_status,
                    approval_status=version.approval_status if version else None,
                    version_id=version.id if version else None,
                    salary=_money(version.salary) if version else None,
                    start_date=version.start_date if version else None,
                    current_step_id=step.id if step else None,
                    current_approvers=tuple(
                        ApproverState(person=person(a.user_id, None, None, people), decision=a.decision)
                        for a in (step.approvers if step else [])
                    ),
                    steps_done=sum(1 for s in approval.steps if s.completed_at) if approval else 0,
                    steps_total=len(approval.steps) if approval else 0,
                    requested_by=person(author.id, author.name, author.email, people) if author else None,
                )
            )
        return views

    async def _offer_approvals(self) -> dict[str, m.Approval]:
        return {a.entity_id: a for a in await self.records.client.approvals(entity_type="offer")}

    def forget_approvals(self) -> None:
        self._approvals.invalidate()

    async def _offer_parties(self, application_id: str) -> tuple[str, str, str, str]:
        """(candidate id, name, job id, title) of an offer, from the index when it knows the application."""
        index = self.records.index
        indexed = index.application(application_id) if index is not None else None
        candidate = index.get(indexed.candidate_id) if index is not None and indexed else None
        if indexed is not None and candidate is not None and indexed.job_id:
            job = await self.records.reference.job(indexed.job_id)
            return candidate.id, candidate.name, indexed.job_id, job.title if job else "Unknown job"
        app = await self.records.application(application_id)
        return app.candidate.id, app.candidate.name, app.job.id, app.job.title


# -- helpers --------------------------------------------------------------------------------------------


def _money(salary: m.Money | None) -> str | None:
    if salary is None or salary.value is None:
        return None
    return f"{salary.currency_code or ''} {salary.value:,.0f}".strip()
