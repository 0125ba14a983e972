"""What happened in Ashby, in the bot's words: the kinds of change people are told about, and the topics
they mute or subscribe a channel to. Pure data; ``ashby.changes`` reads them out of webhooks and syncs."""

from __future__ import annotations

from enum import StrEnum


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
