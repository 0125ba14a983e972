"""Endpoint implementations by area; ``HANDLERS`` maps every modelled endpoint to its handler."""

from __future__ import annotations

from ashby.sandbox.handlers import (
    admin,
    applications,
    candidates,
    feedback,
    interviews,
    jobs,
    metadata,
    offers,
    organization,
    stage_change,
)
from ashby.sandbox.handlers.routing import Handler

HANDLERS: dict[str, Handler] = {
    name: handler
    for module in (
        admin,
        applications,
        candidates,
        feedback,
        interviews,
        jobs,
        metadata,
        offers,
        organization,
        stage_change,
    )
    for name, handler in module.routes.handlers.items()
}

__all__ = ["HANDLERS", "Handler"]
