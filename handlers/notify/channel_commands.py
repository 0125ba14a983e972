"""``/ashby subscribe``, ``unsubscribe`` and ``subscriptions``: which channel hears about which jobs.

``/ashby subscribe <job | department | all jobs> [topics]`` in a channel. Only people with a write role may
subscribe a channel; a confidential job is refused (its news reaches its hiring team by DM only). The channel
gets a one-line post saying who subscribed it to what, so nobody is surprised by the posts that follow.
"""

from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz, process
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.events import Topic
from ashby.queries import Recruiting
from ashby.resolver import JobResolver
from blocks.common import Message
from blocks.notices import not_allowed, not_found, notice

from ..identity import Asker
from .subscriptions import ALL_JOBS, DEFAULT_TOPICS, Scope, Subscription, Subscriptions

log = logging.getLogger(__name__)

USAGE = (
    "/ashby subscribe <job | department | all jobs> [applications, moves, archives, offers, hires]\n"
    "/ashby unsubscribe <job | department | all jobs | all>\n/ashby subscriptions"
)
_TOPIC_WORDS: dict[str, frozenset[Topic]] = {
    **dict.fromkeys(
        ("applications", "application", "applicants", "applied", "apps", "new", "referrals", "referral"),
        frozenset({Topic.APPLICATIONS}),
    ),
    **dict.fromkeys(("moves", "move", "moved", "stages", "stage", "changes", "progress"), frozenset({Topic.MOVES})),
    **dict.fromkeys(
        ("archives", "archive", "archived", "rejections", "rejected", "withdrawals", "withdrawn"),
        frozenset({Topic.ARCHIVES}),
    ),
    **dict.fromkeys(("offers", "offer"), frozenset({Topic.OFFERS})),
    **dict.fromkeys(("hires", "hire", "hired", "hiring"), frozenset({Topic.HIRES})),
    **dict.fromkeys(("everything", "events", "updates"), frozenset(Topic)),
}
_JOINERS = frozenset({"and", "&", "+", "only", "for", "about", "of", "on", "to", "the", "all"})
_ALL_JOBS = frozenset({"all", "all jobs", "everything", "every job", "all roles", "*", "all the jobs", "company"})
#: ``/ashby unsubscribe all``: every subscription of the channel (``all jobs`` names that one subscription).
_EVERY_SUBSCRIPTION = frozenset({"all", "everything", "*", "every subscription", "all subscriptions"})
_DEPARTMENT_WORDS = ("department", "dept", "team", "org")
_WORD = re.compile(r"[\w&+*'-]+")


def split_topics(text: str) -> tuple[str, frozenset[Topic]]:
    """``"backend engineer offers and hires"`` → (``"backend engineer"``, {offers, hires}): topic words are
    read from the end, so a job title that happens to contain one keeps it."""
    words = _WORD.findall(text.replace(",", " "))
    topics: set[Topic] = set()
    while words:
        last = words[-1].casefold()
        if len(words) == 1 and " ".join(words).casefold() in _ALL_JOBS | _EVERY_SUBSCRIPTION:
            break  # "everything" alone names the scope, not a topic
        if last == "only":
            pass
        elif last in _TOPIC_WORDS:
            topics |= _TOPIC_WORDS[last]
        elif not (topics and last in _JOINERS - {"all"}):
            break
        words.pop()
    return " ".join(words), frozenset(topics)


def _department_query(scope: str) -> str | None:
    words = scope.split()
    if len(words) > 1 and words[0].casefold() in _DEPARTMENT_WORDS:
        return " ".join(words[1:])
    if len(words) > 1 and words[-1].casefold() in _DEPARTMENT_WORDS:
        return " ".join(words[:-1])
    return None


def _topics_text(topics: frozenset[Topic]) -> str:
    return ", ".join(t.value for t in Topic if t in topics)


