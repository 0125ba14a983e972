"""Unit tests of envelope decoding and retry decisions, with httpx.MockTransport.

The same paths run against the sandbox over real HTTP in test_client_sandbox.py; these pin down the
decoding of shapes the sandbox does not produce (object-shaped ``errors``, HTTP-date Retry-After...).
"""

import json

import httpx
import pytest

from ashby.client import AshbyClient
from ashby.errors import (
    AshbyAPIError,
    AshbyAuthError,
    AshbyNotFoundError,
    AshbyRateLimitError,
    AshbyResponseError,
    AshbyServerError,
    AshbySyncTokenError,
    AshbyTransportError,
)
from ashby.retry import RetryPolicy

FAST = RetryPolicy(attempts=3, budget=2.0, initial_backoff=0.001, max_backoff=0.01)


def client_for(handler, retry: RetryPolicy = FAST) -> AshbyClient:
    return AshbyClient(
        "secret-key-123", base_url="https://ashby.test", transport=httpx.MockTransport(handler), retry=retry
    )


def error(code: str, message: str = "nope", status: int = 200, request_id: str = "01REQ") -> httpx.Response:
    body = {
        "success": False,
        "errors": [code],
        "errorInfo": {"code": code, "message": message, "requestId": request_id},
    }
    return httpx.Response(status, json=body)


async def test_posts_json_with_basic_auth_to_the_method_path() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "results": {"id": "c1", "name": "Jane Doe"}})

    async with client_for(handler) as client:
        candidate = await client.candidate_info("c1")
    assert candidate.name == "Jane Doe"
    request = seen[0]
    assert request.method == "POST" and request.url.path == "/candidate.info"
    assert json.loads(request.content) == {"id": "c1"}
    assert request.headers["authorization"].startswith("Basic ")
    assert request.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("response", "exc_type", "code"),
    [
        (error("application_not_found"), AshbyNotFoundError, "application_not_found"),
        (error("invalid_input"), AshbyAPIError, "invalid_input"),
        (error("sync_token_expired"), AshbySyncTokenError, "sync_token_expired"),
        (error("missing_endpoint_permission", status=403), AshbyAuthError, "missing_endpoint_permission"),
        (httpx.Response(401, text="Unauthorized"), AshbyAuthError, "unauthenticated"),
        (
            httpx.Response(200, json={"success": False, "errors": [{"code": "x_bad", "message": "m"}]}),
            AshbyAPIError,
            "x_bad",
        ),
    ],
)
async def test_errors_become_typed_exceptions(response: httpx.Response, exc_type: type, code: str) -> None:
    async with client_for(lambda _request: response) as client:
        with pytest.raises(exc_type) as caught:
            await client.call("application.info", {"applicationId": "a"})
    assert caught.value.code == code


async def test_missing_permission_names_the_permission_and_request_id() -> None:
    async with client_for(lambda _r: error("missing_endpoint_permission", status=403, request_id="01ABC")) as client:
        with pytest.raises(AshbyAuthError) as caught:
            await client.call("offer.approve", {"offerVersionId": "v"})
    assert caught.value.permission == "offersWrite"
    assert caught.value.request_id == "01ABC"
    assert "01ABC" in str(caught.value)


async def test_request_id_header_is_used_when_the_body_has_none() -> None:
    response = httpx.Response(500, text="oops", headers={"x-ashby-request-id": "01HDR"})
    async with client_for(lambda _r: response, RetryPolicy(attempts=1)) as client:
        with pytest.raises(AshbyServerError) as caught:
            await client.call("candidate.info", {"id": "c"})
    assert caught.value.request_id == "01HDR"


async def test_the_key_never_appears_in_repr_or_errors() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = client_for(handler, RetryPolicy(attempts=1))
    assert "secret-key-123" not in repr(client)
    with pytest.raises(AshbyTransportError) as caught:
        await client.call("candidate.info", {"id": "c"})
    assert "secret-key-123" not in str(caught.value) and caught.value.__cause__ is None
    await client.aclose()


async def test_rate_limit_without_retry_after_still_backs_off_and_recovers() -> None:
    answers = iter([httpx.Response(429, json={}), httpx.Response(200, json={"success": True, "results": []})])
    async with client_for(lambda _r: next(answers)) as client:
        assert await client.call("source.list") == []


async def test_rate_limit_longer_than_the_budget_is_raised_at_once() -> None:
    calls = 0

    def handler(_request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(
            429, headers={"Retry-After": "60"}, json={"success": False, "errorInfo": {"code": "rate_limit_exceeded"}}
        )

    async with client_for(handler) as client:
        with pytest.raises(AshbyRateLimitError) as caught:
            await client.call("source.list")
    assert caught.value.retry_after == 60 and calls == 1


async def test_malformed_body_is_a_response_error() -> None:
    async with client_for(lambda _r: httpx.Response(200, text="<html>gateway</html>")) as client:
        with pytest.raises(AshbyResponseError):
            await client.call("candidate.info", {"id": "c"})


async def test_a_write_whose_connection_was_refused_is_retried() -> None:
    attempts = 0

    def handler(_request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise httpx.ConnectError("refused")
        return httpx.Response(200, json={"success": True, "results": {"id": "n1", "isPrivate": False}})

    async with client_for(handler) as client:
        note = await client.candidate_create_note("c1", "Great call")
    assert note.value is not None and note.value.id == "n1" and attempts == 2


async def test_a_write_that_timed_out_reading_is_not_retried() -> None:
    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        raise httpx.ReadTimeout("slow", request=request)

    async with client_for(handler) as client:
        with pytest.raises(AshbyTransportError) as caught:
            await client.candidate_create_note("c1", "Great call")
    assert attempts == 1 and caught.value.reached_server
