"""The Home tab (``app_home_opened``) and the notification settings' controls.

Opening Home publishes the person's desk (``Desk.publish``). The settings controls (topics, quiet hours, the
daily digest and the briefing lead time) sit on Home and in the ``/ashby notifications`` reply; a change is
acknowledged at once, saved for the person who made it, then shown: Home is published again, and a message is
replaced with the updated controls. Settings need no Ashby access, so they work while Ashby is down.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ashby.events import Topic
from blocks import notices
from blocks import payloads as p
from blocks.settings import BRIEFING_LEADS, DIGEST_TIMES

from ..desk import settings_message
from ..notify.preferences import NotificationSettings
from ..services import Services
from .replies import STALE_BUTTON, ephemeral

log = logging.getLogger(__name__)

NOT_SAVED = "I couldn't save that change just now. Please try again in a minute."
OUT_OF_DATE = "That setting came back in a form I don't recognise, so nothing was changed."
_TOPICS = {topic.value: topic for topic in Topic}


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def home_opened(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab
        user = event.get("user")
        if isinstance(user, str) and user:
            await services.desk.opened(client, body.get("team_id"), user)

    @app.action(p.NotifyTopics.ACTION)
    async def topics(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond | None,
    ) -> None:
        await ack()
        heard: set[Topic] = set()
        for selected in action.get("selected_options") or []:
            value = selected.get("value") if isinstance(selected, dict) else None
            chosen = p.NotifyTopics.unpack(value) if isinstance(value, str) else None
            topic = _TOPICS.get(chosen.topic) if chosen is not None else None
            if topic is None:
                log.info("the topic checkboxes came back with a value they do not carry")
                await _refresh(services, body, client, respond, None, stale=True)
                return
            heard.add(topic)
        await _change(services, body, client, respond, lambda user: services.desk.hear_only(user, heard))

    desk = services.desk

    def quiet_hours(chosen: p.QuietHours) -> Save:
        return lambda user: desk.set_quiet_hours(user, chosen.end, chosen.hour)

    def digest_time(chosen: p.DigestTime) -> Save | None:
        if chosen.minutes is not None and chosen.minutes not in DIGEST_TIMES:
            return None
        return lambda user: desk.set_digest(user, chosen.minutes)

    def briefing_lead(chosen: p.BriefingLead) -> Save | None:
        if chosen.minutes not in BRIEFING_LEADS:
            return None
        return lambda user: desk.set_briefing(user, chosen.minutes)

    _menu(app, services, p.QuietHours, "quiet-hours", quiet_hours)
    _menu(app, services, p.DigestTime, "daily digest", digest_time)
    _menu(app, services, p.BriefingLead, "briefing", briefing_lead)


Save = Callable[[str], Awaitable[NotificationSettings]]
Choice = TypeVar("Choice", p.QuietHours, p.DigestTime, p.BriefingLead)


def _menu(
    app: AsyncApp, services: Services, payload: type[Choice], what: str, saving: Callable[[Choice], Save | None]
) -> None:
    """One settings menu: the option chosen, checked against what the menu offers, saved for the clicker."""

    @app.action(payload.ACTION)
    async def chosen(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond | None,
    ) -> None:
        await ack()
        choice = payload.unpack(str((action.get("selected_option") or {}).get("value", "")))
        save = saving(choice) if choice is not None else None
        if save is None:
            log.info("the %s menu came back with a value it does not carry", what)
            await _refresh(services, body, client, respond, None, stale=True)
            return
        await _change(services, body, client, respond, save)


async def _change(
    services: Services,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond | None,
    save: Save,
) -> None:
    """Save the change for the person who made it, then show the result where they made it."""
    user = _user(body)
    if user is None:
        return
    try:
        saved: NotificationSettings | None = await save(user)
    except Exception as exc:  # the shared store is down: say so, keep the controls as they were
        log.warning("could not save notification settings: %s", type(exc).__name__)
        saved = None
    await _refresh(services, body, client, respond, saved)


async def _refresh(
    services: Services,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond | None,
    saved: NotificationSettings | None,
    *,
    stale: bool = False,
) -> None:
    """Home is published again (with a line when nothing was saved); a message is replaced with the saved
    settings, or answered with why nothing changed."""
    user = _user(body)
    if user is None:
        return
    if _from_home(body):
        notice = None if saved is not None else (OUT_OF_DATE if stale else NOT_SAVED)
        await services.desk.publish(client, _team(body), user, notice=notice)
    elif respond is not None:
        if saved is not None:
            message = settings_message(saved, digest_default=services.desk.digest_default)
            await respond(**ephemeral(message, replace_original=True))
        else:
            await respond(**ephemeral(STALE_BUTTON if stale else notices.notice(NOT_SAVED)))


def _from_home(body: dict[str, Any]) -> bool:
    view = body.get("view")
    return isinstance(view, dict) and view.get("type") == "home"


def _user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    found = user.get("id") if isinstance(user, dict) else None
    return found if isinstance(found, str) and found else None


def _team(body: dict[str, Any]) -> str | None:
    team = body.get("team")
    found = team.get("id") if isinstance(team, dict) else None
    if isinstance(found, str) and found:
        return found
    user = body.get("user")
    found = user.get("team_id") if isinstance(user, dict) else None
    return found if isinstance(found, str) and found else None
