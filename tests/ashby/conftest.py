import pytest_asyncio

from ashby.client import AshbyClient
from ashby.queries import Recruiting
from ashby.sandbox import Sandbox
from tests.ashby.support import loaded_recruiting


@pytest_asyncio.fixture
async def recruiting(ashby: AshbyClient, sandbox: Sandbox) -> Recruiting:
    return await loaded_recruiting(ashby, sandbox)
