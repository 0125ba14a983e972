"""Talking to a running sandbox over real loopback HTTP, the way the client will."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
CANDIDATES = 300


class Api:
    """Thin helpers over an ``httpx.AsyncClient`` authenticated with one key."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def raw(self, endpoint: str, body: Any = None) -> httpx.Response:
        return await self.client.post(f"/{endpoint}", json={} if body is None else body)

    async def ok(self, endpoint: str, body: Any = None) -> Any:
        payload = await self.payload(endpoint, body)
        assert payload["success"] is True, payload
        return payload["results"]

    async def payload(self, endpoint: str, body: Any = None) -> dict[str, Any]:
        response = await self.raw(endpoint, body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def error(self, endpoint: str, body: Any = None, status: int = 200) -> dict[str, Any]:
        """The ``errorInfo`` of a failing call, after checking Ashby's error envelope."""
        response = await self.raw(endpoint, body)
        assert response.status_code == status, response.text
        payload = response.json()
        assert payload["success"] is False
        info: dict[str, Any] = payload["errorInfo"]
        assert payload["errors"] == [info["code"]]
        assert info["requestId"] == response.headers["x-ashby-request-id"]
        return info

    async def everything(self, endpoint: str, body: dict[str, Any] | None = None) -> tuple[list[Any], str | None]:
        """Follow cursors to the end; returns all results and the final sync token."""
        body = dict(body or {})
        results: list[Any] = []
        while True:
            page = await self.payload(endpoint, body)
            assert page["success"] is True, page
            results += page["results"]
            if not page["moreDataAvailable"]:
                return results, page.get("syncToken")
            body["cursor"] = page["nextCursor"]

    async def candidate(self, email: str) -> dict[str, Any]:
        found = await self.ok("candidate.search", {"email": email})
        assert len(found) == 1, found
        candidate: dict[str, Any] = found[0]
        return candidate

    async def application(self, email: str) -> dict[str, Any]:
        candidate = await self.candidate(email)
        application: dict[str, Any] = await self.ok(
            "application.info", {"applicationId": candidate["applicationIds"][0]}
        )
        return application

    async def stage(self, application: dict[str, Any], title: str) -> dict[str, Any]:
        plan_id = application["currentInterviewStage"]["interviewPlanId"]
        stages = await self.ok("interviewStage.list", {"interviewPlanId": plan_id})
        stage: dict[str, Any] = next(s for s in stages if s["title"] == title)
        return stage

    async def user_id(self, email: str) -> str:
        (user,) = await self.ok("user.search", {"email": email})
        user_id: str = user["id"]
        return user_id
