from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from ashby.sandbox import Sandbox, running_sandbox
from tests.sandbox.support import CANDIDATES, NOW, Api


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(seed=7, candidates=CANDIDATES, now=NOW)


@pytest.fixture
async def url(sandbox: Sandbox) -> AsyncIterator[str]:
    async with running_sandbox(sandbox) as base_url:
        yield base_url


@pytest.fixture
async def api(url: str) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=url, auth=("sandbox", ""), timeout=10) as client:
        yield Api(client)
