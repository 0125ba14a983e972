"""The Slack Web API methods the bot calls, answered the way Slack answers them, against a :class:`Workspace`.

Each method takes the request's decoded payload and returns the body that goes after ``"ok": true``, or raises
:class:`SlackError` with Slack's error code. Transport (tokens, HTTP, faults) stays in ``local_slack``; the
Block Kit and length checks here are shared with ``response_url`` replies, which Slack holds to the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from blocks.limits import validate_message, validate_view

from .workspace import JsonDict, LocalChannel, LocalSlackUser, SlackError, SlackMessage, SlackUnfurl, Workspace

MAX_TEXT_HARD = 40_000  # Slack refuses longer text outright ("msg_too_long")
#: ``link_shared``'s channel for links still in the message composer.
COMPOSER = "COMPOSER"
UNFURL_SOURCES = ("composer", "conversations_history")

Method = Callable[[JsonDict], JsonDict]


class WebApiMethods:
    """``auth.test``, ``users.*``, ``conversations.*``, ``chat.*`` (``chat.unfurl`` too), ``views.*`` and
    ``reactions.add``."""

    def __init__(self, workspace: Workspace, base_url: Callable[[], str]) -> None:
        self._ws = workspace
        self._base_url = base_url  # known only once the server is listening
        self.methods: dict[str, Method] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.unfurl": self._chat_unfurl,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "reactions.add": self._reactions_add,
        }

    def _auth_test(self, _: JsonDict) -> JsonDict:
        ws = self._ws
        return {
            "url": self._base_url(),
            "team": "Local Workspace",
            "user": ws.users[ws.bot_user_id].name,
            "team_id": ws.team_id,
            "user_id": ws.bot_user_id,
            "bot_id": ws.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, payload: JsonDict) -> JsonDict:
        return {"user": self._user_json(self._ws.user(payload.get("user")))}

    def _users_lookup_by_email(self, payload: JsonDict) -> JsonDict:
        email = str(payload.get("email") or "").casefold()
        for user in self._ws.users.values():
            if email and user.email is not None and user.email.casefold() == email:
                return {"user": self._user_json(user)}
        raise SlackError("users_not_found")

    def _conversations_info(self, payload: JsonDict) -> JsonDict:
        channel = self._ws.channels.get(str(payload.get("channel")))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"channel": _channel_json(channel)}

    def _conversations_open(self, payload: JsonDict) -> JsonDict:
        users = [u for u in str(payload.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        if len(users) > 1:
            raise SlackError("not_supported_by_local_slack")  # group DMs: the bot only opens 1:1 DMs
        user = self._ws.user(users[0])
        existed = self._ws.has_im(user.id)
        channel_id = self._ws.open_im(user.id)
        return {"no_op": existed, "already_open": existed, "channel": {"id": channel_id}}

    def _chat_post_message(self, payload: JsonDict) -> JsonDict:
        channel = self._ws.resolve_channel(payload.get("channel"))
        text, blocks = checked_message(payload)
        thread_ts = opt_str(payload.get("thread_ts"))
        ts, message = self._ws.post(channel, text, blocks, thread_ts)
        self._ws.show(SlackMessage("message", channel, text, blocks, ts=ts, thread_ts=thread_ts))
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, payload: JsonDict) -> JsonDict:
        channel = self._ws.resolve_channel(payload.get("channel"))
        user = self._ws.user(payload.get("user"))
        text, blocks = checked_message(payload)
        ts = self._ws.next_ts()
        thread_ts = opt_str(payload.get("thread_ts"))
        self._ws.show(SlackMessage("ephemeral", channel, text, blocks, ts=ts, thread_ts=thread_ts, user=user.id))
        return {"message_ts": ts}

    def _chat_update(self, payload: JsonDict) -> JsonDict:
        channel, ts, message = self._ws.find_message(payload, "ts")
        # Slack keeps the old blocks when none are sent; the text is always replaced.
        update = {"text": payload.get("text", ""), "blocks": payload.get("blocks", message.get("blocks", []))}
        text, blocks = checked_message(update)
        message.update(text=text, blocks=blocks, edited={"user": self._ws.bot_user_id, "ts": self._ws.next_ts()})
        thread_ts = opt_str(message.get("thread_ts"))
        self._ws.show(SlackMessage("update", channel, text, blocks, ts=ts, thread_ts=thread_ts))
        return {"channel": channel, "ts": ts, "text": text, "message": message}

    def _chat_delete(self, payload: JsonDict) -> JsonDict:
        channel, ts, _ = self._ws.find_message(payload, "ts")
        del self._ws.posted[(channel, ts)]
        return {"channel": channel, "ts": ts}

    def _chat_get_permalink(self, payload: JsonDict) -> JsonDict:
        channel, ts, _ = self._ws.find_message(payload, "message_ts")
        return {"channel": channel, "permalink": f"{self._base_url()}archives/{channel}/p{ts.replace('.', '')}"}

    def _chat_unfurl(self, payload: JsonDict) -> JsonDict:
        """Cards under the links of a posted message (``channel`` + ``ts``) or of a link still in the composer
        (``unfurl_id`` + ``source``). The message was posted by a person, not the bot, so it is not looked up;
        the channel must exist. Every card is checked before any is attached."""
        channel, ts = opt_str(payload.get("channel")), opt_str(payload.get("ts"))
        unfurl_id, source = opt_str(payload.get("unfurl_id")), opt_str(payload.get("source"))
        key: tuple[str, str]
        if channel is not None or ts is not None:
            if channel is None:
                raise SlackError("missing_channel")
            if ts is None:
                raise SlackError("missing_ts")
            if channel not in self._ws.channels:
                raise SlackError("cannot_find_channel")
            key, where = (channel, ts), channel
        elif unfurl_id is not None or source is not None:
            if unfurl_id is None:
                raise SlackError("missing_unfurl_id")
            if source is None:
                raise SlackError("missing_source")
            if source not in UNFURL_SOURCES:
                raise SlackError("invalid_source")
            key, where = ("unfurl", unfurl_id), COMPOSER if source == "composer" else ""
        else:
            raise SlackError("missing_channel")
        cards = [
            SlackUnfurl(url, where, ts, blocks, unfurl_id=unfurl_id, source=source)
            for url, blocks in _checked_unfurls(payload.get("unfurls"))
        ]
        for card in cards:
            self._ws.unfurl(key, card)
        return {}

    def _views_open(self, payload: JsonDict) -> JsonDict:
        trigger_id = opt_str(payload.get("trigger_id"))
        if not trigger_id:
            raise SlackError("invalid_trigger_id")
        if trigger_id in self._ws.used_triggers:
            raise SlackError("exchanged_trigger_id")
        view = checked_view(payload.get("view"))
        self._ws.used_triggers.add(trigger_id)
        return {"view": self._ws.store_view(view, self._ws.new_view_id())}

    def _views_update(self, payload: JsonDict) -> JsonDict:
        ws = self._ws
        view_id = opt_str(payload.get("view_id")) or ws.external_views.get(str(payload.get("external_id")))
        if view_id is None or view_id not in ws.views:
            raise SlackError("not_found")
        self._check_hash(view_id, payload)
        return {"view": ws.store_view(checked_view(payload.get("view")), view_id)}

    def _views_publish(self, payload: JsonDict) -> JsonDict:
        user = self._ws.user(payload.get("user_id"))
        view = checked_view(payload.get("view"))
        if view.get("type") != "home":
            raise SlackError("invalid_arguments", errors=["type: views.publish takes a home view"])
        view_id = self._ws.home_views.get(user.id)
        if view_id is not None:
            self._check_hash(view_id, payload)
        view_id = view_id or self._ws.new_view_id()
        self._ws.home_views[user.id] = view_id
        return {"view": self._ws.store_view(view, view_id)}

    def _reactions_add(self, payload: JsonDict) -> JsonDict:
        _, _, message = self._ws.find_message(payload, "timestamp")
        name = opt_str(payload.get("name"))
        if not name:
            raise SlackError("invalid_name")
        reactions: list[JsonDict] = message.setdefault("reactions", [])
        if any(r["name"] == name for r in reactions):
            raise SlackError("already_reacted")
        reactions.append({"name": name, "users": [self._ws.bot_user_id], "count": 1})
        return {}

    def _check_hash(self, view_id: str, payload: JsonDict) -> None:
        expected = opt_str(payload.get("hash"))
        if expected is not None and expected != self._ws.views[view_id]["hash"]:
            raise SlackError("hash_conflict")

    def _user_json(self, user: LocalSlackUser) -> JsonDict:
        team_id = self._ws.team_id
        profile: JsonDict = {"real_name": user.real_name, "display_name": user.name, "team": team_id}
        if user.email is not None:
            profile["email"] = user.email
        if user.is_bot:
            profile["bot_id"] = self._ws.bot_id
        return {
            "id": user.id,
            "team_id": team_id,
            "name": user.name,
            "deleted": user.deleted,
            "real_name": user.real_name,
            "tz": user.tz,
            "tz_offset": user.tz_offset,
            "is_bot": user.is_bot,
            "is_admin": False,
            "is_app_user": False,
            "profile": profile,
        }


def _channel_json(channel: LocalChannel) -> JsonDict:
    if channel.is_im:
        # Slack's IM objects carry no name and no is_private: privacy checks must look at is_im too.
        im: JsonDict = {"id": channel.id, "is_im": True, "is_channel": False, "is_group": False}
        im.update(is_mpim=False, is_open=True, user=channel.name, is_user_deleted=False)
        return im
    legacy_group = channel.is_private and channel.id.startswith("G")
    return {
        "id": channel.id,
        "name": channel.name,
        "is_channel": not legacy_group,
        "is_group": legacy_group,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "is_archived": False,
        "is_general": False,
        "is_member": True,
    }


def checked_message(payload: Mapping[str, Any], *, status: int = 200) -> tuple[str, list[JsonDict]]:
    """The text and blocks of a message Slack would accept, else Slack's error for it."""
    text, blocks = payload.get("text"), payload.get("blocks")
    if not text and not blocks and not payload.get("attachments"):
        raise SlackError("no_text", status=status)
    if isinstance(text, str) and len(text) > MAX_TEXT_HARD:
        raise SlackError("msg_too_long", status=status)
    errors = validate_message(payload)
    if errors:
        raise SlackError("invalid_blocks", status=status, errors=errors)
    return str(text), list(blocks or [])