class ChannelCommands:
    def __init__(self, recruiting: Recruiting, subscriptions: Subscriptions, *, write_roles: frozenset[str]) -> None:
        self.recruiting = recruiting
        self.subscriptions = subscriptions
        self.write_roles = write_roles

    async def subscribe(self, text: str, asker: Asker, channel: str, client: AsyncWebClient) -> Message:
        refusal = self._refusal(asker, channel, "subscribe")
        if refusal is not None:
            return refusal
        scope_text, topics = split_topics(text)
        if not scope_text:
            return notice("Which jobs should this channel hear about?", title="Subscribe this channel", hint=USAGE)
        found = await self._scope(scope_text)
        if isinstance(found, dict):
            return found
        subscription = Subscription(channel, found, topics or DEFAULT_TOPICS, asker.slack_user_id)
        await self.subscriptions.add(subscription)
        what = f"*{found.name}*" if found.kind != "all" else "*all jobs*"
        announced = await self._announce(
            client,
            channel,
            f"📣 <@{asker.slack_user_id}> subscribed this channel to Ashby updates for {what}: "
            f"{_topics_text(subscription.topics)}. Contact details, compensation and feedback are never posted here.",
        )
        hint = None if announced else "Invite me to this channel (/invite @Ashby) so I can post here."
        return notice(
            f"This channel now hears about {what}: {_topics_text(subscription.topics)}.",
            title="✅ Subscribed",
            hint=hint or "Change topics by subscribing again; /ashby unsubscribe stops it.",
        )

    async def unsubscribe(self, text: str, asker: Asker, channel: str) -> Message:
        refusal = self._refusal(asker, channel, "unsubscribe")
        if refusal is not None:
            return refusal
        scope_text, _ = split_topics(text)
        current = await self.subscriptions.of_channel(channel)
        if not current:
            return notice("This channel has no Ashby subscriptions.")
        wanted = scope_text.casefold()
        if wanted in _EVERY_SUBSCRIPTION:
            gone = await self.subscriptions.remove(channel, None)
        elif not wanted and len(current) == 1:
            gone = await self.subscriptions.remove(channel, current[0].scope)
        elif wanted in _ALL_JOBS and any(s.scope == ALL_JOBS for s in current):
            gone = await self.subscriptions.remove(channel, ALL_JOBS)
        else:
            names = [s.scope.name for s in current]
            best = process.extractOne(wanted, [n.casefold() for n in names], scorer=fuzz.WRatio, score_cutoff=80)
            if best is None:
                return not_found(scope_text or "…", "subscription of this channel", names)
            gone = await self.subscriptions.remove(channel, current[best[2]].scope)
        listed = ", ".join(f"*{s.scope.name}*" for s in gone)
        return notice(f"This channel no longer hears about {listed}.", title="🔕 Unsubscribed")

    async def listing(self, channel: str) -> Message:
        current = await self.subscriptions.of_channel(channel)
        if not current:
            return notice("This channel has no Ashby subscriptions.", hint=USAGE)
        lines = [f"• *{s.scope.name}*: {_topics_text(s.topics)} (by <@{s.by}>)" for s in current]
        return notice("\n".join(lines), title="Ashby updates in this channel")

    def _refusal(self, asker: Asker, channel: str, verb: str) -> Message | None:
        if asker.viewer is None:
            return asker.no_access()
        if channel.startswith("D"):
            return notice(f"Run /ashby {verb} in the channel that should get the posts.", hint=USAGE)
        if asker.viewer.user.global_role not in self.write_roles:
            roles = ", ".join(sorted(self.write_roles))
            return not_allowed(f"Only people with a write role in Ashby ({roles}) can change a channel's updates.")
        return None

    async def _scope(self, text: str) -> Scope | Message:
        if text.casefold() in _ALL_JOBS:
            return ALL_JOBS
        department = _department_query(text)
        if department is not None:
            found = await self._department(department)
            if found is not None:
                return found  # else it may be a job called "Team Lead": look at the jobs
        jobs = [job for job in (await self.recruiting.reference.jobs()).values() if job.status != "Archived"]
        resolution = JobResolver([(j.id, j.title, j.custom_requisition_id, j.status) for j in jobs]).resolve(text)
        if resolution.outcome == "found" and resolution.best is not None:
            job = next(j for j in jobs if j.id == resolution.best.job.id)
            if job.confidential:
                return not_allowed(
                    f"{job.title} is confidential: its news goes to its hiring team by DM, never to a channel."
                )
            return Scope("job", job.id, job.title)
        by_department = await self._department(text)
        if by_department is not None:
            return by_department
        names = [match.job.title for match in resolution.matches[:3]]
        return not_found(text, "job or department", names, hint=USAGE)

    async def _department(self, text: str) -> Scope | None:
        departments = await self.recruiting.reference.departments()
        names = {d.id: d.name for d in departments.values() if not d.is_archived}
        best = process.extractOne(text.casefold(), {k: v.casefold() for k, v in names.items()}, scorer=fuzz.WRatio)
        if best is None or best[1] < 85:
            return None
        return Scope("department", best[2], names[best[2]])

    async def _announce(self, client: AsyncWebClient, channel: str, text: str) -> bool:
        try:
            await client.chat_postMessage(channel=channel, text=text)
        except SlackApiError as exc:
            log.info("could not announce a subscription: %s", exc.response.get("error"))
            return False
        return True
