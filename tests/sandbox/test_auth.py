"""Authentication, permissions and the protocol envelope."""

from __future__ import annotations

import re

import httpx

from ashby.sandbox import Sandbox, SandboxKey, running_sandbox
from tests.sandbox.support import NOW, Api

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


async def test_missing_or_unreadable_credentials_are_401(url: str) -> None:
    async with httpx.AsyncClient(base_url=url) as client:
        for headers in ({}, {"Authorization": "Bearer sandbox"}, {"Authorization": "Basic !!!"}):
            response = await client.post("/candidate.list", json={}, headers=headers)
            assert response.status_code == 401
            payload = response.json()
            assert payload["success"] is False
            assert payload["errorInfo"]["code"] == "unauthenticated"
            assert ULID.match(response.headers["x-ashby-request-id"])


async def test_unknown_key_is_403(url: str) -> None:
    async with httpx.AsyncClient(base_url=url, auth=("not-a-key", "")) as client:
        info = await Api(client).error("candidate.list", {}, status=403)
    assert info["code"] == "invalid_api_key"


async def test_missing_permission_names_permission_and_endpoint() -> None:
    narrow = SandboxKey("reader", permissions=frozenset({"candidatesRead"}), title="Read-only")
    sandbox = Sandbox(candidates=30, keys=[narrow], now=NOW)
    async with (
        running_sandbox(sandbox) as url,
        httpx.AsyncClient(base_url=url, auth=("reader", "")) as client,
    ):
        api = Api(client)
        assert await api.ok("candidate.list", {"limit": 1})
        info = await api.error("application.changeStage", {}, status=403)
        assert info["code"] == "missing_endpoint_permission"
        assert info["meta"] == {"permission": "candidatesWrite"}
        assert "candidatesWrite" in info["message"] and "application.changeStage" in info["message"]
        info = await api.error("apiKey.info", {}, status=403)
        assert info["meta"] == {"permission": "apiKeysRead"}
    assert sandbox.calls["candidate.list"] == 1
    assert sandbox.calls["application.changeStage"] == 0  # refused before reaching a handler


async def test_api_key_info_lists_scopes() -> None:
    key = SandboxKey("k", permissions=frozenset({"apiKeysRead", "candidatesRead", "jobsWrite"}), title="Bot")
    sandbox = Sandbox(candidates=30, keys=[key], now=NOW)
    async with running_sandbox(sandbox) as url, httpx.AsyncClient(base_url=url, auth=("k", "")) as client:
        info = await Api(client).ok("apiKey.info")
    assert info["title"] == "Bot"
    assert info["scopes"] == ["apiKeys:read", "candidates:read", "jobs:write"]
    assert info["createdAt"].endswith("Z")


async def test_every_response_carries_a_request_id(api: Api) -> None:
    response = await api.raw("candidate.list", {"limit": 1})
    assert ULID.match(response.headers["x-ashby-request-id"])
    assert response.headers["content-type"].startswith("application/json")


async def test_unknown_path_is_404_with_envelope(api: Api) -> None:
    info = await api.error("candidate.teleport", {}, status=404)
    assert info["code"] == "endpoint_not_found"
    response = await api.client.post("/a/b", json={})
    assert response.status_code == 404
    assert response.json()["errorInfo"]["code"] == "endpoint_not_found"


async def test_non_post_is_rejected_with_envelope(api: Api) -> None:
    response = await api.client.get("/candidate.list")
    assert response.status_code == 405
    assert response.json()["success"] is False


async def test_unmodelled_endpoint_never_fakes_success(api: Api, sandbox: Sandbox) -> None:
    info = await api.error("brand.list", {})
    assert info["code"] == "sandbox_endpoint_not_supported"
    assert "brand.list" in info["message"]
    assert sandbox.calls["brand.list"] == 1


async def test_body_must_be_a_json_object(api: Api) -> None:
    for content in (b"", b"not json", b"[1, 2]", b'"text"'):
        response = await api.client.post(
            "/candidate.list", content=content, headers={"Content-Type": "application/json"}
        )
        payload = response.json()
        assert response.status_code == 200
        assert payload["errorInfo"]["code"] == "invalid_input"
        assert payload["errorInfo"]["message"] == "Request payload is malformed"


async def test_missing_and_mistyped_parameters_name_the_field(api: Api) -> None:
    info = await api.error("candidate.info", {})
    assert info["code"] == "invalid_input" and "id" in info["message"]
    info = await api.error("candidate.info", {"candidateId": "6f60ae4f-0d90-53eb-a781-613df648a3a5"})
    assert info["code"] == "invalid_input" and "id" in info["message"]
    info = await api.error("application.info", {"applicationId": 12})
    assert info["code"] == "invalid_input" and "applicationId" in info["message"]
    info = await api.error("candidate.list", {"limit": "ten"})
    assert "limit" in info["message"]
    info = await api.error("user.info", {"id": "6f60ae4f-0d90-53eb-a781-613df648a3a5"})
    assert "userId" in info["message"]


async def test_unknown_ids_are_not_found(api: Api) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    cases = {
        "candidate.info": ({"id": missing}, "candidate_not_found"),
        "application.info": ({"applicationId": missing}, "application_not_found"),
        "job.info": ({"id": missing}, "job_not_found"),
        "offer.info": ({"offerId": missing}, "offer_not_found"),
        "interviewStage.info": ({"interviewStageId": missing}, "interview_stage_not_found"),
        "interview.info": ({"id": missing}, "interview_not_found"),
        "interviewSchedule.cancel": ({"id": missing}, "interview_schedule_not_found"),
        "user.info": ({"userId": missing}, "user_not_found"),
    }
    for endpoint, (body, code) in cases.items():
        assert (await api.error(endpoint, body))["code"] == code, endpoint