def _checked_unfurls(unfurls: object) -> list[tuple[str, list[JsonDict]]]:
    """(URL, blocks) of each card of ``chat.unfurl``'s ``unfurls`` map, else Slack's error for it."""
    if unfurls is None:
        raise SlackError("missing_unfurls")
    if isinstance(unfurls, str):  # form-encoded: a JSON string
        try:
            unfurls = json.loads(unfurls)
        except ValueError:
            raise SlackError("invalid_unfurls_format") from None
    if not isinstance(unfurls, dict) or not unfurls:
        raise SlackError("invalid_unfurls_format")
    cards = []
    for url, card in unfurls.items():
        if not isinstance(url, str) or not url.strip() or not isinstance(card, dict):
            raise SlackError("invalid_unfurls_format")
        blocks = card.get("blocks")
        if not isinstance(blocks, list) or not blocks:
            raise SlackError("cannot_parse_attachment")  # the local Slack takes block unfurls only
        errors = validate_message({"text": "unfurl", "blocks": blocks})
        if errors:
            raise SlackError("invalid_blocks", errors=errors)
        cards.append((url, blocks))
    return cards


def checked_view(view: object) -> JsonDict:
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", errors=["view: missing"])
    errors = validate_view(view)
    if errors:
        raise SlackError("invalid_arguments", errors=errors)
    return view


def truthy(value: object) -> bool:
    return value is True or value == "true"


def opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
