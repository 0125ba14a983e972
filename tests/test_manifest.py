"""``manifest.yml`` asks Slack for exactly what the code uses: the command, the events, interactivity,
and the OAuth scopes of the Web API methods the bot calls (found by scanning the source).

When a scope check fails, the message names the method, the file and the scope to add or drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "manifest.yml"
#: Where the bot's own Slack calls live; ``bot/loopback`` is the stand-in Slack and its driver, not the bot.
SCANNED = ("handlers", "bot", "ashby")
NOT_SCANNED = ("bot/loopback", "bot/demo")

#: Bot-token scopes per Web API method (https://api.slack.com/methods/<method>). A method the code starts
#: calling that is not here fails the test until someone looks it up and adds it.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth_test": frozenset(),
    "chat_postMessage": frozenset({"chat:write"}),
    "chat_postEphemeral": frozenset({"chat:write"}),
    "chat_update": frozenset({"chat:write"}),
    "chat_delete": frozenset({"chat:write"}),
    "chat_getPermalink": frozenset(),
    # users.info needs users:read; the profile's email (what identity matches on) also needs users:read.email.
    "users_info": frozenset({"users:read", "users:read.email"}),
    "users_lookupByEmail": frozenset({"users:read.email"}),
    "conversations_open": frozenset({"im:write"}),
    "reactions_add": frozenset({"reactions:write"}),
    "views_open": frozenset(),
    "views_update": frozenset(),
    "views_publish": frozenset(),
    "chat_unfurl": frozenset({"links:write"}),
}
#: Slack only grants users:read.email together with users:read.
IMPLIED_SCOPES = {"users:read.email": frozenset({"users:read"})}
#: What each kind of listener needs in the manifest: bot event subscription and scope.
EVENT_SCOPES: dict[str, str | None] = {
    "app_mention": "app_mentions:read",
    "message.im": "im:history",
    "link_shared": "links:read",
    "app_home_opened": None,
}
COMMAND_SCOPE = "commands"

WEB_API_METHODS = frozenset(
    name for name, value in vars(AsyncWebClient).items() if callable(value) and not name.startswith("_")
)
CALL = re.compile(r"\.\s*(?P<method>[A-Za-z_][A-Za-z0-9_]*)\s*\(")
API_CALL = re.compile(r"""\bapi_call\(\s*(?:api_method\s*=\s*)?["'](?P<method>[A-Za-z]+\.[A-Za-z.]+)["']""")
COMMAND = re.compile(r"""@\w+\.command\(\s*["'](?P<name>/[\w-]+)["']""")
EVENT = re.compile(r"""@\w+\.event\(\s*["'](?P<name>\w+)["']""")
ACTION = re.compile(r"@\w+\.(?:action|block_action|view|shortcut|options)\(")


def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "manifest.yml should be a mapping"
    return data


def sources() -> Iterator[tuple[str, str]]:
    """(path relative to the repo, text) of every Python file the bot itself runs."""
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(tuple(f"{skip}/" for skip in NOT_SCANNED)):
                yield relative, path.read_text(encoding="utf-8")


def web_api_calls() -> dict[str, set[str]]:
    """Web API method (``chat_postMessage`` style) -> the files that call it."""
    calls: dict[str, set[str]] = {}
    for relative, text in sources():
        for match in CALL.finditer(text):
            if match["method"] in WEB_API_METHODS:
                calls.setdefault(match["method"], set()).add(relative)
        for match in API_CALL.finditer(text):
            first, *rest = match["method"].split(".")
            method = first + "_" + "_".join(rest)
            calls.setdefault(method, set()).add(relative)
    return calls


def listeners() -> tuple[set[str], set[str], bool]:
    """(slash commands, event types, whether there are interactive listeners) registered in the code."""
    commands: set[str] = set()
    events: set[str] = set()
    interactive = False
    for _, text in sources():
        commands.update(m["name"] for m in COMMAND.finditer(text))
        events.update(m["name"] for m in EVENT.finditer(text))
        interactive = interactive or bool(ACTION.search(text))
    return commands, events, interactive


def bot_events() -> list[str]:
    return list(manifest()["settings"]["event_subscriptions"]["bot_events"])


def test_the_scan_finds_the_known_calls() -> None:
    """Guards the scanner itself: the calls the bot is known to make are found where they are."""
    calls = web_api_calls()
    assert "handlers/listeners/replies.py" in calls.get("chat_postMessage", set()), calls
    assert "handlers/identity.py" in calls.get("users_info", set()), calls
    assert "bot/doctor.py" in calls.get("auth_test", set()), calls
    assert not any(path.startswith(("bot/loopback/", "bot/demo/")) for paths in calls.values() for path in paths), calls


def test_slash_command() -> None:
    """``/ashby`` exists, escapes mentions and channels, and posts to ``/slack/events``."""
    commands = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    assert "/ashby" in commands, f"manifest.yml has no /ashby command: {sorted(commands)}"
    ashby = commands["/ashby"]
    assert ashby.get("should_escape") is True, "/ashby needs should_escape: true so @someone arrives as <@U…>"
    assert ashby["url"].endswith("/slack/events")
    code_commands, _, _ = listeners()
    assert set(commands) == code_commands, f"manifest commands {sorted(commands)} != listeners {sorted(code_commands)}"


def test_request_urls_go_to_slack_events() -> None:
    """Commands, events and interactivity all go to the one endpoint the server serves."""
    data = manifest()
    urls = [c["url"] for c in data["features"]["slash_commands"]]
    urls.append(data["settings"]["event_subscriptions"]["request_url"])
    urls.append(data["settings"]["interactivity"]["request_url"])
    for url in urls:
        assert url.startswith("https://") and url.endswith("/slack/events"), url
    server = (ROOT / "bot" / "server.py").read_text(encoding="utf-8")
    assert '"/slack/events"' in server, "bot/server.py no longer serves /slack/events"


def test_placeholder_count_matches_the_comment() -> None:
    """The header says to replace YOUR-HOST in three places; there are that many."""
    text = MANIFEST.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    said = re.search(r"YOUR-HOST .*\((\w+) places?\)", text)
    assert said, "the header comment should say how many YOUR-HOST placeholders to replace"
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
    assert body.count("YOUR-HOST") == words.get(said[1], -1), f"header says {said[1]}"


def test_bot_events_match_the_listeners() -> None:
    """``app_mention`` and ``message.im`` are subscribed, and each subscription has a listener."""
    events = bot_events()
    assert "app_mention" in events and "message.im" in events, events
    _, code_events, _ = listeners()
    for event in events:
        assert event.split(".")[0] in code_events, f"manifest subscribes to {event} but no listener handles it"
    for event in code_events:
        assert any(e.split(".")[0] == event for e in events), f"a listener handles {event!r}; subscribe to it"


def test_interactivity_is_enabled() -> None:
    """The cards have buttons, so Slack must send their clicks."""
    _, _, interactive = listeners()
    assert interactive, "no @app.action listener found: the scan is out of date"
    assert manifest()["settings"]["interactivity"]["is_enabled"] is True


def test_display_limits() -> None:
    """Slack refuses a manifest whose app name exceeds 35 characters or description 140."""
    info = manifest()["display_information"]
    assert 0 < len(info["name"]) <= 35
    assert 0 < len(info["description"]) <= 140


def needed_scopes() -> dict[str, str]:
    """Scope -> why the code needs it."""
    needed: dict[str, str] = {}
    commands, _, _ = listeners()
    if commands:
        needed[COMMAND_SCOPE] = f"the {', '.join(sorted(commands))} command"
    for event in bot_events():
        scope = EVENT_SCOPES.get(event)
        if scope is not None:
            needed[scope] = f"the {event} event"
    for method, paths in sorted(web_api_calls().items()):
        for scope in METHOD_SCOPES.get(method, frozenset()):
            needed.setdefault(scope, f"{method} in {', '.join(sorted(paths))}")
    for scope, implied in IMPLIED_SCOPES.items():
        if scope in needed:
            for other in implied:
                needed.setdefault(other, f"Slack grants {scope} only with {other}")
    return needed


def test_every_called_method_has_a_known_scope() -> None:
    """A Web API method new to the code must be looked up and added to METHOD_SCOPES above."""
    unknown = {m: sorted(p) for m, p in web_api_calls().items() if m not in METHOD_SCOPES}
    assert not unknown, (
        "the code calls Slack methods this test has no scopes for: "
        + "; ".join(f"{m} (in {', '.join(p)})" for m, p in sorted(unknown.items()))
        + ". Look up each method's bot scopes at https://api.slack.com/methods and add them to METHOD_SCOPES "
        "in tests/test_manifest.py (and to manifest.yml)"
    )


@pytest.mark.parametrize("direction", ["missing", "unused"])
def test_bot_scopes_are_exactly_what_the_code_needs(direction: str) -> None:
    """Every scope the code needs is in the manifest, and the manifest asks for nothing more."""
    asked = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = needed_scopes()
    if direction == "missing":
        missing = {scope: why for scope, why in needed.items() if scope not in asked}
        assert not missing, "add to oauth_config.scopes.bot in manifest.yml: " + "; ".join(
            f"{scope} (needed by {why})" for scope, why in sorted(missing.items())
        )
    else:
        unused = sorted(asked - set(needed))
        assert not unused, (
            f"manifest.yml asks for scopes the code does not use: {', '.join(unused)}. Remove them, or if the code "
            "does need them, teach tests/test_manifest.py where (METHOD_SCOPES or EVENT_SCOPES)"
        )
