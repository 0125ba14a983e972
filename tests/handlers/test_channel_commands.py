"""``/ashby subscribe`` and ``unsubscribe`` without Slack: reading the scope and topics out of what people type,
the department wordings, the refusals (no Ashby user, a DM, no write role), and the scope a wording lands on
(with the reference data and the Slack client stubbed)."""

from __future__ import annotations

import json
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from ashby import models as m
from ashby.access import ADMIN, DEFAULT_WRITE_ROLES, ELEVATED, EXTERNAL, LIMITED, Viewer
from ashby.events import Topic
from ashby.queries import Recruiting
from ashby.store import MemoryStore
from handlers.identity import Asker
from handlers.notify.channel_commands import USAGE, ChannelCommands, _department_query, split_topics
from handlers.notify.subscriptions import ALL_JOBS, DEFAULT_TOPICS, Scope, Subscription, Subscriptions
from tests.blocks.factories import shown

TZ = ZoneInfo("Europe/Berlin")
CHANNEL = "C0HIRING"
A = Topic.APPLICATIONS
MV = Topic.MOVES
AR = Topic.ARCHIVES
O = Topic.OFFERS  # noqa: E741
H = Topic.HIRES
EVERY = frozenset(Topic)


def topics(*found: Topic) -> frozenset[Topic]:
    return frozenset(found)


# -- split_topics -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scope", "wanted"),
    [
        # The usage's own examples.
        ("backend engineer offers and hires", "backend engineer", topics(O, H)),
        ("Senior Backend Engineer, offers, hires", "Senior Backend Engineer", topics(O, H)),
        ("engineering department applications", "engineering department", topics(A)),
        ("design everything", "design", EVERY),
        ("all jobs", "all jobs", topics()),
        ("all jobs, offers and hires", "all jobs", topics(O, H)),
        ("REQ-1042", "REQ-1042", topics()),
        ("REQ-1042 only hires", "REQ-1042", topics(H)),
        # Case, punctuation and connecting words.
        ("Backend engineer OFFERS AND HIRES", "Backend engineer", topics(O, H)),
        ("Backend Engineer: moves & archives", "Backend Engineer", topics(MV, AR)),
        ("backend engineer; offers", "backend engineer", topics(O)),
        ("backend engineer/offers", "backend engineer", topics(O)),
        ("backend engineer offers + hires", "backend engineer", topics(O, H)),
        ("backend engineer offers, and the hires", "backend engineer", topics(O, H)),
        ("backend engineer updates on offers", "backend engineer", EVERY),
        ("C++ Engineer hires", "C++ Engineer", topics(H)),
        ("R&D Lead offers", "R&D Lead", topics(O)),
        # Every synonym people use for a topic.
        ("Product Designer, new applicants + referrals", "Product Designer", topics(A)),
        ("Data Analyst applied", "Data Analyst", topics(A)),
        ("Data Analyst apps", "Data Analyst", topics(A)),
        ("backend engineer stage changes", "backend engineer", topics(MV)),
        ("backend engineer progress", "backend engineer", topics(MV)),
        ("backend engineer moved", "backend engineer", topics(MV)),
        ("backend engineer, rejections and withdrawals", "backend engineer", topics(AR)),
        ("backend engineer rejected withdrawn archived", "backend engineer", topics(AR)),
        ("backend engineer hired", "backend engineer", topics(H)),
        ("backend engineer offer", "backend engineer", topics(O)),
        ("backend engineer events", "backend engineer", EVERY),
        # A title with a topic word inside keeps it: only the trailing run of topic words is read.
        ("Offer Manager", "Offer Manager", topics()),
        ("Offer Manager offers", "Offer Manager", topics(O)),
        ("Hiring Manager", "Hiring Manager", topics()),
        ("Hiring Manager hires", "Hiring Manager", topics(H)),
        ("Stage Manager moves", "Stage Manager", topics(MV)),
        ("New Grad Engineer applications", "New Grad Engineer", topics(A)),
        # "all" before topics is the scope, not a joiner.
        ("all offers", "all", topics(O)),
        ("all", "all", topics()),
        # Only topics, or nothing: no scope.
        ("offers and hires", "", topics(O, H)),
        ("", "", topics()),
        ("   ", "", topics()),
        (",,,", "", topics()),
    ],
)
def test_split_topics(text: str, scope: str, wanted: frozenset[Topic]) -> None:
    assert split_topics(text) == (scope, wanted)


