"""A LocalSlack with a small workspace, served on 127.0.0.1 for each test."""

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.loopback.local_slack import LocalChannel, LocalSlack, LocalSlackUser

TOKEN = "xoxb-local"
SIGNING_SECRET = "local-signing-secret"

USERS = (
    LocalSlackUser(id="U0JANE", name="jane", real_name="Jane Recruiter", email="Jane@Example.com"),
    LocalSlackUser(
        id="U0OMAR", name="omar", real_name="Omar Interviewer", email=None, tz="Europe/Berlin", tz_offset=3600
    ),
)
CHANNELS = (
    LocalChannel(id="C0HIRING", name="hiring"),
    LocalChannel(id="C0OFFERS", name="offers", is_private=True),
    LocalChannel(id="G0LEGACY", name="old-private", is_private=True),
)


@pytest.fixture
async def slack() -> AsyncIterator[LocalSlack]:
    async with LocalSlack(bot_token=TOKEN, users=USERS, channels=CHANNELS) as server:
        yield server


@pytest.fixture
def client(slack: LocalSlack) -> AsyncWebClient:
    return AsyncWebClient(token=TOKEN, base_url=slack.api_url)
