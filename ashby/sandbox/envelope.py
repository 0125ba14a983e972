"""Ashby's response envelopes: ``{success, results ...}`` and ``{success: false, errors, errorInfo}``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiohttp import web

from ashby.sandbox.api_errors import ApiError

REQUEST_ID_HEADER = "x-ashby-request-id"
# Set per request by the server's middleware; error envelopes repeat it as errorInfo.requestId.
request_id_var: ContextVar[str] = ContextVar("ashby_request_id", default="")


def json_response(payload: Mapping[str, Any], *, status: int = 200) -> web.Response:
    # ensure_ascii=False: names such as 李伟 travel as UTF-8, as Ashby sends them.
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def error_payload(error: ApiError) -> dict[str, Any]:
    info: dict[str, Any] = {"code": error.code, "message": error.message, "requestId": request_id_var.get()}
    if error.meta is not None:
        info["meta"] = error.meta
    return {"success": False, "errors": [error.code], "errorInfo": info}


def error_response(error: ApiError) -> web.Response:
    response = json_response(error_payload(error), status=error.status)
    response.headers.update(error.headers)
    return response
