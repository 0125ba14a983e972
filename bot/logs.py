"""Logging set-up: one line per event, and nothing that could carry a secret or a candidate's data.

Handlers log ids and outcomes, never names, emails or message text; this filter is the last line of
defence for tokens that slip into a message anyway (e.g. from a third-party library).
"""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"(xox[abpr]-[\w-]+|xapp-[\w-]+|Basic [A-Za-z0-9+/=]{8,}|Bearer [\w.-]+)")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET.sub("[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Third-party libraries log request URLs and bodies at DEBUG/INFO; keep them quiet.
    for noisy in ("httpx", "httpcore", "aiohttp.access", "slack_bolt", "slack_sdk"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
