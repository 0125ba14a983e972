"""The interview loop: briefings before each interview, scorecard reminders after it, the debrief card when
the last scorecard is in, and the daily digest.

Each part does what is due at ``now`` and remembers in the shared store what it did, so a round may run on
every replica and every tick and still nothing happens twice. ``now`` always comes from the bot's one clock,
so tests and the demo move time instead of waiting for it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class LoopPart(Protocol):
    async def run(self, client: AsyncWebClient, now: datetime) -> int:
        """Do what is due at ``now``; returns how many messages were sent or changed."""
        ...


class InterviewLoop:
    def __init__(self, parts: Sequence[tuple[str, LoopPart]], *, clock: Callable[[], datetime]) -> None:
        self.parts = list(parts)
        self.clock = clock

    async def run(self, client: AsyncWebClient) -> int:
        """One round of every part at the clock's ``now``; one part failing does not stop the others."""
        now = self.clock()
        done = 0
        for name, part in self.parts:
            try:
                done += await part.run(client, now)
            except SlackApiError as exc:  # the next round tries again
                log.warning(
                    "interview loop: %s failed: Slack answered %s %s",
                    name,
                    exc.response.get("error"),
                    exc.response.get("errors", ""),
                )
            except Exception as exc:
                log.warning("interview loop: %s failed: %s", name, type(exc).__name__)
        return done