@pytest.mark.parametrize(
    ("text", "scope", "wanted"),
    [
        # A title that ends with a topic word loses it: the trailing words are topic position, and nothing
        # tells "Head of Hiring" the job from "Head", hires. Naming the requisition avoids it.
        ("Head of Hiring", "Head", topics(H)),
        ("Head of Hiring offers", "Head", topics(O, H)),
        ("Engineer - New", "Engineer -", topics(A)),
        # Topics are read only at the end: named first, they stay in the scope (and the default topics apply).
        ("offers for backend engineer", "offers for backend engineer", topics()),
        # Words the parser does not know end the topic run and stay in the scope.
        ("Backend Engineer just offers", "Backend Engineer just", topics(O)),
        # The scope is rebuilt from words: punctuation other than & + * ' - goes.
        ("Sr. Backend Engineer (Platform) offers", "Sr Backend Engineer Platform", topics(O)),
    ],
)
def test_split_topics_as_it_reads_ambiguous_wordings(text: str, scope: str, wanted: frozenset[Topic]) -> None:
    assert split_topics(text) == (scope, wanted)


@pytest.mark.parametrize(
    ("text", "scope", "wanted"),
    [
        ("REQ-1042 hires only", "REQ-1042", topics(H)),
        ("Backend Engineer offers only", "Backend Engineer", topics(O)),
        ("design, hires and offers only", "design", topics(O, H)),
    ],
)
def test_a_trailing_only_is_read_as_a_joiner(text: str, scope: str, wanted: frozenset[Topic]) -> None:
    # "only" is one of the joiners, but it is only skipped once a topic word has been read from the end,
    # so "hires only" keeps both words in the scope and the channel gets the default topics instead.
    assert split_topics(text) == (scope, wanted)


# -- _department_query --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "department"),
    [
        ("engineering department", "engineering"),
        ("department engineering", "engineering"),
        ("Engineering  Department", "Engineering"),
        ("ENGINEERING DEPT", "ENGINEERING"),
        ("dept Sales", "Sales"),
        ("Product team", "Product"),
        ("the sales org", "the sales"),
        ("org design", "design"),
        ("Customer Success department", "Customer Success"),
        ("department of engineering", "of engineering"),  # the "of" stays; the fuzzy match copes
        # A job title starting with one of the words reads as a department.
        ("Team Lead", "Lead"),
        ("Engineering", None),
        ("department", None),
        ("team", None),
        ("", None),
        ("   ", None),
        ("Customer Success Team Lead", None),
        ("Senior Backend Engineer", None),
    ],
)
def test_department_query(scope: str, department: str | None) -> None:
    assert _department_query(scope) == department


# -- refusals -----------------------------------------------------------------------------------------------------


