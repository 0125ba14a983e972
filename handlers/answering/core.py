"""What every answer is made of, and the rules all kinds of answer share.

An ``Answer`` is up to two messages: ``private`` (ephemeral or DM) shows all the asker may see; ``public``
(a channel thread) never shows confidential jobs, contact details, salaries or feedback text — those go
privately to the asker instead. The routing helpers (``to``, ``privately``, ``confidential_here``) and the
turning of refusals and Ashby failures into answers (``guarded``, ``ashby_problem``, ``refusal``) live here,
apart from any one kind of answer, so every kind applies them the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ashby import errors
from ashby.index import CandidateIndex
from ashby.queries import Lookup, NotVisible, Recruiting, is_confidential
from blocks import notices

from ..directory import SlackDirectory
from ..identity import Asker

log = logging.getLogger(__name__)

Surface = Literal["private", "public"]
Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Answer:
    """``public`` goes to the channel thread (mentions only); ``private`` only to the asker."""

    private: Message | None = None
    public: Message | None = None
    #: The answer replaces the card whose button was pressed (e.g. an approval card once approved).
    replaces_card: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    surface: Surface
    #: Resolves another Slack user (``/ashby interviews @dana``) to their Ashby viewer, when possible.
    lookup_slack_user: Callable[[str], Awaitable[Asker]] | None = None


PRIVATE = Place("private")


@dataclass(frozen=True, slots=True)
class Sources:
    """Where every kind of answer reads from: Ashby's data (cached), the candidate index, and the time."""

    recruiting: Recruiting
    index: CandidateIndex
    clock: Callable[[], datetime]
    #: Slack users behind Ashby people, so cards can @-mention whom they ask to act.
    directory: SlackDirectory


def to(place: Place, message: Message, *, safe: bool) -> Answer:
    """``message`` where it was asked when it is ``safe`` for there, else privately with a note in public."""
    if place.surface == "private":
        return Answer(private=message)
    if safe:
        return Answer(public=message)
    return Answer(private=message, public=notices.notice("I've sent you the answer privately."))


def privately(answer: Answer) -> Answer:
    return Answer(private=answer.private, public=notices.notice("I've sent you the answer privately."))


async def confidential_here(recruiting: Recruiting, found: Lookup, place: Place) -> bool:
    """True in a channel when any of the candidate's applications the asker sees is on a confidential job:
    then even their name goes to the asker privately, as with their card."""
    if place.surface != "public":
        return False
    jobs = await recruiting.reference.jobs()
    return any(is_confidential(jobs.get(app.job.id)) for app in found.applications)


def refusal(asker: Asker) -> Answer:
    return Answer(private=asker.no_access())


async def guarded(work: Awaitable[Answer]) -> Answer:
    """Run ``work``; access refusals and Ashby failures become answers, not exceptions."""
    try:
        return await work
    except NotVisible:
        return Answer(private=notices.not_allowed("Your Ashby access doesn't include that."))
    except errors.AshbyError as exc:
        log.warning("ashby error while answering: %s", _safe(exc))
        return Answer(private=ashby_problem(exc))


def _safe(exc: errors.AshbyError) -> str:
    return f"{type(exc).__name__} {getattr(exc, 'code', '')} request_id={exc.request_id}"


def ashby_problem(exc: errors.AshbyError) -> Message:
    """What happened and what to do, in words a recruiter (or their admin) can act on."""
    ref = f" (Ashby request id {exc.request_id})" if exc.request_id else ""
    if isinstance(exc, errors.AshbyAuthError):
        if exc.permission:
            return notices.ashby_unavailable(
                f"The bot's Ashby API key is missing the *{exc.permission}* permission{ref}.",
                "Ask your Ashby admin to tick it under Admin → Integrations → API Keys.",
            )
        return notices.ashby_unavailable(
            f"Ashby refused the bot's API key{ref}.",
            "Ask your Slack admin to check ASHBY_API_KEY (`ashby-bot doctor`).",
        )
    if isinstance(exc, errors.AshbyRateLimitError):
        wait = f"in about {int(exc.retry_after) + 1} seconds" if exc.retry_after else "in a minute"
        return notices.ashby_unavailable("Ashby is busy and asked us to slow down.", f"Try again {wait}.")
    if isinstance(exc, errors.AshbyTimeout):
        return notices.ashby_unavailable("Ashby didn't answer in time.", "Try again in a minute.")
    if isinstance(exc, errors.AshbyTransportError):
        return notices.ashby_unavailable(
            "I couldn't reach Ashby.", "Try again in a minute; if it persists, tell your Slack admin."
        )
    if isinstance(exc, errors.AshbyServerError | errors.AshbyResponseError):
        return notices.ashby_unavailable(f"Ashby had a problem answering{ref}.", "Try again in a minute.")
    if isinstance(exc, errors.AshbyNotFoundError):
        return notices.notice("Ashby couldn't find that record — it may have been deleted or you may lack access.")
    return notices.ashby_unavailable(f"Ashby said: {exc.message}{ref}.", "Try again, or open it in Ashby.")
