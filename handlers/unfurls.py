"""Ashby links pasted in Slack, unfurled into a compact card for the conversation they were pasted in.

``parse_link`` recognises app.ashbyhq.com candidate, application and job links (tolerant of the shapes
Ashby's app and people produce: ``profileUrl``'s ``/candidate-searches/.../candidates/<id>``, tabs, trailing
slashes, query strings, fragments). ``Unfurler`` turns the links of one message into the cards to attach,
with the same rules as every other answer:

- what the person who pasted the link may see (``Viewer``, via the cached ``Recruiting`` readers);
- where: only the bot's own DM with that person is ``private``; every other conversation (a channel, a DM
  between people, the message composer) is ``public``, where the rules of a channel thread apply: no
  confidential job or candidate (``CandidateCard.confidential``, unknown jobs count as confidential), no
  contact details, no feedback;
- a link that names nothing the person may see here, or that Ashby cannot answer for, is simply not unfurled
  (never an error in the conversation); Ashby failures are logged with ids and codes only.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from ashby import errors
from ashby.access import Viewer
from ashby.index import CandidateIndex
from ashby.queries import NotVisible, Recruiting
from ashby.views import ApplicationView, CandidateCard
from blocks import unfurls as unfurl_blocks
from blocks.common import Message

from .answering.core import Surface

log = logging.getLogger(__name__)

#: The host Ashby's web app lives on (the manifest's ``unfurl_domains``).
ASHBY_HOST = "app.ashbyhq.com"
#: At most this many links of one message are unfurled (Slack sends every matching link of the message).
MAX_LINKS = 10

LinkKind = Literal["candidate", "application", "job"]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
#: Query parameters that name an application on a candidate page.
_APPLICATION_PARAMS = ("applicationId", "application_id", "application")

#: What Slack's ``chat.unfurl`` takes for one URL.
Unfurl = dict[str, Any]


@dataclass(frozen=True, slots=True)
class AshbyLink:
    """One recognised link: ``id`` is the candidate, application or job id (lower case, as Ashby writes them);
    an application link may also name its candidate."""

    url: str
    kind: LinkKind
    id: str
    candidate_id: str | None = None


def parse_link(url: str) -> AshbyLink | None:
    """The Ashby record ``url`` points at, or None when it is not an app.ashbyhq.com record link.

    Recognised over http or https, whatever the host's case, with or without a trailing slash, query string
    or fragment:

    - candidates: ``/candidates/<uuid>`` anywhere in the path (``/candidates/<id>/feedback``,
      ``/candidate-searches/new/right-side/candidates/<id>`` as in Ashby's ``profileUrl``);
    - applications: ``/applications/<uuid>`` anywhere in the path, or a candidate link with
      ``?applicationId=<uuid>`` (on a candidate link, usually);
    - jobs: ``/jobs/<uuid>`` anywhere in the path (``/jobs/<id>/pipeline``), when no candidate or
      application is named (a candidate opened from a job's pipeline is that candidate).

    A single-page-app fragment (``#/candidates/<id>``) is read like a path when the path names nothing.
    """
    raw = _unwrap(url)
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").rstrip(".").casefold()
    except ValueError:  # e.g. a malformed port or IPv6 literal
        return None
    if parts.scheme.casefold() not in ("http", "https") or host != ASHBY_HOST:
        return None
    found = _record(parts.path, parts.query)
    if found is None and parts.fragment:
        fragment = urlsplit(parts.fragment if parts.fragment.startswith("/") else "/" + parts.fragment)
        found = _record(fragment.path, fragment.query)
    if found is None:
        return None
    kind, record_id, candidate_id = found
    return AshbyLink(url=url, kind=kind, id=record_id, candidate_id=candidate_id)


def _unwrap(url: str) -> str:
    """A URL as Slack may write it in text (``<url|label>``, ``&amp;``) back to the URL itself."""
    text = url.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    return text.replace("&amp;", "&")


def _record(path: str, query: str) -> tuple[LinkKind, str, str | None] | None:
    segments = [unquote(segment).strip() for segment in path.split("/") if segment.strip()]
    candidate = _after(segments, "candidates")
    application = _after(segments, "applications") or _query_id(query)
    job = _after(segments, "jobs")
    if application is not None:
        return "application", application, candidate
    if candidate is not None:
        return "candidate", candidate, None
    if job is not None:
        return "job", job, None
    return None


def _after(segments: list[str], name: str) -> str | None:
    """The id right after the last ``name`` segment that is followed by one."""
    found = None
    for before, value in itertools.pairwise(segments):
        if before.casefold() == name and _UUID.fullmatch(value):
            found = value.lower()
    return found


def _query_id(query: str) -> str | None:
    try:
        params = parse_qs(query, keep_blank_values=False)
    except ValueError:
        return None
    wanted = {name.casefold() for name in _APPLICATION_PARAMS}
    for name, values in params.items():
        if name.casefold() in wanted:
            for value in values:
                if _UUID.fullmatch(value.strip()):
                    return value.strip().lower()
    return None


def parse_links(urls: Iterable[str]) -> list[AshbyLink]:
    """The recognised links among ``urls``, each URL once, at most ``MAX_LINKS``."""
    seen: set[str] = set()
    links = []
    for url in urls:
        if not isinstance(url, str) or url in seen:
            continue
        seen.add(url)
        link = parse_link(url)
        if link is not None:
            links.append(link)
        if len(links) >= MAX_LINKS:
            break
    return links


class Unfurler:
    """The cards for the Ashby links of one message, as the person who pasted them may show them there."""

    def __init__(self, recruiting: Recruiting, index: CandidateIndex) -> None:
        self.recruiting = recruiting
        self.index = index

    async def unfurls(self, links: Iterable[AshbyLink], viewer: Viewer, surface: Surface) -> dict[str, Unfurl]:
        """``{url: {"blocks": [...]}}`` for the links that may be unfurled here; the others are left out."""
        chosen = list(links)
        cards = await asyncio.gather(*(self.card(link, viewer, surface) for link in chosen))
        return {link.url: {"blocks": card["blocks"]} for link, card in zip(chosen, cards, strict=True) if card}

    async def card(self, link: AshbyLink, viewer: Viewer, surface: Surface) -> Message | None:
        """The card for one link, or None: not visible to ``viewer``, not for this ``surface``, unknown, or
        Ashby could not answer (logged without data)."""
        try:
            if link.kind == "job":
                return await self._job(link.id, viewer, surface)
            if link.kind == "application":
                return await self._application(link, viewer, surface)
            return await self._candidate(link.id, viewer, surface)
        except NotVisible:
            return None
        except errors.AshbyNotFoundError:
            return None
        except errors.AshbyError as exc:
            log.warning("could not unfurl a %s link: %s", link.kind, _safe(exc))
            return None
        except Exception as exc:  # one broken link never costs the others their cards
            log.error("could not unfurl a %s link: %s", link.kind, type(exc).__name__, exc_info=exc)
            return None

    async def _candidate(self, candidate_id: str, viewer: Viewer, surface: Surface) -> Message | None:
        card = await self._card(candidate_id, viewer, surface)
        if card is None:
            return None
        current = card.applications[0] if card.applications else None
        return self._candidate_card(card, current, surface)

    async def _application(self, link: AshbyLink, viewer: Viewer, surface: Surface) -> Message | None:
        application = await self.recruiting.application(link.id)
        if link.candidate_id is not None and link.candidate_id != application.candidate.id.lower():
            return None  # a link that names another candidate's application: not what it claims to be
        card = await self._card(application.candidate.id, viewer, surface)
        if card is None:
            return None
        # Only applications the viewer may see are on the card (``Viewer.can_see_application``).
        chosen = next((app for app in card.applications if app.id == application.id), None)
        if chosen is None:
            return None
        return self._candidate_card(card, chosen, surface)

    async def _card(self, candidate_id: str, viewer: Viewer, surface: Surface) -> CandidateCard | None:
        """The candidate card ``viewer`` may see, None when it may not be shown on ``surface``: in public, a
        candidate with any (visible) application on a confidential job is not shown at all, as their card
        is not (``handlers.answering.candidates``)."""
        known = [(app.id, app.status) for app in self.index.applications_of(candidate_id)]
        card = await self.recruiting.candidate_card(candidate_id, viewer, known=known)
        if surface == "public" and card.confidential:
            return None
        return card

    def _candidate_card(self, card: CandidateCard, application: ApplicationView | None, surface: Surface) -> Message:
        private = surface == "private"
        return unfurl_blocks.candidate_unfurl(
            card,
            application,
            show_contact=private,
            show_feedback=private,
        )

    async def _job(self, job_id: str, viewer: Viewer, surface: Surface) -> Message | None:
        job = await self.recruiting.reference.job(job_id)
        if job is None or not viewer.can_see_job(job):
            return None
        if surface == "public" and job.confidential:
            return None
        view = await self.recruiting.pipeline(job_id, viewer)
        if surface == "public" and view.job.confidential:
            return None
        return unfurl_blocks.job_unfurl(view)


def _safe(exc: errors.AshbyError) -> str:
    """An Ashby failure for the log: its type, code and request id, never its message or the record."""
    return f"{type(exc).__name__} {getattr(exc, 'code', '')} request_id={exc.request_id}".replace("  ", " ")