class Untouchable:
    """Stands for Ashby and the shared store: a refusal must not reach either."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"a refusal touched {name}")


def user(role: str | None, **fields: Any) -> m.User:
    return m.User(
        id="user-dana", first_name="Dana", last_name="Scully", email="dana@example.com", global_role=role, **fields
    )


def asker(role: str | None = ADMIN, *, viewer: bool = True, refusal: str | None = None) -> Asker:
    return Asker("U0DANA", TZ, Viewer(user(role)) if viewer else None, refusal)


def refusing_commands() -> ChannelCommands:
    return ChannelCommands(
        cast(Recruiting, Untouchable()), cast(Subscriptions, Untouchable()), write_roles=DEFAULT_WRITE_ROLES
    )


def client() -> AsyncWebClient:
    return cast(AsyncWebClient, Untouchable())


async def both(
    commands: ChannelCommands, who: Asker, channel: str, text: str = "backend engineer offers"
) -> list[dict[str, Any]]:
    return [
        await commands.subscribe(text, who, channel, client()),
        await commands.unsubscribe(text, who, channel),
    ]


@pytest.mark.parametrize(
    ("refusal", "reason"),
    [
        (None, "You don't have access to Ashby."),
        ("Your Ashby account is deactivated.", "Your Ashby account is deactivated."),
        (
            "Your Slack email doesn't match a user in Ashby. Ask an Ashby admin to add you.",
            "Your Slack email doesn't match a user in Ashby. Ask an Ashby admin to add you.",
        ),
    ],
)
async def test_someone_without_an_ashby_user_is_refused(refusal: str | None, reason: str) -> None:
    who = asker(viewer=False, refusal=refusal)
    for msg in await both(refusing_commands(), who, CHANNEL):
        assert msg == who.no_access()
        assert "🔒 Not available to you" in shown(msg)
        assert reason in msg["text"]


async def test_someone_without_an_ashby_user_is_refused_in_a_dm_too() -> None:
    who = asker(viewer=False)
    for msg in await both(refusing_commands(), who, "D0DANA"):
        assert msg == who.no_access()


@pytest.mark.parametrize("role", [ADMIN, ELEVATED, LIMITED, None])
@pytest.mark.parametrize("verb", ["subscribe", "unsubscribe"])
async def test_a_dm_is_not_a_channel(role: str | None, verb: str) -> None:
    commands = refusing_commands()
    who = asker(role)
    if verb == "subscribe":
        msg = await commands.subscribe("backend engineer offers", who, "D0DANA", client())
    else:
        msg = await commands.unsubscribe("backend engineer", who, "D0DANA")
    text = shown(msg)
    assert f"Run /ashby {verb} in the channel that should get the posts." in text
    assert USAGE.splitlines()[0].replace("<", "&lt;").replace(">", "&gt;") in text


@pytest.mark.parametrize("role", [LIMITED, EXTERNAL, None, "", "organization admin", "Interviewer"])
async def test_only_a_write_role_may_change_a_channel(role: str | None) -> None:
    for msg in await both(refusing_commands(), asker(role), CHANNEL):
        text = shown(msg)
        assert "🔒 Not available to you" in text
        assert "Only people with a write role in Ashby (Elevated Access, Organization Admin)" in text


async def test_the_write_roles_are_the_ones_configured() -> None:
    commands = ChannelCommands(
        cast(Recruiting, Untouchable()), cast(Subscriptions, Untouchable()), write_roles=frozenset({ADMIN})
    )
    for msg in await both(commands, asker(ELEVATED), CHANNEL):
        assert "Only people with a write role in Ashby (Organization Admin)" in shown(msg)


# -- what a wording subscribes to (reference data and Slack stubbed) ------------------------------------------------


class Reference:
    def __init__(self, jobs: list[m.Job], departments: list[m.Department]) -> None:
        self._jobs = {j.id: j for j in jobs}
        self._departments = {d.id: d for d in departments}

    async def jobs(self) -> dict[str, m.Job]:
        return self._jobs

    async def departments(self) -> dict[str, m.Department]:
        return self._departments


class FakeRecruiting:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference


class Slack:
    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []

    async def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        self.posts.append(kwargs)
        return {"ok": True}


JOBS = [
    m.Job(
        id="job-be",
        title="Senior Backend Engineer",
        status="Open",
        department_id="dep-eng",
        custom_requisition_id="REQ-1042",
    ),
    m.Job(
        id="job-tl",
        title="Team Lead, Support",
        status="Open",
        department_id="dep-sup",
        custom_requisition_id="REQ-2001",
    ),
    m.Job(id="job-cf", title="Chief of Staff", status="Open", confidential=True, custom_requisition_id="REQ-3001"),
    m.Job(id="job-old", title="Backend Engineer (2019)", status="Archived"),
]
DEPARTMENTS = [
    m.Department(id="dep-eng", name="Engineering"),
    m.Department(id="dep-sup", name="Customer Support"),
    m.Department(id="dep-old", name="Design", is_archived=True),
]


@pytest.fixture
def subscriptions() -> Subscriptions:
    return Subscriptions(MemoryStore())


@pytest.fixture
def commands(subscriptions: Subscriptions) -> ChannelCommands:
    recruiting = cast(Recruiting, FakeRecruiting(Reference(JOBS, DEPARTMENTS)))
    return ChannelCommands(recruiting, subscriptions, write_roles=DEFAULT_WRITE_ROLES)


async def subscribed(commands: ChannelCommands, subscriptions: Subscriptions, text: str) -> list[Subscription]:
    slack = Slack()
    await commands.subscribe(text, asker(ELEVATED), CHANNEL, cast(AsyncWebClient, slack))
    return await subscriptions.of_channel(CHANNEL)


async def test_subscribing_to_a_job_with_topics_announces_it(
    commands: ChannelCommands, subscriptions: Subscriptions
) -> None:
    slack = Slack()
    msg = await commands.subscribe(
        "senior backend engineer offers and hires", asker(ADMIN), CHANNEL, cast(AsyncWebClient, slack)
    )
    assert await subscriptions.of_channel(CHANNEL) == [
        Subscription(CHANNEL, Scope("job", "job-be", "Senior Backend Engineer"), topics(O, H), "U0DANA")
    ]
    assert "This channel now hears about *Senior Backend Engineer*: offers, hires." in shown(msg)
    [post] = slack.posts
    assert post["channel"] == CHANNEL
    assert post["text"].startswith(
        "📣 <@U0DANA> subscribed this channel to Ashby updates for *Senior Backend Engineer*"
    )


@pytest.mark.parametrize(
    ("text", "scope", "wanted"),
    [
        ("REQ-1042", Scope("job", "job-be", "Senior Backend Engineer"), DEFAULT_TOPICS),
        ("all jobs", ALL_JOBS, DEFAULT_TOPICS),
        ("all jobs archives", ALL_JOBS, topics(AR)),
        ("every job", ALL_JOBS, DEFAULT_TOPICS),
        ("engineering department hires", Scope("department", "dep-eng", "Engineering"), topics(H)),
        ("customer support", Scope("department", "dep-sup", "Customer Support"), DEFAULT_TOPICS),
    ],
)
async def test_what_a_wording_subscribes_to(
    commands: ChannelCommands, subscriptions: Subscriptions, text: str, scope: Scope, wanted: frozenset[Topic]
) -> None:
    [subscription] = await subscribed(commands, subscriptions, text)
    assert (subscription.scope, subscription.topics) == (scope, wanted)


async def test_a_confidential_job_is_refused(commands: ChannelCommands, subscriptions: Subscriptions) -> None:
    slack = Slack()
    msg = await commands.subscribe("chief of staff", asker(ADMIN), CHANNEL, cast(AsyncWebClient, slack))
    assert "Chief of Staff is confidential" in shown(msg)
    assert await subscriptions.of_channel(CHANNEL) == []
    assert slack.posts == []


async def test_no_scope_asks_which_jobs(commands: ChannelCommands, subscriptions: Subscriptions) -> None:
    msg = await commands.subscribe("offers and hires", asker(ADMIN), CHANNEL, cast(AsyncWebClient, Slack()))
    assert "Which jobs should this channel hear about?" in shown(msg)
    assert await subscriptions.of_channel(CHANNEL) == []


async def test_subscribe_everything_is_all_jobs(commands: ChannelCommands, subscriptions: Subscriptions) -> None:
    # "everything" is one of the all-jobs wordings, but split_topics reads it as a topic word first, leaving
    # an empty scope: the command asks "Which jobs should this channel hear about?" and subscribes nothing.
    [subscription] = await subscribed(commands, subscriptions, "everything")
    assert subscription.scope == ALL_JOBS


BACKEND = Scope("job", "job-be", "Senior Backend Engineer")
ENGINEERING = Scope("department", "dep-eng", "Engineering")


async def _subscribe_to(subscriptions: Subscriptions, *scopes: Scope) -> None:
    for scope in scopes:
        await subscriptions.add(Subscription(CHANNEL, scope, DEFAULT_TOPICS, "U0DANA"))


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("all", []),
        ("every subscription", []),
        ("all jobs", [BACKEND, ENGINEERING]),
        ("backend engineer", [ALL_JOBS, ENGINEERING]),
        ("engineering offers", [ALL_JOBS, BACKEND]),
    ],
)
async def test_unsubscribe_by_wording(
    commands: ChannelCommands, subscriptions: Subscriptions, text: str, left: list[Scope]
) -> None:
    await _subscribe_to(subscriptions, ALL_JOBS, BACKEND, ENGINEERING)
    msg = await commands.unsubscribe(text, asker(ADMIN), CHANNEL)
    assert "🔕 Unsubscribed" in shown(msg)
    assert sorted(s.scope.name for s in await subscriptions.of_channel(CHANNEL)) == sorted(x.name for x in left)


async def test_unsubscribe_everything_removes_every_subscription(
    commands: ChannelCommands, subscriptions: Subscriptions
) -> None:
    # "everything" is one of the every-subscription wordings, but split_topics strips it as a topic word, so
    # the command looks for a subscription named "" and answers "No subscription of this channel matches “…”".
    await _subscribe_to(subscriptions, BACKEND, ENGINEERING)
    msg = await commands.unsubscribe("everything", asker(ADMIN), CHANNEL)
    assert await subscriptions.of_channel(CHANNEL) == [], json.dumps(msg)


async def test_a_job_title_starting_with_team_can_be_subscribed(
    commands: ChannelCommands, subscriptions: Subscriptions
) -> None:
    # "Team Lead, Support" reads as the department "Lead Support"; when no department matches, the command
    # answers "No department matches" without trying the jobs.
    [subscription] = await subscribed(commands, subscriptions, "Team Lead, Support")
    assert subscription.scope == Scope("job", "job-tl", "Team Lead, Support")


async def test_hires_only_subscribes_the_job_to_hires(commands: ChannelCommands, subscriptions: Subscriptions) -> None:
    # With "hires only" left in the scope, the job is not found at all ("No job or department matches").
    [subscription] = await subscribed(commands, subscriptions, "REQ-1042 hires only")
    assert (subscription.scope, subscription.topics) == (Scope("job", "job-be", "Senior Backend Engineer"), topics(H))
