"""When to try an Ashby call again, built on tenacity.

Reads are retried on throttling, server errors, garbled answers, timeouts and dropped connections, with exponential
backoff and full jitter inside a total time budget. Writes are retried only when Ashby provably never
saw the request, or when it answered 429 (a throttled request was not carried out), so a confirmed
action never runs twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from .errors import AshbyRateLimitError, AshbyResponseError, AshbyTransportError


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. ``budget`` caps the total time spent waiting between attempts, in seconds."""

    attempts: int = 4
    budget: float = 20.0
    initial_backoff: float = 0.25
    max_backoff: float = 8.0


def is_retryable(exc: BaseException, *, writes: bool) -> bool:
    if isinstance(exc, AshbyRateLimitError):
        return True
    if isinstance(exc, AshbyTransportError):
        return not writes or not exc.reached_server
    # A 5xx or a garbled body may have come after Ashby carried out a write; a read is safe to repeat.
    return not writes and isinstance(exc, AshbyResponseError)


class _Wait:
    """Exponential backoff with jitter, but never shorter than a ``Retry-After`` Ashby asked for."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._backoff = wait_exponential_jitter(
            initial=1,
            multiplier=policy.initial_backoff,
            max=policy.max_backoff,
            jitter=policy.initial_backoff,
        )

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, AshbyRateLimitError) and exc.retry_after is not None:
            return exc.retry_after
        return float(self._backoff(state))


def retrying(policy: RetryPolicy, *, writes: bool) -> AsyncRetrying:
    """A tenacity controller for one logical call; re-raises the last Ashby error when it gives up."""
    return AsyncRetrying(
        retry=retry_if_exception(lambda exc: is_retryable(exc, writes=writes)),
        wait=_Wait(policy),
        stop=stop_after_attempt(policy.attempts) | stop_before_delay(policy.budget),
        reraise=True,
    )
