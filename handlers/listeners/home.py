"""(stub: filled in by the home work)"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from ..services import Services


def register(app: AsyncApp, services: Services) -> None:
    """Attach this module's listeners."""
