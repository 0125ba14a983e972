"""``ashby-bot doctor``: check the settings, the Ashby key, the Slack token and Redis, and say how to fix
whatever is wrong — the ten-minute admin's first stop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ashby.client import AshbyClient
from ashby.errors import AshbyAuthError, AshbyError
from ashby.registry import permission_to_scope
from ashby.store import RedisStore
from handlers.webhooks import LAST_WEBHOOK_KEY

from .settings import Settings, SettingsError, load_settings

#: What the bot reads, and what its write actions need.
READ_PERMISSIONS = (
    "candidatesRead",
    "jobsRead",
    "interviewsRead",
    "hiringProcessMetadataRead",
    "organizationRead",
    "offersRead",
    "approvalsRead",
)
WRITE_PERMISSIONS = ("candidatesWrite", "offersWrite", "hiringProcessMetadataWrite")

Report = Callable[[bool, str], None]


def run(print_line: Callable[[str], None] = print) -> int:
    problems = 0

    def report(ok: bool, line: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        print_line(f"{'✓' if ok else '✗'} {line}")

    try:
        settings = load_settings(require=("SLACK_BOT_TOKEN", "ASHBY_API_KEY"))
    except SettingsError as exc:
        for problem in exc.problems:
            report(False, problem)
        return 1
    report(True, "settings are complete")
    if not settings.socket_mode and not settings.SLACK_SIGNING_SECRET:
        report(False, "SLACK_SIGNING_SECRET is missing: HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)")
    asyncio.run(_checks(settings, report))
    print_line("All good." if problems == 0 else f"{problems} problem(s) to fix.")
    return 0 if problems == 0 else 1


async def _checks(settings: Settings, report: Report) -> None:
    assert settings.ASHBY_API_KEY and settings.SLACK_BOT_TOKEN, "checked by load_settings"
    async with AshbyClient(settings.ASHBY_API_KEY.get_secret_value(), base_url=settings.ASHBY_API_URL) as ashby:
        try:
            info = await ashby.api_key_info()
        except AshbyAuthError as exc:
            report(False, f"Ashby refused the API key ({exc.code}): create a key under Admin → Integrations → API Keys")
        except AshbyError as exc:
            report(False, f"Ashby at {settings.ASHBY_API_URL} did not answer usefully: {exc}")
        else:
            scopes = set(info.scopes)
            missing_read = [p for p in READ_PERMISSIONS if permission_to_scope(p) not in scopes]
            missing_write = [p for p in WRITE_PERMISSIONS if permission_to_scope(p) not in scopes]
            report(
                not missing_read,
                f"Ashby key {info.title or ''!r} reads: "
                + (
                    ", ".join(missing_read) + " missing — tick them on the key"
                    if missing_read
                    else "all needed permissions"
                ),
            )
            if missing_write:
                report(
                    True,
                    "Ashby key cannot write ("
                    + ", ".join(missing_write)
                    + "): actions from Slack will be refused until you tick them",
                )
    slack = AsyncWebClient(token=settings.SLACK_BOT_TOKEN.get_secret_value(), base_url=settings.SLACK_API_URL)
    try:
        auth = await slack.auth_test()
        report(True, f"Slack token works for workspace {auth.get('team')!r} as @{auth.get('user')}")
    except SlackApiError as exc:
        report(
            False,
            f"Slack refused the bot token ({exc.response.get('error')}): reinstall the app and copy the xoxb- token",
        )
    except Exception as exc:  # network errors: name them, no traceback
        report(False, f"could not reach Slack at {settings.SLACK_API_URL}: {type(exc).__name__}")
    if settings.REDIS_URL:
        store = RedisStore(settings.REDIS_URL)
        try:
            await store.set("doctor", "ok", ttl=10)
            report(True, "Redis answers")
            last = await store.get(LAST_WEBHOOK_KEY)
            if settings.ASHBY_WEBHOOK_SECRET is not None:
                report(True, _last_webhook(last))
        except Exception as exc:
            report(
                False, f"Redis at REDIS_URL did not answer ({type(exc).__name__}): check the URL and that Redis runs"
            )
        finally:
            await store.aclose()
    else:
        report(True, "no REDIS_URL: state is kept in this process (fine for one instance)")
    report(True, event_path(settings))


def event_path(settings: Settings) -> str:
    """Where Ashby's news comes from, in one line."""
    if not settings.NOTIFICATIONS_ENABLED:
        return "notifications are off (NOTIFICATIONS_ENABLED=false): events only refresh the caches"
    every = f"{settings.INDEX_REFRESH_SECONDS:g} s"
    if settings.ASHBY_WEBHOOK_SECRET is not None:
        return (
            "events: Ashby webhooks at POST /ashby/webhook (notifications within seconds), with the syncs every "
            f"{every} as a safety net. In Ashby: Admin → Integrations → Webhooks, one per event, same secret"
        )
    return (
        f"events: from the syncs every {every} (no ASHBY_WEBHOOK_SECRET): notifications arrive up to {every} late; "
        "set up Ashby webhooks for instant ones"
    )


def _last_webhook(stamp: bytes | None) -> str:
    if stamp is None:
        return "no Ashby webhook has arrived yet: check the webhook URL and secret in Ashby"
    minutes = max(0.0, time.time() - float(stamp)) / 60
    return f"last Ashby webhook arrived {minutes:.0f} min ago"
