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


#: Bolt log lines that carry a whole (or filtered) request body: what precedes the body is kept.
_BOLT_BODIES = (
    # a failed signature check: "Invalid request signature detected (signature: ..., body: ...)"
    re.compile(r"^(Invalid request signature detected)\b.*", re.DOTALL),
    # "Unhandled request ({filtered body})" and its multi-line suggestion
    re.compile(r"^(Unhandled request)\b.*", re.DOTALL),
    # "A global middleware (...) skipped calling ... without providing a response for the request ({body})"
    re.compile(r"^(.*? for the request) \(.*", re.DOTALL),
    # DEBUG lines such as "Responding with status: 200 body: ..."
    re.compile(r"^(.*?\bbody)\b.*", re.DOTALL | re.IGNORECASE),
)
BOLT_LOGGER = "slack_bolt.ashbybot"


class DropRequestBodies(logging.Filter):
    """Cuts a Slack request body (names, emails, message text) out of Bolt's log lines.

    Attached to Bolt's loggers themselves, not to a handler, so it holds wherever the records end up.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern in _BOLT_BODIES:
            found = pattern.match(message)
            if found:
                record.msg, record.args = f"{found.group(1)} (request body not logged)", None
                break
        return True


def bolt_logger() -> logging.Logger:
    """The logger to give Bolt's ``AsyncApp``. Bolt copies its level (unset, so ``slack_bolt``'s applies)
    and its filters to every logger it makes, so no Bolt log line carries a request body; without it Bolt
    would log a request that fails the signature check whole, at INFO."""
    logger = logging.getLogger(BOLT_LOGGER)
    if not any(isinstance(f, DropRequestBodies) for f in logger.filters):
        logger.addFilter(DropRequestBodies())
    return logger


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
