"""What happened in Ashby, in the bot's words: the kinds of change people are told about, the topics they
mute or subscribe a channel to, and the notice that tells one change. Pure data: ``ashby.changes`` reads
changes out of webhooks and syncs, ``ashby.notices`` describes them, ``blocks.notifications`` draws them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

#: Where a candidate's profile lives in Ashby's web app.
PROFILE_URL = "https://app.ashbyhq.com/candidates/{}"


class Kind(StrEnum):
    APPLIED = "applied"  # a new application or referral
    MOVED = "moved"  # a stage change (not to Archived or Hired)
    ARCHIVED = "archived"  # archived or withdrawn
    HIRED = "hired"
    OFFER_CREATED = "offer_created"
    OFFER_APPROVED = "offer_approved"
    OFFER_ACCEPTED = "offer_accepted"
    OFFER_DECLINED = "offer_declined"

    @property
    def topic(self) -> Topic:
        return TOPIC_OF[self]


class Topic(StrEnum):
    """What a person mutes, and what a channel subscribes to (``/ashby subscribe <job> offers hires``)."""

    APPLICATIONS = "applications"
    MOVES = "moves"
    ARCHIVES = "archives"
    OFFERS = "offers"
    HIRES = "hires"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_OF: dict[Kind, Topic] = {
    Kind.APPLIED: Topic.APPLICATIONS,
    Kind.MOVED: Topic.MOVES,
    Kind.ARCHIVED: Topic.ARCHIVES,
    Kind.HIRED: Topic.HIRES,
    Kind.OFFER_CREATED: Topic.OFFERS,
    Kind.OFFER_APPROVED: Topic.OFFERS,
    Kind.OFFER_ACCEPTED: Topic.OFFERS,
    Kind.OFFER_DECLINED: Topic.OFFERS,
}
TOPIC_LABELS: dict[Topic, str] = {
    Topic.APPLICATIONS: "New applications and referrals",
    Topic.MOVES: "Stage changes",
    Topic.ARCHIVES: "Archived and withdrawn",
    Topic.OFFERS: "Offers created, approved, accepted or declined",
    Topic.HIRES: "Hires",
}


@dataclass(frozen=True, slots=True)
class TeamMember:
    user_id: str
    email: str | None
    role: str


@dataclass(frozen=True, slots=True)
class Notice:
    """One change as people are told it, stored as JSON in each recipient's outbox until it is sent. It holds
    nothing a channel may not show: no contact details, compensation or feedback."""

    key: str
    kind: Kind
    candidate_id: str
    candidate_name: str
    application_id: str
    job_id: str
    job_title: str
    stage_title: str | None = None
    archive_reason: str | None = None
    department_id: str | None = None
    confidential: bool = True
    team: tuple[TeamMember, ...] = ()
    referral: bool = False

    @property
    def profile_url(self) -> str:
        return PROFILE_URL.format(self.candidate_id)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["team"] = [asdict(member) for member in self.team]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Notice:
        fields = dict(data)
        fields["kind"] = Kind(fields["kind"])
        fields["team"] = tuple(TeamMember(**member) for member in fields.get("team", ()))
        return cls(**fields)
