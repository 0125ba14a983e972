"""Endpoint implementations by area; ``HANDLERS`` maps every modelled endpoint to its handler."""

from __future__ import annotations

from ashby.sandbox.endpoints import (
    admin,
    application_feedback,
    applications,
    candidates,
    jobs,
    metadata,
    offer_approvals,
    organization,
    scheduling,
    stage_change,
)
from ashby.sandbox.endpoints.routing import Handler

HANDLERS: dict[str, Handler] = {
    name: handler
    for module in (
        admin,
        application_feedback,
        applications,
        candidates,
        jobs,
        metadata,
        offer_approvals,
        organization,
        scheduling,
        stage_change,
    )
    for name, handler in module.routes.handlers.items()
}

__all__ = ["HANDLERS", "Handler"]
